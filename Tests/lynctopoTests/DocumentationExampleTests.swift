import Foundation
import Testing

/// Every console example of README.md and docs/*.md runs as written and prints what the page shows.
///
/// A console example is a ```` ```console ```` block: lines starting with `$ ` are commands (a line ending in
/// `\` goes on on the next one, which may start with the prompt `> `), the lines up to the next command are
/// what it prints, standard output and standard error together. The commands of one block run in one
/// `/bin/sh`, from the package root, with the built `lynctopo` first on the `PATH` and `TMPDIR` a fresh folder
/// (so that `out=$(mktemp -d)` writes there).
/// In the expected text, a line holding only `…` stands for any number of lines, and a `…` inside a line for
/// any text.
@Suite("Console examples of the documentation")
struct DocumentationExampleTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var page: String
        var line: Int
        var lines: [String]
        var testDescription: String { "\(page):\(line)" }
    }

    static let pages: [String] = {
        let docs = ((try? FileManager.default.contentsOfDirectory(atPath: paths.packageRoot + "/docs")) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return ["README.md"] + docs
    }()

    static let examples: [Example] = pages.flatMap { page -> [Example] in
        guard let text = try? String(contentsOfFile: paths.packageRoot + "/" + page, encoding: .utf8) else { return [] }
        var examples: [Example] = []
        var current: Example?
        var inOtherBlock = false   // a fenced block of another kind, whose lines are not commands
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if inOtherBlock {
                if line.hasPrefix("```") { inOtherBlock = false }
            } else if current == nil {
                if line == "```console" {
                    current = Example(page: page, line: number + 1, lines: [])
                } else if line.hasPrefix("```") {
                    inOtherBlock = true
                }
            } else if var example = current {
                if line == "```" {
                    examples.append(example)
                    current = nil
                } else {
                    example.lines.append(String(line))
                    current = example
                }
            }
        }
        return examples
    }

    @Test("the pages have console examples", arguments: ["README.md", "docs/commands.md"])
    func found(page: String) {
        #expect(Self.examples.contains { $0.page == page })
    }

    @Test("runs as written and prints what the page shows", arguments: examples)
    func run(example: Example) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lynctopo-doc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        let transcript = try Self.transcript(of: example, temporary: scratch)
        if let mismatch = Self.mismatch(expected: example.lines, actual: transcript) {
            Issue.record("\(example.page):\(example.line): \(mismatch)\n--- printed:\n\(transcript.joined(separator: "\n"))")
        }
    }

    /// Runs the block's commands and returns what a terminal would show: each command after `$ `, then its output.
    static func transcript(of example: Example, temporary: String) throws -> [String] {
        // `status` carries each command's exit status over the printf that shows the next command, for `echo $?`.
        var script = "cd '\(paths.packageRoot)' || exit 99\nstatus=0\n"
        var index = 0
        while index < example.lines.count {
            guard example.lines[index].hasPrefix("$ ") else { index += 1; continue }
            var shown = [example.lines[index]]
            while let last = shown.last, last.hasSuffix("\\"), index + 1 < example.lines.count {
                index += 1
                shown.append(example.lines[index])
            }
            for line in shown { script += "printf '%s\\n' \(quoted(line))\n" }
            // A continuation line may start with the shell's `> ` prompt, as a terminal shows it.
            let command = shown.enumerated().map { offset, line in
                offset > 0 && line.hasPrefix("> ") ? String(line.dropFirst(2)) : line
            }.joined(separator: "\n")
            script += "(exit $status)\n{ \(command.dropFirst(2))\n} 2>&1\nstatus=$?\n"
            index += 1
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        let binaries = URL(fileURLWithPath: lynctopoBinary).deletingLastPathComponent().path
        environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["TMPDIR"] = temporary
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Nil when `actual` matches `expected` (with `…` elisions), else what differs.
    static func mismatch(expected: [String], actual: [String]) -> String? {
        matches(expected[...], actual[...]) ? nil : firstDifference(expected, actual)
    }

    static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first.trimmingCharacters(in: .whitespaces) == "…" {
            let rest = expected.dropFirst()
            var tail = actual
            while true {
                if matches(rest, tail) { return true }
                if tail.isEmpty { return false }
                tail = tail.dropFirst()
            }
        }
        guard let line = actual.first, lineMatches(first, line) else { return false }
        return matches(expected.dropFirst(), actual.dropFirst())
    }

    /// A line matches its expected text exactly, or with each `…` standing for any text.
    static func lineMatches(_ expected: String, _ actual: String) -> Bool {
        guard expected.contains("…") else { return expected == actual }
        let parts = expected.components(separatedBy: "…")
        guard actual.hasPrefix(parts[0]) else { return false }
        var rest = actual.dropFirst(parts[0].count)
        for (offset, part) in parts.enumerated().dropFirst() {
            if offset == parts.count - 1 { return rest.hasSuffix(part) }
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }

    static func firstDifference(_ expected: [String], _ actual: [String]) -> String {
        for (offset, line) in expected.enumerated() where line.trimmingCharacters(in: .whitespaces) != "…" {
            if offset >= actual.count { return "expected line \(offset + 1) '\(line)', output ended" }
            if !lineMatches(line, actual[offset]) { return "line \(offset + 1): expected '\(line)', printed '\(actual[offset])'" }
        }
        return "the output differs (after an elision, or longer than shown)"
    }
}
