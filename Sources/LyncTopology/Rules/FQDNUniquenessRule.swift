/// FQDN002: no two clusters share an FQDN (compared case-insensitively), and no computer belongs to two clusters.
struct FQDNUniquenessRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "FQDN002",
        title: "Cluster FQDNs are unique (case-insensitive)",
        rationale: "A pool, server or SQL Server is found by its FQDN: DNS, certificates and every cmdlet's -PoolFqdn or "
            + "-SqlServerFqdn. Two clusters with one FQDN (even in different case) make a restore or a failover "
            + "ambiguous. A computer listed in two clusters, or named like another cluster, is reported as a "
            + "warning: a computer belongs to one pool only.",
        source: "Topology Builder (a cluster is identified by its FQDN, compared case-insensitively); domain.md §2.1, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        let clusters = context.topology.clusters
        var firstCluster: [String: Int] = [:]
        firstCluster.reserveCapacity(clusters.count)
        for (position, cluster) in clusters.enumerated() where !cluster.fqdn.isEmpty {
            let key = CaseFolding.lowercased(cluster.fqdn)
            // One look-up for a new key (the usual case); the first position is put back for a key seen before.
            if let firstPosition = firstCluster.updateValue(position, forKey: key) {
                firstCluster[key] = firstPosition
                let first = clusters[firstPosition]
                findings.append(error("cluster FQDN '\(cluster.fqdn)' is already used by the cluster at line \(first.location.line) ('\(first.fqdn)')",
                                      at: cluster.location))
            }
        }
        var machineCluster: [String: Int] = [:]
        machineCluster.reserveCapacity(clusters.reduce(0) { $0 + $1.machines.count })
        for (position, cluster) in clusters.enumerated() {
            for machine in cluster.machines where !machine.fqdnFromCluster && !machine.fqdn.isEmpty {
                let key = CaseFolding.lowercased(machine.fqdn)
                if let ownerPosition = firstCluster[key], clusters[ownerPosition].id != cluster.id {
                    let owner = clusters[ownerPosition]
                    findings.append(warning("computer '\(machine.fqdn)' of \(cluster.fqdn) has the FQDN of the cluster at line \(owner.location.line)",
                                            at: machine.location))
                } else if let otherPosition = machineCluster.updateValue(position, forKey: key) {
                    machineCluster[key] = otherPosition   // the first cluster stays
                    if clusters[otherPosition].id != cluster.id {
                        let other = clusters[otherPosition]
                        findings.append(warning("computer '\(machine.fqdn)' of \(cluster.fqdn) is also a member of \(other.fqdn)",
                                                at: machine.location))
                    }
                }
            }
        }
        return findings
    }
}
