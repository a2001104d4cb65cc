import ArgumentParser
import LyncTopology

extension Lynctopo {
    struct Restore: ParsableCommand, ReadsDocuments {
        static let configuration = CommandConfiguration(
            commandName: "restore", _superCommandName: "lynctopo",
            abstract: "Plan the recovery of failed servers: what to rebuild, which databases and mirrors to re-create, in what order, with which cmdlets.",
            discussion: """
                Classifies each failed server by what it hosted (Back End primary, mirror or witness, the active Central \
                Management store, Standard Edition server, member server, stand-alone Archiving/Monitoring/Persistent \
                Chat SQL Server, file server) and prints one ordered runbook for all of them, after the Lync Server 2013 \
                backup and restore documentation. It plans; it runs nothing.

                The file share that seeds mirrors and the folder holding the backups are not in the topology: give them \
                with --file-share and --backup-path, or the commands carry the placeholders <FILE-SHARE-UNC> and \
                <BACKUP-FOLDER>. Exit 1 when the plan is blocked (unknown server, topology errors, no usable Central \
                Management store); the output says why.
                """)

        enum OutputFormat: String, NamedChoice { case text, json, ps1 }

        @OptionGroup var input: DocumentOptions
        var documentPaths: [String] { [input.file] }

        @Option(name: .customLong("failed"), help: ArgumentHelp("FQDN of a failed server (a pool FQDN fails all its servers). Repeat for several.", valueName: "FQDN"))
        var failed: [String]

        @Option(help: "Output format: text (numbered runbook), json, or ps1 (PowerShell script).")
        var format: OutputFormat = .text

        @Option(name: .customLong("file-share"), help: ArgumentHelp("UNC path of the share that seeds the mirrors (\\\\server\\share).", valueName: "UNC"))
        var fileShare: String?

        @Option(name: .customLong("backup-path"), help: ArgumentHelp("Folder holding the backups the data restore reads.", valueName: "PATH"))
        var backupPath: String?

        @Option(name: .customLong("state"),
                help: ArgumentHelp("What the deployment reports now, repeatable: a Test-CsDatabase -ConfiguredDatabases export (CSV or JSON) or a Get-CsDatabaseMirrorState export with a PoolFqdn column; each file is recognised by its columns.",
                                   valueName: "state-file"))
        var state: [String] = []

        func validate() throws {
            try validateFileShare(fileShare)
            if state.filter({ $0 == "-" }).count + (input.file == "-" ? 1 : 0) > 1 {
                throw ValidationError("only one of the document and the state files can be read from standard input")
            }
            if let backupPath {
                if backupPath.isEmpty { throw ValidationError("--backup-path must not be empty") }
                if backupPath.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    throw ValidationError("--backup-path must not contain control characters")
                }
            }
        }

        func run() throws {
            let document = try loadDocument(input.file)
            var inputs: [(input: StateInput, path: String)] = []
            for path in state {
                do {
                    inputs.append((try StateFile.read(path: path), path == "-" ? "<stdin>" : path))
                } catch {
                    printError(error.description)
                    throw error.exitCode
                }
            }
            let live = inputs.isEmpty ? nil : DeploymentState(reading: inputs)
            let plan = RestorePlanner.plan(document, failed: failed,
                                           options: RestoreOptions(fileShare: fileShare, backupFolder: backupPath, deploymentState: live))
            KeptValueUntilExit.keep(plan)
            switch format {
            case .text: try printOutput(RestoreRendering.text(plan, path: document.path))
            case .json: try printOutput(RestoreRendering.json(plan, path: document.path))
            case .ps1: try printOutput(RestoreRendering.powerShell(plan, path: document.path))
            }
            if plan.isBlocked {
                printError(RestoreRendering.diagnostics(plan.blockers, path: document.path))
                throw Exit.findings
            }
        }
    }
}

extension Lynctopo.Restore: PlainlyParsed, ReadsOneDocument {
    static let plainOptions: [PlainCommandLine.Option] = [
        .init(name: "failed", kind: .repeatable), .init(name: "format", kind: .value), .init(name: "file-share", kind: .value),
        .init(name: "backup-path", kind: .value), .init(name: "state", kind: .repeatable),
    ]

    static func parsed(_ line: PlainCommandLine) -> Self? {
        // --failed has no default: without one, ArgumentParser says it is missing.
        guard var command = reading(line), !line.values("failed").isEmpty,
              let format = line.choice("format", default: OutputFormat.text) else { return nil }
        command.failed = line.values("failed")
        command.format = format
        command.fileShare = line.value("file-share")
        command.backupPath = line.value("backup-path")
        command.state = line.values("state")
        return command
    }
}
