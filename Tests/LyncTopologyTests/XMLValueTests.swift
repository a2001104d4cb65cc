import Testing
@testable import LyncTopology

/// The tree's values are laid out small (a large document holds hundreds of thousands of them) and must still
/// behave as plain values.
@Suite("XML nodes and attributes are small values")
struct XMLValueTests {
    @Test("an attribute keeps its prefix and namespace apart, and behaves as a value of four names")
    func attribute() {
        let plain = XMLAttribute(localName: "Fqdn", value: "pool.contoso.com")
        #expect(plain.prefix == nil && plain.namespaceURI == nil)
        var qualified = plain
        qualified.prefix = "p"
        qualified.namespaceURI = "urn:x"
        #expect(plain.prefix == nil && plain.namespaceURI == nil, "the original is left as it was")
        #expect(qualified.prefix == "p" && qualified.namespaceURI == "urn:x")
        #expect(qualified != plain)
        #expect(qualified == XMLAttribute(prefix: "p", localName: "Fqdn", namespaceURI: "urn:x", value: "pool.contoso.com"))

        var cleared = qualified
        cleared.prefix = nil
        #expect(cleared.prefix == nil && cleared.namespaceURI == "urn:x")
        cleared.namespaceURI = nil
        #expect(cleared == plain && cleared.hashValue == plain.hashValue)
        #expect(Set([plain, qualified, cleared]).count == 2)
        // Only the prefix or only the namespace differs: not equal.
        #expect(XMLAttribute(prefix: "a", localName: "x", value: "1") != XMLAttribute(localName: "x", namespaceURI: "a", value: "1"))
    }

    @Test("an attribute prints and dumps with its four names, as a plain structure")
    func reflection() {
        let attribute = XMLAttribute(prefix: "xmlns", localName: "p", value: "urn:x")
        #expect(String(describing: attribute)
                == #"XMLAttribute(prefix: Optional("xmlns"), localName: "p", namespaceURI: nil, value: "urn:x")"#)
        #expect(Mirror(reflecting: attribute).children.map(\.label) == ["prefix", "localName", "namespaceURI", "value"])
    }

    @Test("an attribute takes two strings and a word; a node takes a string and its case, an element is held by reference")
    func layout() {
        #expect(MemoryLayout<XMLAttribute>.size == 40)
        #expect(MemoryLayout<XMLNode>.stride == 24)
        #expect(MemoryLayout<XMLNode>.stride < MemoryLayout<XMLElement>.size)
        var element = XMLElement(localName: "Service", namespaceURI: "urn:x")
        let node = XMLNode.element(element)
        element.attributes.append(XMLAttribute(localName: "RoleName", value: "UserServices"))
        guard case .element(let inside) = node else { Issue.record("not an element"); return }
        #expect(inside.attributes.isEmpty, "a node holds its own copy of the element")
    }
}
