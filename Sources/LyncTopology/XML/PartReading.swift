internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a large document in two parts side by side: the caller's thread reads up to a point near the middle,
/// while a worker reads on from there (inside a wrapper tag that declares the root element's namespaces) to the
/// end tag of the element the point stands in. The first reader then takes the worker's nodes as that element's
/// next children and reads the rest of the document after the end of the part.
///
/// The point is only a guess made from the bytes (just after a `>`, just before a start tag), so the first
/// reader checks it when it gets there: libxml2 must have read every byte before it and be between tags in
/// element content (not inside a tag, a comment, a CDATA section or a processing instruction), the namespaces
/// in scope there must be exactly the ones the wrapper declared, the worker must have read its part without an
/// error, and the limits must hold for the two together. When any of that fails, the first reader goes on
/// through the rest of the document itself, as if the point were one more chunk boundary. A read in parts that
/// ends in any error is thrown away and the document read again in one part, so that every diagnosis, its
/// wording and its position are those of the one-part read. Either way the tree is the one the one-part read
/// gives, line and column of every element included (checked by `PartReadingTests` at every point of the
/// samples, and by the `reader-parts` fuzz target at two points of every input).
extension XMLReader {
    /// How a read may be split (internal: the tests and the fuzzer choose the point).
    enum Parts: Sendable, Equatable {
        /// In two parts when `Parallelism.current` allows side-by-side work and the document is large.
        case whenWorthIt
        /// In one part.
        case never
        /// In two parts at the first candidate point at or after this offset of the UTF-8 text, whatever the size.
        case near(Int)
    }

    /// From this many bytes of UTF-8 text on, a read in parts pays for the worker it starts.
    static let partsFromBytes = 4 << 20

    /// Where a read of `source` is split, or nil for a read in one part.
    func partPoint(_ source: UnsafeBufferPointer<UInt8>, _ parts: Parts) -> Int? {
        // libxml2 limits nesting itself beyond 256 levels, which the worker, starting deeper, would not see.
        guard limits.maxDepth <= 256 else { return nil }
        switch parts {
        case .never: return nil
        case .whenWorthIt:
            guard Parallelism.current == .sideBySide, source.count >= Self.partsFromBytes else { return nil }
            return Self.shallowPoint(in: source, from: source.count / 2)
        case .near(let offset):
            return Self.candidatePoint(in: source, from: max(0, offset))
        }
    }

    /// The first offset from `start` on that follows a `>` and precedes (after white space) a start tag; nil
    /// when there is none within 1 MB.
    static func candidatePoint(in source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = source.baseAddress else { return nil }
        let limit = min(source.count, start + (1 << 20))
        var index = start
        while index < limit, let found = memchr(base + index, 0x3E, limit - index) {
            let point = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
            var next = point
            while next < source.count, source[next] == 0x20 || source[next] == 0x09 || source[next] == 0x0A || source[next] == 0x0D {
                next += 1
            }
            if isStartTag(at: next, in: source) { return point }
            index = point
        }
        return nil
    }

    /// Whether a start tag begins at `offset` (`<` and not `</`, `<!` or `<?`).
    static func isStartTag(at offset: Int, in source: UnsafeBufferPointer<UInt8>) -> Bool {
        offset + 1 < source.count && source[offset] == 0x3C
            && source[offset + 1] != 0x2F && source[offset + 1] != 0x21 && source[offset + 1] != 0x3F
    }

    /// The candidate point in the 1 MB from `start` whose start tag begins the least indented line: in an
    /// indented document, a point between the children of an element near the root (the `<Service>` elements
    /// of a topology), where the namespaces in scope are the root's and the part runs on to that element's end.
    /// A point deeper down (inside a `<Ports>` element, which declares a namespace of its own) would be passed
    /// over. Without line breaks, the first candidate.
    static func shallowPoint(in source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = source.baseAddress else { return nil }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        let limit = min(source.count, start + (1 << 20))
        var best: (indent: Int, point: Int)?
        var index = start
        while index < limit, let found = memchr(base + index, 0x0A, limit - index) {
            let lineStart = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
            index = lineStart
            var next = lineStart
            while next < source.count, source[next] == 0x20 || source[next] == 0x09 { next += 1 }
            let indent = next - lineStart
            guard best.map({ indent < $0.indent }) ?? true, isStartTag(at: next, in: source) else { continue }
            var point = lineStart - 1
            while point > 0, isSpace(source[point - 1]) { point -= 1 }
            if point > 0, source[point - 1] == 0x3E { best = (indent, point) }
        }
        return best?.point ?? candidatePoint(in: source, from: start)
    }

    /// What the worker read: the nodes of the part, and what the first reader needs to go on after it.
    struct Part: Sendable {
        var nodes: [XMLNode]
        /// Elements in the part.
        var elements: Int
        /// The most elements open at once inside the part.
        var depth: Int
        /// Where the end tag of the element around the part starts.
        var end: Int
        /// The worker's last position, with its line and column.
        var scan: (offset: Int, line: Int, column: Int)
    }

    /// Reads `state`'s document in two parts split at `point`. True when that gave the document; false after
    /// any error, the caller then reading the document again in one part. `state` is the caller's and holds the
    /// result.
    static func readInParts(_ state: UnsafeMutablePointer<SAXState>, at point: Int) -> Bool {
        let source = state.pointee.source
        guard let context = SAXState.begin(state, feed: .push) else { return false }
        defer { SAXState.end(state, context) }
        // The first chunk holds the root element's start tag (or the read stays in one part).
        let head = min(SAXState.chunkSize, point)
        SAXState.push(state, context, 0..<head, last: false)
        guard state.pointee.error == nil, !state.pointee.open.isEmpty else {
            return finish(state, context, from: head)
        }
        let declarations = state.pointee.open.base[0].attributes.filter(\.isNamespaceDeclaration)
        let limits = state.pointee.limits
        let pruning = state.pointee.pruning?.given
        let shared = Disjoint((state, context, source))   // the first reader's state, and bytes nobody writes
        let (_, part) = Parallel.map(1, { _ in
            SAXState.push(shared.value.0, shared.value.1, head..<point, last: false)
        }, alongside: {
            readPart(shared.value.2, from: point, declarations: declarations, limits: limits, pruning: pruning)
        })
        guard let part, state.pointee.error == nil, context.pointee.instate == XML_PARSER_CONTENT,
              state.pointee.currentOffset() == point, state.pointee.pendingText.count == 0, !state.pointee.open.isEmpty,
              bindings(in: state.pointee.open) == bindings(declarations), worksAsWrapper(state) else {
            return finish(state, context, from: point)
        }
        state.pointee.elementCount += part.elements
        guard state.pointee.elementCount <= limits.maxElements, state.pointee.open.count + part.depth <= limits.maxDepth else {
            return false
        }
        for node in part.nodes { state.pointee.nodes.push(node) }
        if part.scan.offset > state.pointee.scanOffset {
            (state.pointee.scanOffset, state.pointee.scanLine, state.pointee.scanColumn) = part.scan
        }
        state.pointee.shift = part.end - point
        return finish(state, context, from: part.end)
    }

    /// The first reader reads from `offset` to the end; true when the document read without an error.
    private static func finish(_ state: UnsafeMutablePointer<SAXState>, _ context: xmlParserCtxtPtr, from offset: Int) -> Bool {
        if state.pointee.error == nil {
            SAXState.push(state, context, offset..<state.pointee.source.count, last: true)
            SAXState.finish(state, context)
        }
        return state.pointee.error == nil && state.pointee.root != nil
    }

    /// The worker: reads from `start` inside a wrapper declaring `declarations`, up to the end tag of the element
    /// around that point; nil when that does not work out.
    static func readPart(_ source: UnsafeBufferPointer<UInt8>, from start: Int, declarations: [XMLAttribute],
                         limits: XMLReaderLimits, pruning: XMLPruning? = nil) -> Part? {
        var tag = "<part"
        for declaration in declarations {
            tag += " " + declaration.qualifiedName + "=\""
            XMLWriter.escapeAttribute(declaration.value, into: &tag)
            tag += "\""
        }
        let wrapper = Array((tag + ">").utf8)
        return SAXState.with(source: source, limits: limits, pruning: pruning) { state in
            state.pointee.isPart = true
            state.pointee.shift = start - wrapper.count
            _ = state.pointee.location(at: start)   // the line and column the part starts at, counted as any read counts them
            guard let context = SAXState.begin(state, feed: .push) else { return nil }
            defer { SAXState.end(state, context) }
            wrapper.withUnsafeBufferPointer { SAXState.push(state, context, $0, last: false) }
            SAXState.push(state, context, start..<source.count, last: false)
            guard state.pointee.error == nil, let end = state.pointee.partEnd, state.pointee.open.count == 1 else { return nil }
            return Part(nodes: state.pointee.nodes.popArray(from: state.pointee.open.topChildStart),
                        elements: state.pointee.elementCount - 1, depth: max(state.pointee.deepest - 1, 0), end: end,
                        scan: (state.pointee.scanOffset, state.pointee.scanLine, state.pointee.scanColumn))
        }
    }

    /// Whether the worker's wrapper stood for the element around the point in every way a pruned read looks at
    /// (`XMLPruning`): that element is not skipped, and white space directly inside it is not kept (the wrapper's
    /// name is none of the text elements'). Always true for a whole read.
    static func worksAsWrapper(_ state: UnsafeMutablePointer<SAXState>) -> Bool {
        guard let pruning = state.pointee.pruning else { return true }
        return state.pointee.skipDepth == 0 && !pruning.keepsText(in: state.pointee.open.top.pointee.localName)
    }

    /// The namespace bindings the declarations make, prefix (nil for the default namespace) to URI.
    static func bindings(_ declarations: [XMLAttribute]) -> [String?: String] {
        var bindings: [String?: String] = [:]
        for attribute in declarations where attribute.isNamespaceDeclaration {
            bindings[attribute.prefix == nil ? nil : attribute.localName] = attribute.value
        }
        return bindings
    }

    /// The namespace bindings in scope inside the innermost open element.
    static func bindings(in open: ElementStack) -> [String?: String] {
        var bindings: [String?: String] = [:]
        for index in 0..<open.count {
            for (prefix, uri) in Self.bindings(open.base[index].attributes) { bindings[prefix] = uri }
        }
        return bindings
    }
}
