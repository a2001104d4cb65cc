/// A JSON value whose objects keep their key order, so that output is stable and reads in the order of the
/// command-line contract.
public indirect enum JSONValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }

    public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    public static func int(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .int(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .array(let values): hasher.combine(values)
        case .object(let pairs): for (key, value) in pairs { hasher.combine(key); hasher.combine(value) }
        }
    }

    /// The value of `key` in an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    /// Indented JSON text (two spaces), ending without a newline.
    public func rendered(indent: Int = 0) -> String {
        var out = JSONBytes(capacity: 4096)
        write(into: &out, level: indent)
        return out.string()
    }

    /// Indented JSON text as UTF-8 bytes, with a final newline: what a command prints, without building a
    /// `String` of a large document first.
    public func renderedLine() -> [UInt8] {
        var out = JSONBytes(capacity: 4096)
        if case .object(let pairs) = self, pairs.count > 1 {
            // The members of the outer object (a plan's pages, a model's lists) are written side by side, then
            // joined as `write` joins them.
            let members = Parallel.map(pairs.count) { index -> [UInt8] in
                var member = JSONBytes(capacity: 4096)
                pairs[index].1.write(into: &member, level: 1)
                return member.array()
            }
            out.reserve(members.reduce(16) { $0 + $1.count + 64 })
            Self.writeObject(pairs, level: 0, into: &out) { index, out in
                members[index].withUnsafeBufferPointer { out.append($0) }
            }
        } else {
            write(into: &out, level: 0)
        }
        out.append(0x0A)
        return out.array()
    }

    func write(into out: inout String, level: Int) {
        var bytes = JSONBytes(capacity: 4096)
        write(into: &bytes, level: level)
        out += bytes.string()
    }

    /// True for a string or a number: arrays of these are written on one line.
    var isScalarLike: Bool {
        switch self {
        case .string, .int: return true
        default: return false
        }
    }

    func write(into out: inout JSONBytes, level: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): out.append(decimal: value)
        case .string(let value): Self.escape(value, into: &out)
        case .array(let values):
            if values.isEmpty { out.append("[]"); return }
            let last = values.count - 1
            if values.allSatisfy(\.isScalarLike) {
                out.append(0x5B)
                for index in values.indices {
                    if index > 0 { out.append(", ") }
                    values[index].write(into: &out, level: level)
                }
                out.append(0x5D)
                return
            }
            out.append("[\n")
            for index in values.indices {
                out.append(spaces: 2 * (level + 1))
                values[index].write(into: &out, level: level + 1)
                out.append(index == last ? "\n" : ",\n")
            }
            out.append(spaces: 2 * level)
            out.append(0x5D)
        case .object(let pairs):
            Self.writeObject(pairs, level: level, into: &out) { index, out in pairs[index].1.write(into: &out, level: level + 1) }
        }
    }

    /// Writes an object's braces, keys and separators; `member` writes the value of the member at an index.
    static func writeObject(_ pairs: [(String, JSONValue)], level: Int, into out: inout JSONBytes,
                            member: (Int, inout JSONBytes) -> Void) {
        if pairs.isEmpty { out.append("{}"); return }
        out.append("{\n")
        for index in pairs.indices {
            out.append(spaces: 2 * (level + 1))
            escape(pairs[index].0, into: &out)
            out.append(": ")
            member(index, &out)
            out.append(index == pairs.count - 1 ? "\n" : ",\n")
        }
        out.append(spaces: 2 * level)
        out.append(0x7D)
    }

    /// Writes a string between quotes; a string with no quote, backslash, control character or line or
    /// paragraph separator (U+2028, U+2029, which start with the byte 0xE2) is copied as it is.
    static func escape(_ text: String, into out: inout JSONBytes) {
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            if needsEscaping(bytes) { return false }
            out.reserve(bytes.count + 2)
            out.append(0x22)
            out.append(bytes)
            out.append(0x22)
            return true
        }
        if plain == true { return }
        var escaped = ""
        escape(text, into: &escaped)
        escaped.withUTF8 { out.append($0) }
    }

    /// True when `bytes` hold a byte below 0x20, a quote, a backslash or 0xE2; eight bytes at a time (about a
    /// fifth of the instructions of testing each byte, on the millions of strings of a large plan).
    static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // Exact tests for "some byte is zero" and "some byte is below n" (n ≤ 0x80): a false positive can occur
        // only in a byte after a true one, so the answer for the word is right.
        @inline(__always) func hasZero(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if (word &- 0x20 &* ones) & ~word & highs != 0 || hasZero(word ^ (0x22 &* ones)) || hasZero(word ^ (0x5C &* ones))
                || hasZero(word ^ (0xE2 &* ones)) {
                return true
            }
            offset += 8
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 { return true }
            offset += 1
        }
        return false
    }

    static func escape(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// The bytes of JSON text being written: a `ByteBuffer` released with the value, and the pieces JSON is
/// written in. Appending to an `[UInt8]` costs about 70 instructions for each key, quote or indentation, a
/// good part of writing `publish --format json` on a generated document (25 M of 318 M instructions on 2 MB).
struct JSONBytes: ~Copyable {
    private var buffer: ByteBuffer

    init(capacity: Int) {
        buffer = ByteBuffer(capacity: capacity)
    }

    deinit {
        var owned = buffer
        owned.release()
    }

    /// Room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        buffer.reserve(extra)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        buffer.append(byte)
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(bytes)
    }

    mutating func append(_ text: StaticString) {
        buffer.append(text.utf8Start, text.utf8CodeUnitCount)
    }

    mutating func append(spaces: Int) {
        buffer.append(repeating: 0x20, count: spaces)
    }

    /// An integer in decimal, as `String(value)` writes it.
    mutating func append(decimal value: Int) {
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: room for 20 digits and a sign
        withUnsafeMutableBytes(of: &digits) { digits in
            var index = digits.count
            repeat {
                index -= 1
                digits[index] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { index -= 1; digits[index] = 0x2D }
            buffer.append(digits.baseAddress!.advanced(by: index).assumingMemoryBound(to: UInt8.self), digits.count - index)
        }
    }

    /// The bytes written, as an array.
    consuming func array() -> [UInt8] {
        [UInt8](buffer.bytes)
    }

    /// The bytes written, as a string.
    consuming func string() -> String {
        String(decoding: buffer.bytes, as: UTF8.self)
    }
}
