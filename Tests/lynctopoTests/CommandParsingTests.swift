import ArgumentParser
import LyncTopology
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
    @Test("--version alone, answered before ArgumentParser is asked, prints what ArgumentParser prints for it")
    func versionAnsweredFirst() throws {
        #expect(Self.message(["--version"]) { try Lynctopo.parseAsRoot($0) } == LyncTopologyLibrary.version + " exit 0")
        let built = try lynctopo(["--version"])
        #expect(built.status == 0 && built.stderr.isEmpty)
        #expect(built.stdout == LyncTopologyLibrary.version + "\n")   // `print` adds the line break
    }

    static func message(_ arguments: [String], _ parse: ([String]) throws -> ParsableCommand) -> String? {
        do {
            let command = try parse(arguments)
            return command is ReadsDocuments ? nil : "\(type(of: command))"   // every subcommand reads documents
        } catch {
            return Lynctopo.fullMessage(for: error) + " exit \(Lynctopo.exitCode(for: error).rawValue)"
        }
    }
}

/// `Lynctopo.parsePlain` reads the plain lines (see `PlainCommandLine`) without ArgumentParser, and leaves every
/// other line to it.
@Suite("Plain command lines")
struct PlainCommandLineTests {
    @Test("a plain line gives the command ArgumentParser gives, every option of every command", arguments: [
        ["show", "a.xml"], ["show", "a.xml", "--format", "json"], ["show", "--format=json", "-"],
        ["validate", "a.xml"], ["validate", "a.xml", "--format", "sarif", "--strict"], ["validate", "--strict", "a.xml", "--format=json"],
        ["publish", "a.xml"], ["publish", "a.xml", "--first-publish", "--format", "json"],
        ["publish", "a.xml", "--state", "s.csv", "--state=t.json", "--file-share", "\\\\fs\\share", "--cms", "pool.contoso.com"],
        ["publish", "a.xml", "--failed", "sql01.contoso.com", "--failed", "sql02.contoso.com"],
        ["restore", "a.xml", "--failed", "sql01.contoso.com"], ["restore", "a.xml", "--failed", "s", "--backup-path", "-"],
        ["restore", "--failed", "sql01.contoso.com", "a.xml", "--failed=pool.contoso.com", "--format", "ps1",
         "--file-share", "\\\\fs\\share", "--backup-path", "D:\\Backups", "--state", "m.csv", "--state", "-"],
        ["diff", "old.xml", "new.xml"], ["diff", "a.tbxml", "--format", "json", "--exit-code"], ["diff", "-", "new.xml"],
        ["diagram", "a.xml"], ["diagram", "a.xml", "--format", "mermaid", "--highlight-failed", "fe01.contoso.com",
                                "--highlight-failed", "sql01.contoso.com"],
        ["format", "a.xml"], ["format", "a.xml", "-o", "b.xml"], ["format", "a.xml", "--output=b.xml", "--format", "json"],
    ])
    func sameCommand(arguments: [String]) throws {
        let plain = try #require(Lynctopo.parsePlain(arguments), "\(arguments) is a plain line")
        let parsed = try Lynctopo.parseAsRoot(arguments)
        #expect(Self.dumped(plain) == Self.dumped(parsed))
        #expect(type(of: plain) == type(of: parsed))
        #expect(plain.documentPaths == (parsed as? ReadsDocuments)?.documentPaths)
    }

    @Test("any other line is left to ArgumentParser", arguments: [
        ["validate", "--help"], ["validate", "-h"], ["validate", "--version"], ["--version"], ["bogus", "a.xml"], [],
        ["validate"], ["validate", "a.xml", "b.xml"], ["validate", "a.xml", "--bogus"], ["validate", "a.xml", "-s"],
        ["validate", "a.xml", "--format", "xml"], ["validate", "a.xml", "--format"], ["validate", "a.xml", "--format", "--strict"],
        ["validate", "a.xml", "--format="], ["validate", "a.xml", "--format", "json", "--format", "text"],
        ["validate", "a.xml", "--strict", "--strict"], ["validate", "a.xml", "--strict=yes"], ["validate", "--", "a.xml"],
        ["validate", "-a.xml"], ["validate", "--generate-completion-script", "bash"], ["validate", "a.xml", "--FORMAT", "json"],
        ["restore", "a.xml"], ["restore", "a.xml", "--failed", ""], ["restore", "a.xml", "--failed", "-x"],
        ["publish", "a.xml", "--first-publish", "--failed", "sql01.contoso.com"], ["publish", "-", "--state", "-"],
        ["publish", "a.xml", "--file-share", "not-unc"], ["diff"], ["diff", "a", "b", "c"], ["diff", "-", "-"],
        ["format", "a.xml", "--format", "json"], ["format", "a.xml", "-ob.xml"], ["format", "a.xml", "-o"],
    ])
    func leftToArgumentParser(arguments: [String]) {
        #expect(Lynctopo.parsePlain(arguments) == nil)
    }

    @Test("each command's table names exactly the options its help lists",
          arguments: Lynctopo.plainlyParsed.map { $0 as any ParsableCommand.Type })
    func tableMatchesDeclarations(command: any ParsableCommand.Type) throws {
        let plain = try #require(command as? any PlainlyParsed.Type)
        let help = command.helpMessage(columns: 1000)
        let regex = /(?:^|[\s,\[])(--[a-z][a-z0-9-]*|-[a-z])\b/
        var listed = Set(help.matches(of: regex).map { String($0.output.1) })
        listed.subtract(["--help", "-h", "--version"])
        var named = Set<String>()
        for option in plain.plainOptions {
            named.insert("--" + option.name)
            if let short = option.short { named.insert("-" + short) }
        }
        #expect(named == listed, "\(command._commandName)")
    }

    @Test("every subcommand reads its plain lines")
    func everySubcommand() {
        #expect(Lynctopo.plainlyParsed.map { $0._commandName } == Lynctopo.configuration.subcommands.map { $0._commandName })
    }

    /// A command as `dump` writes it: each option's value, as ArgumentParser's wrappers hold it.
    static func dumped(_ command: Any) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }
}
