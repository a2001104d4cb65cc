import Testing
import LyncTopology
import LyncTopologyTesting

@Suite("LyncTopologyTesting: building topologies and asserting on them")
struct BlueprintTests {
    static func mirroredPool(_ kind: DocumentKind = .topology) throws -> TopologyDocument {
        try buildTopology(kind) {
            CentralSite("Dublin", city: "Dublin", countryCode: "IE")
            EnterprisePool("pool01.contoso.com", frontEnds: 3, backEnd: "sql01.contoso.com\\rtc")
            BackEndMirror(pool: "pool01.contoso.com", to: "sql02.contoso.com\\rtc", witness: "sql03.contoso.com\\witness")
            ArchivingStore(pool: "pool01.contoso.com", on: "sqlam.contoso.com\\archmon")
            MonitoringStore(pool: "pool01.contoso.com", on: "sqlam.contoso.com\\archmon")
            CentralSite("London")
            StandardEditionServer("se01.contoso.com")
        }
    }

    @Test("a few lines build a published topology: pool, back end, mirror and witness, Archiving, Monitoring, CMS")
    func publishedTopology() throws {
        let document = try Self.mirroredPool()
        #expect(document.kind == .topology && document.topology.product == .skypeForBusiness2015)
        #expect(document.topology.sites.map(\.name) == ["Dublin", "London"])
        let pool01 = try pool(document, "pool01.contoso.com")
        #expect(pool01.kind == .enterprise)
        #expect(pool01.machines.map(\.fqdn) == ["pool01-fe1.contoso.com", "pool01-fe2.contoso.com", "pool01-fe3.contoso.com"])
        #expect(document.topology.stores.map(\.displayName) == [
            "UserStore:sql01.contoso.com\\rtc", "ApplicationStore:sql01.contoso.com\\rtc", "ArchivingStore:sqlam.contoso.com\\archmon",
            "MonitoringStore:sqlam.contoso.com\\archmon", "UserStore:se01.contoso.com\\rtc", "ApplicationStore:se01.contoso.com\\rtc",
            "CentralMgmtStore:sql01.contoso.com\\rtc",
        ])
        for role in ["UserStore", "ApplicationStore", "CentralMgmtStore"] {
            let backEnd = try store(document, role: role, on: "sql01.contoso.com")
            #expect(backEnd.mirror?.sqlServer == "sql02.contoso.com" && backEnd.witness?.sqlServer == "sql03.contoso.com", "\(role)")
        }
        #expect(try store(document, role: "ArchivingStore", on: "sqlam.contoso.com").mirror == nil)
        #expect(document.topology.centralManagement?.pool == "pool01.contoso.com")
        #expect(try pool(document, "se01.contoso.com").kind == .standard)
        #expect(try pool(document, "se01.contoso.com").siteID == "2")
        #expect(document.topology.clusters.filter { $0.kind == .file }.map(\.fqdn) == ["fs1.contoso.com", "fs2.contoso.com"],
                "each site gets a file server when none is named")
        try expectNoErrors(document)
        #expect(try reread(document).topology == document.topology)
        #expect(PublishSimulator.simulate(document).centralManagement.pool == "pool01.contoso.com")
    }

    @Test("a .tbxml built twice is the same document, byte for byte, and has no CMS unless asked")
    func builderFileIsDeterministic() throws {
        let first = try Self.mirroredPool(.tbxml)
        let second = try Self.mirroredPool(.tbxml)
        #expect(first.serialized() == second.serialized())
        #expect(first.kind == .tbxml && first.original == nil)
        #expect(first.topology.centralManagement == nil)
        #expect(try store(first, role: "UserStore", on: "sql01.contoso.com").witness?.sqlServer == "sql03.contoso.com")
        #expect(first.serialized().starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with a byte-order mark, as Topology Builder writes")
        try expectNoErrors(first)
    }

    @Test("encodings: a published topology built as UTF-16LE is written as PowerShell's > writes it")
    func utf16() throws {
        let document = try buildTopology(encoding: .utf16LittleEndian) {
            StandardEditionServer("se01.contoso.com", fileStore: "fs01.contoso.com")
        }
        #expect(document.serialized().starts(with: [0xFF, 0xFE, 0x3C, 0x00]))
        #expect(document.xml.format.declaration == nil)
        #expect(document.topology.sites.map(\.name) == ["Site 1"])
        #expect(document.topology.centralManagement?.pool == "se01.contoso.com")
        #expect(try reread(document).serialized() == document.serialized())
    }

    @Test("parts can be chosen with if and for")
    func controlFlow() throws {
        let pools = 3
        let mirrored = false
        let document = try buildTopology {
            CentralSite("Dublin")
            for index in 1...pools {
                EnterprisePool("pool0\(index).contoso.com", frontEnds: 1, backEnd: "sql0\(index).contoso.com")
            }
            if mirrored {
                BackEndMirror(pool: "pool01.contoso.com", to: "sqlm.contoso.com")
            }
            FrontEnd("extra.contoso.com", pool: "pool02.contoso.com")
            CentralManagementServer(pool: "pool03.contoso.com")
        }
        #expect(document.topology.clusters.filter { $0.kind == .enterprise }.count == 3)
        #expect(document.topology.stores.allSatisfy { $0.mirror == nil })
        #expect(try pool(document, "pool02.contoso.com").machines.count == 2)
        #expect(document.topology.centralManagement?.pool == "pool03.contoso.com")
    }

    @Test("a part that breaks an invariant makes the build throw the edit's error")
    func invalidPart() throws {
        #expect(throws: TopologyEditError.backEndInUse(sqlServer: "sql01.contoso.com", pool: "pool01.contoso.com")) {
            _ = try buildTopology {
                EnterprisePool("pool01.contoso.com", backEnd: "sql01.contoso.com")
                EnterprisePool("pool02.contoso.com", backEnd: "sql01.contoso.com\\other")
            }
        }
        #expect(throws: TopologyEditError.mirroringNotSupported(.skypeForBusiness2019)) {
            _ = try buildTopology(product: .skypeForBusiness2019) {
                EnterprisePool("pool01.contoso.com", backEnd: "sql01.contoso.com")
                BackEndMirror(pool: "pool01.contoso.com", to: "sql02.contoso.com")
            }
        }
    }

    @Test("the assertions say what was expected and what was found")
    func expectations() throws {
        let broken = try read("""
            <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
              <Clusters><Cluster><ClusterId SiteId="1" Number="1" /></Cluster></Clusters>
            </Topology>
            """)
        let failure = try #require(throws: TopologyExpectationFailure.self) { try expectNoErrors(broken) }
        #expect(failure.message.contains("[SCHEMA001] <Cluster> has no Fqdn attribute"))
        #expect(findings(broken, rule: "SCHEMA001").count == 1)
        #expect(try expectFinding(broken, rule: "SCHEMA001", severity: .error).location?.line == 2)
        #expect(throws: TopologyExpectationFailure.self) { try expectFinding(broken, rule: "MIRROR001") }
        #expect(throws: TopologyExpectationFailure.self) { try store(broken, role: "UserStore", on: "sql01.contoso.com") }

        let document = try Self.mirroredPool()
        let plan = PublishSimulator.simulate(document)
        try expectNotBlocked(plan)
        #expect(plannedDatabases(plan, on: "nowhere.contoso.com").isEmpty)
        #expect(plannedMirrorDatabases(plan, on: "nowhere.contoso.com").isEmpty)
    }
}
