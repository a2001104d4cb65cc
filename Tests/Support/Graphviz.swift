import Foundation

/// Graphviz's `dot`, for tests that check that a diagram renders: found on the `PATH`, nil when not installed
/// (such tests are skipped then).
public struct Graphviz: Sendable {
    /// What one run of `dot` gave.
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
    }

    public var executable: String

    /// The `dot` on the `PATH`, if any.
    public static let installed: Graphviz? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = String(directory) + "/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return Graphviz(executable: candidate) }
        }
        return nil
    }()

    public static var isInstalled: Bool { installed != nil }

    /// Renders DOT text with `dot -T<format>`; warnings and errors come back in `errors`.
    public func render(_ dot: String, format: String = "svg") throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-T" + format]
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let text = Data(dot.utf8)
        DispatchQueue.global().async {
            input.fileHandleForWriting.write(text)
            try? input.fileHandleForWriting.close()
        }
        final class Box: @unchecked Sendable { var data = Data() }
        let errorBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorBox.data = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                      errors: String(decoding: errorBox.data, as: UTF8.self))
    }
}
