import ArgumentParser
import LyncTopology

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet available)", shouldDisplay: false)

    func run() throws {
        printError("lynctopo: this command is not available yet")
        throw Exit.usage
    }
}
