/// Disaster recovery in a restore plan (Lync Server 2013 "Failing over a pool", "Failing over the Central
/// Management Server", "Failing back a pool", "Backing up and restoring the Central Management store"):
///
/// - a paired pool out of service (every Front End or its Standard Edition server lost, or its back end lost with
///   no live mirror) gets service back through its pair first: when the active CMS is in that pool,
///   `Invoke-CsManagementServerFailover` to the backup pool's standby store; then `Invoke-CsPoolFailOver
///   -DisasterMode`; the rebuild as usual; `Invoke-CsPoolFailBack` once the pool is back. The user data the Backup
///   Service replicates comes back through the pair, not from an export;
/// - a live copy is never replaced by an older backup: where a store is restored from backup while its mirror
///   still works (the active CMS's instance), the plan first backs the mirror up and the restore reads that fresh
///   backup;
/// - what the live deployment reports (`RestoreOptions.deploymentState`) keeps the plan from failing over what
///   already failed over, and a report that disagrees with the topology is a warning.
///
/// Decisions taken where the documentation is silent:
/// - the pool fails over to the backup its own Registrar names (a pairing declared by the other side only is
///   PAIR003's warning and is not followed);
/// - a Backup Service that lists no module is taken to replicate user and conference data and the CMS, as Lync
///   Server 2013 does by default; Response Group configuration is replicated only when `ApplicationServer.RGSDataStore`
///   is listed, otherwise it comes from its export as without a pair;
/// - when both pools of a pair are out of service, nothing fails over and the plan is the one without a pair.
///
/// This file holds what the analysis knows (which pools fail over through their pair, which stores come back
/// through it or from a fresh backup, what the live state says); Restore/DisasterRecoveryRunbook.swift holds the
/// steps.
extension RestorePlanner.Rule {
    public static let noStandbyCentralManagement = "RESTORE202"
    public static let pairAlsoLost = "RESTORE203"
    public static let alreadyFailedOver = "RESTORE204"
    public static let stateUnknownServer = "STATE101"
    public static let stateMirrorDisagrees = "STATE102"
}

/// The standby CMS the plan moves the Central Management Server to, its failover and the standby's SQL Server.
typealias CentralManagementFailover = (failover: PairFailover, standby: BackupCentralManagement, sqlServer: String)

/// A paired pool that the plan fails over to its backup pool.
struct PairFailover {
    var pool: Cluster
    var pairing: PoolPairing
    var backupPool: String
    /// The active Central Management Server runs in the failed pool.
    var centralManagementInPool: Bool
}

extension FailureAnalysis {
    // MARK: - Pools out of service and their pairs

    /// Works out, once the store plans are known, which pools are out of service and which of them fail over
    /// through their pair (`outOfService`, `pairFailovers`, `centralManagementFailover`): everything below reads
    /// these instead of looking again.
    mutating func analysePairs() {
        // A pool whose user store is re-created lost its users' data: out of service like a pool lost whole.
        var usersLost = Set<String>()
        for plan in storePlans where plan.treatment == .recreate || plan.treatment == .recreateWithMirror {
            guard plan.store.role.lowercased() == "userstore" else { continue }
            for consumer in plan.store.consumers { usersLost.insert(consumer.lowercased()) }
        }
        var out = Set<String>()
        for cluster in topology.clusters where cluster.kind == .enterprise || cluster.kind == .standard {
            if lostClusters.contains(cluster.id) || usersLost.contains(cluster.fqdn.lowercased()) { out.insert(cluster.id) }
        }
        outOfService = out
        var failovers: [PairFailover] = []
        for cluster in topology.clusters where isOutOfService(cluster) {
            guard let pairing = topology.pairing(ofPool: cluster.fqdn), pairing.backupIsRegistrar,
                  let backup = pairing.backupPool, backup.lowercased() != cluster.fqdn.lowercased() else { continue }
            if let backupCluster = topology.cluster(fqdn: backup), isOutOfService(backupCluster) { continue }
            let cms = topology.centralManagement.map { $0.pool.lowercased() == cluster.fqdn.lowercased() } ?? false
            failovers.append(PairFailover(pool: cluster, pairing: pairing, backupPool: backup, centralManagementInPool: cms))
        }
        pairFailovers = failovers
        centralManagementFailover = standbyFailover()
    }

    /// Every Front End lost, the Standard Edition server lost, or the pool's user store lost with no live mirror.
    func isOutOfService(_ cluster: Cluster) -> Bool { outOfService.contains(cluster.id) }

    /// The standby CMS the plan moves the Central Management Server to, when the active one is in a failed pool.
    /// The standby store must have survived; a standby mirror lost with it is left out of the failover (the plan
    /// re-creates it like any lost mirror).
    private func standbyFailover() -> CentralManagementFailover? {
        guard let failover = pairFailovers.first(where: \.centralManagementInPool),
              var standby = topology.backupCentralManagement, standby.pool.lowercased() == failover.backupPool.lowercased(),
              let server = standby.sqlServer, !standbyStoreLost else { return nil }
        if standbyMirrorLost {
            standby.mirrorSQLServer = nil
            standby.mirrorInstance = nil
        }
        return (failover, standby, server)
    }

    /// The standby store's SQL instance, and its mirror's, as the topology places them.
    var standbyInstances: (primary: String?, mirror: String?) {
        guard let id = topology.backupCentralManagement?.storeServiceID,
              let store = topology.stores.first(where: { $0.serviceID == id }) else { return (nil, nil) }
        return (store.sqlInstanceID, store.mirror?.sqlInstanceID)
    }

    /// True when the failure took the standby Central Management store's SQL instance too.
    var standbyStoreLost: Bool { standbyInstances.primary.map(isLost(instanceID:)) ?? true }

    /// True when the failure took the standby store's mirror.
    var standbyMirrorLost: Bool { standbyInstances.mirror.map(isLost(instanceID:)) ?? false }

    /// True when the CMS moves to the standby store: its restore from backup is not needed.
    var centralManagementMovesThroughPair: Bool { centralManagementFailover != nil }

    /// True when this store's data comes back through the pair (the Backup Service replicates it).
    func comesBackThroughPair(_ plan: RestoreStorePlan) -> Bool {
        let module: BackupModule
        switch plan.store.role.lowercased() {
        case "userstore": module = .userData
        case "applicationstore": module = .responseGroups
        default: return false
        }
        guard !pairFailovers.isEmpty else { return false }
        let consumers = Set(plan.store.consumers.map { $0.lowercased() })
        return pairFailovers.contains { failover in
            consumers.contains(failover.pool.fqdn.lowercased())
                && (failover.pairing.replicates(module) || (module == .userData && failover.pairing.backupModules.isEmpty))
        }
    }

    /// A re-created database whose data comes back through the pair (replicated user data, or the CMS that moved
    /// to the standby store) does not come from a backup.
    func throughPair(_ plan: RestoreStorePlan, _ database: RestoreDatabase) -> RestoreDatabase {
        guard database.restoreFromBackup else { return database }
        let replicated = comesBackThroughPair(plan)
            || (centralManagementMovesThroughPair && plan.store.serviceID == topology.centralManagement?.storeServiceID)
        guard replicated else { return database }
        var copy = database
        copy.restoreFromBackup = false
        return copy
    }

    /// Notes about pairs the plan cannot use.
    mutating func pairFindings() {
        for cluster in topology.clusters where isOutOfService(cluster) {
            guard let pairing = topology.pairing(ofPool: cluster.fqdn), let backup = pairing.backupPool,
                  let backupCluster = topology.cluster(fqdn: backup), isOutOfService(backupCluster) else { continue }
            findings.append(.warning(RestorePlanner.Rule.pairAlsoLost,
                                     "\(cluster.fqdn) and its backup pool \(backup) are both out of service: nothing can fail over, so the plan restores without the pair",
                                     at: pairing.location))
        }
        if let failover = pairFailovers.first(where: \.centralManagementInPool), !centralManagementMovesThroughPair {
            findings.append(.warning(RestorePlanner.Rule.noStandbyCentralManagement,
                                     topology.backupCentralManagement.map { $0.pool.lowercased() == failover.backupPool.lowercased() } == true
                                        ? "the active Central Management Server is in \(failover.pool.fqdn), which is out of service, and the standby Central Management store of \(failover.backupPool) is lost too: the plan restores the CMS from its backup"
                                        : "the active Central Management Server is in \(failover.pool.fqdn), which is out of service, but \(failover.backupPool) holds no standby Central Management store: the plan restores the CMS from its backup (without a standby, Move-CsManagementServer moves a lost CMS to another pool)",
                                     at: topology.centralManagement?.location))
        }
    }

    // MARK: - Fresh backups from a live copy

    /// The stores restored from backup while their mirror still works: their backup is taken fresh from the mirror.
    func hasFreshBackup(_ plan: RestoreStorePlan) -> Bool { plan.treatment == .restoreBothFromBackup }

    var centralManagementHasFreshBackup: Bool {
        storePlans.contains { $0.store.serviceID == topology.centralManagement?.storeServiceID && hasFreshBackup($0) }
    }

    /// The stores whose old backups the administrator must find (not those backed up fresh or coming back
    /// through the pair).
    func storesNeedingOldBackups(_ plans: [RestoreStorePlan]) -> [RestoreStorePlan] {
        plans.filter { !hasFreshBackup($0) && !comesBackThroughPair($0) }
    }

    // MARK: - Live state

    /// Why no failover is needed for this store, when the deployment reports its mirror principal already.
    func alreadyFailedOver(_ plan: RestoreStorePlan) -> String? {
        guard let state = deploymentState, let pool = plan.store.consumers.first else { return nil }
        let databases = Set(plan.store.databases.map { $0.lowercased() })
        let records = state.mirrorStates.filter { record in
            record.pool.lowercased() == pool.lowercased() && databases.contains(record.database.lowercased())
        }
        guard !records.isEmpty, records.allSatisfy(\.mirrorIsPrincipal) else { return nil }
        return "Get-CsDatabaseMirrorState reports \(records.map(\.database).joined(separator: ", ")) of \(pool) principal on the mirror already (an automatic failover happened): \(plan.store.databaseType) is not failed over again."
    }

    /// The deployment's reports that the topology does not explain.
    mutating func deploymentStateFindings() {
        guard let state = deploymentState else { return }
        func instance(_ server: String, _ name: String, any: Bool = false) -> SQLInstance? {
            topology.sqlInstances.first { candidate in
                candidate.sqlServer.lowercased() == server.lowercased()
                    && (any || candidate.instanceName.lowercased() == (name.uppercased() == "MSSQLSERVER" ? "" : name.lowercased()))
            }
        }
        func from(_ source: String?) -> String { source.map { " (\($0))" } ?? "" }
        let unknownNote = "the document may encode mirrors in a way this reader does not know yet"
        for record in state.databases {
            let where_ = Self.display(record.sqlServer, record.instance)
            guard let found = instance(record.sqlServer, record.instance, any: record.anyInstance) else {
                findings.append(.warning(RestorePlanner.Rule.stateUnknownServer,
                                         "the deployment reports \(record.database) on \(where_)\(from(record.source)), a SQL instance this topology does not have: the record is not used",
                                         at: nil))
                continue
            }
            if let partner = record.mirrorSQLServer, !partner.isEmpty, instance(partner, record.mirrorInstance ?? "") == nil {
                findings.append(.warning(RestorePlanner.Rule.stateUnknownServer,
                                         "the deployment reports \(record.database) on \(where_) mirrored to \(Self.display(partner, record.mirrorInstance ?? ""))\(from(record.source)), a SQL instance this topology does not have; \(unknownNote)",
                                         at: nil))
                continue
            }
            guard let reports = record.reportsMirror else { continue }
            let database = record.database.lowercased()
            // The store holding this database, as primary or as mirror.
            if let store = topology.stores.first(where: { $0.sqlInstanceID == found.id && $0.databases.contains { $0.lowercased() == database } }) {
                let partner = record.mirrorSQLServer.flatMap { $0.isEmpty ? nil : Self.display($0, record.mirrorInstance ?? "") }
                let topologyMirror = store.mirror.map { Self.display($0.sqlServer, $0.instance) }
                if reports, topologyMirror == nil {
                    findings.append(.warning(RestorePlanner.Rule.stateMirrorDisagrees,
                                             "the deployment reports \(record.database) on \(where_) mirrored\(partner.map { " to \($0)" } ?? "")\(from(record.source)), but the topology gives \(store.displayName) no mirror; \(unknownNote)",
                                             at: store.location))
                } else if !reports, let topologyMirror {
                    findings.append(.warning(RestorePlanner.Rule.stateMirrorDisagrees,
                                             "the topology mirrors \(store.displayName) to \(topologyMirror), but the deployment reports \(record.database) on \(where_) without a mirror\(from(record.source)); \(unknownNote)",
                                             at: store.location))
                } else if let partner, let topologyMirror, partner.lowercased() != topologyMirror.lowercased() {
                    findings.append(.warning(RestorePlanner.Rule.stateMirrorDisagrees,
                                             "the topology mirrors \(store.displayName) to \(topologyMirror), but the deployment reports \(record.database) on \(where_) mirrored to \(partner)\(from(record.source)); \(unknownNote)",
                                             at: store.location))
                }
            } else if reports, !topology.stores.contains(where: { $0.mirror?.sqlInstanceID == found.id }) {
                findings.append(.warning(RestorePlanner.Rule.stateMirrorDisagrees,
                                         "the deployment reports \(record.database) on \(where_) mirrored\(from(record.source)), but no store of this topology on that instance holds it; \(unknownNote)",
                                         at: nil))
            }
        }
        for record in state.mirrorStates where topology.cluster(fqdn: record.pool) == nil {
            findings.append(.warning(RestorePlanner.Rule.stateUnknownServer,
                                     "Get-CsDatabaseMirrorState reports \(record.database) for pool \(record.pool)\(from(record.source)), which this topology does not have: the record is not used",
                                     at: nil))
        }
    }
}
