import Foundation
import Testing
@testable import LyncTopology
import LyncTopologyTestSupport

/// A document read for its model (`TopologyDocument.Content.model`, what the read-only commands use) has the
/// model, the findings and the read errors of a whole read, with less of the XML kept.
@Suite("Reading a document for its model")
struct ModelContentTests {
    /// Reads `bytes` both ways and expects the same document model or the same error.
    static func expectSameModel(_ bytes: [UInt8], path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let whole = Result { () throws(TopologyError) in try TopologyDocument(bytes: bytes, path: path) }
        let model = Result { () throws(TopologyError) in try TopologyDocument(bytes: bytes, path: path, content: .model) }
        switch (whole, model) {
        case (.success(let whole), .success(let model)):
            #expect(model.content == .model && whole.content == .whole, sourceLocation: sourceLocation)
            #expect(model.topology == whole.topology, "\(path)", sourceLocation: sourceLocation)
            #expect(model.original == whole.original, "\(path)", sourceLocation: sourceLocation)
            #expect(model.kind == whole.kind && model.archive == whole.archive, "\(path)", sourceLocation: sourceLocation)
            #expect(TopologyValidator.validate(model.topology) == TopologyValidator.validate(whole.topology), "\(path)",
                    sourceLocation: sourceLocation)
        case (.failure(let whole), .failure(let model)):
            #expect(model == whole, "\(path)", sourceLocation: sourceLocation)
        default:
            Issue.record("\(path): read whole \(whole), for the model \(model)", sourceLocation: sourceLocation)
        }
    }

    static let samples = ["enterprise-mirrored.xml", "standard-edition.xml", "paired-pools.xml", "new-design.tbxml",
                          "alwayson-pool.xml", "two-sites-archiving-monitoring.xml", "pool-edit.tbxml",
                          "paired-sites-standby-cms.xml", "enterprise-mirrored-config.zip"]

    @Test("every sample has the same model and findings read either way", arguments: samples)
    func everySample(name: String) throws {
        Self.expectSameModel(try FileIO.read(path: paths.sample(name), limit: 1 << 26), path: name)
    }

    @Test("every fixture, broken ones included, reads to the same model or fails with the same error")
    func fixtures() throws {
        let folder = paths.packageRoot + "/Tests/LyncTopologyTests/Fixtures"
        let names = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { !$0.hasSuffix("/") }.sorted()
        var read = 0
        for name in names {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            Self.expectSameModel(try fixture(name), path: name)
            read += 1
        }
        #expect(read > 10)
    }

    @Test("every public corpus document has the same model read either way", .needsCorpus)
    func everyCorpusDocument() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: paths.corpus).filter { $0.hasSuffix(".xml") || $0.hasSuffix(".tbxml") }
        #expect(!names.isEmpty)
        for name in names.sorted() {
            Self.expectSameModel(try FileIO.read(path: paths.corpusDocument(name), limit: 1 << 26), path: name)
        }
    }

    /// Every node of a tree, depth first.
    static func nodes(_ element: XMLElement) -> [XMLNode] {
        element.children.flatMap { node -> [XMLNode] in
            if case .element(let child) = node { return [node] + nodes(child) }
            return [node]
        }
    }

    @Test("the tree leaves out the elements the decoder never reads and the white space between elements")
    func pruned() throws {
        let document = try TopologyDocument.load(path: paths.sample("enterprise-mirrored.xml"), content: .model)
        let whole = try sample("enterprise-mirrored.xml")
        let kept = Self.nodes(document.xml.root), all = Self.nodes(whole.xml.root)
        func names(_ nodes: [XMLNode]) -> Set<String> {
            Set(nodes.compactMap { if case .element(let element) = $0 { element.localName } else { nil } })
        }
        #expect(names(all).isSuperset(of: ["NetInterface", "WebComponents", "Component", "Machine", "Port", "Service"]))
        #expect(names(kept).isDisjoint(with: TopologyDecoder.pruning.skippedElements + ["Component"]))
        #expect(names(kept).isSuperset(of: ["Machine", "Port", "Service", "ServiceId", "InstalledOn", "DependsOn"]))
        let blank = kept.filter { if case .text(let text) = $0 { text.allSatisfy(\.isWhitespace) } else { false } }
        #expect(blank.isEmpty)
        #expect(kept.count < all.count / 2)
    }

    @Test("white space inside a text element is kept, outside it is left out, whatever the text is")
    func textElements() throws {
        let text = """
            <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
              <Sites>
                <CentralSite SiteId="1"><Name>  </Name><Description> a <!-- note --> b </Description></CentralSite>
              </Sites>
              <Other> x </Other>
            </Topology>
            """
        let xml = try XMLReader(pruning: TopologyDecoder.pruning).read(Array(text.utf8))
        let site = try #require(xml.root.firstChild("Sites", in: TopologyNamespace.topology)?.childElements.first)
        #expect(site.childElements.map(\.text) == ["  ", " a  b "])
        #expect(xml.root.childElements.map(\.localName) == ["Sites", "Other"])
        #expect(xml.root.firstChild("Other", in: TopologyNamespace.topology)?.text == " x ")
        #expect(xml.root.children.count == 2)
    }

    /// A document whose skipped elements (`NetInterface`) hold what breaks a limit.
    static func withInsideSkipped(_ inner: String) -> [UInt8] {
        Array("""
            <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
              <Clusters><Cluster><Machine Fqdn="a.contoso.com"><NetInterface InterfaceSide="Primary">\(inner)</NetInterface></Machine></Cluster></Clusters>
            </Topology>
            """.utf8)
    }

    @Test("a limit broken inside a skipped element fails the read where and how a whole read fails",
          arguments: [
            (XMLReaderLimits(maxElements: 6), String(repeating: "<X/>", count: 3)),
            (XMLReaderLimits(maxDepth: 6), "<X><Y><Z/></Y></X>"),
            (XMLReaderLimits(maxAttributeBytes: 4), "<X A=\"12345\"/>"),
            (XMLReaderLimits(maxTextBytes: 4), "12345"),
            (XMLReaderLimits(maxAttributesPerElement: 2), "<X A=\"1\" B=\"2\" C=\"3\"/>"),
            (XMLReaderLimits(maxAttributesPerElement: 1), "<X xmlns:p=\"urn:p\" A=\"1\"/>"),
            (XMLReaderLimits(), "<X></Y>"),
          ])
    func limits(limits: XMLReaderLimits, inner: String) throws {
        let bytes = Self.withInsideSkipped(inner)
        let whole = Result { () throws(XMLParseError) in try XMLReader(limits: limits).read(bytes) }
        let pruned = Result { () throws(XMLParseError) in try XMLReader(limits: limits, pruning: TopologyDecoder.pruning).read(bytes) }
        guard case .failure(let expected) = whole else {
            Issue.record("the whole read did not fail: \(inner)")
            return
        }
        #expect(pruned.failureValue == expected)
        // Within the limit, the same document reads either way.
        #expect(throws: Never.self) { try XMLReader(pruning: TopologyDecoder.pruning).read(Self.withInsideSkipped("<X/>")) }
    }

    @Test("a pruned read in two parts at every point is the pruned read in one",
          arguments: ["enterprise-mirrored.xml", "paired-pools.xml", "new-design.tbxml"])
    func inParts(name: String) throws {
        let bytes = try FileIO.read(path: paths.sample(name), limit: 1 << 26)
        let reader = XMLReader(pruning: TopologyDecoder.pruning)
        let one = try reader.read(bytes, parts: .never)
        var split = 0
        for point in PartReadingTests.points(bytes) {
            let read = try reader.read(bytes, parts: .near(point))
            if read.inParts { split += 1 }
            #expect(read.document == one.document, "at \(point)")
            #expect(PartReadingTests.outline(read.document) == PartReadingTests.outline(one.document), "at \(point)")
        }
        #expect(split > 0)
    }

    @Test("a document read for its model is not edited or written")
    func readOnly() throws {
        var document = try TopologyDocument.load(path: paths.sample("enterprise-mirrored.xml"), content: .model)
        let error = #expect(throws: TopologyEditError.self) { try document.addSite("Elsewhere") }
        guard case .unsupportedDocument(let reason)? = error else {
            Issue.record("not refused as a document read for its model: \(String(describing: error))")
            return
        }
        #expect(reason.contains("model only"))
        #expect(document.topology == (try sample("enterprise-mirrored.xml")).topology)
        let path = NSTemporaryDirectory() + "/lynctopo-model-\(UUID().uuidString).xml"
        #expect(throws: TopologyWriteError.self) { try document.write(to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
