/// Edits of SQL store mirroring and of the Central Management Server. Mirrors and witnesses are written in
/// the reference encoding of `MirrorEncoding` (the one place that knows it): a second store service of the
/// same role on the mirror instance reached by a `Usage="Mirror"` dependency, a `WitnessStore` service on the
/// witness instance reached by a `Usage="Witness"` dependency, and `MirroringPort` on each instance.
extension TopologyDocument {
    /// Mirrors the store of `role` on `primary` to `mirror`, optionally with a witness for automatic
    /// failover. `mirroringPort` is the partners' endpoint port and `witnessPort` the witness's; nil keeps a
    /// port already written on the instance, else writes the default (5022 and 7022).
    public mutating func enableMirroring(_ role: String, on primary: SqlInstanceRef, mirror: SqlInstanceRef,
                                         witness: SqlInstanceRef? = nil, mirroringPort: Int? = nil,
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
            throw .alreadyMirrored(store: store.displayName, mirror: SqlInstanceRef(sqlServer: existing.sqlServer, instance: existing.instance))
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
        var witnessInstance: SqlInstance?
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
            for dependency in consumer.dependencies where dependency.usage == .witness {
                guard let current = topology.service(dependency.serviceID), case .sqlInstance(let instanceID) = current.placement,
                      instanceID != witnessInstance?.id else { continue }
                let currentRef = topology.sqlInstance(instanceID).map { topology.reference($0) } ?? SqlInstanceRef(sqlServer: "", instance: "")
                throw .conflictingWitness(consumer: consumer.displayName, witness: currentRef)
            }
        }
        // Mirroring ports: explicit, else as written, else the default; none shared on one server.
        let partnerPort = { (instance: SqlInstance) in mirroringPort ?? instance.mirroringPort ?? MirrorEncoding.defaultPartnerPort }
        try EditChecks.portFree(partnerPort(primaryInstance), for: primaryInstance, in: topology)
        try EditChecks.portFree(partnerPort(mirrorInstance), for: mirrorInstance, in: topology)
        var ports: [(SqlInstance, Int)] = [(primaryInstance, partnerPort(primaryInstance)), (mirrorInstance, partnerPort(mirrorInstance))]
        if let witnessInstance {
            let port = witnessPort ?? witnessInstance.mirroringPort ?? MirrorEncoding.defaultWitnessPort
            try EditChecks.portFree(port, for: witnessInstance, in: topology)
            ports.append((witnessInstance, port))
        }
        let version = service.serviceVersion ?? (topology.product ?? .lyncServer2013).rawValue
        try applyEdit { session throws(TopologyEditError) in
            let mirrorPlace = session.instanceRef(mirrorInstance)
            let mirrorService = session.newServiceRef(role: service.roleName, site: mirrorPlace.cluster.siteID)
            try session.insertService(EditSession.NewService(ref: mirrorService, role: service.roleName, placement: .instance(mirrorPlace),
                                                             serviceVersion: version,
                                                             roleVersion: service.roleVersion ?? session.roleVersion(service.roleName)),
                                      after: service.id)
            var witnessService: EditSession.ServiceRef?
            if let witnessInstance {
                if let existing = session.topology.storeServices(role: MirrorEncoding.witnessRole, on: witnessInstance.id).first {
                    witnessService = session.serviceRef(existing)
                } else {
                    let place = session.instanceRef(witnessInstance)
                    let ref = session.newServiceRef(role: MirrorEncoding.witnessRole, site: place.cluster.siteID)
                    try session.insertService(EditSession.NewService(ref: ref, role: MirrorEncoding.witnessRole, placement: .instance(place),
                                                                     serviceVersion: version,
                                                                     roleVersion: session.roleVersion(MirrorEncoding.witnessRole)),
                                              after: mirrorService.id)
                    witnessService = ref
                }
            }
            for consumer in store.consumerServiceIDs {
                try session.insertDependency(in: consumer, on: mirrorService, usage: MirrorEncoding.mirrorUsage,
                                             after: service.id, afterUsage: MirrorEncoding.defaultUsage)
                if let witnessService, !session.dependencies(of: consumer).contains(where: {
                    $0.target == witnessService.id && MirrorEncoding.usage($0.usage) == .witness
                }) {
                    try session.insertDependency(in: consumer, on: witnessService, usage: MirrorEncoding.witnessUsage,
                                                 after: mirrorService.id, afterUsage: MirrorEncoding.mirrorUsage)
                }
            }
            for (instance, port) in ports where instance.mirroringPort != port || instance.mirroringPortText != nil {
                guard let path = session.instancePath(instance.id) else { continue }
                session.tree.setAttribute(MirrorEncoding.mirroringPortAttribute, String(port), at: path)
            }
        }
    }

    /// Removes the mirror (and the witness, when nothing else uses it) of the store of `role` on `primary`.
    /// `MirroringPort` is removed from instances left in no mirroring relation.
    public mutating func disableMirroring(_ role: String, on primary: SqlInstanceRef) throws(TopologyEditError) {
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
                for id in serviceIDs {
                    let dependencies = session.dependencies(of: id)
                    guard dependencies.contains(where: { $0.target == mirror.serviceID && MirrorEncoding.usage($0.usage) == .mirror }) else { continue }
                    session.removeDependencies(of: id, on: mirror.serviceID, usage: .mirror)
                    if !session.dependencies(of: id).contains(where: { MirrorEncoding.usage($0.usage) == .mirror }) {
                        for dependency in session.dependencies(of: id) where MirrorEncoding.usage(dependency.usage) == .witness {
                            session.removeDependencies(of: id, on: dependency.target, usage: .witness)
                        }
                    }
                }
                func referenced(_ target: String) -> Bool {
                    serviceIDs.contains { id in session.dependencies(of: id).contains { $0.target == target } }
                }
                if !referenced(mirror.serviceID) { session.removeService(mirror.serviceID) }
                if let witness, !referenced(witness.serviceID) { session.removeService(witness.serviceID) }
            }
            try document.removeUnusedMirroringPorts([primaryInstance.id, mirror.sqlInstanceID, witness?.sqlInstanceID].compactMap { $0 })
        }
    }

    /// Drops `MirroringPort` from those instances that no mirror relation uses any more.
    mutating func removeUnusedMirroringPorts(_ instanceIDs: [String]) throws(TopologyEditError) {
        let unused = instanceIDs.filter { id in
            guard let instance = topology.sqlInstance(id), instance.mirroringPort != nil || instance.mirroringPortText != nil else { return false }
            return !topology.stores.contains { store in
                (store.mirror != nil && store.sqlInstanceID == id) || store.mirror?.sqlInstanceID == id || store.witness?.sqlInstanceID == id
            }
        }
        guard !unused.isEmpty else { return }
        try applyEdit { session throws(TopologyEditError) in
            for id in unused {
                if let path = session.instancePath(id) { session.tree.setAttribute(MirrorEncoding.mirroringPortAttribute, nil, at: path) }
            }
        }
    }

    /// The mirrorable stores of a pool's back end (User, Application and, when the CMS lives there,
    /// CentralMgmt), in document order.
    func backEndStores(of pool: Cluster) throws(TopologyEditError) -> (SqlInstance, [Store]) {
        guard let instance = topology.backEndInstance(of: pool) else { throw .noBackEnd(pool.fqdn) }
        let roles: Set<String> = ["userstore", "applicationstore", "centralmgmtstore"]
        let stores = topology.stores.filter { store in
            store.sqlInstanceID == instance.id && roles.contains(store.role.lowercased())
                && store.consumers.contains { $0.lowercased() == pool.fqdn.lowercased() }
        }
        return (instance, stores)
    }

    /// "Enable SQL Store mirroring" on a pool: mirrors every store of its back end to `mirror`.
    public mutating func enableBackEndMirroring(pool poolFQDN: String, mirror: SqlInstanceRef, witness: SqlInstanceRef? = nil,
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
                    try session.insertDependency(in: existing.id, on: store, usage: MirrorEncoding.defaultUsage)
                    if let newStore { try session.insertService(newStore, after: existing.id) }
                    try Self.setActive(&session, serviceID: existing.id, true)
                } else {
                    let ref = session.newServiceRef(role: role, site: pool.siteID)
                    var dependencies = [(store, MirrorEncoding.defaultUsage)]
                    if let fileStore { dependencies.append((session.serviceRef(fileStore), MirrorEncoding.defaultUsage)) }
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
                                         mirror: SqlInstanceRef(sqlServer: mirror.sqlServer, instance: mirror.instance),
                                         witness: userStore.witness.map { SqlInstanceRef(sqlServer: $0.sqlServer, instance: $0.instance) })
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
