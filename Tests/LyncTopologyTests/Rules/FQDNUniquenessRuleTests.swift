import Testing
import LyncTopology

@Suite("FQDN002 cluster FQDNs are unique")
struct FQDNUniquenessRuleTests {
    static let sql03 = #"<Cluster RequiresReplication="false" RequiresSetup="false" Fqdn="sql03.contoso.com">"#

    @Test("two clusters with one FQDN in different case: an error at the second, naming the first's line")
    func duplicate() throws {
        let text = try plant(mirroredText(), Self.sql03, Self.sql03.replacing("sql03.contoso.com", with: "SQL02.Contoso.com"))
        let found = try findings("FQDN002", in: text)
        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.location?.line == (try line(of: #"Fqdn="SQL02.Contoso.com""#, in: text)))
        #expect(finding.message.contains("SQL02.Contoso.com"))
        #expect(finding.message.contains("line \(try line(of: #"Fqdn="sql02.contoso.com">"#, in: text))"))
    }

    @Test("a computer listed in two clusters is a warning at the second")
    func machineTwice() throws {
        let text = try plant(mirroredText(), #"Fqdn="fe03.contoso.com""#, #"Fqdn="edge01.contoso.com""#)
        let found = try findings("FQDN002", in: text)
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.location?.line == (try line(of: #"Fqdn="edge01.contoso.com" FaultDomain"#, in: text)))
    }

    @Test("near misses: similar names, and a Standard Edition server whose computer differs only in case", .needsCorpus)
    func nearMisses() throws {
        let text = try plant(mirroredText(), Self.sql03, Self.sql03.replacing("sql03.contoso.com", with: "sql02.contoso.net"))
        #expect(try findings("FQDN002", in: text).isEmpty)
        #expect(try TopologyValidator.validate(corpus("04-lync2013-two-sites-paired-se-pools-edge.xml")).filter { $0.rule.hasPrefix("FQDN") }.isEmpty)
    }
}
