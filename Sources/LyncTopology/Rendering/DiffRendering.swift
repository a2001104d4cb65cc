/// The `diff` command's outputs: the changes grouped by entity, readable like a review, and JSON with the keys
/// of the command-line contract; both followed by the publish impact.
public enum DiffRendering {
    /// Which topology of which document one side of the diff is.
    public struct Side: Sendable, Hashable {
        /// The document's path as the user named it.
        public var path: String
        /// `Topology` (a published document), `NewTopology` or `OriginalTopology` (parts of a .tbxml).
        public var part: String

        public init(path: String, part: String) {
            self.path = path
            self.part = part
        }
    }

    static let groups: [(TopologyChange.Entity, String)] = [
        (.site, "Sites"), (.domain, "Domains"), (.pool, "Pools"), (.machine, "Machines"), (.sqlInstance, "SQL instances"),
        (.store, "Stores"), (.mirror, "Mirrors"), (.witness, "Witnesses"), (.service, "Services"),
        (.pairing, "Pool pairings"),   // pool pairing (Diff/PairingChanges.swift)
    ]

    // MARK: JSON

    public static func json(_ report: TopologyDiffReport, old: Side, new: Side) -> JSONValue {
        .object([
            ("old", .string(old.path)),
            ("new", .string(new.path)),
            ("oldTopology", .string(old.part)),
            ("newTopology", .string(new.part)),
            ("changes", .array(report.changes.map(changeJSON))),
            ("publishImpact", impactJSON(report.impact, path: new.path)),
        ])
    }

    public static func changeJSON(_ change: TopologyChange) -> JSONValue {
        .object([
            ("kind", .string(change.kind.rawValue)),
            ("entity", .string(change.entity.rawValue)),
            ("id", .string(change.id)),
            ("field", .string(change.field)),
            ("old", .string(change.old)),
            ("new", .string(change.new)),
        ])
    }

    static func warningJSON(_ warning: DiffWarning) -> JSONValue {
        .object([
            ("rule", .string(warning.rule)),
            ("severity", .string(warning.severity.rawValue)),
            ("entity", .string(warning.entity.rawValue)),
            ("id", .string(warning.id)),
            ("message", .string(warning.message)),
            ("commands", .strings(PowerShell.render(warning.commands))),
        ])
    }

    public static func impactJSON(_ impact: PublishImpact, path: String) -> JSONValue {
        .object([
            ("createDatabases", PublishRendering.databasesJSON(impact.createDatabases)),
            ("createMirrorDatabases", PublishRendering.mirrorDatabasesJSON(impact.createMirrorDatabases)),
            ("warnings", .array(impact.warnings.map(warningJSON))),
            ("blocked", .bool(impact.plan.isBlocked)),
            ("findings", FindingRendering.json(impact.plan.findings, path: path)),
        ])
    }

    // MARK: text

    static func side(_ side: Side) -> String {
        side.part == "Topology" ? side.path : "\(side.path) (\(side.part))"
    }

    static func value(_ text: String?) -> String { text ?? "(none)" }

    public static func text(_ report: TopologyDiffReport, old: Side, new: Side) -> String {
        var out = "old: \(side(old))\nnew: \(side(new))\n"
        let changes = report.changes
        if changes.isEmpty {
            out += "\nNo changes.\n"
        } else {
            let added = changes.filter { $0.kind == .added }.count
            let removed = changes.filter { $0.kind == .removed }.count
            out += "\n\(changes.count) change\(changes.count == 1 ? "" : "s"): \(added) added, \(removed) removed, \(changes.count - added - removed) changed\n"
        }
        struct Key: Hashable { var entity: TopologyChange.Entity; var id: String }
        var ids: [TopologyChange.Entity: [String]] = [:]
        var byKey: [Key: [TopologyChange]] = [:]
        for change in changes {
            let key = Key(entity: change.entity, id: change.id)
            if byKey[key] == nil { ids[change.entity, default: []].append(change.id) }
            byKey[key, default: []].append(change)
        }
        for (entity, title) in groups {
            guard let group = ids[entity] else { continue }
            out += "\n\(title)\n"
            for id in group {
                let entries = byKey[Key(entity: entity, id: id)] ?? []
                let fields = entries.filter { $0.field != nil }
                for change in entries where change.field == nil { out += entityLine(change) }
                guard !fields.isEmpty else { continue }
                if !entries.contains(where: { $0.field == nil }) { out += "  ~ \(id)\n" }
                for change in fields {
                    let name = change.field ?? ""
                    switch change.kind {
                    case .added: out += "      + \(name): \(value(change.new))\n"
                    case .removed: out += "      - \(name): \(value(change.old))\n"
                    case .changed: out += "      \(name): \(value(change.old)) -> \(value(change.new))\n"
                    }
                }
            }
        }
        out += "\n" + impactText(report.impact, path: new.path)
        return out
    }

    static func entityLine(_ change: TopologyChange) -> String {
        let sign = change.kind == .added ? "+" : "-"
        let detail = change.kind == .added ? change.new : change.old
        switch change.entity {
        case .mirror, .witness:
            return "  \(sign) \(change.id): \(change.entity.rawValue) \(value(detail))\n"
        default:
            return "  \(sign) \(change.id)" + (detail.map { "  (\($0))" } ?? "") + "\n"
        }
    }

    static func location(_ server: String, _ instance: String) -> String {
        instance.isEmpty ? server : server + "\\" + instance
    }

    /// Lines of databases, one per instance and role, in first-seen order.
    static func grouped<T>(_ entries: [T], key: (T) -> String, database: (T) -> String) -> [(key: String, databases: [String])] {
        var order: [String] = []
        var databases: [String: [String]] = [:]
        for entry in entries {
            let line = key(entry)
            if databases[line] == nil { order.append(line) }
            databases[line, default: []].append(database(entry))
        }
        return order.map { ($0, databases[$0] ?? []) }
    }

    public static func impactText(_ impact: PublishImpact, path: String) -> String {
        var out = "Publish impact (the new topology published where the old one is deployed)\n"
        if impact.createDatabases.isEmpty && impact.createMirrorDatabases.isEmpty {
            out += "  Nothing to create.\n"
        }
        if !impact.createDatabases.isEmpty {
            out += "  Create databases:\n"
            let lines = grouped(impact.createDatabases, key: { "\(location($0.sqlServer, $0.instance))  \($0.role) (\($0.databaseType))" },
                                database: \.database)
            for line in lines { out += "    \(line.key): \(line.databases.joined(separator: ", "))\n" }
        }
        if !impact.createMirrorDatabases.isEmpty {
            out += "  Create mirror databases:\n"
            let lines = grouped(impact.createMirrorDatabases, key: { database in
                var key = "\(location(database.sqlServer, database.instance))  \(database.role) (\(database.databaseType)), mirror of \(database.primary.displayName)"
                if let witness = database.witness { key += ", witness \(witness.displayName)" }
                return key
            }, database: \.database)
            for line in lines { out += "    \(line.key): \(line.databases.joined(separator: ", "))\n" }
        }
        if impact.plan.isBlocked { out += "  The publish would be blocked:\n" }
        if !impact.plan.findings.isEmpty {
            for line in FindingRendering.text(impact.plan.findings, path: path).split(separator: "\n", omittingEmptySubsequences: false)
            where !line.isEmpty {
                out += "    \(line)\n"
            }
        }
        if !impact.warnings.isEmpty {
            out += "\nNeeds more than a publish\n"
            for warning in impact.warnings {
                out += "  \(warning.severity.rawValue): [\(warning.rule)] \(warning.message)\n"
                for command in warning.commands { out += "      \(PowerShell.render(command))\n" }
            }
        }
        return out
    }
}
