import Testing
import LyncTopology

@Suite("Model of the topologies/ samples")
struct SampleModelTests {
    @Test("Standard Edition server: UTF-16LE, collocated rtc instance, CMS on the server")
    func standardEdition() throws {
        let document = try sample("standard-edition.xml")
        let topology = document.topology
        #expect(document.kind == .topology)
        #expect(document.xml.format.encoding == .utf16LittleEndian)
        #expect(document.xml.format.lineEnding == .crlf)
        #expect(topology.product == .lyncServer2013)
        #expect(topology.sites.map(\.name) == ["Redmond"])
        #expect(topology.clusters.map(\.fqdn) == ["se01.contoso.com", "edge01.contoso.com"])
        #expect(topology.clusters.map(\.kind) == [.standard, .edge])
        #expect(topology.clusters[0].location.line == 12)
        #expect(topology.sqlInstances.count == 1)
        let rtc = topology.sqlInstances[0]
        #expect(rtc.sqlServer == "se01.contoso.com" && rtc.name == "rtc" && rtc.location.line == 29)
        #expect(topology.services.count == 13)
        #expect(topology.stores.map(\.role) == ["UserStore", "ApplicationStore", "CentralMgmtStore"])
        #expect(topology.stores.map(\.location.line) == [82, 190, 216])
        for store in topology.stores {
            #expect(!store.isStandAlone, "\(store.role) is collocated on the SE server")
            #expect(store.consumers == ["se01.contoso.com"])
            #expect(store.mirror == nil && store.witness == nil)
        }
        #expect(topology.store("UserStore", on: "se01.contoso.com")?.databases == ["rtcxds", "rtcshared", "rtcab"])
        let cms = try #require(topology.centralManagement)
        #expect(cms.pool == "se01.contoso.com" && cms.sqlServer == "se01.contoso.com" && cms.instance == "rtc")
        #expect(topology.findings.isEmpty)
    }

    @Test("Enterprise pool with a mirrored back end and a witness")
    func enterpriseMirrored() throws {
        let topology = try sample("enterprise-mirrored.xml").topology
        #expect(topology.product == .skypeForBusiness2015)
        let pool = try #require(topology.cluster(fqdn: "POOL01.contoso.com"))
        #expect(pool.kind == .enterprise)
        #expect(pool.machines.map(\.fqdn) == ["fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com"])
        #expect(topology.clusters.filter { $0.kind == .sql }.map(\.fqdn) == ["sql01.contoso.com", "sql02.contoso.com", "sql03.contoso.com"])
        #expect(topology.cluster(fqdn: "fs01.contoso.com")?.kind == .file)
        #expect(topology.cluster(fqdn: "edge01.contoso.com")?.kind == .edge)
        #expect(topology.sqlInstances.map(\.mirroringPort) == [5022, 5022, 7022])

        // Mirrors and the witness are inside the stores they serve, never stores of their own.
        #expect(topology.stores.map(\.role) == ["UserStore", "ApplicationStore", "CentralMgmtStore"])
        for store in topology.stores {
            #expect(store.sqlServer == "sql01.contoso.com" && store.instance == "rtc")
            #expect(store.isStandAlone)
            #expect(store.consumers == ["pool01.contoso.com"])
            let mirror = try #require(store.mirror)
            #expect(mirror.sqlServer == "sql02.contoso.com" && mirror.instance == "rtc" && mirror.mirroringPort == 5022)
            let witness = try #require(store.witness)
            #expect(witness.sqlServer == "sql03.contoso.com" && witness.instance == "witness" && witness.mirroringPort == 7022)
        }
        #expect(topology.stores[0].mirror?.location.line == 79)
        #expect(topology.stores[0].witness?.location.line == 82)
        #expect(topology.centralManagement?.sqlServer == "sql01.contoso.com")
        #expect(topology.findings.isEmpty)
    }

    @Test("Two sites with stand-alone Archiving and Monitoring stores")
    func twoSites() throws {
        let document = try sample("two-sites-archiving-monitoring.xml")
        let topology = document.topology
        #expect(document.xml.format.byteOrderMark && document.xml.format.lineEnding == .crlf)
        #expect(topology.sites.map(\.id) == ["1", "2"])
        #expect(topology.sites.map(\.name) == ["Seattle", "London"])
        #expect(topology.cluster(fqdn: "pool-sea.contoso.com")?.kind == .enterprise)
        #expect(topology.cluster(fqdn: "se-lon.contoso.com")?.kind == .standard)
        #expect(topology.cluster(fqdn: "se-lon.contoso.com")?.siteID == "2")
        let sqlSea = try #require(topology.sqlInstances.first { $0.sqlServer == "sql-sea.contoso.com" })
        #expect(sqlSea.isDefaultInstance && sqlSea.instanceName == "")
        let archiving = try #require(topology.store("ArchivingStore", on: "sqlam.contoso.com"))
        #expect(archiving.instance == "archmon" && archiving.isStandAlone && archiving.databases == ["LcsLog"])
        #expect(archiving.consumers == ["pool-sea.contoso.com", "se-lon.contoso.com"])
        #expect(archiving.location.line == 262)
        let monitoring = try #require(topology.store("MonitoringStore", on: "sqlam.contoso.com"))
        #expect(monitoring.databases == ["LcsCDR", "QoEMetrics"] && monitoring.databaseType == "Monitoring")
        #expect(topology.stores.count == 7)
        #expect(topology.stores.filter(\.isStandAlone).count == 5)
        #expect(topology.service("1-Registrar-1")?.backupServiceID == "2-Registrar-1")
        #expect(topology.centralManagement?.pool == "pool-sea.contoso.com")
        #expect(topology.findings.isEmpty)
    }

    @Test("Topology Builder file: OriginalTopology and NewTopology both read")
    func poolEdit() throws {
        let document = try sample("pool-edit.tbxml")
        #expect(document.kind == .tbxml)
        let original = try #require(document.original)
        let new = document.topology
        #expect(original.clusters.map(\.fqdn) == ["pool01.fabrikam.com", "sql01.fabrikam.com", "fs01.fabrikam.com"])
        #expect(new.clusters.map(\.fqdn) == ["pool01.fabrikam.com", "sql01.fabrikam.com", "fs01.fabrikam.com",
                                             "sql02.fabrikam.com", "sqlmon.fabrikam.com"])
        #expect(new.cluster(fqdn: "pool01.fabrikam.com")?.machines.count == 3)
        #expect(original.cluster(fqdn: "pool01.fabrikam.com")?.machines.count == 2)
        // A single-machine cluster's machine takes the cluster's FQDN.
        let sql01 = try #require(new.cluster(fqdn: "sql01.fabrikam.com"))
        #expect(sql01.machines.map(\.fqdn) == ["sql01.fabrikam.com"] && sql01.machines[0].fqdnFromCluster)
        #expect(sql01.publishedID == "1-2")
        #expect(new.cluster(fqdn: "sql02.fabrikam.com")?.publishedID == nil)
        #expect(new.service("1userstore1")?.key == ServiceKey(siteID: "1", roleName: "UserStore", instance: "1"))

        #expect(original.stores.allSatisfy { $0.mirror == nil })
        let user = try #require(new.store("UserStore", on: "sql01.fabrikam.com"))
        #expect(user.mirror?.sqlServer == "sql02.fabrikam.com" && user.mirror?.mirroringPort == 5022)
        #expect(user.mirror?.location.line == 240)
        #expect(new.store("CentralMgmtStore", on: "sql01.fabrikam.com")?.mirror == nil)
        let monitoring = try #require(new.store("MonitoringStore", on: "sqlmon.fabrikam.com"))
        #expect(monitoring.instance == "mon" && monitoring.isStandAlone && monitoring.location.line == 359)
        #expect(new.stores.count == 4)
        #expect(new.centralManagement?.pool == "pool01.fabrikam.com")
        #expect(new.findings.isEmpty && original.findings.isEmpty)
    }
}
