import Testing
import LyncTopology

/// MIRROR001–MIRROR008, starting from enterprise-mirrored.xml: pool01's User, Application and CentralMgmt
/// stores on sql01\rtc, mirrored to sql02\rtc (instance 2 of each store), witness sql03\witness.
@Suite("MIRROR rules: mirrors and witnesses")
struct MirrorRuleTests {
    /// The InstalledOn of a mirror store (`UserStore` instance 2, say), as written in the sample.
    static func mirrorInstalledOn(_ role: String) -> String {
        """
        <ServiceId SiteId="1" RoleName="\(role)" Instance="2" />
              <DependsOn />
              <InstalledOn>
                <SqlInstanceId Name="rtc">
                  <ClusterId SiteId="1" Number="3" />
        """
    }

    static let witnessInstalledOn = """
    <ServiceId SiteId="1" RoleName="WitnessStore" Instance="1" />
          <DependsOn />
          <InstalledOn>
            <SqlInstanceId Name="witness">
              <ClusterId SiteId="1" Number="4" />
    """

    static let witnessDeclaration = """
    <SqlInstanceId Name="witness">
            <ClusterId SiteId="1" Number="4" />
    """

    /// Lines of the `Dependency` elements with this usage, in document order.
    static func dependencyLines(_ usage: String, in text: String) throws -> [Int] {
        try (1...text.ranges(of: "<Dependency Usage=\"\(usage)\">").count).map { try line(of: "<Dependency Usage=\"\(usage)\">", in: text, occurrence: $0) }
    }

    @Test("the clean sample has no mirror finding")
    func clean() throws {
        #expect(try validate(mirroredText()).filter { $0.rule.hasPrefix("MIRROR") }.isEmpty)
    }

    @Test("MIRROR001 a mirror on the primary's own server: an error at the Mirror dependency")
    func mirrorOnPrimaryServer() throws {
        let old = Self.mirrorInstalledOn("UserStore")
        let text = try plant(mirroredText(), old, old.replacing(#"Number="3""#, with: #"Number="2""#))
        let found = try findings("MIRROR001", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try Self.dependencyLines("Mirror", in: text)[0]))
        #expect(found.first?.message.contains("sql01.contoso.com") == true)
        #expect(try findings("PLACE002", in: text).isEmpty, "the mirror's placement is MIRROR001's to report, once")
    }

    @Test("MIRROR002 a witness on the mirror's server: an error at each Witness dependency")
    func witnessOnMirrorServer() throws {
        var text = try plant(mirroredText(), Self.witnessDeclaration, Self.witnessDeclaration.replacing(#"Number="4""#, with: #"Number="3""#))
        text = try plant(text, Self.witnessInstalledOn, Self.witnessInstalledOn.replacing(#"Number="4""#, with: #"Number="3""#))
        let found = try findings("MIRROR002", in: text)
        #expect(found.map(\.location?.line) == (try Self.dependencyLines("Witness", in: text)))
        #expect(found.allSatisfy { $0.severity == .error && $0.message.contains("sql02.contoso.com") })
        #expect(try findings("MIRROR004", in: text).isEmpty, "5022 and 7022 on sql02 do not clash")
    }

    @Test("MIRROR002 near miss: a witness on a third server")
    func witnessNearMiss() throws {
        #expect(try findings("MIRROR002", in: mirroredText()).isEmpty)
    }

    @Test("MIRROR003 a mirror of another role than the primary: an error at the Mirror dependency")
    func mirrorRole() throws {
        let userMirror = #"<ServiceId SiteId="1" RoleName="UserStore" Instance="2" />"#
        let text = try plant(mirroredText(), userMirror, #"<ServiceId SiteId="1" RoleName="ApplicationStore" Instance="2" />"#, occurrence: 1)
        let found = try findings("MIRROR003", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try Self.dependencyLines("Mirror", in: text)[0]))
        #expect(found.first?.message.contains("ApplicationStore") == true)
        #expect(found.first?.message.contains("UserStore") == true)
    }

    @Test("MIRROR003 near miss: Usage compares case-insensitively, the role matches")
    func mirrorRoleNearMiss() throws {
        let text = try plantAll(mirroredText(), #"<Dependency Usage="Mirror">"#, #"<Dependency Usage="mirror">"#)
        #expect(try validate(text).filter { $0.rule.hasPrefix("MIRROR") }.isEmpty)
    }

    @Test("MIRROR004 two instances of one server on the same mirroring port: an error at the second")
    func sharedPort() throws {
        let added = """
            <SqlInstance MirroringPort="5022">
              <SqlInstanceId Name="archive">
                <ClusterId SiteId="1" Number="2" />
              </SqlInstanceId>
            </SqlInstance>

        """
        let text = try insert(added, before: "  </SqlInstances>", in: mirroredText())
        let found = try findings("MIRROR004", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"Name="archive""#, in: text)) - 1)
        #expect(found.first?.message.contains("5022") == true)
        #expect(found.first?.message.contains("sql01.contoso.com\\rtc") == true)
    }

    @Test("MIRROR004 a default port counts when the instance takes part in mirroring")
    func sharedDefaultPort() throws {
        var text = try plantAll(mirroredText(), #"<SqlInstance MirroringPort="5022">"#, "<SqlInstance>")
        text = try insert("""
            <SqlInstance MirroringPort="5022">
              <SqlInstanceId Name="archive">
                <ClusterId SiteId="1" Number="3" />
              </SqlInstanceId>
            </SqlInstance>

        """, before: "  </SqlInstances>", in: text)
        let found = try findings("MIRROR004", in: text)
        #expect(found.map(\.location?.line) == [try line(of: #"Name="archive""#, in: text) - 1])
        #expect(found.first?.message.contains("sql02.contoso.com\\rtc") == true)
    }

    @Test("MIRROR004 a MirroringPort that is not a port number")
    func badPort() throws {
        for bad in ["abc", "70000", "0"] {
            let text = try plant(mirroredText(), #"<SqlInstance MirroringPort="7022">"#, "<SqlInstance MirroringPort=\"\(bad)\">")
            let found = try findings("MIRROR004", in: text)
            #expect(found.map(\.location?.line) == [try line(of: "MirroringPort=\"\(bad)\"", in: text)], "\(bad)")
        }
    }

    @Test("MIRROR004 near misses: other ports on one server, one port on several servers, an instance not mirrored")
    func portNearMisses() throws {
        let added = """
            <SqlInstance MirroringPort="5023">
              <SqlInstanceId Name="archive">
                <ClusterId SiteId="1" Number="2" />
              </SqlInstanceId>
            </SqlInstance>
            <SqlInstance>
              <SqlInstanceId Name="spare">
                <ClusterId SiteId="1" Number="2" />
              </SqlInstanceId>
            </SqlInstance>

        """
        #expect(try findings("MIRROR004", in: insert(added, before: "  </SqlInstances>", in: mirroredText())).isEmpty)
    }

    /// standard-edition.xml with se01's back end mirrored to a dedicated SQL Server sqlm.contoso.com.
    static func mirroredStandardEdition() throws -> String {
        var text = try sampleText("standard-edition.xml")
        text = try insert("""
            <Cluster RequiresReplication="false" RequiresSetup="false" Fqdn="sqlm.contoso.com">
              <ClusterId SiteId="1" Number="3" />
              <Machine OrdinalInCluster="1" Fqdn="sqlm.contoso.com" />
            </Cluster>

        """, before: "  </Clusters>", in: text)
        text = try insert("""
            <SqlInstance>
              <SqlInstanceId Name="rtc">
                <ClusterId SiteId="1" Number="3" />
              </SqlInstanceId>
            </SqlInstance>

        """, before: "  </SqlInstances>", in: text)
        text = try insert("""
            <Service RoleVersion="1" ServiceVersion="6">
              <ServiceId SiteId="1" RoleName="UserStore" Instance="2" />
              <DependsOn />
              <InstalledOn>
                <SqlInstanceId Name="rtc">
                  <ClusterId SiteId="1" Number="3" />
                </SqlInstanceId>
              </InstalledOn>
            </Service>

        """, before: "  </Services>", in: text)
        let dependency = """
                <Dependency Usage="Default">
                  <ServiceId SiteId="1" RoleName="UserStore" Instance="1" />
                </Dependency>

        """
        return try plant(text, dependency, dependency + """
                <Dependency Usage="Mirror">
                  <ServiceId SiteId="1" RoleName="UserStore" Instance="2" />
                </Dependency>

        """)
    }

    @Test("MIRROR005 a Standard Edition server's SQL Express as mirroring primary: an error at the Mirror dependency")
    func expressPartner() throws {
        let text = try Self.mirroredStandardEdition()
        let found = try findings("MIRROR005", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"<Dependency Usage="Mirror">"#, in: text)))
        #expect(found.first?.message.contains("primary se01.contoso.com\\rtc") == true)
        #expect(found.first?.notes.first?.contains("Standard Edition") == true)
        #expect(try validate(text).filter { $0.severity == .error }.map(\.rule) == ["MIRROR005"])
    }

    @Test("MIRROR005 near miss: SQL Express may be the witness")
    func expressWitness() throws {
        var text = try plant(mirroredText(), Self.witnessDeclaration, Self.witnessDeclaration.replacing(#"Number="4""#, with: #"Number="1""#))
        text = try plant(text, Self.witnessInstalledOn, Self.witnessInstalledOn.replacing(#"Number="4""#, with: #"Number="1""#))
        let witness = try #require(read(text).topology.sqlInstances.first { $0.name == "witness" })
        #expect(SQLExpressPolicy.isSQLExpress(witness, in: try read(text).topology))
        #expect(try findings("MIRROR005", in: text).isEmpty)
    }

    @Test("MIRROR006 a mirror on Skype for Business Server 2019: an error at each Mirror dependency")
    func mirror2019() throws {
        let text = try plantAll(mirroredText(), #"ServiceVersion="7""#, #"ServiceVersion="8""#)
        let found = try findings("MIRROR006", in: text)
        #expect(found.map(\.location?.line) == (try Self.dependencyLines("Mirror", in: text)))
        #expect(found.allSatisfy { $0.severity == .error && $0.message.contains("Skype for Business Server 2019") })
    }

    @Test("MIRROR006 near miss: the same mirrors on Lync Server 2013")
    func mirror2013() throws {
        let text = try plantAll(mirroredText(), #"ServiceVersion="7""#, #"ServiceVersion="6""#)
        #expect(try findings("MIRROR006", in: text).isEmpty)
    }

    @Test("MIRROR007 a witness without a mirror: an error at the Witness dependency")
    func witnessWithoutMirror() throws {
        let mirror = """
                <Dependency Usage="Mirror">
                  <ServiceId SiteId="1" RoleName="UserStore" Instance="2" />
                </Dependency>

        """
        let text = try plant(mirroredText(), mirror, "")
        let found = try findings("MIRROR007", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try Self.dependencyLines("Witness", in: text)[0]))
        #expect(found.first?.message.contains("sql03.contoso.com\\witness") == true)
        #expect(found.first?.message.contains("1-UserServices-1") == true)
    }

    @Test("MIRROR008 a mirror of an AlwaysOn store: an error at each Mirror dependency")
    func alwaysOnMirror() throws {
        let text = try plant(mirroredText(), #"<SqlInstance MirroringPort="5022">"#,
                             #"<SqlInstance MirroringPort="5022" AlwaysOnPrimaryNodeFqdn="sql01a.contoso.com">"#, occurrence: 1)
        let found = try findings("MIRROR008", in: text)
        #expect(found.map(\.location?.line) == (try Self.dependencyLines("Mirror", in: text)))
        #expect(found.first?.message.contains("AlwaysOn") == true)
    }

    @Test("MIRROR008 near miss: an AlwaysOn store without a mirror", .needsCorpus)
    func alwaysOnNearMiss() throws {
        #expect(try validate(corpusText("03-sfb2015-enterprise-pool-alwayson-sql-wac.xml")).filter { $0.rule.hasPrefix("MIRROR") }.isEmpty)
    }
}
