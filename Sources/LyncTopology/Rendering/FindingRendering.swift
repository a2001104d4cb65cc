/// Findings as the command line prints them.
public enum FindingRendering {
    /// `path:line:column: severity: [RULE] message`, one finding per line, notes indented below.
    public static func text(_ findings: [Finding], path: String) -> String {
        var out = ""
        for finding in findings {
            let location = finding.location ?? .document
            out += "\(path):\(location.line):\(location.column): \(finding.severity.rawValue): [\(finding.rule)] \(finding.message)\n"
            for note in finding.notes { out += "    note: \(note)\n" }
        }
        return out
    }

    /// The `findings` array of the JSON outputs.
    public static func json(_ findings: [Finding], path: String) -> JSONValue {
        .array(findings.map { finding in
            var pairs: [(String, JSONValue)] = [
                ("rule", .string(finding.rule)),
                ("severity", .string(finding.severity.rawValue)),
                ("message", .string(finding.message)),
                ("line", .int(finding.location?.line)),
                ("column", .int(finding.location?.column)),
                ("path", .string(path)),
            ]
            if !finding.notes.isEmpty { pairs.append(("notes", .strings(finding.notes))) }
            return .object(pairs)
        })
    }
}
