import Foundation
import Testing
import LyncTopology

/// Every sample written for the project (`topologies/*.xml|.tbxml`) and, when it is there, every public corpus
/// document (`corpusIncluded` says whether they were).
private let publishDocuments: [String] = {
    let samples = ((try? FileManager.default.contentsOfDirectory(atPath: paths.topologies)) ?? [])
        .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".tbxml") }.sorted().map { paths.sample($0) }
    let corpus = ((try? FileManager.default.contentsOfDirectory(atPath: paths.corpus)) ?? [])
        .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".tbxml") }.sorted().map { paths.corpusDocument($0) }
    return samples + corpus
}()

private func key(_ server: String, _ instance: String, _ database: String = "") -> String {
    "\(server.lowercased())\\\(instance.lowercased())/\(database.lowercased())"
}

fileprivate extension PublishPlan {
    func row(_ database: String, on server: String, _ instance: String = "") -> PlannedDatabase? {
        (createDatabases + collocatedDatabases).first {
            $0.database == database && $0.sqlServer.lowercased() == server.lowercased() && $0.instance == instance
        }
    }

    func rules(_ severity: Finding.Severity? = nil) -> [String] {
        findings.filter { severity == nil || $0.severity == severity }.map(\.rule)
    }
}

private func failedServers(_ servers: String...) -> PublishOptions {
    PublishOptions(existing: ExistingDatabases(source: .failedServers(servers), failedServers: servers))
}

@Suite("Publish simulation: the wizard's pages")
struct PublishSimulatorTests {
    @Test("the samples exist, so that the loops below test something")
    func samplesFound() {
        #expect(publishDocuments.count >= 7)
        #expect(publishDocuments.contains { $0.hasSuffix("topologies/enterprise-mirrored.xml") })
        #expect(publishDocuments.contains { $0.hasSuffix("topologies/new-design.tbxml") })
    }

    @Test("the corpus documents are among them, so that the loops below test them too", .needsCorpus)
    func corpusFound() {
        #expect(publishDocuments.filter { $0.hasPrefix(paths.corpus) }.count == 6)
    }

    @Test("first publish: every database is created; stand-alone stores on Create databases, collocated ones never",
          arguments: publishDocuments)
    func firstPublish(path: String) throws {
        let document = try TopologyDocument.load(path: path)
        let topology = document.topology
        let plan = PublishSimulator.simulate(document, options: PublishOptions(existing: .firstPublish))
        #expect(plan.existingSource == .firstPublish && !plan.existingAssumed)
        let rows = plan.createDatabases + plan.collocatedDatabases
        for row in rows { #expect(row.action == .create && row.reason.contains("first publish"), "\(row)") }
        for row in plan.createMirrorDatabases { #expect(row.action == .create, "\(row)") }
        let keys = rows.map { key($0.sqlServer, $0.instance, $0.database) }
        #expect(Set(keys).count == keys.count, "a database is listed once")
        let createKeys = Set(plan.createDatabases.map { key($0.sqlServer, $0.instance, $0.database) })
        for store in topology.stores where !store.sqlServer.isEmpty {
            for database in store.databases {
                let databaseKey = key(store.sqlServer, store.instance, database)
                if store.isStandAlone {
                    #expect(createKeys.contains(databaseKey), "\(database) of stand-alone \(store.displayName) is on Create databases")
                } else {
                    #expect(!createKeys.contains(databaseKey), "collocated \(store.displayName) is not on Create databases")
                    #expect(plan.collocatedDatabases.contains { key($0.sqlServer, $0.instance, $0.database) == databaseKey })
                }
            }
        }
        let mirrored = topology.stores.filter { $0.mirror != nil }
        if topology.product?.supportsMirroring != false {
            #expect(plan.createMirrorDatabases.count == Set(mirrored.flatMap { store in
                store.databases.map { key(store.mirror?.sqlServer ?? "", store.mirror?.instance ?? "", $0) }
            }).count)
        }
        // The CMS is active, or the page shows candidates.
        if let cms = topology.centralManagement {
            #expect(plan.centralManagement.selection == .active && plan.centralManagement.pool == cms.pool)
        } else {
            #expect(!plan.centralManagement.candidates.isEmpty)
        }
    }

    @Test("each failed server: its databases are created, everything else exists", arguments: publishDocuments)
    func eachFailedServer(path: String) throws {
        let document = try TopologyDocument.load(path: path)
        let topology = document.topology
        for cluster in topology.clusters {
            let failed = cluster.fqdn.uppercased()   // FQDNs compare case-insensitively
            let plan = PublishSimulator.simulate(document, options: failedServers(failed))
            #expect(plan.failedServers == [failed])
            for row in plan.createDatabases + plan.collocatedDatabases {
                let lost = row.sqlServer.lowercased() == cluster.fqdn.lowercased()
                #expect(row.action == (lost ? .create : .exists), "\(row.database) on \(row.sqlServer) with \(failed) failed")
                if lost { #expect(row.reason.contains("\(row.sqlServer) failed")) }
            }
            for row in plan.createMirrorDatabases {
                #expect(row.action == (row.sqlServer.lowercased() == cluster.fqdn.lowercased() ? .create : .exists))
            }
            if topology.sqlInstances(on: cluster.id).isEmpty {
                #expect(plan.rules().contains(PublishRules.failedServerHasNoDatabases), "\(cluster.fqdn) holds no database")
                #expect(plan.databasesToCreate.isEmpty && plan.mirrorDatabasesToCreate.isEmpty)
            }
        }
    }

    @Test("a state file decides database by database: Succeed, InstalledVersion, missing", arguments: publishDocuments)
    func stateFile(path: String) throws {
        let document = try TopologyDocument.load(path: path)
        // For every instance of the pages: the first database Succeed=True, the second an installed version only,
        // the third reported without either; the others are not in the file.
        var csv = "\"SqlServerFqdn\",\"SqlInstanceName\",\"DatabaseName\",\"InstalledVersion\",\"Succeed\"\r\n"
        var expected: [String: DatabaseAction] = [:]
        let first = PublishSimulator.simulate(document, options: PublishOptions(existing: .firstPublish))
        var counts: [String: Int] = [:]
        let rows = first.createDatabases.map { ($0.sqlServer, $0.instance, $0.database) }
            + first.createMirrorDatabases.map { ($0.sqlServer, $0.instance, $0.database) }
        for (server, instance, database) in rows {
            let position = counts[key(server, instance), default: 0]
            counts[key(server, instance)] = position + 1
            switch position {
            case 0: csv += "\"\(server.uppercased())\",\"\(instance)\",\"\(database)\",\"\",\"True\"\r\n"; expected[key(server, instance, database)] = .exists
            case 1: csv += "\"\(server)\",\"\(instance)\",\"\(database)\",\"5.0.0\",\"False\"\r\n"; expected[key(server, instance, database)] = .exists
            case 2: csv += "\"\(server)\",\"\(instance)\",\"\(database)\",\"\",\"False\"\r\n"; expected[key(server, instance, database)] = .create
            default: expected[key(server, instance, database)] = .create
            }
        }
        let records = try StateFile.parse(Array(csv.utf8), path: "state.csv")
        let plan = PublishSimulator.simulate(document, options: PublishOptions(
            existing: ExistingDatabases(source: .stateFile(path: "state.csv"), records: records)))
        for row in plan.createDatabases {
            #expect(row.action == expected[key(row.sqlServer, row.instance, row.database)], "\(row)")
            if row.action == .exists { #expect(row.reason.contains("state.csv:")) }
        }
        for row in plan.createMirrorDatabases {
            #expect(row.action == expected[key(row.sqlServer, row.instance, row.database)], "\(row)")
        }
        #expect(!plan.rules().contains(PublishRules.stateUnknownServer))
    }

    @Test("a .tbxml with an OriginalTopology: its stores exist, the edit's new stores and mirrors do not")
    func originalTopologyDefault() throws {
        let document = try sample("pool-edit.tbxml")
        let plan = PublishSimulator.simulate(document)
        #expect(plan.existingSource == .originalTopology && !plan.existingAssumed)
        for database in ["rtcxds", "rtcshared", "rtcab", "rgsconfig", "rgsdyn", "cpsdyn", "xds", "lis"] {
            #expect(plan.row(database, on: "sql01.fabrikam.com")?.action == .exists, "\(database)")
        }
        #expect(plan.row("LcsCDR", on: "sqlmon.fabrikam.com", "mon")?.action == .create)
        #expect(plan.row("QoEMetrics", on: "sqlmon.fabrikam.com", "mon")?.reason == "not in the original topology: new in this edit")
        #expect(plan.createMirrorDatabases.map(\.database) == ["rtcxds", "rtcshared", "rtcab", "rgsconfig", "rgsdyn", "cpsdyn"])
        #expect(plan.createMirrorDatabases.allSatisfy { $0.action == .create && $0.sqlServer == "sql02.fabrikam.com" && $0.witness == nil })
        #expect(plan.createMirrorDatabases.allSatisfy { $0.primary == SQLInstanceRef(sqlServer: "sql01.fabrikam.com", instance: "") })
        #expect(plan.rules() == [PublishRules.fileShareMissing])

        // An explicit input wins over the OriginalTopology.
        let first = PublishSimulator.simulate(document, options: PublishOptions(existing: .firstPublish))
        #expect(first.existingSource == .firstPublish)
        #expect(first.row("rtcxds", on: "sql01.fabrikam.com")?.action == .create)
    }

    @Test("a published topology with nothing said is a first publish, and the plan says so")
    func assumedFirstPublish() throws {
        let plan = PublishSimulator.simulate(try sample("two-sites-archiving-monitoring.xml"))
        #expect(plan.existingSource == .firstPublish && plan.existingAssumed)
        #expect(plan.rules(.note) == [PublishRules.firstPublishAssumed])
        #expect(PublishRendering.text(plan, path: "x").contains("First publish: no database exists yet"))
        // A never-published .tbxml is a first publish without a note.
        let design = PublishSimulator.simulate(try sample("new-design.tbxml"))
        #expect(design.existingAssumed && !design.rules().contains(PublishRules.firstPublishAssumed))
    }

    @Test("enterprise pool: Create databases on sql01\\rtc, Create Mirror Database on sql02\\rtc with the witness")
    func mirroredPages() throws {
        let plan = PublishSimulator.simulate(try sample("enterprise-mirrored.xml"),
                                             options: PublishOptions(existing: .firstPublish, fileShare: "\\\\fs01.contoso.com\\mirror"))
        #expect(!plan.isBlocked)
        #expect(plan.centralManagement.pool == "pool01.contoso.com" && plan.centralManagement.isExisting)
        #expect(plan.centralManagement.store == SQLInstanceRef(sqlServer: "sql01.contoso.com", instance: "rtc"))
        #expect(plan.createDatabases.map(\.database) == ["rtcxds", "rtcshared", "rtcab", "rgsconfig", "rgsdyn", "cpsdyn", "xds", "lis"])
        #expect(plan.createDatabases.allSatisfy { $0.sqlServer == "sql01.contoso.com" && $0.instance == "rtc" })
        #expect(plan.createDatabases.map(\.databaseType).first == "User" && plan.createDatabases.last?.role == "CentralMgmtStore")
        #expect(plan.createMirrorDatabases.count == 8)
        let mirror = try #require(plan.createMirrorDatabases.first)
        #expect(mirror.sqlServer == "sql02.contoso.com" && mirror.instance == "rtc")
        #expect(mirror.primary == SQLInstanceRef(sqlServer: "sql01.contoso.com", instance: "rtc"))
        #expect(mirror.witness == SQLInstanceRef(sqlServer: "sql03.contoso.com", instance: "witness"))
        #expect(mirror.fileShare == "\\\\fs01.contoso.com\\mirror")
        #expect(plan.findings.isEmpty)
    }

    @Test("a failed primary whose mirror lives: Create databases re-creates, the mirror exists, fail over first")
    func failedPrimary() throws {
        let plan = PublishSimulator.simulate(try sample("enterprise-mirrored.xml"), options: failedServers("sql01.contoso.com"))
        #expect(plan.databasesToCreate.count == 8 && plan.mirrorDatabasesToCreate.isEmpty)
        #expect(plan.createDatabases[0].reason == "sql01.contoso.com failed: every database on its instances is gone")
        #expect(plan.createMirrorDatabases[0].reason == "sql02.contoso.com did not fail: its databases are taken to exist")
        #expect(plan.rules() == [PublishRules.failedPrimaryWithLiveMirror], "the CMS lives on through its mirror; no file share needed")
        #expect(!plan.isBlocked)
    }

    @Test("a failed mirror: Create Mirror Database re-creates every mirror database; a failed witness is said")
    func failedMirrorAndWitness() throws {
        let document = try sample("enterprise-mirrored.xml")
        let mirror = PublishSimulator.simulate(document, options: failedServers("sql02.contoso.com"))
        #expect(mirror.databasesToCreate.isEmpty && mirror.mirrorDatabasesToCreate.count == 8)
        #expect(mirror.rules() == [PublishRules.fileShareMissing])
        let witness = PublishSimulator.simulate(document, options: failedServers("sql03.contoso.com"))
        #expect(witness.databasesToCreate.isEmpty && witness.mirrorDatabasesToCreate.isEmpty)
        #expect(witness.rules() == [PublishRules.failedWitness])
        let both = PublishSimulator.simulate(document, options: failedServers("sql01.contoso.com", "sql02.contoso.com"))
        #expect(both.isBlocked && both.rules(.error) == [PublishRules.centralManagementStoreLost],
                "primary and mirror of the CMS store lost: nothing to publish to")
    }

    @Test("a lost Central Management store blocks the publish; unknown and member servers are said")
    func failedFindings() throws {
        let standard = PublishSimulator.simulate(try sample("standard-edition.xml"), options: failedServers("se01.contoso.com"))
        #expect(standard.isBlocked && standard.rules(.error) == [PublishRules.centralManagementStoreLost])
        #expect(standard.createDatabases.isEmpty)
        #expect(standard.collocatedDatabases.count == 8 && standard.collocatedDatabases.allSatisfy { $0.action == .create })
        #expect(standard.collocatedDatabases[0].reason.contains("Setup/the Deployment Wizard"))

        let document = try sample("enterprise-mirrored.xml")
        let unknown = PublishSimulator.simulate(document, options: failedServers("sq01.contoso.com"))
        #expect(unknown.rules() == [PublishRules.failedUnknownServer])
        #expect(unknown.databasesToCreate.isEmpty)
        let member = PublishSimulator.simulate(document, options: failedServers("fe02.contoso.com"))
        #expect(member.rules() == [PublishRules.failedServerHasNoDatabases])
        let pool = PublishSimulator.simulate(document, options: failedServers("pool01.contoso.com"))
        #expect(pool.rules() == [PublishRules.failedServerHasNoDatabases])
    }

    @Test("no active CMS, one candidate: the CMS databases go to its stand-alone back end", .needsCorpus)
    func onlyCandidate() throws {
        let plan = PublishSimulator.simulate(try corpus("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml"))
        let cms = plan.centralManagement
        #expect(cms.selection == .onlyCandidate && !cms.isExisting)
        #expect(cms.candidates == ["frontendpool.contoso.com"] && cms.pool == "frontendpool.contoso.com")
        #expect(cms.store == SQLInstanceRef(sqlServer: "xSQL1.contoso.com", instance: "") && cms.storeIsStandAlone == true)
        let xds = try #require(plan.row("xds", on: "xsql1.contoso.com"))
        #expect(xds.role == "CentralMgmtStore" && xds.databaseType == "CentralMgmt" && xds.action == .create)
        #expect(xds.reason.hasPrefix("new Central Management store (frontendpool.contoso.com, the only candidate)"))
        #expect(plan.createDatabases.suffix(2).map(\.database) == ["xds", "lis"])
        #expect(!plan.isBlocked)
    }

    @Test("no active CMS, several candidates: not chosen is a warning; --cms places xds and lis; an unknown pool is an error")
    func chooseCentralManagement() throws {
        let text = try String(contentsOfFile: paths.sample("two-sites-archiving-monitoring.xml"), encoding: .utf8)
            .replacingOccurrences(of: "IsActive=\"true\"", with: "IsActive=\"false\"")
        let document = try read(text)
        #expect(document.topology.centralManagement == nil)

        let open = PublishSimulator.simulate(document)
        #expect(open.centralManagement.selection == .notChosen && open.centralManagement.pool == nil)
        #expect(open.centralManagement.candidates == ["pool-sea.contoso.com", "se-lon.contoso.com"])
        // The sample pairs an Enterprise pool with a Standard Edition server: PAIR001 says so at each Backup.
        #expect(open.rules(.warning).filter { $0 != "PAIR001" } == [PublishRules.centralManagementNotChosen] && !open.isBlocked)
        #expect(open.rules(.warning).filter { $0 == "PAIR001" }.count == 2)

        // The Standard Edition server: its back end is its own SQL Express, so Setup creates xds and lis.
        let london = PublishSimulator.simulate(document, options: PublishOptions(centralManagementPool: "SE-LON.contoso.com"))
        #expect(london.centralManagement.selection == .chosen && london.centralManagement.pool == "se-lon.contoso.com")
        #expect(london.centralManagement.store == SQLInstanceRef(sqlServer: "se-lon.contoso.com", instance: "rtc"))
        #expect(london.centralManagement.storeIsStandAlone == false)
        #expect(london.collocatedDatabases.contains { $0.database == "xds" && $0.sqlServer == "se-lon.contoso.com" })
        #expect(!london.createDatabases.contains { $0.sqlServer == "se-lon.contoso.com" })

        // The pool whose CentralMgmt service already names a store: that store, nothing added.
        let seattle = PublishSimulator.simulate(document, options: PublishOptions(centralManagementPool: "pool-sea.contoso.com"))
        #expect(seattle.centralManagement.store == SQLInstanceRef(sqlServer: "sql-sea.contoso.com", instance: ""))
        #expect(seattle.createDatabases.filter { $0.database == "xds" }.count == 1)

        let unknown = PublishSimulator.simulate(document, options: PublishOptions(centralManagementPool: "pool-nyc.contoso.com"))
        #expect(unknown.isBlocked && unknown.rules(.error) == [PublishRules.unknownCentralManagementPool])

        // --cms beside an active CMS is ignored, with a warning.
        let active = PublishSimulator.simulate(try sample("two-sites-archiving-monitoring.xml"),
                                               options: PublishOptions(existing: .firstPublish, centralManagementPool: "se-lon.contoso.com"))
        #expect(active.centralManagement.pool == "pool-sea.contoso.com")
        #expect(active.rules() == ["PAIR001", "PAIR001", PublishRules.centralManagementAlreadyActive])
    }

    @Test("no Front End pool at all: no CMS can be chosen, the publish is blocked")
    func noCandidate() throws {
        let document = try read("""
            <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
              <Sites><CentralSite SiteId="1"><Name>A</Name></CentralSite></Sites>
              <Clusters><Cluster RequiresReplication="false" RequiresSetup="false" Fqdn="sql01.contoso.com"><ClusterId SiteId="1" Number="1" /><Machine OrdinalInCluster="1" Fqdn="sql01.contoso.com" /></Cluster></Clusters>
              <SqlInstances><SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="1" /></SqlInstanceId></SqlInstance></SqlInstances>
              <Services />
            </Topology>
            """)
        let plan = PublishSimulator.simulate(document, options: PublishOptions(existing: .firstPublish))
        #expect(plan.centralManagement.selection == .noCandidate && plan.centralManagement.candidates.isEmpty)
        #expect(plan.isBlocked && plan.rules(.error) == [PublishRules.noCentralManagementCandidate])
    }

    @Test("mirroring on Skype for Business Server 2019: an error per mirrored store, no Create Mirror Database page")
    func mirroring2019() throws {
        let text = try String(contentsOfFile: paths.sample("enterprise-mirrored.xml"), encoding: .utf8)
            .replacingOccurrences(of: "ServiceVersion=\"7\"", with: "ServiceVersion=\"8\"")
        let plan = PublishSimulator.simulate(try read(text), options: PublishOptions(existing: .firstPublish))
        #expect(plan.product == .skypeForBusiness2019)
        #expect(plan.isBlocked)
        // The validator's MIRROR006 says it, once per mirrored store; the simulator does not repeat it.
        #expect(plan.rules(.error) == Array(repeating: "MIRROR006", count: 3))
        #expect(plan.findings.first?.location != nil, "the finding points at the mirror's dependency")
        #expect(plan.createMirrorDatabases.isEmpty && plan.createDatabases.count == 8)
    }

    @Test("the file share: asked for only when a mirror database must be created; a non-UNC path is an error")
    func fileShare() throws {
        let document = try sample("enterprise-mirrored.xml")
        let missing = PublishSimulator.simulate(document, options: PublishOptions(existing: .firstPublish))
        #expect(missing.rules() == [PublishRules.fileShareMissing] && !missing.isBlocked)
        #expect(PublishRendering.text(missing, path: "x").contains("File share: not given; the wizard asks for one"))
        let bad = PublishSimulator.simulate(document, options: PublishOptions(existing: .firstPublish, fileShare: "C:\\mirror"))
        #expect(bad.isBlocked && bad.rules() == [PublishRules.fileShareInvalid])
        let notNeeded = PublishSimulator.simulate(document, options: failedServers("sql01.contoso.com"))
        #expect(!notNeeded.rules().contains(PublishRules.fileShareMissing))
    }

    @Test("UNC paths", arguments: [
        ("\\\\fs01\\mirror", true), ("\\\\fs01.contoso.com\\mirror$\\lync", true), ("\\\\fs01\\share\\", true),
        ("\\\\10.0.0.5\\backup", true), ("C:\\mirror", false), ("\\\\fs01", false), ("\\\\fs01\\", false),
        ("\\\\?\\C:\\x", false), ("\\\\fs 01\\x", false), ("\\\\fs01\\a*b", false), ("//fs01/share", false),
        ("\\\\fs01\\\\share", false), ("", false),
    ])
    func uncPaths(share: String, valid: Bool) {
        #expect((PublishSimulator.fileShareProblem(share) == nil) == valid, "\(share)")
    }

    @Test("validation errors block the publish and are listed")
    func blockedByValidation() throws {
        let text = try String(contentsOfFile: paths.sample("enterprise-mirrored.xml"), encoding: .utf8)
            .replacingOccurrences(of: "<ClusterId SiteId=\"1\" Number=\"5\" />", with: "<ClusterId Number=\"5\" />")
        let document = try read(text)
        #expect(document.topology.findings.contains { $0.rule == "SCHEMA001" })
        let plan = PublishSimulator.simulate(document, options: PublishOptions(existing: .firstPublish, fileShare: "\\\\fs01\\m"))
        #expect(plan.isBlocked)
        #expect(plan.rules(.error).contains("SCHEMA001"))
        #expect(PublishRendering.text(plan, path: "t.xml").contains("Blocked: the publish would fail"))
    }

    @Test("a state file naming unknown servers and instances, or missing a server of the pages, is said")
    func stateFindings() throws {
        let csv = """
            SqlServerFqdn,SqlInstanceName,DatabaseName,Succeed
            sql01.contoso.com,rtc,rtcxds,True
            sqlx.contoso.com,rtc,rtcxds,True
            sql01.contoso.com,other,rtcxds,True
            sql01.contoso.com,MSSQLSERVER,rtcab,True
            """
        let records = try StateFile.parse(Array(csv.utf8), path: "s.csv")
        let plan = PublishSimulator.simulate(try sample("enterprise-mirrored.xml"), options: PublishOptions(
            existing: ExistingDatabases(source: .stateFile(path: "s.csv"), records: records), fileShare: "\\\\fs01\\m"))
        #expect(plan.rules() == [PublishRules.stateUnknownServer, PublishRules.stateUnknownInstance, PublishRules.stateUnknownInstance,
                                 PublishRules.stateServerNotCovered])
        #expect(plan.findings.first { $0.rule == PublishRules.stateUnknownServer }?.message.hasPrefix("s.csv:3:") == true)
        #expect(plan.findings.last?.message.contains("sql02.contoso.com") == true)
        #expect(plan.row("rtcxds", on: "sql01.contoso.com", "rtc")?.action == .exists)
        #expect(plan.row("rtcab", on: "sql01.contoso.com", "rtc")?.action == .create, "the default instance is not rtc")
        #expect(plan.row("rtcshared", on: "sql01.contoso.com", "rtc")?.reason == "not in the state file s.csv")
    }

    @Test("a state record without an instance stands for any instance of its server")
    func anyInstanceRecord() throws {
        let records = try StateFile.parse(Array("SqlServerFqdn,DatabaseName\nSQL01.contoso.com.,rgsconfig\n".utf8), path: "s.csv")
        #expect(records.first?.anyInstance == true)
        let plan = PublishSimulator.simulate(try sample("enterprise-mirrored.xml"), options: PublishOptions(
            existing: ExistingDatabases(source: .stateFile(path: "s.csv"), records: records)))
        #expect(plan.row("rgsconfig", on: "sql01.contoso.com", "rtc")?.action == .exists)
        #expect(plan.row("rgsdyn", on: "sql01.contoso.com", "rtc")?.action == .create)
    }

    @Test("the diff's entry points: existing(from:) of a topology makes its own databases exist")
    func existingFromTopology() throws {
        let topology = try sample("enterprise-mirrored.xml").topology
        let plan = PublishSimulator.simulate(topology, options: PublishOptions(existing: PublishSimulator.existing(from: topology)))
        #expect(plan.existingSource == .originalTopology)
        #expect(plan.databasesToCreate.isEmpty && plan.mirrorDatabasesToCreate.isEmpty)
        #expect(!plan.rules().contains(PublishRules.fileShareMissing))
    }
}
