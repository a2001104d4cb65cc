import LyncTopology
import LyncTopologyTesting

/// The lines of a document, without their line endings.
func documentLines(_ document: TopologyDocument) -> [String] {
    // "\r\n" is one Character: split on both.
    documentText(document).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
}

/// The document as text, in its own line endings.
func documentText(_ document: TopologyDocument) -> String {
    XMLWriter().string(document.xml)
}

/// `server\instance` as the edits take it.
func sqlRef(_ text: String) -> SQLInstanceRef { SQLInstanceRef(displayName: text) }

/// The lines of `after` that `before` does not have, in order (a line diff good enough for appended edits).
func addedLines(_ before: TopologyDocument, _ after: TopologyDocument) -> [String] {
    let old = documentLines(before)
    let new = documentLines(after)
    // Longest common subsequence of lines.
    var table = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
    for i in stride(from: old.count - 1, through: 0, by: -1) {
        for j in stride(from: new.count - 1, through: 0, by: -1) {
            table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
        }
    }
    var result: [String] = []
    var i = 0, j = 0
    while j < new.count {
        if i < old.count && old[i] == new[j] { i += 1; j += 1 }
        else if i < old.count && table[i + 1][j] >= table[i][j + 1] { i += 1 }
        else { result.append(new[j]); j += 1 }
    }
    return result
}

/// The lines of `before` that `after` no longer has.
func removedLines(_ before: TopologyDocument, _ after: TopologyDocument) -> [String] { addedLines(after, before) }


extension Topology {
    /// The SQL instance printed `server\instance` (or the server alone for the default instance).
    func instanceNamed(_ displayName: String) -> SQLInstance? {
        sqlInstances.first { $0.displayName.lowercased() == displayName.lowercased() }
    }
}
