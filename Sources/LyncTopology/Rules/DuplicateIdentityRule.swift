/// REF005: every cluster, service and (in a .tbxml) SQL instance identity is declared once, so that every
/// reference names exactly one thing.
struct DuplicateIdentityRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "REF005",
        title: "Every ClusterId, ServiceId and UniqueId is declared once",
        rationale: "References are resolved by these keys; a key declared twice makes every reference to it ambiguous "
            + "(lynctopo, like the product, would use the first and silently ignore the second).",
        source: "Topology document schema: ClusterId, ServiceId and UniqueId identities; domain.md §2.1, §2.2, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        var placementKeys: [String: (String, SourceLocation)] = [:]   // clusters and, in a .tbxml, SQL instances
        let noun = topology.kind == .tbxml ? "UniqueId" : "ClusterId"
        for cluster in topology.clusters where !ReferenceText.isIncomplete(cluster.id) {
            if let first = placementKeys[cluster.id] {
                findings.append(error("cluster \(cluster.fqdn) has \(noun) '\(cluster.id)', already used by \(first.0) at line \(first.1.line)",
                                      at: cluster.location))
            } else {
                placementKeys[cluster.id] = ("cluster " + cluster.fqdn, cluster.location)
            }
        }
        if topology.kind == .tbxml {
            var seenNames = Set<String>()
            for instance in topology.sqlInstances where !instance.id.isEmpty {
                // The same instance declared twice under one UniqueId is SQL002's to report.
                let nameKey = instance.clusterID + "\\" + CaseFolding.lowercased(instance.instanceName)
                let sameInstanceAgain = !seenNames.insert(nameKey).inserted
                if let first = placementKeys[instance.id] {
                    if !sameInstanceAgain {
                        findings.append(error("SQL instance \(context.describe(instance)) has UniqueId '\(instance.id)', already used by \(first.0) at line \(first.1.line)",
                                              at: instance.location))
                    }
                } else {
                    placementKeys[instance.id] = ("SQL instance " + context.describe(instance), instance.location)
                }
            }
        }
        var serviceLines: [String: Int] = [:]
        serviceLines.reserveCapacity(topology.services.count)
        for service in topology.services where !ReferenceText.isIncomplete(service.id) {
            // One look-up for a new id; the first line is put back for an id seen before.
            if let firstLine = serviceLines.updateValue(service.location.line, forKey: service.id) {
                serviceLines[service.id] = firstLine
                let key = topology.kind == .tbxml ? "UniqueId '\(service.id)'" : "ServiceId \(service.id)"
                findings.append(error("service \(service.roleName) has \(key), already declared at line \(firstLine)",
                                      at: service.location))
            }
        }
        return findings
    }
}
