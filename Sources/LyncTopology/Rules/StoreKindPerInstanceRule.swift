/// PLACE002: a SQL instance holds at most one store of each kind.
struct StoreKindPerInstanceRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "PLACE002",
        title: "At most one store of a kind per SQL instance",
        rationale: "Database names are fixed per kind (rtcxds, xds, LcsCDR…), so an instance can hold one database of "
            + "each kind: a second store of the same kind would overwrite or share the first one's databases. A "
            + "mirror declared on its primary's own instance is MIRROR001's to report; witness stores hold no database.",
        source: "Lync Server 2013 back-end databases (fixed database names per store kind); domain.md §3, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        let mirrorServices = Set(context.mirrors.map(\.mirror.id))
        var findings: [Finding] = []
        var first: [String: Int] = [:]
        for (position, service) in topology.services.enumerated() {
            guard case .sqlInstance(let instanceID) = service.placement, let instancePosition = topology.index.sqlInstanceByID[instanceID],
                  !context.isWitnessStore(service), !mirrorServices.contains(service.id) else { continue }
            let key = instanceID + "|" + CaseFolding.lowercased(service.roleName)
            if let earlierPosition = first[key] {
                let instance = topology.sqlInstances[instancePosition], earlier = topology.services[earlierPosition]
                findings.append(error("\(context.describe(instance)) already holds a \(service.roleName) (\(earlier.displayName), line \(earlier.location.line)); \(service.displayName) would be a second one",
                                      at: service.location))
            } else {
                first[key] = position
            }
        }
        return findings
    }
}
