internal import CLibXML2

/// Reads XML bytes into an `XMLDocument` with libxml2's SAX2 interface, in one pass: no libxml2 tree is built
/// and no C pointer outlives `read`. Secure by default: no network, no DTD (a DOCTYPE is refused outright, so
/// no entity can be declared, expanded or fetched), no recovery from errors, libxml2's own size limits kept
/// on, plus the limits in `XMLReaderLimits`.
public struct XMLReader: Sendable {
    public var limits: XMLReaderLimits

    public init(limits: XMLReaderLimits = .default) {
        self.limits = limits
    }

    /// Parses a whole document.
    public func read(_ bytes: [UInt8]) throws(XMLParseError) -> XMLDocument {
        if bytes.count > limits.maxDocumentBytes {
            throw XMLParseError(.limitExceeded, "document is \(bytes.count) bytes; the limit is \(limits.maxDocumentBytes)",
                                at: .document)
        }
        let decoded = try XMLEncodingDetector.decode(bytes)
        let utf8 = decoded.utf8
        if utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw XMLParseError(.empty, "document is empty", at: .document)
        }
        if utf8.count > Int(Int32.max) {
            throw XMLParseError(.limitExceeded, "document too large", at: .document)
        }
        let builder = SAXTreeBuilder(source: utf8, limits: limits)
        utf8.withUnsafeBufferPointer { buffer in
            builder.withSource(buffer) { builder.parse() }
        }
        if let error = builder.error { throw error }
        guard let root = builder.root else {
            throw XMLParseError(.malformed, "document has no root element", at: builder.endLocation)
        }
        return XMLDocument(format: decoded.format, prolog: builder.prolog, root: root, epilog: builder.epilog)
    }
}

/// Collects SAX events into Swift values. Lives only for the duration of one parse.
private final class SAXTreeBuilder {
    let limits: XMLReaderLimits
    let sourceCount: Int
    var source: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)

    var stack: [XMLElement] = []
    var root: XMLElement?
    var prolog: [XMLNode] = []
    var epilog: [XMLNode] = []
    var pendingText: [UInt8] = []
    var elementCount = 0
    var error: XMLParseError?
    var parserContext: xmlParserCtxtPtr?

    // Incremental line/column tracking over `source` (positions only move forward).
    var scanOffset = 0
    var scanLine = 1
    var scanColumn = 1

    init(source: [UInt8], limits: XMLReaderLimits) {
        self.sourceCount = source.count
        self.limits = limits
    }

    func withSource(_ buffer: UnsafeBufferPointer<UInt8>, _ body: () -> Void) {
        source = buffer
        body()
        source = UnsafeBufferPointer(start: nil, count: 0)
    }

    var endLocation: SourceLocation { SourceLocation(line: scanLine, column: scanColumn) }

    func parse() {
        guard let base = source.baseAddress else { return }
        xmlInitParser()
        guard let context = base.withMemoryRebound(to: CChar.self, capacity: source.count, {
            xmlCreateMemoryParserCtxt($0, Int32(source.count))
        }) else {
            error = XMLParseError(.malformed, "libxml2 could not create a parser", at: .document)
            return
        }
        defer {
            parserContext = nil
            xmlFreeParserCtxt(context)
        }
        parserContext = context
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue * 0)
        xmlCtxtUseOptions(context, options)
        if let sax = context.pointee.sax {
            sax.pointee = Self.makeHandler()
        }
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        xmlParseDocument(context)
        if error == nil, context.pointee.wellFormed == 0 || (stack.isEmpty == false) {
            let last = context.pointee.lastError
            let message = last.message.map { String(cString: $0) } ?? "not well-formed"
            error = XMLParseError(.malformed, Self.clean(message),
                                  at: SourceLocation(line: Int(max(last.line, 1)), column: Int(max(last.int2, 1))))
        }
    }

    // MARK: positions

    /// Absolute offset of libxml2's cursor in `source`.
    func currentOffset() -> Int? {
        guard let context = parserContext, let input = context.pointee.input,
              let cur = input.pointee.cur, let base = input.pointee.base else { return nil }
        let offset = Int(input.pointee.consumed) + (cur - base)
        return offset >= 0 && offset <= source.count ? offset : nil
    }

    func location(at offset: Int) -> SourceLocation {
        if offset < scanOffset {
            // Out-of-order request (should not happen): count from the start.
            scanOffset = 0; scanLine = 1; scanColumn = 1
        }
        var line = scanLine, column = scanColumn
        var index = scanOffset
        while index < offset {
            let byte = source[index]
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        scanOffset = offset; scanLine = line; scanColumn = column
        return SourceLocation(line: line, column: column)
    }

    func currentLocation() -> SourceLocation {
        if let offset = currentOffset() { return location(at: offset) }
        if let context = parserContext {
            return SourceLocation(line: Int(xmlSAX2GetLineNumber(context)), column: Int(xmlSAX2GetColumnNumber(context)))
        }
        return endLocation
    }

    func fail(_ kind: XMLParseError.Kind, _ message: String, at location: SourceLocation? = nil) {
        if error == nil { error = XMLParseError(kind, message, at: location ?? currentLocation()) }
        if let context = parserContext { xmlStopParser(context) }
    }

    // MARK: events

    func flushText() {
        guard !pendingText.isEmpty else { return }
        let text = String(decoding: pendingText, as: UTF8.self)
        pendingText.removeAll(keepingCapacity: true)
        if stack.isEmpty { return }  // white space outside the root element is not content
        stack[stack.count - 1].children.append(.text(text))
    }

    func append(_ node: XMLNode) {
        flushText()
        if stack.isEmpty {
            if root == nil { prolog.append(node) } else { epilog.append(node) }
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func startElement(localName: String, prefix: String?, uri: String?,
                      namespaces: [XMLAttribute], attributes: [XMLAttribute]) {
        flushText()
        elementCount += 1
        if elementCount > limits.maxElements {
            fail(.limitExceeded, "more than \(limits.maxElements) elements"); return
        }
        if stack.count >= limits.maxDepth {
            fail(.limitExceeded, "elements nested deeper than \(limits.maxDepth) levels"); return
        }
        if namespaces.count + attributes.count > limits.maxAttributesPerElement {
            fail(.limitExceeded, "more than \(limits.maxAttributesPerElement) attributes on <\(localName)>"); return
        }
        var start = SourceLocation.document
        var selfClosing = false
        var tagStart = -1
        var tagEnd = -1
        if let offset = currentOffset(), offset < source.count, source[offset] == 0x3E || source[offset] == 0x2F {
            selfClosing = source[offset] == 0x2F
            var index = offset
            while index > 0, source[index] != 0x3C { index -= 1 }
            tagStart = index
            tagEnd = offset
            start = location(at: tagStart)
        } else if let context = parserContext {
            start = SourceLocation(line: Int(xmlSAX2GetLineNumber(context)), column: 1)
        }
        var all: [XMLAttribute]
        if namespaces.isEmpty {
            all = attributes
        } else if attributes.isEmpty {
            all = namespaces
        } else if tagStart >= 0 {
            all = Self.writtenOrder(namespaces + attributes, tag: UnsafeBufferPointer(rebasing: source[tagStart..<tagEnd]))
        } else {
            all = namespaces + attributes
        }
        var element = XMLElement(prefix: prefix, localName: localName, namespaceURI: uri, attributes: all,
                                 children: [], location: start, isSelfClosing: selfClosing)
        if selfClosing, tagEnd > 0 {
            let before = source[tagEnd - 1]
            element.spaceBeforeSelfClose = before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D
        }
        stack.append(element)
    }

    func endElement() {
        flushText()
        guard let element = stack.popLast() else { return }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(.element(element))
        }
    }

    func characters(_ pointer: UnsafePointer<UInt8>, _ count: Int) {
        if pendingText.count + count > limits.maxTextBytes {
            fail(.limitExceeded, "character data longer than \(limits.maxTextBytes) bytes"); return
        }
        pendingText.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
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

    static func builder(_ context: UnsafeMutableRawPointer?) -> SAXTreeBuilder? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let opaque = parser.pointee._private else { return nil }
        return Unmanaged<SAXTreeBuilder>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// A namespace URI as declared: like attribute values, libxml2 hands it over with `&amp;` kept as `&#38;`.
    static func namespaceString(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        let length = Int(xmlStrlen(pointer))
        return decodeReferences(UnsafeBufferPointer(start: pointer, count: length))
    }

    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Attribute values arrive as written minus normalisation; with entity substitution off, libxml2 keeps
    /// `&amp;` as `&#38;`. Decode character references and the predefined entities.
    static func decodeReferences(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(0x26) else { return String(decoding: bytes, as: UTF8.self) }
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

    static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            guard let builder = SAXTreeBuilder.builder(context), builder.error == nil, let localName else { return }
            var declarations: [XMLAttribute] = []
            if namespaceCount > 0, let namespaces {
                declarations.reserveCapacity(Int(namespaceCount))
                for index in 0..<Int(namespaceCount) {
                    let declaredPrefix = SAXTreeBuilder.string(namespaces[2 * index])
                    let declaredURI = SAXTreeBuilder.namespaceString(namespaces[2 * index + 1]) ?? ""
                    if let declaredPrefix {
                        declarations.append(XMLAttribute(prefix: "xmlns", localName: declaredPrefix, value: declaredURI))
                    } else {
                        declarations.append(XMLAttribute(localName: "xmlns", value: declaredURI))
                    }
                }
            }
            var list: [XMLAttribute] = []
            if attributeCount > 0, let attributes {
                list.reserveCapacity(Int(attributeCount))
                for index in 0..<Int(attributeCount) {
                    let base = 5 * index
                    guard let name = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
                    let length = end - start
                    if length > builder.limits.maxAttributeBytes {
                        builder.fail(.limitExceeded, "attribute value longer than \(builder.limits.maxAttributeBytes) bytes")
                        return
                    }
                    let value = SAXTreeBuilder.decodeReferences(UnsafeBufferPointer(start: start, count: length))
                    list.append(XMLAttribute(prefix: SAXTreeBuilder.string(attributes[base + 1]),
                                             localName: String(cString: name),
                                             namespaceURI: SAXTreeBuilder.namespaceString(attributes[base + 2]), value: value))
                }
            }
            builder.startElement(localName: String(cString: localName), prefix: SAXTreeBuilder.string(prefix),
                                 uri: SAXTreeBuilder.namespaceString(uri), namespaces: declarations, attributes: list)
        }
        sax.endElementNs = { context, _, _, _ in
            guard let builder = SAXTreeBuilder.builder(context), builder.error == nil else { return }
            builder.endElement()
        }
        sax.characters = { context, pointer, count in
            guard let builder = SAXTreeBuilder.builder(context), builder.error == nil, let pointer, count > 0 else { return }
            builder.characters(pointer, Int(count))
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = { context, pointer, count in
            guard let builder = SAXTreeBuilder.builder(context), builder.error == nil, let pointer else { return }
            builder.append(.cdata(String(decoding: UnsafeBufferPointer(start: pointer, count: Int(count)), as: UTF8.self)))
        }
        sax.comment = { context, pointer in
            guard let builder = SAXTreeBuilder.builder(context), builder.error == nil, let pointer else { return }
            builder.append(.comment(String(cString: pointer)))
        }
        sax.processingInstruction = { context, target, data in
            guard let builder = SAXTreeBuilder.builder(context), builder.error == nil, let target else { return }
            builder.append(.processingInstruction(target: String(cString: target), data: data.map { String(cString: $0) } ?? ""))
        }
        sax.internalSubset = { context, name, _, _ in
            guard let builder = SAXTreeBuilder.builder(context) else { return }
            let what = name.map { String(cString: $0) } ?? ""
            builder.fail(.forbiddenConstruct,
                         "document type declaration <!DOCTYPE \(what)> refused: topology documents have no DTD, and DTDs can declare entities")
        }
        sax.entityDecl = { context, name, _, _, _, _ in
            guard let builder = SAXTreeBuilder.builder(context) else { return }
            builder.fail(.forbiddenConstruct, "entity declaration '\(name.map { String(cString: $0) } ?? "")' refused")
        }
        sax.reference = { context, name in
            guard let builder = SAXTreeBuilder.builder(context) else { return }
            builder.fail(.forbiddenConstruct, "entity reference '&\(name.map { String(cString: $0) } ?? "");' refused")
        }
        sax.serror = { context, error in
            guard let error else { return }
            let level = error.pointee.level
            guard level == XML_ERR_ERROR || level == XML_ERR_FATAL else { return }
            guard let builder = SAXTreeBuilder.builder(context) else { return }
            if builder.error != nil { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed"
            let line = Int(error.pointee.line)
            let column = Int(error.pointee.int2)
            builder.error = XMLParseError(.malformed, SAXTreeBuilder.clean(message),
                                          at: SourceLocation(line: max(line, 1), column: max(column, 1)))
            if let context = builder.parserContext { xmlStopParser(context) }
        }
        return sax
    }
}
