/// Where the `UniqueId`s of objects added to a Topology Builder file come from. Topology Builder gives new
/// objects random GUIDs; tests want the same document every run, so a deterministic sequence can be chosen.
/// Either way an id already present in the document is never handed out again.
public struct UniqueIDGenerator: Sendable, Hashable {
    enum Source: Sendable, Hashable {
        case random
        case sequential(seed: UInt32, next: UInt64)
    }

    var source: Source

    /// Random version-4 GUIDs, as Topology Builder writes them (lowercase).
    public static let random = UniqueIDGenerator(source: .random)

    /// `00000000-0000-4000-8000-000000000001`, `…0002`, …; `seed` goes into the first group, so that two
    /// generators can be told apart.
    public static func sequential(seed: UInt32 = 0) -> UniqueIDGenerator {
        UniqueIDGenerator(source: .sequential(seed: seed, next: 1))
    }

    /// The next id not in `taken` (compared case-insensitively).
    public mutating func next(avoiding taken: Set<String> = []) -> String {
        while true {
            let candidate: String
            switch source {
            case .random:
                var generator = SystemRandomNumberGenerator()
                var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
                bytes[6] = (bytes[6] & 0x0F) | 0x40
                bytes[8] = (bytes[8] & 0x3F) | 0x80
                candidate = Self.format(bytes)
            case .sequential(let seed, let next):
                source = .sequential(seed: seed, next: next &+ 1)
                var bytes = [UInt8](repeating: 0, count: 16)
                for index in 0..<4 { bytes[index] = UInt8(truncatingIfNeeded: seed >> (24 - 8 * UInt32(index))) }
                bytes[6] = 0x40
                bytes[8] = 0x80
                for index in 0..<6 { bytes[10 + index] = UInt8(truncatingIfNeeded: next >> (40 - 8 * UInt64(index))) }
                candidate = Self.format(bytes)
            }
            if !taken.contains(candidate.lowercased()) { return candidate }
        }
    }

    static func format(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append("-") }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
