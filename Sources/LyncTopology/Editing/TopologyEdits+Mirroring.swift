/// Edits of SQL store mirroring and of the Central Management Server. They check the invariants against the
/// decoded relations (`Topology.mirroring`, `Store.mirror`, `Store.witness`, `Topology.mirroringPort(of:)`) and
/// write mirrors, witnesses and ports through `MirrorEncoding`, the one place that knows how they are written.
extension TopologyDocument {
    /// Mirrors the store of `role` on `primary` to `mirror`, optionally with a witness for automatic
    /// failover. `mirroringPort` is the partners' endpoint port and `witnessPort` the witness's; nil keeps the
    /// port the instance already uses (written, or the default of a role it already plays: one endpoint per
    /// instance), else writes the default of its new role (see `MirrorEncoding`).
    public mutating func enableMirroring(_ role: String, on primary: SQLInstanceRef, mirror: SQLInstanceRef,
                                         witness: SQLInstanceRef? = nil, mirroringPort: Int? = nil,
                                         witnessPort: Int? = nil) throws(TopologyEditError) {
        let primaryInstance = try topology.requireInstance(primary)
        let primaryRef = topology.reference(primaryInstance)
        guard let service = topology.storeServices(role: role, on: primaryInstance.id).first,
              let store = topology.stores.first(where: { $0.serviceID == service.id }) else {
            throw .unknownStore(role: role, instance: primaryRef)
        }
        guard store.catalogEntry?.mirrorable == true else { throw .notMirrorable(role: store.role) }
        if let product = store.product ?? topology.product, !product.supportsMirroring { throw .mirroringNotSupported(product) }
        if let existing = store.mirror {
            throw .alreadyMirrored(store: store.displayName, mirror: SQLInstanceRef(sqlServer: existing.sqlServer, instance: existing.instance))
        }
        if store.isAlwaysOn { throw .alwaysOnStore(primaryRef) }
        if !topology.isDedicatedSQLServer(primaryInstance.clusterID) { throw .sqlExpressPartner(primaryRef) }
        if store.consumerServiceIDs.isEmpty { throw .unusedStore(store.displayName) }
        try EditChecks.port(mirroringPort)
        try EditChecks.port(witnessPort)
        let mirrorInstance = try topology.requireInstance(mirror)
        let mirrorRef = topology.reference(mirrorInstance)
        if mirrorInstance.clusterID == primaryInstance.clusterID { throw .mirrorOnPrimaryServer(primaryInstance.sqlServer) }
        if mirrorInstance.alwaysOnPrimary != nil { throw .alwaysOnStore(mirrorRef) }
        if !topology.isDedicatedSQLServer(mirrorInstance.clusterID) { throw .sqlExpressPartner(mirrorRef) }
        if !topology.storeServices(role: store.role, on: mirrorInstance.id).isEmpty { throw .storeExists(role: store.role, instance: mirrorRef) }
        var witnessInstance: SQLInstance?
        if let witness {
            let instance = try topology.requireInstance(witness)
            if instance.clusterID == primaryInstance.clusterID || instance.clusterID == mirrorInstance.clusterID {
                throw .witnessNotOnThirdServer(instance.sqlServer)
            }
            witnessInstance = instance
        }
        // Each consumer has one witness for all the stores it mirrors.
        for consumerID in store.consumerServiceIDs {
            guard let consumer = topology.service(consumerID) else { continue }
            for position in topology.mirroring.witnessesByConsumer[consumer.id] ?? [] {
                let current = topology.mirroring.witnesses[position].witness
                guard case .sqlInstance(let instanceID) = current.placement, instanceID != witnessInstance?.id else { continue }
                let currentRef = topology.sqlInstance(instanceID).map { topology.reference($0) } ?? SQLInstanceRef(sqlServer: "", instance: "")
                throw .conflictingWitness(consumer: consumer.displayName, witness: currentRef)
            }
        }
        // Mirroring ports: as asked, else the one the instance already uses, else its new role's default; none
        // shared on one server.
        let before = topology
        let partnerPort = { (instance: SQLInstance) in
            MirrorEncoding.port(requested: mirroringPort, for: instance, as: .partner, in: before)
        }
        try EditChecks.portFree(partnerPort(primaryInstance), for: primaryInstance, in: topology)
        try EditChecks.portFree(partnerPort(mirrorInstance), for: mirrorInstance, in: topology)
        var ports: [(SQLInstance, Int)] = [(primaryInstance, partnerPort(primaryInstance)), (mirrorInstance, partnerPort(mirrorInstance))]
        if let witnessInstance {
            let port = MirrorEncoding.port(requested: witnessPort, for: witnessInstance, as: .witness, in: topology)
            try EditChecks.portFree(port, for: witnessInstance, in: topology)
            ports.append((witnessInstance, port))
        }
        let version = service.serviceVersion ?? (topology.product ?? .lyncServer2013).rawValue
        try applyEdit { session throws(TopologyEditError) in
            let mirrorService = try MirrorEncoding.writeMirrorCopy(&session, of: service, on: mirrorInstance, serviceVersion: version)
            var witnessService: EditSession.ServiceRef?
            if let witnessInstance {
                witnessService = try MirrorEncoding.writeWitnessStore(&session, on: witnessInstance, serviceVersion: version,
                                                                      after: mirrorService.id)
            }
            for consumer in store.consumerServiceIDs {
                try MirrorEncoding.writeMirror(&session, consumer: consumer, mirror: mirrorService, primary: service.id)
                if let witnessService {
                    try MirrorEncoding.writeWitness(&session, consumer: consumer, witness: witnessService, after: mirrorService.id)
                }
            }
            for (instance, port) in ports where instance.mirroringPort != port || instance.mirroringPortText != nil {
                MirrorEncoding.writePort(&session, port, on: instance.id)
            }
        }
    }

    /// Removes the mirror (and the witness, when nothing else uses it) of the store of `role` on `primary`.
    /// The written mirroring port is removed from instances left in no mirroring relation.
    public mutating func disableMirroring(_ role: String, on primary: SQLInstanceRef) throws(TopologyEditError) {
        let primaryInstance = try topology.requireInstance(primary)
        guard let service = topology.storeServices(role: role, on: primaryInstance.id).first,
              let store = topology.stores.first(where: { $0.serviceID == service.id }) else {
            throw .unknownStore(role: role, instance: topology.reference(primaryInstance))
        }
        guard let mirror = store.mirror else { throw .notMirrored(store: store.displayName) }
        let witness = store.witness
        let serviceIDs = topology.services.map(\.id)
        try transaction { document throws(TopologyEditError) in
            try document.applyEdit { session throws(TopologyEditError) in
                MirrorEncoding.removeMirror(&session, mirror: mirror.serviceID, witness: witness?.serviceID, from: serviceIDs)
            }
            try document.removeUnusedMirroringPorts([primaryInstance.id, mirror.sqlInstanceID, witness?.sqlInstanceID].compactMap { $0 })
        }
    }

    /// Writes the mirroring endpoint port of a SQL instance (nil removes it, so that the default of the roles
    /// the instance plays applies). The port must not be another instance's on the same server. This is how
    /// an instance that is both a witness and a mirroring partner settles its one port (MIRROR009).
    public mutating func setMirroringPort(_ port: Int?, on reference: SQLInstanceRef) throws(TopologyEditError) {
        let instance = try topology.requireInstance(reference)
        try EditChecks.port(port)
        if let port { try EditChecks.portFree(port, for: instance, in: topology) }
        if instance.mirroringPort == port && instance.mirroringPortText == nil { return }
        try applyEdit { session throws(TopologyEditError) in
            MirrorEncoding.writePort(&session, port, on: instance.id)
        }
    }

    /// Drops the written mirroring port of those instances that play no mirroring role any more.
    mutating func removeUnusedMirroringPorts(_ instanceIDs: [String]) throws(TopologyEditError) {
        let unused = instanceIDs.filter { id in
            guard let instance = topology.sqlInstance(id), instance.mirroringPort != nil || instance.mirroringPortText != nil else { return false }
            return topology.mirroringRoles(of: instance).isEmpty
        }
        guard !unused.isEmpty else { return }
        try applyEdit { session throws(TopologyEditError) in
            for id in unused { MirrorEncoding.writePort(&session, nil, on: id) }
        }
    }

    /// The mirrorable stores of a pool's back end (User, Application and, when the CMS lives there,
    /// CentralMgmt), in document order.
    func backEndStores(of pool: Cluster) throws(TopologyEditError) -> (SQLInstance, [Store]) {
        guard let instance = topology.backEndInstance(of: pool) else { throw .noBackEnd(pool.fqdn) }
        let roles: Set<String> = ["userstore", "applicationstore", "centralmgmtstore"]
        let stores = topology.stores.filter { store in
            store.sqlInstanceID == instance.id && roles.contains(store.role.lowercased())
                && store.consumers.contains { $0.lowercased() == pool.fqdn.lowercased() }
        }
        return (instance, stores)
    }

    /// "Enable SQL Store mirroring" on a pool: mirrors every store of its back end to `mirror`.
    public mutating func enableBackEndMirroring(pool poolFQDN: String, mirror: SQLInstanceRef, witness: SQLInstanceRef? = nil,
                                                mirroringPort: Int? = nil, witnessPort: Int? = nil) throws(TopologyEditError) {
        let pool = try topology.requirePool(poolFQDN)
        let (instance, stores) = try backEndStores(of: pool)
        let primary = topology.reference(instance)
        try transaction { document throws(TopologyEditError) in
            for store in stores {
                try document.enableMirroring(store.role, on: primary, mirror: mirror, witness: witness,
                                             mirroringPort: mirroringPort, witnessPort: witnessPort)
            }
        }
    }

    /// Removes the mirroring of every store of a pool's back end.
    public mutating func disableBackEndMirroring(pool poolFQDN: String) throws(TopologyEditError) {
        let pool = try topology.requirePool(poolFQDN)
        let (instance, stores) = try backEndStores(of: pool)
        let mirrored = stores.filter { $0.mirror != nil }
        guard !mirrored.isEmpty else { throw .notMirrored(store: stores.first?.displayName ?? pool.fqdn) }
        let primary = topology.reference(instance)
        try transaction { document throws(TopologyEditError) in
            for store in mirrored { try document.disableMirroring(store.role, on: primary) }
        }
    }

    // MARK: Central Management Server

    /// Makes `pool` (a Front End pool or Standard Edition server) the Central Management Server: its
    /// CentralMgmt service (created when missing) becomes the active one, with a CentralMgmtStore on the
    /// pool's back-end instance (created when missing, and mirrored like the back end's UserStore); any other
    /// CentralMgmt service is set inactive.
    public mutating func setCentralManagement(pool poolFQDN: String) throws(TopologyEditError) {
        let pool = try topology.requirePool(poolFQDN)
        guard pool.kind == .enterprise || pool.kind == .standard else { throw .notAFrontEndPool(pool.fqdn) }
        guard let backEnd = topology.backEndInstance(of: pool) else { throw .noBackEnd(pool.fqdn) }
        let storeRole = RoleCatalog.centralManagementStoreRole
        let role = RoleCatalog.centralManagementRole
        let services = topology.services(on: pool.id)
        let existing = services.first { $0.roleName.lowercased() == role.lowercased() }
        let existingStore = topology.storeServices(role: storeRole, on: backEnd.id).first
        let userServices = services.first { $0.roleName.lowercased() == "userservices" }
        let fileStore = userServices?.dependencies.compactMap { topology.service($0.serviceID) }
            .first { $0.roleName.lowercased() == RoleCatalog.fileStoreRole }
        let others = topology.services.filter {
            $0.roleName.lowercased() == role.lowercased() && $0.isActiveCentralManagement == true && $0.id != existing?.id
        }
        let version = userServices?.serviceVersion ?? (topology.product ?? .lyncServer2013).rawValue
        // A CentralMgmt service that already has its store keeps it: only its IsActive changes.
        let hasStore = existing?.dependencies.contains { dependency in
            dependency.usage == .default && topology.service(dependency.serviceID)?.roleName.lowercased() == storeRole.lowercased()
        } ?? false
        if existing?.isActiveCentralManagement == true, others.isEmpty, hasStore { return }
        try transaction { document throws(TopologyEditError) in
            try document.applyEdit { session throws(TopologyEditError) in
                typealias NS = TopologyNamespace
                if let existing, hasStore {
                    try Self.setActive(&session, serviceID: existing.id, true)
                    for other in others { try Self.setActive(&session, serviceID: other.id, false) }
                    return
                }
                let backEndPlace = session.instanceRef(backEnd)
                let store: EditSession.ServiceRef
                var newStore: EditSession.NewService?
                if let existingStore {
                    store = session.serviceRef(existingStore)
                } else {
                    store = session.newServiceRef(role: storeRole, site: backEndPlace.cluster.siteID)
                    newStore = EditSession.NewService(ref: store, role: storeRole, placement: .instance(backEndPlace),
                                                      serviceVersion: version, roleVersion: session.roleVersion(storeRole))
                }
                if let existing {
                    try session.insertDependency(in: existing.id, on: store)
                    if let newStore { try session.insertService(newStore, after: existing.id) }
                    try Self.setActive(&session, serviceID: existing.id, true)
                } else {
                    let ref = session.newServiceRef(role: role, site: pool.siteID)
                    var dependencies = [store]
                    if let fileStore { dependencies.append(session.serviceRef(fileStore)) }
                    try session.insertService(EditSession.NewService(
                        ref: ref, role: role, placement: .cluster(session.clusterRef(pool)), dependencies: dependencies,
                        serviceVersion: version, roleVersion: session.roleVersion(role),
                        settings: RoleTemplates.settings(role, poolFQDN: pool.fqdn, isActiveCentralManagement: true)))
                    if let newStore { try session.insertService(newStore, after: ref.id) }
                }
                for other in others { try Self.setActive(&session, serviceID: other.id, false) }
            }
            // A CMS store on a mirrored back end is mirrored with it.
            guard let userStore = document.topology.stores.first(where: {
                $0.sqlInstanceID == backEnd.id && $0.role.lowercased() == "userstore"
            }), let mirror = userStore.mirror,
                  let cmsStore = document.topology.stores.first(where: { $0.sqlInstanceID == backEnd.id && $0.role.lowercased() == storeRole.lowercased() }),
                  cmsStore.mirror == nil else { return }
            try document.enableMirroring(storeRole, on: document.topology.reference(backEnd),
                                         mirror: SQLInstanceRef(sqlServer: mirror.sqlServer, instance: mirror.instance),
                                         witness: userStore.witness.map { SQLInstanceRef(sqlServer: $0.sqlServer, instance: $0.instance) })
        }
    }

    /// Sets `CentralMgmtService/@IsActive` of a service, adding the element when missing.
    static func setActive(_ session: inout EditSession, serviceID: String, _ active: Bool) throws(TopologyEditError) {
        typealias NS = TopologyNamespace
        guard let path = session.servicePath(serviceID) else { throw .unsupportedDocument("service \(serviceID) not found") }
        let value = active ? "true" : "false"
        if let settings = session.child(path, "CentralMgmtService", NS.serviceRoles) {
            session.tree.setAttribute("IsActive", value, at: settings)
        } else {
            session.tree.insert(XMLFragment("CentralMgmtService", NS.serviceRoles, [("IsActive", value)]), into: path)
        }
    }
}
