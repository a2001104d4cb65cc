import Testing
@testable import LyncTopology

/// Mutated real documents: every mutant either reads or fails with a located `TopologyError`; whatever
/// reads goes through the whole pipeline (`FuzzPipeline`) without trapping.
@Suite("Mutated documents")
struct MutationTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let documents = [
        "topologies/standard-edition.xml", "topologies/enterprise-mirrored.xml",
        "topologies/two-sites-archiving-monitoring.xml", "topologies/pool-edit.tbxml",
        "topologies/alwayson-pool.xml", "topologies/paired-sites-standby-cms.xml", "topologies/new-design.tbxml",
    ]

    static let interesting: [[UInt8]] = ["<", ">", "&", "\"", "'", "/", "=", "<!DOCTYPE x>", "&amp;", "]]>", "<!--", "\u{0}",
                                         "xmlns=\"\"", "Usage=\"Mirror\"", "<?xml", "\r\n", "é"].map { Array($0.utf8) }

    static func mutate(_ bytes: [UInt8], _ generator: inout SplitMix) -> [UInt8] {
        var bytes = bytes
        let edits = Int.random(in: 1...4, using: &generator)
        for _ in 0..<edits where !bytes.isEmpty {
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            case 1: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...64, using: &generator)))
            case 2: bytes.insert(contentsOf: interesting[Int.random(in: 0..<interesting.count, using: &generator)], at: position)
            case 3: bytes = Array(bytes[..<position])
            default:
                let length = min(Int.random(in: 1...200, using: &generator), bytes.count - position)
                let copy = Array(bytes[position..<(position + length)])
                bytes.insert(contentsOf: copy, at: Int.random(in: 0..<bytes.count, using: &generator))
            }
        }
        return bytes
    }

    @Test("a mutant reads, or fails with a located error; nothing traps", arguments: documents)
    func mutants(path: String) throws {
        let original = try FileIO.read(path: paths.packageRoot + "/" + path, limit: 1 << 24)
        var generator = SplitMix(state: UInt64(truncatingIfNeeded: path.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
        var readable = 0
        for _ in 0..<150 {
            let mutant = Self.mutate(original, &generator)
            if let error = FuzzPipeline.run(mutant) {
                if case .unreadable(_, let message, let location, _) = error {
                    #expect(location.line >= 1 && location.column >= 1)
                    #expect(!message.isEmpty)
                } else {
                    Issue.record("unexpected error kind: \(error)")
                }
            } else {
                readable += 1
            }
        }
        #expect(readable > 0, "some mutants stay readable and exercise the planners")
    }
}
