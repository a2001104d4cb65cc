/// REF003: every `ServiceId` (published) or `ServiceUniqueId` (.tbxml) named by a `Dependency` or a `Backup`
/// names a service of the topology.
struct ServiceReferenceRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "REF003",
        title: "Every referenced ServiceId exists",
        rationale: "A dependency on a missing service leaves a pool without its store, file share or mirror; a Backup "
            + "naming a missing service breaks pool pairing and disaster recovery.",
        source: "Topology document schema: ServiceId (published) and ServiceUniqueId (.tbxml) references; domain.md §2, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        let noun = topology.kind == .tbxml ? "UniqueId" : "ServiceId"
        for service in topology.services {
            for dependency in service.dependencies where topology.index.serviceByID[dependency.serviceID] == nil {
                if !ReferenceText.isIncomplete(dependency.serviceID) {
                    findings.append(error("dependency of \(service.displayName) names service \(noun) '\(dependency.serviceID)', which the topology does not declare",
                                          at: dependency.location))
                }
            }
            if let backup = service.backupServiceID, topology.index.serviceByID[backup] == nil, !ReferenceText.isIncomplete(backup) {
                findings.append(error("Backup of \(service.displayName) names service \(noun) '\(backup)', which the topology does not declare",
                                      at: service.location))
            }
        }
        return findings
    }
}
