import ArgumentParser
import LyncTopology

extension Lynctopo {
    struct Diff: ParsableCommand, ReadsDocuments {
        static let configuration = CommandConfiguration(
            commandName: "diff", _superCommandName: "lynctopo",
            abstract: "Show what changed between two topologies, and what the publish will do because of it.",
            usage: """
                lynctopo diff OLD NEW [--format text|json] [--exit-code]
                lynctopo diff FILE.tbxml [--format text|json] [--exit-code]
                """,
            discussion: """
                With OLD and NEW (published XML or .tbxml, in any mix; a .tbxml stands for its NewTopology), compares \
                the two. With one .tbxml, compares its OriginalTopology with its NewTopology.

                Changes are keyed by identity (ClusterId, SqlInstanceId, ServiceId, falling back to FQDNs and \
                placement), never by text: formatting, attribute order, namespace prefixes, whitespace and the \
                document kind never show up. The publish impact is the publish of NEW with OLD's stores and mirrors \
                taken as existing, and what the changes need beyond a publish.

                Exit status 0 whether or not there are changes; with --exit-code, 1 when there are.
                """)

        @Argument(help: ArgumentHelp("OLD and NEW topology documents, or one .tbxml holding an OriginalTopology; - reads standard input.",
                                     valueName: "file"))
        var files: [String] = []
        var documentPaths: [String] { files }

        @OptionGroup var output: TextOrJSONOptions

        @Flag(name: .customLong("exit-code"), help: "Exit with status 1 when there are changes (like git diff --exit-code).")
        var exitCode = false

        func validate() throws {
            guard (1...2).contains(files.count) else {
                throw ValidationError("give OLD and NEW, or one .tbxml holding an OriginalTopology (got \(files.count) documents)")
            }
            if files.count == 2 && files[0] == "-" && files[1] == "-" {
                throw ValidationError("standard input can be read only once: give at most one of OLD and NEW as -")
            }
        }

        func run() throws {
            let old: Topology
            let new: Topology
            let oldSide: DiffRendering.Side
            let newSide: DiffRendering.Side
            if files.count == 1 {
                let document = try loadDocument(files[0])
                guard document.kind == .tbxml else {
                    printError("\(document.path): error: a published topology holds only one topology; give OLD and NEW to compare it with another document")
                    throw Exit.usage
                }
                guard let original = document.original else {
                    printError("\(document.path): error: this .tbxml has no <OriginalTopology> (it was never downloaded from a published deployment); give OLD and NEW to compare it with another document")
                    throw Exit.usage
                }
                old = original
                new = document.topology
                oldSide = DiffRendering.Side(path: document.path, part: "OriginalTopology")
                newSide = DiffRendering.Side(path: document.path, part: "NewTopology")
            } else {
                let documents = try loadDocuments([files[0], files[1]])   // read side by side
                let oldDocument = documents[0], newDocument = documents[1]
                old = oldDocument.topology
                new = newDocument.topology
                oldSide = DiffRendering.Side(path: oldDocument.path, part: oldDocument.kind == .tbxml ? "NewTopology" : "Topology")
                newSide = DiffRendering.Side(path: newDocument.path, part: newDocument.kind == .tbxml ? "NewTopology" : "Topology")
            }
            let report = TopologyDiff.report(old: old, new: new)
            switch output.format {
            case .text: try printOutput(DiffRendering.text(report, old: oldSide, new: newSide))
            case .json: try printOutput(DiffRendering.json(report, old: oldSide, new: newSide))
            }
            if exitCode && report.hasChanges { throw Exit.findings }
        }
    }
}

extension Lynctopo.Diff: PlainlyParsed {
    static let plainOptions = TextOrJSONOptions.plainOptions + [.init(name: "exit-code", kind: .flag)]

    static func parsed(_ line: PlainCommandLine) -> Self? {
        guard let output = TextOrJSONOptions.parsed(line) else { return nil }
        var command = Self()
        command.files = line.documents
        command.output = output
        command.exitCode = line.isSet("exit-code")
        return command
    }
}
