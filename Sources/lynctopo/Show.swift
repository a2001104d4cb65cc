import ArgumentParser
import LyncTopology

extension Lynctopo {
    struct Show: ParsableCommand, ReadsDocuments {
        static let configuration = CommandConfiguration(
            commandName: "show", _superCommandName: "lynctopo",
            abstract: "Show the typed model: sites, pools, machines, SQL instances, stores and databases, mirrors, witness, CMS.",
            discussion: """
                Describes the document as it is: exit 0 for any readable document, even one with errors (what \
                reading found is listed after the model; `lynctopo validate` judges).
                """)

        @OptionGroup var input: DocumentOptions
        var documentPaths: [String] { [input.file] }
        @OptionGroup var output: TextOrJSONOptions

        func run() throws {
            let document = try loadDocument(input.file)
            switch output.format {
            case .text: try printOutput(ShowRendering.text(document))
            case .json: try printOutput(ShowRendering.json(document))
            }
        }
    }
}

extension Lynctopo.Show: PlainlyParsed, ReadsOneDocument {
    static let plainOptions = TextOrJSONOptions.plainOptions

    static func parsed(_ line: PlainCommandLine) -> Self? {
        guard var command = reading(line), let output = TextOrJSONOptions.parsed(line) else { return nil }
        command.output = output
        return command
    }
}
