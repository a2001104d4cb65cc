import LyncTopology

/// Where a package's test material lives: the package root (found from a source file of the caller) and
/// its `topologies/` folder of sample documents.
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

    public func sample(_ name: String) -> String { topologies + "/" + name }
}
