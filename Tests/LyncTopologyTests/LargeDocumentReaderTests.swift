import Testing
@testable import LyncTopology

/// The reader hands libxml2 the document in chunks (`SAXState.chunkSize`) and shares equal strings; these
/// pin down that neither shows in the result.
@Suite("Reading large documents")
struct LargeDocumentReaderTests {
    /// A document of `count` machines, several times the chunk size, with a multi-byte character on every
    /// line so that columns count characters, not bytes.
    static func machine(_ index: Int) -> String {
        "  <Machine Note=\"é\" Fqdn=\"fe\(index).contoso.com\" OrdinalInCluster=\"\(index)\"><Name>fé\(index)</Name></Machine>"
    }

    static func machines(_ count: Int) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Topology xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\">\n"
        for index in 0..<count { text += machine(index) + "\n" }
        text += "</Topology>\n"
        return text
    }

    @Test("elements past the chunk boundaries keep their lines, columns, attributes and text")
    func chunkBoundaries() throws {
        let count = 12_000
        let text = Self.machines(count)
        #expect(text.utf8.count > 3 * SAXState.chunkSize)
        let document = try XMLReader().read(Array(text.utf8))
        let machines = document.root.childElements
        #expect(machines.count == count)
        for (index, machine) in machines.enumerated() {
            #expect(machine.location == SourceLocation(line: index + 3, column: 3))
            #expect(machine.attribute("Fqdn") == "fe\(index).contoso.com")
            #expect(machine.childElements.first?.text == "fé\(index)")
            let line = Self.machine(index)
            let column = line.firstRange(of: "<Name>").map { line.distance(from: line.startIndex, to: $0.lowerBound) + 1 }
            #expect(machine.childElements.first?.location == SourceLocation(line: index + 3, column: column ?? 0))
        }
        #expect(XMLWriter().string(document) == text)
    }

    @Test("a broken large document gets libxml2's whole-document diagnosis, at the right line")
    func brokenLargeDocument() throws {
        let text = Self.machines(8_000)
        let truncated = Array(text.utf8.dropLast("</Topology>\n".utf8.count))
        do {
            _ = try XMLReader().read(truncated)
            Issue.record("a truncated document was accepted")
        } catch {
            #expect(error.kind == .malformed)
            #expect(error.message.hasPrefix("Premature end of data"), "\(error.message)")
            #expect(error.message.contains("Topology"), "\(error.message)")
            #expect(error.location.line >= 8_002, "\(error.location)")
        }
    }

    @Test("equal names and values are one shared string")
    func sharedStrings() throws {
        var interner = StringInterner()
        let first = Array("urn:component:McuFactory".utf8).withUnsafeBufferPointer { interner.string($0) }
        let second = Array("urn:component:McuFactory".utf8).withUnsafeBufferPointer { interner.string($0) }
        let other = Array("urn:component:McuFactorz".utf8).withUnsafeBufferPointer { interner.string($0) }
        #expect(first == "urn:component:McuFactory" && other == "urn:component:McuFactorz")
        // One storage for both: the strings are the same object, not only equal.
        #expect(first.utf8.withContiguousStorageIfAvailable { $0.baseAddress } == second.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
        // Many distinct strings: every one comes back as it went in, past the table's growth.
        for index in 0..<5_000 {
            let text = "value-\(index)-" + String(repeating: "x", count: index % 40)
            #expect(Array(text.utf8).withUnsafeBufferPointer { interner.string($0) } == text)
        }
        let long = String(repeating: "y", count: StringInterner.maxLength + 1)
        #expect(Array(long.utf8).withUnsafeBufferPointer { interner.string($0) } == long)
    }

    @Test("the start of a tag is found whatever its distance from the cursor")
    func tagStarts() {
        let text = Array("<a><bb x=\"1\"/>   <c   y=\"22222222222222\"/></a>".utf8)
        text.withUnsafeBufferPointer { source in
            for end in 1..<source.count {
                let expected = source[..<end].lastIndex(of: 0x3C) ?? 0
                #expect(SAXState.lastTagOpen(in: source, before: end) == expected, "end \(end)")
            }
        }
    }

    @Test("the namespace URI of every element is one string, whatever the element")
    func namespaceShared() throws {
        let document = try XMLReader().read(Array(Self.machines(3).utf8))
        let uris = document.root.childElements.compactMap(\.namespaceURI)
        #expect(uris.count == 3 && Set(uris) == [TopologyNamespace.topology])
    }
}
