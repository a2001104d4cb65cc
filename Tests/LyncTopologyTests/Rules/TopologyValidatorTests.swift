import Testing
@testable import LyncTopology

@Suite("TopologyValidator: the rule set as a whole")
struct TopologyValidatorTests {
    static let samples = ["enterprise-mirrored.xml", "standard-edition.xml", "two-sites-archiving-monitoring.xml", "pool-edit.tbxml",
                          "alwayson-pool.xml", "paired-sites-standby-cms.xml", "new-design.tbxml", "paired-pools.xml"]
    /// Warnings a sample carries on purpose: two-sites-archiving-monitoring.xml pairs its Enterprise pool with its
    /// Standard Edition server, which Topology Builder allows and "Supported pool pairing options" does not support.
    static let expectedWarnings: [String: [String]] = ["two-sites-archiving-monitoring.xml": ["PAIR001", "PAIR001"],
                                                       "paired-sites-standby-cms.xml": ["PAIR001", "PAIR001"]]
    static let corpusDocuments = [
        "01-sfb2019-standard-edition.xml", "02-sfb2015-standard-edition-edge-pstn-gateway.xml",
        "03-sfb2015-enterprise-pool-alwayson-sql-wac.xml", "04-lync2013-two-sites-paired-se-pools-edge.xml",
        "05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml", "06-tbxml-downloaded-original-and-new-topology.tbxml",
    ]

    @Test("every sample is clean: no error, no warning", arguments: samples)
    func cleanSample(name: String) throws {
        let document = try sample(name)
        #expect(TopologyValidator.validate(document).filter { $0.severity != .note }.map(\.rule) == Self.expectedWarnings[name] ?? [])
        if let original = document.original {
            #expect(TopologyValidator.validate(original).filter { $0.severity != .note }.isEmpty, "OriginalTopology")
        }
    }

    @Test("every public corpus document has no error", .needsCorpus, arguments: corpusDocuments)
    func cleanCorpus(name: String) throws {
        let document = try corpus(name)
        #expect(errorSummary(TopologyValidator.validate(document)).isEmpty)
        if let original = document.original {
            #expect(errorSummary(TopologyValidator.validate(original)).isEmpty, "OriginalTopology")
        }
    }

    @Test("a document with many planted defects reports each exactly once, at its element")
    func manyDefects() throws {
        var text = try mirroredText()
        text = try plant(text, #"Fqdn="fe02.contoso.com""#, #"Fqdn="fe_02.contoso.com""#)
        text = try insert("""
            <Cluster RequiresReplication="false" RequiresSetup="false" Fqdn="SQL01.contoso.com">
              <ClusterId SiteId="1" Number="7" />
              <Machine OrdinalInCluster="1" Fqdn="sql07.contoso.com" />
            </Cluster>

        """, before: "  </Clusters>", in: text)
        text = try insert("""
            <SqlInstance>
              <SqlInstanceId Name="1bad">
                <ClusterId SiteId="1" Number="7" />
              </SqlInstanceId>
            </SqlInstance>
            <SqlInstance>
              <SqlInstanceId Name="">
                <ClusterId SiteId="1" Number="7" />
              </SqlInstanceId>
            </SqlInstance>
            <SqlInstance>
              <SqlInstanceId Name="MSSQLSERVER">
                <ClusterId SiteId="1" Number="7" />
              </SqlInstanceId>
            </SqlInstance>
            <SqlInstance>
              <SqlInstanceId Name="spare">
                <ClusterId SiteId="1" Number="9" />
              </SqlInstanceId>
            </SqlInstance>

        """, before: "  </SqlInstances>", in: text)
        text = try plant(text, #"<SqlInstance MirroringPort="7022">"#, #"<SqlInstance MirroringPort="abc">"#)
        text = try plant(text, #"<ServiceId SiteId="1" RoleName="FileStore" Instance="1" />"#,
                         #"<ServiceId SiteId="1" RoleName="FileStore" Instance="7" />"#, occurrence: 1)
        text = try plant(text, """
                <Dependency Usage="Mirror">
                  <ServiceId SiteId="1" RoleName="ApplicationStore" Instance="2" />
                </Dependency>

        """, "")
        text = try insert("""
            <Service RoleVersion="1" ServiceVersion="7">
              <ServiceId SiteId="1" RoleName="ManagementServices" Instance="1" />
              <DependsOn />
              <InstalledOn><ClusterId SiteId="1" Number="6" /></InstalledOn>
            </Service>
            <Service RoleVersion="1" ServiceVersion="7">
              <ServiceId SiteId="1" RoleName="ArchivingStore" Instance="1" />
              <DependsOn />
              <InstalledOn><ClusterId SiteId="1" Number="5" /></InstalledOn>
            </Service>

        """, before: "  </Services>", in: text)

        let expected = [
            "FQDN001@\(try line(of: "fe_02", in: text))",
            "FQDN002@\(try line(of: #"Fqdn="SQL01.contoso.com""#, in: text))",
            "SQL001@\(try line(of: #"Name="1bad""#, in: text) - 1)",
            "SQL002@\(try line(of: #"Name="MSSQLSERVER""#, in: text) - 1)",
            "REF001@\(try line(of: #"Name="spare""#, in: text) - 1)",
            "MIRROR004@\(try line(of: #"MirroringPort="abc""#, in: text))",
            "REF003@\(try line(of: #"RoleName="FileStore" Instance="7""#, in: text) - 1)",
            "MIRROR007@\(try line(of: #"<Dependency Usage="Witness">"#, in: text, occurrence: 2))",
            "REF005@\(try line(of: #"RoleName="ManagementServices""#, in: text, occurrence: 2) - 1)",
            "PLACE001@\(try line(of: #"RoleName="ArchivingStore""#, in: text) - 1)",
        ]
        let found = try validate(text)
        #expect(errorSummary(found).sorted() == expected.sorted())
        #expect(found.filter { $0.severity == .warning }.map(\.rule) == ["STORE001"], "the orphaned ApplicationStore mirror")
    }

    @Test("the findings of reading come first-class: included, sorted by position")
    func includesReadingFindings() throws {
        let text = try plant(mirroredText(), #"<Dependency Usage="Witness">"#, #"<Dependency Usage="Standby">"#, occurrence: 1)
        let found = try validate(text)
        let reading = try #require(found.first { $0.rule == "DEP001" })
        #expect(reading.location?.line == (try line(of: "Standby", in: text)))
        let positions = found.compactMap(\.location)
        #expect(positions == positions.sorted())
    }

    @Test("rule descriptors: unique well-formed ids, each described, reading ids included")
    func descriptors() throws {
        let ids = TopologyValidator.descriptors.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /[A-Z]+[0-9]{3}/) != nil })
        #expect(TopologyValidator.descriptors.allSatisfy { !$0.title.isEmpty && !$0.rationale.isEmpty && !$0.source.isEmpty })
        for id in ["SCHEMA001", "DEP001", "STORE001", "STORE002", "FQDN001", "MIRROR008", "CMS003"] {
            #expect(TopologyValidator.descriptor(for: id) != nil, "\(id)")
        }
        #expect(TopologyValidator.rules.count == 27)
    }

    @Test("strict makes warnings blocking; notes never block")
    func blocking() {
        let warning = Finding.warning("STORE001", "w", at: nil)
        let note = Finding.note("CMS003", "n", at: nil)
        #expect(!TopologyValidator.hasBlockingFindings([warning, note]))
        #expect(TopologyValidator.hasBlockingFindings([warning], strict: true))
        #expect(!TopologyValidator.hasBlockingFindings([note], strict: true))
        #expect(TopologyValidator.hasBlockingFindings([.error("X001", "e", at: nil)]))
    }
}

@Suite("the rule table of docs/commands.md")
struct RuleTableTests {
    @Test("lists every rule id with its title")
    func everyRuleListed() throws {
        let text = String(decoding: try FileIO.read(path: paths.packageRoot + "/docs/commands.md", limit: 1 << 22), as: UTF8.self)
        for descriptor in TopologyValidator.descriptors {
            let check = {
                #expect(text.contains("| `\(descriptor.id)` |"), "\(descriptor.id)")
                #expect(text.contains(descriptor.title), "\(descriptor.id): \(descriptor.title)")
            }
            check()
        }
    }
}
