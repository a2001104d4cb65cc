/// Edits of a topology document. Each edit checks the invariants it could break against the current model
/// and throws a `TopologyEditError` before changing anything; otherwise it changes the document's XML tree
/// the way the product writes it (same namespaces, attribute order, indentation and line endings; every other
/// element and attribute left where it was) and re-reads the result, so that `topology` always describes
/// exactly what `serialized()` writes. For a .tbxml the edits apply to the NewTopology; new objects get
/// `UniqueId`s from `uniqueIDs` and no `Original*` attributes.
extension TopologyDocument {
    /// Runs one edit session and replaces the document with its re-read result.
    mutating func applyEdit(_ body: (inout EditSession) throws(TopologyEditError) -> Void) throws(TopologyEditError) {
        var session = try EditSession(self)
        try body(&session)
        self = try session.finish(self)
    }

    /// Runs several edits as one: when any throws, the document is left as it was before the first.
    public mutating func transaction(_ body: (inout TopologyDocument) throws(TopologyEditError) -> Void) throws(TopologyEditError) {
        var copy = self
        try body(&copy)
        self = copy
    }

    // MARK: sites

    /// Adds a central site; returns its `SiteId` (the next number).
    @discardableResult
    public mutating func addSite(_ name: String, city: String? = nil, state: String? = nil,
                                 countryCode: String? = nil) throws(TopologyEditError) -> String {
        let name = EditChecks.trimmed(name)
        guard !name.isEmpty else { throw .emptySiteName }
        if topology.sites.contains(where: { $0.name.lowercased() == name.lowercased() }) { throw .siteExists(name) }
        var siteID = ""
        try applyEdit { session throws(TopologyEditError) in
            typealias NS = TopologyNamespace
            var highest = session.topology.sites.compactMap { Int($0.id) }.max() ?? 0
            let location = XMLFragment("Location", NS.topology, [("City", city), ("State", state), ("CountryCode", countryCode)])
            let nameElement = XMLFragment("Name", NS.topology, text: name)
            switch session.kind {
            case .topology:
                siteID = String(highest + 1)
                let section = try session.publishedSection("Sites")
                session.tree.insert(XMLFragment("CentralSite", NS.topology, [("SiteId", siteID)], children: [nameElement, location]), into: section)
            case .tbxml:
                let last = session.element(session.topologyPath)?.attribute("LastSiteId").flatMap { Int($0) }
                highest = max(highest, last ?? 0)
                siteID = String(highest + 1)
                guard let sites = session.child(session.topologyPath, "CentralSites", NS.writableTopology) else {
                    throw .unsupportedDocument("no <CentralSites>")
                }
                session.tree.insert(XMLFragment("CentralSite", NS.writableTopology, [("SiteId", siteID)], children: [
                    nameElement, location, XMLFragment("Clusters", NS.writableTopology), XMLFragment("RemoteSites", NS.writableTopology),
                ]), into: sites)
                if last != nil { session.tree.setAttribute("LastSiteId", siteID, at: session.topologyPath) }
            }
        }
        return siteID
    }

    // MARK: machines

    /// True for a cluster that holds exactly one machine by nature: a Standard Edition server, a single
    /// Edge or other server whose machine is the cluster itself, a SQL or file server.
    static func isSingleMachine(_ cluster: Cluster) -> Bool {
        if cluster.isSingleMachineOnly == true { return true }
        if cluster.kind == .standard || cluster.kind == .sql || cluster.kind == .file { return true }
        return cluster.machines.count == 1 && cluster.machines[0].fqdn.lowercased() == cluster.fqdn.lowercased()
    }

    /// Adds a machine (a Front End, an Edge, …) to a pool. It gets the next ordinal, fault and upgrade domains
    /// named like its siblings', and the network interfaces its siblings have, on "0.0.0.0" (all addresses).
    public mutating func addMachine(_ fqdn: String, toPool poolFQDN: String) throws(TopologyEditError) {
        let pool = try topology.requirePool(poolFQDN)
        if Self.isSingleMachine(pool) { throw .singleMachinePool(pool.fqdn) }
        try EditChecks.fqdn(fqdn, in: topology)
        try applyEdit { session throws(TopologyEditError) in
            typealias NS = TopologyNamespace
            guard let clusterPath = session.clusterPath(pool.id) else { throw .unknownPool(poolFQDN) }
            let machines = session.machinePaths(cluster: clusterPath)
            let ordinal = max(pool.machines.compactMap(\.ordinal).max() ?? 0, machines.count) + 1
            var interfaces = RoleTemplates.frontEndInterfaces
            var faultDomain: String? = "FaultDomain\(ordinal)"
            var upgradeDomain: String? = "UpgradeDomain\(ordinal)"
            if let last = machines.last, let element = session.element(last.path) {
                let sides = element.children("NetInterface", in: NS.topology).compactMap { $0.attribute("InterfaceSide") }
                if !sides.isEmpty { interfaces = sides }
                func domain(_ written: String?, _ prefix: String) -> String? {
                    guard let written else { return nil }
                    return written.lowercased() == last.fqdn.lowercased() ? fqdn : prefix + String(ordinal)
                }
                faultDomain = domain(element.attribute("FaultDomain"), "FaultDomain")
                upgradeDomain = domain(element.attribute("UpgradeDomain"), "UpgradeDomain")
            }
            let fragment = session.machineFragment(fqdn: fqdn, clusterFQDN: pool.fqdn, ordinal: ordinal, faultDomain: faultDomain,
                                                   upgradeDomain: upgradeDomain, interfaces: interfaces)
            if let last = machines.last, let index = last.path.last {
                session.tree.insert(fragment, into: Array(last.path.dropLast()), at: .after(index))
            } else if session.kind == .tbxml, let container = session.child(clusterPath, "Machines", NS.writableTopology) {
                session.tree.insert(fragment, into: container)
            } else {
                throw .unsupportedDocument("pool \(pool.fqdn) has no machine list")
            }
        }
    }

    /// Removes a machine from a pool; the pool keeps at least one.
    public mutating func removeMachine(_ fqdn: String, fromPool poolFQDN: String) throws(TopologyEditError) {
        let pool = try topology.requirePool(poolFQDN)
        guard let machine = pool.machines.first(where: { $0.fqdn.lowercased() == fqdn.lowercased() }) else {
            throw .unknownMachine(fqdn, pool: pool.fqdn)
        }
        if pool.machines.count <= 1 { throw .lastMachine(machine.fqdn, pool: pool.fqdn) }
        try applyEdit { session throws(TopologyEditError) in
            guard let clusterPath = session.clusterPath(pool.id),
                  let path = session.machinePaths(cluster: clusterPath).first(where: { $0.fqdn.lowercased() == fqdn.lowercased() })?.path,
                  let index = path.last else {
                throw .unknownMachine(fqdn, pool: pool.fqdn)
            }
            session.tree.remove(index, from: Array(path.dropLast()))
        }
    }

    // MARK: SQL Servers and instances

    /// Adds a dedicated SQL Server (a single-machine cluster running no Lync role) with one instance
    /// ("" is the default instance).
    public mutating func addSQLServer(_ fqdn: String, site: String, instance name: String = "",
                                      mirroringPort: Int? = nil) throws(TopologyEditError) {
        try EditChecks.fqdn(fqdn, in: topology)
        try EditChecks.site(site, in: topology)
        try EditChecks.instanceName(name)
        try EditChecks.port(mirroringPort)
        try applyEdit { session throws(TopologyEditError) in
            let cluster = session.newClusterRef(site: site)
            let instance = session.newInstanceRef(name: name, cluster: cluster)
            let machine: XMLFragment
            switch session.kind {
            case .topology:
                machine = session.machineFragment(fqdn: fqdn, clusterFQDN: fqdn, ordinal: 1, faultDomain: fqdn, upgradeDomain: fqdn, interfaces: [])
                try session.appendCluster(session.clusterFragment(cluster, fqdn: fqdn, singleMachine: true, runsLync: false, machines: [machine]), site: site)
                try session.appendInstance(instance, mirroringPort: mirroringPort)
            case .tbxml:
                machine = session.machineFragment(fqdn: nil, clusterFQDN: fqdn, ordinal: 1, faultDomain: nil, upgradeDomain: nil, interfaces: [])
                try session.appendCluster(session.clusterFragment(cluster, fqdn: fqdn, singleMachine: true, runsLync: false, machines: [machine],
                                                                  instances: [session.instanceFragment(instance, mirroringPort: mirroringPort)]), site: site)
            }
        }
    }

    /// Adds an instance to a SQL Server of the topology.
    public mutating func addSQLInstance(_ name: String, on server: String, mirroringPort: Int? = nil) throws(TopologyEditError) {
        guard let cluster = topology.cluster(fqdn: server) else { throw .unknownSQLServer(server) }
        try EditChecks.instanceName(name)
        let reference = SQLInstanceRef(sqlServer: cluster.fqdn, instance: name.uppercased() == "MSSQLSERVER" ? "" : name)
        if topology.sqlInstance(reference) != nil { throw .instanceExists(reference) }
        try EditChecks.port(mirroringPort)
        if let mirroringPort {
            for other in topology.sqlInstances(on: cluster.id) where topology.mirroringPort(of: other) == mirroringPort {
                throw .mirroringPortInUse(port: mirroringPort, instance: reference, by: topology.reference(other))
            }
        }
        try applyEdit { session throws(TopologyEditError) in
            let instance = session.newInstanceRef(name: name, cluster: session.clusterRef(cluster))
            try session.appendInstance(instance, mirroringPort: mirroringPort)
        }
    }

    // MARK: file servers

    /// Adds a file server holding a file store with this share.
    public mutating func addFileServer(_ fqdn: String, site: String, share: String,
                                       product: ProductVersion? = nil) throws(TopologyEditError) {
        try EditChecks.fqdn(fqdn, in: topology)
        try EditChecks.site(site, in: topology)
        if share.isEmpty || share.contains("\\") || share.contains("/") { throw .invalidShareName(share) }
        let version = (product ?? topology.product ?? .lyncServer2013).rawValue
        try applyEdit { session throws(TopologyEditError) in
            let cluster = session.newClusterRef(site: site)
            let machine = session.kind == .topology
                ? session.machineFragment(fqdn: fqdn, clusterFQDN: fqdn, ordinal: 1, faultDomain: fqdn, upgradeDomain: fqdn, interfaces: [])
                : session.machineFragment(fqdn: nil, clusterFQDN: fqdn, ordinal: 1, faultDomain: nil, upgradeDomain: nil, interfaces: [])
            try session.appendCluster(session.clusterFragment(cluster, fqdn: fqdn, singleMachine: true, runsLync: false, machines: [machine]), site: site)
            let role = "FileStore"
            let service = EditSession.NewService(
                ref: session.newServiceRef(role: role, site: site), role: role, placement: .cluster(cluster),
                serviceVersion: version, roleVersion: session.roleVersion(role),
                settings: RoleTemplates.settings(role, poolFQDN: fqdn, shareName: share))
            try session.insertService(service)
        }
    }
}
