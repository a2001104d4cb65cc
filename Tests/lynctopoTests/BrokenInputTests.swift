import Foundation
import Testing

/// Every subcommand, given each broken or hostile input, exits with the documented code and a
/// `path:line:column: error:` message; none ends by a signal.
@Suite("Broken input, every subcommand")
struct BrokenInputTests {
    static let fixtures: [(name: String, line: Int)] = [
        ("truncated.xml", 4), ("xxe-external-entity.xml", 2), ("billion-laughs.xml", 2), ("external-dtd.xml", 2),
        ("wrong-root.xml", 2), ("malformed-attribute.xml", 3), ("empty.xml", 1), ("whitespace-only.xml", 1),
        ("binary-garbage.bin", 1), ("absurd-nesting.xml", 1), ("unconvertible-ucs4.xml", 1),
    ]

    /// Each subcommand's argument list around the input path.
    static let commands: [(String, @Sendable (String) -> [String])] = [
        ("show", { ["show", $0] }),
        ("show json", { ["show", $0, "--format", "json"] }),
        ("validate", { ["validate", $0] }),
        ("validate sarif", { ["validate", $0, "--format", "sarif"] }),
        ("publish", { ["publish", $0] }),
        ("restore", { ["restore", $0, "--failed", "sql01.contoso.com"] }),
        ("restore ps1", { ["restore", $0, "--failed", "sql01.contoso.com", "--format", "ps1"] }),
        ("diff as old", { ["diff", $0, "topologies/enterprise-mirrored.xml"] }),
        ("diff as new", { ["diff", "topologies/enterprise-mirrored.xml", $0] }),
        ("diff alone", { ["diff", $0] }),
        ("diagram", { ["diagram", $0] }),
        ("diagram mermaid", { ["diagram", $0, "--format", "mermaid"] }),
        ("format", { ["format", $0] }),
    ]

    @Test("exit 65 with path:line:column, nothing on standard output", arguments: fixtures.map(\.name))
    func brokenInput(name: String) throws {
        let line = try #require(Self.fixtures.first { $0.name == name }?.line)
        let path = "Tests/LyncTopologyTests/Fixtures/" + name
        for (label, arguments) in Self.commands {
            let result = try lynctopo(arguments(path))
            #expect(!result.signaled, "\(label)")
            #expect(result.status == 65, "\(label): \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix("\(path):\(line):"), "\(label): \(result.stderr)")
            #expect(result.stderr.contains(": error: "), "\(label)")
            #expect(result.stdout.isEmpty, "\(label)")
        }
    }

    @Test("a document libxml2 cannot convert from the encoding it detected: one message, no line quoted")
    func unconvertibleQuotesNoLine() throws {
        // `<` and seven NULs reads as UCS-4; decoded here, the same bytes would quote as CJK mojibake.
        let path = "Tests/LyncTopologyTests/Fixtures/unconvertible-ucs4.xml"
        let result = try lynctopo(["validate", path])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("\(path):1:1: error: "), "\(result.stderr)")
        #expect(result.stderr.contains("input conversion failed"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test("a missing input exits 66 for every subcommand")
    func missingInput() throws {
        for (label, arguments) in Self.commands {
            let result = try lynctopo(arguments("no/such/file.xml"))
            #expect(result.status == 66, "\(label): \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix("no/such/file.xml: error: cannot open"), "\(label)")
        }
    }

    @Test("a 1 GB input is refused by its size, not loaded")
    func hugeInput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lynctopo-huge-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.xml").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("<Topology>".utf8)))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 1 << 30)   // sparse: no gigabyte is written to disk
        try handle.close()
        let result = try lynctopo(["show", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("larger than"))
        #expect(result.stderr.hasPrefix("\(path):1:1: error:"))
    }

    @Test("a directory given as input exits 66")
    func directoryInput() throws {
        let result = try lynctopo(["show", "topologies"])
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("topologies: error: cannot open"))
    }
}
