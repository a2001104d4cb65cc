import LyncTopology

/// Where the package's shared material lives, for tests: the package root (found from a source file of
/// the caller), its `topologies/` samples and the public corpus in `../shared/corpus/public/` beside the
/// checkout.
public struct TestPaths: Sendable {
    public var packageRoot: String

    /// `file` is a `#filePath` inside `Tests/<Target>/…` or `Sources/<Target>/…`.
    public init(file: String = #filePath) {
        var components = file.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while let last = components.last, last != "Tests" && last != "Sources" { components.removeLast() }
        if !components.isEmpty { components.removeLast() }
        packageRoot = components.joined(separator: "/")
    }

    public var topologies: String { packageRoot + "/topologies" }
    public var corpus: String { packageRoot + "/../shared/corpus/public" }

    public func sample(_ name: String) -> String { topologies + "/" + name }
    public func corpusDocument(_ name: String) -> String { corpus + "/" + name }
}
