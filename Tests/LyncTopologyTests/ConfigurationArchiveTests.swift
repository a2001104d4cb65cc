import Foundation
import Testing
import ZIPFoundation
import LyncTopology
import LyncTopologyTesting

/// Builds ZIP archives in memory for the tests, and patches their central directory to make hostile ones.
enum ZipFixture {
    static func archive(_ entries: [(name: String, bytes: [UInt8])], deflate: Bool = true) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for entry in entries {
            let data = Data(entry.bytes)
            try archive.addEntry(with: entry.name, type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: Date(timeIntervalSince1970: 1_767_225_600),
                                 compressionMethod: deflate ? .deflate : .none) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return Array(try #require(archive.data))
    }

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    /// The offsets of the central directory headers.
    static func directoryHeaders(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var index = 0
        while index + 4 <= bytes.count {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x01, bytes[index + 3] == 0x02 { offsets.append(index) }
            index += 1
        }
        return offsets
    }

    static func patch16(_ bytes: inout [UInt8], _ at: Int, _ value: UInt16) {
        bytes[at] = UInt8(value & 0xFF)
        bytes[at + 1] = UInt8(value >> 8)
    }

    static func patch32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
        for shift in 0..<4 { bytes[at + shift] = UInt8((value >> (8 * UInt32(shift))) & 0xFF) }
    }
}

@Suite("CsConfiguration.zip")
struct ConfigurationArchiveTests {
    let paths = TestPaths()

    func read(_ bytes: [UInt8], limits: ArchiveLimits = .default) throws(TopologyError) -> TopologyDocument {
        try TopologyDocument(bytes: bytes, path: "CsConfiguration.zip", archiveLimits: limits)
    }

    func message(_ bytes: [UInt8], limits: ArchiveLimits = .default) -> String? {
        do {
            _ = try read(bytes, limits: limits)
            return nil
        } catch {
            #expect(error.exitCodeIsUnreadable)
            return error.description
        }
    }

    var sampleXML: [UInt8] {
        get throws { Array(try Data(contentsOf: URL(fileURLWithPath: paths.sample("enterprise-mirrored.xml")))) }
    }

    @Test("the shipped sample archive holds the enterprise-mirrored topology, embedded as text")
    func shippedSample() throws {
        let document = try TopologyDocument.load(path: paths.sample("enterprise-mirrored-config.zip"))
        let plain = try TopologyDocument.load(path: paths.sample("enterprise-mirrored.xml"))
        #expect(document.archive?.entry == "configuration.xml")
        #expect(document.archive?.isEmbeddedText == true)
        #expect(document.path.hasSuffix("enterprise-mirrored-config.zip!/configuration.xml"))
        #expect(document.topology.clusters.map(\.fqdn) == plain.topology.clusters.map(\.fqdn))
        #expect(document.topology.stores.map(\.displayName) == plain.topology.stores.map(\.displayName))
        #expect(document.topology.centralManagement?.pool == plain.topology.centralManagement?.pool)
        #expect(document.topology.findings == plain.topology.findings)
    }

    @Test("a topology document as an entry of its own is read as it is, lines and all")
    func wholeEntry() throws {
        let bytes = try ZipFixture.archive([("readme.txt", ZipFixture.text("not xml")), ("Topology.xml", try sampleXML)])
        let document = try read(bytes)
        #expect(document.archive?.entry == "Topology.xml")
        #expect(document.archive?.isEmbeddedText == false)
        #expect(document.topology.clusters.count == (try TopologyDocument(bytes: try sampleXML, path: "x")).topology.clusters.count)
        #expect(document.serialized() == (try sampleXML))
    }

    @Test("a topology element below the root keeps the namespace declarations of its ancestors")
    func nestedElement() throws {
        let xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <Set xmlns:t="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
              <Item Name="Topology">
                <t:Topology>
                  <t:Sites><t:CentralSite SiteId="1"><t:Name>Oslo</t:Name></t:CentralSite></t:Sites>
                  <t:Clusters>
                    <t:Cluster Fqdn="se01.fabrikam.com"><t:ClusterId SiteId="1" Number="1" /><t:Machine OrdinalInCluster="1" Fqdn="se01.fabrikam.com" /></t:Cluster>
                  </t:Clusters>
                </t:Topology>
              </Item>
            </Set>
            """
        let document = try read(try ZipFixture.archive([("set.xml", ZipFixture.text(xml))]))
        #expect(document.archive?.isEmbeddedText == false)
        #expect(document.topology.sites.map(\.name) == ["Oslo"])
        #expect(document.topology.clusters.map(\.fqdn) == ["se01.fabrikam.com"])
        #expect(document.topology.clusters.first?.location == SourceLocation(line: 7, column: 9))
        let written = String(decoding: document.serialized(), as: UTF8.self)
        #expect(written.contains("<t:Topology xmlns:t=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\">"))
        #expect((try TopologyDocument(bytes: document.serialized(), path: "again")).topology.clusters.count == 1)
    }

    @Test("a Topology Builder file inside an archive is read as one")
    func tbxml() throws {
        let tbxml = Array(try Data(contentsOf: URL(fileURLWithPath: paths.sample("pool-edit.tbxml"))))
        let document = try read(try ZipFixture.archive([("edit.tbxml", tbxml)]))
        #expect(document.kind == .tbxml)
        #expect(document.original != nil)
    }

    @Test("an archive without a topology lists what it holds")
    func noTopology() throws {
        let bytes = try ZipFixture.archive([("policies.xml", ZipFixture.text("<Policies><Policy Name=\"a\" /></Policies>")),
                                            ("notes.txt", ZipFixture.text("hello")), ("broken.xml", ZipFixture.text("<a><b></a>"))])
        let text = try #require(message(bytes))
        #expect(text.hasPrefix("CsConfiguration.zip:1:1: error: no topology in the archive"))
        #expect(text.contains("policies.xml (40 bytes)"))
        #expect(text.contains("notes.txt (5 bytes)"))
        #expect(text.contains("not well-formed XML: broken.xml"))
    }

    @Test("an empty archive holds no file")
    func emptyArchive() throws {
        let text = try #require(message(try ZipFixture.archive([])))
        #expect(text.contains("it holds no file"))
    }

    @Test("an encrypted entry refuses the archive")
    func encrypted() throws {
        var bytes = try ZipFixture.archive([("Topology.xml", try sampleXML)])
        let header = try #require(ZipFixture.directoryHeaders(bytes).first)
        ZipFixture.patch16(&bytes, header + 8, 0x0801)
        #expect(message(bytes)?.contains("entry 'Topology.xml' is encrypted") == true)
    }

    @Test("names with '..', absolute paths or drives refuse the archive", arguments: [
        "../Topology.xml", "a/../../Topology.xml", "/etc/Topology.xml", "\\\\server\\Topology.xml", "C:/Topology.xml", "a\\..\\b.xml",
    ])
    func hostileNames(_ name: String) throws {
        let text = try #require(message(try ZipFixture.archive([(name, try sampleXML)])))
        #expect(text.contains("refused"))
        #expect(!text.contains("no topology"))
    }

    @Test("a nested archive refuses the archive, by name or by content")
    func nested() throws {
        let inner = try ZipFixture.archive([("Topology.xml", try sampleXML)])
        #expect(message(try ZipFixture.archive([("backup.zip", inner)]))?.contains("nested archives are refused") == true)
        #expect(message(try ZipFixture.archive([("data.bin", inner)]))?.contains("is itself a ZIP archive") == true)
    }

    @Test("a zip bomb is refused from its directory, before anything is inflated")
    func bomb() throws {
        let zeros = [UInt8](repeating: 0x20, count: 8 << 20)
        let bytes = try ZipFixture.archive([("big.xml", zeros)])
        #expect(bytes.count < 100_000)
        #expect(message(bytes)?.contains("more than the ratio of 200 accepted") == true)
    }

    @Test("sizes and counts beyond the limits refuse the archive")
    func limits() throws {
        let bytes = try ZipFixture.archive([("a.xml", ZipFixture.text("<a/>")), ("b.xml", ZipFixture.text("<b/>")),
                                            ("Topology.xml", try sampleXML)])
        #expect(message(bytes, limits: ArchiveLimits(maxEntries: 2))?.contains("has 3 entries, more than the 2 accepted") == true)
        #expect(message(bytes, limits: ArchiveLimits(maxEntryBytes: 1_000))?.contains("more than the 1000 accepted") == true)
        #expect(message(bytes, limits: ArchiveLimits(maxTotalBytes: 1_000))?.contains("in all") == true)
        #expect((try? read(bytes)) != nil)
    }

    @Test("an entry that inflates to more than its directory says is refused")
    func lyingSize() throws {
        var bytes = try ZipFixture.archive([("Topology.xml", try sampleXML)])
        let header = try #require(ZipFixture.directoryHeaders(bytes).first)
        ZipFixture.patch32(&bytes, header + 24, 100)
        let text = try #require(message(bytes))
        #expect(text.contains("Topology.xml"))
        #expect(text.contains("100"))
    }

    @Test("an entry whose local header lies past the data is refused before ZIPFoundation reads it (fuzzer regression)")
    func localHeaderPastEnd() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: paths.packageRoot + "/Tests/LyncTopologyTests/Fixtures/fuzz/archive-local-header-past-end.zip")))
        let text = try #require(message(bytes))
        #expect(text.contains("damaged local header"))
        var shifted = try ZipFixture.archive([("Topology.xml", try sampleXML)])
        let header = try #require(ZipFixture.directoryHeaders(shifted).first)
        ZipFixture.patch32(&shifted, header + 42, UInt32(shifted.count + 1_000))
        #expect(message(shifted)?.contains("points outside the archive") == true)
    }

    @Test("a deflate stream that ends before its declared size is refused at once (fuzzer regression: it looped)")
    func shortStream() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: paths.packageRoot + "/Tests/LyncTopologyTests/Fixtures/fuzz/archive-deflate-shorter-than-declared.zip")))
        let text = try #require(message(bytes))
        #expect(text.contains("configuration.xml"))
        #expect(text.contains("refused"))
    }

    @Test("an entry whose bytes do not match its CRC-32 is refused")
    func badCRC() throws {
        var bytes = try ZipFixture.archive([("Topology.xml", try sampleXML)], deflate: false)
        let header = try #require(ZipFixture.directoryHeaders(bytes).first)
        ZipFixture.patch32(&bytes, header + 16, 0xDEAD_BEEF)
        #expect(message(bytes)?.contains("does not match its CRC-32") == true)
    }

    @Test("damaged archives are refused with a message, never a crash")
    func damaged() throws {
        let bytes = try ZipFixture.archive([("Topology.xml", try sampleXML), ("other.xml", ZipFixture.text("<o/>"))])
        for cut in [4, 30, bytes.count / 2, bytes.count - 30, bytes.count - 1] {
            #expect(message(Array(bytes[..<cut])) != nil)
        }
        var flipped = bytes
        for index in stride(from: 0, to: flipped.count, by: 97) {
            flipped[index] ^= 0x5A
            _ = message(flipped)
        }
    }
}

extension TopologyError {
    var exitCodeIsUnreadable: Bool {
        if case .unreadable = self { return true }
        return false
    }
}
