import ArgumentParser
import LyncTopology
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct Lynctopo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lynctopo",
        abstract: "Read, check and plan Lync Server 2013 / Skype for Business Server topologies.",
        discussion: """
            Reads a published topology (Get-CsTopology -AsXml), a Topology Builder .tbxml file or a CsConfiguration.zip (Export-CsConfiguration), from a path or from standard input ("-"), and answers before anything is touched: what is in it, is it sound, what would publishing create, how to recover from failed servers, what changed.

            Exit codes: 0 success; 1 the topology has errors or a plan is blocked (validate, publish, restore; diff --exit-code: there are changes); 64 bad arguments; 65 not a readable topology document; 66 an input cannot be opened; 73 an output cannot be written.
            """,
        version: LyncTopologyLibrary.version,
        subcommands: [Show.self, Validate.self, Publish.self, Restore.self, Diff.self, Diagram.self, Format.self]
    )

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `--version` alone is answered without ArgumentParser, which would first reflect over the whole command
        // tree (7 ms of start-up) to print what it prints: the version and a line break.
        if arguments == ["--version"] { finish(writing: configuration.version) }
        var command: ParsableCommand
        let inputs: [String]
        // A plain line is read without ArgumentParser's reflection (see `PlainCommandLine`); any other by it.
        if let plain = parsePlain(arguments) {
            command = plain
            inputs = plain.documentPaths
        } else {
            do { command = try parseCommand(arguments) } catch { finish(withError: error) }
            inputs = (command as? ReadsDocuments)?.documentPaths ?? []
        }
        // The command line asks the library to use every core for a large document (the library's default is
        // the caller's thread); a small one is read on this thread alone (see `Parallelism.forInputs`). The
        // heap is set up for the input's size too (`Allocator`).
        let bytes = Parallelism.inputBytes(inputs)
        Allocator.apply(Allocator.settings(forInputBytes: bytes))
        Parallelism.$current.withValue(Parallelism.forInputs(bytes: bytes)) {
            do { try command.run() } catch { finish(withError: error) }
        }
    }
}

extension Lynctopo {
    /// Ends the process for an error thrown by parsing or by a command, as ArgumentParser's `exit(withError:)`
    /// does, with one difference: what ArgumentParser answers on standard output (help, `--version`, completion
    /// scripts: the errors whose exit code is 0 and whose message is not empty) is written through
    /// `writeOutput`, so a refused write ends with exit 73 like every command's output, instead of 0 with nothing
    /// written (ArgumentParser's `print` does not report a failed write). Every other error goes to
    /// `exit(withError:)`, which prints it on standard error and exits with its code, as before.
    static func finish(withError error: Error) -> Never {
        if exitCode(for: error) == .success {
            let message = fullMessage(for: error)
            if !message.isEmpty { finish(writing: message) }
        }
        exit(withError: error)
    }

    /// Writes `text` and a line break (as Swift's `print` does) to standard output and exits: 0, or 73 with the
    /// reason on standard error when the write is refused.
    static func finish(writing text: String) -> Never {
        do { try writeOutput(Array((text + "\n").utf8)) } catch { exit(withError: error) }
        exit(withError: nil)
    }

    /// The command ArgumentParser parses, for a line that is not plain (`parsePlain` reads those). A command
    /// line that starts with a subcommand's name and parses as that subcommand alone is read by that
    /// subcommand: ArgumentParser then reflects over one command's arguments instead of the whole tree's. Each
    /// subcommand names `lynctopo` as its `_superCommandName`, which spares that parse the two extra parsers
    /// ArgumentParser runs for `--generate-completion-script` (they are run, as before, by the parse from the
    /// root); ArgumentParser reads that name only when the subcommand is the first of the command stack, so help
    /// and usage from the root are unchanged. Together, a `validate` of the sample parsed this way takes 15.5 M
    /// instructions instead of 18.2 M. Anything that does not parse this way (help, `--version`, completion
    /// scripts, any error; ArgumentParser answers a help request with its own help command, not with an error)
    /// is parsed again from the root, so that every usage line, message and exit code is the whole tree's.
    static func parseCommand(_ arguments: [String]) throws -> ParsableCommand {
        if let name = arguments.first,
           let subcommand = configuration.subcommands.first(where: { $0._commandName == name }),
           let command = try? subcommand.parseAsRoot(Array(arguments.dropFirst())),
           type(of: command) == subcommand {
            return command
        }
        return try parseAsRoot(arguments)
    }
}

/// A command that reads topology documents: the paths it was given (`-` is standard input).
protocol ReadsDocuments {
    var documentPaths: [String] { get }
}

extension Parallelism {
    /// Below this many bytes of input, the work stays on the main thread: starting Dispatch's worker threads
    /// costs more than a small document gains from them. `publish --format json`, one thread against side by
    /// side, on two cores: the 24 KB sample 10.3 against 10.9 ms (11.7 against 16.2 ms on a loaded machine);
    /// 1 MB about even (32.7 against 40.1 ms, then 45.8 against 43.8); 2.5 MB 86 against 77 ms; 5 MB 216
    /// against 184 ms. A configuration archive counts ten times its size, the usual ratio of deflated XML;
    /// standard input, whose size is not known beforehand, counts as large.
    static let sideBySideFromBytes = 2_000_000

    static func forInputs(_ paths: [String]) -> Parallelism { forInputs(bytes: inputBytes(paths)) }

    /// Side by side from `sideBySideFromBytes` of input, and when the size is not known (nil).
    static func forInputs(bytes: Int?) -> Parallelism {
        guard let bytes else { return .sideBySide }
        return bytes >= sideBySideFromBytes ? .sideBySide : .serial
    }

    /// The size of the inputs at `paths` in all, an archive counted ten times its size; nil when one of them is
    /// standard input or not a regular file (its size is not known beforehand), or when there are none (the
    /// command reads standard input).
    static func inputBytes(_ paths: [String]) -> Int? {
        guard !paths.isEmpty else { return nil }
        var total = 0
        for path in paths {
            guard path != "-", let size = fileSize(path) else { return nil }
            total += path.lowercased().hasSuffix(".zip") ? size * 10 : size
        }
        return total
    }

    private static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}
