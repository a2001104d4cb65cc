/// Edits that add Front End pools and Standard Edition servers, and that attach or move stores.
extension TopologyDocument {
    /// Adds an Enterprise Edition Front End pool: its machines, the Front End services (UserServices,
    /// Registrar, WebServices, ConfServices, ApplicationServer) and its back end (a UserStore and an
    /// ApplicationStore on `backEnd`, which must be an instance of a dedicated SQL Server serving no other
    /// pool). `fileStore` names a file server of the topology whose file store the pool uses (none when nil).
    public mutating func addEnterprisePool(_ fqdn: String, site: String, frontEnds: [String], backEnd: SQLInstanceRef,
                                           fileStore: String? = nil, product: ProductVersion? = nil) throws(TopologyEditError) {
        try EditChecks.fqdn(fqdn, in: topology)
        guard !frontEnds.isEmpty else { throw .noMachines(pool: fqdn) }
        var seen: Set<String> = [fqdn.lowercased()]
        for machine in frontEnds {
            try EditChecks.fqdn(machine, in: topology)
            if !seen.insert(machine.lowercased()).inserted { throw .fqdnInUse(machine, by: "another machine of \(fqdn)") }
        }
        try EditChecks.site(site, in: topology)
        let instance = try topology.requireInstance(backEnd)
        if let pool = topology.backEndPool(onServer: instance.clusterID) {
            throw .backEndInUse(sqlServer: instance.sqlServer, pool: pool)
        }
        for role in ["UserStore", "ApplicationStore"] where !topology.storeServices(role: role, on: instance.id).isEmpty {
            throw .storeExists(role: role, instance: topology.reference(instance))
        }
        let fileStoreService = try fileStoreService(fileStore)
        let version = (product ?? topology.product ?? .lyncServer2013).rawValue
        try applyEdit { session throws(TopologyEditError) in
            let cluster = session.newClusterRef(site: site)
            let machines = frontEnds.enumerated().map { offset, machine in
                session.machineFragment(fqdn: machine, clusterFQDN: fqdn, ordinal: offset + 1, faultDomain: "FaultDomain\(offset + 1)",
                                        upgradeDomain: "UpgradeDomain\(offset + 1)", interfaces: RoleTemplates.frontEndInterfaces)
            }
            try session.appendCluster(session.clusterFragment(cluster, fqdn: fqdn, singleMachine: false, runsLync: true, machines: machines), site: site)
            let backEndRef = session.instanceRef(instance)
            let file = fileStoreService.map { session.serviceRef($0) }
            try Self.addFrontEndServices(&session, pool: fqdn, cluster: cluster, backEnd: backEndRef, fileStore: file, version: version)
        }
    }

    /// Adds a Standard Edition server: one machine, a collocated SQL Express instance `rtc` holding its
    /// UserStore and ApplicationStore, and the Front End services.
    public mutating func addStandardEditionServer(_ fqdn: String, site: String, fileStore: String? = nil,
                                                  product: ProductVersion? = nil) throws(TopologyEditError) {
        try EditChecks.fqdn(fqdn, in: topology)
        try EditChecks.site(site, in: topology)
        let fileStoreService = try fileStoreService(fileStore)
        let version = (product ?? topology.product ?? .lyncServer2013).rawValue
        try applyEdit { session throws(TopologyEditError) in
            let cluster = session.newClusterRef(site: site)
            let instance = session.newInstanceRef(name: "rtc", cluster: cluster)
            let interfaces = RoleTemplates.frontEndInterfaces
            switch session.kind {
            case .topology:
                let machine = session.machineFragment(fqdn: fqdn, clusterFQDN: fqdn, ordinal: 1, faultDomain: fqdn, upgradeDomain: fqdn, interfaces: interfaces)
                try session.appendCluster(session.clusterFragment(cluster, fqdn: fqdn, singleMachine: true, runsLync: true, machines: [machine]), site: site)
                try session.appendInstance(instance, mirroringPort: nil)
            case .tbxml:
                let machine = session.machineFragment(fqdn: nil, clusterFQDN: fqdn, ordinal: 1, faultDomain: fqdn, upgradeDomain: fqdn, interfaces: interfaces)
                try session.appendCluster(session.clusterFragment(cluster, fqdn: fqdn, singleMachine: true, runsLync: true, machines: [machine],
                                                                  instances: [session.instanceFragment(instance, mirroringPort: nil)]), site: site)
            }
            let file = fileStoreService.map { session.serviceRef($0) }
            try Self.addFrontEndServices(&session, pool: fqdn, cluster: cluster, backEnd: instance, fileStore: file, version: version)
        }
    }

    /// The FileStore service on the file server `fqdn` (nil for nil).
    func fileStoreService(_ fqdn: String?) throws(TopologyEditError) -> Service? {
        guard let fqdn else { return nil }
        guard let cluster = topology.cluster(fqdn: fqdn),
              let service = topology.services(on: cluster.id).first(where: { $0.roleName.lowercased() == RoleCatalog.fileStoreRole }) else {
            throw .unknownFileStore(fqdn)
        }
        return service
    }

    /// The Front End services of a new pool and its two back-end stores, with their dependencies, in the
    /// order the product lists them.
    static func addFrontEndServices(_ session: inout EditSession, pool: String, cluster: EditSession.ClusterRef,
                                    backEnd: EditSession.InstanceRef, fileStore: EditSession.ServiceRef?,
                                    version: Int) throws(TopologyEditError) {
        let site = cluster.siteID
        let storeSite = backEnd.cluster.siteID
        let userServices = session.newServiceRef(role: "UserServices", site: site)
        let registrar = session.newServiceRef(role: "Registrar", site: site)
        let userStore = session.newServiceRef(role: "UserStore", site: storeSite)
        let webServices = session.newServiceRef(role: "WebServices", site: site)
        let confServices = session.newServiceRef(role: "ConfServices", site: site)
        let applicationServer = session.newServiceRef(role: "ApplicationServer", site: site)
        let applicationStore = session.newServiceRef(role: "ApplicationStore", site: storeSite)
        let file: [EditSession.ServiceRef] = fileStore.map { [$0] } ?? []
        func service(_ ref: EditSession.ServiceRef, _ role: String, _ dependencies: [EditSession.ServiceRef],
                     onStore: Bool = false) -> EditSession.NewService {
            EditSession.NewService(ref: ref, role: role, placement: onStore ? .instance(backEnd) : .cluster(cluster),
                                   dependencies: dependencies, serviceVersion: version, roleVersion: session.roleVersion(role),
                                   ports: RoleTemplates.ports(role), settings: RoleTemplates.settings(role, poolFQDN: pool))
        }
        let services = [
            service(userServices, "UserServices", [userStore] + file + [confServices]),
            service(registrar, "Registrar", [userServices, webServices]),
            service(userStore, "UserStore", [], onStore: true),
            service(webServices, "WebServices", file + [userServices]),
            service(confServices, "ConfServices", file + [webServices, userServices]),
            service(applicationServer, "ApplicationServer", [registrar] + file + [applicationStore]),
            service(applicationStore, "ApplicationStore", [], onStore: true),
        ]
        for new in services { try session.insertService(new) }
    }

    // MARK: stores

    /// Gives a pool a store of `role` on `instance` (an Archiving or Monitoring store, …): the pool's
    /// consumer service (the Registrar for those) gets a dependency on it. An Archiving, Monitoring or
    /// Persistent Chat store already on the instance is shared; a back-end store (User, Application,
    /// CentralMgmt) never is.
    public mutating func addStore(_ role: String, on instance: SQLInstanceRef, forPool poolFQDN: String) throws(TopologyEditError) {
        guard let entry = StoreCatalog.entry(for: role) else { throw .unknownStoreRole(role) }
        let pool = try topology.requirePool(poolFQDN)
        guard let consumer = topology.services(on: pool.id).first(where: { StoreCatalog.isConsumer($0.roleName, of: entry) }) else {
            throw .noConsumer(role: entry.role, pool: pool.fqdn)
        }
        for dependency in consumer.dependencies where dependency.usage == .default {
            if topology.service(dependency.serviceID)?.roleName.lowercased() == entry.role.lowercased() {
                throw .poolHasStore(role: entry.role, pool: pool.fqdn)
            }
        }
        let target = try topology.requireInstance(instance)
        let reference = topology.reference(target)
        let backEndRoles: Set<String> = ["userstore", "applicationstore", "centralmgmtstore"]
        var shared: Service?
        if let existing = topology.storeServices(role: entry.role, on: target.id).first {
            let isPrimary = topology.stores.contains { $0.serviceID == existing.id }
            if backEndRoles.contains(entry.role.lowercased()) || !isPrimary { throw .storeExists(role: entry.role, instance: reference) }
            shared = existing
        }
        if entry.role.lowercased() == "userstore", let other = topology.backEndPool(onServer: target.clusterID),
           other.lowercased() != pool.fqdn.lowercased() {
            throw .backEndInUse(sqlServer: target.sqlServer, pool: other)
        }
        let version = consumer.serviceVersion ?? (topology.product ?? .lyncServer2013).rawValue
        try applyEdit { session throws(TopologyEditError) in
            let store: EditSession.ServiceRef
            if let shared {
                store = session.serviceRef(shared)
            } else {
                let instanceRef = session.instanceRef(target)
                store = session.newServiceRef(role: entry.role, site: instanceRef.cluster.siteID)
                try session.insertService(EditSession.NewService(ref: store, role: entry.role, placement: .instance(instanceRef),
                                                                 serviceVersion: version, roleVersion: session.roleVersion(entry.role)))
            }
            try session.insertDependency(in: consumer.id, on: store)
        }
    }

    /// Points a store at another SQL instance (`InstalledOn`). Every consumer follows, since they depend on
    /// the store service, not on the instance. A mirror copy may be moved the same way.
    public mutating func moveStore(_ role: String, from source: SQLInstanceRef, to destination: SQLInstanceRef) throws(TopologyEditError) {
        let from = try topology.requireInstance(source)
        guard let service = topology.storeServices(role: role, on: from.id).first else {
            throw .unknownStore(role: role, instance: topology.reference(from))
        }
        let to = try topology.requireInstance(destination)
        if to.id == from.id { return }
        let target = topology.reference(to)
        if !topology.storeServices(role: role, on: to.id).isEmpty { throw .storeExists(role: service.roleName, instance: target) }
        if topology.kind == .topology, let toCluster = topology.cluster(to.clusterID), toCluster.siteID != service.siteID {
            throw .otherSite(store: service.displayName, site: toCluster.siteID)
        }
        // The partners of a mirror relation stay on three different servers.
        var partnerServer: String?
        var witnessServer: String?
        if let store = topology.stores.first(where: { $0.serviceID == service.id }) {
            partnerServer = store.mirror?.sqlServer
            witnessServer = store.witness?.sqlServer
        } else if let primary = topology.primary(ofMirror: service.id) {
            partnerServer = primary.sqlServer
            witnessServer = primary.witness?.sqlServer
        }
        if partnerServer != nil {
            if partnerServer?.lowercased() == to.sqlServer.lowercased() { throw .mirrorOnPrimaryServer(to.sqlServer) }
            if witnessServer?.lowercased() == to.sqlServer.lowercased() { throw .witnessNotOnThirdServer(to.sqlServer) }
            if to.alwaysOnPrimary != nil { throw .alwaysOnStore(target) }
            if !topology.isDedicatedSQLServer(to.clusterID) { throw .sqlExpressPartner(target) }
            if to.mirroringPort == nil, let port = topology.mirroringPort(of: from) {
                try EditChecks.portFree(port, for: to, in: topology)
            }
        }
        if service.roleName.lowercased() == "userstore", let other = topology.backEndPool(onServer: to.clusterID) {
            let consumers = topology.stores.first { $0.serviceID == service.id }?.consumers.map { $0.lowercased() } ?? []
            if !consumers.contains(other.lowercased()) { throw .backEndInUse(sqlServer: to.sqlServer, pool: other) }
        }
        // The moved partner keeps its endpoint port on the new instance.
        let partnerPort = partnerServer != nil && to.mirroringPort == nil ? topology.mirroringPort(of: from) : nil
        try applyEdit { session throws(TopologyEditError) in
            typealias NS = TopologyNamespace
            guard let path = session.servicePath(service.id) else { throw .unknownStore(role: role, instance: source) }
            let toRef = session.instanceRef(to)
            switch session.kind {
            case .topology:
                guard let installedOn = session.child(path, "InstalledOn", NS.topology) else {
                    throw .unsupportedDocument("\(service.displayName) has no <InstalledOn>")
                }
                for index in (session.element(installedOn)?.elementChildIndices ?? []).reversed() {
                    session.tree.remove(index, from: installedOn)
                }
                session.tree.insert(session.instanceIDFragment(toRef), into: installedOn)
            case .tbxml:
                session.tree.setAttribute("InstalledOn", to.id, at: path)
            }
            if let partnerPort { MirrorEncoding.writePort(&session, partnerPort, on: to.id) }
        }
    }
}
