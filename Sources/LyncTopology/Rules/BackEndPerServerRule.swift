/// PLACE003: one SQL Server serves the back end of at most one Front End pool.
struct BackEndPerServerRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "PLACE003",
        title: "One Front End pool back end per SQL Server",
        rationale: "A SQL Server (on any of its instances) serves the back end (User store) of one Front End pool or "
            + "Standard Edition server only; a second pool's back end there is unsupported and makes the server's "
            + "failure take down two pools. Two back ends on the same instance are PLACE002's to report.",
        source: "Lync Server 2013 supported topologies (one Front End pool's back end per SQL Server); domain.md §3, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        let mirrorServices = Set(context.mirrors.map(\.mirror.id))
        var findings: [Finding] = []
        // Per SQL Server (cluster id): the first back end store seen, its instance and pool.
        // Positions in topology.services, not copies of the services.
        var firstBackEnd: [String: (store: Int, instanceID: String, pool: String)] = [:]
        var instancesWithBackEnd = Set<String>()
        let poolsByStore = backEndPools(topology)
        for position in topology.services.indices
        where CaseFolding.equal(topology.services[position].roleName, "userstore") && !mirrorServices.contains(topology.services[position].id) {
            let service = topology.services[position]
            // Positions from the index (what `topology.sqlInstance` and `context.server(of:)` look up), not copies
            // of the instance and the cluster.
            guard case .sqlInstance(let instanceID) = service.placement,
                  let instancePosition = topology.index.sqlInstanceByID[instanceID],
                  let serverPosition = topology.index.clusterByID[topology.sqlInstances[instancePosition].clusterID] else { continue }
            let server = (id: topology.clusters[serverPosition].id, fqdn: topology.clusters[serverPosition].fqdn)
            let sameInstanceAgain = !instancesWithBackEnd.insert(instanceID).inserted
            let pools = poolsByStore[service.id] ?? []
            guard let pool = pools.first else { continue }
            if pools.count > 1 {
                findings.append(error("\(context.describeStore(service)) is the back end of \(pools.count) pools (\(pools.joined(separator: ", "))); each Front End pool needs its own",
                                      at: service.location))
            }
            if let first = firstBackEnd[server.id] {
                if !sameInstanceAgain, !CaseFolding.equal(first.pool, pool) {
                    let firstStore = topology.services[first.store]
                    findings.append(error("SQL Server \(server.fqdn) already holds the back end of \(first.pool) (\(context.describeStore(firstStore)), line \(firstStore.location.line)); the back end of \(pool) must be on another SQL Server",
                                          at: service.location))
                }
            } else {
                firstBackEnd[server.id] = (position, instanceID, pool)
            }
        }
        return findings
    }

    /// For each store id, the Front End pools and Standard Edition servers whose UserServices use it as their back end.
    func backEndPools(_ topology: Topology) -> [String: [String]] {
        var pools: [String: [String]] = [:]
        for position in topology.services.indices where CaseFolding.equal(topology.services[position].roleName, "userservices") {
            guard case .cluster(let id) = topology.services[position].placement, let cluster = topology.index.clusterByID[id],
                  topology.clusters[cluster].kind == .enterprise || topology.clusters[cluster].kind == .standard else { continue }
            let fqdn = topology.clusters[cluster].fqdn
            for dependency in topology.services[position].dependencies where dependency.usage == .default {
                Self.appendOnce(fqdn, to: &pools[dependency.serviceID, default: []])   // one look-up
            }
        }
        return pools
    }

    static func appendOnce(_ fqdn: String, to pools: inout [String]) {
        if !pools.contains(where: { CaseFolding.equal($0, fqdn) }) { pools.append(fqdn) }
    }
}
