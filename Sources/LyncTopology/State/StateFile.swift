/// Why a state file (`--state FILE`) could not be read (the command line exits 66 for `cannotOpen`, 65 for the others).
public enum StateFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be opened or read (exit 66).
    case cannotOpen(path: String, reason: String)
    /// The file is not a readable state file: a required column missing, a record without a name… (exit 65).
    case malformed(path: String, line: Int, message: String)
    /// The bytes are not well-formed: not UTF-8 or UTF-16 text, not JSON, a CSV quote not closed… (exit 65).
    case syntax(path: String, line: Int, column: Int, message: String)
    /// A well-formed document that is not a state file: JSON that is not a list of records, a number where a
    /// name belongs… (exit 65).
    case shape(path: String, line: Int, column: Int, message: String)

    /// The line the error is on, when it is in the file.
    public var line: Int? {
        switch self {
        case .cannotOpen: return nil
        case .malformed(_, let line, _), .syntax(_, let line, _, _), .shape(_, let line, _, _): return line
        }
    }

    /// The column (in characters, from 1) the error is at, when it is known.
    public var column: Int? {
        switch self {
        case .cannotOpen, .malformed: return nil
        case .syntax(_, _, let column, _), .shape(_, _, let column, _): return column
        }
    }

    /// What is wrong, without the location.
    public var message: String {
        switch self {
        case .cannotOpen(_, let reason): return "cannot open state file: \(reason)"
        case .malformed(_, _, let message), .syntax(_, _, _, let message), .shape(_, _, _, let message): return message
        }
    }

    /// `path: error: cannot open: …`, `path:line: error: …` or `path:line:column: error: …`.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "\(path): error: cannot open state file: \(reason)"
        case .malformed(let path, let line, let message): return "\(path):\(line): error: \(message)"
        case .syntax(let path, let line, let column, let message), .shape(let path, let line, let column, let message):
            return "\(path):\(line):\(column): error: \(message)"
        }
    }
}

/// What a state file holds, recognised by its columns (CSV) or its keys (JSON).
public enum StateInput: Sendable, Hashable {
    /// `Test-CsDatabase -ConfiguredDatabases | Export-Csv`, or a JSON list of `{sqlServer, instance, database}`.
    case databases([DatabaseRecord])
    /// `Get-CsDatabaseMirrorState | Select-Object @{n='PoolFqdn';e={…}},* | Export-Csv`.
    case mirrorStates([MirrorStateRecord])
}

/// The syntax a state file is read with.
public enum StateFormat: String, Sendable, Hashable, CaseIterable {
    case csv, json
}

/// The state files: the "what exists now" input of a publish simulation (domain.md §8) and the mirror states of
/// a pool. This file holds the entry points, the column table and the text decoding; the syntaxes are read by
/// `CSVReader` and `JSONReader`, and what a record means is in `DatabaseRecord` and `MirrorStateRecord`.
///
/// Known unknown (domain.md §8): the exact column names of the Test-CsDatabase export were taken from the
/// product's output objects, not from a real export. They are listed in `Field` and nowhere else; header names
/// and JSON keys match case-insensitively, in any order.
public enum StateFile {
    /// A column of the CSV (or a key of a JSON record) that the readers understand.
    public enum Field: String, Sendable, CaseIterable {
        case sqlServer, instance, database, dataSource, installedVersion, succeed, exists
        case mirrorSQLServer, mirrorInstance, highAvailability, sqlServerVersion, expectedVersion
        case poolFQDN, stateOnPrimary, stateOnMirror, mirroringStatusOnPrimary, mirroringStatusOnSecondary

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
            case .mirrorSQLServer: return ["MirrorSqlServerFqdn", "mirrorSqlServer"]
            case .mirrorInstance: return ["MirrorSqlInstanceName", "mirrorInstance"]
            case .highAvailability: return ["DatabaseHighAvailability"]
            case .sqlServerVersion: return ["SQLServerVersion"]
            case .expectedVersion: return ["ExpectedVersion"]
            case .poolFQDN: return ["PoolFqdn"]
            case .stateOnPrimary: return ["StateOnPrimary"]
            case .stateOnMirror: return ["StateOnMirror"]
            case .mirroringStatusOnPrimary: return ["MirroringStatusOnPrimary"]
            case .mirroringStatusOnSecondary: return ["MirroringStatusOnSecondary"]
            }
        }

        /// The name printed in messages (the cmdlet's column name).
        public var displayName: String { names[0] }

        /// True for a field that holds a name (a server, an instance, a database, a pool): in JSON it must be a
        /// string.
        public var isName: Bool {
            switch self {
            case .sqlServer, .instance, .database, .dataSource, .mirrorSQLServer, .mirrorInstance, .poolFQDN: return true
            default: return false
            }
        }

        /// The fields a Test-CsDatabase record cannot do without.
        public static let required: [Field] = [.sqlServer, .database]

        /// The columns only Get-CsDatabaseMirrorState writes: one of them, and no SqlServerFqdn, makes a mirror-state
        /// file.
        public static let mirrorStates: [Field] = [.stateOnPrimary, .stateOnMirror, .mirroringStatusOnPrimary, .mirroringStatusOnSecondary]

        static func named(_ name: String) -> Field? {
            let key = trim(name).lowercased()
            return allCases.first { field in field.names.contains { $0.lowercased() == key } }
        }
    }

    /// The largest state file read.
    public static let maxBytes = 1 << 26

    /// The export line that adds the pool a Get-CsDatabaseMirrorState export needs (the cmdlet names none).
    public static let mirrorStateExport =
        "Get-CsDatabaseMirrorState -PoolFqdn pool01.contoso.com | Select-Object @{n='PoolFqdn';e={'pool01.contoso.com'}},* | Export-Csv -NoTypeInformation mirror-state.csv"

    /// Reads a Test-CsDatabase state file (or standard input for "-") into the records of `ExistingDatabases`.
    public static func load(path: String) throws(StateFileError) -> ExistingDatabases {
        let display = path == "-" ? "<stdin>" : path
        return ExistingDatabases(source: .stateFile(path: display), records: try parse(try bytes(path: path), path: display))
    }

    /// Reads any state file (or standard input for "-"): Test-CsDatabase records or mirror states.
    public static func read(path: String) throws(StateFileError) -> StateInput {
        try read(try bytes(path: path), path: path == "-" ? "<stdin>" : path)
    }

    /// Parses the bytes of a Test-CsDatabase state file into the records of `ExistingDatabases`.
    public static func parse(_ bytes: [UInt8], path: String) throws(StateFileError) -> [ExistingDatabases.Record] {
        switch try read(bytes, path: path) {
        case .databases(let records): return records.map(\.existing)
        case .mirrorStates(let records):
            throw .malformed(path: path, line: records.first?.line ?? 1,
                             message: "state file holds mirror states (Get-CsDatabaseMirrorState), not the databases of Test-CsDatabase -ConfiguredDatabases")
        }
    }

    /// Parses the bytes of a state file and says what it holds. Without a format, JSON when the first character is
    /// `[` or `{`, CSV otherwise. UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are
    /// accepted.
    public static func read(_ bytes: [UInt8], path: String, format: StateFormat? = nil) throws(StateFileError) -> StateInput {
        let text = try decodeText(bytes, path: path)
        let chosen = format ?? {
            let first = text.unicodeScalars.first { !$0.properties.isWhitespace }
            return first == "[" || first == "{" ? .json : .csv
        }()
        switch chosen {
        case .json: return try JSONState.read(JSONReader.parse(text, path: path), path: path)
        case .csv: return try CSVState.read(text, path: path)
        }
    }

    static func bytes(path: String) throws(StateFileError) -> [UInt8] {
        let display = path == "-" ? "<stdin>" : path
        do {
            return try FileIO.read(path: path, limit: maxBytes)
        } catch {
            switch error {
            case .tooLarge(let size):
                throw .malformed(path: display, line: 1, message: "state file is larger than \(maxBytes) bytes (at least \(size)); refused")
            case .cannotOpen(let reason), .cannotWrite(let reason):
                throw .cannotOpen(path: display, reason: reason)
            }
        }
    }

    // MARK: Text

    /// UTF-8 without the byte-order mark; UTF-16 (little or big endian) after its byte-order mark.
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
            var scalars = String.UnicodeScalarView()
            var decoder = UTF16()
            var iterator = units.makeIterator()
            var location = TextLocation()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    location.advance(scalar)
                    scalars.append(scalar)
                case .emptyInput: break loop
                case .error:
                    throw .syntax(path: path, line: location.line, column: location.column, message: "state file is not valid UTF-16 text")
                }
            }
            if index < bytes.count {
                throw .syntax(path: path, line: location.line, column: location.column, message: "UTF-16 state file has an odd number of bytes")
            }
            return String(scalars)
        }
        return try utf8(bytes[...], path: path)
    }

    static func utf8(_ bytes: ArraySlice<UInt8>, path: String) throws(StateFileError) -> String {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var location = TextLocation()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                location.advance(scalar)
                scalars.append(scalar)
            case .emptyInput: return String(scalars)
            case .error:
                throw .syntax(path: path, line: location.line, column: location.column, message: "state file is not UTF-8 or UTF-16 text")
            }
        }
    }

    /// A line and a column (from 1, in characters) that follow the text read so far. A line ends with LF, CRLF or
    /// CR alone.
    struct TextLocation {
        var line = 1
        var column = 1
        var previousWasCR = false

        mutating func advance(_ scalar: Unicode.Scalar) {
            if scalar == "\n" {
                if !previousWasCR { line += 1 }
                column = 1
            } else if scalar == "\r" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            previousWasCR = scalar == "\r"
        }
    }

    // MARK: Values

    static func isTrue(_ text: String) -> Bool {
        let value = trim(text).lowercased()
        return value == "true" || value == "1" || value == "yes"
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

    /// The text with its control characters written `U+…`, so that a value cannot forge a line of a message.
    static func printable(_ text: String) -> String {
        text.unicodeScalars.map(printable).joined()
    }

    static func printable(_ scalar: Unicode.Scalar) -> String {
        scalar.value < 0x20 || scalar.value == 0x7F ? "U+" + String(scalar.value, radix: 16, uppercase: true) : String(scalar)
    }
}
