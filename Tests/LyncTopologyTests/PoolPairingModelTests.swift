import LyncTopology
import Testing

@Suite("pool pairing: the model")
struct PoolPairingModelTests {
    @Test("paired-pools.xml: both directions, their settings and the Backup Service modules")
    func pairedSample() throws {
        let topology = try sample("paired-pools.xml").topology
        #expect(topology.poolPairings.map(\.pool) == ["pool01.contoso.com", "pool02.contoso.com"])
        let first = try #require(topology.pairing(ofPool: "POOL01.contoso.com"))
        #expect(first.backupPool == "pool02.contoso.com")
        #expect(first.registrarServiceID == "1-Registrar-1" && first.backupServiceID == "2-Registrar-1")
        #expect(first.backupIsRegistrar && first.isReciprocal)
        #expect(first.enableAutomaticFailover == false)
        #expect(first.failureDetectionInterval == "P0Y0M0DT0H5M0S" && first.failbackDetectionInterval == "P0Y0M0DT0H10M0S")
        #expect(first.backupModules.map(\.name) == ["UserServices.PresenceFocus", "ConfServices.DataConf", "CentralMgmt.CMSMaster"])
        #expect(first.replicates(.userData) && first.replicates(.centralManagement) && !first.replicates(.responseGroups))
        #expect(topology.backupPool(of: "pool02.contoso.com") == "pool01.contoso.com")
        #expect(topology.backupPool(of: "sql11.contoso.com") == nil)
    }

    @Test("paired-pools.xml: the standby Central Management store in pool02, mirrored")
    func standbyCentralManagement() throws {
        let topology = try sample("paired-pools.xml").topology
        #expect(topology.centralManagement?.pool == "pool01.contoso.com")
        let standby = try #require(topology.backupCentralManagement)
        #expect(standby.pool == "pool02.contoso.com")
        #expect(standby.sqlServer == "sql21.contoso.com" && standby.instance == "rtc")
        #expect(standby.mirrorSQLServer == "sql22.contoso.com" && standby.mirrorInstance == "rtc")
    }

    @Test("corpus 04: two Standard Edition servers paired both ways, automatic failover on, standby CMS on FE2", .needsCorpus)
    func corpusPairedStandardEdition() throws {
        let topology = try corpus("04-lync2013-two-sites-paired-se-pools-edge.xml").topology
        #expect(topology.poolPairings.count == 2)
        #expect(topology.poolPairings.allSatisfy { $0.isReciprocal && $0.enableAutomaticFailover == true })
        #expect(topology.pairing(ofPool: "FE1.example.com")?.backupPool == "FE2.example.com")
        #expect(topology.backupCentralManagement?.pool == "FE2.example.com")
        #expect(topology.backupCentralManagement?.sqlServer == "FE2.example.com")
        #expect(topology.backupCentralManagement?.mirrorSQLServer == nil)
        #expect(TopologyValidator.validate(topology).filter { $0.rule.hasPrefix("PAIR") }.isEmpty)
    }

    @Test("a topology without pairs has none, and no standby CMS")
    func unpaired() throws {
        let topology = try sample("enterprise-mirrored.xml").topology
        #expect(topology.poolPairings.isEmpty && topology.backupCentralManagement == nil)
    }

    @Test("show: the pairing line under each pool and the backup CMS line")
    func showText() throws {
        let text = ShowRendering.text(try sample("paired-pools.xml"))
        #expect(text.contains("\n    paired with pool02.contoso.com (automatic failover off)\n"))
        #expect(text.contains("\n    paired with pool01.contoso.com (automatic failover off)\n"))
        #expect(text.contains("Backup Central Management store: pool02.contoso.com (store on sql21.contoso.com\\rtc, mirror sql22.contoso.com\\rtc)\n"))
        #expect(!ShowRendering.text(try sample("enterprise-mirrored.xml")).contains("Backup Central Management"))
    }
}
