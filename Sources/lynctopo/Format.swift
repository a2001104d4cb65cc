import ArgumentParser
import LyncTopology

extension Lynctopo {
    struct Format: ParsableCommand, ReadsDocuments {
        static let configuration = CommandConfiguration(
            commandName: "format", _superCommandName: "lynctopo",
            abstract: "Write the document back through the model: same kind, encoding, line endings and content; -o writes atomically.",
            discussion: """
                Reads a topology document and writes it back: the same document kind, encoding, byte-order mark, \
                line endings and XML declaration, with every element and attribute (unknown ones included) where \
                it was. Without -o the document goes to standard output. With -o it is written to a temporary file \
                in the output's folder and renamed over the output, so that an interrupted run leaves the old file \
                whole; an output that cannot be written exits 73.
                """)

        enum OutputFormat: String, NamedChoice { case text, json }

        @OptionGroup var input: DocumentOptions
        var documentPaths: [String] { [input.file] }

        @Option(name: [.customShort("o"), .customLong("output")], help: "Write to this file, atomically, instead of standard output.")
        var output: String?

        @Option(help: "text: write quietly; json: also print what was written (needs -o).")
        var format: OutputFormat = .text

        func validate() throws {
            if format == .json && output == nil {
                throw ValidationError("--format json describes the file written with -o; without -o the document itself is the output")
            }
            if let output, output.isEmpty { throw ValidationError("-o needs a file name") }
        }

        func run() throws {
            let document = try loadDocument(input.file, content: .whole)
            if let archive = document.archive {
                // An archive is read, never written: lynctopo cannot write back the configuration around the topology.
                guard let output, !output.lowercased().hasSuffix(".zip") else {
                    printError("\(archive.archivePath): error: format cannot write a CsConfiguration archive back (lynctopo reads only the topology in it); write the topology it found to a file with -o FILE.xml")
                    throw Exit.usage
                }
            }
            let bytes = document.serialized()
            guard let output else {
                try writeOutput(bytes)
                return
            }
            do {
                try document.write(to: output)
            } catch {
                printError(error.description)
                throw error.exitCode
            }
            if format == .json {
                let xml = document.xml.format
                try printOutput(JSONValue.object([
                    ("document", .string(document.path)),
                    ("output", .string(output)),
                    ("kind", .string(document.kind.rawValue)),
                    ("encoding", .string(xml.encoding.rawValue)),
                    ("byteOrderMark", .bool(xml.byteOrderMark)),
                    ("lineEnding", .string(xml.lineEnding.rawValue)),
                    ("bytes", .int(bytes.count)),
                ]))
            }
        }
    }
}

extension Lynctopo.Format: PlainlyParsed, ReadsOneDocument {
    static let plainOptions: [PlainCommandLine.Option] = [.init(name: "output", kind: .value, short: "o"), .init(name: "format", kind: .value)]

    static func parsed(_ line: PlainCommandLine) -> Self? {
        guard var command = reading(line), let format = line.choice("format", default: OutputFormat.text) else { return nil }
        command.output = line.value("output")
        command.format = format
        return command
    }
}
