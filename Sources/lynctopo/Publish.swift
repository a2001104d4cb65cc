import ArgumentParser
import LyncTopology

extension Lynctopo {
    struct Publish: ParsableCommand, ReadsDocuments {
        static let configuration = CommandConfiguration(
            commandName: "publish", _superCommandName: "lynctopo",
            abstract: "Simulate the Publish Topology wizard: Select Central Management Server, Create databases, Create Mirror Database.",
            discussion: """
                Shows, database by database, what publishing the topology would create and what already exists. \
                What exists comes from --state (a Test-CsDatabase -ConfiguredDatabases … | Export-Csv \
                -NoTypeInformation CSV, or a JSON list of {sqlServer, instance, database}), from --failed (every \
                database on that server's instances is gone, everything else exists) or --first-publish (nothing \
                exists). Without any of them, a .tbxml's OriginalTopology says what exists; otherwise a first publish \
                is assumed.

                Exits 1 when the publish would fail (validation errors, no CMS, mirroring on Skype for Business \
                Server 2019, a lost Central Management store); 64 for an unknown --cms pool or a --file-share that \
                is not a UNC path; 65/66 when the document or the state file cannot be read.
                """)

        @OptionGroup var input: DocumentOptions
        var documentPaths: [String] { [input.file] }

        @Option(help: ArgumentHelp("What exists now, repeatable: a Test-CsDatabase CSV export or a JSON list of {sqlServer, instance, database}; a Get-CsDatabaseMirrorState export is recognised and not needed here (restore uses it).",
                                   valueName: "state-file"))
        var state: [String] = []

        @Option(help: ArgumentHelp("A failed server: every database on its SQL instances is gone, all else exists. Repeatable.",
                                   valueName: "fqdn"))
        var failed: [String] = []

        @Flag(help: "Nothing exists yet (a first publish).")
        var firstPublish = false

        @Option(help: ArgumentHelp("The file share the Create Mirror Database page uses (\\\\server\\share).", valueName: "unc"))
        var fileShare: String?

        @Option(help: ArgumentHelp("The pool that takes the Central Management Server when the topology has none yet.", valueName: "pool"))
        var cms: String?

        @OptionGroup var output: TextOrJSONOptions

        func validate() throws {
            let sources = [!state.isEmpty, !failed.isEmpty, firstPublish].filter { $0 }.count
            if sources > 1 {
                throw ValidationError("--state, --failed and --first-publish are alternatives: give at most one of them")
            }
            if state.filter({ $0 == "-" }).count + (input.file == "-" ? 1 : 0) > 1 {
                throw ValidationError("only one of the document and the state files can be read from standard input")
            }
            try validateFileShare(fileShare)
            if let cms, cms.allSatisfy({ $0 == " " || $0 == "\t" }) {
                throw ValidationError("--cms needs a pool FQDN")
            }
            if failed.contains(where: { $0.allSatisfy { $0 == " " || $0 == "\t" } }) {
                throw ValidationError("--failed needs a server FQDN")
            }
        }

        func run() throws {
            let document = try loadDocument(input.file)
            var existing: ExistingDatabases?
            if !state.isEmpty {
                // Every file is recognised by its columns; the databases of all of them are what exists.
                var records: [ExistingDatabases.Record] = []
                var sources: [String] = []
                for path in state {
                    let display = path == "-" ? "<stdin>" : path
                    do {
                        switch try StateFile.read(path: path) {
                        case .databases(let found):
                            records += found.map(\.existing)
                            sources.append(display)
                        case .mirrorStates:
                            printError("\(display): warning: mirror states (Get-CsDatabaseMirrorState) say which copy is principal, not which databases exist: publish does not use them (restore --state does)")
                        }
                    } catch {
                        printError(error.description)
                        throw error.exitCode
                    }
                }
                existing = ExistingDatabases(source: .stateFile(path: sources.joined(separator: ", ")), records: records)
            } else if !failed.isEmpty {
                existing = ExistingDatabases(source: .failedServers(failed), failedServers: failed)
            } else if firstPublish {
                existing = .firstPublish
            }
            let plan = PublishSimulator.simulate(document, options: PublishOptions(existing: existing, fileShare: fileShare,
                                                                                   centralManagementPool: cms))
            KeptValueUntilExit.keep(plan)
            if let unknown = plan.findings.first(where: { $0.rule == PublishRules.unknownCentralManagementPool }) {
                printError("Error: \(unknown.message)")
                throw Exit.usage
            }
            switch output.format {
            case .text: try printOutput(PublishRendering.text(plan, path: document.path))
            case .json:
                let json = PublishRendering.json(plan, path: document.path)
                KeptValueUntilExit.keep(json)
                try printOutput(json)
            }
            if plan.isBlocked {
                let errors = plan.findings.filter { $0.severity == .error }.count
                printError("lynctopo: the publish would fail: \(errors) error\(errors == 1 ? "" : "s") (see the findings)")
                throw Exit.findings
            }
        }
    }
}

extension Lynctopo.Publish: PlainlyParsed, ReadsOneDocument {
    static let plainOptions: [PlainCommandLine.Option] = [
        .init(name: "state", kind: .repeatable), .init(name: "failed", kind: .repeatable),
        .init(name: "first-publish", kind: .flag), .init(name: "file-share", kind: .value), .init(name: "cms", kind: .value),
    ] + TextOrJSONOptions.plainOptions

    static func parsed(_ line: PlainCommandLine) -> Self? {
        guard var command = reading(line), let output = TextOrJSONOptions.parsed(line) else { return nil }
        command.state = line.values("state")
        command.failed = line.values("failed")
        command.firstPublish = line.isSet("first-publish")
        command.fileShare = line.value("file-share")
        command.cms = line.value("cms")
        command.output = output
        return command
    }
}
