/// A 1-based position in a source document: the line and the column (in characters) where a construct starts.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The location used for facts that belong to the whole document.
    public static let document = SourceLocation(line: 1, column: 1)

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// An XML attribute as written, namespace declarations included (`xmlns="…"` has no prefix and the
/// local name `xmlns`; `xmlns:p="…"` has the prefix `xmlns` and the local name `p`).
public struct XMLAttribute: Sendable, Hashable, CustomReflectable {
    public var localName: String
    public var value: String
    /// The prefix and the namespace URI, nil when both are (nearly every attribute of a topology). A large
    /// document holds hundreds of thousands of attributes: kept apart, the two rare names cost one word per
    /// attribute instead of two strings (40 bytes instead of 64), a tenth of the whole tree's memory.
    private var qualifier: Qualifier?

    /// An attribute's prefix and namespace URI, shared between copies (immutable: a change makes a new one).
    private final class Qualifier: Sendable {
        let prefix: String?
        let namespaceURI: String?

        init(prefix: String?, namespaceURI: String?) {
            self.prefix = prefix
            self.namespaceURI = namespaceURI
        }

        static func make(_ prefix: String?, _ namespaceURI: String?) -> Qualifier? {
            prefix == nil && namespaceURI == nil ? nil : Qualifier(prefix: prefix, namespaceURI: namespaceURI)
        }
    }

    public init(prefix: String? = nil, localName: String, namespaceURI: String? = nil, value: String) {
        self.localName = localName
        self.value = value
        self.qualifier = Qualifier.make(prefix, namespaceURI)
    }

    public var prefix: String? {
        get { qualifier?.prefix }
        set { qualifier = Qualifier.make(newValue, namespaceURI) }
    }

    public var namespaceURI: String? {
        get { qualifier?.namespaceURI }
        set { qualifier = Qualifier.make(prefix, newValue) }
    }

    public static func == (lhs: XMLAttribute, rhs: XMLAttribute) -> Bool {
        lhs.localName == rhs.localName && lhs.value == rhs.value && lhs.prefix == rhs.prefix
            && lhs.namespaceURI == rhs.namespaceURI
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(prefix)
        hasher.combine(localName)
        hasher.combine(namespaceURI)
        hasher.combine(value)
    }

    /// Prints and dumps with its four names, as a plain struct of them would.
    public var customMirror: Mirror {
        Mirror(self, children: ["prefix": prefix as Any, "localName": localName, "namespaceURI": namespaceURI as Any,
                                "value": value], displayStyle: .struct)
    }

    /// `xmlns` or `xmlns:p`.
    public var isNamespaceDeclaration: Bool {
        (prefix == nil && localName == "xmlns") || prefix == "xmlns"
    }

    /// The name as written in the document.
    public var qualifiedName: String {
        if let prefix, !prefix.isEmpty { return prefix + ":" + localName }
        return localName
    }
}

/// One node of an element's content, in document order. An element (and a processing instruction, two strings)
/// is held by reference (`indirect`): a node then takes 24 bytes instead of an element's 88, and the white space
/// between elements, half the nodes of a document, no longer takes an element's room.
public enum XMLNode: Sendable, Hashable {
    indirect case element(XMLElement)
    case text(String)
    case cdata(String)
    case comment(String)
    indirect case processingInstruction(target: String, data: String)
}

/// An XML element with everything needed to write it back: its qualified name, namespace, attributes in
/// their written order (namespace declarations among them), its content and whether it was written as an
/// empty-element tag. Equality ignores source locations: two trees are equal when they say the same thing.
public struct XMLElement: Sendable, Hashable {
    // `Optional<String>` rather than `String?`: the sugared spelling gives a stored property an implicit
    // `= nil`, after which the initializer assigns rather than initializes, and the optimizer then copies
    // the whole value once per construction (hundreds of thousands of times in a large document). Same type,
    // same API.
    public var prefix: Optional<String>
    public var localName: String
    public var namespaceURI: Optional<String>
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]
    public var location: SourceLocation
    /// `<X />` rather than `<X></X>`; only meaningful when `children` is empty.
    public var isSelfClosing: Bool
    /// `<X />` (the product's style) rather than `<X/>`.
    public var spaceBeforeSelfClose: Bool = true

    public init(prefix: String? = nil, localName: String, namespaceURI: String?, attributes: [XMLAttribute] = [],
                children: [XMLNode] = [], location: SourceLocation = .document, isSelfClosing: Bool = true) {
        self.prefix = prefix
        self.localName = localName
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
        self.location = location
        self.isSelfClosing = isSelfClosing
    }

    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
        lhs.localName == rhs.localName && lhs.namespaceURI == rhs.namespaceURI && lhs.prefix == rhs.prefix
            && lhs.attributes == rhs.attributes && lhs.children == rhs.children
            && (lhs.isSelfClosing == rhs.isSelfClosing || !lhs.children.isEmpty)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(localName)
        hasher.combine(namespaceURI)
        hasher.combine(attributes)
        hasher.combine(children)
    }

    public var qualifiedName: String {
        if let prefix, !prefix.isEmpty { return prefix + ":" + localName }
        return localName
    }

    /// True when the element has this namespace URI and local name.
    @inline(__always)
    public func isNamed(_ localName: String, in namespaceURI: String) -> Bool {
        self.localName == localName && self.namespaceURI == namespaceURI
    }

    /// The value of the attribute with this local name and no namespace (the way topology attributes are written).
    public func attribute(_ name: String) -> String? {
        for index in attributes.indices where attributes[index].localName == name {
            if attributes[index].namespaceURI == nil && !attributes[index].isNamespaceDeclaration { return attributes[index].value }
        }
        return nil
    }

    /// Sets (or, with `nil`, removes) an un-namespaced attribute, keeping the position of an existing one.
    public mutating func setAttribute(_ name: String, _ value: String?) {
        if let index = attributes.firstIndex(where: { $0.localName == name && $0.namespaceURI == nil && !$0.isNamespaceDeclaration }) {
            if let value { attributes[index].value = value } else { attributes.remove(at: index) }
        } else if let value {
            attributes.append(XMLAttribute(localName: name, value: value))
        }
    }

    /// The child elements, in order.
    public var childElements: [XMLElement] {
        var result: [XMLElement] = []
        result.reserveCapacity(children.count)
        for case .element(let element) in children { result.append(element) }
        return result
    }

    /// The first child element with this name.
    public func firstChild(_ localName: String, in namespaceURI: String) -> XMLElement? {
        for case .element(let element) in children where element.isNamed(localName, in: namespaceURI) { return element }
        return nil
    }

    /// Every child element with this name, in order.
    public func children(_ localName: String, in namespaceURI: String) -> [XMLElement] {
        var result: [XMLElement] = []
        for case .element(let element) in children where element.isNamed(localName, in: namespaceURI) { result.append(element) }
        return result
    }

    /// The concatenated character data directly inside the element.
    public var text: String {
        var result = ""
        for child in children {
            switch child {
            case .text(let string), .cdata(let string): result += string
            default: break
            }
        }
        return result
    }

    /// The number of elements in this subtree, this one included.
    public var elementCount: Int {
        var count = 1
        for case .element(let element) in children { count += element.elementCount }
        return count
    }
}

/// How a document was stored: enough to write it back in the same form.
public struct XMLDocumentFormat: Sendable, Hashable {
    public enum Encoding: String, Sendable, Hashable, Codable {
        case utf8 = "UTF-8"
        case utf16LittleEndian = "UTF-16LE"
        case utf16BigEndian = "UTF-16BE"
        case isoLatin1 = "ISO-8859-1"
    }

    public enum LineEnding: String, Sendable, Hashable, Codable {
        case lf = "LF"
        case crlf = "CRLF"
    }

    public var encoding: Encoding
    public var byteOrderMark: Bool
    public var lineEnding: LineEnding
    /// The XML declaration exactly as written (`<?xml version="1.0" encoding="utf-8"?>`), or nil when absent.
    public var declaration: String?
    /// Whether the last line ends with a line break.
    public var finalNewline: Bool

    public init(encoding: Encoding = .utf8, byteOrderMark: Bool = false, lineEnding: LineEnding = .lf,
                declaration: String? = nil, finalNewline: Bool = true) {
        self.encoding = encoding
        self.byteOrderMark = byteOrderMark
        self.lineEnding = lineEnding
        self.declaration = declaration
        self.finalNewline = finalNewline
    }
}

/// A whole XML document: the root element, what stands before and after it, and how it was stored.
public struct XMLDocument: Sendable, Hashable {
    public var format: XMLDocumentFormat
    /// Comments and processing instructions before the root element.
    public var prolog: [XMLNode]
    public var root: XMLElement
    /// Comments and processing instructions after the root element.
    public var epilog: [XMLNode]

    public init(format: XMLDocumentFormat = XMLDocumentFormat(), prolog: [XMLNode] = [], root: XMLElement, epilog: [XMLNode] = []) {
        self.format = format
        self.prolog = prolog
        self.root = root
        self.epilog = epilog
    }
}
