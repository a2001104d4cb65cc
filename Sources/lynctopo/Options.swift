import ArgumentParser

/// The topology document a command reads (every command but `diff`, which reads one or two).
struct DocumentOptions: ParsableArguments {
    @Argument(help: "Topology document (.xml or .tbxml), or - for standard input.")
    var file: String
}

/// The two formats of `show`, `publish` and `diff`.
enum TextOrJSON: String, NamedChoice, Sendable { case text, json }

/// `--format text|json`, as `show`, `publish` and `diff` take it.
struct TextOrJSONOptions: ParsableArguments {
    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text
}

/// A closed set of values named on the command line (`--format json`), each value named by its raw value.
///
/// ArgumentParser's default descriptions write each value through string interpolation, which on every start
/// searches the runtime's protocol conformances once per value (about 1 M instructions per option, a good part of
/// a small run); the names are the raw values, so they are given as they are. The help text is the same.
protocol NamedChoice: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension NamedChoice {
    var defaultValueDescription: String { rawValue }
    static var allValueStrings: [String] { allCases.map(\.rawValue) }
    static var allValueDescriptions: [String: String] { [:] }
}
