import Foundation
import Testing
@testable import LyncTopology
import LyncTopologyTestSupport

/// A document read in two parts side by side (`XMLReader.readInParts`) is the document the one-part read gives,
/// position of every element included, and every error is the one-part read's.
@Suite("Reading in two parts")
struct PartReadingTests {
    /// Every element's qualified name, location and self-closing style, in document order: what equality of
    /// `XMLElement` leaves out.
    static func outline(_ document: XMLDocument) -> [String] {
        var lines: [String] = []
        func walk(_ element: XMLElement) {
            lines.append("\(element.qualifiedName) \(element.location) \(element.isSelfClosing) \(element.spaceBeforeSelfClose)")
            for case .element(let child) in element.children { walk(child) }
        }
        walk(document.root)
        return lines
    }

    /// Reads `bytes` in two parts near each offset (or in one part), returning the outcome as text: the
    /// document's outline and whether it was split, or the error.
    static func outcome(_ bytes: [UInt8], _ parts: XMLReader.Parts, limits: XMLReaderLimits = .default)
        -> (document: XMLDocument?, error: XMLParseError?, inParts: Bool) {
        do {
            let read = try XMLReader(limits: limits).read(bytes, parts: parts)
            return (read.document, nil, read.inParts)
        } catch {
            return (nil, error, false)
        }
    }

    /// The offsets just after each `>` of the text.
    static func points(_ bytes: [UInt8]) -> [Int] {
        bytes.indices.filter { bytes[$0] == 0x3E }.map { $0 + 1 }
    }

    static func expectSame(_ bytes: [UInt8], near points: [Int], limits: XMLReaderLimits = .default,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Int {
        let whole = outcome(bytes, .never, limits: limits)
        var split = 0
        for point in points {
            let part = outcome(bytes, .near(point), limits: limits)
            if part.inParts { split += 1 }
            #expect(part.error == whole.error, "at \(point)", sourceLocation: sourceLocation)
            #expect(part.document == whole.document, "at \(point)", sourceLocation: sourceLocation)
            if let a = part.document, let b = whole.document {
                #expect(outline(a) == outline(b), "at \(point)", sourceLocation: sourceLocation)
                #expect(a.prolog == b.prolog && a.epilog == b.epilog, "at \(point)", sourceLocation: sourceLocation)
            }
        }
        return split
    }

    @Test("each sample read in two parts at every point is the sample read in one",
          arguments: ["enterprise-mirrored.xml", "standard-edition.xml", "paired-pools.xml", "new-design.tbxml",
                      "alwayson-pool.xml", "two-sites-archiving-monitoring.xml", "pool-edit.tbxml"])
    func everyPoint(name: String) throws {
        let bytes = try FileIO.read(path: paths.sample(name), limit: 1 << 26)
        let points = Self.points(bytes)
        let split = Self.expectSame(bytes, near: points)
        // Many points are between elements whose namespaces are the root's: those reads really were split.
        #expect(split * 4 > points.count, "\(split) of \(points.count) points split")
    }

    @Test("side by side, a large document is read in two parts, and is the same document")
    func largeDocument() throws {
        let text = LargeDocumentReaderTests.machines(60_000)
        let bytes = Array(text.utf8)
        #expect(bytes.count >= XMLReader.partsFromBytes)
        let whole = try XMLReader().read(bytes, parts: .never)
        let split = try Parallelism.$current.withValue(.sideBySide) { try XMLReader().read(bytes, parts: .whenWorthIt) }
        #expect(split.inParts)
        #expect(split.document == whole.document)
        #expect(Self.outline(split.document) == Self.outline(whole.document))
        #expect(XMLWriter().string(split.document) == text)
        // On the caller's thread only (the default), nothing is split.
        #expect(try XMLReader().read(bytes, parts: .whenWorthIt).inParts == false)
    }

    @Test("side by side, a generated topology is read in two parts, and is the same document with the same model",
          .enabled(if: GeneratedDocument.python != nil, "needs python3 for Benchmarks/generate.py"))
    func generatedTopology() throws {
        let bytes = try GeneratedDocument.bytes(size: "5MB")
        let whole = try XMLReader().read(bytes, parts: .never)
        let split = try Parallelism.$current.withValue(.sideBySide) { try XMLReader().read(bytes, parts: .whenWorthIt) }
        #expect(split.inParts)
        #expect(split.document == whole.document)
        #expect(Self.outline(split.document) == Self.outline(whole.document))
        let model = try TopologyDocument(xml: split.document, path: "g.xml")
        let reference = try TopologyDocument(xml: whole.document, path: "g.xml")
        #expect(model.topology == reference.topology)
    }

    @Test("a point inside a comment, a CDATA section, a processing instruction or an attribute value is passed over")
    func pointsInsideMarkup() throws {
        let text = """
            <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
              <Sites><!-- a > <b/> --><Site Note="x > <y/>" /><![CDATA[ > <c/> ]]><?pi > <d/> ?><Site /></Sites>
              <Clusters xmlns:x="urn:other"><x:Cluster /><Cluster /></Clusters>
            </Topology>
            """
        _ = Self.expectSame(Array(text.utf8), near: Self.points(Array(text.utf8)))
    }

    @Test("namespaces declared inside the root are honoured: a point where they differ from the root's is passed over")
    func namespacesBelowTheRoot() throws {
        let text = """
            <a:Topology xmlns:a="urn:a" xmlns="urn:d">
              <Sites xmlns:b="urn:b"><b:Site /><Site /></Sites>
              <Clusters xmlns="urn:e"><Cluster /><Cluster a:Role="x" /></Clusters>
              <a:Services><a:Service /><Service /></a:Services>
            </a:Topology>
            """
        let bytes = Array(text.utf8)
        let split = Self.expectSame(bytes, near: Self.points(bytes))
        #expect(split > 0)
    }

    @Test("broken documents give the one-part read's error at every point",
          arguments: ["truncated.xml", "malformed-attribute.xml", "absurd-nesting.xml", "billion-laughs.xml",
                      "xxe-external-entity.xml", "wrong-root.xml", "odd-names.xml"])
    func brokenFixtures(name: String) throws {
        let bytes = try fixture(name)
        _ = Self.expectSame(bytes, near: Self.points(bytes))
    }

    @Test("errors in the later part are the one-part read's, where they stand")
    func errorsInTheLaterPart() throws {
        let bytes = try FileIO.read(path: paths.sample("enterprise-mirrored.xml"), limit: 1 << 26)
        let text = String(decoding: bytes, as: UTF8.self)
        let breakages: [(String, String)] = [
            ("</Services>", "</Servicez>"), ("</Topology>", ""), ("<Service ", "<Service &bogus; "),
            ("/>\n", "/>\n<!DOCTYPE x>"), ("</Service>", "</Service></Extra>"), (" Port=\"4443\"", " Port=\"4443\" Port=\"4443\""),
        ]
        for (target, replacement) in breakages {
            guard let range = text.ranges(of: target).last else { continue }
            var edited = text
            edited.replaceSubrange(range, with: replacement)
            let broken = Array(edited.utf8)
            #expect(Self.outcome(broken, .never).error != nil, "\(target)")
            let points = Self.points(broken)
            _ = Self.expectSame(broken, near: stride(from: 0, to: points.count, by: 7).map { points[$0] })
        }
    }

    @Test("limits hold for the two parts together")
    func limits() throws {
        let bytes = Array(LargeDocumentReaderTests.machines(400).utf8)
        let points = Self.points(bytes)
        let some = stride(from: 0, to: points.count, by: 37).map { points[$0] }
        // 400 machines of two elements each, and the root: 801 elements, three levels.
        for maxElements in [800, 801] {
            _ = Self.expectSame(bytes, near: some, limits: XMLReaderLimits(maxElements: maxElements))
        }
        for maxDepth in [2, 3] {
            _ = Self.expectSame(bytes, near: some, limits: XMLReaderLimits(maxDepth: maxDepth))
        }
    }
}

/// A topology from the benchmark's generator, `Benchmarks/generate.py`.
enum GeneratedDocument {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func bytes(size: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/python3")
        process.arguments = [paths.packageRoot + "/Benchmarks/generate.py", "--size", size]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
