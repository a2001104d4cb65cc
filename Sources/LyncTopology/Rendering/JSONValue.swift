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
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, level: indent)
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented JSON text as UTF-8 bytes, with a final newline: what a command prints, without building a
    /// `String` of a large document first.
    public func renderedLine() -> [UInt8] {
        var out: [UInt8] = []
        if case .object(let pairs) = self, pairs.count > 1 {
            // The members of the outer object (a plan's pages, a model's lists) are written side by side, then
            // joined as `write` joins them.
            let members = Parallel.map(pairs.count) { index -> [UInt8] in
                var member: [UInt8] = []
                pairs[index].1.write(into: &member, level: 1)
                return member
            }
            out.reserveCapacity(members.reduce(16) { $0 + $1.count + 64 })
            Self.writeObject(pairs, level: 0, into: &out) { index, out in out.append(contentsOf: members[index]) }
        } else {
            write(into: &out, level: 0)
        }
        out.append(0x0A)
        return out
    }

    static func indent(_ level: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(0x20, count: 2 * level))
    }

    static func append(_ text: StaticString, into out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    func write(into out: inout String, level: Int) {
        var bytes: [UInt8] = []
        write(into: &bytes, level: level)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// True for a string or a number: arrays of these are written on one line.
    var isScalarLike: Bool {
        switch self {
        case .string, .int: return true
        default: return false
        }
    }

    /// Writes UTF-8 into a byte buffer: appending bytes costs less than appending to a `String`.
    func write(into out: inout [UInt8], level: Int) {
        switch self {
        case .null: Self.append("null", into: &out)
        case .bool(let value): Self.append(value ? "true" : "false", into: &out)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): Self.escape(value, into: &out)
        case .array(let values):
            if values.isEmpty { Self.append("[]", into: &out); return }
            let last = values.count - 1
            if values.allSatisfy(\.isScalarLike) {
                out.append(0x5B)
                for index in values.indices {
                    if index > 0 { Self.append(", ", into: &out) }
                    values[index].write(into: &out, level: level)
                }
                out.append(0x5D)
                return
            }
            Self.append("[\n", into: &out)
            for index in values.indices {
                Self.indent(level + 1, into: &out)
                values[index].write(into: &out, level: level + 1)
                Self.append(index == last ? "\n" : ",\n", into: &out)
            }
            Self.indent(level, into: &out)
            out.append(0x5D)
        case .object(let pairs):
            Self.writeObject(pairs, level: level, into: &out) { index, out in pairs[index].1.write(into: &out, level: level + 1) }
        }
    }

    /// Writes an object's braces, keys and separators; `member` writes the value of the member at an index.
    static func writeObject(_ pairs: [(String, JSONValue)], level: Int, into out: inout [UInt8],
                            member: (Int, inout [UInt8]) -> Void) {
        if pairs.isEmpty { append("{}", into: &out); return }
        append("{\n", into: &out)
        for index in pairs.indices {
            indent(level + 1, into: &out)
            escape(pairs[index].0, into: &out)
            append(": ", into: &out)
            member(index, &out)
            append(index == pairs.count - 1 ? "\n" : ",\n", into: &out)
        }
        indent(level, into: &out)
        out.append(0x7D)
    }

    /// Writes a string between quotes; a string with no quote, backslash, control character or line or
    /// paragraph separator (U+2028, U+2029, which start with the byte 0xE2) is copied as it is.
    static func escape(_ text: String, into out: inout [UInt8]) {
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 { return false }
            out.append(0x22)
            out.append(contentsOf: bytes)
            out.append(0x22)
            return true
        }
        if plain == true { return }
        var escaped = ""
        escape(text, into: &escaped)
        out.append(contentsOf: escaped.utf8)
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
