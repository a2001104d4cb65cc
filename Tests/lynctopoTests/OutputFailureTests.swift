import Foundation
import Testing

/// An output that cannot be written is an error (exit 73, `error: cannot write` on standard error), for every
/// command and every format: a report that did not reach its reader is not a success.
@Suite("An output that cannot be written")
struct OutputFailureTests {
    static let invocations: [[String]] = [
        ["show", "topologies/enterprise-mirrored.xml"],
        ["show", "topologies/enterprise-mirrored.xml", "--format", "json"],
        ["validate", "topologies/new-design.tbxml"],   // a note: one line on standard output
        ["validate", "topologies/enterprise-mirrored.xml", "--format", "json"],
        ["validate", "topologies/enterprise-mirrored.xml", "--format", "sarif"],
        ["publish", "topologies/enterprise-mirrored.xml"],
        ["publish", "topologies/enterprise-mirrored.xml", "--format", "json"],
        ["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql01.contoso.com"],
        ["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql01.contoso.com", "--format", "json"],
        ["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql01.contoso.com", "--format", "ps1"],
        ["diff", "topologies/pool-edit.tbxml"],
        ["diff", "topologies/pool-edit.tbxml", "--format", "json"],
        ["diagram", "topologies/enterprise-mirrored.xml"],
        ["diagram", "topologies/enterprise-mirrored.xml", "--format", "mermaid"],
        ["format", "topologies/enterprise-mirrored.xml"],
        ["format", "topologies/standard-edition.xml"],
        // What ArgumentParser answers on standard output: the version, help, completion scripts.
        ["--version"],
        ["--help"],
        ["validate", "--help"],
        ["help", "restore"],
        ["--generate-completion-script", "bash"],
    ]

    @Test("standard output is /dev/full: exit 73 and the reason on standard error",
          .enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full"), "this system has no /dev/full"),
          arguments: invocations)
    func fullStandardOutput(arguments: [String]) throws {
        let result = try lynctopo(arguments, stdoutFile: "/dev/full")
        #expect(result.status == 73, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("<stdout>: error: cannot write: "), "\(result.stderr)")
    }

    @Test("format -o /dev/full, and format --format json with standard output on /dev/full: exit 73",
          .enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full"), "this system has no /dev/full"))
    func fullFormatOutput() throws {
        let file = try lynctopo(["format", "topologies/enterprise-mirrored.xml", "-o", "/dev/full"])
        #expect(file.status == 73)
        #expect(file.stderr.hasPrefix("/dev/full: error: cannot write: "), "\(file.stderr)")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lynctopo-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = try lynctopo(["format", "topologies/enterprise-mirrored.xml", "-o", folder + "/out.xml", "--format", "json"],
                                  stdoutFile: "/dev/full")
        #expect(report.status == 73)
        #expect(report.stderr.contains("<stdout>: error: cannot write: "))
    }
}

/// What the describing commands (show, diagram, diff, format) return for a document with errors: 0, since
/// they describe it as it is; judging it is validate's (and publish's and restore's) job.
@Suite("Exit codes of the describing commands for a document with errors")
struct DescribingExitCodeTests {
    static func broken() throws -> Data {
        let text = try String(contentsOfFile: paths.sample("enterprise-mirrored.xml"), encoding: .utf8)
        return Data(text.replacingOccurrences(of: "fe02.contoso.com", with: "fe_02.contoso.com").utf8)
    }

    @Test("validate says the document has errors (exit 1)")
    func validateFails() throws {
        let result = try lynctopo(["validate", "-"], stdin: Self.broken())
        #expect(result.status == 1)
        #expect(result.stdout.contains("[FQDN001]"))
    }

    @Test("show, diagram and format describe it and exit 0", arguments: [
        ["show", "-"], ["show", "-", "--format", "json"], ["diagram", "-"], ["diagram", "-", "--format", "mermaid"], ["format", "-"],
    ])
    func describe(arguments: [String]) throws {
        let result = try lynctopo(arguments, stdin: Self.broken())
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        #expect(!result.stdout.isEmpty)
    }

    @Test("diff compares it and exits 0; with --exit-code, 1 because there are changes")
    func diff() throws {
        let plain = try lynctopo(["diff", "topologies/enterprise-mirrored.xml", "-"], stdin: Self.broken())
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("fe_02.contoso.com"))
        let exitCode = try lynctopo(["diff", "topologies/enterprise-mirrored.xml", "-", "--exit-code"], stdin: Self.broken())
        #expect(exitCode.status == 1)
    }
}
