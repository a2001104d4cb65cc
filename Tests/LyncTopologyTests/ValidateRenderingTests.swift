import Testing
import LyncTopology

@Suite("validate renderings")
struct ValidateRenderingTests {
    @Test("SARIF artifact URIs: relative paths stay relative, absolute ones become file URIs, the rest is percent-encoded")
    func artifactURI() {
        #expect(ValidateRendering.artifactURI("topologies/enterprise-mirrored.xml") == "topologies/enterprise-mirrored.xml")
        #expect(ValidateRendering.artifactURI("my topologies/a#1.xml") == "my%20topologies/a%231.xml")
        #expect(ValidateRendering.artifactURI("/srv/topo/pool.xml") == "file:///srv/topo/pool.xml")
        #expect(ValidateRendering.artifactURI("topologies/é.xml") == "topologies/%C3%A9.xml")
        #expect(ValidateRendering.artifactURI("<stdin>") == "stdin")
    }

    @Test("SARIF results carry a finding's notes in the message text, and its rule index")
    func sarifNotes() throws {
        let finding = Finding.error("MIRROR005", "mirroring has a SQL Express partner", at: SourceLocation(line: 4, column: 9),
                                    notes: ["se01 is a Standard Edition server"])
        let log = ValidateRendering.sarif([finding], path: "t.xml")
        guard case .array(let runs)? = log["runs"], case .array(let results)? = runs.first?["results"] else {
            Issue.record("no results")
            return
        }
        #expect(results.first?["message"]?["text"] == .string("mirroring has a SQL Express partner\nse01 is a Standard Edition server"))
        let index = TopologyValidator.descriptors.firstIndex { $0.id == "MIRROR005" }
        #expect(results.first?["ruleIndex"] == .int(index))
    }

    @Test("the summary counts each severity")
    func summary() {
        let findings = [Finding.error("A001", "a", at: nil), .warning("B001", "b", at: nil), .warning("C001", "c", at: nil)]
        #expect(ValidateRendering.summary(findings, path: "x.xml") == "x.xml: 1 error, 2 warnings, 0 notes")
    }
}
