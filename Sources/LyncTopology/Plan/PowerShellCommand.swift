/// One command a plan asks the administrator to run in the Lync Server Management Shell (or, for
/// `Restore-SqlDatabase`, with the SQLServer module): the cmdlet and its parameters in order, every value typed by
/// what it names. Plans hold commands as these values; the text of a command line, every value single-quoted,
/// is made only by `PowerShell.render(_:)`.
///
/// A value carries the rules it must meet (`problems`): an FQDN must be a valid FQDN, a SQL instance name a valid
/// instance name, and no value may hold a control character. A planner checks every command it builds and blocks
/// the plan rather than print a command with a value that fails them.
public struct PowerShellCommand: Sendable, Hashable {
    /// The cmdlet, e.g. `Install-CsDatabase`.
    public var cmdlet: String
    /// The parameters in the order they are written.
    public var parameters: [Parameter]

    public init(_ cmdlet: String, _ parameters: [Parameter] = []) {
        self.cmdlet = cmdlet
        self.parameters = parameters
    }

    /// One `-Name value` (or `-Name` alone, for a switch).
    public struct Parameter: Sendable, Hashable {
        /// The parameter name without its dash, e.g. `SqlServerFqdn`.
        public var name: String
        public var value: Value

        public init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }
    }

    /// A parameter's value, by what it names.
    public enum Value: Sendable, Hashable {
        /// A switch parameter: the name alone, no value.
        case `switch`
        /// A server or pool FQDN, checked by `NameSyntax.fqdnProblem`.
        case fqdn(String)
        /// A SQL Server instance name (never empty: the default instance is written by leaving the parameter
        /// out, or with a switch), checked by `NameSyntax.sqlInstanceNameProblem`.
        case sqlInstance(String)
        /// `server\instance`, or the server alone for the default instance (`instance` empty); both parts checked.
        case serverInstance(server: String, instance: String)
        /// A file or folder path, e.g. a backup file.
        case path(String)
        /// A UNC path, e.g. the file share that seeds the mirrors.
        case unc(String)
        /// Fixed text followed by an FQDN, e.g. `service:ApplicationServer:` and a pool; the FQDN is checked.
        case prefixedFQDN(prefix: String, fqdn: String)
        /// Any other text: a database type, a database name, a keyword such as `Mirror`.
        case text(String)
        /// Several values, written as a PowerShell list.
        case list([Value])
    }

    /// The value of the first parameter called `name` (compared case-insensitively, as PowerShell does), or nil.
    public func value(of name: String) -> Value? {
        let wanted = name.lowercased()
        return parameters.first { $0.name.lowercased() == wanted }?.value
    }

    /// True when the command has the switch or parameter `name`.
    public func has(_ name: String) -> Bool { value(of: name) != nil }

    /// Why the command must not be printed: one sentence per value failing its rules, in parameter order; empty
    /// when every value may be printed.
    public var problems: [String] { parameters.compactMap(\.value.problem) }

    // MARK: Building

    /// The command with `-name value` added at the end.
    public func adding(_ name: String, _ value: Value) -> PowerShellCommand {
        var copy = self
        copy.parameters.append(Parameter(name, value))
        return copy
    }

    /// The command with the switch `-name` added at the end.
    public func adding(switch name: String) -> PowerShellCommand { adding(name, .switch) }

    /// `-SqlInstanceName 'name'` (or another parameter name) added, or nothing for the default instance ("").
    func adding(instanceName instance: String, as parameter: String = "SqlInstanceName") -> PowerShellCommand {
        instance.isEmpty ? self : adding(parameter, .sqlInstance(instance))
    }

    /// `-ForInstance 'name'` added, or `-ForDefaultInstance` for the default instance ("").
    func adding(forInstance instance: String) -> PowerShellCommand {
        instance.isEmpty ? adding(switch: "ForDefaultInstance") : adding("ForInstance", .sqlInstance(instance))
    }
}

extension PowerShellCommand.Value {
    /// Why this value must not be printed into a command, or nil.
    public var problem: String? {
        switch self {
        case .switch:
            return nil
        case .fqdn(let value):
            return NameSyntax.fqdnProblem(value).map { "the FQDN '\(ControlCharacters.escaped(value))' \($0)" }
        case .sqlInstance(let value):
            return NameSyntax.sqlInstanceNameProblem(value).map { "the SQL instance name '\(ControlCharacters.escaped(value))' \($0)" }
        case .path(let value), .unc(let value), .text(let value):
            if value.unicodeScalars.contains(where: ControlCharacters.isControl) {
                return "the value '\(ControlCharacters.escaped(value))' contains a control character"
            }
            return nil
        case .serverInstance(let server, let instance):
            return Self.fqdn(server).problem ?? (instance.isEmpty ? nil : Self.sqlInstance(instance).problem)
        case .prefixedFQDN(let prefix, let fqdn):
            return Self.text(prefix).problem ?? Self.fqdn(fqdn).problem
        case .list(let values):
            return values.lazy.compactMap(\.problem).first
        }
    }
}

/// The characters that must not reach a line of output unescaped: C0 and C1 controls, DEL, and the Unicode line
/// and paragraph separators.
enum ControlCharacters {
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// The text with every control character shown as a `\u{…}` escape, so that no message can break a line.
    static func escaped(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: isControl) else { return value }
        var out = ""
        for scalar in value.unicodeScalars {
            if isControl(scalar) { out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
