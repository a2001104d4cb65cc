import ArgumentParser
import LyncTopology

/// Exit codes of the command-line contract.
enum Exit {
    static let findings = ExitCode(1)
    static let usage = ExitCode(64)
    static let unreadable = ExitCode(65)
    static let cannotOpen = ExitCode(66)
    static let cannotWrite = ExitCode(73)
}

/// Standard error, unbuffered.
func printError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    FileIO.writeStandardError(Array(line.utf8))
}

/// Standard output.
func printOutput(_ json: JSONValue) {
    FileIO.writeStandardOutput(json.renderedLine())
}

func printOutput(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    FileIO.writeStandardOutput(Array(line.utf8))
}

/// Reads a topology document or exits with the documented code and a `path:line:column: error:` message.
/// The document is kept until the process ends (see `KeptUntilExit`).
func loadDocument(_ path: String) throws -> TopologyDocument {
    do {
        let document = try TopologyDocument.load(path: path)
        KeptUntilExit.keep(document)
        return document
    } catch {
        printError(error.description)
        throw ExitCode(error.exitCode)
    }
}

/// Reads several documents side by side; the first that cannot be read is reported (as `loadDocument` would,
/// in the order given) and ends the command.
func loadDocuments(_ paths: [String]) throws -> [TopologyDocument] {
    var documents: [TopologyDocument] = []
    for result in TopologyDocument.load(paths: paths) {
        switch result {
        case .success(let document):
            KeptUntilExit.keep(document)
            documents.append(document)
        case .failure(let error):
            printError(error.description)
            throw ExitCode(error.exitCode)
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
