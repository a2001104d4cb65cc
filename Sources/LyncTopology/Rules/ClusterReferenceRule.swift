/// REF001: every `ClusterId` that is referred to (by a SQL instance, by a service's `InstalledOn`) names a
/// cluster of the topology.
struct ClusterReferenceRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "REF001",
        title: "Every referenced ClusterId exists",
        rationale: "A SQL instance or a service on a cluster the topology does not declare has no server: its databases "
            + "cannot be created and it cannot be restored. Publish-CsTopology rejects such a document.",
        source: "Topology document schema: ClusterId references; domain.md §2.1, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for instance in topology.sqlInstances where topology.index.clusterByID[instance.clusterID] == nil {
            if !ReferenceText.isIncomplete(instance.clusterID) {
                let name = instance.isDefaultInstance ? "default SQL instance" : "SQL instance '\(instance.name)'"
                findings.append(error("\(name) is on cluster \(instance.clusterID), which the topology does not declare",
                                      at: instance.location))
            }
        }
        for service in topology.services {
            if case .cluster(let id) = service.placement, topology.index.clusterByID[id] == nil, !ReferenceText.isIncomplete(id) {
                findings.append(error("service \(service.displayName) is installed on cluster \(id), which the topology does not declare",
                                      at: service.location))
            }
        }
        return findings
    }
}

/// Reference text a reading error already explains (a missing `SiteId`, `Number` or id attribute), which the
/// reference rules do not report again.
enum ReferenceText {
    static func isIncomplete(_ id: String) -> Bool {
        var copy = id
        // ASCII ids (all real ones) are checked byte by byte; anything else as text, with the same answers.
        let answer: Bool? = copy.withUTF8 { bytes -> Bool? in
            guard let first = bytes.first, let last = bytes.last else { return true }
            var previous: UInt8 = 0
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if previous == 0x2D && byte == 0x5C { return true }
                previous = byte
            }
            return first == 0x2D || last == 0x2D || first == 0x5C
        }
        return answer ?? (id.isEmpty || id.hasPrefix("-") || id.hasSuffix("-") || id.contains("-\\") || id.hasPrefix("\\"))
    }
}
