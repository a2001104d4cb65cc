/// Why a byte sequence is not a readable XML document. Every case carries the 1-based position where the
/// reader gave up, so that the message can be printed as `path:line:column: error: …`.
public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Not well-formed XML (libxml2's own diagnosis).
        case malformed
        /// A DOCTYPE, entity declaration or external reference: never part of a topology, refused outright.
        case forbiddenConstruct
        /// A size, depth or count limit was exceeded.
        case limitExceeded
        /// An encoding the reader does not accept, or bytes invalid in the declared encoding.
        case encoding
        /// Nothing but white space.
        case empty
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation

    public init(_ kind: Kind, _ message: String, at location: SourceLocation) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public var description: String { "\(location.line):\(location.column): \(message)" }
}

/// Limits that keep a hostile document from exhausting memory or time. The defaults fit the largest real
/// topologies many times over.
public struct XMLReaderLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxDocumentBytes: Int
    /// Deepest element nesting accepted (real topologies nest about a dozen levels).
    public var maxDepth: Int
    /// Most elements in one document.
    public var maxElements: Int
    /// Longest attribute value, in bytes.
    public var maxAttributeBytes: Int
    /// Longest run of character data, in bytes.
    public var maxTextBytes: Int
    /// Most attributes on one element.
    public var maxAttributesPerElement: Int

    public init(maxDocumentBytes: Int = 256 << 20, maxDepth: Int = 100, maxElements: Int = 8_000_000,
                maxAttributeBytes: Int = 64 << 10, maxTextBytes: Int = 1 << 20, maxAttributesPerElement: Int = 256) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
        self.maxAttributeBytes = maxAttributeBytes
        self.maxTextBytes = maxTextBytes
        self.maxAttributesPerElement = maxAttributesPerElement
    }

    public static let `default` = XMLReaderLimits()
}
