import Testing
import LyncTopology
import LyncTopologyTesting

@Suite("Editing: pools, sites and the Central Management Server")
struct PoolEditTests {
    @Test("a new Enterprise pool has its Front Ends, Front End services and a stand-alone back end")
    func addEnterprisePool() throws {
        var document = try sample("enterprise-mirrored.xml")
        try document.addSQLServer("sql04.contoso.com", site: "1", instance: "rtc")
        try document.addEnterprisePool("pool02.contoso.com", site: "1", frontEnds: ["fe11.contoso.com", "fe12.contoso.com"],
                                       backEnd: sqlRef("sql04.contoso.com\\rtc"), fileStore: "fs01.contoso.com")
        let written = try reread(document)
        let pool02 = try pool(written, "pool02.contoso.com")
        #expect(pool02.kind == .enterprise && pool02.id == "1-8")
        #expect(pool02.machines.map(\.fqdn) == ["fe11.contoso.com", "fe12.contoso.com"])
        #expect(written.topology.services(on: pool02.id).map(\.roleName)
                == ["UserServices", "Registrar", "WebServices", "ConfServices", "ApplicationServer"])
        #expect(written.topology.services(on: pool02.id).map { $0.key?.instance } == ["2", "2", "2", "2", "2"])
        let user = try store(written, role: "UserStore", on: "sql04.contoso.com")
        #expect(user.consumers == ["pool02.contoso.com"] && user.isStandAlone && user.mirror == nil)
        #expect(try store(written, role: "ApplicationStore", on: "sql04.contoso.com").consumers == ["pool02.contoso.com"])
        let userServices = try #require(written.topology.services(on: pool02.id).first)
        #expect(userServices.dependencies.map(\.serviceID) == ["1-UserStore-3", "1-FileStore-1", "1-ConfServices-2"],
                "the mirror copy already holds UserStore instance 2")
        #expect(written.topology.centralManagement?.pool == "pool01.contoso.com")
        try expectNoErrors(written)
        #expect(PublishSimulator.simulate(written).centralManagement.pool == "pool01.contoso.com")
    }

    @Test("a pool's back end must be a SQL Server no other pool uses, and its machines new FQDNs")
    func refusedPools() throws {
        var document = try sample("enterprise-mirrored.xml")
        try document.addSQLInstance("rtc2", on: "sql01.contoso.com")
        #expect(throws: TopologyEditError.backEndInUse(sqlServer: "sql01.contoso.com", pool: "pool01.contoso.com")) {
            try document.addEnterprisePool("pool02.contoso.com", site: "1", frontEnds: ["fe11.contoso.com"], backEnd: sqlRef("sql01.contoso.com\\rtc2"))
        }
        #expect(throws: TopologyEditError.noMachines(pool: "pool02.contoso.com")) {
            try document.addEnterprisePool("pool02.contoso.com", site: "1", frontEnds: [], backEnd: sqlRef("sql01.contoso.com\\rtc2"))
        }
        #expect(throws: TopologyEditError.fqdnInUse("FE11.contoso.com", by: "another machine of pool02.contoso.com")) {
            try document.addEnterprisePool("pool02.contoso.com", site: "1", frontEnds: ["fe11.contoso.com", "FE11.contoso.com"],
                                           backEnd: sqlRef("sql01.contoso.com\\rtc2"))
        }
        #expect(throws: TopologyEditError.unknownFileStore("sql02.contoso.com")) {
            try document.addSQLServer("sql05.contoso.com", site: "1")
            try document.addEnterprisePool("pool02.contoso.com", site: "1", frontEnds: ["fe11.contoso.com"],
                                           backEnd: sqlRef("sql05.contoso.com"), fileStore: "sql02.contoso.com")
        }
        #expect(throws: TopologyEditError.backEndInUse(sqlServer: "edge01.contoso.com", pool: "edge01.contoso.com")) {
            try document.addSQLInstance("rtc", on: "edge01.contoso.com")
            try document.addEnterprisePool("pool02.contoso.com", site: "1", frontEnds: ["fe11.contoso.com"], backEnd: sqlRef("edge01.contoso.com\\rtc"))
        }
    }

    @Test("a Standard Edition server has a collocated rtc instance holding its stores")
    func addStandardEdition() throws {
        var document = try sample("two-sites-archiving-monitoring.xml")
        try document.addStandardEditionServer("se-lon2.contoso.com", site: "2", fileStore: "fs-sea.contoso.com")
        let written = try reread(document)
        let server = try pool(written, "se-lon2.contoso.com")
        #expect(server.kind == .standard && server.machines.map(\.fqdn) == ["se-lon2.contoso.com"])
        let user = try store(written, role: "UserStore", on: "se-lon2.contoso.com", instance: "rtc")
        #expect(!user.isStandAlone && user.consumers == ["se-lon2.contoso.com"])
        try expectNoErrors(written)
    }

    @Test("a new pool in a never-published .tbxml: GUIDs, IsSingleMachineOnly, no Original* attributes", .needsCorpus)
    func addPoolToBuilderFile() throws {
        let original = try corpus("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml")
        var document = original
        document.uniqueIDs = .sequential()
        try document.addSQLServer("xSQL2.contoso.com", site: "1")
        try document.addEnterprisePool("pool2.contoso.com", site: "1", frontEnds: ["xfe21.contoso.com"], backEnd: sqlRef("xSQL2.contoso.com"),
                                       fileStore: "xFile2.contoso.com")
        let written = try reread(document)
        let pool2 = try pool(written, "pool2.contoso.com")
        #expect(pool2.kind == .enterprise && pool2.isSingleMachineOnly == false && pool2.publishedID == nil)
        #expect(pool2.id == "00000000-0000-4000-8000-000000000003")
        #expect(!addedLines(original, document).contains { $0.contains("Original") })
        #expect(try store(written, role: "UserStore", on: "xSQL2.contoso.com").consumers == ["pool2.contoso.com"])
        #expect(written.topology.centralManagement == nil, "a design never published has no CMS until one is chosen")
        try expectNoErrors(written)
    }

    @Test("moving the CMS makes the pool's CentralMgmt service active with a store on its back end; the old one goes inactive")
    func setCentralManagement() throws {
        var document = try sample("standard-edition.xml")
        try document.addSite("Paris", city: "Paris", countryCode: "FR")
        try document.addSQLServer("sql01.contoso.com", site: "2")
        try document.addFileServer("fs01.contoso.com", site: "2", share: "lync")
        try document.addEnterprisePool("pool02.contoso.com", site: "2", frontEnds: ["fe1.contoso.com", "fe2.contoso.com"],
                                       backEnd: sqlRef("sql01.contoso.com"), fileStore: "fs01.contoso.com")
        try document.setCentralManagement(pool: "pool02.contoso.com")
        let written = try reread(document)
        let cms = try #require(written.topology.centralManagement)
        #expect(cms.pool == "pool02.contoso.com" && cms.sqlServer == "sql01.contoso.com" && cms.instance == "")
        let active = written.topology.services.filter { $0.roleName == "CentralMgmt" && $0.isActiveCentralManagement == true }
        #expect(active.map(\.displayName) == ["2-CentralMgmt-1"])
        #expect(written.topology.service("1-CentralMgmt-1")?.isActiveCentralManagement == false)
        #expect(try store(written, role: "CentralMgmtStore", on: "sql01.contoso.com").databases == ["xds", "lis"])
        #expect(written.xml.format.encoding == .utf16LittleEndian && written.xml.format.lineEnding == .crlf)
        let bytes = written.serialized()
        #expect(bytes.starts(with: [0xFF, 0xFE]))
        #expect(!zip(bytes.indices.dropFirst(2), bytes.dropFirst(2)).contains { index, byte in
            byte == 0x0A && index >= 2 && bytes[index - 2] != 0x0D
        }, "every line break is CRLF")
        try expectNoErrors(written)
        #expect(PublishSimulator.simulate(written).centralManagement.pool == "pool02.contoso.com")

        let services = document.topology.services.count
        try document.setCentralManagement(pool: "se01.contoso.com")
        #expect(document.topology.centralManagement?.pool == "se01.contoso.com")
        #expect(document.topology.centralManagement?.sqlServer == "se01.contoso.com")
        #expect(document.topology.centralManagement?.instance == "rtc")
        #expect(document.topology.services.filter { $0.isActiveCentralManagement == true }.count == 1)
        #expect(document.topology.services.count == services, "se01's CentralMgmt service and store are reused")
    }

    @Test("the CMS store on a mirrored back end is mirrored with it")
    func centralManagementOnMirroredBackEnd() throws {
        var document = try buildTopology {
            CentralSite("Dublin")
            EnterprisePool("pool01.contoso.com", frontEnds: 2, backEnd: "sql01.contoso.com\\rtc")
            EnterprisePool("pool02.contoso.com", frontEnds: 2, backEnd: "sql02.contoso.com\\rtc")
            BackEndMirror(pool: "pool02.contoso.com", to: "sql03.contoso.com\\rtc", witness: "sql04.contoso.com\\witness")
            CentralManagementServer(pool: "pool01.contoso.com")
        }
        #expect(try store(document, role: "CentralMgmtStore", on: "sql01.contoso.com").mirror == nil)
        try document.setCentralManagement(pool: "pool02.contoso.com")
        let cmsStore = try store(try reread(document), role: "CentralMgmtStore", on: "sql02.contoso.com")
        #expect(cmsStore.mirror?.sqlServer == "sql03.contoso.com" && cmsStore.witness?.sqlServer == "sql04.contoso.com")
    }

    @Test("the CMS goes only to a Front End pool or Standard Edition server")
    func refusedCentralManagement() throws {
        var document = try sample("enterprise-mirrored.xml")
        #expect(throws: TopologyEditError.notAFrontEndPool("sql01.contoso.com")) { try document.setCentralManagement(pool: "sql01.contoso.com") }
        #expect(throws: TopologyEditError.unknownPool("pool9.contoso.com")) { try document.setCentralManagement(pool: "pool9.contoso.com") }
        let before = document.serialized()
        try document.setCentralManagement(pool: "pool01.contoso.com")
        #expect(document.serialized() == before, "already the CMS: nothing to change")
    }

    @Test("a new site gets the next SiteId, in both kinds; names are unique")
    func addSite() throws {
        let original = try sample("two-sites-archiving-monitoring.xml")
        var document = original
        #expect(try document.addSite("Tokyo", city: "Tokyo", countryCode: "JP") == "3")
        #expect(addedLines(original, document) == [
            "    <CentralSite SiteId=\"3\">",
            "      <Name>Tokyo</Name>",
            "      <Location City=\"Tokyo\" CountryCode=\"JP\" />",
            "    </CentralSite>",
        ])
        #expect(try reread(document).topology.sites.map(\.name) == ["Seattle", "London", "Tokyo"])
        #expect(throws: TopologyEditError.siteExists("london")) { try document.addSite("london") }
        #expect(throws: TopologyEditError.emptySiteName) { try document.addSite("  ") }

        var builder = try sample("pool-edit.tbxml")
        let before = builder
        #expect(try builder.addSite("Boston") == "2")
        #expect(removedLines(before, builder) == [
            "    <PartialTopology Signature=\"56301451-907a-48ce-bc3c-6420ac6ae4e7\" IsPublished=\"true\" LastSiteId=\"1\" xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008\">",
        ], "LastSiteId follows; the OriginalTopology's stays")
        #expect(try reread(builder).topology.sites.map(\.id) == ["1", "2"])
        #expect(documentLines(builder).contains("          <Name xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\">Boston</Name>"))
    }

    @Test("a transaction applies all of its edits or none")
    func transaction() throws {
        var document = try sample("enterprise-mirrored.xml")
        let before = document.serialized()
        #expect(throws: TopologyEditError.fqdnInUse("fe04.contoso.com", by: "machine fe04.contoso.com of pool01.contoso.com")) {
            try document.transaction { edited throws(TopologyEditError) in
                try edited.addMachine("fe04.contoso.com", toPool: "pool01.contoso.com")
                try edited.addSQLServer("fe04.contoso.com", site: "1")
            }
        }
        #expect(document.serialized() == before)
    }
}
