/// Finds how a document's bytes are encoded and turns them into the UTF-8 the parser reads.
/// Real topology files come as UTF-16LE with a byte-order mark (PowerShell's `>`), UTF-8 with a byte-order
/// mark and a declaration (Topology Builder) or plain ASCII; UTF-16BE and ISO-8859-1 are accepted as well.
enum XMLEncodingDetector {
    struct Result {
        var format: XMLDocumentFormat
        /// The document as UTF-8, byte-order mark removed (a slice of the input when it was UTF-8 already:
        /// no copy). Its indices need not start at 0; use `withUnsafeBufferPointer`.
        var utf8: ArraySlice<UInt8>
    }

    static func decode(_ bytes: [UInt8]) throws(XMLParseError) -> Result {
        var encoding = XMLDocumentFormat.Encoding.utf8
        var bom = false
        var utf8: ArraySlice<UInt8>

        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bom = true
            utf8 = bytes[3...]
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            bom = true
            encoding = .utf16LittleEndian
            utf8 = try transcodeUTF16(bytes[2...], littleEndian: true)[...]
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            bom = true
            encoding = .utf16BigEndian
            utf8 = try transcodeUTF16(bytes[2...], littleEndian: false)[...]
        } else if bytes.count >= 2, bytes[0] == 0x3C, bytes[1] == 0x00 {
            encoding = .utf16LittleEndian
            utf8 = try transcodeUTF16(bytes[...], littleEndian: true)[...]
        } else if bytes.count >= 2, bytes[0] == 0x00, bytes[1] == 0x3C {
            encoding = .utf16BigEndian
            utf8 = try transcodeUTF16(bytes[...], littleEndian: false)[...]
        } else {
            utf8 = bytes[...]
        }

        let declaration = Self.declaration(in: utf8)
        if encoding == .utf8, let declared = declaration.flatMap(Self.declaredEncoding) {
            switch declared.lowercased() {
            case "utf-8", "utf8", "us-ascii", "ascii":
                break
            case "iso-8859-1", "latin1", "iso_8859-1", "latin-1":
                if !bom {
                    encoding = .isoLatin1
                    utf8 = latin1ToUTF8(utf8)[...]
                }
            case "utf-16", "utf-16le", "utf-16be", "unicode":
                // PowerShell and Topology Builder write a UTF-16 declaration in files they then store as
                // UTF-8; the bytes decide, and they are single-byte here.
                break
            default:
                throw XMLParseError(.encoding, "unsupported encoding '\(declared)' (topology documents are UTF-8 or UTF-16)",
                                    at: SourceLocation(line: 1, column: 1))
            }
        }

        var crlf = false
        if let newline = utf8.firstIndex(of: 0x0A), newline > utf8.startIndex, utf8[newline - 1] == 0x0D { crlf = true }
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 { end -= 1 }
        let finalNewline = end > utf8.startIndex && utf8[end - 1] == 0x0A

        let format = XMLDocumentFormat(encoding: encoding, byteOrderMark: bom, lineEnding: crlf ? .crlf : .lf,
                                       declaration: declaration, finalNewline: finalNewline)
        return Result(format: format, utf8: utf8)
    }

    /// The `<?xml …?>` declaration, when the document starts with one.
    static func declaration(in document: ArraySlice<UInt8>) -> String? {
        let utf8 = document.prefix(514)
        let start: [UInt8] = Array("<?xml".utf8)
        let first = utf8.startIndex
        guard utf8.starts(with: start), utf8.count > 5, [0x20, 0x09, 0x0D, 0x0A].contains(utf8[first + 5]) else { return nil }
        var index = first + 5
        let limit = first + min(utf8.count - 1, 512)
        while index < limit {
            if utf8[index] == 0x3F, utf8[index + 1] == 0x3E {
                return String(decoding: utf8[first...(index + 1)], as: UTF8.self)
            }
            index += 1
        }
        return nil
    }

    static func declaredEncoding(_ declaration: String) -> String? {
        let scalars = Array(declaration.unicodeScalars)
        let key = Array("encoding".unicodeScalars)
        guard scalars.count > key.count,
              let start = (0...(scalars.count - key.count)).first(where: { Array(scalars[$0..<($0 + key.count)]) == key })
        else { return nil }
        let rest = String(String.UnicodeScalarView(scalars[(start + key.count)...]))
            .drop(while: { $0 == " " || $0 == "=" || $0 == "\t" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix(while: { $0 != quote })
        return String(value)
    }

    static func transcodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) throws(XMLParseError) -> [UInt8] {
        guard bytes.count % 2 == 0 else {
            throw XMLParseError(.encoding, "UTF-16 document has an odd number of bytes", at: SourceLocation(line: 1, column: 1))
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(littleEndian ? (a | b << 8) : (a << 8 | b))
            index += 2
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count + units.count / 4)
        var line = 1
        var column = 1
        var failed = false
        var decoder = UTF16()
        var iterator = units.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
                UTF8.encode(scalar) { output.append($0) }
            case .emptyInput:
                break loop
            case .error:
                failed = true
                break loop
            }
        }
        if failed {
            throw XMLParseError(.encoding, "invalid UTF-16 (an unpaired surrogate)", at: SourceLocation(line: line, column: column))
        }
        return output
    }

    static func latin1ToUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte < 0x80 { output.append(byte) } else {
                output.append(0xC0 | (byte >> 6))
                output.append(0x80 | (byte & 0x3F))
            }
        }
        return output
    }
}
