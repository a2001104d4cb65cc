import Foundation
import Testing

/// The benchmark's generator (`Benchmarks/generate.py`) must write topologies that read clean.
@Suite("Generated benchmark topologies")
struct GeneratedTopologyTests {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func generate(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/python3")
        process.arguments = [paths.packageRoot + "/Benchmarks/generate.py"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test("a generated topology is read with no findings: mirrored back ends, witnesses, file stores, one CMS",
          .enabled(if: python != nil, "needs python3"))
    func clean() throws {
        let bytes = try Self.generate(["--sites", "2", "--pools", "3", "--front-ends", "2", "--seed", "7"])
        let result = try lynctopo(["show", "-", "--format", "json"], stdin: bytes)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        #expect((object["findings"] as? [Any])?.isEmpty == true, "\(result.stdout.suffix(2000))")
        let pools = try #require(object["pools"] as? [[String: Any]])
        #expect(pools.filter { $0["kind"] as? String == "enterprise" }.count == 6)
        #expect(Set(pools.compactMap { $0["fqdn"] as? String }).count == pools.count, "FQDNs are unique")
        let stores = try #require(object["stores"] as? [[String: Any]])
        #expect(stores.count == 2 * 6 + 1, "User and Application store per pool, and the CMS store")
        #expect(stores.allSatisfy { $0["mirror"] is [String: Any] && $0["witness"] is [String: Any] })
        let cms = try #require(object["centralManagementServer"] as? [String: Any])
        #expect(cms["pool"] as? String == "pool-s01-p001.contoso.com")
    }

    @Test("the same shape and seed give the same bytes; UTF-16LE output reads the same",
          .enabled(if: python != nil, "needs python3"))
    func deterministic() throws {
        let arguments = ["--sites", "1", "--pools", "2", "--front-ends", "3", "--seed", "3"]
        let first = try Self.generate(arguments)
        #expect(first == (try Self.generate(arguments)))
        #expect(first != (try Self.generate(["--sites", "1", "--pools", "2", "--front-ends", "3", "--seed", "4"])))
        let utf16 = try Self.generate(arguments + ["--encoding", "utf-16le"])
        let a = try lynctopo(["show", "-", "--format", "json"], stdin: first)
        let b = try lynctopo(["show", "-", "--format", "json"], stdin: utf16)
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
    }
}
