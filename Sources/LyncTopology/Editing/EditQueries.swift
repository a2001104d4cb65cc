extension SQLInstanceRef {
    /// Parses `server\instance` (or a server alone, for the default instance), the way the tools print it.
    public init(displayName text: String) {
        if let slash = text.firstIndex(of: "\\") {
            self.init(sqlServer: String(text[..<slash]), instance: String(text[text.index(after: slash)...]))
        } else {
            self.init(sqlServer: text, instance: "")
        }
    }
}

/// Look-ups the edits check their invariants with.
extension Topology {
    /// Instance names compare case-insensitively; "" and `MSSQLSERVER` are both the default instance.
    static func sameInstanceName(_ a: String, _ b: String) -> Bool {
        func normalized(_ name: String) -> String { name.uppercased() == "MSSQLSERVER" ? "" : name.lowercased() }
        return normalized(a) == normalized(b)
    }

    func sqlInstance(_ reference: SQLInstanceRef) -> SQLInstance? {
        guard let cluster = cluster(fqdn: reference.sqlServer) else { return nil }
        return sqlInstances(on: cluster.id).first { Self.sameInstanceName($0.name, reference.instance) }
    }

    /// The instance, or the error that says whether its server or the instance is missing.
    func requireInstance(_ reference: SQLInstanceRef) throws(TopologyEditError) -> SQLInstance {
        guard cluster(fqdn: reference.sqlServer) != nil else { throw .unknownSQLServer(reference.sqlServer) }
        guard let instance = sqlInstance(reference) else { throw .unknownSQLInstance(reference) }
        return instance
    }

    func requirePool(_ fqdn: String) throws(TopologyEditError) -> Cluster {
        guard let pool = cluster(fqdn: fqdn) else { throw .unknownPool(fqdn) }
        return pool
    }

    func reference(_ instance: SQLInstance) -> SQLInstanceRef {
        SQLInstanceRef(sqlServer: instance.sqlServer, instance: instance.instanceName)
    }

    /// Who already has this FQDN: a pool or server, or a machine of one.
    func owner(ofFQDN fqdn: String) -> String? {
        let wanted = fqdn.lowercased()
        for cluster in clusters {
            if cluster.fqdn.lowercased() == wanted { return cluster.fqdn }
            if let machine = cluster.machines.first(where: { $0.fqdn.lowercased() == wanted }) {
                return "machine \(machine.fqdn) of \(cluster.fqdn)"
            }
        }
        return nil
    }

    /// The services of a role installed on a SQL instance.
    func storeServices(role: String, on instanceID: String) -> [Service] {
        (index.storesOnInstance[instanceID] ?? []).map { services[$0] }.filter { $0.roleName.lowercased() == role.lowercased() }
    }

    /// The SQL instance holding a pool's back end: the instance of the UserStore its UserServices uses.
    func backEndInstance(of pool: Cluster) -> SQLInstance? {
        for service in services(on: pool.id) where service.roleName.lowercased() == "userservices" {
            for dependency in service.dependencies where dependency.usage == .default {
                guard let target = self.service(dependency.serviceID), target.roleName.lowercased() == "userstore",
                      case .sqlInstance(let instanceID) = target.placement, let instance = sqlInstance(instanceID) else { continue }
                return instance
            }
        }
        return nil
    }

    /// True when no Lync server role runs on the cluster: a dedicated SQL Server (see `RoleCatalog`).
    func isDedicatedSQLServer(_ clusterID: String) -> Bool {
        TopologyResolver.isDedicatedSQLServer(clusterID: clusterID, services: services, index: index)
    }

    /// The pool whose back end is on this SQL Server (a UserStore on one of its instances, used by a pool).
    func backEndPool(onServer clusterID: String) -> String? {
        if !isDedicatedSQLServer(clusterID), let cluster = cluster(clusterID) { return cluster.fqdn }
        for instance in sqlInstances(on: clusterID) {
            for store in stores where store.sqlInstanceID == instance.id && store.role.lowercased() == "userstore" {
                if let pool = store.consumers.first { return pool }
            }
        }
        return nil
    }

    /// The store (primary) that has this service as its mirror copy.
    func primary(ofMirror serviceID: String) -> Store? {
        stores.first { $0.mirror?.serviceID == serviceID }
    }
}

/// Syntax checks shared by the edits.
enum EditChecks {
    static func fqdn(_ fqdn: String, in topology: Topology) throws(TopologyEditError) {
        if let problem = NameSyntax.fqdnProblem(fqdn) { throw .invalidFQDN(fqdn, problem: problem) }
        if let owner = topology.owner(ofFQDN: fqdn) { throw .fqdnInUse(fqdn, by: owner) }
    }

    static func instanceName(_ name: String) throws(TopologyEditError) {
        if let problem = NameSyntax.sqlInstanceNameProblem(name) { throw .invalidInstanceName(name, problem: problem) }
    }

    static func port(_ port: Int?) throws(TopologyEditError) {
        if let port, !(1...65535).contains(port) { throw .invalidPort(port) }
    }

    static func site(_ site: String, in topology: Topology) throws(TopologyEditError) {
        guard topology.sites.contains(where: { $0.id == site }) else { throw .unknownSite(site) }
    }

    /// The port must not be the mirroring port of another instance of the same server.
    static func portFree(_ port: Int, for instance: SQLInstance, in topology: Topology) throws(TopologyEditError) {
        for other in topology.sqlInstances(on: instance.clusterID) where other.id != instance.id {
            if topology.mirroringPort(of: other) == port {
                throw .mirroringPortInUse(port: port, instance: topology.reference(instance), by: topology.reference(other))
            }
        }
    }

    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
