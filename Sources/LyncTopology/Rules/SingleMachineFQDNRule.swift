/// FQDN003: a single-machine Lync server (a Standard Edition server, or a cluster Topology Builder marks
/// `IsSingleMachineOnly`) has the same FQDN as its one computer.
struct SingleMachineFQDNRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "FQDN003",
        title: "A single-machine Lync server's FQDN is its computer's FQDN",
        rationale: "For a Standard Edition server or another single-computer pool, the pool FQDN is the computer's name; "
            + "a different computer FQDN means the server cannot be rebuilt under the name the topology expects. "
            + "Enterprise pools (which may have one member), Edge servers and SQL Servers are exempt; case differences "
            + "are not violations.",
        source: "Topology Builder single-computer pools and Standard Edition servers (the machine takes the pool's FQDN); domain.md §2.2, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for cluster in topology.clusters where cluster.machines.count == 1 {
            guard cluster.kind != .edge, cluster.kind != .sql, cluster.kind != .enterprise else { continue }
            guard cluster.kind == .standard || cluster.isSingleMachineOnly == true else { continue }
            guard (topology.index.servicesByCluster[cluster.id] ?? []).contains(where: { RoleCatalog.isLyncServerRole(topology.services[$0].roleName) }) else { continue }
            let machine = cluster.machines[0]
            if !CaseFolding.equal(machine.fqdn, cluster.fqdn) {
                let what = cluster.kind == .standard ? "Standard Edition server" : "single-machine pool"
                findings.append(error("\(what) \(cluster.fqdn) has the computer '\(machine.fqdn)'; a single-machine server's FQDN must be its computer's FQDN",
                                      at: machine.location))
            }
        }
        return findings
    }
}
