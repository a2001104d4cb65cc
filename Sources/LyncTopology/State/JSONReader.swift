// The JSON layer of the state files, hand-written: Foundation's JSONSerialization (and JSONDecoder) say neither
// the line nor the column of an error nor of a value, and every message of a state file needs both
// (`path:line:column: error: …`). It reads RFC 8259 strictly (checked against JSONTestSuite's documents by the
// tests): no comments, no trailing commas, no leading zeros, no unescaped control characters in strings.

/// A JSON document as values that keep their line and column.
struct JSONReader {
    /// One value and where it starts.
    struct Node: Sendable {
        indirect enum Kind: Sendable {
            case null, bool(Bool), number(String), string(String), array([Node]), object([(key: String, value: Node)])
        }
        var kind: Kind
        var line: Int
        var column: Int

        /// The kind of the value in words, for messages: "a number", "a list"…
        var kindName: String {
            switch kind {
            case .null: return "null"
            case .bool: return "a boolean"
            case .number: return "a number"
            case .string: return "a string"
            case .array: return "a list"
            case .object: return "an object"
            }
        }
    }

    /// Values nested deeper than this are refused (the reader recurses once per level).
    static let maxDepth = 64

    /// Parses one JSON document; an error is `.syntax` with the line and column where reading stopped.
    static func parse(_ text: String, path: String) throws(StateFileError) -> Node {
        var reader = JSONReader(scalars: Array(text.unicodeScalars), path: path)
        return try reader.parseDocument()
    }

    let scalars: [Unicode.Scalar]
    let path: String
    var position = 0
    var line = 1
    var lineStart = 0
    var depth = 0

    init(scalars: [Unicode.Scalar], path: String) {
        self.scalars = scalars
        self.path = path
    }

    var column: Int { position - lineStart + 1 }

    func fail(_ message: String) -> StateFileError {
        .syntax(path: path, line: line, column: column, message: "JSON: " + message)
    }

    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    /// Skips the four blanks of JSON (space, tab, LF, CR).
    mutating func skipBlanks() {
        while position < scalars.count {
            switch scalars[position] {
            case "\n":
                line += 1
                lineStart = position + 1
            case "\r":
                if position + 1 < scalars.count, scalars[position + 1] == "\n" { break }
                line += 1
                lineStart = position + 1
            case " ", "\t": break
            default: return
            }
            position += 1
        }
    }

    mutating func parseDocument() throws(StateFileError) -> Node {
        let value = try parseValue()
        skipBlanks()
        if let scalar = current { throw fail("unexpected '\(StateFile.printable(scalar))' after the end of the document") }
        return value
    }

    mutating func parseValue() throws(StateFileError) -> Node {
        skipBlanks()
        guard let scalar = current else { throw fail("unexpected end of the document") }
        let start = (line: line, column: column)
        func node(_ kind: Node.Kind) -> Node { Node(kind: kind, line: start.line, column: start.column) }
        switch scalar {
        case "{":
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { throw fail("nested more than \(Self.maxDepth) levels deep") }
            position += 1
            var pairs: [(key: String, value: Node)] = []
            skipBlanks()
            if current == "}" { position += 1; return node(.object(pairs)) }
            while true {
                skipBlanks()
                guard current == "\"" else { throw fail("expected a \"key\" in an object") }
                let key = try parseString()
                skipBlanks()
                guard current == ":" else { throw fail("expected ':' after a key") }
                position += 1
                pairs.append((key, try parseValue()))
                skipBlanks()
                guard let next = current else { throw fail("object is not closed (a '}' is missing)") }
                position += 1
                if next == "," { continue }
                if next == "}" { return node(.object(pairs)) }
                position -= 1
                throw fail("expected ',' or '}' in an object")
            }
        case "[":
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { throw fail("nested more than \(Self.maxDepth) levels deep") }
            position += 1
            var values: [Node] = []
            skipBlanks()
            if current == "]" { position += 1; return node(.array(values)) }
            while true {
                values.append(try parseValue())
                skipBlanks()
                guard let next = current else { throw fail("list is not closed (a ']' is missing)") }
                position += 1
                if next == "," { continue }
                if next == "]" { return node(.array(values)) }
                position -= 1
                throw fail("expected ',' or ']' in a list")
            }
        case "\"":
            return node(.string(try parseString()))
        case "t": try literal("true"); return node(.bool(true))
        case "f": try literal("false"); return node(.bool(false))
        case "n": try literal("null"); return node(.null)
        case "-", "0"..."9":
            return node(.number(try parseNumber()))
        default:
            throw fail("unexpected '\(StateFile.printable(scalar))'")
        }
    }

    mutating func literal(_ word: String) throws(StateFileError) {
        for expected in word.unicodeScalars {
            guard current == expected else {
                throw fail(current.map { "unexpected '\(StateFile.printable($0))' (expected '\(word)')" } ?? "unexpected end of the document (expected '\(word)')")
            }
            position += 1
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
    mutating func parseNumber() throws(StateFileError) -> String {
        let start = position
        func isDigit(_ scalar: Unicode.Scalar?) -> Bool { scalar.map { $0 >= "0" && $0 <= "9" } ?? false }
        func digits() throws(StateFileError) {
            guard isDigit(current) else {
                throw fail(current.map { "unexpected '\(StateFile.printable($0))' in a number (a digit is expected)" } ?? "unexpected end of the document in a number")
            }
            while isDigit(current) { position += 1 }
        }
        if current == "-" { position += 1 }
        if current == "0" {
            position += 1
        } else {
            try digits()
        }
        if current == "." {
            position += 1
            try digits()
        }
        if current == "e" || current == "E" {
            position += 1
            if current == "+" || current == "-" { position += 1 }
            try digits()
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<position])
        return String(text)
    }

    mutating func parseString() throws(StateFileError) -> String {
        position += 1   // the opening quote
        var out = String.UnicodeScalarView()
        while let scalar = current {
            switch scalar {
            case "\"":
                position += 1
                return String(out)
            case "\\":
                position += 1
                guard let escape = current else { throw fail("string is not closed (a '\"' is missing)") }
                switch escape {
                case "\"", "\\", "/": out.append(escape)
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    position += 1
                    var unit = try hex4()
                    if (0xD800..<0xDC00).contains(unit), position + 1 < scalars.count, scalars[position] == "\\", scalars[position + 1] == "u" {
                        position += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair in a string") }
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let decoded = Unicode.Scalar(unit) else { throw fail("\\u escape of a lone surrogate in a string") }
                    out.append(decoded)
                    continue
                default: throw fail("invalid escape '\\\(StateFile.printable(escape))' in a string")
                }
                position += 1
            default:
                if scalar.value < 0x20 { throw fail("control character \(StateFile.printable(scalar)) inside a string (write it as an escape)") }
                out.append(scalar)
                position += 1
            }
        }
        throw fail("string is not closed (a '\"' is missing)")
    }

    /// Four hexadecimal digits.
    mutating func hex4() throws(StateFileError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let scalar = current, let digit = scalar.properties.isASCIIHexDigit ? Int(String(scalar), radix: 16) : nil else {
                throw fail("a \\u escape needs four hexadecimal digits")
            }
            value = value * 16 + UInt32(digit)
            position += 1
        }
        return value
    }
}
