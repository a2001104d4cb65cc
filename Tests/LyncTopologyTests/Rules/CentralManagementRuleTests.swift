import Testing
import LyncTopology

/// CMS001–CMS003: the Central Management Server.
@Suite("CMS rules: the Central Management Server")
struct CentralManagementRuleTests {
    static let paired = "04-lync2013-two-sites-paired-se-pools-edge.xml"
    static let storeDependency = """
            <Dependency Usage="Default">
              <ServiceId SiteId="1" RoleName="CentralMgmtStore" Instance="1" />
            </Dependency>

    """

    @Test("CMS001 two active CentralMgmt services: an error at the second", .needsCorpus)
    func twoActive() throws {
        let text = try plant(corpusText(Self.paired), #"IsActive="false""#, #"IsActive="true""#)
        let found = try findings("CMS001", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        let second = try #require(read(text).topology.service("2-CentralMgmt-1"))
        #expect(found.first?.location == second.location)
        #expect(second.location.line == (try line(of: #"<ServiceId SiteId="2" RoleName="CentralMgmt" Instance="1" />"#, in: text)) - 1)
        #expect(found.first?.message.contains("FE2.example.com") == true)
        #expect(found.first?.message.contains("FE1.example.com") == true)
    }

    @Test("CMS001 near miss: one active and one inactive CentralMgmt service", .needsCorpus)
    func oneActive() throws {
        #expect(try findings("CMS001", in: corpusText(Self.paired)).isEmpty)
    }

    @Test("CMS002 an active CMS with no CentralMgmtStore: an error at the CentralMgmt service")
    func noStore() throws {
        let text = try plant(sampleText("standard-edition.xml"), Self.storeDependency, "")
        let found = try findings("CMS002", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"<ServiceId SiteId="1" RoleName="CentralMgmt" Instance="1" />"#, in: text)) - 1)
        #expect(found.first?.message.contains("se01.contoso.com") == true)
    }

    @Test("CMS002 near misses: a store dependency naming nothing is REF003's; an inactive CMS needs no store")
    func storeNearMisses() throws {
        let dangling = try plant(sampleText("standard-edition.xml"), Self.storeDependency,
                                 Self.storeDependency.replacing(#"Instance="1""#, with: #"Instance="4""#))
        #expect(try findings("CMS002", in: dangling).isEmpty)
        #expect(try findings("REF003", in: dangling).count == 1)
        let inactive = try plant(plant(sampleText("standard-edition.xml"), Self.storeDependency, ""), #"IsActive="true""#, #"IsActive="false""#)
        #expect(try findings("CMS002", in: inactive).isEmpty)
    }

    @Test("CMS003 a design never published has no CMS: a note, not an error, naming the candidates", .needsCorpus)
    func neverPublished() throws {
        let document = try corpus("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml")
        let found = TopologyValidator.validate(document)
        #expect(found.map(\.rule) == ["CMS003"])
        #expect(found.first?.severity == .note)
        #expect(found.first?.message.contains("frontendpool.contoso.com") == true)
        #expect(try findings("CMS003", in: mirroredText()).isEmpty)
    }
}
