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
func printOutput(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    FileIO.writeStandardOutput(Array(line.utf8))
}

/// Reads a topology document or exits with the documented code and a `path:line:column: error:` message.
func loadDocument(_ path: String) throws -> TopologyDocument {
    do {
        return try TopologyDocument.load(path: path)
    } catch {
        printError(error.description)
        throw ExitCode(error.exitCode)
    }
}
