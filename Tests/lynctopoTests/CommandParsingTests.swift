import ArgumentParser
import Testing
@testable import lynctopo

/// `Lynctopo.parseCommand` reads a command line that starts with a subcommand by that subcommand alone, and
/// everything else from the root, so that help, versions and errors are the whole tree's.
@Suite("Command line parsed by its subcommand")
struct CommandParsingTests {
    @Test("a subcommand's arguments give the same command as the parse from the root")
    func subcommandAlone() throws {
        let arguments = ["validate", "a.xml", "--format", "json", "--strict"]
        let command = try #require(try Lynctopo.parseCommand(arguments) as? Lynctopo.Validate)
        let fromRoot = try #require(try Lynctopo.parseAsRoot(arguments) as? Lynctopo.Validate)
        #expect(command.input.file == "a.xml")
        #expect(command.format == .json)
        #expect(command.strict)
        #expect(command.input.file == fromRoot.input.file && command.format == fromRoot.format)

        let restore = try #require(try Lynctopo.parseCommand(["restore", "a.xml", "--failed", "sql01.contoso.com"])
                                   as? Lynctopo.Restore)
        #expect(restore.documentPaths == ["a.xml"])
    }

    @Test("help, --version and errors are answered as from the root", arguments: [
        ["validate", "--help"], ["validate", "-h"], ["publish", "--help"], ["validate", "--version"], ["--version"],
        ["validate"], ["validate", "a.xml", "--bogus"], ["validate", "a.xml", "--format", "xml"], ["bogus"],
        ["validate", "--generate-completion-script", "bash"],
    ])
    func answeredFromRoot(arguments: [String]) {
        let fast = Self.message(arguments) { try Lynctopo.parseCommand($0) }
        let root = Self.message(arguments) { try Lynctopo.parseAsRoot($0) }
        #expect(fast != nil)
        #expect(fast == root)
    }

    @Test("a subcommand's help, run by the built tool, names the whole command and lists --version",
          arguments: ["show", "validate", "publish", "restore", "diff", "diagram", "format"])
    func helpOfSubcommand(subcommand: String) throws {
        for flag in ["--help", "-h"] {
            let help = try lynctopo([subcommand, flag])
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE: lynctopo \(subcommand) "), "\(help.stdout)")
            #expect(help.stdout.contains("--version               Show the version."), "\(help.stdout)")
        }
    }

    /// The text ArgumentParser prints for a parse that fails, the type of the command it gave otherwise (its
    /// own help command for `--help`), or nil when that command is one of ours.
    static func message(_ arguments: [String], _ parse: ([String]) throws -> ParsableCommand) -> String? {
        do {
            let command = try parse(arguments)
            return command is ReadsDocuments ? nil : "\(type(of: command))"   // every subcommand reads documents
        } catch {
            return Lynctopo.fullMessage(for: error) + " exit \(Lynctopo.exitCode(for: error).rawValue)"
        }
    }
}
