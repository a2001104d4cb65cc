import Testing
import LyncTopology

@Suite("FQDN003 a single-machine server's FQDN is its computer's")
struct SingleMachineFQDNRuleTests {
    static let machine = #"<Machine OrdinalInCluster="1" Fqdn="se01.contoso.com""#

    @Test("a Standard Edition server whose computer has another FQDN: an error at the machine")
    func standardEdition() throws {
        let text = try plant(sampleText("standard-edition.xml"), Self.machine, #"<Machine OrdinalInCluster="1" Fqdn="se02.contoso.com""#)
        let found = try findings("FQDN003", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"Fqdn="se02.contoso.com""#, in: text)))
        #expect(found.first?.message.contains("se02.contoso.com") == true)
        #expect(found.first?.message.contains("se01.contoso.com") == true)
    }

    @Test("a .tbxml single-machine server whose machine names another FQDN: an error (NewTopology)", .needsCorpus)
    func builderSingleMachine() throws {
        let original = try corpusText("06-tbxml-downloaded-original-and-new-topology.tbxml")
        let anchor = #"<Machine FaultDomain="lync2013.pocketdomain.corp""#
        let text = try plant(original, anchor, #"<Machine Fqdn="host7.pocketdomain.corp" FaultDomain="lync2013.pocketdomain.corp""#, occurrence: 2)
        let found = try findings("FQDN003", in: text)
        #expect(found.map(\.location?.line) == [try line(of: "host7.pocketdomain.corp", in: text)])
    }

    @Test("near misses: case only, an Enterprise pool with one member, a single Edge server, a SQL Server", .needsCorpus)
    func nearMisses() throws {
        let caseOnly = try plant(sampleText("standard-edition.xml"), Self.machine, #"<Machine OrdinalInCluster="1" Fqdn="SE01.contoso.com""#)
        #expect(try findings("FQDN003", in: caseOnly).isEmpty)
        #expect(try TopologyValidator.validate(corpus("03-sfb2015-enterprise-pool-alwayson-sql-wac.xml")).filter { $0.rule == "FQDN003" }.isEmpty)
        let edge = try plant(sampleText("standard-edition.xml"), #"<Machine OrdinalInCluster="1" Fqdn="edge01.contoso.com">"#,
                             #"<Machine OrdinalInCluster="1" Fqdn="edge01-node.contoso.com">"#)
        #expect(try findings("FQDN003", in: edge).isEmpty)
        let sql = try plant(mirroredText(), #"<Machine OrdinalInCluster="1" Fqdn="sql01.contoso.com""#,
                            #"<Machine OrdinalInCluster="1" Fqdn="sqlnode1.contoso.com""#)
        #expect(try findings("FQDN003", in: sql).isEmpty)
    }
}
