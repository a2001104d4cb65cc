/// FQDN002: no two clusters share an FQDN (compared case-insensitively), and no computer belongs to two clusters.
public struct FQDNUniquenessRule: TopologyRule {
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
        var firstCluster: [String: Cluster] = [:]
        for cluster in context.topology.clusters where !cluster.fqdn.isEmpty {
            let key = CaseFolding.lowercased(cluster.fqdn)
            if let first = firstCluster[key] {
                findings.append(error("cluster FQDN '\(cluster.fqdn)' is already used by the cluster at line \(first.location.line) ('\(first.fqdn)')",
                                      at: cluster.location))
            } else {
                firstCluster[key] = cluster
            }
        }
        var machineCluster: [String: Cluster] = [:]
        for cluster in context.topology.clusters {
            for machine in cluster.machines where !machine.fqdnFromCluster && !machine.fqdn.isEmpty {
                let key = CaseFolding.lowercased(machine.fqdn)
                if let owner = firstCluster[key], owner.id != cluster.id {
                    findings.append(warning("computer '\(machine.fqdn)' of \(cluster.fqdn) has the FQDN of the cluster at line \(owner.location.line)",
                                            at: machine.location))
                } else if let other = machineCluster[key], other.id != cluster.id {
                    findings.append(warning("computer '\(machine.fqdn)' of \(cluster.fqdn) is also a member of \(other.fqdn)",
                                            at: machine.location))
                } else if machineCluster[key] == nil {
                    machineCluster[key] = cluster
                }
            }
        }
        return findings
    }
}
