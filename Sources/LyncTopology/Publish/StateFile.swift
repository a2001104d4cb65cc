/// Why a state file (`--state FILE`) could not be read.
public enum StateFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case cannotOpen(path: String, reason: String)
    /// The file is not a readable state file: not text, not CSV or JSON, a required column missing…
    case malformed(path: String, line: Int, message: String)

    /// `path: error: cannot open: …` or `path:line: error: …`.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "\(path): error: cannot open state file: \(reason)"
        case .malformed(let path, let line, let message): return "\(path):\(line): error: \(message)"
        }
    }
}

/// The "what exists now" input of a publish simulation (domain.md §8): the CSV that
/// `Test-CsDatabase -ConfiguredDatabases -SqlServerFqdn … | Export-Csv -NoTypeInformation` writes, or a JSON list
/// of `{sqlServer, instance, database}` records (the output of `… | ConvertTo-Json` is read too).
///
/// Known unknown (domain.md §8): the exact column names of the Test-CsDatabase export were taken from the
/// product's output objects, not from a real export. They are listed in `Field` and nowhere else; header names
/// and JSON keys match case-insensitively, in any order.
public enum StateFile {
    /// A column of the CSV (or a key of a JSON record) that the reader understands.
    public enum Field: String, Sendable, CaseIterable {
        case sqlServer, instance, database, dataSource, installedVersion, succeed, exists

        /// The header names (and JSON keys) accepted for the field, compared case-insensitively.
        public var names: [String] {
            switch self {
            case .sqlServer: return ["SqlServerFqdn", "sqlServer"]
            case .instance: return ["SqlInstanceName", "instance"]
            case .database: return ["DatabaseName", "database"]
            case .dataSource: return ["DataSource"]
            case .installedVersion: return ["InstalledVersion"]
            case .succeed: return ["Succeed"]
            case .exists: return ["exists"]
            }
        }

        /// The name printed in messages (the Test-CsDatabase column name).
        public var displayName: String { names[0] }

        /// The fields a record cannot do without.
        public static let required: [Field] = [.sqlServer, .database]

        static func named(_ name: String) -> Field? {
            let key = trim(name).lowercased()
            return allCases.first { field in field.names.contains { $0.lowercased() == key } }
        }
    }

    /// The largest state file read.
    public static let maxBytes = 1 << 26

    /// Reads a state file (or standard input for "-") into the records of `ExistingDatabases`.
    public static func load(path: String) throws(StateFileError) -> ExistingDatabases {
        let display = path == "-" ? "<stdin>" : path
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path: path, limit: maxBytes)
        } catch {
            switch error {
            case .tooLarge(let size):
                throw .malformed(path: display, line: 1, message: "state file is larger than \(maxBytes) bytes (at least \(size)); refused")
            case .cannotOpen(let reason), .cannotWrite(let reason):
                throw .cannotOpen(path: display, reason: reason)
            }
        }
        return ExistingDatabases(source: .stateFile(path: display), records: try parse(bytes, path: display))
    }

    /// Parses the bytes of a state file: JSON when the first character is `[` or `{`, CSV otherwise.
    /// UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are accepted.
    public static func parse(_ bytes: [UInt8], path: String) throws(StateFileError) -> [ExistingDatabases.Record] {
        let text = try decodeText(bytes, path: path)
        let first = text.unicodeScalars.first { !$0.properties.isWhitespace }
        if first == "[" || first == "{" { return try parseJSON(text, path: path) }
        return try parseCSV(text, path: path)
    }

    // MARK: Text

    static func decodeText(_ bytes: [UInt8], path: String) throws(StateFileError) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return try utf8(bytes.dropFirst(3), path: path) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = 2
            while index + 1 < bytes.count {
                let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
                units.append(littleEndian ? a | b << 8 : a << 8 | b)
                index += 2
            }
            if index < bytes.count { throw .malformed(path: path, line: 1, message: "UTF-16 state file has an odd number of bytes") }
            var scalars = String.UnicodeScalarView()
            var decoder = UTF16()
            var iterator = units.makeIterator()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): scalars.append(scalar)
                case .emptyInput: break loop
                case .error: throw .malformed(path: path, line: 1, message: "state file is not valid UTF-16 text")
                }
            }
            return String(scalars)
        }
        return try utf8(bytes[...], path: path)
    }

    static func utf8(_ bytes: ArraySlice<UInt8>, path: String) throws(StateFileError) -> String {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1 }
                scalars.append(scalar)
            case .emptyInput: return String(scalars)
            case .error: throw .malformed(path: path, line: line, message: "state file is not UTF-8 or UTF-16 text")
            }
        }
    }

    // MARK: CSV

    /// One CSV record: its fields and the line it starts on.
    struct CSVRow {
        var line: Int
        var fields: [String]
    }

    /// Splits CSV text into records (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks;
    /// lines end with CRLF, LF or CR). A quote inside an unquoted field is kept as a character.
    static func csvRows(_ text: String, path: String) throws(StateFileError) -> [CSVRow] {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var rows: [CSVRow] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var state = State.fieldStart
        var line = 1
        var rowLine = 1
        var quoteLine = 1
        var previousWasCR = false

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRow() {
            endField()
            rows.append(CSVRow(line: rowLine, fields: fields))
            fields = []
        }

        for scalar in text.unicodeScalars {
            let isNewline = scalar == "\n" || scalar == "\r"
            if scalar == "\n" && previousWasCR {
                // The LF of a CRLF: the record (or the quoted line break) was handled at the CR.
                previousWasCR = false
                if state == .quoted { field.append(scalar) }
                continue
            }
            previousWasCR = scalar == "\r"
            switch state {
            case .fieldStart, .unquoted:
                if scalar == "," {
                    endField()
                    state = .fieldStart
                } else if isNewline {
                    endRow()
                    state = .fieldStart
                } else if scalar == "\"" && state == .fieldStart {
                    field = String.UnicodeScalarView()   // blanks before an opening quote are ignored
                    state = .quoted
                    quoteLine = line
                } else if (scalar == " " || scalar == "\t") && state == .fieldStart {
                    field.append(scalar)
                } else {
                    field.append(scalar)
                    state = .unquoted
                }
            case .quoted:
                if scalar == "\"" { state = .quoteInQuoted } else { field.append(scalar) }
            case .quoteInQuoted:
                if scalar == "\"" {
                    field.append(scalar)
                    state = .quoted
                } else if scalar == "," {
                    endField()
                    state = .fieldStart
                } else if isNewline {
                    endRow()
                    state = .fieldStart
                } else if scalar == " " || scalar == "\t" {
                    continue   // blanks after a closing quote are ignored
                } else {
                    throw .malformed(path: path, line: line,
                                     message: "unexpected character '\(printable(scalar))' after the closing quote of a field")
                }
            }
            if isNewline {
                line += 1
                if state == .fieldStart && fields.isEmpty { rowLine = line }
            }
        }
        switch state {
        case .quoted:
            throw .malformed(path: path, line: quoteLine, message: "quoted field is not closed (a '\"' is missing)")
        case .fieldStart:
            if !fields.isEmpty { endRow() }
        case .unquoted, .quoteInQuoted:
            endRow()
        }
        return rows
    }

    static func parseCSV(_ text: String, path: String) throws(StateFileError) -> [ExistingDatabases.Record] {
        let rows = try csvRows(text, path: path).filter { row in
            !(row.fields.count == 1 && trim(row.fields[0]).isEmpty)
        }
        // Windows PowerShell writes a "#TYPE …" line first unless -NoTypeInformation is given.
        var position = 0
        while position < rows.count, rows[position].fields.first?.hasPrefix("#") == true { position += 1 }
        guard position < rows.count else {
            throw .malformed(path: path, line: rows.last?.line ?? 1, message: "state file is empty: no header line")
        }
        let header = rows[position]
        var columns: [Field: Int] = [:]
        for (offset, name) in header.fields.enumerated() {
            if let field = Field.named(name), columns[field] == nil { columns[field] = offset }
        }
        let missing = Field.required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            let found = header.fields.map { trim($0) }.filter { !$0.isEmpty }
            throw .malformed(
                path: path, line: header.line,
                message: "state file has no \(missing.map(\.displayName).joined(separator: " or ")) column (columns found: \(found.isEmpty ? "none" : found.joined(separator: ", "))); expected the CSV of Test-CsDatabase | Export-Csv -NoTypeInformation or a JSON list of {sqlServer, instance, database}")
        }
        let hasStatus = columns[.succeed] != nil || columns[.installedVersion] != nil || columns[.exists] != nil
        var records: [ExistingDatabases.Record] = []
        for row in rows[(position + 1)...] {
            guard row.fields.count == header.fields.count else {
                throw .malformed(path: path, line: row.line,
                                 message: "row has \(row.fields.count) field\(row.fields.count == 1 ? "" : "s"), the header has \(header.fields.count)")
            }
            func value(_ field: Field) -> String? { columns[field].map { trim(row.fields[$0]) } }
            var status: Status = .listed
            if hasStatus {
                status = .reported(succeed: value(.succeed).map(isTrue), installedVersion: value(.installedVersion), exists: value(.exists).map(isTrue))
            }
            records.append(try record(server: value(.sqlServer), instance: value(.instance), dataSource: value(.dataSource),
                                      database: value(.database), status: status, line: row.line, path: path))
        }
        return records
    }

    // MARK: Records

    enum Status {
        /// A plain list: the record exists.
        case listed
        /// Test-CsDatabase's verdict: exists when `exists` says so, or `Succeed` is True, or a version is installed.
        case reported(succeed: Bool?, installedVersion: String?, exists: Bool?)

        var exists: Bool {
            switch self {
            case .listed: return true
            case .reported(let succeed, let installedVersion, let exists):
                if let exists { return exists }
                return succeed == true || !(installedVersion ?? "").isEmpty
            }
        }
    }

    static func isTrue(_ text: String) -> Bool {
        let value = trim(text).lowercased()
        return value == "true" || value == "1" || value == "yes"
    }

    /// One record, normalized: server without a trailing dot, `MSSQLSERVER` as the default instance "", the
    /// instance taken from `DataSource` (`server\instance`) or from `server\instance` in the server field when
    /// no instance column is given; with no instance at all, the record matches any instance of the server.
    static func record(server: String?, instance: String?, dataSource: String?, database: String?, status: Status,
                       line: Int, path: String) throws(StateFileError) -> ExistingDatabases.Record {
        guard var server = server, !server.isEmpty else {
            throw .malformed(path: path, line: line, message: "record has no \(Field.sqlServer.displayName)")
        }
        guard let database, !database.isEmpty else {
            throw .malformed(path: path, line: line, message: "record has no \(Field.database.displayName)")
        }
        var instanceName = instance
        if let slash = server.firstIndex(of: "\\") {
            if instanceName == nil || instanceName == "" { instanceName = String(server[server.index(after: slash)...]) }
            server = String(server[..<slash])
        }
        if instanceName == nil, let dataSource, !dataSource.isEmpty {
            var source = Substring(dataSource)
            if let comma = source.firstIndex(of: ",") { source = source[..<comma] }   // server\instance,port
            instanceName = source.firstIndex(of: "\\").map { String(source[source.index(after: $0)...]) } ?? ""
        }
        if server.hasSuffix(".") { server.removeLast() }
        var record = ExistingDatabases.Record(sqlServer: server, instance: normalizedInstance(instanceName ?? ""),
                                              database: database, exists: status.exists)
        record.anyInstance = instanceName == nil
        record.line = line
        return record
    }

    /// "" for the default instance (also written `MSSQLSERVER`), the name otherwise.
    static func normalizedInstance(_ name: String) -> String {
        var copy = name
        // An ASCII name with nothing to trim (the usual case) is compared in place.
        let plain: Bool? = copy.withUTF8 { bytes -> Bool? in
            guard let first = bytes.first, let last = bytes.last else { return false }
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
            if isSpace(first) || isSpace(last) || bytes.contains(where: { $0 >= 0x80 }) { return nil }
            return bytes.count == 11 && zip(bytes, "MSSQLSERVER".utf8).allSatisfy { ($0 & 0xDF) == $1 }
        }
        if let plain { return plain ? "" : name }
        let trimmed = trim(name)
        return trimmed.uppercased() == "MSSQLSERVER" ? "" : trimmed
    }

    /// The text without leading and trailing spaces, tabs and line breaks.
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }

    static func printable(_ scalar: Unicode.Scalar) -> String {
        scalar.value < 0x20 || scalar.value == 0x7F ? "U+" + String(scalar.value, radix: 16, uppercase: true) : String(scalar)
    }

    // MARK: JSON

    static func parseJSON(_ text: String, path: String) throws(StateFileError) -> [ExistingDatabases.Record] {
        var parser = JSONParser(scalars: Array(text.unicodeScalars), path: path)
        let root = try parser.parseDocument()
        let items: [JSONParser.Value]
        switch root.kind {
        case .array(let values): items = values
        case .object: items = [root]   // ConvertTo-Json writes a lone record as an object
        default: throw .malformed(path: path, line: root.line, message: "a JSON state file is a list of {sqlServer, instance, database} records")
        }
        var records: [ExistingDatabases.Record] = []
        for item in items {
            guard case .object(let pairs) = item.kind else {
                throw .malformed(path: path, line: item.line, message: "a state record is a JSON object {sqlServer, instance, database}")
            }
            var values: [Field: JSONParser.Value] = [:]
            for (key, value) in pairs {
                if let field = Field.named(key), values[field] == nil { values[field] = value }
            }
            func text(_ field: Field) throws(StateFileError) -> String? {
                guard let value = values[field] else { return nil }
                switch value.kind {
                case .string(let string): return trim(string)
                case .number(let number): return number
                case .bool(let flag): return flag ? "True" : "False"
                case .null: return nil
                case .array, .object:
                    throw .malformed(path: path, line: value.line, message: "\(field.displayName) of a state record is not a string")
                }
            }
            for field in Field.required where values[field] == nil {
                throw .malformed(path: path, line: item.line, message: "state record has no \(field.rawValue) (\(field.displayName))")
            }
            var status: Status = .listed
            if values[.succeed] != nil || values[.installedVersion] != nil || values[.exists] != nil {
                status = .reported(succeed: try text(.succeed).map(isTrue), installedVersion: try text(.installedVersion),
                                   exists: try text(.exists).map(isTrue))
            }
            records.append(try record(server: try text(.sqlServer), instance: try text(.instance), dataSource: try text(.dataSource),
                                      database: try text(.database), status: status, line: item.line, path: path))
        }
        return records
    }

    /// A small JSON reader that keeps the line of every value, for messages.
    struct JSONParser {
        struct Value {
            indirect enum Kind {
                case null, bool(Bool), number(String), string(String), array([Value]), object([(String, Value)])
            }
            var kind: Kind
            var line: Int
        }

        let scalars: [Unicode.Scalar]
        let path: String
        var position = 0
        var line = 1
        var depth = 0
        static let maxDepth = 64

        init(scalars: [Unicode.Scalar], path: String) {
            self.scalars = scalars
            self.path = path
        }

        func fail(_ message: String) -> StateFileError { .malformed(path: path, line: line, message: "JSON: " + message) }

        mutating func skipBlanks() {
            while position < scalars.count {
                let scalar = scalars[position]
                if scalar == "\n" { line += 1 } else if !(scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\u{FEFF}") { return }
                position += 1
            }
        }

        mutating func parseDocument() throws(StateFileError) -> Value {
            let value = try parseValue()
            skipBlanks()
            if position < scalars.count { throw fail("unexpected '\(StateFile.printable(scalars[position]))' after the end of the document") }
            return value
        }

        mutating func parseValue() throws(StateFileError) -> Value {
            skipBlanks()
            guard position < scalars.count else { throw fail("unexpected end of the document") }
            let start = line
            switch scalars[position] {
            case "{":
                depth += 1
                defer { depth -= 1 }
                if depth > Self.maxDepth { throw fail("nested more than \(Self.maxDepth) levels deep") }
                position += 1
                var pairs: [(String, Value)] = []
                skipBlanks()
                if position < scalars.count, scalars[position] == "}" { position += 1; return Value(kind: .object(pairs), line: start) }
                while true {
                    skipBlanks()
                    guard position < scalars.count, scalars[position] == "\"" else { throw fail("expected a \"key\" in an object") }
                    let key = try parseString()
                    skipBlanks()
                    guard position < scalars.count, scalars[position] == ":" else { throw fail("expected ':' after a key") }
                    position += 1
                    pairs.append((key, try parseValue()))
                    skipBlanks()
                    guard position < scalars.count else { throw fail("object is not closed (a '}' is missing)") }
                    if scalars[position] == "," { position += 1; continue }
                    if scalars[position] == "}" { position += 1; return Value(kind: .object(pairs), line: start) }
                    throw fail("expected ',' or '}' in an object")
                }
            case "[":
                depth += 1
                defer { depth -= 1 }
                if depth > Self.maxDepth { throw fail("nested more than \(Self.maxDepth) levels deep") }
                position += 1
                var values: [Value] = []
                skipBlanks()
                if position < scalars.count, scalars[position] == "]" { position += 1; return Value(kind: .array(values), line: start) }
                while true {
                    values.append(try parseValue())
                    skipBlanks()
                    guard position < scalars.count else { throw fail("list is not closed (a ']' is missing)") }
                    if scalars[position] == "," { position += 1; continue }
                    if scalars[position] == "]" { position += 1; return Value(kind: .array(values), line: start) }
                    throw fail("expected ',' or ']' in a list")
                }
            case "\"":
                return Value(kind: .string(try parseString()), line: start)
            default:
                var word = ""
                while position < scalars.count {
                    let scalar = scalars[position]
                    let isWordScalar = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
                        || scalar == "-" || scalar == "+" || scalar == "." || scalar == "E"
                    if !isWordScalar { break }
                    word.unicodeScalars.append(scalar)
                    position += 1
                }
                switch word {
                case "true": return Value(kind: .bool(true), line: start)
                case "false": return Value(kind: .bool(false), line: start)
                case "null": return Value(kind: .null, line: start)
                default:
                    if Self.isNumber(word) { return Value(kind: .number(word), line: start) }
                    if word.isEmpty, position < scalars.count { throw fail("unexpected '\(StateFile.printable(scalars[position]))'") }
                    throw fail("unexpected '\(word)'")
                }
            }
        }

        static func isNumber(_ word: String) -> Bool {
            var scalars = Substring(word).unicodeScalars[...]
            if scalars.first == "-" { scalars = scalars.dropFirst() }
            guard let first = scalars.first, first >= "0" && first <= "9" else { return false }
            return scalars.allSatisfy { ($0 >= "0" && $0 <= "9") || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }
        }

        mutating func parseString() throws(StateFileError) -> String {
            position += 1   // the opening quote
            var out = String.UnicodeScalarView()
            while position < scalars.count {
                let scalar = scalars[position]
                position += 1
                switch scalar {
                case "\"": return String(out)
                case "\\":
                    guard position < scalars.count else { break }
                    let escape = scalars[position]
                    position += 1
                    switch escape {
                    case "\"", "\\", "/": out.append(escape)
                    case "b": out.append("\u{08}")
                    case "f": out.append("\u{0C}")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "u":
                        var unit = try hex4()
                        if (0xD800..<0xDC00).contains(unit), position + 1 < scalars.count, scalars[position] == "\\", scalars[position + 1] == "u" {
                            position += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair in a string") }
                            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let decoded = Unicode.Scalar(unit) else { throw fail("invalid \\u escape in a string") }
                        out.append(decoded)
                    default: throw fail("invalid escape '\\\(StateFile.printable(escape))' in a string")
                    }
                case "\n", "\r": throw fail("line break inside a string")
                default: out.append(scalar)
                }
            }
            throw fail("string is not closed (a '\"' is missing)")
        }

        mutating func hex4() throws(StateFileError) -> UInt32 {
            guard position + 4 <= scalars.count else { throw fail("incomplete \\u escape") }
            var value: UInt32 = 0
            for scalar in scalars[position..<(position + 4)] {
                guard let digit = Int(String(scalar), radix: 16) else { throw fail("invalid \\u escape") }
                value = value * 16 + UInt32(digit)
            }
            position += 4
            return value
        }
    }
}
