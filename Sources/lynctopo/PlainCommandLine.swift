import ArgumentParser

/// A command line of the plain form nearly every run takes: a subcommand's name, then its documents and its
/// options, each spelled `--name value`, `--name=value` or `--flag` (or `-o value` where a command has that
/// short name), a single-valued option at most once.
///
/// Why not ArgumentParser alone: before it reads an argument, ArgumentParser builds the command's whole argument
/// model by run-time reflection (mirrors of the command and its option groups, type metadata built from mangled
/// names, protocol conformance scans over the runtime's 4,074 records). On `validate` of the 24 KB sample that is
/// 7.0 M of a run's 15.5 M instructions, and it kept start-up above twice `xmllint --noout`'s. A plain line is read
/// here from a table of each command's options instead (`PlainlyParsed`), in a few thousand instructions.
///
/// Anything else goes to ArgumentParser (but `--version` alone, which `Lynctopo.main` answers first), which answers
/// it exactly as before: help, `--version` with anything else, completion
/// scripts, `--`, an unknown option or short option, an option without its value or with a value that starts with
/// a dash, an empty value, a single-valued option or a flag given twice, a value that does not convert, a missing
/// document, and any line the command's own `validate()` refuses. So the plain parse never decides anything
/// ArgumentParser would have answered differently: `CommandParsingTests` checks that both give the same command
/// for every option of every command, and that each command's table names every option it declares.
struct PlainCommandLine {
    /// One option of a command, as the plain parse knows it.
    struct Option: Sendable {
        enum Kind: Sendable {
            /// Takes one value, at most once.
            case value
            /// Takes one value each time; may be repeated.
            case repeatable
            /// Takes no value, at most once.
            case flag
        }

        /// The long name, without its dashes (`file-share`).
        let name: String
        let kind: Kind
        /// The short name, where the option has one (`o` for `format -o`).
        var short: String? = nil

        func isSpelled(_ spelling: Substring) -> Bool {
            if spelling.hasPrefix("--") { return spelling.dropFirst(2) == name }
            guard let short else { return false }
            return spelling.dropFirst() == short
        }
    }

    /// The arguments that are not options, in order: the documents.
    private(set) var documents: [String] = []
    /// The options given, in order, each with its value (nil for a flag).
    private var given: [(name: String, value: String?)] = []

    /// Reads the arguments after the subcommand's name; nil when the line is not plain.
    init?(_ arguments: ArraySlice<String>, options: [Option]) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            // "-" is standard input, a document like any other.
            guard argument.hasPrefix("-"), argument != "-" else {
                documents.append(argument)
                continue
            }
            var spelling = Substring(argument)
            var attached: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                spelling = argument[..<equals]
                attached = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.isSpelled(spelling) }) else { return nil }
            if option.kind != .repeatable, given.contains(where: { $0.name == option.name }) { return nil }
            if option.kind == .flag {
                guard attached == nil else { return nil }
                given.append((option.name, nil))
                continue
            }
            let value: String
            if let attached {
                value = attached
            } else {
                guard index < arguments.endIndex else { return nil }
                value = arguments[index]
                index += 1
            }
            guard !value.isEmpty, !value.hasPrefix("-") || value == "-" else { return nil }
            given.append((option.name, value))
        }
    }

    /// The only document, or nil when there is not exactly one.
    var onlyDocument: String? { documents.count == 1 ? documents[0] : nil }

    /// Whether a flag was given.
    func isSet(_ name: String) -> Bool { given.contains { $0.name == name } }

    /// The value of a single-valued option, or nil when it was not given.
    func value(_ name: String) -> String? { given.first { $0.name == name }?.value }

    /// Every value of a repeatable option, in order.
    func values(_ name: String) -> [String] { given.compactMap { $0.name == name ? $0.value : nil } }

    /// The value of an option that names one of a closed set (`--format json`): `fallback` when it was not
    /// given, nil when what was given is not one of the set.
    func choice<Choice: ExpressibleByArgument>(_ name: String, default fallback: Choice) -> Choice? {
        guard let value = value(name) else { return fallback }
        return Choice(argument: value)
    }
}

/// A subcommand that reads a plain command line itself (see `PlainCommandLine`).
protocol PlainlyParsed: ParsableCommand, ReadsDocuments {
    /// Every option the command declares.
    static var plainOptions: [PlainCommandLine.Option] { get }
    /// The command a plain line stands for, with every property set as ArgumentParser would set it; nil when
    /// ArgumentParser should answer the line instead (a document missing or too many, a value that does not
    /// convert). A function rather than an initializer: inside an initializer, assigning an `@Option` property
    /// makes a new option definition with that default instead of setting its value.
    static func parsed(_ line: PlainCommandLine) -> Self?
}

extension Lynctopo {
    /// The commands that read plain lines themselves: all of them.
    static let plainlyParsed: [any PlainlyParsed.Type] = [
        Show.self, Validate.self, Publish.self, Restore.self, Diff.self, Diagram.self, Format.self,
    ]

    /// The command of a plain line (see `PlainCommandLine`), validated; nil for any line ArgumentParser is to
    /// answer.
    static func parsePlain(_ arguments: [String]) -> (any PlainlyParsed)? {
        guard let name = arguments.first,
              let subcommand = plainlyParsed.first(where: { $0._commandName == name }),
              let line = PlainCommandLine(arguments.dropFirst(), options: subcommand.plainOptions),
              var command = subcommand.parsed(line) else { return nil }
        do { try command.validate() } catch { return nil }
        return command
    }
}

/// A command that reads one document, its only argument.
protocol ReadsOneDocument: ParsableCommand {
    var input: DocumentOptions { get set }
}

extension ReadsOneDocument {
    /// The command with the document of a plain line set, its options still to set; nil when the line does not
    /// name exactly one document.
    static func reading(_ line: PlainCommandLine) -> Self? {
        guard let file = line.onlyDocument else { return nil }
        var command = Self()
        var input = DocumentOptions()
        input.file = file
        command.input = input
        return command
    }
}

extension TextOrJSONOptions {
    /// The options of a plain line (nil for a format that is not one of the two).
    static func parsed(_ line: PlainCommandLine) -> Self? {
        guard let format = line.choice("format", default: TextOrJSON.text) else { return nil }
        var options = Self()
        options.format = format
        return options
    }

    static let plainOptions = [PlainCommandLine.Option(name: "format", kind: .value)]
}
