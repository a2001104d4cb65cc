/// The `diagram` command's outputs: a picture of the topology as Graphviz DOT or as a Mermaid flowchart.
///
/// Sites are groups; inside them each pool or server is a group with its machines (a server with one machine of
/// its own name and no SQL instance is a single box); a SQL Server holds its instances, and an instance its stores
/// (with their databases), the mirror copies it keeps for stores elsewhere, and the witness it serves. Edges run
/// from pools to the stores they use and to the file servers whose share they use, and from each store to its
/// mirror copy ("mirror") and its witness ("witness"). The Central Management Server pool and store are
/// highlighted; failed servers and what a restore would re-create are marked (see `DiagramHighlighting`).
///
/// The output is deterministic: identifiers derive from the model's cluster, instance and service ids.
public enum DiagramRendering {
    /// Graphviz DOT (`lynctopo diagram FILE | dot -Tsvg`).
    public static func dot(_ document: TopologyDocument, highlighting: DiagramHighlighting = .none) -> String {
        DOTWriter().write(DiagramGraph.build(document, highlighting: highlighting))
    }

    /// A Mermaid flowchart for Markdown documentation.
    public static func mermaid(_ document: TopologyDocument, highlighting: DiagramHighlighting = .none) -> String {
        MermaidWriter().write(DiagramGraph.build(document, highlighting: highlighting))
    }

    /// A DOT double-quoted string: `\` and `"` escaped, each line break written `\n`, other control characters
    /// dropped. Lines are joined with `\n`.
    public static func dotQuoted(_ lines: [String]) -> String {
        var out = "\""
        for (number, line) in lines.enumerated() {
            if number > 0 { out += "\\n" }
            var previousWasCR = false
            for scalar in line.unicodeScalars {
                defer { previousWasCR = scalar == "\r" }
                switch scalar {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case "\r": out += "\\n"
                case "\n": if !previousWasCR { out += "\\n" }
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) { continue }
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A Mermaid label in double quotes: every character that Mermaid's syntax or its HTML labels could read as
    /// markup is written as an entity code (`#quot;`, `#35;` …), line breaks as `<br/>`, other control
    /// characters dropped. Lines are joined with `<br/>`.
    public static func mermaidQuoted(_ lines: [String]) -> String {
        var out = "\""
        for (number, line) in lines.enumerated() {
            if number > 0 { out += "<br/>" }
            var previousWasCR = false
            for scalar in line.unicodeScalars {
                defer { previousWasCR = scalar == "\r" }
                switch scalar {
                case "\"": out += "#quot;"
                case "&": out += "#amp;"
                case "<": out += "#lt;"
                case ">": out += "#gt;"
                case "#", ";", "[", "]", "(", ")", "{", "}", "|", "`", "\\":
                    out += "#\(scalar.value);"
                case "\r": out += "<br/>"
                case "\n": if !previousWasCR { out += "<br/>" }
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) { continue }
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Colours and line styles shared by both writers.
enum DiagramStyle {
    static let failedFill = "#f4b6b6", failedLine = "#c00000"
    static let recreatedFill = "#ffd8a8", recreatedLine = "#d35400"
    static let centralManagementFill = "#fff2b3", centralManagementLine = "#b8860b"
    static let mirrorLine = "#1f5fbf", witnessLine = "#7b3fb0", usesLine = "#555555", fileShareLine = "#888888"
    static let pairedLine = "#2e8b57"   // pool pairing

    static func fill(_ marks: Set<DiagramGraph.Mark>) -> String? {
        if marks.contains(.failed) { return failedFill }
        if marks.contains(.recreated) { return recreatedFill }
        if marks.contains(.centralManagement) { return centralManagementFill }
        return nil
    }

    static func line(_ marks: Set<DiagramGraph.Mark>) -> String? {
        if marks.contains(.failed) { return failedLine }
        if marks.contains(.recreated) { return recreatedLine }
        if marks.contains(.centralManagement) { return centralManagementLine }
        return nil
    }
}

/// DOT attributes in the order first set; setting one again replaces its value.
struct DOTAttributes {
    private(set) var pairs: [(String, String)] = []

    subscript(name: String) -> String? {
        get { pairs.first { $0.0 == name }?.1 }
        set {
            if let position = pairs.firstIndex(where: { $0.0 == name }) {
                if let newValue { pairs[position].1 = newValue } else { pairs.remove(at: position) }
            } else if let newValue {
                pairs.append((name, newValue))
            }
        }
    }

    var joined: String { pairs.map { $0.0 + "=" + $0.1 }.joined(separator: ", ") }
}

/// Writes a `DiagramGraph` as Graphviz DOT.
struct DOTWriter {
    func write(_ graph: DiagramGraph) -> String {
        var out = "digraph topology {\n"
        out += "    graph [rankdir=LR, compound=true, newrank=true, nodesep=0.3, ranksep=0.7, fontname=\"Helvetica\", fontsize=13, labelloc=t, labeljust=l, label=\(DiagramRendering.dotQuoted(graph.title))];\n"
        out += "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#555555\", fontname=\"Helvetica\", fontsize=10];\n"
        out += "    edge [color=\"\(DiagramStyle.usesLine)\", fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];\n"
        for item in graph.items { write(item, depth: 1, into: &out) }
        for edge in graph.edges { write(edge, into: &out) }
        out += "}\n"
        return out
    }

    func indent(_ depth: Int) -> String { String(repeating: "    ", count: depth) }

    func write(_ item: DiagramGraph.Item, depth: Int, into out: inout String) {
        switch item {
        case .node(let node): write(node, depth: depth, into: &out)
        case .group(let group):
            out += indent(depth) + "subgraph \(DiagramRendering.dotQuoted(["cluster_" + group.id])) {\n"
            var attributes = DOTAttributes()
            attributes["label"] = DiagramRendering.dotQuoted(group.lines)
            attributes["style"] = group.kind == .instance ? "filled" : "\"rounded,filled\""
            switch group.kind {
            case .site: attributes["fillcolor"] = "\"#f4f4f4\""; attributes["color"] = "\"#999999\""; attributes["fontsize"] = "14"
            case .pool: attributes["fillcolor"] = "\"#e6eefb\""; attributes["color"] = "\"#6b8cc7\""; attributes["fontsize"] = "11"
            case .edgePool: attributes["fillcolor"] = "\"#f3e9fb\""; attributes["color"] = "\"#9b7bbf\""; attributes["fontsize"] = "11"
            case .sqlServer: attributes["fillcolor"] = "\"#e7f4e7\""; attributes["color"] = "\"#6aa86a\""; attributes["fontsize"] = "11"
            case .instance: attributes["fillcolor"] = "\"#ffffff\""; attributes["color"] = "\"#6aa86a\""; attributes["fontsize"] = "10"
            }
            if let line = DiagramStyle.line(group.marks) {
                attributes["color"] = "\"\(line)\""
                attributes["penwidth"] = "3"
            }
            if group.marks.contains(.failed) {
                attributes["fillcolor"] = "\"#fde8e8\""
                attributes["fontcolor"] = "\"\(DiagramStyle.failedLine)\""
            }
            for (name, value) in attributes.pairs { out += indent(depth + 1) + name + "=" + value + ";\n" }
            for child in group.items { write(child, depth: depth + 1, into: &out) }
            out += indent(depth) + "}\n"
        }
    }

    func write(_ node: DiagramGraph.Node, depth: Int, into out: inout String) {
        var attributes = DOTAttributes()
        attributes["label"] = DiagramRendering.dotQuoted(node.lines)
        switch node.shape {
        case .machine: break
        case .server: attributes["shape"] = "box3d"
        case .edgeServer: attributes["shape"] = "box3d"; attributes["fillcolor"] = "\"#f3e9fb\""
        case .fileServer: attributes["shape"] = "folder"; attributes["fillcolor"] = "\"#f7f3e3\""
        case .store: attributes["shape"] = "cylinder"; attributes["style"] = "filled"; attributes["fillcolor"] = "\"#eaf5ea\""
        case .mirrorCopy:
            attributes["shape"] = "cylinder"; attributes["style"] = "\"filled,dashed\""
            attributes["color"] = "\"\(DiagramStyle.mirrorLine)\""; attributes["fillcolor"] = "\"#eef3fc\""
        case .witness:
            attributes["shape"] = "hexagon"; attributes["style"] = "filled"
            attributes["color"] = "\"\(DiagramStyle.witnessLine)\""; attributes["fillcolor"] = "\"#f3ecf8\""
        case .note: attributes["shape"] = "plaintext"; attributes["style"] = "\"\""; attributes["fontcolor"] = "\"#777777\""
        }
        if let fill = DiagramStyle.fill(node.marks) { attributes["fillcolor"] = "\"\(fill)\"" }
        if let line = DiagramStyle.line(node.marks) {
            attributes["color"] = "\"\(line)\""
            attributes["penwidth"] = "2"
        }
        out += indent(depth) + DiagramRendering.dotQuoted([node.id]) + " [" + attributes.joined + "];\n"
    }

    func write(_ edge: DiagramGraph.Edge, into out: inout String) {
        var attributes: [String] = []
        if let group = edge.from.group { attributes.append("ltail=\(DiagramRendering.dotQuoted(["cluster_" + group]))") }
        if let group = edge.to.group { attributes.append("lhead=\(DiagramRendering.dotQuoted(["cluster_" + group]))") }
        if let label = edge.kind.label { attributes.append("label=\(DiagramRendering.dotQuoted([label]))") }
        var color: String?
        switch edge.kind {
        case .uses: break
        case .fileShare: attributes.append("style=dotted"); color = DiagramStyle.fileShareLine
        case .mirror: attributes.append("penwidth=2"); color = DiagramStyle.mirrorLine
        case .witness: attributes.append("style=dashed"); color = DiagramStyle.witnessLine
        case .paired: attributes += ["style=dashed", "dir=none", "constraint=false"]; color = DiagramStyle.pairedLine   // pool pairing
        }
        if edge.marks.contains(.recreated) { color = DiagramStyle.recreatedLine }
        if edge.marks.contains(.failed) { color = DiagramStyle.failedLine }
        if let color { attributes += ["color=\"\(color)\"", "fontcolor=\"\(color)\""] }
        out += "    " + DiagramRendering.dotQuoted([edge.from.node]) + " -> " + DiagramRendering.dotQuoted([edge.to.node])
        out += attributes.isEmpty ? ";\n" : " [" + attributes.joined(separator: ", ") + "];\n"
    }
}

/// Writes a `DiagramGraph` as a Mermaid flowchart.
struct MermaidWriter {
    func write(_ graph: DiagramGraph) -> String {
        var out = "flowchart LR\n"
        var classes: [String: [String]] = [:]
        var groupStyles: [String] = []
        for item in graph.items { write(item, depth: 1, into: &out, classes: &classes, groupStyles: &groupStyles) }
        var linkStyles: [String] = []
        for (number, edge) in graph.edges.enumerated() {
            // Mermaid links may start or end at a subgraph: a pool's edges leave the pool itself.
            let from = edge.from.group ?? edge.from.node
            let to = edge.to.group ?? edge.to.node
            let arrow: String
            switch edge.kind {
            case .uses: arrow = "-->"
            case .fileShare: arrow = "-.->"
            case .mirror: arrow = "==>"
            case .witness: arrow = "-.->"
            case .paired: arrow = "-.-"   // pool pairing: undirected
            }
            let label = edge.kind.label.map { "|" + DiagramRendering.mermaidQuoted([$0]) + "|" } ?? ""
            out += "    \(from) \(arrow)\(label) \(to)\n"
            var color: String?
            switch edge.kind {
            case .uses: break
            case .fileShare: color = DiagramStyle.fileShareLine
            case .mirror: color = DiagramStyle.mirrorLine
            case .witness: color = DiagramStyle.witnessLine
            case .paired: color = DiagramStyle.pairedLine
            }
            if edge.marks.contains(.recreated) { color = DiagramStyle.recreatedLine }
            if edge.marks.contains(.failed) { color = DiagramStyle.failedLine }
            if let color { linkStyles.append("    linkStyle \(number) stroke:\(color)\n") }
        }
        out += "    classDef store fill:#eaf5ea,stroke:#6aa86a\n"
        out += "    classDef mirrorCopy fill:#eef3fc,stroke:\(DiagramStyle.mirrorLine),stroke-dasharray:4 3\n"
        out += "    classDef witness fill:#f3ecf8,stroke:\(DiagramStyle.witnessLine)\n"
        out += "    classDef note fill:none,stroke:none,color:#777777\n"
        out += "    classDef centralManagement fill:\(DiagramStyle.centralManagementFill),stroke:\(DiagramStyle.centralManagementLine),stroke-width:2px\n"
        out += "    classDef recreated fill:\(DiagramStyle.recreatedFill),stroke:\(DiagramStyle.recreatedLine),stroke-width:2px\n"
        out += "    classDef failed fill:\(DiagramStyle.failedFill),stroke:\(DiagramStyle.failedLine),stroke-width:2px\n"
        for name in ["store", "mirrorCopy", "witness", "note", "centralManagement", "recreated", "failed"] {
            if let ids = classes[name], !ids.isEmpty { out += "    class \(ids.joined(separator: ",")) \(name)\n" }
        }
        out += groupStyles.joined()
        out += linkStyles.joined()
        return out
    }

    func indent(_ depth: Int) -> String { String(repeating: "    ", count: depth) }

    func write(_ item: DiagramGraph.Item, depth: Int, into out: inout String, classes: inout [String: [String]],
               groupStyles: inout [String]) {
        switch item {
        case .node(let node):
            let label = DiagramRendering.mermaidQuoted(node.lines)
            let shaped: String
            switch node.shape {
            case .machine: shaped = "(\(label))"
            case .server, .edgeServer: shaped = "[\(label)]"
            case .fileServer: shaped = "[/\(label)/]"
            case .store, .mirrorCopy: shaped = "[(\(label))]"
            case .witness: shaped = "{{\(label)}}"
            case .note: shaped = "[\(label)]"
            }
            out += indent(depth) + node.id + shaped + "\n"
            switch node.shape {
            case .store: classes["store", default: []].append(node.id)
            case .mirrorCopy: classes["mirrorCopy", default: []].append(node.id)
            case .witness: classes["witness", default: []].append(node.id)
            case .note: classes["note", default: []].append(node.id)
            default: break
            }
            if node.marks.contains(.failed) {
                classes["failed", default: []].append(node.id)
            } else if node.marks.contains(.recreated) {
                classes["recreated", default: []].append(node.id)
            } else if node.marks.contains(.centralManagement) {
                classes["centralManagement", default: []].append(node.id)
            }
        case .group(let group):
            out += indent(depth) + "subgraph \(group.id) [\(DiagramRendering.mermaidQuoted(group.lines))]\n"
            for child in group.items {
                write(child, depth: depth + 1, into: &out, classes: &classes, groupStyles: &groupStyles)
            }
            out += indent(depth) + "end\n"
            if group.marks.contains(.failed) {
                groupStyles.append("    style \(group.id) fill:#fde8e8,stroke:\(DiagramStyle.failedLine),stroke-width:3px\n")
            } else if group.marks.contains(.centralManagement) {
                groupStyles.append("    style \(group.id) stroke:\(DiagramStyle.centralManagementLine),stroke-width:3px\n")
            }
        }
    }
}
