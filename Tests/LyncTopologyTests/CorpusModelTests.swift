import Testing
import LyncTopology

@Suite("Model of the public corpus documents", .needsCorpus)
struct CorpusModelTests {
    struct Expectation: Sendable, CustomStringConvertible {
        var name: String
        var kind: DocumentKind
        var product: ProductVersion
        var pools: [String: PoolKind]
        var machines: Int
        var instances: Int
        var stores: [String]
        var standAlone: Int
        var cms: String?
        var description: String { name }
    }

    static let expectations: [Expectation] = [
        Expectation(name: "01-sfb2019-standard-edition.xml", kind: .topology, product: .skypeForBusiness2019,
                    pools: ["sfb01.contoso.com": .standard], machines: 1, instances: 1,
                    stores: ["UserStore", "ApplicationStore", "CentralMgmtStore"], standAlone: 0, cms: "sfb01.contoso.com"),
        Expectation(name: "02-sfb2015-standard-edition-edge-pstn-gateway.xml", kind: .topology, product: .skypeForBusiness2015,
                    pools: ["skypefe.contoso.com": .standard, "edge.contoso.com": .edge, "sbc1.contoso.com": .other],
                    machines: 3, instances: 1, stores: ["UserStore", "ApplicationStore", "CentralMgmtStore"], standAlone: 0,
                    cms: "skypefe.contoso.com"),
        Expectation(name: "03-sfb2015-enterprise-pool-alwayson-sql-wac.xml", kind: .topology, product: .skypeForBusiness2015,
                    pools: ["poolfe.tenant.rlevchenko.com": .enterprise, "srv-sql-01.tenant.rlevchenko.com": .sql,
                            "tenant.rlevchenko.com": .file, "srv-owa-01.tenant.rlevchenko.com": .other],
                    machines: 4, instances: 1, stores: ["UserStore", "ApplicationStore", "CentralMgmtStore"], standAlone: 3,
                    cms: "poolfe.tenant.rlevchenko.com"),
        Expectation(name: "04-lync2013-two-sites-paired-se-pools-edge.xml", kind: .topology, product: .lyncServer2013,
                    pools: ["fe1.example.com": .standard, "fe2.example.com": .standard, "le1.example.com": .edge, "le2.example.com": .edge],
                    machines: 4, instances: 2,
                    stores: ["UserStore", "ApplicationStore", "UserStore", "ApplicationStore", "CentralMgmtStore", "CentralMgmtStore"],
                    standAlone: 0, cms: "FE1.example.com"),
        Expectation(name: "05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml", kind: .tbxml, product: .skypeForBusiness2015,
                    pools: ["frontendpool.contoso.com": .enterprise, "edgepool.contoso.com": .edge, "xsql1.contoso.com": .sql,
                            "xfile1.contoso.com": .file, "xfile2.contoso.com": .file, "xoffice1.contoso.com": .other],
                    machines: 11, instances: 1, stores: ["UserStore", "ApplicationStore", "ArchivingStore", "MonitoringStore"],
                    standAlone: 4, cms: nil),
        Expectation(name: "06-tbxml-downloaded-original-and-new-topology.tbxml", kind: .tbxml, product: .lyncServer2013,
                    pools: ["lync2013.pocketdomain.corp": .standard], machines: 1, instances: 1,
                    stores: ["UserStore", "ApplicationStore", "CentralMgmtStore"], standAlone: 0, cms: "lync2013.pocketdomain.corp"),
    ]

    @Test("pools, machines, SQL instances, stores and CMS are read", arguments: expectations)
    func document(_ expected: Expectation) throws {
        let document = try corpus(expected.name)
        let topology = document.topology
        #expect(document.kind == expected.kind)
        #expect(topology.product == expected.product)
        #expect(topology.clusters.count == expected.pools.count)
        for (fqdn, kind) in expected.pools {
            #expect(topology.cluster(fqdn: fqdn)?.kind == kind, "\(fqdn)")
        }
        #expect(topology.clusters.reduce(0) { $0 + $1.machines.count } == expected.machines)
        #expect(topology.sqlInstances.count == expected.instances)
        #expect(topology.stores.map(\.role) == expected.stores)
        #expect(topology.stores.filter(\.isStandAlone).count == expected.standAlone)
        #expect(topology.centralManagement?.pool == expected.cms)
        #expect(topology.findings.filter { $0.severity == .error }.isEmpty)
        for store in topology.stores { #expect(!store.databases.isEmpty) }
    }

    @Test("the AlwaysOn listener is read with its primary replica")
    func alwaysOn() throws {
        let topology = try corpus("03-sfb2015-enterprise-pool-alwayson-sql-wac.xml").topology
        #expect(topology.sqlInstances[0].alwaysOnPrimary == "srv-sql-01.tenant.rlevchenko.com")
        #expect(topology.sqlInstances[0].isDefaultInstance)
        #expect(topology.stores.allSatisfy { $0.isAlwaysOn })
    }

    @Test("a downloaded .tbxml holds the OriginalTopology too, with derived UniqueIds")
    func downloadedTbxml() throws {
        let document = try corpus("06-tbxml-downloaded-original-and-new-topology.tbxml")
        let original = try #require(document.original)
        #expect(original.services.count == document.topology.services.count)
        #expect(original.sqlInstances.map(\.id) == ["sql1-1rtc"])
        #expect(original.sites.map(\.id) == ["1"])
        #expect(document.topology.clusters[0].publishedID == "1-1")
    }

    @Test("the UTF-16LE corpus document is read with case-insensitive FQDN look-ups")
    func utf16Corpus() throws {
        let document = try corpus("04-lync2013-two-sites-paired-se-pools-edge.xml")
        #expect(document.xml.format.encoding == .utf16LittleEndian)
        #expect(document.topology.cluster(fqdn: "FE1.EXAMPLE.COM")?.machines.map(\.fqdn) == ["fe1.example.com"])
    }
}
