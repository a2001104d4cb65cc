/// Quoting for generated PowerShell. Every value placed into a printed command goes through `quote`.
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
