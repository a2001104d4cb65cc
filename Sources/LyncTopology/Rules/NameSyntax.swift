/// The syntax rules for the names a rebuild must reproduce exactly: server FQDNs and SQL Server instance
/// names (domain.md §7). Pure functions, shared by the validator and by everything that prints commands
/// (a value that fails them is never placed into a command).
public enum NameSyntax {
    /// Why `fqdn` is not a valid fully qualified domain name, or nil when it is: two labels or more, only
    /// A–Z, a–z, 0–9 and `-` (no underscore, no IDN), labels 1–63 characters not starting or ending with `-`,
    /// at most 255 characters in all.
    public static func fqdnProblem(_ fqdn: String) -> String? {
        if isPlainValidFQDN(fqdn) { return nil }
        if fqdn.isEmpty { return "is empty" }
        if fqdn.utf8.count > 255 { return "is longer than 255 characters" }
        let labels = fqdn.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 { return "is not fully qualified (single-label names are not supported)" }
        for label in labels {
            if label.isEmpty { return "has an empty label" }
            if label.utf8.count > 63 { return "has a label longer than 63 characters ('\(label.prefix(20))…')" }
            for scalar in label.unicodeScalars {
                let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9") || scalar == "-"
                if !ok {
                    if scalar == "_" { return "contains an underscore" }
                    if scalar.value > 0x7F { return "contains a non-ASCII character (internationalized names are not supported)" }
                    return "contains the character '\(printable(scalar))'"
                }
            }
            if label.hasPrefix("-") || label.hasSuffix("-") { return "has a label starting or ending with '-' ('\(label)')" }
        }
        if labels.last.map({ $0.allSatisfy(\.isNumber) }) == true { return "has a numeric top-level label" }
        return nil
    }

    /// A quick pass over the bytes that accepts exactly the valid FQDNs `fqdnProblem` accepts (all of them ASCII);
    /// false sends the name through the full check, which says what is wrong.
    static func isPlainValidFQDN(_ fqdn: String) -> Bool {
        var copy = fqdn
        return copy.withUTF8 { bytes in
            guard bytes.count >= 3, bytes.count <= 255 else { return false }
            var labels = 0, labelLength = 0, allDigits = true
            var previous: UInt8 = 0x2E
            for byte in bytes {
                if byte == 0x2E {
                    if labelLength == 0 || previous == 0x2D { return false }
                    labels += 1
                    labelLength = 0
                    allDigits = true
                } else {
                    let isDigit = byte >= 0x30 && byte <= 0x39
                    let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                    if !(isDigit || isLetter || byte == 0x2D) { return false }
                    if byte == 0x2D && labelLength == 0 { return false }
                    if !isDigit { allDigits = false }
                    labelLength += 1
                    if labelLength > 63 { return false }
                }
                previous = byte
            }
            return labelLength > 0 && previous != 0x2D && labels >= 1 && !allDigits
        }
    }

    public static func isValidFQDN(_ fqdn: String) -> Bool { fqdnProblem(fqdn) == nil }

    /// Why `name` is not a valid SQL Server instance name, or nil when it is. "" and `MSSQLSERVER` mean the
    /// default instance. A named instance has 1–16 characters, starts with a letter, continues with letters,
    /// digits, `$` or `_`, and is not a reserved word.
    public static func sqlInstanceNameProblem(_ name: String) -> String? {
        if name.isEmpty || name.uppercased() == "MSSQLSERVER" { return nil }
        if name.count > 16 { return "is longer than 16 characters" }
        guard let first = name.unicodeScalars.first, isASCIILetter(first) else { return "does not start with a letter" }
        for scalar in name.unicodeScalars {
            if !(isASCIILetter(scalar) || (scalar >= "0" && scalar <= "9") || scalar == "$" || scalar == "_") {
                return scalar == " " ? "contains a space" : "contains the character '\(printable(scalar))'"
            }
        }
        if sqlReservedWords.contains(name.uppercased()) { return "is the reserved word \(name.uppercased())" }
        return nil
    }

    public static func isValidSQLInstanceName(_ name: String) -> Bool { sqlInstanceNameProblem(name) == nil }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    static func printable(_ scalar: Unicode.Scalar) -> String {
        scalar.value < 0x20 || scalar.value == 0x7F ? "U+" + String(scalar.value, radix: 16, uppercase: true) : String(scalar)
    }

    /// Transact-SQL reserved keywords, which SQL Server Setup refuses as instance names.
    public static let sqlReservedWords: Set<String> = [
        "ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "AUTHORIZATION", "BACKUP", "BEGIN", "BETWEEN", "BREAK", "BROWSE",
        "BULK", "BY", "CASCADE", "CASE", "CHECK", "CHECKPOINT", "CLOSE", "CLUSTERED", "COALESCE", "COLLATE", "COLUMN",
        "COMMIT", "COMPUTE", "CONSTRAINT", "CONTAINS", "CONTAINSTABLE", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CURRENT",
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATABASE", "DBCC", "DEALLOCATE",
        "DECLARE", "DEFAULT", "DELETE", "DENY", "DESC", "DISK", "DISTINCT", "DISTRIBUTED", "DOUBLE", "DROP", "DUMP", "ELSE",
        "END", "ERRLVL", "ESCAPE", "EXCEPT", "EXEC", "EXECUTE", "EXISTS", "EXIT", "EXTERNAL", "FETCH", "FILE", "FILLFACTOR",
        "FOR", "FOREIGN", "FREETEXT", "FREETEXTTABLE", "FROM", "FULL", "FUNCTION", "GOTO", "GRANT", "GROUP", "HAVING",
        "HOLDLOCK", "IDENTITY", "IDENTITY_INSERT", "IDENTITYCOL", "IF", "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTO",
        "IS", "JOIN", "KEY", "KILL", "LEFT", "LIKE", "LINENO", "LOAD", "MERGE", "NATIONAL", "NOCHECK", "NONCLUSTERED", "NOT",
        "NULL", "NULLIF", "OF", "OFF", "OFFSETS", "ON", "OPEN", "OPENDATASOURCE", "OPENQUERY", "OPENROWSET", "OPENXML",
        "OPTION", "OR", "ORDER", "OUTER", "OVER", "PERCENT", "PIVOT", "PLAN", "PRECISION", "PRIMARY", "PRINT", "PROC",
        "PROCEDURE", "PUBLIC", "RAISERROR", "READ", "READTEXT", "RECONFIGURE", "REFERENCES", "REPLICATION", "RESTORE",
        "RESTRICT", "RETURN", "REVERT", "REVOKE", "RIGHT", "ROLLBACK", "ROWCOUNT", "ROWGUIDCOL", "RULE", "SAVE", "SCHEMA",
        "SECURITYAUDIT", "SELECT", "SEMANTICKEYPHRASETABLE", "SEMANTICSIMILARITYDETAILSTABLE", "SEMANTICSIMILARITYTABLE",
        "SESSION_USER", "SET", "SETUSER", "SHUTDOWN", "SOME", "STATISTICS", "SYSTEM_USER", "TABLE", "TABLESAMPLE",
        "TEXTSIZE", "THEN", "TO", "TOP", "TRAN", "TRANSACTION", "TRIGGER", "TRUNCATE", "TRY_CONVERT", "TSEQUAL", "UNION",
        "UNIQUE", "UNPIVOT", "UPDATE", "UPDATETEXT", "USE", "USER", "VALUES", "VARYING", "VIEW", "WAITFOR", "WHEN", "WHERE",
        "WHILE", "WITH", "WRITETEXT",
    ]
}
