/// REF002: every `SqlInstanceId` a store is installed on names a SQL instance of the topology.
struct SQLInstanceReferenceRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "REF002",
        title: "Every referenced SqlInstanceId exists",
        rationale: "A store installed on an undeclared SQL instance has nowhere for its databases to be created; the "
            + "Create databases page and Install-CsDatabase cannot target it.",
        source: "Topology document schema: SqlInstanceId references; domain.md §2.1, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for service in topology.services {
            guard case .sqlInstance(let id) = service.placement, topology.index.sqlInstanceByID[id] == nil,
                  !ReferenceText.isIncomplete(id) else { continue }
            var target = "SQL instance \(id)"
            if let separator = id.lastIndex(of: "\\") {
                let clusterID = String(id[..<separator])
                let name = String(id[id.index(after: separator)...])
                let server = topology.cluster(clusterID)?.fqdn ?? "cluster \(clusterID)"
                target = name.isEmpty ? "the default SQL instance of \(server)" : "SQL instance '\(name)' on \(server)"
            }
            findings.append(error("store \(service.displayName) is installed on \(target), which the topology does not declare",
                                  at: service.location))
        }
        return findings
    }
}
