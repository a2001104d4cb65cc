import Testing
@testable import LyncTopology

@Suite("XML reader")
struct XMLReaderTests {
    let reader = XMLReader()

    @Test("elements are matched by namespace URI, whatever the prefix")
    func namespacesNotPrefixes() throws {
        let document = try reader.read(Array("""
            <t:Topology xmlns:t="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
              <t:Sites><Ports xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" /></t:Sites>
            </t:Topology>
            """.utf8))
        #expect(document.root.isNamed("Topology", in: TopologyNamespace.topology))
        #expect(document.root.prefix == "t")
        let sites = try #require(document.root.firstChild("Sites", in: TopologyNamespace.topology))
        #expect(sites.firstChild("Ports", in: TopologyNamespace.serviceRoles) != nil)
        #expect(sites.firstChild("Ports", in: TopologyNamespace.topology) == nil)
    }

    @Test("every element records the line and column of its start tag")
    func locations() throws {
        let document = try reader.read(Array("<a>\n  <b x=\"1\"\n     y=\"2\"/>\n\t<c>é<d/></c>\n</a>".utf8))
        let elements = document.root.childElements
        #expect(document.root.location == SourceLocation(line: 1, column: 1))
        #expect(elements[0].location == SourceLocation(line: 2, column: 3))
        #expect(elements[1].location == SourceLocation(line: 4, column: 2))
        #expect(elements[1].childElements[0].location == SourceLocation(line: 4, column: 6))
    }

    @Test("attributes and namespace declarations keep their written order")
    func attributeOrder() throws {
        let document = try reader.read(Array(#"<a xmlns="urn:x"><b Z="1" xmlns="urn:y" A="2" /><c xmlns="urn:z" Q="3"/></a>"#.utf8))
        let children = document.root.childElements
        #expect(children[0].attributes.map(\.qualifiedName) == ["Z", "xmlns", "A"])
        #expect(children[1].attributes.map(\.qualifiedName) == ["xmlns", "Q"])
        #expect(children[0].namespaceURI == "urn:y")
    }

    @Test("character and entity references in attributes are decoded once")
    func attributeReferences() throws {
        let document = try reader.read(Array(#"<a v="x &amp; y &lt; &#65;&#x42; &quot;q&quot;"/>"#.utf8))
        #expect(document.root.attribute("v") == "x & y < AB \"q\"")
    }

    @Test("a namespace URI with a reference is decoded once and written back as it was (fuzzer regression)")
    func namespaceReference() throws {
        let text = #"<a xmlns="urn:x&amp;y"><b xmlns:p="urn:&#65;" p:c="1" /></a>"#
        let document = try reader.read(Array(text.utf8))
        #expect(document.root.namespaceURI == "urn:x&y")
        #expect(document.root.attributes[0].value == "urn:x&y")
        #expect(document.root.childElements[0].attributes.last?.namespaceURI == "urn:A")
        let written = XMLWriter().bytes(document)
        #expect(try reader.read(written) == document)
    }

    @Test("UTF-16LE with a byte-order mark and CRLF is read and its form remembered")
    func utf16() throws {
        let text = "<a x=\"é\">\r\n  <b/>\r\n</a>\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes.append(UInt8(unit & 0xFF)); bytes.append(UInt8(unit >> 8)) }
        let document = try reader.read(bytes)
        #expect(document.format.encoding == .utf16LittleEndian)
        #expect(document.format.byteOrderMark)
        #expect(document.format.lineEnding == .crlf)
        #expect(document.root.attribute("x") == "é")
        #expect(document.root.childElements[0].location.line == 2)
        #expect(XMLWriter().bytes(document) == bytes)
    }

    @Test("UTF-8 with a byte-order mark and a declaration round-trips byte for byte")
    func utf8BOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<a>\r\n  <b c=\"d\"></b>\r\n</a>".utf8)
        let document = try reader.read(bytes)
        #expect(document.format.byteOrderMark)
        #expect(document.format.declaration == "<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        #expect(document.format.finalNewline == false)
        #expect(XMLWriter().bytes(document) == bytes)
    }

    @Test("comments, CDATA and processing instructions are kept")
    func otherNodes() throws {
        let text = "<!-- before -->\n<a><!-- inside --><![CDATA[x < y]]><?pi data?></a>\n"
        let document = try reader.read(Array(text.utf8))
        #expect(document.prolog == [.comment(" before ")])
        #expect(document.root.children == [.comment(" inside "), .cdata("x < y"), .processingInstruction(target: "pi", data: "data")])
        #expect(XMLWriter().string(document) == text)
    }

    @Test("malformed XML is an error with the line and column libxml2 reports")
    func malformed() {
        #expect {
            _ = try reader.read(Array("<a>\n  <b>\n</a>".utf8))
        } throws: { error in
            guard let error = error as? XMLParseError else { return false }
            return error.kind == .malformed && error.location.line == 3
        }
    }

    @Test("a DOCTYPE is refused before any entity is declared or fetched")
    func doctypeRefused() throws {
        for name in ["xxe-external-entity.xml", "billion-laughs.xml", "external-dtd.xml"] {
            let bytes = try fixture(name)
            #expect(throws: XMLParseError.self) { _ = try reader.read(bytes) }
            do { _ = try reader.read(bytes) } catch {
                #expect(error.kind == .forbiddenConstruct, "\(name)")
                #expect(error.location.line == 2, "\(name)")
            }
        }
    }

    @Test("an undeclared entity reference is an error, not an empty string")
    func undeclaredEntity() {
        do {
            _ = try reader.read(Array("<a>&secret;</a>".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("secret"))
        }
    }

    @Test("limits: depth, element count, attribute and text length, document size")
    func limits() throws {
        let nested = try fixture("absurd-nesting.xml")
        do { _ = try reader.read(nested); Issue.record("nesting accepted") } catch { #expect(error.kind == .limitExceeded) }

        let small = XMLReader(limits: XMLReaderLimits(maxDocumentBytes: 100, maxElements: 3, maxAttributeBytes: 4, maxTextBytes: 4))
        do { _ = try small.read(Array("<a><b/><c/><d/></a>".utf8)); Issue.record() } catch { #expect(error.kind == .limitExceeded) }
        do { _ = try small.read(Array("<a b=\"12345\"/>".utf8)); Issue.record() } catch { #expect(error.kind == .limitExceeded) }
        do { _ = try small.read(Array("<a>12345</a>".utf8)); Issue.record() } catch { #expect(error.kind == .limitExceeded) }
        do { _ = try small.read(Array(repeating: 0x20, count: 101)); Issue.record() } catch { #expect(error.kind == .limitExceeded) }
    }

    @Test("empty input, white space only and binary garbage are errors")
    func emptyAndGarbage() throws {
        for name in ["empty.xml", "whitespace-only.xml", "binary-garbage.bin", "truncated.xml"] {
            let bytes = try fixture(name)
            #expect(throws: XMLParseError.self, "\(name)") { _ = try reader.read(bytes) }
        }
    }

    @Test("a failed conversion from a detected encoding is reported with libxml2's reason, once (fuzzer regression)")
    func unconvertibleInput() throws {
        // `<` then seven NULs: libxml2 takes the document for UCS-4 and its conversion fails. It used to say so
        // on standard error itself, before the reader's message.
        let bytes = try fixture("unconvertible-ucs4.xml")
        do {
            _ = try reader.read(bytes)
            Issue.record("read")
        } catch {
            #expect(error.kind == .encoding)
            #expect(error.message.contains("(input conversion failed due to input error"), "\(error.message)")
        }
    }

    @Test("invalid UTF-16 is an encoding error")
    func invalidUTF16() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x3C, 0x00, 0x00, 0xD8, 0x3E, 0x00]
        do { _ = try reader.read(bytes); Issue.record() } catch { #expect(error.kind == .encoding) }
    }
}
