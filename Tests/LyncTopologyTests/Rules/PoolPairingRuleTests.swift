import LyncTopology
import Testing

/// PAIR001–PAIR003 and the FQDN001 single-label exception, starting from paired-pools.xml: pool01 (site 1) and
/// pool02 (site 2), Enterprise Edition, each Registrar's Backup naming the other.
@Suite("PAIR rules: pool pairing")
struct PoolPairingRuleTests {
    static func pairedText() throws -> String { try sampleText("paired-pools.xml") }
    static let backupOfPool01 = "<Backup EnableAutomaticFailover=\"false\" FailbackDetectionInterval=\"P0Y0M0DT0H10M0S\" FailureDetectionInterval=\"P0Y0M0DT0H5M0S\">\n        <ServiceId SiteId=\"2\" RoleName=\"Registrar\" Instance=\"1\" />"

    @Test("the clean sample has no pairing finding and no error")
    func clean() throws {
        let findings = try validate(Self.pairedText())
        #expect(findings.filter { $0.rule.hasPrefix("PAIR") }.isEmpty)
        #expect(errorSummary(findings).isEmpty)
    }

    @Test("PAIR001: an Enterprise Edition pool paired with a Standard Edition server is a warning")
    func editionMismatch() throws {
        // pool02's user store moves to a SQL instance of pool02 itself: a Standard Edition server.
        var text = try insert("""
            <SqlInstance>
              <SqlInstanceId Name="rtc">
                <ClusterId SiteId="2" Number="1" />
              </SqlInstanceId>
            </SqlInstance>

        """, before: "  </SqlInstances>", in: Self.pairedText())
        text = try plant(text, """
        <ServiceId SiteId="2" RoleName="UserStore" Instance="1" />
              <DependsOn />
              <InstalledOn>
                <SqlInstanceId Name="rtc">
                  <ClusterId SiteId="2" Number="2" />
        """, """
        <ServiceId SiteId="2" RoleName="UserStore" Instance="1" />
              <DependsOn />
              <InstalledOn>
                <SqlInstanceId Name="rtc">
                  <ClusterId SiteId="2" Number="1" />
        """)
        #expect(try read(text).topology.cluster(fqdn: "pool02.contoso.com")?.kind == .standard)
        let found = try findings("PAIR001", in: text)
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(found.first?.message == "Enterprise Edition pool pool01.contoso.com is paired with Standard Edition server pool02.contoso.com: Enterprise Edition pools pair only with Enterprise Edition pools, Standard Edition servers only with Standard Edition servers")
        #expect(found.first?.location?.line == (try line(of: "<Backup ", in: text, occurrence: 1)))
    }

    @Test("PAIR002: a Backup naming a service that is not a Registrar is an error")
    func notARegistrar() throws {
        let text = try plant(Self.pairedText(), Self.backupOfPool01,
                             Self.backupOfPool01.replacingOccurrences(of: "RoleName=\"Registrar\"", with: "RoleName=\"WebServices\""))
        let found = try findings("PAIR002", in: text)
        #expect(found.map(\.severity) == [.error])
        #expect(found.first?.message.contains("names 2-WebServices-1, which is not a Registrar") == true)
        // pool02's Backup now names a Registrar whose Backup names something else: one direction only.
        #expect(try findings("PAIR003", in: text).map(\.severity) == [.warning])
    }

    @Test("PAIR002: a pool that is its own backup is an error")
    func itself() throws {
        let text = try plant(Self.pairedText(), Self.backupOfPool01,
                             Self.backupOfPool01.replacingOccurrences(of: "SiteId=\"2\" RoleName=\"Registrar\"", with: "SiteId=\"1\" RoleName=\"Registrar\""))
        let found = try findings("PAIR002", in: text)
        #expect(found.map(\.severity) == [.error])
        #expect(found.first?.message.contains("names itself") == true)
    }

    @Test("a Backup naming no service at all is an error (REF003), and not reported twice")
    func missingID() throws {
        let text = try plant(Self.pairedText(), Self.backupOfPool01,
                             Self.backupOfPool01.replacingOccurrences(of: "SiteId=\"2\" RoleName=\"Registrar\"", with: "SiteId=\"9\" RoleName=\"Registrar\""))
        let all = try validate(text)
        #expect(all.filter { $0.rule == "REF003" && $0.severity == .error }.count == 1)
        #expect(all.filter { $0.rule == "PAIR002" }.isEmpty)
    }

    @Test("PAIR003: a pairing declared in one direction only is a warning")
    func oneDirection() throws {
        let backupOfPool02 = "      <Backup EnableAutomaticFailover=\"false\" FailbackDetectionInterval=\"P0Y0M0DT0H10M0S\" FailureDetectionInterval=\"P0Y0M0DT0H5M0S\">\n        <ServiceId SiteId=\"1\" RoleName=\"Registrar\" Instance=\"1\" />\n      </Backup>\n"
        let text = try plant(Self.pairedText(), backupOfPool02, "")
        let found = try findings("PAIR003", in: text)
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.message == "pool01.contoso.com names pool02.contoso.com as its backup, but 2-Registrar-1 has no Backup: the pairing is declared in one direction only")
        let topology = try read(text).topology
        #expect(topology.backupPool(of: "pool02.contoso.com") == "pool01.contoso.com")   // still paired, by pool01's declaration
        #expect(ShowRendering.text(try read(text)).contains("paired with pool02.contoso.com (automatic failover off, declared in this direction only)"))
    }
}

/// FQDN001 as the product applies it: a published topology may name its Office Web Apps server with a single
/// label (none of the six corpus documents does: 03 names it srv-owa-01.tenant.rlevchenko.com, 05
/// xOffice1.contoso.com), so this fixture is written for the project.
@Suite("FQDN001: single-label names on external servers")
struct SingleLabelExternalServerTests {
    static func withWAC(_ name: String) throws -> String {
        let cluster = """
            <Cluster RequiresReplication="false" RequiresSetup="false" Fqdn="\(name)">
              <ClusterId SiteId="1" Number="9" />
              <Machine OrdinalInCluster="1" Fqdn="\(name)" />
            </Cluster>

        """
        let wac = """
            <Service RoleVersion="1" ServiceVersion="6" Type="Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.WacService">
              <ServiceId SiteId="1" RoleName="WacService" Instance="1" />
              <DependsOn />
              <InstalledOn>
                <ClusterId SiteId="1" Number="9" />
              </InstalledOn>
              <Ports xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" />
              <WacService xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" DiscoveryUrl="https://\(name)/hosting/discovery/" IsExternal="false" />
            </Service>

        """
        var text = try insert(cluster, before: "  </Clusters>", in: PoolPairingRuleTests.pairedText())
        text = try insert(wac, before: "  </Services>", in: text)
        return text
    }

    @Test("a single-label Office Web Apps server is a warning, and the restore plan is not blocked")
    func wacWarning() throws {
        let text = try Self.withWAC("owa01")
        let found = try findings("FQDN001", in: text)
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.message.hasPrefix("cluster FQDN 'owa01' is not fully qualified (single-label names are not supported); the server runs no Lync Server role") == true)
        #expect(errorSummary(try validate(text)).isEmpty)
        let plan = RestorePlanner.plan(try read(text), failed: ["fe11.contoso.com"])
        #expect(!plan.isBlocked)
        #expect(plan.findings.contains { $0.rule == "FQDN001" && $0.severity == .warning })
    }

    @Test("a single-label name stays an error on a server that runs Lync Server roles or holds SQL stores")
    func lyncServersStayErrors() throws {
        let pool = try plantAll(PoolPairingRuleTests.pairedText(), "pool02.contoso.com", "pool02")
        #expect(try findings("FQDN001", in: pool).contains { $0.severity == .error && $0.message.hasPrefix("cluster FQDN 'pool02'") })
        let sql = try plantAll(PoolPairingRuleTests.pairedText(), "sql11.contoso.com", "sql11")
        #expect(try findings("FQDN001", in: sql).contains { $0.severity == .error && $0.message.hasPrefix("cluster FQDN 'sql11'") })
        #expect(RestorePlanner.plan(try read(sql), failed: ["fe11.contoso.com"]).isBlocked)
    }

    @Test("other defects of an external server's name stay errors")
    func otherDefectsStayErrors() throws {
        let found = try findings("FQDN001", in: try Self.withWAC("owa_01.contoso.com"))
        #expect(found.map(\.severity) == [.error])
    }
}
