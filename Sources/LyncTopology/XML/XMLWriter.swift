/// Writes an `XMLDocument` back to bytes in the form it was read in: same encoding, byte-order mark, line
/// endings and declaration; attributes in their order; empty-element tags where the source had them
/// (`<X />`, with the space the product writes). Reading the output gives an equal tree.
public struct XMLWriter: Sendable {
    public init() {}

    public func bytes(_ document: XMLDocument) -> [UInt8] {
        let text = string(document)
        let format = document.format
        switch format.encoding {
        case .utf8:
            var output: [UInt8] = format.byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
            output.append(contentsOf: text.utf8)
            return output
        case .isoLatin1:
            var output: [UInt8] = []
            output.reserveCapacity(text.utf8.count)
            for scalar in text.unicodeScalars {
                if scalar.value < 0x100 {
                    output.append(UInt8(scalar.value))
                } else {
                    output.append(contentsOf: Array("&#\(scalar.value);".utf8))
                }
            }
            return output
        case .utf16LittleEndian, .utf16BigEndian:
            let little = format.encoding == .utf16LittleEndian
            var output: [UInt8] = []
            output.reserveCapacity(text.utf8.count * 2 + 2)
            if format.byteOrderMark { output.append(contentsOf: little ? [0xFF, 0xFE] : [0xFE, 0xFF]) }
            for unit in text.utf16 {
                let low = UInt8(unit & 0xFF), high = UInt8(unit >> 8)
                if little { output.append(low); output.append(high) } else { output.append(high); output.append(low) }
            }
            return output
        }
    }

    public func string(_ document: XMLDocument) -> String {
        var out = ""
        out.reserveCapacity(1 << 16)
        let newline = document.format.lineEnding == .crlf ? "\r\n" : "\n"
        if let declaration = document.format.declaration {
            out += declaration
            out += newline
        }
        for node in document.prolog {
            write(node, into: &out, newline: newline)
            out += newline
        }
        write(document.root, into: &out, newline: newline)
        for node in document.epilog {
            out += newline
            write(node, into: &out, newline: newline)
        }
        if document.format.finalNewline { out += newline }
        return out
    }

    func write(_ node: XMLNode, into out: inout String, newline: String) {
        switch node {
        case .element(let element):
            write(element, into: &out, newline: newline)
        case .text(let text):
            Self.escapeText(text, into: &out, newline: newline)
        case .cdata(let text):
            out += "<![CDATA["
            out += Self.lines(text.replacingAll("]]>", with: "]]]]><![CDATA[>"), newline)
            out += "]]>"
        case .comment(let text):
            out += "<!--"
            out += Self.lines(text, newline)
            out += "-->"
        case .processingInstruction(let target, let data):
            out += "<?" + target
            if !data.isEmpty { out += " " + Self.lines(data, newline) }
            out += "?>"
        }
    }

    /// Comments, CDATA sections and processing instructions take the document's line ending: libxml2 hands
    /// their text over with every line break read as `\n`, and a document is read as CRLF when its first line
    /// break is (so a line break written as `\n` there would change how the document reads again).
    static func lines(_ text: String, _ newline: String) -> String {
        newline == "\n" ? text : text.replacingAll("\n", with: newline)
    }

    func write(_ element: XMLElement, into out: inout String, newline: String) {
        out += "<"
        out += element.qualifiedName
        for attribute in element.attributes {
            out += " "
            out += attribute.qualifiedName
            out += "=\""
            Self.escapeAttribute(attribute.value, into: &out)
            out += "\""
        }
        if element.children.isEmpty && element.isSelfClosing {
            out += element.spaceBeforeSelfClose ? " />" : "/>"
            return
        }
        out += ">"
        for child in element.children { write(child, into: &out, newline: newline) }
        out += "</"
        out += element.qualifiedName
        out += ">"
    }

    static func escapeText(_ text: String, into out: inout String, newline: String) {
        var plain = true
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x0D || (byte == 0x0A && newline != "\n") {
            plain = false
            break
        }
        if plain { out += text; return }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#xD;"
            case "\n": out += newline
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    static func escapeAttribute(_ text: String, into out: inout String) {
        var plain = true
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte < 0x20 {
            plain = false
            break
        }
        if plain { out += text; return }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#xA;"
            case "\r": out += "&#xD;"
            case "\t": out += "&#x9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
