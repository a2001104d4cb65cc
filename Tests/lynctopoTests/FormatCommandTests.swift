import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("lynctopo format")
struct FormatCommandTests {
    static let documents = [
        "topologies/standard-edition.xml", "topologies/enterprise-mirrored.xml", "topologies/two-sites-archiving-monitoring.xml",
        "topologies/pool-edit.tbxml", "topologies/alwayson-pool.xml", "topologies/paired-sites-standby-cms.xml", "topologies/new-design.tbxml",
    ]
    static let corpusDocuments = [
        Corpus.path("01-sfb2019-standard-edition.xml"), Corpus.path("02-sfb2015-standard-edition-edge-pstn-gateway.xml"),
        Corpus.path("03-sfb2015-enterprise-pool-alwayson-sql-wac.xml"), Corpus.path("04-lync2013-two-sites-paired-se-pools-edge.xml"),
        Corpus.path("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml"),
        Corpus.path("06-tbxml-downloaded-original-and-new-topology.tbxml"),
    ]

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lynctopo-format-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path.hasPrefix("/") ? path : paths.packageRoot + "/" + path))
    }

    @Test("writes every sample back byte for byte, in its own encoding", arguments: documents)
    func sameBytes(document: String) throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/out"
        let result = try lynctopo(["format", document, "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
        #expect(try Self.bytes(output) == Self.bytes(document))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out"], "no temporary file left")
    }

    @Test("writes every corpus document back byte for byte, in its own encoding", .needsCorpus, arguments: corpusDocuments)
    func sameCorpusBytes(document: String) throws {
        try sameBytes(document: document)
    }

    @Test("without -o the document goes to standard output; - reads standard input")
    func standardStreams() throws {
        let original = try Self.bytes("topologies/enterprise-mirrored.xml")
        let result = try lynctopo(["format", "topologies/enterprise-mirrored.xml"])
        #expect(result.status == 0)
        #expect(Data(result.stdout.utf8) == original)
        let piped = try lynctopo(["format", "-"], stdin: original)
        #expect(piped.status == 0 && Data(piped.stdout.utf8) == original)
    }

    @Test("--format json with -o says what was written")
    func jsonSummary() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try lynctopo(["format", "topologies/standard-edition.xml", "-o", folder + "/se.xml", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(object["document"] as? String == "topologies/standard-edition.xml")
        #expect(object["output"] as? String == folder + "/se.xml")
        #expect(object["kind"] as? String == "topology")
        #expect(object["encoding"] as? String == "UTF-16LE" && object["lineEnding"] as? String == "CRLF")
        #expect(object["byteOrderMark"] as? Bool == true)
        #expect(object["bytes"] as? Int == (try Self.bytes("topologies/standard-edition.xml").count))
    }

    @Test("-o over the input itself replaces it with the same bytes")
    func inPlace() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/pool-edit.tbxml"
        try Self.bytes("topologies/pool-edit.tbxml").write(to: URL(fileURLWithPath: path))
        let result = try lynctopo(["format", path, "-o", path])
        #expect(result.status == 0)
        #expect(try Self.bytes(path) == Self.bytes("topologies/pool-edit.tbxml"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["pool-edit.tbxml"])
    }

    @Test("an output that cannot be written exits 73 and leaves nothing behind")
    func cannotWrite() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let missing = try lynctopo(["format", "topologies/standard-edition.xml", "-o", folder + "/missing/out.xml"])
        #expect(missing.status == 73)
        #expect(missing.stderr.hasPrefix(folder + "/missing/out.xml: error: cannot write: "))
        #expect(missing.stdout.isEmpty)

        try FileManager.default.createDirectory(atPath: folder + "/taken", withIntermediateDirectories: false)
        let directory = try lynctopo(["format", "topologies/standard-edition.xml", "-o", folder + "/taken"])
        #expect(directory.status == 73)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["taken"], "no temporary file left")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/taken").isEmpty)
    }

    @Test("-o follows a symbolic link and writes a device in place: neither is replaced by a file")
    func linksAndDevices() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.bytes("topologies/enterprise-mirrored.xml").write(to: URL(fileURLWithPath: folder + "/real.xml"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.xml", withDestinationPath: folder + "/real.xml")
        let linked = try lynctopo(["format", "topologies/pool-edit.tbxml", "-o", folder + "/link.xml"])
        #expect(linked.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.xml") == folder + "/real.xml")
        #expect(try Self.bytes(folder + "/real.xml") == Self.bytes("topologies/pool-edit.tbxml"))

        // Copies of /dev/null and /dev/full in the scratch folder (only where device nodes may be made).
        guard mknod(folder + "/null", S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0,
              mknod(folder + "/full", S_IFCHR | 0o666, dev_t(1 << 8 | 7)) == 0 else { return }
        func isDevice(_ path: String) -> Bool {
            var info = stat()
            return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
        }
        #expect(try lynctopo(["format", "topologies/standard-edition.xml", "-o", folder + "/null"]).status == 0)
        let full = try lynctopo(["format", "topologies/standard-edition.xml", "-o", folder + "/full"])
        #expect(full.status == 73)
        #expect(full.stderr.hasPrefix(folder + "/full: error: cannot write: "))
        #expect(isDevice(folder + "/null") && isDevice(folder + "/full"), "a device is written in place, never replaced")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["full", "link.xml", "null", "real.xml"])
    }

    @Test("unreadable and missing inputs, and bad arguments, keep their exit codes")
    func inputErrors() throws {
        let hostile = try lynctopo(["format", "Tests/LyncTopologyTests/Fixtures/xxe-external-entity.xml"])
        #expect(hostile.status == 65 && hostile.stdout.isEmpty)
        #expect(hostile.stderr.hasPrefix("Tests/LyncTopologyTests/Fixtures/xxe-external-entity.xml:2:"))
        let missing = try lynctopo(["format", "no/such.xml"])
        #expect(missing.status == 66)
        #expect(try lynctopo(["format"]).status == 64)
        #expect(try lynctopo(["format", "topologies/standard-edition.xml", "--format", "json"]).status == 64, "json needs -o")
        #expect(try lynctopo(["format", "topologies/standard-edition.xml", "-o", ""]).status == 64)
    }

    @Test("format is listed in the help")
    func listed() throws {
        let help = try lynctopo(["--help"])
        #expect(help.stdout.contains("format"))
    }
}
