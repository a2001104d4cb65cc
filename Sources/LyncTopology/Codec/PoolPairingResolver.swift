/// Derives the pool pairings and the standby Central Management store from the services: each `<Backup>` becomes
/// a `PoolPairing` (resolved to the two pools' FQDNs, with the pool's Backup Service modules), and the inactive
/// CentralMgmt service with its store becomes `Topology.backupCentralManagement`. Runs at the end of
/// `TopologyResolver.resolve`, so edits keep it current.
enum PoolPairingResolver {
    static let registrarRole = "registrar"
    static let backupServiceRole = "backupservice"

    static func resolve(_ topology: inout Topology) {
        topology.poolPairings = pairings(topology)
        topology.backupCentralManagement = standbyCentralManagement(topology)
    }

    static func pairings(_ topology: Topology) -> [PoolPairing] {
        var pairings: [PoolPairing] = []
        for service in topology.services {
            guard let backupID = service.backupServiceID else { continue }
            let cluster = topology.hostCluster(of: service)
            let target = topology.service(backupID)
            let backupCluster = target.flatMap { topology.hostCluster(of: $0) }
            var modules: [BackupModule] = []
            if let cluster {
                for backupService in topology.services(on: cluster.id) where backupService.roleName.folded == backupServiceRole {
                    for module in backupService.backupModules where !modules.contains(where: { $0.matches(module) }) { modules.append(module) }
                }
            }
            pairings.append(PoolPairing(
                registrarServiceID: service.id, pool: cluster?.fqdn ?? "", poolKind: cluster?.kind, backupServiceID: backupID,
                backupPool: backupCluster?.fqdn, backupPoolKind: backupCluster?.kind,
                backupIsRegistrar: target?.roleName.folded == registrarRole,
                isReciprocal: target?.backupServiceID == service.id,
                enableAutomaticFailover: service.backupSettings?.enableAutomaticFailover,
                failbackDetectionInterval: service.backupSettings?.failbackDetectionInterval,
                failureDetectionInterval: service.backupSettings?.failureDetectionInterval,
                backupModules: modules, location: service.backupSettings?.location ?? service.location))
        }
        return pairings
    }

    /// The inactive CentralMgmt service; when there are several, the one in the pool paired with the active CMS's.
    static func standbyCentralManagement(_ topology: Topology) -> BackupCentralManagement? {
        let role = RoleCatalog.centralManagementRole.folded
        let standby = topology.services.filter { $0.roleName.folded == role && $0.isActiveCentralManagement == false }
        guard !standby.isEmpty else { return nil }
        let pairedPool = topology.centralManagement.flatMap { topology.backupPool(of: $0.pool, in: pairings(topology)) }
        let chosen = standby.first { service in
            guard let pairedPool, let pool = topology.hostCluster(of: service)?.fqdn else { return false }
            return CaseFolding.equal(pool, pairedPool)
        } ?? standby[0]
        var cms = BackupCentralManagement(serviceID: chosen.id, pool: topology.hostCluster(of: chosen)?.fqdn ?? "", storeServiceID: nil,
                                          sqlServer: nil, instance: nil, mirrorSQLServer: nil, mirrorInstance: nil, location: chosen.location)
        for dependency in chosen.dependencies where dependency.usage == .default {
            guard let target = topology.service(dependency.serviceID),
                  CaseFolding.equal(target.roleName, RoleCatalog.centralManagementStoreRole),
                  case .sqlInstance(let instanceID) = target.placement else { continue }
            cms.storeServiceID = target.id
            if let instance = topology.sqlInstance(instanceID) {
                cms.sqlServer = instance.sqlServer
                cms.instance = instance.instanceName
            }
            if let mirror = topology.stores.first(where: { $0.serviceID == target.id })?.mirror {
                cms.mirrorSQLServer = mirror.sqlServer
                cms.mirrorInstance = mirror.instance
            }
            break
        }
        return cms
    }
}

extension Topology {
    func backupPool(of fqdn: String, in pairings: [PoolPairing]) -> String? {
        if let own = pairings.first(where: { CaseFolding.equal($0.pool, fqdn) }) { return own.backupPool }
        return pairings.first { $0.backupPool?.folded == fqdn.folded }?.pool
    }
}
