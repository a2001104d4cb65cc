import Foundation
import LyncTopologyTesting

let paths = TestPaths()

/// The outcome of one run of the built `lynctopo` binary.
struct CLIResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    /// True when the process ended by a signal rather than an exit.
    var signaled: Bool
}

/// The `lynctopo` executable built beside the test bundle.
let lynctopoBinary: String = {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [runner.appendingPathComponent("lynctopo").path,
                      paths.packageRoot + "/.build/debug/lynctopo"] where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    return paths.packageRoot + "/.build/debug/lynctopo"
}()

/// Runs `lynctopo` with arguments, optional standard input, from `directory` (default: the package root).
/// With `stdoutFile`, standard output is that file opened for writing (such as `/dev/full`) instead of a pipe,
/// and `stdout` comes back empty.
func lynctopo(_ arguments: [String], stdin: Data? = nil, directory: String? = nil, stdoutFile: String? = nil) throws -> CLIResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: lynctopoBinary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? paths.packageRoot)
    let output = Pipe(), error = Pipe(), input = Pipe()
    var outputFile: FileHandle?
    if let stdoutFile {
        guard let handle = FileHandle(forWritingAtPath: stdoutFile) else { throw CocoaError(.fileNoSuchFile) }
        outputFile = handle
        process.standardOutput = handle
    } else {
        process.standardOutput = output
    }
    defer { try? outputFile?.close() }
    process.standardError = error
    process.standardInput = input
    try process.run()
    let stdinData = stdin ?? Data()
    DispatchQueue.global().async {
        input.fileHandleForWriting.write(stdinData)
        try? input.fileHandleForWriting.close()
    }
    // Read both pipes concurrently so a large output cannot block the child.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errBox.data = error.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = stdoutFile == nil ? output.fileHandleForReading.readDataToEndOfFile() : Data()
    group.wait()
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus,
                     stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errBox.data, as: UTF8.self),
                     signaled: process.terminationReason == .uncaughtSignal)
}

/// Parses JSON output into Foundation values.
func json(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
    return dictionary
}
