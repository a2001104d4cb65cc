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
extension RestorePlanner.Rule {
    public static let noStandbyCentralManagement = "RESTORE202"
    public static let pairAlsoLost = "RESTORE203"
    public static let alreadyFailedOver = "RESTORE204"
    public static let stateUnknownServer = "STATE101"
    public static let stateMirrorDisagrees = "STATE102"
}

/// A paired pool that the plan fails over to its backup pool.
struct PairFailover {
    var pool: Cluster
    var pairing: PoolPairing
    var backupPool: String
    /// The active Central Management Server runs in the failed pool.
    var centralManagementInPool: Bool
}

extension Planner {
    // MARK: - Pools out of service and their pairs

    /// Every Front End lost, the Standard Edition server lost, or the pool's user store lost with no live mirror.
    func isOutOfService(_ cluster: Cluster) -> Bool {
        guard cluster.kind == .enterprise || cluster.kind == .standard else { return false }
        if lostClusters.contains(cluster.id) { return true }
        let fqdn = cluster.fqdn.lowercased()
        return storePlans.contains { plan in
            plan.store.role.lowercased() == "userstore" && (plan.treatment == .recreate || plan.treatment == .recreateWithMirror)
                && plan.store.consumers.contains { $0.lowercased() == fqdn }
        }
    }

    /// The paired pools out of service whose backup pool still runs, in topology order.
    var pairFailovers: [PairFailover] {
        var result: [PairFailover] = []
        for cluster in topology.clusters where isOutOfService(cluster) {
            guard let pairing = topology.pairing(ofPool: cluster.fqdn), pairing.backupIsRegistrar,
                  let backup = pairing.backupPool, backup.lowercased() != cluster.fqdn.lowercased() else { continue }
            if let backupCluster = topology.cluster(fqdn: backup), isOutOfService(backupCluster) { continue }
            let cms = topology.centralManagement.map { $0.pool.lowercased() == cluster.fqdn.lowercased() } ?? false
            result.append(PairFailover(pool: cluster, pairing: pairing, backupPool: backup, centralManagementInPool: cms))
        }
        return result
    }

    /// The standby CMS the plan moves the Central Management Server to, when the active one is in a failed pool.
    var centralManagementFailover: (failover: PairFailover, standby: BackupCentralManagement, sqlServer: String)? {
        guard let failover = pairFailovers.first(where: \.centralManagementInPool),
              let standby = topology.backupCentralManagement, standby.pool.lowercased() == failover.backupPool.lowercased(),
              let server = standby.sqlServer else { return nil }
        return (failover, standby, server)
    }

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
                                     "the active Central Management Server is in \(failover.pool.fqdn), which is out of service, but \(failover.backupPool) holds no standby Central Management store: the plan restores the CMS from its backup (without a standby, Move-CsManagementServer moves a lost CMS to another pool)",
                                     at: topology.centralManagement?.location))
        }
    }

    // MARK: - Steps

    /// Service first through the pair: the CMS to the standby store, then the users to the backup pool.
    mutating func pairFailoverSteps() {
        pairFindings()
        for failover in pairFailovers {
            let pool = failover.pool.fqdn
            if failover.centralManagementInPool, let target = centralManagementFailover {
                var command = ShellCommand("Invoke-CsManagementServerFailover").with("BackupSqlServerFqdn", .fqdn(target.sqlServer))
                    .instanceName(target.standby.instance ?? "", parameter: "BackupSqlInstanceName")
                if let mirror = target.standby.mirrorSqlServer {
                    command = command.with("BackupMirrorSqlServerFqdn", .fqdn(mirror))
                        .instanceName(target.standby.mirrorInstance ?? "", parameter: "BackupMirrorSqlInstanceName")
                }
                let store = Self.display(target.sqlServer, target.standby.instance ?? "")
                    + (target.standby.mirrorSqlServer.map { ", mirrored to " + Self.display($0, target.standby.mirrorInstance ?? "") } ?? "")
                steps.append(RestoreStep(
                    title: "Move the Central Management Server to \(failover.backupPool)",
                    why: "The active Central Management Server runs in \(pool), which is out of service: nothing can be published or installed until it runs again. Its paired pool \(failover.backupPool) holds the standby Central Management store (\(store)), which the Backup Service kept up to date; -Force makes it the active store without the lost one.",
                    manual: ["Run this on a Front End server of \(failover.backupPool)."],
                    commands: [emit(command.flag("Force"))]))
            }
            let automatic = failover.pairing.enableAutomaticFailover == true
                ? " Automatic failover is enabled for this pair (failure detection \(failover.pairing.failureDetectionInterval ?? "as configured")); run the command anyway if the users have not been moved yet."
                : ""
            steps.append(RestoreStep(
                title: "Fail the users of \(pool) over to \(failover.backupPool)",
                why: "\(pool) is out of service and paired with \(failover.backupPool): its users sign in to the backup pool and keep working there while \(pool) is rebuilt. -DisasterMode is for a pool that is down, not drained.\(automatic)",
                commands: [emit(ShellCommand("Invoke-CsPoolFailOver").with("PoolFqdn", .fqdn(pool)).flag("DisasterMode"))]))
        }
    }

    /// Once the pool is back: fail its users back; the data replicated meanwhile comes back with them.
    mutating func pairFailbackSteps() {
        for failover in pairFailovers {
            let pool = failover.pool.fqdn
            var why = "\(pool) runs again: failback signs its users back in to it."
            let userData = failover.pairing.replicates(.userData) || failover.pairing.backupModules.isEmpty
            if userData {
                why += " The Backup Service replicated their data (contacts, groups, scheduled conferences) to \(failover.backupPool) and kept it while they were there: it comes back through the pair, newer than any export, so no Import-CsUserData is run."
            }
            var manual: [String] = []
            if failover.centralManagementInPool && centralManagementMovesThroughPair {
                manual.append("The Central Management Server stays in \(failover.backupPool) after failback. To move it home later, run Invoke-CsManagementServerFailover on a Front End server of \(pool) (Lync Server 2013 \"Failing over the Central Management Server\").")
            }
            steps.append(RestoreStep(
                title: "Fail the users of \(pool) back from \(failover.backupPool)",
                why: why, manual: manual,
                commands: [emit(ShellCommand("Invoke-CsPoolFailBack").with("PoolFqdn", .fqdn(pool)))]))
        }
    }

    // MARK: - Fresh backups from a live copy

    /// The stores restored from backup while their mirror still works: their backup is taken fresh from the mirror.
    func hasFreshBackup(_ plan: RestoreStorePlan) -> Bool { plan.treatment == .restoreBothFromBackup }

    var centralManagementHasFreshBackup: Bool {
        storePlans.contains { $0.store.serviceID == topology.centralManagement?.storeServiceID && hasFreshBackup($0) }
    }

    func configurationFileName() -> String {
        centralManagementHasFreshBackup ? RestoreBackupFiles.freshConfiguration : RestoreBackupFiles.configuration
    }

    func locationConfigurationFileName() -> String {
        centralManagementHasFreshBackup ? RestoreBackupFiles.freshLocationConfiguration : RestoreBackupFiles.locationConfiguration
    }

    func userDataFileName(_ plan: RestoreStorePlan, pool: String) -> String {
        hasFreshBackup(plan) ? RestoreBackupFiles.freshUserData(pool: pool) : RestoreBackupFiles.userData(pool: pool)
    }

    func responseGroupsFileName(_ plan: RestoreStorePlan, pool: String) -> String {
        hasFreshBackup(plan) ? RestoreBackupFiles.freshResponseGroups(pool: pool) : RestoreBackupFiles.responseGroups(pool: pool)
    }

    func sqlBackupFileName(_ plan: RestoreStorePlan, database: String) -> String {
        let store = plan.store
        return hasFreshBackup(plan) ? RestoreBackupFiles.freshSqlBackup(sqlServer: store.sqlServer, instance: store.instance, database: database)
                                    : RestoreBackupFiles.sqlBackup(sqlServer: store.sqlServer, instance: store.instance, database: database)
    }

    /// Where a restore step's data comes from, for its explanation.
    func backupSource(_ plan: RestoreStorePlan, _ export: String) -> String {
        hasFreshBackup(plan) ? "the fresh \(export) taken from the surviving mirror" : "the \(export) backup"
    }

    /// The stores whose old backups the administrator must find (not those backed up fresh or coming back
    /// through the pair).
    func storesNeedingOldBackups(_ plans: [RestoreStorePlan]) -> [RestoreStorePlan] {
        plans.filter { !hasFreshBackup($0) && !comesBackThroughPair($0) }
    }

    /// Before anything is rebuilt: make the surviving mirror principal where needed and back it up.
    mutating func freshBackupSteps() {
        let plans = storePlans.filter(hasFreshBackup)
        for group in Self.grouped(plans, by: { $0.store.mirror?.sqlInstanceID ?? "" }) {
            guard let first = group.first, let mirror = first.store.mirror else { continue }
            let mirrorName = Self.display(mirror.sqlServer, mirror.instance)
            var commands: [String] = []
            var already: [String] = []
            for plan in group {
                let pool = plan.store.consumers.first ?? ""
                if let reason = alreadyFailedOver(plan) {
                    already.append(reason)
                    continue
                }
                commands.append(emit(ShellCommand("Invoke-CsDatabaseFailover").with("PoolFqdn", .fqdn(pool))
                    .with("DatabaseType", .text(plan.store.databaseType)).with("NewPrincipal", .text("Mirror"))))
            }
            for plan in group {
                let store = plan.store
                switch store.role.lowercased() {
                case "centralmgmtstore":
                    commands.append(emit(ShellCommand("Export-CsConfiguration").with("FileName", backupFile(RestoreBackupFiles.freshConfiguration))))
                    commands.append(emit(ShellCommand("Export-CsLisConfiguration").with("FileName", backupFile(RestoreBackupFiles.freshLocationConfiguration))))
                case "userstore":
                    for pool in store.consumers {
                        commands.append(emit(ShellCommand("Export-CsUserData").with("PoolFqdn", .fqdn(pool))
                            .with("FileName", backupFile(RestoreBackupFiles.freshUserData(pool: pool)))))
                    }
                case "applicationstore":
                    for pool in store.consumers {
                        commands.append(emit(ShellCommand("Export-CsRgsConfiguration").with("Source", .prefixed("ApplicationServer:", fqdn: pool))
                            .with("FileName", backupFile(RestoreBackupFiles.freshResponseGroups(pool: pool)))))
                    }
                default:
                    for database in store.catalogEntry?.databasesNeedingBackup ?? [] {
                        commands.append(emit(ShellCommand("Backup-SqlDatabase").with("ServerInstance", .serverInstance(mirror.sqlServer, mirror.instance))
                            .with("Database", .text(database))
                            .with("BackupFile", backupFile(RestoreBackupFiles.freshSqlBackup(sqlServer: store.sqlServer, instance: store.instance, database: database)))))
                    }
                }
            }
            var why = "The primary \(Self.display(first.store.sqlServer, first.store.instance)) is lost but its mirror \(mirrorName) still holds the live data. As the Lync Server 2013 procedure for the Central Management store says, the mirror is backed up now and both the primary and the mirror are restored from that fresh backup: an older backup would lose every change made since it was taken. The mirror becomes the principal first, so that the exports read it."
            if let witness = first.store.witness, !first.witnessLost, already.count < group.count {
                why += " With the witness \(Self.display(witness.sqlServer, witness.instance)) alive the failover is automatic and has probably happened already: Get-CsDatabaseMirrorState shows it; run Invoke-CsDatabaseFailover only for a database still waiting on the lost primary."
            }
            if !already.isEmpty { why += " " + already.joined(separator: " ") }
            steps.append(RestoreStep(title: "Take a fresh backup from the surviving mirror \(mirrorName): \(Self.types(group))", why: why,
                                     commands: commands))
        }
    }

    // MARK: - Live state

    /// Why no failover is needed for this store, when the deployment reports its mirror principal already.
    func alreadyFailedOver(_ plan: RestoreStorePlan) -> String? {
        guard let state = options.deploymentState, let pool = plan.store.consumers.first else { return nil }
        let databases = Set(plan.store.databases.map { $0.lowercased() })
        let records = state.mirrorStates.filter { record in
            record.pool.lowercased() == pool.lowercased() && databases.contains(record.database.lowercased())
        }
        guard !records.isEmpty, records.allSatisfy(\.mirrorIsPrincipal) else { return nil }
        return "Get-CsDatabaseMirrorState reports \(records.map(\.database).joined(separator: ", ")) of \(pool) principal on the mirror already (an automatic failover happened): \(plan.store.databaseType) is not failed over again."
    }

    /// The deployment's reports that the topology does not explain.
    mutating func deploymentStateFindings() {
        guard let state = options.deploymentState else { return }
        func instance(_ server: String, _ name: String, any: Bool = false) -> SqlInstance? {
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
            if let partner = record.mirrorSqlServer, !partner.isEmpty, instance(partner, record.mirrorInstance ?? "") == nil {
                findings.append(.warning(RestorePlanner.Rule.stateUnknownServer,
                                         "the deployment reports \(record.database) on \(where_) mirrored to \(Self.display(partner, record.mirrorInstance ?? ""))\(from(record.source)), a SQL instance this topology does not have; \(unknownNote)",
                                         at: nil))
                continue
            }
            guard let reports = record.reportsMirror else { continue }
            let database = record.database.lowercased()
            // The store holding this database, as primary or as mirror.
            if let store = topology.stores.first(where: { $0.sqlInstanceID == found.id && $0.databases.contains { $0.lowercased() == database } }) {
                let partner = record.mirrorSqlServer.flatMap { $0.isEmpty ? nil : Self.display($0, record.mirrorInstance ?? "") }
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
