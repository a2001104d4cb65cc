import ArgumentParser

/// The topology document a command reads (every command but `diff`, which reads one or two).
struct DocumentOptions: ParsableArguments {
    @Argument(help: "Topology document (.xml or .tbxml), or - for standard input.")
    var file: String
}

/// The two formats of `show`, `publish` and `diff`.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable, Sendable { case text, json }

/// `--format text|json`, as `show`, `publish` and `diff` take it.
struct TextOrJSONOptions: ParsableArguments {
    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text
}
