import ArgumentParser
import LyncTopology

/// Exit codes of the command line (docs/commands.md, "Exit codes").
enum Exit {
    static let findings = ExitCode(1)
    static let usage = ExitCode(64)
    static let unreadable = ExitCode(65)
    static let cannotOpen = ExitCode(66)
    static let cannotWrite = ExitCode(73)
}

// The library returns typed errors; which exit code each one means is the command line's business.

extension TopologyError {
    var exitCode: ExitCode {
        switch self {
        case .cannotOpen: return Exit.cannotOpen
        case .unreadable: return Exit.unreadable
        }
    }
}

extension StateFileError {
    var exitCode: ExitCode {
        switch self {
        case .cannotOpen: return Exit.cannotOpen
        case .malformed, .syntax, .shape: return Exit.unreadable
        }
    }
}

extension TopologyWriteError {
    var exitCode: ExitCode { Exit.cannotWrite }
}

/// Standard error, unbuffered. A diagnostic that cannot be written is dropped: there is nowhere left to say so.
func printError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    _ = Terminal.write(Array(line.utf8), to: Terminal.standardError)
}

/// Writes a JSON value and a newline to standard output, or ends the command with exit 73.
func printOutput(_ json: JSONValue) throws {
    try writeOutput(json.renderedLine())
}

/// Writes text and a newline to standard output, or ends the command with exit 73.
func printOutput(_ text: String) throws {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    try writeOutput(Array(line.utf8))
}

/// Writes bytes to standard output. When the output refuses them (a full disk, `> /dev/full`, a closed
/// file), says so on standard error and ends the command with exit 73: a report that was not written is
/// not a success.
func writeOutput(_ bytes: [UInt8]) throws {
    if let reason = Terminal.write(bytes, to: Terminal.standardOutput) {
        printError("<stdout>: error: cannot write: \(reason)")
        throw Exit.cannotWrite
    }
}

/// One check of a `--file-share` value, for every command that takes one (publish, restore).
func validateFileShare(_ share: String?) throws {
    if let share, let problem = PublishSimulator.fileShareProblem(share) {
        throw ValidationError("--file-share '\(share)' \(problem)")
    }
}

/// Reads a topology document or exits with the documented code and a `path:line:column: error:` message.
/// The document is kept until the process ends (see `KeptUntilExit`). The commands that only read a document
/// read it for its model (`.model`); `format`, which writes it back, reads it whole.
func loadDocument(_ path: String, content: TopologyDocument.Content = .model) throws -> TopologyDocument {
    do {
        let document = try TopologyDocument.load(path: path, content: content)
        KeptUntilExit.keep(document)
        return document
    } catch {
        printError(error.description)
        throw error.exitCode
    }
}

/// Reads several documents side by side; the first that cannot be read is reported (as `loadDocument` would,
/// in the order given) and ends the command.
func loadDocuments(_ paths: [String]) throws -> [TopologyDocument] {
    var documents: [TopologyDocument] = []
    for result in TopologyDocument.load(paths: paths, content: .model) {
        switch result {
        case .success(let document):
            KeptUntilExit.keep(document)
            documents.append(document)
        case .failure(let error):
            printError(error.description)
            throw error.exitCode
        }
    }
    return documents
}

/// Holds on to a document until the process ends. A large topology is a tree of a million values; freeing
/// them one by one when a command returns only costs time (a tenth of the run on a 20 MB document), while
/// the process's memory goes back to the system at once when it exits. The library frees as usual.
final class KeptUntilExit: Sendable {
    let document: TopologyDocument

    private init(_ document: TopologyDocument) { self.document = document }

    static func keep(_ document: TopologyDocument) {
        _ = Unmanaged.passRetained(KeptUntilExit(document))
    }
}

/// Holds on to any other large value a command builds (a plan, its JSON tree) until the process ends, for the
/// same reason as `KeptUntilExit`.
final class KeptValueUntilExit<Value: Sendable>: Sendable {
    let value: Value

    private init(_ value: Value) { self.value = value }

    static func keep(_ value: Value) {
        _ = Unmanaged.passRetained(KeptValueUntilExit(value))
    }
}
