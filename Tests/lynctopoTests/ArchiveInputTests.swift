import Foundation
import Testing

@Suite("lynctopo on a CsConfiguration.zip")
struct ArchiveInputTests {
    static let sample = "topologies/enterprise-mirrored-config.zip"

    @Test("every reading command accepts the archive and describes the topology in it, as from the XML itself",
          arguments: [["show"], ["validate"], ["publish", "--first-publish"], ["restore", "--failed", "sql01.contoso.com"],
                      ["diagram"]])
    func everyCommand(_ command: [String]) throws {
        let fromArchive = try lynctopo(command.prefix(1) + [Self.sample] + command.dropFirst())
        let fromXML = try lynctopo(command.prefix(1) + ["topologies/enterprise-mirrored.xml"] + command.dropFirst())
        #expect(fromArchive.status == fromXML.status)
        #expect(!fromArchive.signaled)
        let archivePath = Self.sample + "!/configuration.xml"
        #expect(fromArchive.stdout.replacingOccurrences(of: archivePath, with: "topologies/enterprise-mirrored.xml") == fromXML.stdout)
    }

    @Test("diff compares an archive with the document it was exported from")
    func diff() throws {
        let result = try lynctopo(["diff", "topologies/enterprise-mirrored.xml", Self.sample, "--exit-code"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("No changes."))
    }

    @Test("format refuses to write an archive back (64) and writes the topology it found with -o")
    func format() throws {
        let toStdout = try lynctopo(["format", Self.sample])
        #expect(toStdout.status == 64)
        #expect(toStdout.stdout.isEmpty)
        #expect(toStdout.stderr.contains("error: format cannot write a CsConfiguration archive back"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lynctopo-archive-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let toZip = try lynctopo(["format", Self.sample, "-o", folder + "/again.zip"])
        #expect(toZip.status == 64)
        #expect(!FileManager.default.fileExists(atPath: folder + "/again.zip"))
        let toXML = try lynctopo(["format", Self.sample, "-o", folder + "/topology.xml"])
        #expect(toXML.status == 0)
        let same = try lynctopo(["diff", "topologies/enterprise-mirrored.xml", folder + "/topology.xml", "--exit-code"])
        #expect(same.status == 0)
    }

    @Test("an archive with no topology exits 65 listing what it holds; standard input is read the same way")
    func noTopology() throws {
        // A stored (uncompressed) archive with one entry, written by a ZIP tool: hello.txt = "hello".
        let archive = Data(base64Encoded: "UEsDBBQAAAAAAAAAIVyGphA2BQAAAAUAAAAJAAAAaGVsbG8udHh0aGVsbG9QSwECFAMUAAAAAAAAACFchqYQNgUAAAAFAAAACQAAAAAAAAAAAAAAgAEAAAAAaGVsbG8udHh0UEsFBgAAAAABAAEANwAAACwAAAAAAA==")
        let result = try lynctopo(["show", "-"], stdin: archive)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("<stdin>:1:1: error: no topology in the archive"))
        #expect(result.stderr.contains("hello.txt (5 bytes)"))
    }
}
