import ArgumentParser
import LyncTopology

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
        Allocator.reserveHeadroom()
        // The command line asks the library to use every core (the library's default is the caller's thread).
        Parallelism.$current.withValue(.sideBySide) { main(nil) }
    }
}
