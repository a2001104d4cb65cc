/// A diagnostic about a topology: a rule id, a severity, a message naming the offending value and the
/// source location of the element that carries the defect.
public struct Finding: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error, warning, note

        private var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var rule: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// Extra lines that explain or suggest a fix.
    public var notes: [String]

    public init(rule: String, severity: Severity, message: String, location: SourceLocation?, notes: [String] = []) {
        self.rule = rule
        self.severity = severity
        self.message = Finding.printable(message)
        self.location = location
        self.notes = notes.map(Finding.printable)
    }

    /// Control characters (a newline in a hostile name, an escape sequence) are shown escaped, so that a
    /// message is always one line and can never forge another diagnostic or a line of a script.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value)
            || $0.value == 0x2028 || $0.value == 0x2029 }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    public static func error(_ rule: String, _ message: String, at location: SourceLocation?, notes: [String] = []) -> Finding {
        Finding(rule: rule, severity: .error, message: message, location: location, notes: notes)
    }

    public static func warning(_ rule: String, _ message: String, at location: SourceLocation?, notes: [String] = []) -> Finding {
        Finding(rule: rule, severity: .warning, message: message, location: location, notes: notes)
    }

    public static func note(_ rule: String, _ message: String, at location: SourceLocation?, notes: [String] = []) -> Finding {
        Finding(rule: rule, severity: .note, message: message, location: location, notes: notes)
    }
}
