import Testing
import LyncTopology

@Suite("FQDN001 server FQDN syntax")
struct FQDNSyntaxRuleTests {
    static let sqlCluster = #"<Cluster RequiresReplication="false" RequiresSetup="false" Fqdn="sql02.contoso.com">"#

    @Test("a malformed cluster FQDN is an error at the cluster, naming the value and the problem", arguments: [
        ("sql_02.contoso.com", "underscore"),
        ("sql02", "not fully qualified"),
        ("sqlé2.contoso.com", "non-ASCII"),
        ("-sql02.contoso.com", "starting or ending with '-'"),
        ("sql02..contoso.com", "empty label"),
        (String(repeating: "a", count: 64) + ".contoso.com", "longer than 63"),
        ((1...26).map { _ in "abcdefghi" }.joined(separator: ".") + ".com", "longer than 255"),
        ("sql02.contoso.123", "numeric top-level"),
    ])
    func clusterFQDN(bad: String, problem: String) throws {
        let text = try plant(mirroredText(), Self.sqlCluster, Self.sqlCluster.replacing("sql02.contoso.com", with: bad))
        let found = try findings("FQDN001", in: text)
        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.location?.line == (try line(of: "Fqdn=\"\(bad)\"", in: text)))
        #expect(finding.message.contains(bad))
        #expect(finding.message.contains(problem))
    }

    @Test("a machine FQDN is checked at the machine; one that repeats its cluster's is not reported twice")
    func machineFQDN() throws {
        let text = try plant(mirroredText(), #"Fqdn="fe02.contoso.com""#, #"Fqdn="fe02""#)
        let found = try findings("FQDN001", in: text)
        #expect(found.map(\.location?.line) == [try line(of: #"Fqdn="fe02""#, in: text)])
        #expect(found.first?.message.contains("machine FQDN 'fe02'") == true)

        let both = try plantAll(mirroredText(), "sql02.contoso.com", "sql_02.contoso.com")
        #expect(try findings("FQDN001", in: both).count == 1, "the SQL Server's machine repeats the cluster FQDN")
    }

    @Test("an AlwaysOn primary node FQDN is checked at its SQL instance", .needsCorpus)
    func alwaysOnPrimary() throws {
        let name = "03-sfb2015-enterprise-pool-alwayson-sql-wac.xml"
        let text = try plant(corpusText(name), #"AlwaysOnPrimaryNodeFqdn="srv-sql-01.tenant.rlevchenko.com""#,
                             #"AlwaysOnPrimaryNodeFqdn="srv-sql-01""#)
        let found = try findings("FQDN001", in: text)
        #expect(found.map(\.location?.line) == [try line(of: "AlwaysOnPrimaryNodeFqdn", in: text)])
    }

    @Test("near misses: mixed case, inner hyphens, 63-character labels, a PSTN gateway defined by its IP address", .needsCorpus)
    func nearMisses() throws {
        let label63 = String(repeating: "a", count: 63)
        for good in ["SQL02.Contoso.COM", "sql-02.contoso.com", label63 + ".contoso.com", "x1.y2.contoso.com"] {
            let text = try plant(mirroredText(), Self.sqlCluster, Self.sqlCluster.replacing("sql02.contoso.com", with: good))
            #expect(try findings("FQDN001", in: text).isEmpty, "\(good)")
        }
        let gateway = try plantAll(corpusText("02-sfb2015-standard-edition-edge-pstn-gateway.xml"), "sbc1.contoso.com", "192.168.10.5")
        #expect(try findings("FQDN001", in: gateway).isEmpty)
    }

    @Test("an IP address is not an FQDN for a Lync server")
    func addressForServer() throws {
        let text = try plant(mirroredText(), Self.sqlCluster, Self.sqlCluster.replacing("sql02.contoso.com", with: "10.0.0.12"))
        #expect(try findings("FQDN001", in: text).count == 1)
    }
}
