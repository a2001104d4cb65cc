import Testing
@testable import LyncTopology
import LyncTopologyTesting

@Suite("Round trip of real and sample documents")
struct RoundTripTests {
    static let corpusNames = [
        "01-sfb2019-standard-edition.xml", "02-sfb2015-standard-edition-edge-pstn-gateway.xml",
        "03-sfb2015-enterprise-pool-alwayson-sql-wac.xml", "04-lync2013-two-sites-paired-se-pools-edge.xml",
        "05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml", "06-tbxml-downloaded-original-and-new-topology.tbxml",
    ]
    static let sampleNames = ["standard-edition.xml", "enterprise-mirrored.xml", "two-sites-archiving-monitoring.xml", "pool-edit.tbxml",
                              "alwayson-pool.xml", "paired-sites-standby-cms.xml", "new-design.tbxml"]

    @Test("writing an unedited corpus document gives back the same bytes", .needsCorpus, arguments: corpusNames)
    func corpusBytes(name: String) throws {
        let bytes = try FileIO.read(path: paths.corpusDocument(name), limit: 1 << 24)
        let document = try TopologyDocument(bytes: bytes, path: name)
        #expect(document.serialized() == bytes)
    }

    @Test("writing an unedited sample gives back the same bytes", arguments: sampleNames)
    func sampleBytes(name: String) throws {
        let bytes = try FileIO.read(path: paths.sample(name), limit: 1 << 24)
        let document = try TopologyDocument(bytes: bytes, path: name)
        #expect(document.serialized() == bytes)
    }
}

@Suite("Round trip of line breaks inside comments, CDATA and processing instructions")
struct LineBreakRoundTripTests {
    // A CRLF document is read as CRLF when its first line break is; libxml2 hands over the text of these
    // constructs with every line break as "\n", so each must be written back with "\r\n" (fuzzer regression:
    // a processing instruction holding the first line breaks was written with "\n", and the document then read
    // again as LF).
    static let documents = [
        "<?x one\r\ntwo?>\r\n<a>\r\n  <b/>\r\n</a>\r\n",
        "<!-- one\r\ntwo -->\r\n<a>\r\n  <b/>\r\n</a>\r\n",
        "<a><![CDATA[one\r\ntwo]]>\r\n  <b/>\r\n</a>\r\n",
    ]

    @Test("written back byte for byte, and read again as the same document", arguments: documents)
    func crlfInside(text: String) throws {
        let bytes = Array(text.utf8)
        let document = try XMLReader().read(bytes)
        #expect(document.format.lineEnding == .crlf)
        let written = XMLWriter().bytes(document)
        #expect(written == bytes, "\(String(decoding: written, as: UTF8.self).debugDescription)")
        let again = try XMLReader().read(written)
        #expect(again == document)
    }

    @Test("the fuzzer's document: a processing instruction before the root holds the first line breaks")
    func fuzzerInput() throws {
        let path = paths.packageRoot + "/Tests/LyncTopologyTests/Fixtures/fuzz/pipeline-crlf-in-processing-instruction.xml"
        let document = try TopologyDocument(bytes: try FileIO.read(path: path, limit: 1 << 20), path: path)
        let again = try TopologyDocument(bytes: document.serialized(), path: "rewritten.xml")
        #expect(again.xml == document.xml)
    }
}
