/// The statements of a DOT text as `DiagramRendering.dot` writes them (one statement a line): clusters with their
/// labels and parents, nodes with their attributes and enclosing clusters, edges with their attributes. Labels are
/// unescaped, so tests compare them with the names in the model.
struct DOTOutline {
    struct Node {
        var id: String
        var attributes: [String: String]
        /// Enclosing clusters, outermost first.
        var clusters: [String]
        var label: String { attributes["label"] ?? "" }
    }

    struct Edge {
        var from: String
        var to: String
        var attributes: [String: String]
        var label: String? { attributes["label"] }
    }

    var clusterLabels: [String: String] = [:]
    var clusterParents: [String: [String]] = [:]
    var clusterAttributes: [String: [String: String]] = [:]
    var nodes: [String: Node] = [:]
    var nodeOrder: [String] = []
    var edges: [Edge] = []

    init(_ text: String) {
        var stack: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmed(" ")
            if line.hasPrefix("subgraph ") {
                var rest = Substring(line.dropFirst("subgraph ".count))
                let id = Self.quoted(&rest) ?? ""
                clusterParents[id] = stack
                stack.append(id)
            } else if line == "}" {
                _ = stack.popLast()
            } else if line.hasPrefix("\""), !stack.isEmpty || line.contains("->") || line.contains(" [") {
                var rest = Substring(line)
                guard let first = Self.quoted(&rest) else { continue }
                rest = rest.drop { $0 == " " }
                if rest.hasPrefix("->") {
                    rest = rest.dropFirst(2).drop { $0 == " " }
                    let second = Self.quoted(&rest) ?? ""
                    edges.append(Edge(from: first, to: second, attributes: Self.attributes(rest)))
                } else {
                    nodes[first] = Node(id: first, attributes: Self.attributes(rest), clusters: stack)
                    nodeOrder.append(first)
                }
            } else if let current = stack.last, let equals = line.firstIndex(of: "=") {
                let name = String(line[..<equals])
                var value = Substring(line[line.index(after: equals)...])
                if value.hasSuffix(";") { value = value.dropLast() }
                let text = value.hasPrefix("\"") ? (Self.quoted(&value) ?? "") : String(value)
                clusterAttributes[current, default: [:]][name] = text
                if name == "label" { clusterLabels[current] = text }
            }
        }
    }

    /// Reads a DOT double-quoted string at the start of `text`, unescaping `\"`, `\\` and `\n`.
    static func quoted(_ text: inout Substring) -> String? {
        guard text.first == "\"" else { return nil }
        var out = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == "\\" {
                let next = text.index(after: index)
                guard next < text.endIndex else { return nil }
                switch text[next] {
                case "n": out += "\n"
                default: out.append(text[next])
                }
                index = text.index(after: next)
            } else if character == "\"" {
                text = text[text.index(after: index)...]
                return out
            } else {
                out.append(character)
                index = text.index(after: index)
            }
        }
        return nil
    }

    /// `[name=value, name="value", …]`.
    static func attributes(_ text: Substring) -> [String: String] {
        var rest = text.drop { $0 == " " }
        guard rest.first == "[" else { return [:] }
        rest = rest.dropFirst()
        var result: [String: String] = [:]
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmed(", ")
            rest = rest[rest.index(after: equals)...]
            if rest.first == "\"" {
                result[name] = quoted(&rest) ?? ""
            } else {
                let end = rest.firstIndex { $0 == "," || $0 == "]" } ?? rest.endIndex
                result[name] = String(rest[..<end])
                rest = rest[end...]
            }
            rest = rest.drop { $0 == "," || $0 == " " }
            if rest.first == "]" { break }
        }
        return result
    }

    /// The node whose label's first line is `firstLine`.
    func node(labelled firstLine: String) -> Node? {
        nodeOrder.lazy.compactMap { nodes[$0] }.first { $0.label.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) == firstLine }
    }

    /// The cluster whose label's first line is `firstLine`.
    func cluster(labelled firstLine: String) -> String? {
        clusterLabels.first { $0.value.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) == firstLine }?.key
    }

    /// The cluster whose label's first line is `firstLine`, inside the cluster `parent`.
    func cluster(labelled firstLine: String, in parent: String?) -> String? {
        clusterLabels.keys.sorted().first { id in
            (clusterParents[id] ?? []).contains { $0 == parent }
                && clusterLabels[id]?.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) == firstLine
        }
    }

    func edges(from: String, to: String) -> [Edge] { edges.filter { $0.from == from && $0.to == to } }
}

extension StringProtocol {
    func trimmed(_ set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
