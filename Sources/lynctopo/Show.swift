import ArgumentParser
import LyncTopology

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the typed model: sites, pools, machines, SQL instances, stores and databases, mirrors, witness, CMS.")

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Topology document (.xml or .tbxml), or - for standard input.")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let document = try loadDocument(file)
        switch format {
        case .text: printOutput(ShowRendering.text(document))
        case .json: printOutput(ShowRendering.json(document))
        }
    }
}
