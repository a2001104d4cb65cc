import Foundation
import LyncTopologyTesting

/// The public corpus: real topology documents kept outside the package. Tests that read it run when it is
/// there and are skipped, with `Corpus.skipReason`, when it is not; the package's own samples and fixtures
/// cover the same shapes.
///
/// Where it is: the folder the environment variable `LYNCTOPO_CORPUS` names, else `../shared/corpus/public`
/// beside the package root. With `LYNCTOPO_REQUIRE_CORPUS=1` (as CI sets it when the folder is there) a
/// missing corpus fails a test instead of skipping quietly.
public enum Corpus {
    /// The corpus folder as tests name it on a command line: relative to the package root when it is the
    /// default one (so that paths in the output read `../shared/corpus/public/…`), else as given.
    public static let folder: String = {
        if let named = ProcessInfo.processInfo.environment["LYNCTOPO_CORPUS"], !named.isEmpty { return named }
        return "../shared/corpus/public"
    }()

    /// The corpus folder as an absolute path (or as given, when `LYNCTOPO_CORPUS` is absolute).
    public static var absoluteFolder: String {
        folder.hasPrefix("/") ? folder : TestPaths().packageRoot + "/" + folder
    }

    /// True when the corpus folder exists.
    public static let isAvailable: Bool = {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absoluteFolder, isDirectory: &isDirectory) && isDirectory.boolValue
    }()

    /// True when the environment asks for the corpus tests to run (`LYNCTOPO_REQUIRE_CORPUS=1`).
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["LYNCTOPO_REQUIRE_CORPUS"] == "1" }

    public static var skipReason: String {
        "the public corpus is not at \(folder) (set LYNCTOPO_CORPUS to its folder to run this test)"
    }

    /// A corpus document, by file name, as a command-line argument from the package root.
    public static func path(_ name: String) -> String { folder + "/" + name }

    /// A corpus document, by file name, as an absolute path.
    public static func absolutePath(_ name: String) -> String { absoluteFolder + "/" + name }
}

extension TestPaths {
    /// The corpus folder (see `Corpus`).
    public var corpus: String { Corpus.absoluteFolder }

    public func corpusDocument(_ name: String) -> String { Corpus.absolutePath(name) }
}
