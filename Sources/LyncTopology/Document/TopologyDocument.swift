/// Why a document could not be read.
public enum TopologyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input file cannot be opened or read.
    case cannotOpen(path: String, reason: String)
    /// The input is not a readable topology document: malformed XML, wrong root, forbidden DTD or entities,
    /// limits exceeded.
    case unreadable(path: String, message: String, location: SourceLocation, sourceLine: String?)

    /// `path:line:column: error: message`, then the offending source line and a caret when known.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "\(path): error: cannot open: \(reason)"
        case .unreadable(let path, let message, let location, let sourceLine):
            var text = "\(path):\(location.line):\(location.column): error: \(message)"
            if let sourceLine {
                text += "\n" + sourceLine
                text += "\n" + String(repeating: " ", count: max(0, min(location.column - 1, sourceLine.count))) + "^"
            }
            return text
        }
    }
}

/// A topology document as read: its XML tree (kept whole, so that writing it back loses nothing, unless read for
/// its model only: `content`), its kind,
/// and the typed topology (for a .tbxml, the NewTopology; `original` holds the OriginalTopology).
public struct TopologyDocument: Sendable {
    /// The path as the user named it ("-" or "<stdin>" for standard input).
    public var path: String
    /// The tree as read or edited; changed only by the edits, which read it back into `topology`.
    public internal(set) var xml: XMLDocument
    public internal(set) var kind: DocumentKind
    /// The model of `xml`, derived from it: never set on its own.
    public internal(set) var topology: Topology
    public internal(set) var original: Topology?
    /// Where edits of a Topology Builder file take the `UniqueId`s of new objects (see `UniqueIDGenerator`).
    public var uniqueIDs: UniqueIDGenerator = .random
    /// The archive entry the topology was read from, when the input was a `CsConfiguration.zip`; nil for a
    /// topology document. `path` then reads `archive.zip!/entry`.
    public internal(set) var archive: ArchiveSource?
    /// How much of the XML `xml` holds: `.whole` unless the document was read with `.model`.
    public internal(set) var content: Content = .whole

    /// How much of the XML a read keeps.
    public enum Content: Sendable, Hashable {
        /// The whole tree: written back, it gives the document's bytes again, and the edits work on it.
        case whole
        /// What the model is built from, for reading only (`show`, `validate`, `publish`, `restore`, `diff`,
        /// `diagram`): `xml` leaves out the white space between elements and the elements the decoder never
        /// reads (`TopologyDecoder.pruning`: network interfaces, web components, and a few more). The model,
        /// every finding and every read error are those of a whole read; the read takes less memory and time.
        /// Such a document cannot be edited (an edit throws `TopologyEditError.unsupportedDocument`) or written
        /// (`write(to:)` throws; `serialized()` must not be called).
        case model
    }

    /// Reads a document from bytes: a topology document, or a `CsConfiguration.zip` holding one (see
    /// `ConfigurationArchive`). `path` is only used in messages.
    public init(bytes: consuming [UInt8], path: String, limits: XMLReaderLimits = .default,
                archiveLimits: ArchiveLimits = .default, content: Content = .whole) throws(TopologyError) {
        if ConfigurationArchive.isArchive(bytes) {
            let found = try ConfigurationArchive.topology(in: bytes, path: path, limits: archiveLimits, readerLimits: limits)
            _ = consume bytes
            let inner = path + "!/" + ConfigurationArchive.printable(found.source.entry)
            if let xml = found.xml {
                try self.init(xml: xml, path: inner)
            } else {
                try self.init(bytes: found.bytes ?? [], path: inner, limits: limits, archiveLimits: archiveLimits, content: content)
            }
            archive = found.source
            return
        }
        let xml: XMLDocument
        do {
            xml = try XMLReader(limits: limits, pruning: content == .model ? TopologyDecoder.pruning : nil).read(bytes)
        } catch {
            // An encoding error quotes no line: the line as decoded here is not what the reader failed on.
            throw .unreadable(path: path, message: error.message, location: error.location,
                              sourceLine: error.kind == .encoding ? nil : Self.sourceLine(bytes, error.location.line))
        }
        // Once read, the bytes only serve to quote a line in a message about the root element, which stands
        // near the start: keep the head and let the rest go before the model is built (a large document's
        // bytes are a sizeable part of the peak memory otherwise).
        let head = bytes.count > Self.headBytes ? Array(bytes[..<Self.headBytes]) : bytes
        _ = consume bytes
        try self.init(xml: xml, path: path, bytes: head)
        self.content = content
    }

    /// How much of a document is kept after reading, for messages.
    static let headBytes = 1 << 20

    /// Builds the model of an XML document already read (or made in code).
    public init(xml: XMLDocument, path: String) throws(TopologyError) {
        try self.init(xml: xml, path: path, bytes: nil)
    }

    private init(xml: XMLDocument, path: String, bytes: [UInt8]?) throws(TopologyError) {
        let decoded: TopologyDecoder.Decoded
        do {
            decoded = try TopologyDecoder.decode(xml)
        } catch {
            throw .unreadable(path: path, message: error.message, location: error.location,
                              sourceLine: bytes.flatMap { Self.sourceLine($0, error.location.line) })
        }
        self.path = path
        self.xml = xml
        self.kind = decoded.kind
        self.topology = decoded.topology
        self.original = decoded.original
    }

    /// Reads several files side by side (each as `load(path:limits:)` would), returning each one's document or
    /// error in the order of `paths`. At most one of them may be "-".
    public static func load(paths: [String], limits: XMLReaderLimits = .default,
                            content: Content = .whole) -> [Result<TopologyDocument, TopologyError>] {
        Parallel.map(paths.count) { index in
            Result { () throws(TopologyError) -> TopologyDocument in try load(path: paths[index], limits: limits, content: content) }
        }
    }

    /// Reads a file, or standard input when `path` is "-".
    public static func load(path: String, limits: XMLReaderLimits = .default,
                            content: Content = .whole) throws(TopologyError) -> TopologyDocument {
        let display = path == "-" ? "<stdin>" : path
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path: path, limit: limits.maxDocumentBytes)
        } catch {
            switch error {
            case .tooLarge(let size):
                throw .unreadable(path: display, message: "document is larger than \(limits.maxDocumentBytes) bytes (at least \(size)); refused",
                                  location: .document, sourceLine: nil)
            case .cannotOpen(let reason), .cannotWrite(let reason):
                throw .cannotOpen(path: display, reason: reason)
            }
        }
        return try TopologyDocument(bytes: consume bytes, path: display, limits: limits, content: content)
    }

    /// The document's bytes, in its own encoding and line endings. Only for a document read whole (`content`).
    public func serialized() -> [UInt8] {
        precondition(content == .whole, "\(path): a document read with content .model keeps only part of its XML; read it whole to write it")
        return XMLWriter().bytes(xml)
    }

    /// Why a document read for its model cannot be edited or written; nil for a whole one.
    var partialContentReason: String? {
        content == .whole ? nil : "the document was read for its model only (content .model), which keeps part of its XML; read it whole to edit or write it"
    }

    /// The line `number` of the document (printable characters only, at most 200), for error messages.
    static func sourceLine(_ bytes: [UInt8], _ number: Int) -> String? {
        guard number >= 1, let decoded = try? XMLEncodingDetector.decode(bytes) else { return nil }
        let utf8 = decoded.utf8
        var line = 1
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex && line < number {
            if utf8[index] == 0x0A { line += 1; start = index + 1 }
            index += 1
        }
        guard line == number else { return nil }
        var end = start
        while end < utf8.endIndex, utf8[end] != 0x0A, end - start < 400 { end += 1 }
        let text = String(decoding: utf8[start..<end], as: UTF8.self)
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar == "\t" ? " " : (scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{FFFD}" ? "?" : scalar)
        }))
        guard !cleaned.allSatisfy({ $0 == " " }) else { return nil }
        return String(cleaned.prefix(200))
    }
}
