import ArgumentParser
import LyncTopology

extension Lynctopo {
    struct Diagram: ParsableCommand, ReadsDocuments {
        static let configuration = CommandConfiguration(
            commandName: "diagram", _superCommandName: "lynctopo",
            abstract: "Draw the topology: sites, pools and machines, SQL servers with their instances and stores, mirrors and witnesses.",
            discussion: """
                Writes Graphviz DOT (render it with `lynctopo diagram FILE | dot -Tsvg > topology.svg`) or a Mermaid \
                flowchart for Markdown documentation. The Central Management Server is highlighted. With \
                --highlight-failed, the failed servers are marked in red and what a restore would re-create (the \
                stores on their SQL instances, and mirror copies kept on them) in orange.
                """)

        enum OutputFormat: String, NamedChoice { case dot, mermaid }

        @OptionGroup var input: DocumentOptions
        var documentPaths: [String] { [input.file] }

        @Option(help: "Output format: dot or mermaid.")
        var format: OutputFormat = .dot

        @Option(name: .customLong("highlight-failed"),
                help: ArgumentHelp("Mark a failed server or machine, by FQDN, and what a restore would re-create (repeatable).",
                                   valueName: "FQDN"))
        var highlightFailed: [String] = []

        func run() throws {
            let document = try loadDocument(input.file)
            let highlighting: DiagramHighlighting
            do {
                highlighting = highlightFailed.isEmpty ? .none
                    : try DiagramHighlighting.failedServers(RestorePlanner.plan(document.topology, failed: highlightFailed))
            } catch {
                for line in error.description.split(separator: "\n") { printError("\(document.path): error: \(line)") }
                throw Exit.findings
            }
            switch format {
            case .dot: try printOutput(DiagramRendering.dot(document, highlighting: highlighting))
            case .mermaid: try printOutput(DiagramRendering.mermaid(document, highlighting: highlighting))
            }
        }
    }
}

extension Lynctopo.Diagram: PlainlyParsed, ReadsOneDocument {
    static let plainOptions: [PlainCommandLine.Option] = [.init(name: "format", kind: .value), .init(name: "highlight-failed", kind: .repeatable)]

    static func parsed(_ line: PlainCommandLine) -> Self? {
        guard var command = reading(line), let format = line.choice("format", default: OutputFormat.dot) else { return nil }
        command.format = format
        command.highlightFailed = line.values("highlight-failed")
        return command
    }
}
