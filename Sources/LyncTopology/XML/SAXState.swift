internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the SAX callbacks build. Lives only for the duration of one parse, in memory reached through the
/// parser context's `_private` pointer (so the callbacks pay no reference counting and no exclusivity checks).
struct SAXState {
    let limits: XMLReaderLimits
    let source: UnsafeBufferPointer<UInt8>

    /// Open elements, outermost first; their children sit on `nodes` from their `childStart`.
    var open = ElementStack()
    var nodes = NodeStack()
    var root: XMLElement?
    var prolog: [XMLNode] = []
    var epilog: [XMLNode] = []
    var pendingText = ByteBuffer()
    var elementCount = 0
    var error: XMLParseError?
    var parserContext: xmlParserCtxtPtr?
    /// What libxml2 said, outside the parser, of a failed conversion from the declared encoding; added to the
    /// parser's own message ("switching encoding: encoder error") when that follows.
    var conversionDetail: String?
    var interner = StringInterner()

    // Incremental line/column tracking over `source` (positions only move forward).
    var scanOffset = 0
    var scanLine = 1
    var scanColumn = 1

    // Reading in two parts (see `XMLReader.readInParts`).
    /// Added to libxml2's offsets to give offsets in `source`: for the reader of the later part, the part's start
    /// less the length of the wrapper tag it is fed first; for the first reader, once it goes on after the later
    /// part, that part's length.
    var shift = 0
    /// Reading the later part: the outermost element is the wrapper, and the end tag of the element around the
    /// part (which the wrapper stands for) ends the read.
    var isPart = false
    /// Reading the later part: where the end tag of the element around the part starts, once read.
    var partEnd: Int?
    /// The most elements open at once.
    var deepest = 0

    /// What the tree leaves out (`XMLPruning`), nil for a whole tree.
    let pruning: Pruning?
    /// Elements open inside a skipped element, the skipped one included (0 outside).
    var skipDepth = 0

    init(source: UnsafeBufferPointer<UInt8>, limits: XMLReaderLimits, pruning: XMLPruning? = nil) {
        self.source = source
        self.limits = limits
        self.pruning = pruning.map(Pruning.init)
    }

    /// Runs `body` with the state of one parse, in memory of its own (see the type), freed afterwards.
    static func with<Result>(source: UnsafeBufferPointer<UInt8>, limits: XMLReaderLimits, pruning: XMLPruning? = nil,
                             _ body: (UnsafeMutablePointer<SAXState>) -> Result) -> Result {
        let state = UnsafeMutablePointer<SAXState>.allocate(capacity: 1)
        state.initialize(to: SAXState(source: source, limits: limits, pruning: pruning))
        defer {
            state.pointee.release()
            state.deinitialize(count: 1)
            state.deallocate()
        }
        return body(state)
    }

    /// Frees what the state holds and starts it afresh, for another read of the same bytes.
    mutating func restart() {
        release()
        self = SAXState(source: source, limits: limits, pruning: pruning?.given)
    }

    mutating func release() {
        open.release()
        nodes.release()
        pendingText.release()
    }

    var endLocation: SourceLocation { SourceLocation(line: scanLine, column: scanColumn) }

    /// Bytes handed to libxml2 at a time: libxml2 keeps only the unparsed rest of a chunk.
    static let chunkSize = 1 << 18

    /// How libxml2 is fed. `push` hands it the document in chunks, so that it never holds a copy of the
    /// whole; `memory` gives it the whole buffer at once (which libxml2 copies), and words its diagnoses of
    /// broken documents better (e.g. "Premature end of data in tag X" where the push parser would say
    /// "Extra content at the end of the document"). Documents are read with `push`, and a document libxml2
    /// finds malformed is read again with `memory` for the diagnosis.
    enum Feed { case push, memory }

    static func parse(_ state: UnsafeMutablePointer<SAXState>, feed: Feed) {
        guard let context = begin(state, feed: feed) else { return }
        defer { end(state, context) }
        switch feed {
        case .push: push(state, context, 0..<state.pointee.source.count, last: true)
        case .memory: withErrorHandler(context) { _ = xmlParseDocument(context) }
        }
        finish(state, context)
    }

    /// Creates the parser of a parse, its callbacks pointed at `state`; nil (with `state`'s error set) when
    /// libxml2 cannot. Every parser made here is freed by `end`.
    static func begin(_ state: UnsafeMutablePointer<SAXState>, feed: Feed) -> xmlParserCtxtPtr? {
        guard let base = state.pointee.source.baseAddress else { return nil }
        let total = state.pointee.source.count
        xmlInitParser()
        let created: xmlParserCtxtPtr? = base.withMemoryRebound(to: CChar.self, capacity: total) { bytes in
            switch feed {
            case .push:
                var handler = makeHandler()
                return xmlCreatePushParserCtxt(&handler, nil, nil, 0, nil)
            case .memory:
                guard let context = xmlCreateMemoryParserCtxt(bytes, Int32(total)) else { return nil }
                if let sax = context.pointee.sax { sax.pointee = makeHandler() }
                return context
            }
        }
        guard let context = created else {
            state.pointee.error = XMLParseError(.malformed, "libxml2 could not create a parser", at: .document)
            return nil
        }
        state.pointee.parserContext = context
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_BIG_LINES.rawValue)
        xmlCtxtUseOptions(context, options)
        context.pointee._private = UnsafeMutableRawPointer(state)
        return context
    }

    static func end(_ state: UnsafeMutablePointer<SAXState>, _ context: xmlParserCtxtPtr) {
        state.pointee.parserContext = nil
        xmlFreeParserCtxt(context)
    }

    /// Runs `body` with libxml2's errors of this thread going to the parser's own handler. libxml2 reports some
    /// errors with no parser at hand (a failed conversion from the declared encoding, XML_FROM_I18N); those go
    /// to the thread's structured handler, or to stderr when there is none. For the parse, they go to the same
    /// handler as the parser's own, with this parser; the caller's handler is put back afterwards, so no
    /// pointer of this parse stays behind.
    static func withErrorHandler(_ context: xmlParserCtxtPtr, _ body: () -> Void) {
        let previousHandler = __xmlStructuredError().pointee
        let previousContext = __xmlStructuredErrorContext().pointee
        xmlSetStructuredErrorFunc(UnsafeMutableRawPointer(context), { context, error in
            // Only noted: this runs inside libxml2's conversion of the input, where stopping the parser is unsafe.
            guard let error, let state = SAXState.state(context), state.pointee.conversionDetail == nil else { return }
            state.pointee.conversionDetail = error.pointee.message.map { SAXState.clean(String(cString: $0)) }
        })
        defer { xmlSetStructuredErrorFunc(previousContext, previousHandler) }
        body()
    }

    /// Hands libxml2's push parser the bytes of `range`, in chunks; `last` ends the document.
    static func push(_ state: UnsafeMutablePointer<SAXState>, _ context: xmlParserCtxtPtr, _ range: Range<Int>, last: Bool) {
        push(state, context, UnsafeBufferPointer(rebasing: state.pointee.source[range]), last: last)
    }

    static func push(_ state: UnsafeMutablePointer<SAXState>, _ context: xmlParserCtxtPtr, _ bytes: UnsafeBufferPointer<UInt8>,
                     last: Bool) {
        guard let base = bytes.baseAddress else {
            if last { withErrorHandler(context) { _ = xmlParseChunk(context, nil, 0, 1) } }
            return
        }
        let total = bytes.count
        withErrorHandler(context) {
            base.withMemoryRebound(to: CChar.self, capacity: total) { bytes in
                var offset = 0
                repeat {
                    let length = min(chunkSize, total - offset)
                    let isLast = last && offset + length == total
                    if xmlParseChunk(context, bytes + offset, Int32(length), isLast ? 1 : 0) != 0 { break }
                    offset += length
                } while offset < total && state.pointee.error == nil
            }
        }
    }

    /// After the last bytes: a document libxml2 did not find well-formed, or that left an element open, is an error.
    static func finish(_ state: UnsafeMutablePointer<SAXState>, _ context: xmlParserCtxtPtr) {
        if state.pointee.error == nil, context.pointee.wellFormed == 0 || !state.pointee.open.isEmpty {
            let last = context.pointee.lastError
            let message = last.message.map { String(cString: $0) } ?? "not well-formed"
            state.pointee.error = XMLParseError(.malformed, clean(message),
                                                at: SourceLocation(line: Int(max(last.line, 1)), column: Int(max(last.int2, 1))))
        }
    }

    // MARK: positions

    /// Absolute offset of libxml2's cursor in `source`.
    func currentOffset() -> Int? {
        guard let context = parserContext, let input = context.pointee.input,
              let cur = input.pointee.cur, let base = input.pointee.base else { return nil }
        let offset = Int(input.pointee.consumed) + (cur - base) + shift
        return offset >= 0 && offset <= source.count ? offset : nil
    }

    /// Line and column of a byte offset, counting on from the last offset asked for.
    mutating func location(at offset: Int) -> SourceLocation {
        if offset < scanOffset {
            // Out-of-order request (should not happen): count from the start.
            scanOffset = 0; scanLine = 1; scanColumn = 1
        }
        guard let start = source.baseAddress else { return endLocation }
        var line = scanLine
        var lineStart = -1
        var cursor = scanOffset
        while cursor < offset, let found = memchr(start + cursor, 0x0A, offset - cursor) {
            let index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - start
            line += 1
            lineStart = index + 1
            cursor = index + 1
        }
        var column = lineStart >= 0 ? 1 : scanColumn
        var index = lineStart >= 0 ? lineStart : scanOffset
        while index < offset {
            if start[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        scanOffset = offset; scanLine = line; scanColumn = column
        return SourceLocation(line: line, column: column)
    }

    mutating func currentLocation() -> SourceLocation {
        if let offset = currentOffset() { return location(at: offset) }
        if let context = parserContext {
            return SourceLocation(line: Int(xmlSAX2GetLineNumber(context)), column: Int(xmlSAX2GetColumnNumber(context)))
        }
        return endLocation
    }

    mutating func fail(_ kind: XMLParseError.Kind, _ message: String, at location: SourceLocation? = nil) {
        if error == nil { error = XMLParseError(kind, message, at: location ?? currentLocation()) }
        if let context = parserContext { xmlStopParser(context) }
    }

    // MARK: events

    mutating func flushText() {
        guard pendingText.count > 0 else { return }
        defer { pendingText.count = 0 }
        if open.isEmpty { return }   // white space outside the root element is not content
        // Pruned: white space between elements is left out, but for the text elements' own. (The wrapper of a
        // later part stands for an element that is not one: `XMLReader.worksAsWrapper`.)
        if let pruning, Pruning.isWhiteSpace(pendingText.bytes),
           (isPart && open.count == 1) || !pruning.keepsText(in: open.top.pointee.localName) { return }
        nodes.push(.text(interner.string(pendingText.bytes)))
    }

    mutating func append(_ node: XMLNode) {
        if skipDepth > 0 { pendingText.count = 0; return }   // inside a skipped element
        flushText()
        if open.isEmpty {
            if root == nil { prolog.append(node) } else { epilog.append(node) }
        } else {
            nodes.push(node)
        }
    }

    mutating func startElement(prefix: String?, localName: String, namespaceURI: String?,
                               attributes: consuming [XMLAttribute], declarations: Int) {
        flushText()
        guard countElement(depth: open.count, attributes: attributes.count, name: localName) else { return }
        if isPart && open.isEmpty {
            // The wrapper: not in `source`, and not part of the document.
            open.push(XMLElement(prefix: prefix, localName: localName, namespaceURI: namespaceURI, attributes: attributes,
                                 children: [], location: .document, isSelfClosing: false), childStart: nodes.count)
            return
        }
        var tagStart = -1
        var tagEnd = -1
        var isSelfClosing = false
        var spaceBeforeSelfClose = true
        var location = SourceLocation.document
        if let offset = currentOffset(), offset < source.count, source[offset] == 0x3E || source[offset] == 0x2F {
            isSelfClosing = source[offset] == 0x2F
            tagStart = Self.lastTagOpen(in: source, before: offset)
            tagEnd = offset
            location = self.location(at: tagStart)
        } else if let context = parserContext {
            location = SourceLocation(line: Int(xmlSAX2GetLineNumber(context)), column: 1)
        }
        if declarations > 0, declarations < attributes.count, tagStart >= 0 {
            attributes = Self.writtenOrder(attributes, tag: UnsafeBufferPointer(rebasing: source[tagStart..<tagEnd]))
        }
        if isSelfClosing, tagEnd > 0 {
            let before = source[tagEnd - 1]
            spaceBeforeSelfClose = before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D
        }
        open.push(XMLElement(prefix: prefix, localName: localName, namespaceURI: namespaceURI, attributes: attributes,
                             children: [], location: location, isSelfClosing: isSelfClosing),
                  childStart: nodes.count)
        if !spaceBeforeSelfClose { open.top.pointee.spaceBeforeSelfClose = false }
        if open.count > deepest { deepest = open.count }
    }

    /// The offset of the last `<` before `end` (0 when there is none), eight bytes at a time.
    static func lastTagOpen(in source: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        guard let base = source.baseAddress else { return 0 }
        var index = end
        while index >= 8 {
            let word = UnsafeRawPointer(base + index - 8).loadUnaligned(as: UInt64.self) ^ 0x3C3C_3C3C_3C3C_3C3C
            // High bit of each byte set where that byte of `word` is zero (exact: no borrow between bytes).
            let zero = ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word) & 0x8080_8080_8080_8080
            if zero != 0 {
                return index - 8 + (63 - zero.leadingZeroBitCount) / 8
            }
            index -= 8
        }
        while index > 0 {
            index -= 1
            if base[index] == 0x3C { return index }
        }
        return 0
    }

    mutating func endElement() {
        flushText()
        guard !open.isEmpty else { return }
        if isPart && open.count == 1 { endPart(); return }
        open.top.pointee.children = nodes.popArray(from: open.topChildStart)
        if open.count == 1 {
            root = open.pop()
        } else {
            nodes.push(.element(open.pop()))
        }
    }

    /// Reading the later part: the end tag of the element around the part has come (its name is the wrapper's
    /// when libxml2 calls `endElement`, another when it reports a mismatch). The part ends where that tag starts.
    mutating func endPart() {
        flushText()
        if let offset = currentOffset() { partEnd = Self.lastTagOpen(in: source, before: offset) }
        if let context = parserContext { xmlStopParser(context) }
    }

    /// The start tag of an element left out of the tree (`XMLPruning`), or of one inside it. Checked against the
    /// limits as `attributes` and `startElement` check an element kept (`checkAttributeLength`, then
    /// `countElement`, in the same order), so that a pruned read fails where and how a whole read fails.
    mutating func skipElement(localName: UnsafePointer<UInt8>, declarations: Int, count: Int,
                              attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        var given = 0
        if let attributes {
            for index in 0..<count {
                let base = 5 * index
                guard attributes[base] != nil, let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
                guard checkAttributeLength(end - start) else { return }
                given += 1
            }
        }
        if skipDepth == 0 { flushText() } else { pendingText.count = 0 }
        guard countElement(depth: open.count + skipDepth, attributes: declarations + given,
                           name: String(cString: localName)) else { return }
        skipDepth += 1
        if open.count + skipDepth > deepest { deepest = open.count + skipDepth }
    }

    /// Counts a start tag against the limits on elements, depth (`depth` elements already open around it) and
    /// attributes (namespace declarations included): true when they hold, else the read fails. The one place of
    /// these checks, for elements kept and skipped alike.
    mutating func countElement(depth: Int, attributes: Int, name: @autoclosure () -> String) -> Bool {
        elementCount += 1
        if elementCount > limits.maxElements {
            fail(.limitExceeded, "more than \(limits.maxElements) elements"); return false
        }
        if depth >= limits.maxDepth {
            fail(.limitExceeded, "elements nested deeper than \(limits.maxDepth) levels"); return false
        }
        if attributes > limits.maxAttributesPerElement {
            fail(.limitExceeded, "more than \(limits.maxAttributesPerElement) attributes on <\(name())>"); return false
        }
        return true
    }

    /// True when an attribute value of `length` bytes is within the limit, else the read fails.
    mutating func checkAttributeLength(_ length: Int) -> Bool {
        if length > limits.maxAttributeBytes {
            fail(.limitExceeded, "attribute value longer than \(limits.maxAttributeBytes) bytes"); return false
        }
        return true
    }

    /// The end tag of a skipped element, or of one inside it: its text goes with it.
    mutating func endSkippedElement() {
        pendingText.count = 0
        skipDepth -= 1
    }

    mutating func characters(_ pointer: UnsafePointer<UInt8>, _ count: Int) {
        if pendingText.count + count > limits.maxTextBytes {
            fail(.limitExceeded, "character data longer than \(limits.maxTextBytes) bytes"); return
        }
        pendingText.append(pointer, count)
    }

    /// Orders attributes and namespace declarations as they stand in the start tag's text.
    static func writtenOrder(_ attributes: [XMLAttribute], tag: UnsafeBufferPointer<UInt8>) -> [XMLAttribute] {
        var names: [String] = []
        var index = 1
        let count = tag.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        // Skip the element name.
        while index < count, !isSpace(tag[index]) { index += 1 }
        while index < count {
            while index < count, isSpace(tag[index]) { index += 1 }
            let nameStart = index
            while index < count, tag[index] != 0x3D, !isSpace(tag[index]) { index += 1 }
            if index == nameStart { break }
            names.append(String(decoding: UnsafeBufferPointer(rebasing: tag[nameStart..<index]), as: UTF8.self))
            while index < count, tag[index] != 0x22, tag[index] != 0x27 { index += 1 }
            guard index < count else { break }
            let quote = tag[index]
            index += 1
            while index < count, tag[index] != quote { index += 1 }
            index += 1
        }
        var position: [String: Int] = [:]
        for (offset, name) in names.enumerated() { position[name] = offset }
        return attributes.enumerated().sorted { a, b in
            (position[a.element.qualifiedName] ?? Int.max, a.offset) < (position[b.element.qualifiedName] ?? Int.max, b.offset)
        }.map(\.element)
    }

    static func clean(_ message: String) -> String {
        var text = message
        while let last = text.last, last == "\n" || last == " " { text.removeLast() }
        return text
    }

    // MARK: the C callbacks

    @inline(__always)
    static func state(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<SAXState>? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        return parser.pointee._private?.assumingMemoryBound(to: SAXState.self)
    }

    /// Attribute values arrive as written minus normalisation; with entity substitution off, libxml2 keeps
    /// `&amp;` as `&#38;`. Decode character references and the predefined entities.
    static func decodeReferences(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x26, let semicolon = bytes[index...].firstIndex(of: 0x3B), semicolon - index <= 10 {
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<semicolon]), as: UTF8.self)
                var scalar: Unicode.Scalar?
                switch name {
                case "amp": scalar = "&"
                case "lt": scalar = "<"
                case "gt": scalar = ">"
                case "quot": scalar = "\""
                case "apos": scalar = "'"
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X") {
                        scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    } else if name.hasPrefix("#") {
                        scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                    }
                }
                if let scalar {
                    UTF8.encode(scalar) { output.append($0) }
                    index = semicolon + 1
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The namespace declarations then the attributes of a start tag, in an array of exactly their number.
    /// libxml2 gives each attribute as five pointers: local name, prefix, URI, value start and value end.
    mutating func attributes(declarations: Int, namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                             count: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> [XMLAttribute] {
        var list: [XMLAttribute] = []
        list.reserveCapacity(declarations + count)
        if let namespaces {
            for index in 0..<declarations {
                let declaredURI = namespaceName(namespaces[2 * index + 1]) ?? ""
                if let declaredPrefix = name(namespaces[2 * index]) {
                    list.append(XMLAttribute(prefix: "xmlns", localName: declaredPrefix, value: declaredURI))
                } else {
                    list.append(XMLAttribute(localName: "xmlns", value: declaredURI))
                }
            }
        }
        if let attributes {
            for index in 0..<count {
                let base = 5 * index
                guard let localName = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
                let length = end - start
                guard checkAttributeLength(length) else { return [] }
                let value = value(UnsafeBufferPointer(start: start, count: length))
                list.append(XMLAttribute(prefix: name(attributes[base + 1]), localName: interner.string(localName),
                                         namespaceURI: namespaceName(attributes[base + 2]), value: value))
            }
        }
        return list
    }

    mutating func value(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let base = bytes.baseAddress, memchr(base, 0x26, bytes.count) != nil { return Self.decodeReferences(bytes) }
        return interner.string(bytes)
    }

    mutating func name(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return interner.string(pointer)
    }

    /// A namespace URI: like an attribute value, libxml2 hands it over with `&amp;` kept as `&#38;`.
    mutating func namespaceName(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        // Checked on the C string: the URI of every element passes through here.
        let raw = UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)
        guard strchr(raw, 0x26) != nil else { return interner.string(pointer) }
        return Self.decodeReferences(UnsafeBufferPointer(start: pointer, count: strlen(raw)))
    }

    static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            guard let state = SAXState.state(context), state.pointee.error == nil, let localName else { return }
            let declarations = namespaces == nil ? 0 : Int(max(namespaceCount, 0))
            let given = attributes == nil ? 0 : Int(max(attributeCount, 0))
            if let pruning = state.pointee.pruning, state.pointee.skipDepth > 0
                || (pruning.skips(localName) && !(state.pointee.isPart && state.pointee.open.isEmpty)) {   // never the wrapper
                state.pointee.skipElement(localName: localName, declarations: declarations, count: given, attributes: attributes)
                return
            }
            let list = given + declarations == 0 ? [] : state.pointee.attributes(declarations: declarations, namespaces: namespaces,
                                                                                 count: given, attributes: attributes)
            if state.pointee.error != nil { return }
            state.pointee.startElement(prefix: state.pointee.name(prefix), localName: state.pointee.interner.string(localName),
                                       namespaceURI: state.pointee.namespaceName(uri), attributes: list, declarations: declarations)
        }
        sax.endElementNs = { context, _, _, _ in
            guard let state = SAXState.state(context), state.pointee.error == nil else { return }
            if state.pointee.skipDepth > 0 { state.pointee.endSkippedElement(); return }
            state.pointee.endElement()
        }
        sax.characters = { context, pointer, count in
            guard let state = SAXState.state(context), state.pointee.error == nil, let pointer, count > 0 else { return }
            state.pointee.characters(pointer, Int(count))
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = { context, pointer, count in
            guard let state = SAXState.state(context), state.pointee.error == nil, let pointer else { return }
            state.pointee.append(.cdata(String(decoding: UnsafeBufferPointer(start: pointer, count: Int(count)), as: UTF8.self)))
        }
        sax.comment = { context, pointer in
            guard let state = SAXState.state(context), state.pointee.error == nil, let pointer else { return }
            state.pointee.append(.comment(String(cString: pointer)))
        }
        sax.processingInstruction = { context, target, data in
            guard let state = SAXState.state(context), state.pointee.error == nil, let target else { return }
            state.pointee.append(.processingInstruction(target: String(cString: target), data: data.map { String(cString: $0) } ?? ""))
        }
        sax.internalSubset = { context, name, _, _ in
            guard let state = SAXState.state(context) else { return }
            let what = name.map { String(cString: $0) } ?? ""
            state.pointee.fail(.forbiddenConstruct,
                               "document type declaration <!DOCTYPE \(what)> refused: topology documents have no DTD, and DTDs can declare entities")
        }
        sax.entityDecl = { context, name, _, _, _, _ in
            guard let state = SAXState.state(context) else { return }
            state.pointee.fail(.forbiddenConstruct, "entity declaration '\(name.map { String(cString: $0) } ?? "")' refused")
        }
        sax.reference = { context, name in
            guard let state = SAXState.state(context) else { return }
            state.pointee.fail(.forbiddenConstruct, "entity reference '&\(name.map { String(cString: $0) } ?? "");' refused")
        }
        sax.serror = { context, error in
            guard let error else { return }
            let level = error.pointee.level
            guard level == XML_ERR_ERROR || level == XML_ERR_FATAL else { return }
            guard let state = SAXState.state(context) else { return }
            if state.pointee.error != nil || state.pointee.partEnd != nil { return }
            if state.pointee.isPart, state.pointee.open.count == 1, state.pointee.skipDepth == 0, error.pointee.code == Int32(XML_ERR_TAG_NAME_MISMATCH.rawValue) {
                state.pointee.endPart()
                return
            }
            var message = SAXState.clean(error.pointee.message.map { String(cString: $0) } ?? "not well-formed")
            // A failed conversion from the encoding libxml2 detected is an encoding error: the bytes are not text
            // in that encoding, so no line of them can be quoted as libxml2 read it.
            let kind: XMLParseError.Kind = state.pointee.conversionDetail == nil ? .malformed : .encoding
            if let detail = state.pointee.conversionDetail { message += " (\(detail))" }
            let line = Int(error.pointee.line)
            let column = Int(error.pointee.int2)
            state.pointee.error = XMLParseError(kind, message, at: SourceLocation(line: max(line, 1), column: max(column, 1)))
            if let context = state.pointee.parserContext { xmlStopParser(context) }
        }
        return sax
    }
}

extension SAXState {
    /// `XMLPruning` in the form the callbacks test: the skipped names as the bytes libxml2 hands over.
    struct Pruning {
        let given: XMLPruning
        private let skipped: [[UInt8]]

        init(_ pruning: XMLPruning) {
            given = pruning
            skipped = pruning.skippedElements.filter { !$0.isEmpty }.map { Array($0.utf8) }
        }

        /// Whether the element named `name` (NUL-terminated, from libxml2) is left out. A handful of names, most
        /// told apart by their first byte: cheaper than making a `String` of every element's name to look it up.
        @inline(__always)
        func skips(_ name: UnsafePointer<UInt8>) -> Bool {
            let first = name[0]
            for candidate in skipped where candidate[0] == first {
                var index = 1
                while index < candidate.count, name[index] == candidate[index] { index += 1 }
                if index == candidate.count && name[index] == 0 { return true }
            }
            return false
        }

        func keepsText(in element: String) -> Bool { given.textElements.contains(element) }

        @inline(__always)
        static func isWhiteSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            for byte in bytes where !(byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D) { return false }
            return true
        }
    }
}
