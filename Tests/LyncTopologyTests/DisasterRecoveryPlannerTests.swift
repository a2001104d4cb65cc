import LyncTopology
import Testing

/// Restore with paired pools (Lync Server 2013 "Failing over a pool", "Failing over the Central Management Server",
/// "Failing back a pool") and fresh backups from live copies ("Backing up and restoring the Central Management
/// store"), on topologies/paired-pools.xml: pool01 (fe11, fe12; back end sql11\rtc, not mirrored, active CMS;
/// Archiving/Monitoring on sql12\archmon mirrored to sql13\archmon) paired with pool02 (fe21, fe22; back end
/// sql21\rtc mirrored to sql22\rtc with witness sqlw21\witness, holding the standby CMS). The fixture
/// paired-pools-cms-in-pool02.xml is the same with the active and standby CMS swapped.
@Suite("restore: paired pools and live copies")
struct DisasterRecoveryPlannerTests {
    static func paired() throws -> TopologyDocument { try sample("paired-pools.xml") }
    static func cmsInPool02() throws -> TopologyDocument { try fixtureDocument("paired-pools-cms-in-pool02.xml") }

    @Test("every Front End of pool01 lost: the CMS moves to pool02's mirrored standby store, users fail over, then back")
    func frontEndsLost() throws {
        let plan = restore(try Self.paired(), ["pool01.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.commandLines == [
            "Invoke-CsManagementServerFailover -BackupSqlServerFqdn 'sql21.contoso.com' -BackupSqlInstanceName 'rtc' -BackupMirrorSqlServerFqdn 'sql22.contoso.com' -BackupMirrorSqlInstanceName 'rtc' -Force",
            "Invoke-CsPoolFailOver -PoolFqdn 'pool01.contoso.com' -DisasterMode",
            "Invoke-CsPoolFailBack -PoolFqdn 'pool01.contoso.com'",
            "Get-CsManagementStoreReplicationStatus -ReplicaFqdn 'fe11.contoso.com'",
            "Get-CsManagementStoreReplicationStatus -ReplicaFqdn 'fe12.contoso.com'",
        ])
        let move = try #require(plan.stepIndex("Move the Central Management Server to pool02.contoso.com"))
        let failOver = try #require(plan.stepIndex("Fail the users of pool01.contoso.com over to pool02.contoso.com"))
        let rebuild = try #require(plan.stepIndex("Rebuild fe11.contoso.com"))
        let wizard = try #require(plan.stepIndex("Install Lync Server on fe12.contoso.com"))
        let failBack = try #require(plan.stepIndex("Fail the users of pool01.contoso.com back from pool02.contoso.com"))
        #expect(move < failOver && failOver < rebuild && rebuild < wizard && wizard < failBack)
        #expect(plan.steps[move].manual == ["Run this on a Front End server of pool02.contoso.com."])
        #expect(plan.steps[failBack].manual.contains { $0.contains("The Central Management Server stays in pool02.contoso.com") })
    }

    @Test("pool01's back end (no mirror, active CMS) lost: service through the pair, rebuild, no stale user data import, failback")
    func backEndLost() throws {
        let plan = restore(try Self.paired(), ["sql11.contoso.com"], options: RestoreOptions(backupFolder: "D:\\Backups"))
        #expect(!plan.isBlocked)
        #expect(plan.commandLines == [
            "Invoke-CsManagementServerFailover -BackupSqlServerFqdn 'sql21.contoso.com' -BackupSqlInstanceName 'rtc' -BackupMirrorSqlServerFqdn 'sql22.contoso.com' -BackupMirrorSqlInstanceName 'rtc' -Force",
            "Invoke-CsPoolFailOver -PoolFqdn 'pool01.contoso.com' -DisasterMode",
            "Install-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sql11.contoso.com' -ForInstance 'rtc'",
            "Import-CsRgsConfiguration -Destination 'service:ApplicationServer:pool01.contoso.com' -FileName 'D:\\Backups\\RgsConfiguration-pool01.contoso.com.zip'",
            "Invoke-CsPoolFailBack -PoolFqdn 'pool01.contoso.com'",
            "Test-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sql11.contoso.com'",
            "Get-CsManagementStoreReplicationStatus",
        ])
        // The standby took over: no restore of the CMS from an export, no user data export read.
        let before = plan.steps[0].manual.joined(separator: "\n")
        #expect(!before.contains("CsConfiguration.zip") && !before.contains("UserData-"))
        #expect(before.contains("RgsConfiguration-pool01.contoso.com.zip"))
        let failBack = try #require(plan.steps.first { $0.title.hasPrefix("Fail the users of pool01.contoso.com back") })
        #expect(failBack.why.contains("comes back through the pair, newer than any export, so no Import-CsUserData is run"))
        // What comes back through the pair is not marked as restored from a backup; Response Groups still are.
        #expect(plan.recreateDatabases.filter(\.restoreFromBackup).map(\.database) == ["rgsconfig"])
    }

    @Test("one Front End of a paired pool lost: the pool keeps running, nothing fails over")
    func oneFrontEnd() throws {
        let plan = restore(try Self.paired(), ["fe11.contoso.com"])
        #expect(plan.commandLines == ["Get-CsManagementStoreReplicationStatus -ReplicaFqdn 'fe11.contoso.com'"])
    }

    @Test("a mirror keeps the pool up: Archiving/Monitoring primary lost, the roles swap as without a pair")
    func mirrorKeepsPoolUp() throws {
        let plan = restore(try Self.paired(), ["sql12.contoso.com"])
        #expect(plan.stores.map(\.treatment) == [.failOverAndSwap, .failOverAndSwap])
        #expect(plan.position("Invoke-CsPoolFailOver") == nil && plan.position("Invoke-CsManagementServerFailover") == nil)
        #expect(plan.commands("Invoke-CsDatabaseFailover") == [
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'Archiving' -NewPrincipal 'Mirror'",
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'Monitoring' -NewPrincipal 'Mirror'",
        ])
    }

    @Test("the SQL Server of the active CMS lost, its mirror alive: a fresh backup from the mirror, read by the restore")
    func activeCentralManagementWithLiveMirror() throws {
        let plan = restore(try Self.cmsInPool02(), ["sql21.contoso.com"], options: RestoreOptions(backupFolder: "D:\\Backups"))
        #expect(!plan.isBlocked)
        #expect(plan.position("Invoke-CsPoolFailOver") == nil, "the mirror keeps pool02 up")
        let fresh = try #require(plan.steps.firstIndex { $0.title == "Take a fresh backup from the surviving mirror sql22.contoso.com\\rtc: User, Application, CentralMgmt" })
        #expect(PowerShell.render(plan.steps[fresh].commands) == [
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool02.contoso.com' -DatabaseType 'User' -NewPrincipal 'Mirror'",
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool02.contoso.com' -DatabaseType 'Application' -NewPrincipal 'Mirror'",
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool02.contoso.com' -DatabaseType 'CentralMgmt' -NewPrincipal 'Mirror'",
            "Export-CsUserData -PoolFqdn 'pool02.contoso.com' -FileName 'D:\\Backups\\UserData-pool02.contoso.com-fresh.zip'",
            "Export-CsRgsConfiguration -Source 'ApplicationServer:pool02.contoso.com' -FileName 'D:\\Backups\\RgsConfiguration-pool02.contoso.com-fresh.zip'",
            "Export-CsConfiguration -FileName 'D:\\Backups\\CsConfiguration-fresh.zip'",
            "Export-CsLisConfiguration -FileName 'D:\\Backups\\CsLisConfiguration-fresh.zip'",
        ])
        #expect(plan.steps[fresh].why.contains("With the witness sqlw21.contoso.com\\witness alive the failover is automatic"))
        let rebuild = try #require(plan.stepIndex("Rebuild sql21.contoso.com"))
        #expect(fresh < rebuild)
        #expect(plan.commandLines.contains("Import-CsConfiguration -FileName 'D:\\Backups\\CsConfiguration-fresh.zip'"))
        #expect(plan.commandLines.contains("Import-CsLisConfiguration -FileName 'D:\\Backups\\CsLisConfiguration-fresh.zip'"))
        #expect(plan.commandLines.contains("Import-CsUserData -PoolFqdn 'pool02.contoso.com' -FileName 'D:\\Backups\\UserData-pool02.contoso.com-fresh.zip'"))
        #expect(plan.commandLines.contains("Import-CsRgsConfiguration -Destination 'service:ApplicationServer:pool02.contoso.com' -FileName 'D:\\Backups\\RgsConfiguration-pool02.contoso.com-fresh.zip'"))
        #expect(!plan.commandLines.contains { $0.contains(".zip'") && !$0.contains("-fresh.zip'") }, "no older export is read")
        let users = try #require(plan.steps.first { $0.title == "Restore the user data of pool02.contoso.com" })
        #expect(users.why.contains("the fresh Export-CsUserData taken from the surviving mirror"))
    }

    @Test("the CMS instance lost with the CMS unmirrored but the back end mirrored: fresh exports for users and Response Groups only")
    func freshWhereALiveCopyExists() throws {
        let plan = restore(try fixtureDocument("pool-edit-published.xml"), ["sql01.fabrikam.com"])
        #expect(!plan.isBlocked)
        #expect(Array(plan.commandLines.prefix(4)) == [
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool01.fabrikam.com' -DatabaseType 'User' -NewPrincipal 'Mirror'",
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool01.fabrikam.com' -DatabaseType 'Application' -NewPrincipal 'Mirror'",
            "Export-CsUserData -PoolFqdn 'pool01.fabrikam.com' -FileName '<BACKUP-FOLDER>\\UserData-pool01.fabrikam.com-fresh.zip'",
            "Export-CsRgsConfiguration -Source 'ApplicationServer:pool01.fabrikam.com' -FileName '<BACKUP-FOLDER>\\RgsConfiguration-pool01.fabrikam.com-fresh.zip'",
        ])
        // No live copy of the CMS: its restore reads the regular backup, which the first step asks for.
        #expect(plan.commandLines.contains("Import-CsConfiguration -FileName '<BACKUP-FOLDER>\\CsConfiguration.zip'"))
        #expect(plan.commandLines.contains("Import-CsUserData -PoolFqdn 'pool01.fabrikam.com' -FileName '<BACKUP-FOLDER>\\UserData-pool01.fabrikam.com-fresh.zip'"))
        #expect(plan.steps[0].manual.contains { $0.hasPrefix("Find the most recent backups") && $0.contains("CsConfiguration.zip") && !$0.contains("UserData-") })
    }

    @Test("after an automatic failover (the mirror is principal already) the fresh backup does not fail over again, and says why")
    func alreadyFailedOver() throws {
        let state = DeploymentState(mirrorStates: ["rtcxds", "rtcshared", "rtcab", "rgsconfig", "rgsdyn", "cpsdyn", "xds", "lis"].map {
            DeploymentState.MirrorState(pool: "pool02.contoso.com", database: $0, stateOnPrimary: "DatabaseInaccessibleOrMirroringNotEnabled", stateOnMirror: "Principal")
        })
        let plan = restore(try Self.cmsInPool02(), ["sql21.contoso.com"], options: RestoreOptions(deploymentState: state))
        #expect(!plan.isBlocked)
        #expect(plan.position("Invoke-CsDatabaseFailover") == nil)
        #expect(plan.position("Export-CsUserData -PoolFqdn 'pool02.contoso.com' -FileName '<BACKUP-FOLDER>\\UserData-pool02.contoso.com-fresh.zip'") == 0)
        #expect(plan.position("Export-CsConfiguration -FileName '<BACKUP-FOLDER>\\CsConfiguration-fresh.zip'") == 2)
        let fresh = try #require(plan.steps.first { $0.title.hasPrefix("Take a fresh backup") })
        #expect(fresh.why.contains("Get-CsDatabaseMirrorState reports xds, lis of pool02.contoso.com principal on the mirror already (an automatic failover happened): CentralMgmt is not failed over again."))
        #expect(!fresh.why.contains("has probably happened already"))
    }

    @Test("a role swap after an automatic failover: no Invoke-CsDatabaseFailover for what already moved")
    func swapAlreadyFailedOver() throws {
        let state = DeploymentState(mirrorStates: [
            DeploymentState.MirrorState(pool: "pool01.contoso.com", databaseType: "Archiving", database: "LcsLog", stateOnPrimary: nil, stateOnMirror: "Principal"),
        ])
        let plan = restore(try Self.paired(), ["sql12.contoso.com"], options: RestoreOptions(deploymentState: state))
        #expect(plan.commands("Invoke-CsDatabaseFailover") == [
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'Monitoring' -NewPrincipal 'Mirror'",
        ])
        let step = try #require(plan.steps.first { $0.title.hasPrefix("Fail over to the mirror sql13.contoso.com\\archmon") })
        #expect(step.why.contains("Get-CsDatabaseMirrorState reports LcsLog of pool01.contoso.com principal on the mirror already"))
    }

    @Test("pool02's back end and its mirror lost with the active CMS there: the CMS moves to pool01's store (no mirror parameters)")
    func pool02OutOfService() throws {
        let plan = restore(try Self.cmsInPool02(), ["sql21.contoso.com", "sql22.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(Array(plan.commandLines.prefix(2)) == [
            "Invoke-CsManagementServerFailover -BackupSqlServerFqdn 'sql11.contoso.com' -BackupSqlInstanceName 'rtc' -Force",
            "Invoke-CsPoolFailOver -PoolFqdn 'pool02.contoso.com' -DisasterMode",
        ])
        #expect(plan.position("Install-CsDatabase -CentralManagementDatabase") == nil)
        #expect(plan.position("Import-CsUserData") == nil)
        #expect(plan.position("Invoke-CsPoolFailBack -PoolFqdn 'pool02.contoso.com'") != nil)
        #expect(plan.position("Install-CsMirrorDatabase") ?? 0 < plan.position("Invoke-CsPoolFailBack") ?? 0)
    }

    @Test("both pools of the pair out of service: nothing fails over, a warning says why")
    func bothPoolsLost() throws {
        let plan = restore(try Self.paired(), ["pool01.contoso.com", "pool02.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.position("Invoke-CsPoolFailOver") == nil && plan.position("Invoke-CsManagementServerFailover") == nil)
        #expect(plan.findings.filter { $0.rule == "RESTORE203" }.count == 2)
    }

    @Test("corpus 04: the Standard Edition server of the active CMS lost: the CMS moves to FE2's standby, no CMS restore, failback", .needsCorpus)
    func corpusStandardEdition() throws {
        let plan = restore(try corpus("04-lync2013-two-sites-paired-se-pools-edge.xml"), ["FE1.example.com"])
        #expect(!plan.isBlocked)
        #expect(Array(plan.commandLines.prefix(2)) == [
            "Invoke-CsManagementServerFailover -BackupSqlServerFqdn 'FE2.example.com' -BackupSqlInstanceName 'rtc' -Force",
            "Invoke-CsPoolFailOver -PoolFqdn 'FE1.example.com' -DisasterMode",
        ])
        #expect(plan.position("Install-CsDatabase -CentralManagementDatabase") == nil && plan.position("Import-CsUserData") == nil)
        #expect(plan.commandLines.contains("Invoke-CsPoolFailBack -PoolFqdn 'FE1.example.com'"))
        let rebuild = try #require(plan.steps.first { $0.title.hasPrefix("Rebuild fe1.example.com") })
        #expect(!rebuild.manual.contains { $0.contains("Prepare first Standard Edition server") }, "the CMS moved to FE2")
        let failOver = try #require(plan.steps.first { $0.title.hasPrefix("Fail the users of FE1.example.com over") })
        #expect(failOver.why.contains("Automatic failover is enabled for this pair (failure detection P0Y0M0DT0H5M0S)"))
    }

    @Test("without a pair the plan is unchanged: a whole pool lost fails nothing over")
    func withoutPair() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["pool01.contoso.com"])
        #expect(plan.position("Invoke-CsPoolFailOver") == nil && plan.position("Invoke-CsManagementServerFailover") == nil)
        #expect(!plan.steps.contains { $0.title.hasPrefix("Take a fresh backup") })
    }
}

@Suite("restore: what the live deployment reports")
struct DeploymentStateTests {
    static func plan(_ state: DeploymentState) throws -> RestorePlan {
        restore(try sample("paired-pools.xml"), ["fe11.contoso.com"], options: RestoreOptions(deploymentState: state))
    }

    @Test("a state record naming a server or instance the topology does not have is a warning, never dropped silently")
    func unknownServer() throws {
        let plan = try Self.plan(DeploymentState(
            databases: [DeploymentState.Database(sqlServer: "sql99.contoso.com", instance: "rtc", database: "rtcxds", source: "state.csv:2"),
                        DeploymentState.Database(sqlServer: "sql11.contoso.com", instance: "other", database: "rtcxds")],
            mirrorStates: [DeploymentState.MirrorState(pool: "pool09.contoso.com", database: "rtcxds", stateOnPrimary: "Principal", stateOnMirror: "Mirror")]))
        let found = plan.findings.filter { $0.rule == "STATE101" }
        #expect(found.map(\.message) == [
            "the deployment reports rtcxds on sql99.contoso.com\\rtc (state.csv:2), a SQL instance this topology does not have: the record is not used",
            "the deployment reports rtcxds on sql11.contoso.com\\other, a SQL instance this topology does not have: the record is not used",
            "Get-CsDatabaseMirrorState reports rtcxds for pool pool09.contoso.com, which this topology does not have: the record is not used",
        ])
        #expect(found.allSatisfy { $0.severity == .warning } && !plan.isBlocked)
    }

    @Test("the deployment reports a mirror where the topology has none: a warning naming both")
    func mirrorWhereNone() throws {
        let plan = try Self.plan(DeploymentState(databases: [
            DeploymentState.Database(sqlServer: "sql11.contoso.com", instance: "rtc", database: "rtcxds", mirrorSQLServer: "sql13.contoso.com", mirrorInstance: "archmon"),
        ]))
        #expect(plan.findings.filter { $0.rule == "STATE102" }.map(\.message) == [
            "the deployment reports rtcxds on sql11.contoso.com\\rtc mirrored to sql13.contoso.com\\archmon, but the topology gives UserStore:sql11.contoso.com\\rtc no mirror; the document may encode mirrors in a way this reader does not know yet",
        ])
    }

    @Test("another partner, or no mirror where the topology has one (DatabaseHighAvailability None): warnings naming both")
    func otherPartnerOrNone() throws {
        let plan = try Self.plan(DeploymentState(databases: [
            DeploymentState.Database(sqlServer: "sql21.contoso.com", instance: "rtc", database: "rtcxds", mirrorSQLServer: "sql13.contoso.com", mirrorInstance: "archmon"),
            DeploymentState.Database(sqlServer: "sql21.contoso.com", instance: "rtc", database: "xds", highAvailability: "None"),
            DeploymentState.Database(sqlServer: "sql21.contoso.com", instance: "rtc", database: "lis", mirrorSQLServer: "sql22.contoso.com", mirrorInstance: "rtc"),
            DeploymentState.Database(sqlServer: "sql21.contoso.com", instance: "rtc", database: "rgsconfig", mirrorSQLServer: "sql98.contoso.com", mirrorInstance: "rtc"),
        ]))
        #expect(plan.findings.filter { $0.rule == "STATE102" }.map(\.message) == [
            "the topology mirrors UserStore:sql21.contoso.com\\rtc to sql22.contoso.com\\rtc, but the deployment reports rtcxds on sql21.contoso.com\\rtc mirrored to sql13.contoso.com\\archmon; the document may encode mirrors in a way this reader does not know yet",
            "the topology mirrors CentralMgmtStore:sql21.contoso.com\\rtc to sql22.contoso.com\\rtc, but the deployment reports xds on sql21.contoso.com\\rtc without a mirror; the document may encode mirrors in a way this reader does not know yet",
        ])
        #expect(plan.findings.filter { $0.rule == "STATE101" }.map(\.message) == [
            "the deployment reports rgsconfig on sql21.contoso.com\\rtc mirrored to sql98.contoso.com\\rtc, a SQL instance this topology does not have; the document may encode mirrors in a way this reader does not know yet",
        ])
    }

    @Test("today's state file records convert to existence records, keeping their lines")
    func adapter() throws {
        var record = ExistingDatabases.Record(sqlServer: "sql11.contoso.com", instance: "rtc", database: "rtcxds")
        record.line = 3
        let state = DeploymentState(existing: ExistingDatabases(source: .stateFile(path: "s.csv"), records: [record]), path: "s.csv")
        #expect(state.databases == [DeploymentState.Database(sqlServer: "sql11.contoso.com", instance: "rtc", database: "rtcxds", source: "s.csv:3")])
        #expect(state.databases[0].reportsMirror == nil)
        #expect(try Self.plan(state).findings.filter { $0.rule.hasPrefix("STATE") }.isEmpty)
    }
}
