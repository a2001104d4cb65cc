/// The advice of the diff's publish impact: what a change needs beyond the publish itself (a cmdlet to run first,
/// servers that restart, Setup to run, data that does not move), one `DiffWarning` each. The comparison
/// (`DiffComparison`) calls these as it meets the changes, so the warnings come in the order of the changes.
extension DiffComparison {
    mutating func warnNewPool(_ cluster: Cluster) {
        let servers = cluster.machines.map(\.fqdn)
        warnings.append(DiffWarning(
            rule: "DIFF008", severity: .note, entity: .pool, id: cluster.fqdn,
            message: "\(cluster.fqdn) is new: after the publish, run Lync Server Setup (the Deployment Wizard) on \(servers.isEmpty ? "its servers" : servers.joined(separator: ", ")) and assign their certificates"))
    }

    mutating func warnRenamed(_ before: Cluster, _ after: Cluster) {
        let message: String
        switch after.kind {
        case .sql:
            message = "SQL Server \(before.fqdn) becomes \(after.fqdn): the stores on it move to a server where their databases do not exist yet; the publish creates them empty, so back up their data from \(before.fqdn) and restore it on \(after.fqdn) after the publish"
        case .enterprise, .standard, .edge, .other:
            message = "the FQDN of \(before.fqdn) changes to \(after.fqdn): a publish cannot rename a pool or server; deploy \(after.fqdn) as a new pool (Setup, certificates, DNS), move users and services to it, then remove \(before.fqdn)"
        case .file:
            message = "file server \(before.fqdn) becomes \(after.fqdn): create the share on \(after.fqdn) and copy its content before publishing"
        }
        warnings.append(DiffWarning(rule: "DIFF001", severity: .warning, entity: .pool, id: after.fqdn, message: message))
    }

    mutating func warnMachineJoins(_ machine: Machine, _ pool: Cluster) {
        warnings.append(DiffWarning(
            rule: "DIFF008", severity: .note, entity: .machine, id: machine.fqdn,
            message: "\(machine.fqdn) joins \(pool.fqdn): after the publish, run Lync Server Setup (the Deployment Wizard) on it and assign its certificates"))
    }

    static func poolsRestarting(_ consumers: [String]) -> String {
        consumers.isEmpty ? "every Front End that uses the store restarts" : "every Front End of \(consumers.joined(separator: ", ")) restarts"
    }

    mutating func warnMirrorAdded(_ store: Store) {
        warnings.append(DiffWarning(
            rule: "DIFF003", severity: .warning, entity: .mirror, id: store.displayName,
            message: "mirroring of \(store.displayName) on \(store.mirror.map(Self.location) ?? "?") is set up by the publish (the Create Mirror Database page, which needs a file share the primary writes and the mirror reads); after the mirroring change \(Self.poolsRestarting(store.consumers))"))
    }

    /// A mirror removed or moved: it must be uninstalled from the primary (as the old topology has it) first.
    mutating func warnMirrorRemoved(_ store: Store, from mirror: StoreEndpoint, to replacement: StoreEndpoint?, consumers: [String]) {
        var message = replacement.map { "the mirror of \(store.displayName) moves from \(Self.location(mirror)) to \(Self.location($0))" }
            ?? "the mirror of \(store.displayName) on \(Self.location(mirror)) is removed"
        if store.witness != nil { message += " (its witness goes with it)" }
        message += ": before publishing, run Uninstall-CsMirrorDatabase against the primary \(Self.location(store.sqlServer, store.instance))"
        if replacement != nil { message += ", then let the publish create the new mirror (Create Mirror Database)" }
        message += "; after the mirroring change \(Self.poolsRestarting(consumers))"
        let commands = Self.uninstallMirrorCommands(store, message: &message)
        warnings.append(DiffWarning(rule: "DIFF002", severity: .warning, entity: .mirror, id: store.displayName,
                                    message: message, commands: commands))
    }

    mutating func warnWitnessChanged(_ store: Store, _ change: TopologyChange) {
        let what: String
        switch change.kind {
        case .added: what = "gets the witness \(change.new ?? "?")"
        case .removed: what = "loses its witness \(change.old ?? "?")"
        case .changed: what = "moves its witness from \(change.old ?? "?") to \(change.new ?? "?")"
        }
        var message = "\(store.displayName) \(what): a witness is created and removed only together with the mirror: run Uninstall-CsMirrorDatabase against the primary before publishing and let the publish install the mirror again"
        let commands = Self.uninstallMirrorCommands(store, message: &message)
        warnings.append(DiffWarning(rule: "DIFF004", severity: .warning, entity: .witness, id: change.id,
                                    message: message, commands: commands))
    }

    /// The `Uninstall-CsMirrorDatabase` command a warning carries, or none, the message then saying why.
    static func uninstallMirrorCommands(_ store: Store, message: inout String) -> [PowerShellCommand] {
        let command = uninstallMirror(store)
        if let problem = commandProblem(server: store.sqlServer, instance: store.instance) ?? command.problems.first {
            message += "; no command is printed: \(problem)"
            return []
        }
        return [command]
    }

    /// `Uninstall-CsMirrorDatabase` against the primary of `store`, dropping the copies on the mirror.
    static func uninstallMirror(_ store: Store) -> PowerShellCommand {
        PowerShellCommand("Uninstall-CsMirrorDatabase").adding("SqlServerFqdn", .fqdn(store.sqlServer))
            .adding(instanceName: store.instance).adding("DatabaseType", .text(store.databaseType))
            .adding(switch: "DropExistingDatabasesOnMirror")
    }

    /// Why a server or instance name cannot be placed into a command, or nil when it can.
    static func commandProblem(server: String, instance: String) -> String? {
        if let problem = NameSyntax.fqdnProblem(server) { return "the SQL Server FQDN '\(server)' \(problem)" }
        if let problem = NameSyntax.sqlInstanceNameProblem(instance) { return "the SQL instance name '\(instance)' \(problem)" }
        return nil
    }

    mutating func warnDatabasesStay(_ store: Store) {
        warnings.append(DiffWarning(
            rule: "DIFF007", severity: .note, entity: .store, id: store.displayName,
            message: "the publish does not delete the databases of \(store.displayName) (\(store.databases.joined(separator: ", "))); they stay on \(Self.location(store.sqlServer, store.instance)) until removed with Uninstall-CsDatabase"))
    }

    mutating func warnStoreMoved(_ before: Store, _ store: Store) {
        warnings.append(DiffWarning(
            rule: "DIFF005", severity: .warning, entity: .store, id: store.displayName,
            message: "\(store.role) moves from \(Self.location(before.sqlServer, before.instance)) to \(Self.location(store.sqlServer, store.instance)): the publish creates its databases empty on the new instance; its data does not move with it: back it up before the publish and restore it after"))
    }

    mutating func warnCentralManagementMoved() {
        guard let before = old.centralManagement else { return }
        guard let after = new.centralManagement else {
            warnings.append(DiffWarning(
                rule: "DIFF006", severity: .warning, entity: .service, id: display(serviceID: before.serviceID, in: old),
                message: "the new topology has no active Central Management Server (it was on \(before.pool)): a publish cannot remove the CMS; it must be moved to another pool with Move-CsManagementServer first"))
            return
        }
        let poolMoved = old.index.clusterByFQDN[before.pool.lowercased()].flatMap { map.clusters[$0] }
            != new.index.clusterByFQDN[after.pool.lowercased()]
        var storeMoved = false
        if let oldStore = before.storeServiceID.flatMap({ old.service($0) }), let newStore = after.storeServiceID.flatMap({ new.service($0) }),
           case .sqlInstance(let a) = oldStore.placement, case .sqlInstance(let b) = newStore.placement {
            storeMoved = map.instance(a, old: old) != new.index.sqlInstanceByID[b]
        }
        guard poolMoved || storeMoved else { return }
        let from = Self.location(before.sqlServer ?? "?", before.instance ?? "")
        let to = Self.location(after.sqlServer ?? "?", after.instance ?? "")
        warnings.append(DiffWarning(
            rule: "DIFF006", severity: .warning, entity: .service, id: display(serviceID: after.serviceID, in: new),
            message: "the Central Management Server moves from \(before.pool) (store \(from)) to \(after.pool) (store \(to)): a publish does not move it; after publishing, run Move-CsManagementServer from a server of \(after.pool), which moves the Central Management store"))
    }
}
