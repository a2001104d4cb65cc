import Foundation
import Testing
@testable import LyncTopology

@Suite("JSON rendering")
struct JSONRenderingTests {
    @Test("plain strings are copied, others escaped, in objects and arrays at any depth")
    func escaping() {
        let value: JSONValue = .object([
            ("plain", "pool01.contoso.com"),
            ("quoted", .string("a \"b\" \\ c\n\t\r\u{01}\u{2028}é")),
            ("nested", .array([.object([("deep", .array([1, "x"]))]), .null, .bool(true)])),
            ("empty", .object([])), ("none", .array([])),
        ])
        #expect(value.rendered() == """
            {
              "plain": "pool01.contoso.com",
              "quoted": "a \\"b\\" \\\\ c\\n\\t\\r\\u0001\\u2028é",
              "nested": [
                {
                  "deep": [1, "x"]
                },
                null,
                true
              ],
              "empty": {},
              "none": []
            }
            """)
    }

    @Test("the word-at-a-time test finds every byte that needs escaping, at every position, and no other")
    func escapingTestAtEveryPosition() {
        func naive(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 } }
        // Every byte value at every position of strings of 1 to 19 bytes, among plain bytes that lie next to the
        // ones to find (0x20, 0x21, 0x23, 0x5B, 0x5D, 0xE1, 0xE3, 0x7F, 0x80, 0xFF), so that a borrow or a near
        // miss between bytes would show.
        let neighbours: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0xE1, 0xE3, 0x7F, 0x80, 0xFF, 0x61]
        var checked = 0
        for length in 1...19 {
            for position in 0..<length {
                for value in 0...255 {
                    for filler in neighbours {
                        var bytes = [UInt8](repeating: filler, count: length)
                        bytes[position] = UInt8(value)
                        let found = bytes.withUnsafeBufferPointer { JSONValue.needsEscaping($0) }
                        if found != naive(bytes) { Issue.record("\(bytes): \(found)"); return }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 190 * 256 * 11)
    }

    @Test("deep nesting is indented two spaces a level")
    func deepIndentation() {
        var value: JSONValue = "leaf"
        for _ in 0..<10 { value = .object([("k", value)]) }
        let lines = value.rendered().split(separator: "\n")
        #expect(lines[10] == Substring(String(repeating: "  ", count: 10) + "\"k\": \"leaf\""))
    }
}

@Suite("show rendering of large and port-less topologies")
struct ShowRenderingTests {
    /// The mirrored sample with every `@MirroringPort` removed: partners and the witness take the defaults.
    static func withoutPorts() throws -> TopologyDocument {
        let bytes = try FileIO.read(path: paths.sample("enterprise-mirrored.xml"), limit: 1 << 24)
        var text = String(decoding: bytes, as: UTF8.self)
        for port in ["5022", "7022"] { text = text.replacingAll(" MirroringPort=\"\(port)\"", with: "") }
        return try TopologyDocument(bytes: Array(text.utf8), path: "no-ports.xml")
    }

    @Test("instances without a written port show the default of their part in mirroring")
    func defaultPorts() throws {
        let document = try Self.withoutPorts()
        #expect(document.topology.sqlInstances.allSatisfy { $0.mirroringPort == nil })
        guard case .array(let instances)? = ShowRendering.json(document)["sqlInstances"] else {
            Issue.record("no sqlInstances"); return
        }
        #expect(instances.map { $0["mirroringPort"] } == [.int(5022), .int(5022), .int(7022)])
        #expect(document.topology.sqlInstances.map { document.topology.mirroringPort(of: $0) } == [5022, 5022, 7022])
        let text = ShowRendering.text(document)
        #expect(text.contains("SQL instance witness, mirroring port 7022"))
        #expect(text.contains("SQL instance rtc, mirroring port 5022"))
    }

    @Test("stores are listed under their SQL instance, instances in the order of their first store")
    func storesGrouped() throws {
        let text = ShowRendering.text(try sample("two-sites-archiving-monitoring.xml"))
        let section = try #require(text.components(separatedBy: "\nSQL stores\n").last)
        let instances = section.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("    ") }
        #expect(instances.count == Set(instances).count, "each instance once")
        #expect(instances.count == 3)
    }
}
