/// The disaster recovery steps of a runbook (see Restore/DisasterRecoveryPlanning.swift for the decisions): the
/// Central Management Server and the users moved to the paired pool, fresh backups taken from a surviving mirror
/// before anything is rebuilt, and the failback once the pool runs again.
extension RunbookBuilder {
    // The analysis's disaster recovery facts (Restore/DisasterRecoveryPlanning.swift) these steps read.
    var pairFailovers: [PairFailover] { analysis.pairFailovers }
    var centralManagementFailover: CentralManagementFailover? { analysis.centralManagementFailover }
    var centralManagementMovesThroughPair: Bool { analysis.centralManagementMovesThroughPair }
    var centralManagementHasFreshBackup: Bool { analysis.centralManagementHasFreshBackup }
    func hasFreshBackup(_ plan: RestoreStorePlan) -> Bool { analysis.hasFreshBackup(plan) }
    func alreadyFailedOver(_ plan: RestoreStorePlan) -> String? { analysis.alreadyFailedOver(plan) }

    // MARK: - Steps

    /// Service first through the pair: the CMS to the standby store, then the users to the backup pool.
    mutating func pairFailoverSteps() {
        for failover in pairFailovers {
            let pool = failover.pool.fqdn
            if failover.centralManagementInPool, let target = centralManagementFailover {
                var command = PowerShellCommand("Invoke-CsManagementServerFailover").adding("BackupSqlServerFqdn", .fqdn(target.sqlServer))
                    .adding(instanceName: target.standby.instance ?? "", as: "BackupSqlInstanceName")
                if let mirror = target.standby.mirrorSQLServer {
                    command = command.adding("BackupMirrorSqlServerFqdn", .fqdn(mirror))
                        .adding(instanceName: target.standby.mirrorInstance ?? "", as: "BackupMirrorSqlInstanceName")
                }
                let store = Self.display(target.sqlServer, target.standby.instance ?? "")
                    + (target.standby.mirrorSQLServer.map { ", mirrored to " + Self.display($0, target.standby.mirrorInstance ?? "") } ?? "")
                steps.append(RestoreStep(
                    title: "Move the Central Management Server to \(failover.backupPool)",
                    why: "The active Central Management Server runs in \(pool), which is out of service: nothing can be published or installed until it runs again. Its paired pool \(failover.backupPool) holds the standby Central Management store (\(store)), which the Backup Service kept up to date; -Force makes it the active store without the lost one.",
                    manual: ["Run this on a Front End server of \(failover.backupPool)."],
                    commands: [emit(command.adding(switch: "Force"))]))
            }
            let automatic = failover.pairing.enableAutomaticFailover == true
                ? " Automatic failover is enabled for this pair (failure detection \(failover.pairing.failureDetectionInterval ?? "as configured")); run the command anyway if the users have not been moved yet."
                : ""
            steps.append(RestoreStep(
                title: "Fail the users of \(pool) over to \(failover.backupPool)",
                why: "\(pool) is out of service and paired with \(failover.backupPool): its users sign in to the backup pool and keep working there while \(pool) is rebuilt. -DisasterMode is for a pool that is down, not drained.\(automatic)",
                commands: [emit(PowerShellCommand("Invoke-CsPoolFailOver").adding("PoolFqdn", .fqdn(pool)).adding(switch: "DisasterMode"))]))
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
                commands: [emit(PowerShellCommand("Invoke-CsPoolFailBack").adding("PoolFqdn", .fqdn(pool)))]))
        }
    }

    // MARK: - Fresh backups from a live copy

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
        return hasFreshBackup(plan) ? RestoreBackupFiles.freshSQLBackup(sqlServer: store.sqlServer, instance: store.instance, database: database)
                                    : RestoreBackupFiles.sqlBackup(sqlServer: store.sqlServer, instance: store.instance, database: database)
    }

    /// Where a restore step's data comes from, for its explanation.
    func backupSource(_ plan: RestoreStorePlan, _ export: String) -> String {
        hasFreshBackup(plan) ? "the fresh \(export) taken from the surviving mirror" : "the \(export) backup"
    }

    /// Before anything is rebuilt: make the surviving mirror principal where needed and back it up.
    mutating func freshBackupSteps() {
        let plans = storePlans.filter(hasFreshBackup)
        for group in Self.grouped(plans, by: { $0.store.mirror?.sqlInstanceID ?? "" }) {
            guard let first = group.first, let mirror = first.store.mirror else { continue }
            let mirrorName = Self.display(mirror.sqlServer, mirror.instance)
            var commands: [PowerShellCommand] = []
            var already: [String] = []
            for plan in group {
                let pool = plan.store.consumers.first ?? ""
                if let reason = alreadyFailedOver(plan) {
                    already.append(reason)
                    continue
                }
                commands.append(emit(PowerShellCommand("Invoke-CsDatabaseFailover").adding("PoolFqdn", .fqdn(pool))
                    .adding("DatabaseType", .text(plan.store.databaseType)).adding("NewPrincipal", .text("Mirror"))))
            }
            for plan in group {
                let store = plan.store
                switch store.role.lowercased() {
                case "centralmgmtstore":
                    commands.append(emit(PowerShellCommand("Export-CsConfiguration").adding("FileName", backupFile(RestoreBackupFiles.freshConfiguration))))
                    commands.append(emit(PowerShellCommand("Export-CsLisConfiguration").adding("FileName", backupFile(RestoreBackupFiles.freshLocationConfiguration))))
                case "userstore":
                    for pool in store.consumers {
                        commands.append(emit(PowerShellCommand("Export-CsUserData").adding("PoolFqdn", .fqdn(pool))
                            .adding("FileName", backupFile(RestoreBackupFiles.freshUserData(pool: pool)))))
                    }
                case "applicationstore":
                    for pool in store.consumers {
                        commands.append(emit(PowerShellCommand("Export-CsRgsConfiguration").adding("Source", .prefixedFQDN(prefix: "ApplicationServer:", fqdn: pool))
                            .adding("FileName", backupFile(RestoreBackupFiles.freshResponseGroups(pool: pool)))))
                    }
                default:
                    for database in store.catalogEntry?.databasesNeedingBackup ?? [] {
                        commands.append(emit(PowerShellCommand("Backup-SqlDatabase").adding("ServerInstance", .serverInstance(server: mirror.sqlServer, instance: mirror.instance))
                            .adding("Database", .text(database))
                            .adding("BackupFile", backupFile(RestoreBackupFiles.freshSQLBackup(sqlServer: store.sqlServer, instance: store.instance, database: database)))))
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
}
