/// CMS001: at most one CentralMgmt service is active. CMS003 (a note) says when none is.
struct ActiveCentralManagementRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "CMS001",
        title: "At most one active Central Management Server",
        rationale: "The Central Management store is a single master: every server replicates from the one active "
            + "CentralMgmt service. Two active ones make the topology's master ambiguous; the publish wizard and "
            + "Move-CsManagementServer expect exactly one.",
        source: "Lync Server 2013 Central Management store (one active master; Move-CsManagementServer); domain.md §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        var first: Service?
        for service in context.topology.services where Self.isCentralManagement(service) && service.isActiveCentralManagement == true {
            if let first {
                findings.append(error("\(context.describeService(service)) is an active Central Management Server, but \(context.describeService(first)) (line \(first.location.line)) already is",
                                      at: service.location))
            } else {
                first = service
            }
        }
        return findings
    }

    static func isCentralManagement(_ service: Service) -> Bool {
        CaseFolding.equal(service.roleName, RoleCatalog.centralManagementRole)
    }
}

/// CMS003: a note when no CentralMgmt service is active (a design never published): the publish will ask
/// which pool hosts the Central Management store.
struct NoActiveCentralManagementRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "CMS003",
        title: "No active Central Management Server yet (note)",
        rationale: "A design that was never published may have no CentralMgmt service: that is not an error. The first "
            + "publish shows the Select Central Management Server page, and the CMS databases (xds, lis) go to the "
            + "chosen pool's back-end store.",
        source: "Publish Topology wizard, Select Central Management Server page; domain.md §5, §7",
        defaultSeverity: .note)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        guard !topology.services.contains(where: { ActiveCentralManagementRule.isCentralManagement($0) && $0.isActiveCentralManagement == true })
        else { return [] }
        let candidates = topology.clusters.filter { $0.kind == .enterprise || $0.kind == .standard }.map(\.fqdn)
        let choice = candidates.isEmpty ? "no Front End pool or Standard Edition server can host it yet"
            : candidates.count == 1 ? "the publish will ask for it and offer \(candidates[0])"
            : "the publish will ask which of \(Self.list(candidates)) hosts it"
        return [note("no active Central Management Server: \(choice)", at: topology.location)]
    }

    /// At most five names, then how many more.
    static func list(_ names: [String]) -> String {
        names.count <= 5 ? names.joined(separator: ", ") : names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
    }
}
