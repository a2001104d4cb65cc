import Testing
import LyncTopology
import LyncTopologyTesting

@Suite("Editing: SQL Servers, instances and stores")
struct SqlEditTests {
    @Test("a new SQL Server is a single-machine cluster with the next ClusterId and its instance")
    func addSQLServer() throws {
        let original = try sample("enterprise-mirrored.xml")
        var document = original
        try document.addSQLServer("sql04.contoso.com", site: "1", instance: "rtc")
        #expect(addedLines(original, document) == [
            "    <Cluster RequiresReplication=\"false\" RequiresSetup=\"false\" Fqdn=\"sql04.contoso.com\">",
            "      <ClusterId SiteId=\"1\" Number=\"7\" />",
            "      <Machine OrdinalInCluster=\"1\" Fqdn=\"sql04.contoso.com\" FaultDomain=\"sql04.contoso.com\" UpgradeDomain=\"sql04.contoso.com\" />",
            "    </Cluster>",
            "    <SqlInstance>",
            "      <SqlInstanceId Name=\"rtc\">",
            "        <ClusterId SiteId=\"1\" Number=\"7\" />",
            "      </SqlInstanceId>",
            "    </SqlInstance>",
        ])
        let written = try reread(document)
        let server = try pool(written, "sql04.contoso.com")
        #expect(server.kind == .sql && server.id == "1-7")
        #expect(written.topology.sqlInstances(on: server.id).map(\.displayName) == ["sql04.contoso.com\\rtc"])
        try expectNoErrors(written)
    }

    @Test("a new SQL Server in a .tbxml gets GUID UniqueIds from the injected generator and no Original* attributes")
    func addSqlServerToBuilderFile() throws {
        var document = try sample("pool-edit.tbxml")
        document.uniqueIDs = .sequential(seed: 7)
        let before = document
        try document.addSQLServer("sql03.fabrikam.com", site: "1", instance: "witness", mirroringPort: 7022)
        #expect(addedLines(before, document) == [
            "            <Cluster IsSingleMachineOnly=\"true\" UniqueId=\"00000007-0000-4000-8000-000000000001\" RequiresReplication=\"false\" RequiresSetup=\"false\" Fqdn=\"sql03.fabrikam.com\">",
            "              <Machines>",
            "                <Machine />",
            "              </Machines>",
            "              <SqlInstances>",
            "                <SqlInstance UniqueId=\"00000007-0000-4000-8000-000000000002\" Name=\"witness\" MirroringPort=\"7022\" />",
            "              </SqlInstances>",
            "            </Cluster>",
        ])
        let written = try reread(document)
        let instance = try #require(written.topology.sqlInstance("00000007-0000-4000-8000-000000000002"))
        #expect(instance.sqlServer == "sql03.fabrikam.com" && instance.name == "witness" && instance.mirroringPort == 7022)
        #expect(written.original == before.original)
    }

    @Test("ids already in the document are never handed out again")
    func idsAvoidExisting() throws {
        var document = try sample("pool-edit.tbxml")
        document.uniqueIDs = .sequential()
        try document.addSQLServer("sql03.fabrikam.com", site: "1")
        var again = document
        again.uniqueIDs = .sequential()   // a fresh generator would start at …0001 again
        try again.addSQLServer("sql04.fabrikam.com", site: "1")
        let ids = again.topology.clusters.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("00000000-0000-4000-8000-000000000003"))
    }

    @Test("a second instance on a server; the default instance is \"\" or MSSQLSERVER")
    func addInstance() throws {
        var document = try sample("two-sites-archiving-monitoring.xml")
        try document.addSQLInstance("arch2", on: "SQLAM.contoso.com", mirroringPort: 5023)
        let written = try reread(document)
        let names = written.topology.sqlInstances.filter { $0.sqlServer == "sqlam.contoso.com" }.map(\.name)
        #expect(names == ["archmon", "arch2"])
        #expect(written.topology.instanceNamed("sqlam.contoso.com\\arch2")?.mirroringPort == 5023)
        #expect(throws: TopologyEditError.instanceExists(sqlRef("sql-sea.contoso.com"))) {
            try document.addSQLInstance("MSSQLSERVER", on: "sql-sea.contoso.com")
        }
    }

    @Test("refused SQL edits name the broken invariant",
          arguments: [
            ("1rtc", "sql01.contoso.com", nil, TopologyEditError.invalidInstanceName("1rtc", problem: "does not start with a letter")),
            ("DEFAULT", "sql01.contoso.com", nil, .invalidInstanceName("DEFAULT", problem: "is the reserved word DEFAULT")),
            ("RTC", "sql01.contoso.com", nil, .instanceExists(SQLInstanceRef(sqlServer: "sql01.contoso.com", instance: "RTC"))),
            ("rtc", "sql09.contoso.com", nil, .unknownSQLServer("sql09.contoso.com")),
            ("rtc2", "sql02.contoso.com", 5022, .mirroringPortInUse(port: 5022, instance: SQLInstanceRef(sqlServer: "sql02.contoso.com", instance: "rtc2"),
                                                                   by: SQLInstanceRef(sqlServer: "sql02.contoso.com", instance: "rtc"))),
            ("rtc2", "sql02.contoso.com", 70000, .invalidPort(70000)),
          ] as [(String, String, Int?, TopologyEditError)])
    func refusedInstance(name: String, server: String, port: Int?, error: TopologyEditError) throws {
        var document = try sample("enterprise-mirrored.xml")
        let before = document.serialized()
        #expect(throws: error) { try document.addSQLInstance(name, on: server, mirroringPort: port) }
        #expect(document.serialized() == before)
    }

    @Test("a new SQL Server needs a valid, unused FQDN and a known site")
    func refusedServer() throws {
        var document = try sample("enterprise-mirrored.xml")
        #expect(throws: TopologyEditError.invalidFQDN("sql04.contoso.com.", problem: "has an empty label")) {
            try document.addSQLServer("sql04.contoso.com.", site: "1")
        }
        #expect(throws: TopologyEditError.fqdnInUse("FE01.contoso.com", by: "machine fe01.contoso.com of pool01.contoso.com")) {
            try document.addSQLServer("FE01.contoso.com", site: "1")
        }
        #expect(throws: TopologyEditError.unknownSite("9")) { try document.addSQLServer("sql04.contoso.com", site: "9") }
    }

    @Test("an Archiving store for a pool: a store service on the instance and a Registrar dependency on it")
    func addArchivingStore() throws {
        var document = try sample("enterprise-mirrored.xml")
        try document.addSQLServer("sqlarch.contoso.com", site: "1", instance: "arch")
        let before = document
        try document.addStore("ArchivingStore", on: sqlRef("sqlarch.contoso.com\\arch"), forPool: "pool01.contoso.com")
        let added = addedLines(before, document)
        #expect(added.prefix(3) == [
            "        <Dependency Usage=\"Default\">",
            "          <ServiceId SiteId=\"1\" RoleName=\"ArchivingStore\" Instance=\"1\" />",
            "        </Dependency>",
        ])
        let written = try reread(document)
        let archiving = try store(written, role: "ArchivingStore", on: "sqlarch.contoso.com")
        #expect(archiving.consumers == ["pool01.contoso.com"] && archiving.databases == ["LcsLog"] && archiving.isStandAlone)
        let registrar = try #require(written.topology.service("1-Registrar-1"))
        #expect(registrar.dependencies.last?.serviceID == "1-ArchivingStore-1")
        try expectNoErrors(written)

        #expect(throws: TopologyEditError.poolHasStore(role: "ArchivingStore", pool: "pool01.contoso.com")) {
            try document.addStore("ArchivingStore", on: sqlRef("sqlarch.contoso.com\\arch"), forPool: "pool01.contoso.com")
        }
        #expect(throws: TopologyEditError.noConsumer(role: "ArchivingStore", pool: "fs01.contoso.com")) {
            try document.addStore("ArchivingStore", on: sqlRef("sqlarch.contoso.com\\arch"), forPool: "fs01.contoso.com")
        }
        #expect(throws: TopologyEditError.unknownStoreRole("LogStore")) {
            try document.addStore("LogStore", on: sqlRef("sqlarch.contoso.com\\arch"), forPool: "pool01.contoso.com")
        }
    }

    @Test("a Monitoring store already on an instance is shared; a pool has one store of a role")
    func sharedStores() throws {
        var document = try sample("two-sites-archiving-monitoring.xml")
        try document.addStandardEditionServer("se-lon2.contoso.com", site: "2")
        let services = document.topology.services.count
        try document.addStore("MonitoringStore", on: sqlRef("sqlam.contoso.com\\archmon"), forPool: "se-lon2.contoso.com")
        #expect(document.topology.services.count == services, "no second MonitoringStore service")
        #expect(try store(document, role: "MonitoringStore", on: "sqlam.contoso.com").consumers
                == ["pool-sea.contoso.com", "se-lon.contoso.com", "se-lon2.contoso.com"])
        #expect(throws: TopologyEditError.poolHasStore(role: "ApplicationStore", pool: "pool-sea.contoso.com")) {
            try document.addStore("ApplicationStore", on: sqlRef("sql-sea.contoso.com"), forPool: "pool-sea.contoso.com")
        }
    }

    @Test("moving a store rewrites its InstalledOn; every consumer follows")
    func moveStore() throws {
        var document = try sample("two-sites-archiving-monitoring.xml")
        try document.addSQLInstance("arch2", on: "sqlam.contoso.com")
        let before = document
        try document.moveStore("ArchivingStore", from: sqlRef("sqlam.contoso.com\\archmon"), to: sqlRef("sqlam.contoso.com\\arch2"))
        #expect(addedLines(before, document) == ["        <SqlInstanceId Name=\"arch2\">"])
        #expect(removedLines(before, document) == ["        <SqlInstanceId Name=\"archmon\">"])
        let written = try reread(document)
        let archiving = try store(written, role: "ArchivingStore", on: "sqlam.contoso.com")
        #expect(archiving.instance == "arch2")
        #expect(archiving.consumers == ["pool-sea.contoso.com", "se-lon.contoso.com"])
        #expect(try store(written, role: "MonitoringStore", on: "sqlam.contoso.com").instance == "archmon")
        try expectNoErrors(written)
    }

    @Test("moving a store in a .tbxml changes its InstalledOn attribute only", .needsCorpus)
    func moveStoreInBuilderFile() throws {
        let original = try corpus("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml")
        var document = original
        document.uniqueIDs = .sequential()
        try document.addSQLServer("xSQL2.contoso.com", site: "1", instance: "mon")
        try document.moveStore("MonitoringStore", from: sqlRef("xSQL1.contoso.com"), to: sqlRef("xSQL2.contoso.com\\mon"))
        let monitoring = try store(try reread(document), role: "MonitoringStore", on: "xSQL2.contoso.com")
        #expect(monitoring.instance == "mon" && monitoring.sqlInstanceID == "00000000-0000-4000-8000-000000000002")
        #expect(addedLines(original, document).contains(
            "        <Service UniqueId=\"73cb634e-acc1-492c-a18c-82edfd9ea386\" RoleName=\"MonitoringStore\" RoleVersion=\"1\" InstalledOn=\"00000000-0000-4000-8000-000000000002\" ServiceVersion=\"7\">"))
    }

    @Test("a mirrored store moves only where the mirror relation stays on three servers")
    func moveMirroredStore() throws {
        var document = try sample("enterprise-mirrored.xml")
        #expect(throws: TopologyEditError.storeExists(role: "UserStore", instance: sqlRef("sql02.contoso.com\\rtc"))) {
            try document.moveStore("UserStore", from: sqlRef("sql01.contoso.com\\rtc"), to: sqlRef("sql02.contoso.com\\rtc"))
        }
        #expect(throws: TopologyEditError.witnessNotOnThirdServer("sql03.contoso.com")) {
            try document.moveStore("UserStore", from: sqlRef("sql01.contoso.com\\rtc"), to: sqlRef("sql03.contoso.com\\witness"))
        }
        try document.addSQLInstance("rtc2", on: "sql02.contoso.com", mirroringPort: 5023)
        #expect(throws: TopologyEditError.mirrorOnPrimaryServer("sql02.contoso.com")) {
            try document.moveStore("UserStore", from: sqlRef("sql01.contoso.com\\rtc"), to: sqlRef("sql02.contoso.com\\rtc2"))
        }
        try document.addSQLServer("sql04.contoso.com", site: "1", instance: "rtc")
        try document.moveStore("UserStore", from: sqlRef("sql01.contoso.com\\rtc"), to: sqlRef("sql04.contoso.com\\rtc"))
        let written = try reread(document)
        let user = try store(written, role: "UserStore", on: "sql04.contoso.com")
        #expect(user.mirror?.sqlServer == "sql02.contoso.com" && user.witness?.sqlServer == "sql03.contoso.com")
        #expect(written.topology.instanceNamed("sql04.contoso.com\\rtc")?.mirroringPort == 5022,
                "the new partner gets the mirroring port")
        #expect(throws: TopologyEditError.otherSite(store: "1-ArchivingStore-1", site: "2")) {
            var other = try sample("two-sites-archiving-monitoring.xml")
            try other.moveStore("ArchivingStore", from: sqlRef("sqlam.contoso.com\\archmon"), to: sqlRef("se-lon.contoso.com\\rtc"))
        }
    }
}
