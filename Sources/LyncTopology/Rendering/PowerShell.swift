/// Generated PowerShell: the text of a `PowerShellCommand` and the quoting of every value placed into a printed
/// command (`quote`). No other file quotes PowerShell.
public enum PowerShell {
    /// PowerShell ends a single-quoted string at any of these, not only at `'`.
    static let singleQuotes: Set<Character> = ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]

    /// A single-quoted PowerShell string literal: every single quote (including the typographic ones that
    /// PowerShell also accepts as quotes) is doubled, so nothing inside can end the literal; `$(…)`, `;` and
    /// backticks are inert inside single quotes.
    public static func quote(_ value: String) -> String {
        var out = "'"
        for character in value {
            if singleQuotes.contains(character) { out.append(character) }
            out.append(character)
        }
        out += "'"
        return out
    }
}

extension PowerShell {
    /// Stands in for a value that fails its rules (`PowerShellCommand.Value.problem`). Planners block a plan with
    /// such a value, so this never reaches a plan's output; it keeps a command rendered by hand from carrying it.
    static let invalidValue = "<INVALID>"

    /// The command line: the cmdlet, then each parameter as `-Name` (a switch) or `-Name 'value'`, every value
    /// single-quoted by `quote`; a list is written `'a', 'b'`.
    public static func render(_ command: PowerShellCommand) -> String {
        var line = command.cmdlet
        for parameter in command.parameters {
            line += " -" + parameter.name
            if let value = argument(parameter.value) { line += " " + value }
        }
        return line
    }

    /// The command line for a script whose parameters stand for the plan's placeholders: a value that is a
    /// placeholder becomes the variable (`$FileShare`), and a path inside a placeholder folder becomes
    /// `(Join-Path $BackupFolder 'file')`; every other value is quoted as `render` quotes it.
    public static func render(_ command: PowerShellCommand, variables: [String: String]) -> String {
        var line = command.cmdlet
        for parameter in command.parameters {
            line += " -" + parameter.name
            if let value = scriptArgument(parameter.value, variables: variables) { line += " " + value }
        }
        return line
    }

    static func scriptArgument(_ value: PowerShellCommand.Value, variables: [String: String]) -> String? {
        switch value {
        case .path(let text), .unc(let text):
            for (placeholder, variable) in variables where text.hasPrefix(placeholder) {
                let rest = text.dropFirst(placeholder.count).drop(while: { $0 == "\\" || $0 == "/" })
                return rest.isEmpty ? "$" + variable : "(Join-Path $\(variable) \(quote(String(rest))))"
            }
            return argument(value)
        case .list(let values):
            return values.compactMap { scriptArgument($0, variables: variables) }.joined(separator: ", ")
        default:
            return argument(value)
        }
    }

    /// The command lines of `commands`, in order.
    public static func render(_ commands: [PowerShellCommand]) -> [String] { commands.map { render($0) } }

    /// The argument as written after the parameter name, or nil for a switch.
    static func argument(_ value: PowerShellCommand.Value) -> String? {
        switch value {
        case .switch:
            return nil
        case .list(let values):
            return values.compactMap(argument).joined(separator: ", ")
        default:
            guard value.problem == nil, let text = text(of: value) else { return quote(invalidValue) }
            return quote(text)
        }
    }

    /// The text a value stands for, unquoted: `server\instance` for a server and instance, the prefix and the
    /// FQDN together, the value itself otherwise; nil for a switch or a list.
    public static func text(of value: PowerShellCommand.Value) -> String? {
        switch value {
        case .switch, .list: return nil
        case .fqdn(let text), .sqlInstance(let text), .path(let text), .unc(let text), .text(let text): return text
        case .serverInstance(let server, let instance): return instance.isEmpty ? server : server + "\\" + instance
        case .prefixedFQDN(let prefix, let fqdn): return prefix + fqdn
        }
    }
}
