import Foundation
import Testing
import LyncTopology

@Suite("Command-line conventions")
struct CommandLineConventionTests {
    @Test("restore --failed is a required option: help shows it without brackets, and leaving it out exits 64")
    func requiredFailed() throws {
        let help = try lynctopo(["restore", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: lynctopo restore <file> --failed <FQDN> ..."), "\(help.stdout)")
        #expect(!help.stdout.contains("[--failed"))
        let missing = try lynctopo(["restore", "topologies/enterprise-mirrored.xml"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--failed"))
    }

    @Test("publish and restore accept and refuse the same --file-share values", arguments: [
        ("\\\\fs01.contoso.com\\mirror", true), ("\\\\fs01\\it's here", true), ("\\\\fs01\\share\\sub\\", true),
        ("C:\\mirror", false), ("fs01\\share", false), ("\\\\fs01", false), ("\\\\fs01\\a:b", false),
        ("\\\\?\\C:\\x", false), ("\\\\fs01\\share\nRemove-Item", false), ("\\\\fs_01\\share", false),
    ])
    func fileShare(share: String, accepted: Bool) throws {
        let publish = try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--file-share", share, "--format", "json"])
        let restore = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql02.contoso.com",
                                    "--file-share", share, "--format", "json"])
        #expect((publish.status == 64) == !accepted, "publish: \(publish.stderr)")
        #expect((restore.status == 64) == !accepted, "restore: \(restore.stderr)")
        if !accepted {
            #expect(publish.stderr.contains("--file-share"))
            #expect(restore.stderr.contains("--file-share"))
        }
    }

    @Test("--version prints the library's version")
    func version() throws {
        let result = try lynctopo(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == LyncTopologyLibrary.version + "\n")
    }

    @Test("completion scripts for bash, zsh and fish name every subcommand", arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) throws {
        let result = try lynctopo(["--generate-completion-script", shell])
        #expect(result.status == 0)
        for command in ["show", "validate", "publish", "restore", "diff", "diagram", "format"] {
            #expect(result.stdout.contains(command), "\(shell): \(command)")
        }
    }

    @Test("every subcommand takes the document argument and --help", arguments: ["show", "validate", "publish", "restore", "diagram", "format"])
    func documentArgument(command: String) throws {
        let help = try lynctopo([command, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("<file>"))
        #expect(help.stdout.contains("Topology document (.xml or .tbxml)"))
    }
}
