/// Reads XML bytes into an `XMLDocument` with libxml2's SAX2 interface, in one pass: no libxml2 tree is built
/// and no C pointer outlives `read`. Secure by default: no network, no DTD (a DOCTYPE is refused outright, so
/// no entity can be declared, expanded or fetched), no recovery from errors, libxml2's own size limits kept
/// on, plus the limits in `XMLReaderLimits`.
///
/// Built for large documents: the bytes are fed to libxml2's push parser in chunks (libxml2 never holds a
/// second copy of the document), names, namespace URIs and repeated values become one shared `String` each,
/// and every element's children are gathered on one stack and moved into an array of exactly their number.
public struct XMLReader: Sendable {
    public var limits: XMLReaderLimits
    /// What the tree keeps of the document (everything unless told otherwise).
    public var pruning: XMLPruning?

    public init(limits: XMLReaderLimits = .default, pruning: XMLPruning? = nil) {
        self.limits = limits
        self.pruning = pruning
    }

    /// Parses a whole document. Side by side (`Parallelism.sideBySide`), a document of 4 MB or more is read in
    /// two parts at once, the caller's thread reading the first half and a worker the second; the document, and
    /// any error, are the same either way.
    public func read(_ bytes: [UInt8]) throws(XMLParseError) -> XMLDocument {
        try read(bytes, parts: .whenWorthIt).document
    }

    /// Parses a whole document, split as `parts` says; `inParts` tells whether it was read in two parts.
    func read(_ bytes: [UInt8], parts: Parts) throws(XMLParseError) -> (document: XMLDocument, inParts: Bool) {
        if bytes.count > limits.maxDocumentBytes {
            throw XMLParseError(.limitExceeded, "document is \(bytes.count) bytes; the limit is \(limits.maxDocumentBytes)",
                                at: .document)
        }
        let decoded = try XMLEncodingDetector.decode(bytes)
        let result: Result<(document: XMLDocument, inParts: Bool), XMLParseError> = decoded.utf8.withUnsafeBufferPointer { source in
            if source.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                return .failure(XMLParseError(.empty, "document is empty", at: .document))
            }
            if source.count > Int(Int32.max) {
                return .failure(XMLParseError(.limitExceeded, "document too large", at: .document))
            }
            return SAXState.with(source: source, limits: limits, pruning: pruning) { state in
                var inParts = false
                if let point = partPoint(source, parts) {
                    inParts = Self.readInParts(state, at: point)
                    // Any error: read again in one part, for the diagnosis the one-part read gives.
                    if !inParts { state.pointee.restart() }
                }
                if !inParts { SAXState.parse(state, feed: .push) }
                if let error = state.pointee.error {
                    guard error.kind == .malformed else { return .failure(error) }
                    // libxml2 words its diagnosis better when it has the whole document (see `SAXState.Feed`).
                    state.pointee.restart()
                    SAXState.parse(state, feed: .memory)
                    return .failure(state.pointee.error ?? error)
                }
                guard let root = state.pointee.root else {
                    return .failure(XMLParseError(.malformed, "document has no root element", at: state.pointee.endLocation))
                }
                return .success((XMLDocument(format: decoded.format, prolog: state.pointee.prolog, root: root,
                                             epilog: state.pointee.epilog), inParts))
            }
        }
        return try result.get()
    }
}

/// What a read may leave out of the tree, for a caller that only reads a few elements of it and never writes
/// it back: elements skipped whole (with everything inside them), and the white space between elements. The
/// document is parsed all the same, with every limit counted as in a whole read (the skipped elements
/// included), so that a document reads, or fails with the same error at the same place, either way.
public struct XMLPruning: Sendable, Hashable {
    /// Local names (in any namespace) of the elements left out, with their content.
    public var skippedElements: [String]
    /// Local names of the elements whose text is read: white space directly inside them is kept. Anywhere else a
    /// run of character data that is only white space (space, tab, line feed, carriage return) is left out.
    public var textElements: [String]

    public init(skippedElements: [String], textElements: [String]) {
        self.skippedElements = skippedElements
        self.textElements = textElements
    }
}
