import CLibZ

/// What an archive may hold before it is refused. An archive is refused as a whole, before anything is
/// inflated, when its directory says it is beyond these; inflating stops as soon as an entry gives more bytes
/// than its directory said.
public struct ArchiveLimits: Sendable, Hashable {
    /// Most entries in the archive's central directory.
    public var maxEntries: Int
    /// Largest uncompressed entry, in bytes (the largest topology document accepted).
    public var maxEntryBytes: Int
    /// Most uncompressed bytes in all the entries together.
    public var maxTotalBytes: Int
    /// Largest ratio of uncompressed to compressed size for an entry of more than `ratioFloorBytes`
    /// (topology XML deflates about 10 to 30 times; a zip bomb a thousand times).
    public var maxCompressionRatio: Int
    /// Entries smaller than this are not held to the ratio.
    public var ratioFloorBytes: Int
    /// How many times a topology may be looked for inside the text of another document.
    public var maxEmbeddingDepth: Int

    public init(maxEntries: Int = 4_096, maxEntryBytes: Int = 256 << 20, maxTotalBytes: Int = 512 << 20,
                maxCompressionRatio: Int = 200, ratioFloorBytes: Int = 1 << 20, maxEmbeddingDepth: Int = 2) {
        self.maxEntries = maxEntries
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioFloorBytes = ratioFloorBytes
        self.maxEmbeddingDepth = maxEmbeddingDepth
    }

    public static let `default` = ArchiveLimits()
}

/// Where in an archive a topology was found.
public struct ArchiveSource: Sendable, Hashable {
    /// The archive as the user named it.
    public var archivePath: String
    /// The entry that holds the topology, as the archive names it.
    public var entry: String
    /// True when the topology was written as text inside another document of the entry (then line numbers
    /// count from the start of that text).
    public var isEmbeddedText: Bool
}

/// Reads the topology out of a `CsConfiguration.zip` (what `Export-CsConfiguration` writes: "your topology,
/// policies and configuration settings"). The layout of that archive is not publicly documented, so nothing
/// here depends on entry names: every XML entry is read, and the topology is the first element named
/// `Topology` (published namespace) or `TopologyBuilder`, found as an element anywhere in an entry, or as a
/// whole document written as text inside another (a document embedded in a `<Data>` element, say).
///
/// Nothing is written to disk: entries are inflated in memory, each one checked against `ArchiveLimits`. The
/// central directory is read first, so that an encrypted entry, a name with `..` or an absolute path, a nested
/// archive, a size beyond the limits or a local header outside the data refuses the whole archive before
/// anything is inflated.
///
/// The archive is read here, with zlib's raw inflate, rather than with ZIPFoundation (measured reason: fuzzing
/// ZIPFoundation 0.9.20's in-memory reading found a trap on a local header offset past the data, an endless
/// loop on a deflate stream that ends before the size its directory declares, and a leak on every archive it
/// fails to open). One inflate call per entry, into a buffer one byte larger than the declared size, ends on
/// any input: the stream completes at exactly that size with the directory's CRC-32, or the entry is refused.
enum ConfigurationArchive {
    /// `PK\u{3}\u{4}` (a local file header) or `PK\u{5}\u{6}` (the end record of an empty archive).
    static func isArchive(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B
            && ((bytes[2] == 0x03 && bytes[3] == 0x04) || (bytes[2] == 0x05 && bytes[3] == 0x06))
    }

    struct Found {
        var source: ArchiveSource
        /// The whole document that holds the topology, as read.
        var bytes: [UInt8]?
        /// Or the topology element inside a larger document, as a document of its own.
        var xml: XMLDocument?
    }

    /// One entry of the central directory, as written.
    struct DirectoryEntry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var crc32: UInt32
        /// Where the entry's data starts (after its local header).
        var dataOffset: Int
        var isSymbolicLink: Bool
        var isDirectory: Bool { name.hasSuffix("/") }
    }

    static func refuse(_ path: String, _ message: String) -> TopologyError {
        .unreadable(path: path, message: message, location: .document, sourceLine: nil)
    }

    /// Finds the topology in an archive's bytes.
    static func topology(in bytes: [UInt8], path: String, limits: ArchiveLimits,
                         readerLimits: XMLReaderLimits) throws(TopologyError) -> Found {
        let directory = try readDirectory(bytes, path: path, limits: limits)
        var seen: [String] = []
        var unreadable: [String] = []
        for declared in directory {
            if declared.isDirectory { continue }
            if declared.isSymbolicLink { throw refuse(path, "entry '\(printable(declared.name))' is a symbolic link; refused") }
            let content = try inflate(declared, in: bytes, path: path)
            seen.append("\(printable(declared.name)) (\(content.count) bytes)")
            if isArchive(content) {
                throw refuse(path, "entry '\(printable(declared.name))' is itself a ZIP archive; nested archives are refused")
            }
            guard looksLikeXML(content) else { continue }
            switch search(content, depth: 0, readerLimits: readerLimits, limits: limits) {
            case .found(let document, let element, let embedded, let embeddedBytes):
                let source = ArchiveSource(archivePath: path, entry: declared.name, isEmbeddedText: embedded)
                if let element {
                    return Found(source: source, bytes: nil,
                                 xml: XMLDocument(format: document.format, prolog: [], root: element, epilog: []))
                }
                return Found(source: source, bytes: embeddedBytes, xml: nil)
            case .notFound:
                continue
            case .unreadable:
                unreadable.append(printable(declared.name))
            }
        }
        var message = "no topology in the archive (no Topology or TopologyBuilder element in any XML entry)"
        message += seen.isEmpty ? "; it holds no file" : "; it holds: " + seen.prefix(20).joined(separator: ", ")
        if seen.count > 20 { message += ", and \(seen.count - 20) more" }
        if !unreadable.isEmpty { message += "; not well-formed XML: " + unreadable.prefix(20).joined(separator: ", ") }
        throw refuse(path, message)
    }

    enum SearchResult {
        /// The document read, the topology element when it is not the root (nil when it is), whether it came
        /// from embedded text, and the bytes of the document whose root it is.
        case found(XMLDocument, XMLElement?, embedded: Bool, bytes: [UInt8])
        case notFound
        case unreadable
    }

    static func search(_ bytes: [UInt8], depth: Int, readerLimits: XMLReaderLimits, limits: ArchiveLimits) -> SearchResult {
        let document: XMLDocument
        do {
            document = try XMLReader(limits: readerLimits).read(bytes)
        } catch {
            return .unreadable
        }
        if isTopologyRoot(document.root) { return .found(document, nil, embedded: depth > 0, bytes: bytes) }
        // Depth-first through the elements, carrying the namespace declarations in scope so that a topology
        // found below the root can stand as a document of its own.
        var stack: [(element: XMLElement, inherited: [XMLAttribute])] = [(document.root, [])]
        var texts: [String] = []
        while let (element, inherited) = stack.popLast() {
            var scope = inherited
            for attribute in element.attributes where attribute.isNamespaceDeclaration {
                scope.removeAll { $0.qualifiedName == attribute.qualifiedName }
                scope.append(attribute)
            }
            for child in element.children.reversed() {
                switch child {
                case .element(let inner):
                    if isTopologyRoot(inner) {
                        var standalone = inner
                        for declaration in scope where !inner.attributes.contains(where: { $0.qualifiedName == declaration.qualifiedName }) {
                            standalone.attributes.insert(declaration, at: 0)
                        }
                        return .found(document, standalone, embedded: depth > 0, bytes: bytes)
                    }
                    stack.append((inner, scope))
                case .text(let text), .cdata(let text):
                    if mentionsTopology(text) { texts.append(text) }
                default:
                    break
                }
            }
        }
        guard depth < limits.maxEmbeddingDepth else { return .notFound }
        for text in texts {
            let inner = Array(text.drop(while: { $0.isWhitespace }).utf8)
            if case .found(let document, let element, _, let innerBytes) = search(inner, depth: depth + 1,
                                                                                     readerLimits: readerLimits, limits: limits) {
                return .found(document, element, embedded: true, bytes: innerBytes)
            }
        }
        return .notFound
    }

    static func isTopologyRoot(_ element: XMLElement) -> Bool {
        element.isNamed("Topology", in: TopologyNamespace.topology)
            || element.isNamed("TopologyBuilder", in: TopologyNamespace.topologyBuilder)
    }

    static func mentionsTopology(_ text: String) -> Bool {
        text.contains(TopologyNamespace.topology) || text.contains(TopologyNamespace.topologyBuilder)
    }

    /// A byte-order mark, or white space and `<`.
    static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return true }
        for byte in bytes.prefix(4096) {
            if byte == 0x3C { return true }
            if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
        }
        return false
    }

    /// Inflates one entry in memory: exactly the bytes its directory declares, with its CRC-32, or a refusal.
    static func inflate(_ entry: DirectoryEntry, in bytes: [UInt8], path: String) throws(TopologyError) -> [UInt8] {
        let shown = printable(entry.name)
        let start = entry.dataOffset
        let compressed = Int(entry.compressedSize)
        let expected = Int(entry.uncompressedSize)
        guard start >= 0, start + compressed <= bytes.count else {
            throw refuse(path, "entry '\(shown)' runs past the end of the archive; refused")
        }
        var content: [UInt8]
        if entry.method == 0 {
            guard compressed == expected else {
                throw refuse(path, "entry '\(shown)' is stored with \(compressed) bytes but declares \(expected); refused")
            }
            content = Array(bytes[start..<(start + compressed)])
        } else {
            // One byte more than declared: a stream that would give more ends with room to spare never.
            content = [UInt8](repeating: 0, count: expected + 1)
            var stream = z_stream()
            guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw refuse(path, "entry '\(shown)' cannot be inflated (zlib could not start)")
            }
            defer { inflateEnd(&stream) }
            let status: Int32 = bytes.withUnsafeBufferPointer { input in
                content.withUnsafeMutableBufferPointer { output in
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + start })
                    stream.avail_in = UInt32(compressed)
                    stream.next_out = output.baseAddress
                    stream.avail_out = UInt32(output.count)
                    return CLibZ.inflate(&stream, Z_FINISH)
                }
            }
            guard status == Z_STREAM_END, Int(stream.total_out) == expected else {
                let what = status == Z_STREAM_END ? "inflates to \(stream.total_out) bytes, not the \(expected) its directory says"
                    : status == Z_BUF_ERROR && stream.avail_out == 0 ? "inflates to more than the \(expected) bytes its directory says"
                    : status == Z_BUF_ERROR ? "is a deflate stream cut short of its end" : "is not a valid deflate stream"
                throw refuse(path, "entry '\(shown)' \(what); refused")
            }
            content.removeLast()
        }
        let crc = content.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        guard crc == entry.crc32 else {
            throw refuse(path, "entry '\(shown)' does not match its CRC-32 (damaged); refused")
        }
        return content
    }

    // MARK: The central directory

    static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    /// Reads and checks the central directory: the entry count, every name, the encryption flag, the methods,
    /// the sizes and ratios, before anything is inflated.
    static func readDirectory(_ bytes: [UInt8], path: String, limits: ArchiveLimits) throws(TopologyError) -> [DirectoryEntry] {
        // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535, at the end.
        var end = -1
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while position >= lowest {
            if bytes[position] == 0x50, bytes[position + 1] == 0x4B, bytes[position + 2] == 0x05, bytes[position + 3] == 0x06 {
                end = position
                break
            }
            position -= 1
        }
        guard end >= 0 else { throw refuse(path, "not a readable ZIP archive (no end of central directory)") }
        let count = Int(le16(bytes, end + 10))
        let size = Int(le32(bytes, end + 12))
        let offset = Int(le32(bytes, end + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw refuse(path, "a ZIP64 archive; a configuration export is far below its sizes, so it is refused")
        }
        guard count <= limits.maxEntries else {
            throw refuse(path, "the archive has \(count) entries, more than the \(limits.maxEntries) accepted; refused")
        }
        guard offset <= end, size <= end - offset else { throw refuse(path, "not a readable ZIP archive (central directory out of bounds)") }
        var entries: [DirectoryEntry] = []
        var total = 0
        var at = offset
        for _ in 0..<count {
            guard at + 46 <= offset + size, le32(bytes, at) == 0x0201_4B50 else {
                throw refuse(path, "not a readable ZIP archive (damaged central directory)")
            }
            let flags = le16(bytes, at + 8)
            let method = le16(bytes, at + 10)
            let compressed = UInt64(le32(bytes, at + 20))
            let uncompressed = UInt64(le32(bytes, at + 24))
            let nameLength = Int(le16(bytes, at + 28))
            let extraLength = Int(le16(bytes, at + 30))
            let commentLength = Int(le16(bytes, at + 32))
            let localHeader = Int(le32(bytes, at + 42))
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= offset + size else { throw refuse(path, "not a readable ZIP archive (damaged central directory)") }
            let nameBytes = Array(bytes[(at + 46)..<(at + 46 + nameLength)])
            let name = (flags & 0x0800) != 0 ? String(decoding: nameBytes, as: UTF8.self)
                : String(String.UnicodeScalarView(nameBytes.map { Unicode.Scalar($0) }))
            let shown = printable(name)
            if (flags & 0x0001) != 0 || (flags & 0x0040) != 0 {
                throw refuse(path, "entry '\(shown)' is encrypted; an encrypted archive cannot be read")
            }
            if let problem = nameProblem(name) { throw refuse(path, "entry '\(shown)' \(problem); refused") }
            if nestedArchiveSuffixes.contains(where: { name.lowercased().hasSuffix($0) }) {
                throw refuse(path, "entry '\(shown)' is itself an archive; nested archives are refused")
            }
            guard method == 0 || method == 8 else {
                throw refuse(path, "entry '\(shown)' uses compression method \(method); only stored and deflated entries are read")
            }
            guard uncompressed <= UInt64(limits.maxEntryBytes) else {
                throw refuse(path, "entry '\(shown)' inflates to \(uncompressed) bytes, more than the \(limits.maxEntryBytes) accepted; refused")
            }
            total += Int(uncompressed)
            guard total <= limits.maxTotalBytes else {
                throw refuse(path, "the entries inflate to more than the \(limits.maxTotalBytes) bytes accepted in all; refused")
            }
            if uncompressed > UInt64(limits.ratioFloorBytes),
               compressed == 0 || uncompressed / compressed > UInt64(limits.maxCompressionRatio) {
                throw refuse(path, "entry '\(shown)' inflates \(compressed == 0 ? "from nothing" : "\(uncompressed / compressed) times"), more than the ratio of \(limits.maxCompressionRatio) accepted; refused")
            }
            // The entry's local header and data must lie before the central directory (a reader that follows the
            // directory's offset blindly reads past the end of the data).
            guard localHeader <= offset - 30, le32(bytes, localHeader) == 0x0403_4B50 else {
                throw refuse(path, "entry '\(shown)' points outside the archive (damaged local header); refused")
            }
            let localName = Int(le16(bytes, localHeader + 26))
            let localExtra = Int(le16(bytes, localHeader + 28))
            guard UInt64(localHeader + 30 + localName + localExtra) + compressed <= UInt64(offset) else {
                throw refuse(path, "entry '\(shown)' runs past the central directory (damaged local header); refused")
            }
            let madeBy = le16(bytes, at + 4) >> 8
            let mode = le32(bytes, at + 38) >> 16
            entries.append(DirectoryEntry(name: name, flags: flags, method: method,
                                          compressedSize: compressed, uncompressedSize: uncompressed, crc32: le32(bytes, at + 16),
                                          dataOffset: localHeader + 30 + localName + localExtra,
                                          isSymbolicLink: (madeBy == 3 || madeBy == 19) && (mode & 0o170000) == 0o120000))
            at = next
        }
        return entries
    }

    static let nestedArchiveSuffixes = [".zip", ".jar", ".cab", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz"]

    /// Why an entry name is refused: it could name a place outside a folder it were extracted to.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "has an empty name" }
        if name.hasPrefix("/") || name.hasPrefix("\\") { return "has an absolute path" }
        let scalars = Array(name.unicodeScalars)
        if scalars.count >= 2, scalars[1] == ":", scalars[0].properties.isAlphabetic { return "names a drive" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "has a control character in its name" }
        let components = name.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        if components.contains("..") { return "has '..' in its path" }
        return nil
    }

    /// An entry name for a message: at most 200 characters, control characters escaped (as every message is).
    static func printable(_ name: String) -> String {
        ControlCharacters.escaped(String(String.UnicodeScalarView(name.unicodeScalars.prefix(200))))
    }
}
