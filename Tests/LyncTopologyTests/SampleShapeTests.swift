import Testing
@testable import LyncTopology

/// The shapes of real deployments, on the package's own samples: a UTF-16LE published topology with an Edge,
/// an AlwaysOn back end, two sites with paired pools and a standby Central Management store, a Topology
/// Builder design never published, and a .tbxml downloaded from a deployment. These run everywhere; the
/// corpus tests check the same on real documents when the corpus is there.
@Suite("Shapes of real deployments, on the samples")
struct SampleShapeTests {
    @Test("UTF-16LE with a byte-order mark and CRLF, an Edge server, case-insensitive FQDN look-ups")
    func utf16WithEdge() throws {
        let document = try sample("standard-edition.xml")
        #expect(document.xml.format.encoding == .utf16LittleEndian)
        #expect(document.xml.format.byteOrderMark)
        #expect(document.xml.format.lineEnding == .crlf)
        let topology = document.topology
        #expect(topology.cluster(fqdn: "EDGE01.CONTOSO.COM")?.kind == .edge)
        #expect(topology.cluster(fqdn: "SE01.contoso.com")?.kind == .standard)
        #expect(topology.stores.allSatisfy { !$0.isStandAlone }, "the Standard Edition server's rtc instance is collocated")
        let bytes = try FileIO.read(path: paths.sample("standard-edition.xml"), limit: 1 << 24)
        #expect(document.serialized() == bytes)
    }

    @Test("an AlwaysOn back end: the listener with its primary replica, no mirror, a restore of the listener blocked")
    func alwaysOn() throws {
        let document = try sample("alwayson-pool.xml")
        let topology = document.topology
        #expect(topology.product == .skypeForBusiness2015)
        let instance = try #require(topology.sqlInstances.first)
        #expect(topology.sqlInstances.count == 1)
        #expect(instance.alwaysOnPrimary == "sqlnode01.fabrikam.com")
        #expect(topology.stores.map(\.role) == ["UserStore", "ApplicationStore", "CentralMgmtStore"])
        #expect(topology.stores.allSatisfy { $0.isAlwaysOn && $0.mirror == nil && $0.witness == nil })
        #expect(TopologyValidator.validate(document).isEmpty)
        let plan = restore(document, ["sqlag01.fabrikam.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.rule == RestorePlanner.Rule.alwaysOn })
    }

    @Test("two sites, paired pools (Registrar Backup, BackupService), one active and one standby Central Management store")
    func pairedSitesWithStandbyCMS() throws {
        let document = try sample("paired-sites-standby-cms.xml")
        #expect(document.xml.format.encoding == .utf16LittleEndian)
        let topology = document.topology
        #expect(topology.sites.map(\.id) == ["1", "2"])
        #expect(topology.cluster(fqdn: "pool-chi.fabrikam.com")?.kind == .enterprise)
        #expect(topology.cluster(fqdn: "se-dub.fabrikam.com")?.kind == .standard)
        #expect(topology.services.filter { $0.roleName == "BackupService" }.count == 2)
        #expect(topology.stores.filter { $0.role == "CentralMgmtStore" }.count == 2)
        #expect(topology.centralManagement?.pool == "pool-chi.fabrikam.com", "the active one")
        // Its Enterprise pool is paired with a Standard Edition server: Topology Builder allows it, PAIR001 warns.
        #expect(TopologyValidator.validate(document).map(\.rule) == ["PAIR001", "PAIR001"])

        let text = try sampleText("paired-sites-standby-cms.xml")
        let twoActive = try findings("CMS001", in: plant(text, #"IsActive="false""#, #"IsActive="true""#))
        #expect(twoActive.count == 1 && twoActive.first?.severity == .error)
        #expect(twoActive.first?.message.contains("se-dub.fabrikam.com") == true)
    }

    @Test("a Topology Builder design never published: NewTopology only, no CMS yet (a note), the publish offers the pool")
    func neverPublished() throws {
        let document = try sample("new-design.tbxml")
        #expect(document.kind == .tbxml && document.original == nil)
        let topology = document.topology
        #expect(topology.centralManagement == nil)
        #expect(topology.cluster(fqdn: "edgepool01.litwareinc.com")?.kind == .edge)
        #expect(topology.cluster(fqdn: "pool01.litwareinc.com")?.machines.count == 4)
        #expect(topology.stores.map(\.role) == ["UserStore", "ApplicationStore", "MonitoringStore"])
        #expect(topology.stores.allSatisfy { $0.isStandAlone })
        let found = TopologyValidator.validate(document)
        #expect(found.map(\.rule) == ["CMS003"] && found.first?.severity == .note)
        #expect(found.first?.message.contains("pool01.litwareinc.com") == true)

        let plan = PublishSimulator.simulate(document)
        #expect(plan.centralManagement.candidates == ["pool01.litwareinc.com"])
        #expect(plan.centralManagement.pool == "pool01.litwareinc.com")
        let backEnd = plan.createDatabases.filter { $0.sqlServer == "sql01.litwareinc.com" }
        #expect(backEnd.suffix(2).map(\.database) == ["xds", "lis"], "the CMS databases go to the pool's back end")
        #expect(!plan.isBlocked)

        let recovery = restore(document, ["sql01.litwareinc.com"])
        #expect(recovery.isBlocked)
        #expect(recovery.blockers.map(\.rule).contains(RestorePlanner.Rule.neverPublished))
    }

    @Test("a .tbxml downloaded from a deployment: OriginalTopology with derived UniqueIds, and the edit in NewTopology")
    func downloaded() throws {
        let document = try sample("pool-edit.tbxml")
        let original = try #require(document.original)
        #expect(original.sqlInstances.first?.id == "sql1-2")
        #expect(document.topology.clusters.first?.publishedID == "1-1")
        #expect(original.clusters.count < document.topology.clusters.count)
        #expect(!TopologyDiff.compare(old: original, new: document.topology).isEmpty)
        #expect(TopologyDiff.compare(old: original, new: original).isEmpty)
    }
}
