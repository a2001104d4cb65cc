import Foundation
import LyncTopologyTesting
import Testing

@Suite("lynctopo diagram")
struct DiagramCommandTests {
    @Test("DOT is the default format")
    func defaultDOT() throws {
        let result = try lynctopo(["diagram", "topologies/two-sites-archiving-monitoring.xml"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("digraph topology {\n"))
        #expect(result.stdout.hasSuffix("}\n"))
        #expect(result.stdout.contains("subgraph \"cluster_site_1\""))
        #expect(result.stdout.contains("subgraph \"cluster_site_2\""))
        #expect(result.stdout.contains("label=\"Site 2: London\";"))
        #expect(try lynctopo(["diagram", "topologies/two-sites-archiving-monitoring.xml", "--format", "dot"]).stdout == result.stdout)
    }

    @Test("--format mermaid writes a flowchart")
    func mermaid() throws {
        let result = try lynctopo(["diagram", "topologies/enterprise-mirrored.xml", "--format", "mermaid"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("flowchart LR\n"))
        #expect(result.stdout.contains("==>|\"mirror\"|"))
        #expect(result.stdout.contains("-.->|\"witness\"|"))
    }

    @Test("--highlight-failed is repeatable and marks the failed servers and what a restore re-creates")
    func highlightFailed() throws {
        let result = try lynctopo(["diagram", "topologies/enterprise-mirrored.xml",
                                   "--highlight-failed", "sql01.contoso.com", "--highlight-failed", "SQL02.contoso.com"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("failed: sql01.contoso.com, SQL02.contoso.com (red); re-created by a restore: orange"))
        #expect(result.stdout.contains("label=\"sql01.contoso.com\\nSQL Server\\nFAILED\";"))
        #expect(result.stdout.contains("label=\"sql02.contoso.com\\nSQL Server\\nFAILED\";"))
        #expect(result.stdout.components(separatedBy: "\\nre-create\"").count - 1 == 3)
        #expect(result.stdout.components(separatedBy: "\\nre-create mirror copy\"").count - 1 == 3)
    }

    @Test("an unknown FQDN exits 1 naming it, and writes no diagram")
    func unknownFQDN() throws {
        let result = try lynctopo(["diagram", "topologies/enterprise-mirrored.xml", "--highlight-failed", "sql09.contoso.com"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "topologies/enterprise-mirrored.xml: error: no server or machine with FQDN 'sql09.contoso.com' in the topology\n")
    }

    @Test("bad arguments exit 64; a missing file 66; a broken document 65")
    func errors() throws {
        #expect(try lynctopo(["diagram"]).status == 64)
        #expect(try lynctopo(["diagram", "topologies/enterprise-mirrored.xml", "--format", "svg"]).status == 64)
        #expect(try lynctopo(["diagram", "topologies/enterprise-mirrored.xml", "--highlight-failed"]).status == 64)
        let missing = try lynctopo(["diagram", "no/such.xml"])
        #expect(missing.status == 66 && missing.stdout.isEmpty)
        let broken = try lynctopo(["diagram", "Tests/LyncTopologyTests/Fixtures/truncated.xml"])
        #expect(broken.status == 65 && broken.stdout.isEmpty)
    }

    @Test("reads standard input with -")
    func standardInput() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: paths.sample("standard-edition.xml")))
        let result = try lynctopo(["diagram", "-", "--format", "mermaid"], stdin: bytes)
        #expect(result.status == 0)
        #expect(result.stdout.contains("se01.contoso.com<br/>Standard Edition server<br/>Central Management Server"))
    }

    static var graphvizInstalled: Bool { Graphviz.isInstalled }

    @Test("the output pipes into dot without a warning", .enabled(if: graphvizInstalled, "Graphviz dot is not installed"))
    func pipesIntoDot() throws {
        let graphviz = try #require(Graphviz.installed)
        let runs: [[String]] = [
            ["diagram", "topologies/two-sites-archiving-monitoring.xml", "--highlight-failed", "sql-sea.contoso.com"],
            ["diagram", "topologies/enterprise-mirrored.xml", "--highlight-failed", "sql01.contoso.com"],
            ["diagram", "topologies/pool-edit.tbxml"],
        ]
        for arguments in runs {
            let result = try lynctopo(arguments)
            #expect(result.status == 0)
            let rendered = try graphviz.render(result.stdout)
            #expect(rendered.status == 0)
            #expect(rendered.errors.isEmpty, "\(arguments): \(rendered.errors)")
        }
    }

    @Test("the picture in docs/ is what the command draws today",
          .enabled(if: graphvizInstalled, "Graphviz dot is not installed"))
    func readmePicture() throws {
        let graphviz = try #require(Graphviz.installed)
        let result = try lynctopo(["diagram", "topologies/two-sites-archiving-monitoring.xml"])
        let committed = try String(contentsOfFile: paths.packageRoot + "/docs/two-sites-archiving-monitoring.svg", encoding: .utf8)
        let fresh = try graphviz.render(result.stdout).output
        // Compare the drawn text, not coordinates (another Graphviz version may place things a little differently).
        func texts(_ svg: String) -> [String] {
            svg.components(separatedBy: "\n").filter { $0.contains("<text") }.compactMap { line in
                guard let open = line.range(of: "\">"), let close = line.range(of: "</text>") else { return nil }
                return String(line[open.upperBound..<close.lowerBound])
            }.sorted()
        }
        #expect(texts(committed) == texts(fresh))
    }
}
