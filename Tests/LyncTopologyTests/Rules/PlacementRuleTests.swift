import Testing
import LyncTopology

/// PLACE001–PLACE003: where stores and roles may be installed.
@Suite("PLACE rules: store and role placement")
struct PlacementRuleTests {
    static func service(_ role: String, instance: Int = 1, on installedOn: String) -> String {
        """
            <Service RoleVersion="1" ServiceVersion="7">
              <ServiceId SiteId="1" RoleName="\(role)" Instance="\(instance)" />
              <DependsOn />
              <InstalledOn>
                \(installedOn)
              </InstalledOn>
            </Service>

        """
    }

    static let onSql01 = #"<SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="2" /></SqlInstanceId>"#

    static func adding(_ services: String) throws -> String {
        try insert(services, before: "  </Services>", in: mirroredText())
    }

    @Test("PLACE001 a store installed on a cluster: an error at the store")
    func storeOnCluster() throws {
        let text = try Self.adding(Self.service("ArchivingStore", on: #"<ClusterId SiteId="1" Number="5" />"#))
        let found = try findings("PLACE001", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"RoleName="ArchivingStore""#, in: text)) - 1)
        #expect(found.first?.message.contains("fs01.contoso.com") == true)
    }

    @Test("PLACE001 a server role installed on a SQL instance: an error at the service")
    func roleOnInstance() throws {
        let text = try Self.adding(Self.service("MediationServer", instance: 2, on: Self.onSql01))
        let found = try findings("PLACE001", in: text)
        #expect(found.map(\.location?.line) == [try line(of: #"RoleName="MediationServer" Instance="2""#, in: text) - 1])
        #expect(found.first?.message.contains("sql01.contoso.com\\rtc") == true)
    }

    @Test("PLACE001 near misses: the witness store on an instance; an unknown store role is STORE002's")
    func placementNearMisses() throws {
        #expect(try findings("PLACE001", in: mirroredText()).isEmpty)
        let unknown = try Self.adding(Self.service("PersistentChatArchiveStore", on: Self.onSql01))
        #expect(try findings("PLACE001", in: unknown).isEmpty)
        #expect(try findings("STORE002", in: unknown).count == 1)
    }

    @Test("PLACE002 a second store of one kind on an instance: an error at the second")
    func secondStoreOfAKind() throws {
        let text = try Self.adding(Self.service("UserStore", instance: 3, on: Self.onSql01))
        let found = try findings("PLACE002", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"RoleName="UserStore" Instance="3""#, in: text)) - 1)
        #expect(found.first?.message.contains("sql01.contoso.com\\rtc") == true)
        #expect(found.first?.message.contains("1-UserStore-1") == true)
    }

    @Test("PLACE002 near misses: stores of different kinds, a mirror beside other stores, two witness stores")
    func storeKindNearMisses() throws {
        #expect(try findings("PLACE002", in: mirroredText()).isEmpty, "User, Application and CentralMgmt stores on sql01\\rtc")
        let witness = #"<SqlInstanceId Name="witness"><ClusterId SiteId="1" Number="4" /></SqlInstanceId>"#
        #expect(try findings("PLACE002", in: Self.adding(Self.service("WitnessStore", instance: 2, on: witness))).isEmpty)
    }

    /// two-sites: se-lon's back end moved from its own rtc instance to a second instance on sql-sea, which
    /// already holds pool-sea's back end.
    static func sharedBackEndServer() throws -> String {
        let original = try sampleText("two-sites-archiving-monitoring.xml")
        let userStore = """
        <ServiceId SiteId="2" RoleName="UserStore" Instance="1" />
              <DependsOn />
              <InstalledOn>
                <SqlInstanceId Name="rtc">
                  <ClusterId SiteId="2" Number="1" />
        """
        var text = try plant(original, userStore, userStore.replacing(#"Name="rtc""#, with: #"Name="lon""#)
            .replacing(#"<ClusterId SiteId="2" Number="1" />"#, with: #"<ClusterId SiteId="1" Number="2" />"#))
        text = try insert("""
            <SqlInstance>
              <SqlInstanceId Name="lon">
                <ClusterId SiteId="1" Number="2" />
              </SqlInstanceId>
            </SqlInstance>

        """, before: "  </SqlInstances>", in: text)
        return text
    }

    @Test("PLACE003 a second pool's back end on another instance of the same SQL Server: an error at its store")
    func backEndsOnOneServer() throws {
        let text = try Self.sharedBackEndServer()
        let found = try findings("PLACE003", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        let store = try #require(read(text).topology.service("2-UserStore-1"))
        #expect(found.first?.location == store.location)
        #expect(store.location.line == (try line(of: #"<ServiceId SiteId="2" RoleName="UserStore" Instance="1" />"#, in: text, occurrence: 2)) - 1)
        #expect(found.first?.message.contains("sql-sea.contoso.com") == true)
        #expect(found.first?.message.contains("se-lon.contoso.com") == true)
        #expect(found.first?.message.contains("pool-sea.contoso.com") == true)
    }

    @Test("PLACE003 one store used as the back end of two pools")
    func oneStoreTwoPools() throws {
        let original = try sampleText("two-sites-archiving-monitoring.xml")
        let dependency = #"<ServiceId SiteId="2" RoleName="UserStore" Instance="1" />"#
        let text = try plant(original, dependency, #"<ServiceId SiteId="1" RoleName="UserStore" Instance="1" />"#, occurrence: 1)
        let found = try findings("PLACE003", in: text)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("2 pools") == true)
    }

    @Test("PLACE003 near misses: Archiving and Monitoring of two pools on one server; each pool on its own server", .needsCorpus)
    func backEndNearMisses() throws {
        #expect(try findings("PLACE003", in: sampleText("two-sites-archiving-monitoring.xml")).isEmpty)
        #expect(try findings("PLACE003", in: corpusText("04-lync2013-two-sites-paired-se-pools-edge.xml")).isEmpty)
    }
}
