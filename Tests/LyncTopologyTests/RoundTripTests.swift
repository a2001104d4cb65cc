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
