import LyncTopology
import Testing

func fixtureDocument(_ name: String) throws -> TopologyDocument {
    try TopologyDocument(bytes: try fixture(name), path: name)
}

func restore(_ document: TopologyDocument, _ failed: [String], options: RestoreOptions = RestoreOptions()) -> RestorePlan {
    RestorePlanner.plan(document, failed: failed, options: options)
}

extension RestorePlan {
    /// Every command of every step, as the outputs write it.
    var commandLines: [String] { PowerShell.render(commands) }
    /// The index of the first command starting with `prefix`, for order checks.
    func position(_ prefix: String) -> Int? { commandLines.firstIndex { $0.hasPrefix(prefix) } }
    func commands(_ prefix: String) -> [String] { commandLines.filter { $0.hasPrefix(prefix) } }
    func stepIndex(_ titlePrefix: String) -> Int? { steps.firstIndex { $0.title.hasPrefix(titlePrefix) } }
    func server(_ fqdn: String) -> FailedServer? { servers.first { $0.fqdn == fqdn } }
}

@Suite("restore: Back End SQL Servers")
struct RestoreBackEndTests {
    @Test("non-mirrored Back End without the CMS: rebuild, Create databases, user data between stopped and started services, Response Groups")
    func nonMirroredBackEnd() throws {
        let plan = restore(try fixtureDocument("restore-mirrored-cms-elsewhere.xml"), ["sqlc.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.server("sqlc.contoso.com")?.scenarios == [.nonMirroredBackEnd])
        #expect(plan.rebuild == [RebuildServer(fqdn: "sqlc.contoso.com", sqlInstances: ["rtc"], pool: "sqlc.contoso.com", kind: .sql)])
        #expect(plan.recreateDatabases.map(\.database) == ["rtcxds", "rtcshared", "rtcab", "rgsconfig", "rgsdyn", "cpsdyn"])
        #expect(plan.recreateDatabases.allSatisfy { $0.sqlServer == "sqlc.contoso.com" && $0.instance == "rtc" })
        #expect(plan.recreateDatabases.first { $0.database == "rtcxds" } == RestoreDatabase(
            sqlServer: "sqlc.contoso.com", instance: "rtc", role: "UserStore", databaseType: "User", database: "rtcxds", restoreFromBackup: true))
        #expect(plan.recreateDatabases.first { $0.database == "rtcab" }?.restoreFromBackup == false)
        #expect(plan.recreateMirrorDatabases.isEmpty && plan.localDatabases.isEmpty)
        #expect(plan.commandLines == [
            "Install-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sqlc.contoso.com' -ForInstance 'rtc'",
            "Stop-CsWindowsService -ComputerName 'fec1.contoso.com'",
            "Stop-CsWindowsService -ComputerName 'fec2.contoso.com'",
            "Import-CsUserData -PoolFqdn 'pool-c.contoso.com' -FileName '<BACKUP-FOLDER>\\UserData-pool-c.contoso.com.zip'",
            "Start-CsWindowsService -ComputerName 'fec1.contoso.com'",
            "Start-CsWindowsService -ComputerName 'fec2.contoso.com'",
            "Import-CsRgsConfiguration -Destination 'service:ApplicationServer:pool-c.contoso.com' -FileName '<BACKUP-FOLDER>\\RgsConfiguration-pool-c.contoso.com.zip'",
            "Test-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sqlc.contoso.com'",
        ])
        #expect(plan.steps.map(\.title) == [
            "Before you start: computer accounts, certificates, backups",
            "Rebuild sqlc.contoso.com with the same name (SQL Server instances: rtc)",
            "Re-create the databases on sqlc.contoso.com\\rtc",
            "Restore the user data of pool-c.contoso.com",
            "Restore the Response Group configuration of pool-c.contoso.com",
            "Verify",
        ])
        #expect(plan.steps.allSatisfy { !$0.why.isEmpty })
        #expect(plan.placeholders == [RestorePlaceholder.backupFolder])
    }

    @Test("Back End holding the active CMS on the default instance: -ForDefaultInstance, no -SqlInstanceName, CMS restored before the other databases")
    func centralManagementBackEnd() throws {
        let plan = restore(try sample("two-sites-archiving-monitoring.xml"), ["sql-sea.contoso.com"], options: RestoreOptions(backupFolder: "D:\\Backups"))
        #expect(!plan.isBlocked)
        #expect(plan.server("sql-sea.contoso.com")?.scenarios == [.nonMirroredBackEnd, .activeCentralManagementStore])
        #expect(plan.rebuild.map(\.sqlInstances) == [[""]])
        #expect(plan.recreateDatabases.count == 8 && plan.recreateDatabases.allSatisfy { $0.instance == "" })
        #expect(Set(plan.recreateDatabases.map(\.databaseType)) == ["User", "Application", "CentralMgmt"])
        let cms = [
            "Install-CsDatabase -CentralManagementDatabase -SqlServerFqdn 'sql-sea.contoso.com' -Clean",
            "Set-CsConfigurationStoreLocation -SqlServerFqdn 'sql-sea.contoso.com'",
            "Import-CsConfiguration -FileName 'D:\\Backups\\CsConfiguration.zip'",
            "Import-CsLisConfiguration -FileName 'D:\\Backups\\CsLisConfiguration.zip'",
            "Enable-CsTopology",
        ]
        let start = try #require(plan.position("Install-CsDatabase -CentralManagementDatabase"))
        try #require(plan.commandLines.count >= start + cms.count)
        #expect(Array(plan.commandLines[start..<start + cms.count]) == cms)
        let create = try #require(plan.position("Install-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sql-sea.contoso.com' -ForDefaultInstance"))
        // pool-sea is paired with se-lon: its users fail over there first and back at the end; their data comes back
        // through the pair, not from the export. se-lon holds no standby CMS, so the CMS is restored from its backup.
        let failOver = try #require(plan.position("Invoke-CsPoolFailOver -PoolFqdn 'pool-sea.contoso.com' -DisasterMode"))
        let failBack = try #require(plan.position("Invoke-CsPoolFailBack -PoolFqdn 'pool-sea.contoso.com'"))
        #expect(failOver < start && start < create && create < failBack)
        #expect(plan.position("Import-CsUserData") == nil && plan.position("Stop-CsWindowsService") == nil)
        #expect(plan.findings.contains { $0.rule == "RESTORE202" })
        #expect(plan.position("Import-CsRgsConfiguration -Destination 'service:ApplicationServer:pool-sea.contoso.com'") != nil)
        #expect(plan.commandLines.allSatisfy { !$0.contains("-SqlInstanceName") && !$0.contains("ForInstance") })
        #expect(plan.placeholders.isEmpty)
    }

    @Test("primary and mirror both lost: databases on the primary, mirrors from it, no failover, data restored")
    func primaryAndMirrorLost() throws {
        let plan = restore(try fixtureDocument("restore-mirrored-cms-elsewhere.xml"), ["sqlb1.contoso.com", "sqlb2.contoso.com"],
                           options: RestoreOptions(fileShare: "\\\\fs01\\mirror"))
        #expect(!plan.isBlocked)
        #expect(plan.server("sqlb1.contoso.com")?.scenarios == [.primaryAndMirrorLost])
        #expect(plan.server("sqlb2.contoso.com")?.scenarios == [.primaryAndMirrorLost])
        #expect(plan.rebuild.map(\.fqdn) == ["sqlb1.contoso.com", "sqlb2.contoso.com"])
        #expect(plan.rebuild.map(\.sqlInstances) == [["rtc"], ["rtc"]])
        #expect(plan.recreateDatabases.count == 6 && plan.recreateDatabases.allSatisfy { $0.sqlServer == "sqlb1.contoso.com" && $0.instance == "rtc" })
        #expect(plan.recreateMirrorDatabases.count == 6)
        #expect(plan.recreateMirrorDatabases.allSatisfy {
            $0.sqlServer == "sqlb2.contoso.com" && $0.instance == "rtc" && $0.primary == SQLInstanceRef(sqlServer: "sqlb1.contoso.com", instance: "rtc")
                && $0.witness == SQLInstanceRef(sqlServer: "sqlw.contoso.com", instance: "witness") && !$0.dropExisting
        })
        #expect(plan.position("Invoke-CsDatabaseFailover") == nil && plan.position("Uninstall-CsMirrorDatabase") == nil)
        #expect(plan.position("Install-CsDatabase -CentralManagementDatabase") == nil, "the CMS is elsewhere")
        let create = try #require(plan.position("Install-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sqlb1.contoso.com' -ForInstance 'rtc'"))
        let mirror = try #require(plan.position("Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '\\\\fs01\\mirror' -SqlServerFqdn 'sqlb1.contoso.com' -ForInstance 'rtc'"))
        let users = try #require(plan.position("Import-CsUserData -PoolFqdn 'pool-b.contoso.com'"))
        #expect(create < mirror && mirror < users)
        #expect(plan.commands("Install-CsMirrorDatabase").allSatisfy { !$0.contains("DropExistingDatabasesOnMirror") })
    }

    @Test("primary only, mirror alive: fail over per type, survivor becomes primary, the rebuilt server comes back as the mirror")
    func primaryOnlySwapsRoles() throws {
        let plan = restore(try fixtureDocument("restore-mirrored-cms-elsewhere.xml"), ["sqlb1.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.server("sqlb1.contoso.com")?.scenarios == [.primaryLostMirrorAlive])
        #expect(plan.stores.map(\.treatment) == [.failOverAndSwap, .failOverAndSwap])
        #expect(plan.rebuild == [RebuildServer(fqdn: "sqlb1.contoso.com", sqlInstances: ["rtc"], pool: "sqlb1.contoso.com", kind: .sql)])
        #expect(plan.recreateDatabases.isEmpty, "the data survives on the mirror")
        #expect(plan.recreateMirrorDatabases.map(\.database) == ["rtcxds", "rtcshared", "rtcab", "rgsconfig", "rgsdyn", "cpsdyn"])
        #expect(plan.recreateMirrorDatabases.allSatisfy {
            $0.sqlServer == "sqlb1.contoso.com" && $0.primary == SQLInstanceRef(sqlServer: "sqlb2.contoso.com", instance: "rtc")
        })
        #expect(plan.commands("Invoke-CsDatabaseFailover") == [
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool-b.contoso.com' -DatabaseType 'User' -NewPrincipal 'Mirror'",
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool-b.contoso.com' -DatabaseType 'Application' -NewPrincipal 'Mirror'",
        ])
        #expect(plan.commands("Uninstall-CsMirrorDatabase") == [
            "Uninstall-CsMirrorDatabase -SqlServerFqdn 'sqlb2.contoso.com' -SqlInstanceName 'rtc' -DatabaseType 'User'",
            "Uninstall-CsMirrorDatabase -SqlServerFqdn 'sqlb2.contoso.com' -SqlInstanceName 'rtc' -DatabaseType 'Application'",
        ])
        #expect(plan.commands("Install-CsMirrorDatabase") == [
            "Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '<FILE-SHARE-UNC>' -SqlServerFqdn 'sqlb2.contoso.com' -ForInstance 'rtc'",
        ])
        #expect(plan.position("Install-CsDatabase") == nil && plan.position("Import-CsUserData") == nil)
        let failover = try #require(plan.stepIndex("Fail over to the mirror sqlb2.contoso.com\\rtc"))
        let swap = try #require(plan.stepIndex("Make sqlb2.contoso.com\\rtc the primary"))
        let rebuild = try #require(plan.stepIndex("Rebuild sqlb1.contoso.com"))
        let addBack = try #require(plan.stepIndex("Add sqlb1.contoso.com\\rtc back as the mirror"))
        let mirrors = try #require(plan.stepIndex("Re-create the mirror databases on sqlb1.contoso.com\\rtc"))
        #expect(failover < swap && swap < rebuild && rebuild < addBack && addBack < mirrors)
        #expect(plan.steps[swap].manual.contains { $0.contains("Publish the topology") })
        #expect(plan.placeholders == [RestorePlaceholder.fileShare])
    }

    @Test("mirror only: mirroring removed on the primary first, then the mirror rebuilt and re-created from the primary")
    func mirrorOnly() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql02.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.server("sql02.contoso.com")?.scenarios == [.mirrorLost])
        #expect(plan.rebuild.map(\.sqlInstances) == [["rtc"]])
        #expect(plan.recreateDatabases.isEmpty)
        #expect(plan.recreateMirrorDatabases.count == 8)
        #expect(plan.recreateMirrorDatabases.allSatisfy { $0.sqlServer == "sql02.contoso.com" && $0.primary.sqlServer == "sql01.contoso.com" && !$0.dropExisting })
        #expect(plan.commands("Uninstall-CsMirrorDatabase") == ["User", "Application", "CentralMgmt"].map {
            "Uninstall-CsMirrorDatabase -SqlServerFqdn 'sql01.contoso.com' -SqlInstanceName 'rtc' -DatabaseType '\($0)'"
        })
        #expect(plan.commands("Install-CsMirrorDatabase") == [
            "Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '<FILE-SHARE-UNC>' -SqlServerFqdn 'sql01.contoso.com' -ForInstance 'rtc'",
        ])
        let uninstall = try #require(plan.stepIndex("Remove mirroring from sql01.contoso.com\\rtc"))
        let rebuild = try #require(plan.stepIndex("Rebuild sql02.contoso.com"))
        #expect(uninstall < rebuild)
        #expect(plan.position("Install-CsDatabase") == nil && plan.position("Invoke-CsDatabaseFailover") == nil)
    }

    @Test("witness only: mirroring removed after the rebuild and installed again, old mirror copies dropped")
    func witnessOnly() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql03.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.server("sql03.contoso.com")?.scenarios == [.witnessLost])
        #expect(plan.stores.map(\.treatment) == [.reinstallMirroring, .reinstallMirroring, .reinstallMirroring])
        #expect(plan.rebuild == [RebuildServer(fqdn: "sql03.contoso.com", sqlInstances: ["witness"], pool: "sql03.contoso.com", kind: .sql)])
        #expect(plan.recreateDatabases.isEmpty)
        #expect(plan.recreateMirrorDatabases.count == 8 && plan.recreateMirrorDatabases.allSatisfy { $0.sqlServer == "sql02.contoso.com" && $0.dropExisting })
        #expect(plan.commands("Uninstall-CsMirrorDatabase").count == 3)
        #expect(plan.commands("Install-CsMirrorDatabase") == [
            "Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '<FILE-SHARE-UNC>' -SqlServerFqdn 'sql01.contoso.com' -ForInstance 'rtc' -DropExistingDatabasesOnMirror",
        ])
        let rebuild = try #require(plan.stepIndex("Rebuild sql03.contoso.com"))
        let uninstall = try #require(plan.stepIndex("Remove mirroring from sql01.contoso.com\\rtc (its witness"))
        let install = try #require(plan.stepIndex("Re-create the mirror databases"))
        #expect(rebuild < uninstall && uninstall < install)
    }

    @Test("the active CMS on a mirrored primary: both copies restored from backup, no role swap")
    func mirroredCentralManagementRestoresBoth() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql01.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(Set(plan.server("sql01.contoso.com")?.scenarios ?? []) == [.primaryLostMirrorAlive, .activeCentralManagementStore])
        #expect(plan.stores.map(\.treatment) == [.restoreBothFromBackup, .restoreBothFromBackup, .restoreBothFromBackup])
        // A fresh backup from the surviving mirror first (made principal), which the restore then reads: never an older
        // backup while a live copy holds the data.
        #expect(Array(plan.commandLines.prefix(7)) == [
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'User' -NewPrincipal 'Mirror'",
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'Application' -NewPrincipal 'Mirror'",
            "Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'CentralMgmt' -NewPrincipal 'Mirror'",
            "Export-CsUserData -PoolFqdn 'pool01.contoso.com' -FileName '<BACKUP-FOLDER>\\UserData-pool01.contoso.com-fresh.zip'",
            "Export-CsRgsConfiguration -Source 'ApplicationServer:pool01.contoso.com' -FileName '<BACKUP-FOLDER>\\RgsConfiguration-pool01.contoso.com-fresh.zip'",
            "Export-CsConfiguration -FileName '<BACKUP-FOLDER>\\CsConfiguration-fresh.zip'",
            "Export-CsLisConfiguration -FileName '<BACKUP-FOLDER>\\CsLisConfiguration-fresh.zip'",
        ])
        #expect(plan.position("Uninstall-CsMirrorDatabase") == nil, "no swap")
        #expect(plan.commandLines.contains("Import-CsConfiguration -FileName '<BACKUP-FOLDER>\\CsConfiguration-fresh.zip'"))
        #expect(plan.commandLines.contains("Import-CsUserData -PoolFqdn 'pool01.contoso.com' -FileName '<BACKUP-FOLDER>\\UserData-pool01.contoso.com-fresh.zip'"))
        #expect(plan.commandLines.contains("Import-CsRgsConfiguration -Destination 'service:ApplicationServer:pool01.contoso.com' -FileName '<BACKUP-FOLDER>\\RgsConfiguration-pool01.contoso.com-fresh.zip'"))
        #expect(plan.steps[0].manual.allSatisfy { !$0.contains("Find the most recent backups") }, "no old backup is read")
        #expect(plan.recreateDatabases.count == 8 && plan.recreateDatabases.allSatisfy { $0.sqlServer == "sql01.contoso.com" })
        #expect(plan.recreateMirrorDatabases.count == 8 && plan.recreateMirrorDatabases.allSatisfy { $0.sqlServer == "sql02.contoso.com" && $0.dropExisting })
        #expect(plan.commands("Set-CsConfigurationStoreLocation") == [
            "Set-CsConfigurationStoreLocation -SqlServerFqdn 'sql01.contoso.com' -SqlInstanceName 'rtc' -MirrorSqlServerFqdn 'sql02.contoso.com' -MirrorSqlInstanceName 'rtc'",
        ])
        let cms = try #require(plan.position("Install-CsDatabase -CentralManagementDatabase -SqlServerFqdn 'sql01.contoso.com' -SqlInstanceName 'rtc' -Clean"))
        let enable = try #require(plan.position("Enable-CsTopology"))
        let create = try #require(plan.position("Install-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sql01.contoso.com' -ForInstance 'rtc'"))
        let mirror = try #require(plan.position("Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '<FILE-SHARE-UNC>' -SqlServerFqdn 'sql01.contoso.com' -ForInstance 'rtc' -DropExistingDatabasesOnMirror"))
        let users = try #require(plan.position("Import-CsUserData -PoolFqdn 'pool01.contoso.com'"))
        let rgs = try #require(plan.position("Import-CsRgsConfiguration"))
        #expect(cms < enable && enable < create && create < mirror && mirror < users && users < rgs)
        let step = try #require(plan.steps.first { $0.title.hasPrefix("Restore the Central Management store") })
        #expect(step.why.contains("rather than the roles swapped"))
    }

    @Test("the active CMS lost with its mirror: CMS restored, then databases and mirrors")
    func centralManagementPrimaryAndMirror() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql01.contoso.com", "sql02.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.stores.map(\.treatment) == [.recreateWithMirror, .recreateWithMirror, .recreateWithMirror])
        #expect(plan.recreateMirrorDatabases.allSatisfy { !$0.dropExisting })
        #expect(plan.position("Install-CsDatabase -CentralManagementDatabase") != nil)
        #expect(plan.position("Invoke-CsDatabaseFailover") == nil && plan.position("Uninstall-CsMirrorDatabase") == nil)
    }
}

@Suite("restore: Lync servers and stand-alone stores")
struct RestoreServerTests {
    @Test("Standard Edition server with the CMS: its databases are local (Setup), none on the Create databases page")
    func standardEditionWithCentralManagement() throws {
        let plan = restore(try sample("standard-edition.xml"), ["se01.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(Set(plan.server("se01.contoso.com")?.scenarios ?? []) == [.standardEdition, .fileServer, .activeCentralManagementStore])
        #expect(plan.rebuild.map(\.sqlInstances) == [["rtc"]])
        #expect(plan.recreateDatabases.isEmpty)
        #expect(plan.localDatabases.count == 8 && plan.localDatabases.allSatisfy { $0.sqlServer == "se01.contoso.com" && $0.instance == "rtc" })
        #expect(plan.position("Install-CsDatabase -ConfiguredDatabases") == nil, "the Deployment Wizard creates them")
        #expect(plan.position("Install-CsDatabase -CentralManagementDatabase -SqlServerFqdn 'se01.contoso.com' -SqlInstanceName 'rtc' -Clean") != nil)
        #expect(plan.commands("Stop-CsWindowsService") == ["Stop-CsWindowsService -ComputerName 'se01.contoso.com'"])
        #expect(plan.position("Import-CsUserData -PoolFqdn 'se01.contoso.com'") != nil)
        let rebuild = try #require(plan.steps.first { $0.title.hasPrefix("Rebuild se01") })
        #expect(rebuild.manual.contains { $0.contains("Prepare first Standard Edition server") })
        let wizard = try #require(plan.stepIndex("Install Lync Server on se01.contoso.com"))
        let cms = try #require(plan.stepIndex("Restore the Central Management store"))
        let users = try #require(plan.stepIndex("Restore the user data of se01.contoso.com"))
        #expect(cms < wizard && wizard < users)
        // Nothing hidden, nothing double-counted.
        #expect(Set(plan.localDatabases.map(\.database)) == ["rtcxds", "rtcshared", "rtcab", "rgsconfig", "rgsdyn", "cpsdyn", "xds", "lis"])
    }

    @Test("paired Standard Edition server without the CMS: local databases, failover and failback, Response Groups, no CMS restore")
    func standardEdition() throws {
        let plan = restore(try sample("two-sites-archiving-monitoring.xml"), ["se-lon.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.server("se-lon.contoso.com")?.scenarios.contains(.standardEdition) == true)
        #expect(plan.localDatabases.count == 6 && plan.recreateDatabases.isEmpty)
        #expect(plan.position("Install-CsDatabase") == nil && plan.position("Import-CsConfiguration") == nil)
        // se-lon is paired with pool-sea: its users fail over, their data comes back through the pair on failback;
        // Response Groups, which the Backup Service does not replicate here, still come from their export.
        #expect(plan.position("Invoke-CsPoolFailOver -PoolFqdn 'se-lon.contoso.com' -DisasterMode") == 0)
        #expect(plan.commandLines.last { $0.hasPrefix("Invoke-") } == "Invoke-CsPoolFailBack -PoolFqdn 'se-lon.contoso.com'")
        #expect(plan.position("Import-CsUserData") == nil)
        #expect(plan.position("Import-CsRgsConfiguration -Destination 'service:ApplicationServer:se-lon.contoso.com'") != nil)
    }

    @Test("a Front End of a pool is a member server: no database, Deployment Wizard only", arguments: ["fe02.contoso.com", "FE02.CONTOSO.COM"])
    func frontEndMember(name: String) throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), [name])
        #expect(!plan.isBlocked)
        #expect(plan.failed == [name])
        #expect(plan.servers.map(\.scenarios) == [[.memberServer]])
        #expect(plan.rebuild == [RebuildServer(fqdn: "fe02.contoso.com", sqlInstances: [], pool: "pool01.contoso.com", kind: .enterprise)])
        #expect(plan.recreateDatabases.isEmpty && plan.recreateMirrorDatabases.isEmpty && plan.localDatabases.isEmpty && plan.stores.isEmpty)
        #expect(plan.commandLines == ["Get-CsManagementStoreReplicationStatus -ReplicaFqdn 'fe02.contoso.com'"])
        #expect(plan.steps.contains { $0.title == "Install Lync Server on fe02.contoso.com (Deployment Wizard)" })
    }

    @Test("Edge and Mediation servers are member servers; the Edge server's local store is imported from a file")
    func edgeAndMediation() throws {
        let edge = restore(try sample("enterprise-mirrored.xml"), ["edge01.contoso.com"], options: RestoreOptions(backupFolder: "E:\\"))
        #expect(edge.servers.map(\.scenarios) == [[.memberServer]])
        #expect(edge.commands("Export-CsConfiguration") == ["Export-CsConfiguration -FileName 'E:\\CsConfiguration-Edge.zip'"])
        #expect(edge.commands("Import-CsConfiguration") == ["Import-CsConfiguration -FileName 'E:\\CsConfiguration-Edge.zip' -LocalStore"])
        #expect(!(edge.steps.first?.manual.contains { $0.contains("computer accounts of edge01") } ?? true), "an Edge server is not in the domain")
        let mediation = restore(try fixtureDocument("restore-persistent-chat.xml"), ["med01.contoso.com"])
        #expect(mediation.servers.map(\.scenarios) == [[.memberServer]])
        #expect(mediation.recreateDatabases.isEmpty && mediation.localDatabases.isEmpty)
    }

    @Test("a pool FQDN fails every server of the pool, with a warning")
    func wholePool() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["pool01.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.rebuild.map(\.fqdn) == ["fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com"])
        #expect(plan.findings.contains { $0.rule == RestorePlanner.Rule.wholePool })
        #expect(plan.stores.isEmpty, "the back end is on its own SQL Server")
    }

    @Test("stand-alone Archiving and Monitoring server: databases re-created, then restored from SQL Server backups")
    func archivingMonitoring() throws {
        let plan = restore(try sample("two-sites-archiving-monitoring.xml"), ["sqlam.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.server("sqlam.contoso.com")?.scenarios == [.standAloneStoreServer])
        #expect(plan.rebuild.map(\.sqlInstances) == [["archmon"]])
        #expect(plan.recreateDatabases.map(\.database) == ["LcsLog", "LcsCDR", "QoEMetrics"])
        #expect(plan.recreateDatabases.map(\.databaseType) == ["Archiving", "Monitoring", "Monitoring"])
        #expect(plan.commands("Restore-SqlDatabase") == ["LcsLog", "LcsCDR", "QoEMetrics"].map {
            "Restore-SqlDatabase -ServerInstance 'sqlam.contoso.com\\archmon' -Database '\($0)' -BackupFile '<BACKUP-FOLDER>\\sqlam.contoso.com-archmon-\($0).bak' -ReplaceDatabase"
        })
        let create = try #require(plan.position("Install-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sqlam.contoso.com' -ForInstance 'archmon'"))
        let restoreData = try #require(plan.position("Restore-SqlDatabase"))
        #expect(create < restoreData)
        #expect(plan.position("Import-CsUserData") == nil)
    }

    @Test("stand-alone Persistent Chat SQL Server: mgc restored from backup, mgccomp re-created empty")
    func persistentChat() throws {
        let plan = restore(try fixtureDocument("restore-persistent-chat.xml"), ["sqlpc.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.server("sqlpc.contoso.com")?.scenarios == [.standAloneStoreServer])
        #expect(plan.recreateDatabases.map { "\($0.databaseType):\($0.database):\($0.restoreFromBackup)" }
                == ["PersistentChat:mgc:true", "PersistentChatCompliance:mgccomp:false"])
        #expect(plan.commands("Restore-SqlDatabase").count == 1)
        #expect(plan.commands("Install-CsDatabase") == ["Install-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sqlpc.contoso.com' -ForInstance 'pchat'"])
    }

    @Test("a file server: the share re-created and restored from the file-system backup")
    func fileServer() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["fs01.contoso.com"])
        #expect(plan.server("fs01.contoso.com")?.scenarios == [.fileServer])
        #expect(plan.steps.contains { $0.title == "Restore the file store \\\\fs01.contoso.com\\share" })
        #expect(plan.recreateDatabases.isEmpty)
    }
}

@Suite("restore: several failures, blocked plans")
struct RestoreCombinationTests {
    @Test("several servers at once: one plan, one preparation, each scenario's steps, verification last")
    func severalAtOnce() throws {
        let plan = restore(try sample("two-sites-archiving-monitoring.xml"), ["sql-sea.contoso.com", "sqlam.contoso.com", "se-lon.contoso.com", "sqlam.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.failed == ["sql-sea.contoso.com", "sqlam.contoso.com", "se-lon.contoso.com"], "duplicates dropped")
        #expect(plan.rebuild.map(\.fqdn) == ["sql-sea.contoso.com", "sqlam.contoso.com", "se-lon.contoso.com"])
        #expect(plan.recreateDatabases.count == 11 && plan.localDatabases.count == 6)
        #expect(plan.steps.first?.title.hasPrefix("Before you start") == true && plan.steps.last?.title == "Verify")
        #expect(plan.steps.filter { $0.title.hasPrefix("Before you start") }.count == 1)
        #expect(plan.commands("Install-CsDatabase -ConfiguredDatabases").count == 2)
        #expect(plan.commands("Import-CsUserData").count == 2)
        let cms = try #require(plan.position("Install-CsDatabase -CentralManagementDatabase"))
        let create = try #require(plan.position("Install-CsDatabase -ConfiguredDatabases"))
        let sqlRestore = try #require(plan.position("Restore-SqlDatabase"))
        let users = try #require(plan.position("Import-CsUserData"))
        #expect(cms < create && create < sqlRestore && sqlRestore < users)
    }

    @Test("a mirror lost on one pool and a member server of another, planned together")
    func mixed() throws {
        let plan = restore(try fixtureDocument("restore-mirrored-cms-elsewhere.xml"), ["sqlb2.contoso.com", "fea1.contoso.com", "sqlc.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.servers.map(\.scenarios) == [[.mirrorLost], [.memberServer], [.nonMirroredBackEnd]])
        #expect(plan.recreateMirrorDatabases.count == 6 && plan.recreateDatabases.count == 6)
        #expect(plan.commands("Uninstall-CsMirrorDatabase").allSatisfy { $0.contains("-SqlServerFqdn 'sqlb1.contoso.com'") })
    }

    @Test("a name not in the topology blocks the plan (no steps)")
    func unknownServer() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql01.contoso.com", "sql99.contoso.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.map(\.rule) == [RestorePlanner.Rule.unknownServer])
        #expect(plan.blockers.first?.message.contains("sql99.contoso.com") == true)
        #expect(plan.steps.isEmpty && plan.commandLines.isEmpty)
    }

    @Test("a .tbxml is planned on its OriginalTopology; a server only in the NewTopology was never deployed")
    func topologyBuilderFile() throws {
        let document = try sample("pool-edit.tbxml")
        let plan = restore(document, ["sql01.fabrikam.com"])
        #expect(!plan.isBlocked)
        #expect(plan.findings.first?.rule == RestorePlanner.Rule.originalTopology)
        #expect(plan.recreateMirrorDatabases.isEmpty, "the mirror is only in the unpublished NewTopology")
        #expect(plan.rebuild.map(\.sqlInstances) == [[""]])
        let unpublished = restore(document, ["sql02.fabrikam.com"])
        #expect(unpublished.isBlocked)
        #expect(unpublished.blockers.first?.message.contains("only in the unpublished NewTopology") == true)
    }

    @Test("a design never published cannot be restored", .needsCorpus)
    func neverPublished() throws {
        let plan = restore(try corpus("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml"), ["xSQL1.contoso.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.map(\.rule).contains(RestorePlanner.Rule.neverPublished))
        #expect(plan.blockers.map(\.rule).contains(RestorePlanner.Rule.noCentralManagement))
        #expect(plan.steps.isEmpty)
    }

    @Test("an AlwaysOn store on a lost server blocks the plan", .needsCorpus)
    func alwaysOn() throws {
        let plan = restore(try corpus("03-sfb2015-enterprise-pool-alwayson-sql-wac.xml"), ["srv-sql-01.tenant.rlevchenko.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.rule == RestorePlanner.Rule.alwaysOn })
    }

    @Test("a topology with errors blocks the plan with the validator's findings")
    func validationErrors() throws {
        let document = try read(Self.topology(extraService: """
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="MediationServer" Instance="1" /><DependsOn /></Service>
            """))
        let plan = restore(document, ["fe01.contoso.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.rule == "SCHEMA001" && $0.severity == .error })
        #expect(plan.steps.isEmpty)
        let clean = restore(try read(Self.topology()), ["fe01.contoso.com"])
        #expect(!clean.isBlocked)
    }

    @Test("a topology whose active CMS has no store cannot be published from")
    func unresolvedCentralManagement() throws {
        let text = Self.topology().replacingOccurrences(of: """
            <Dependency Usage="Default"><ServiceId SiteId="1" RoleName="CentralMgmtStore" Instance="1" /></Dependency>
            """, with: "")
        let plan = restore(try read(text), ["fe01.contoso.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.rule == RestorePlanner.Rule.unresolvedCentralManagementStore })
    }

    /// A small Enterprise Edition topology: pool01 (fe01) with its back end and CMS on sql01\instance.
    static func topology(sqlServer: String = "sql01.contoso.com", instance: String = "rtc", extraService: String = "") -> String {
        """
        <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
          <Sites><CentralSite SiteId="1"><Name>Test</Name></CentralSite></Sites>
          <Clusters>
            <Cluster Fqdn="pool01.contoso.com"><ClusterId SiteId="1" Number="1" /><Machine OrdinalInCluster="1" Fqdn="fe01.contoso.com" /><Machine OrdinalInCluster="2" Fqdn="fe02.contoso.com" /></Cluster>
            <Cluster Fqdn="\(sqlServer)"><ClusterId SiteId="1" Number="2" /><Machine OrdinalInCluster="1" Fqdn="\(sqlServer)" /></Cluster>
            <Cluster Fqdn="sql02.contoso.com"><ClusterId SiteId="1" Number="3" /><Machine OrdinalInCluster="1" Fqdn="sql02.contoso.com" /></Cluster>
          </Clusters>
          <SqlInstances>
            <SqlInstance><SqlInstanceId Name="\(instance)"><ClusterId SiteId="1" Number="2" /></SqlInstanceId></SqlInstance>
            <SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="3" /></SqlInstanceId></SqlInstance>
          </SqlInstances>
          <Services>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="UserServices" Instance="1" />
              <DependsOn><Dependency Usage="Default"><ServiceId SiteId="1" RoleName="UserStore" Instance="1" /></Dependency>
              <Dependency Usage="Mirror"><ServiceId SiteId="1" RoleName="UserStore" Instance="2" /></Dependency></DependsOn>
              <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="CentralMgmt" Instance="1" />
              <DependsOn><Dependency Usage="Default"><ServiceId SiteId="1" RoleName="CentralMgmtStore" Instance="1" /></Dependency></DependsOn>
              <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn>
              <CentralMgmtService xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" IsActive="true" /></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="UserStore" Instance="1" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="\(instance)"><ClusterId SiteId="1" Number="2" /></SqlInstanceId></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="UserStore" Instance="2" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="3" /></SqlInstanceId></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="CentralMgmtStore" Instance="1" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="\(instance)"><ClusterId SiteId="1" Number="2" /></SqlInstanceId></InstalledOn></Service>
            \(extraService)
          </Services>
        </Topology>
        """
    }
}

@Suite("restore: stores sharing an instance")
struct RestoreSharedInstanceTests {
    /// pool01's User store on sqlx\rtc is mirrored to sqly\rtc with the witness sqlw\witness; its Archiving store,
    /// on the same instance, is mirrored to sqlz\rtc without a witness; the CMS is on sqlc\rtc.
    static let topology = """
        <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
          <Sites><CentralSite SiteId="1"><Name>Test</Name></CentralSite></Sites>
          <Clusters>
            <Cluster Fqdn="pool01.contoso.com"><ClusterId SiteId="1" Number="1" /><Machine OrdinalInCluster="1" Fqdn="fe01.contoso.com" /><Machine OrdinalInCluster="2" Fqdn="fe02.contoso.com" /></Cluster>
            <Cluster Fqdn="sqlx.contoso.com"><ClusterId SiteId="1" Number="2" /><Machine OrdinalInCluster="1" Fqdn="sqlx.contoso.com" /></Cluster>
            <Cluster Fqdn="sqly.contoso.com"><ClusterId SiteId="1" Number="3" /><Machine OrdinalInCluster="1" Fqdn="sqly.contoso.com" /></Cluster>
            <Cluster Fqdn="sqlz.contoso.com"><ClusterId SiteId="1" Number="4" /><Machine OrdinalInCluster="1" Fqdn="sqlz.contoso.com" /></Cluster>
            <Cluster Fqdn="sqlw.contoso.com"><ClusterId SiteId="1" Number="5" /><Machine OrdinalInCluster="1" Fqdn="sqlw.contoso.com" /></Cluster>
            <Cluster Fqdn="sqlc.contoso.com"><ClusterId SiteId="1" Number="6" /><Machine OrdinalInCluster="1" Fqdn="sqlc.contoso.com" /></Cluster>
          </Clusters>
          <SqlInstances>
            <SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="2" /></SqlInstanceId></SqlInstance>
            <SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="3" /></SqlInstanceId></SqlInstance>
            <SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="4" /></SqlInstanceId></SqlInstance>
            <SqlInstance><SqlInstanceId Name="witness"><ClusterId SiteId="1" Number="5" /></SqlInstanceId></SqlInstance>
            <SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="6" /></SqlInstanceId></SqlInstance>
          </SqlInstances>
          <Services>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="UserServices" Instance="1" />
              <DependsOn><Dependency Usage="Default"><ServiceId SiteId="1" RoleName="UserStore" Instance="1" /></Dependency>
              <Dependency Usage="Mirror"><ServiceId SiteId="1" RoleName="UserStore" Instance="2" /></Dependency>
              <Dependency Usage="Witness"><ServiceId SiteId="1" RoleName="WitnessStore" Instance="1" /></Dependency></DependsOn>
              <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="Registrar" Instance="1" />
              <DependsOn><Dependency Usage="Default"><ServiceId SiteId="1" RoleName="ArchivingStore" Instance="1" /></Dependency>
              <Dependency Usage="Mirror"><ServiceId SiteId="1" RoleName="ArchivingStore" Instance="2" /></Dependency></DependsOn>
              <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="CentralMgmt" Instance="1" />
              <DependsOn><Dependency Usage="Default"><ServiceId SiteId="1" RoleName="CentralMgmtStore" Instance="1" /></Dependency></DependsOn>
              <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn>
              <CentralMgmtService xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" IsActive="true" /></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="UserStore" Instance="1" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="2" /></SqlInstanceId></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="UserStore" Instance="2" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="3" /></SqlInstanceId></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="ArchivingStore" Instance="1" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="2" /></SqlInstanceId></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="ArchivingStore" Instance="2" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="4" /></SqlInstanceId></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="WitnessStore" Instance="1" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="witness"><ClusterId SiteId="1" Number="5" /></SqlInstanceId></InstalledOn></Service>
            <Service RoleVersion="1" ServiceVersion="6"><ServiceId SiteId="1" RoleName="CentralMgmtStore" Instance="1" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="6" /></SqlInstanceId></InstalledOn></Service>
          </Services>
        </Topology>
        """

    @Test("the witness of one store of an instance lost: mirroring re-installed for that database type only")
    func witnessOfOneStore() throws {
        let plan = restore(try read(Self.topology), ["sqlw.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.stores.map(\.treatment) == [.reinstallMirroring])
        #expect(plan.commands("Uninstall-CsMirrorDatabase") == ["Uninstall-CsMirrorDatabase -SqlServerFqdn 'sqlx.contoso.com' -SqlInstanceName 'rtc' -DatabaseType 'User'"])
        #expect(plan.commands("Install-CsMirrorDatabase") == [
            "Install-CsMirrorDatabase -DatabaseType 'User' -FileShare '<FILE-SHARE-UNC>' -SqlServerFqdn 'sqlx.contoso.com' -SqlInstanceName 'rtc' -DropExistingDatabasesOnMirror",
        ], "-ConfiguredDatabases would touch the Archiving mirror too")
        #expect(plan.recreateMirrorDatabases.map(\.database) == ["rtcxds", "rtcshared", "rtcab"])
    }

    @Test("one store swaps, another on the same instance is re-created: per-type commands, SQL restore before the mirrors")
    func swapAndRecreateOnOneInstance() throws {
        let plan = restore(try read(Self.topology), ["sqlx.contoso.com", "sqlz.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.stores.map(\.treatment) == [.failOverAndSwap, .recreateWithMirror])
        #expect(plan.commands("Install-CsDatabase") == ["Install-CsDatabase -DatabaseType 'Archiving' -SqlServerFqdn 'sqlx.contoso.com' -SqlInstanceName 'rtc'"])
        #expect(plan.recreateDatabases.map(\.database) == ["LcsLog"])
        #expect(plan.commands("Invoke-CsDatabaseFailover") == ["Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'User' -NewPrincipal 'Mirror'"])
        #expect(plan.commands("Install-CsMirrorDatabase") == [
            "Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '<FILE-SHARE-UNC>' -SqlServerFqdn 'sqly.contoso.com' -ForInstance 'rtc'",
            "Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '<FILE-SHARE-UNC>' -SqlServerFqdn 'sqlx.contoso.com' -ForInstance 'rtc'",
        ])
        let mirrors = Dictionary(grouping: plan.recreateMirrorDatabases, by: \.databaseType)
        #expect(mirrors["User"]?.allSatisfy { $0.sqlServer == "sqlx.contoso.com" && $0.primary.sqlServer == "sqly.contoso.com" } == true)
        #expect(mirrors["Archiving"]?.allSatisfy { $0.sqlServer == "sqlz.contoso.com" && $0.primary.sqlServer == "sqlx.contoso.com" } == true)
        let restoreData = try #require(plan.position("Restore-SqlDatabase -ServerInstance 'sqlx.contoso.com\\rtc' -Database 'LcsLog'"))
        let mirror = try #require(plan.position("Install-CsMirrorDatabase"))
        #expect(restoreData < mirror, "SQL Server cannot restore a mirrored database")
        #expect(plan.position("Import-CsUserData") == nil, "the user data survives on the mirror")
    }

    @Test("a file server whose FQDN breaks the rules cannot be rebuilt: blocked though no command names it")
    func invalidRebuildName() throws {
        let text = Self.topology.replacingOccurrences(of: "</Clusters>", with: """
            <Cluster Fqdn="fs_01.contoso.com"><ClusterId SiteId="1" Number="7" /><Machine OrdinalInCluster="1" Fqdn="fs_01.contoso.com" /></Cluster></Clusters>
            """)
        let plan = restore(try read(text), ["fs_01.contoso.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.rule == RestorePlanner.Rule.invalidName && $0.message.contains("underscore") })
    }
}
