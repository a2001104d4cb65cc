/// What a step of a runbook does by hand, as a value: the part of the recovery no cmdlet does (installing a
/// computer again, editing the topology in Topology Builder, running Setup). A step's `manual` lines say it in
/// words; these say it to `RunbookReplay`, which replays a plan before it is printed.
public enum RunbookAction: Sendable, Hashable {
    /// Install Windows Server (and SQL Server with the same instance names) again on a computer of the same
    /// FQDN, joined to the domain under its kept computer account.
    case rebuild(computer: String)
    /// In Topology Builder, make a store's surviving mirror its primary (and the lost primary its mirror), then
    /// publish: the roles swap.
    case makeMirrorPrimary(storeServiceID: String)
    /// Run the Lync Server Deployment Wizard (Setup) on a computer: local databases, services, certificates, and
    /// on a Standard Edition server the databases of its collocated SQL Server Express instance.
    case deploymentWizard(computer: String)
    /// On a rebuilt Standard Edition server that held the active Central Management store: "Prepare first
    /// Standard Edition server" installs SQL Server Express and an empty Central Management store.
    case prepareFirstStandardEditionServer(computer: String)
}

/// When a command of a runbook runs only if the deployment is in a given state, checked when it runs (in the
/// script, as code). Kept in one place: the script renderer writes the check, and `RunbookReplay` skips the
/// command when the check would.
public enum RunCondition: Sendable, Hashable {
    /// The mirror of the pool's databases of this type is not principal yet (`Get-CsDatabaseMirrorState` shows
    /// `StateOnMirror` other than `Principal`): a failover has not happened, automatically or by hand.
    case mirrorNotPrincipal(pool: String, databaseType: String)

    /// The condition a command runs under, or nil for a command that always runs.
    public static func of(_ command: PowerShellCommand) -> RunCondition? {
        guard command.cmdlet == "Invoke-CsDatabaseFailover",
              case .fqdn(let pool)? = command.value(of: "PoolFqdn"),
              case .text(let type)? = command.value(of: "DatabaseType"),
              case .text(let principal)? = command.value(of: "NewPrincipal"), principal.lowercased() == "mirror" else { return nil }
        return .mirrorNotPrincipal(pool: pool, databaseType: type)
    }
}

extension PowerShellCommand {
    /// True for a command that only reads (`Get-`, `Test-`, and the exports, which write a file but change
    /// nothing in the deployment).
    public var isReadOnly: Bool {
        let verb = cmdlet.split(separator: "-").first.map { $0.lowercased() } ?? ""
        return verb == "get" || verb == "test" || verb == "export" || verb == "debug"
    }
}
