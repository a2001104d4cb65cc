/// Derives what the document implies but does not spell out: each cluster's kind, each SQL instance's
/// server, the stores with their databases, consumers, mirror and witness, and the active CMS. Runs after
/// decoding and after every edit, so the derived facts never go stale. How mirrors, witnesses and mirroring
/// ports are written is `MirrorEncoding`'s: this pass hands it the dependencies and keeps what it decodes.
enum TopologyResolver {
    public static func resolve(kind: DocumentKind, signature: String?, defaultDomain: String?, domains: [InternalDomain],
                               sites: [Site], clusters: [Cluster], instances: [SQLInstance], services: [Service],
                               findings: [Finding], location: SourceLocation) -> Topology {
        var clusters = clusters
        var instances = instances
        var findings = findings
        var index = TopologyIndex()
        index.clusterByID.reserveCapacity(clusters.count)
        index.clusterByFQDN.reserveCapacity(clusters.count)
        index.sqlInstanceByID.reserveCapacity(instances.count)
        index.serviceByID.reserveCapacity(services.count)

        // The first of equal keys wins: assigned from the last to the first, one look-up per key instead of two.
        for position in clusters.indices.reversed() {
            index.clusterByID[clusters[position].id] = position
            index.clusterByFQDN[clusters[position].fqdn.folded] = position
        }
        for position in instances.indices.reversed() {
            index.sqlInstanceByID[instances[position].id] = position
        }
        for position in instances.indices {
            let clusterID = instances[position].clusterID
            if let cluster = index.clusterByID[clusterID] {
                instances[position].sqlServer = clusters[cluster].fqdn
            }
            index.sqlInstancesByCluster[clusterID, default: []].append(position)
        }
        for position in services.indices.reversed() {
            index.serviceByID[services[position].id] = position
        }
        for (position, service) in services.enumerated() {
            switch service.placement {
            case .cluster(let cluster): index.servicesByCluster[cluster, default: []].append(position)
            case .sqlInstance(let instance): index.storesOnInstance[instance, default: []].append(position)
            default: break
            }
        }

        // Cluster kinds.
        for position in clusters.indices {
            clusters[position].kind = kindOf(clusters[position], services: services, index: index, instances: instances)
        }

        // References from consumers to stores, and the mirroring relations they declare.
        let references = MirrorEncoding.readReferences(services: services, instances: instances, index: index)
        findings += references.findings

        var stores: [Store] = []
        for (position, service) in services.enumerated() {
            guard case .sqlInstance(let instanceID) = service.placement else { continue }
            // A witness store and a mirror copy are shown inside the store they serve.
            if MirrorEncoding.isServingStore(position, service, references) { continue }
            let consumers = references.defaultConsumers[position] ?? []
            if !references.referenced.contains(position) {
                findings.append(.warning(
                    "STORE001", "store \(service.displayName) is referenced by no service; it is kept, and may be a mirror or a store encoded another way",
                    at: service.location))
            }
            let instance = index.sqlInstanceByID[instanceID].map { instances[$0] }
            let entry = StoreCatalog.entry(for: service.roleName)
            if entry == nil {
                findings.append(.warning(
                    "STORE002", "store \(service.displayName) has role '\(service.roleName)', which lynctopo does not know: no databases are listed for it",
                    at: service.location))
            }
            var consumerFQDNs: [String] = []
            for consumer in consumers {
                var host: String?
                if case .cluster(let clusterID) = services[consumer].placement, let cluster = index.clusterByID[clusterID] {
                    host = clusters[cluster].fqdn
                }
                if let host, !consumerFQDNs.contains(where: { CaseFolding.equal($0, host) }) { consumerFQDNs.append(host) }
            }
            let (mirror, witness) = MirrorEncoding.pair(store: position, consumers: consumers, services: services, instances: instances,
                                                        index: index, references: references)
            let isStandAlone = instance.map { isDedicatedSQLServer(clusterID: $0.clusterID, services: services, index: index) } ?? false
            stores.append(Store(serviceID: service.id, role: service.roleName, catalogEntry: entry, sqlInstanceID: instanceID,
                                sqlServer: instance?.sqlServer ?? "", instance: instance?.instanceName ?? "",
                                product: service.product, databases: StoreCatalog.databases(for: service.roleName, product: service.product),
                                isStandAlone: isStandAlone, consumers: consumerFQDNs,
                                consumerServiceIDs: consumers.map { services[$0].id }, mirror: mirror, witness: witness,
                                isAlwaysOn: instance?.alwaysOnPrimary != nil, location: service.location))
        }
        var relations = references.relations
        MirrorEncoding.settlePorts(instances: instances, stores: &stores, index: index, relations: &relations, findings: &findings)

        // The active Central Management Server.
        var centralManagement: CentralManagement?
        for service in services where CaseFolding.equal(service.roleName, RoleCatalog.centralManagementRole)
            && service.isActiveCentralManagement == true {
            var pool = ""
            if case .cluster(let clusterID) = service.placement, let cluster = index.clusterByID[clusterID] { pool = clusters[cluster].fqdn }
            var cms = CentralManagement(serviceID: service.id, pool: pool, storeServiceID: nil, sqlServer: nil, instance: nil,
                                        location: service.location)
            for dependency in service.dependencies where dependency.usage == .default {
                guard let target = index.serviceByID[dependency.serviceID],
                      CaseFolding.equal(services[target].roleName, RoleCatalog.centralManagementStoreRole),
                      case .sqlInstance(let instanceID) = services[target].placement else { continue }
                cms.storeServiceID = services[target].id
                if let instance = index.sqlInstanceByID[instanceID].map({ instances[$0] }) {
                    cms.sqlServer = instance.sqlServer
                    cms.instance = instance.instanceName
                }
                break
            }
            centralManagement = cms
            break
        }

        let product = services.compactMap(\.product).max()
        var topology = Topology(kind: kind, product: product, signature: signature, defaultDomain: defaultDomain, domains: domains,
                                sites: sites, clusters: clusters, sqlInstances: instances, services: services, stores: stores,
                                centralManagement: centralManagement, findings: findings, location: location, index: index,
                                mirroring: relations)
        PoolPairingResolver.resolve(&topology)   // pool pairing and the standby CMS (PoolPairingResolver.swift)
        return topology
    }

    /// A SQL Server is dedicated when no Lync server role runs on its cluster (see `RoleCatalog`).
    static func isDedicatedSQLServer(clusterID: String, services: [Service], index: TopologyIndex) -> Bool {
        for position in index.servicesByCluster[clusterID] ?? [] where RoleCatalog.isLyncServerRole(services[position].roleName) {
            return false
        }
        return true
    }

    static func kindOf(_ cluster: Cluster, services: [Service], index: TopologyIndex, instances: [SQLInstance]) -> PoolKind {
        let hosted = index.servicesByCluster[cluster.id] ?? []
        var roles = Set<String>(minimumCapacity: hosted.count)
        var isDirector = false
        var hasLyncServerRole = false
        for position in hosted {
            roles.insert(services[position].roleName.folded)
            if services[position].isDirector == true { isDirector = true }
            if RoleCatalog.isLyncServerRole(services[position].roleName) { hasLyncServerRole = true }
        }
        if !roles.isDisjoint(with: RoleCatalog.frontEndRoles) && !(isDirector && !roles.contains("userservices")) {
            if cluster.isSingleMachineOnly == true { return .standard }
            // A Front End whose user store sits on its own SQL instance is a Standard Edition server.
            let ownInstances = Set((index.sqlInstancesByCluster[cluster.id] ?? []).map { instances[$0].id })
            for position in hosted where services[position].roleName.folded == "userservices" {
                for dependency in services[position].dependencies where dependency.usage == .default {
                    if let target = index.serviceByID[dependency.serviceID], case .sqlInstance(let instance) = services[target].placement,
                       ownInstances.contains(instance) {
                        return .standard
                    }
                }
            }
            return .enterprise
        }
        if roles.contains(RoleCatalog.edgeRole) { return .edge }
        let hasInstances = !(index.sqlInstancesByCluster[cluster.id] ?? []).isEmpty
        if hasInstances && !hasLyncServerRole { return .sql }
        if !roles.isEmpty && roles.allSatisfy({ $0 == RoleCatalog.fileStoreRole }) { return .file }
        return .other
    }
}
