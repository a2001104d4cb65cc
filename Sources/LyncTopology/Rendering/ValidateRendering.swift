/// The `validate` command's outputs: diagnostics as text, the JSON of the command-line contract, and SARIF
/// 2.1.0 for code-scanning tools.
public enum ValidateRendering {
    /// How many findings of each severity.
    public struct Counts: Sendable, Hashable {
        public var errors = 0
        public var warnings = 0
        public var notes = 0

        public init(_ findings: [Finding]) {
            for finding in findings {
                switch finding.severity {
                case .error: errors += 1
                case .warning: warnings += 1
                case .note: notes += 1
                }
            }
        }
    }

    /// `path:line:column: severity: [RULE] message`, one finding per line.
    public static func text(_ findings: [Finding], path: String) -> String {
        FindingRendering.text(findings, path: path)
    }

    /// One line for standard error: `path: 2 errors, 1 warning, 0 notes`.
    public static func summary(_ findings: [Finding], path: String) -> String {
        let counts = Counts(findings)
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(path): \(plural(counts.errors, "error")), \(plural(counts.warnings, "warning")), \(plural(counts.notes, "note"))"
    }

    /// `{"document", "product", "findings", "errors", "warnings", "notes"}`.
    public static func json(_ findings: [Finding], document: TopologyDocument) -> JSONValue {
        let counts = Counts(findings)
        return .object([
            ("document", .string(document.path)),
            ("product", .string(document.topology.product?.description)),
            ("kind", .string(document.kind.rawValue)),
            ("findings", FindingRendering.json(findings, path: document.path)),
            ("errors", .int(counts.errors)),
            ("warnings", .int(counts.warnings)),
            ("notes", .int(counts.notes)),
        ])
    }

    /// A SARIF 2.1.0 log with one run: the tool with every rule lynctopo knows, and one result per finding.
    public static func sarif(_ findings: [Finding], path: String) -> JSONValue {
        let descriptors = TopologyValidator.descriptors
        var ruleIndex: [String: Int] = [:]
        for (offset, descriptor) in descriptors.enumerated() { ruleIndex[descriptor.id] = offset }
        let rules: JSONValue = .array(descriptors.map { descriptor in
            .object([
                ("id", .string(descriptor.id)),
                ("shortDescription", .object([("text", .string(descriptor.title))])),
                ("fullDescription", .object([("text", .string(descriptor.rationale))])),
                ("help", .object([("text", .string(descriptor.rationale + " Source: " + descriptor.source + "."))])),
                ("defaultConfiguration", .object([("level", .string(level(descriptor.defaultSeverity)))])),
                ("properties", .object([("source", .string(descriptor.source))])),
            ])
        })
        let uri = artifactURI(path)
        let results: JSONValue = .array(findings.map { finding in
            let location = finding.location ?? .document
            var text = finding.message
            for note in finding.notes { text += "\n" + note }
            var pairs: [(String, JSONValue)] = [("ruleId", .string(finding.rule))]
            if let index = ruleIndex[finding.rule] { pairs.append(("ruleIndex", .int(index))) }
            pairs += [
                ("level", .string(level(finding.severity))),
                ("message", .object([("text", .string(text))])),
                ("locations", .array([.object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(uri))])),
                        ("region", .object([("startLine", .int(location.line)), ("startColumn", .int(location.column))])),
                    ])),
                ])])),
            ]
            return .object(pairs)
        })
        return .object([
            ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"),
            ("version", "2.1.0"),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", "lynctopo"),
                    ("version", .string(LyncTopologyLibrary.version)),
                    ("rules", rules),
                ]))])),
                ("invocations", .array([.object([("executionSuccessful", .bool(true))])])),
                ("columnKind", "unicodeCodePoints"),
                ("results", results),
            ])])),
        ])
    }

    /// SARIF levels are the severities' names.
    static func level(_ severity: Finding.Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }

    /// The document's path as a URI reference: relative paths stay relative (code-scanning tools resolve them
    /// against the repository root), absolute ones become `file://` URIs; other characters are percent-encoded.
    public static func artifactURI(_ path: String) -> String {
        if path == "<stdin>" || path == "-" { return "stdin" }
        var encoded = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            let unreserved = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || scalar == "-" || scalar == "." || scalar == "_" || scalar == "~" || scalar == "/"
            if unreserved {
                encoded.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
