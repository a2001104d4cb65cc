import ArgumentParser
import LyncTopology

extension Lynctopo {
    struct Validate: ParsableCommand, ReadsDocuments {
        static let configuration = CommandConfiguration(
            commandName: "validate", _superCommandName: "lynctopo",
            abstract: "Check every topology invariant: FQDNs, SQL instance names, references, placement, mirrors, CMS.",
            discussion: """
                Prints one line per finding (path:line:column: severity: [RULE] message), or JSON, or SARIF 2.1.0 for \
                code-scanning tools. A .tbxml is checked as its NewTopology.

                Exit codes: 0 no errors (warnings allowed unless --strict); 1 errors, or warnings with --strict; \
                65 not a readable topology document; 66 the input cannot be opened; 73 the output cannot be written.
                """)

        enum OutputFormat: String, NamedChoice { case text, json, sarif }

        @OptionGroup var input: DocumentOptions
        var documentPaths: [String] { [input.file] }

        @Option(help: "Output format: text, json or sarif.")
        var format: OutputFormat = .text

        @Flag(help: "Count warnings as errors: exit 1 when there is any warning.")
        var strict = false

        func run() throws {
            let document = try loadDocument(input.file)
            let findings = TopologyValidator.validate(document)
            switch format {
            case .text:
                let text = ValidateRendering.text(findings, path: document.path)
                if !text.isEmpty { try printOutput(text.hasSuffix("\n") ? String(text.dropLast()) : text) }
                printError(ValidateRendering.summary(findings, path: document.path))
            case .json:
                try printOutput(ValidateRendering.json(findings, document: document))
            case .sarif:
                try printOutput(ValidateRendering.sarif(findings, path: document.path))
            }
            if TopologyValidator.hasBlockingFindings(findings, strict: strict) { throw Exit.findings }
        }
    }
}

extension Lynctopo.Validate: PlainlyParsed, ReadsOneDocument {
    static let plainOptions: [PlainCommandLine.Option] = [.init(name: "format", kind: .value), .init(name: "strict", kind: .flag)]

    static func parsed(_ line: PlainCommandLine) -> Self? {
        guard var command = reading(line), let format = line.choice("format", default: OutputFormat.text) else { return nil }
        command.format = format
        command.strict = line.isSet("strict")
        return command
    }
}
