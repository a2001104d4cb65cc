/// The `publish` command's outputs: the wizard's pages as JSON (keys per the command-line contract) and as
/// text that reads like the wizard.
public enum PublishRendering {
    // MARK: JSON

    /// `{"sqlServer", "instance"}`, or null.
    public static func instanceJSON(_ instance: SQLInstanceRef?) -> JSONValue {
        guard let instance else { return .null }
        return .object([("sqlServer", .string(instance.sqlServer)), ("instance", .string(instance.instance))])
    }

    /// The rows of the Create databases page: `sqlServer, instance, role, databaseType, database, action, reason`.
    public static func databasesJSON(_ rows: [PlannedDatabase]) -> JSONValue {
        .array(rows.map { row in
            .object([
                ("sqlServer", .string(row.sqlServer)),
                ("instance", .string(row.instance)),
                ("role", .string(row.role)),
                ("databaseType", .string(row.databaseType)),
                ("database", .string(row.database)),
                ("action", .string(row.action.rawValue)),
                ("reason", .string(row.reason)),
            ])
        })
    }

    /// The rows of the Create Mirror Database page: the mirror's `sqlServer, instance`, `role, databaseType,
    /// database`, `primary {sqlServer, instance}`, `witness {…}|null`, `action, reason`.
    public static func mirrorDatabasesJSON(_ rows: [PlannedMirrorDatabase]) -> JSONValue {
        .array(rows.map { row in
            .object([
                ("sqlServer", .string(row.sqlServer)),
                ("instance", .string(row.instance)),
                ("role", .string(row.role)),
                ("databaseType", .string(row.databaseType)),
                ("database", .string(row.database)),
                ("primary", instanceJSON(row.primary)),
                ("witness", instanceJSON(row.witness)),
                ("action", .string(row.action.rawValue)),
                ("reason", .string(row.reason)),
            ])
        })
    }

    /// The `createDatabases` array of a plan.
    public static func createDatabasesJSON(_ plan: PublishPlan) -> JSONValue { databasesJSON(plan.createDatabases) }

    /// The `createMirrorDatabases` array of a plan.
    public static func createMirrorDatabasesJSON(_ plan: PublishPlan) -> JSONValue { mirrorDatabasesJSON(plan.createMirrorDatabases) }

    /// The `localDatabases` array: collocated stores' databases, created by Setup/the Deployment Wizard (same keys
    /// as `createDatabases`, as in `restore`).
    public static func localDatabasesJSON(_ plan: PublishPlan) -> JSONValue { databasesJSON(plan.collocatedDatabases) }

    /// `{"pool", "sqlServer", "instance"}` plus `selection`, `active`, `standAlone` and `candidates`.
    public static func centralManagementJSON(_ choice: CentralManagementChoice) -> JSONValue {
        .object([
            ("pool", .string(choice.pool)),
            ("sqlServer", .string(choice.store?.sqlServer)),
            ("instance", .string(choice.store?.instance)),
            ("active", .bool(choice.isExisting)),
            ("selection", .string(choice.selection.rawValue)),
            ("standAlone", choice.storeIsStandAlone.map { .bool($0) } ?? .null),
            ("candidates", .strings(choice.candidates)),
        ])
    }

    /// `{"source": "firstPublish|stateFile|failedServers|originalTopology", "assumed", "path"?, "failed"?, "description"}`.
    public static func existingJSON(_ plan: PublishPlan) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("source", .string(sourceName(plan.existingSource))), ("assumed", .bool(plan.existingAssumed))]
        if case .stateFile(let path) = plan.existingSource { pairs.append(("path", .string(path))) }
        if case .failedServers = plan.existingSource { pairs.append(("failed", .strings(plan.failedServers))) }
        pairs.append(("description", .string(existingSentence(plan))))
        return .object(pairs)
    }

    static func sourceName(_ source: ExistingDatabases.Source) -> String {
        switch source {
        case .firstPublish: return "firstPublish"
        case .stateFile: return "stateFile"
        case .failedServers: return "failedServers"
        case .originalTopology: return "originalTopology"
        }
    }

    /// The whole plan, keys in the order of the command-line contract, extra keys after them.
    public static func json(_ plan: PublishPlan, path: String) -> JSONValue {
        .object([
            ("document", .string(path)),
            ("product", .string(plan.product?.description)),
            ("centralManagementServer", centralManagementJSON(plan.centralManagement)),
            ("createDatabases", createDatabasesJSON(plan)),
            ("createMirrorDatabases", createMirrorDatabasesJSON(plan)),
            ("findings", FindingRendering.json(plan.findings, path: path)),
            ("existing", existingJSON(plan)),
            ("localDatabases", localDatabasesJSON(plan)),
            ("fileShare", .string(plan.fileShare)),
            ("blocked", .bool(plan.isBlocked)),
        ])
    }

    // MARK: Text

    /// The sentence that says what the "exists" decisions rest on.
    public static func existingSentence(_ plan: PublishPlan) -> String {
        switch plan.existingSource {
        case .firstPublish:
            return plan.existingAssumed
                ? "First publish: no database exists yet (nothing said otherwise: no --state, --failed or OriginalTopology)."
                : "First publish: no database exists yet."
        case .stateFile(let path):
            return "What exists comes from the state file \(path); a database it does not report as existing is created."
        case .failedServers:
            let names = plan.failedServers
            let list = names.isEmpty ? "(none)" : names.joined(separator: ", ")
            return "Rebuild after a failure: every database on the instances of \(list) is gone; everything else exists."
        case .originalTopology:
            return "Edit of a published topology: stores in the OriginalTopology exist; new ones do not."
        }
    }

    /// The wizard's pages as text, then the findings as `path:line:column: severity: [RULE] message`.
    public static func text(_ plan: PublishPlan, path: String) -> String {
        var out = "Publish Topology (simulated): \(path), \(plan.product?.description ?? "unknown product")\n"
        out += existingSentence(plan) + "\n"

        out += "\nSelect Central Management Server\n"
        out += centralManagementText(plan.centralManagement)

        out += "\nCreate databases\n"
        if plan.createDatabases.isEmpty {
            out += "  (no stand-alone SQL store: nothing on this page)\n"
        } else {
            var consumers: [String: [String]] = [:]
            for row in plan.createDatabases {
                let key = groupKey(row.sqlServer, row.instance)
                for pool in row.consumers where !(consumers[key] ?? []).contains(where: { $0.lowercased() == pool.lowercased() }) {
                    consumers[key, default: []].append(pool)
                }
            }
            out += databaseTable(plan.createDatabases.map { row in
                let key = groupKey(row.sqlServer, row.instance)
                let name = SQLInstanceRef(sqlServer: row.sqlServer, instance: row.instance).displayName
                let pools = consumers[key] ?? []
                return (row, key, pools.isEmpty ? name : "\(name)  for \(pools.joined(separator: ", "))")
            })
        }
        if !plan.collocatedDatabases.isEmpty {
            out += "  Not on this page: collocated stores on a server's own SQL instance; Setup and the Deployment Wizard\n"
            out += "  create their databases (Install-CsDatabase -LocalDatabases on that server):\n"
            var order: [String] = []
            var groups: [String: [PlannedDatabase]] = [:]
            for row in plan.collocatedDatabases {
                let key = SQLInstanceRef(sqlServer: row.sqlServer, instance: row.instance).displayName
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(row)
            }
            for key in order {
                let rows = groups[key] ?? []
                let create = rows.filter { $0.action == .create }.map(\.database)
                let exists = rows.filter { $0.action == .exists }.map(\.database)
                var parts: [String] = []
                if !create.isEmpty { parts.append("create " + create.joined(separator: ", ")) }
                if !exists.isEmpty { parts.append("exists " + exists.joined(separator: ", ")) }
                out += "    \(key): \(parts.joined(separator: "; "))\n"
            }
        }

        out += "\nCreate Mirror Database\n"
        if plan.createMirrorDatabases.isEmpty {
            out += "  (not shown: no store is mirrored)\n"
        } else {
            if let share = plan.fileShare {
                out += "  File share: \(share)\n"
            } else if plan.createMirrorDatabases.contains(where: { $0.action == .create }) {
                out += "  File share: not given; the wizard asks for one (--file-share \\\\server\\share)\n"
            } else {
                out += "  File share: not needed (every mirror database exists)\n"
            }
            out += databaseTable(plan.createMirrorDatabases.map { row in
                let mirror = SQLInstanceRef(sqlServer: row.sqlServer, instance: row.instance).displayName
                var title = "\(mirror)  mirror of \(row.primary.displayName)"
                title += row.witness.map { ", witness \($0.displayName)" } ?? ", no witness"
                let planned = PlannedDatabase(sqlServer: row.sqlServer, instance: row.instance, role: row.role,
                                              databaseType: row.databaseType, database: row.database, action: row.action, reason: row.reason)
                return (planned, "\(title)\u{1}", title)
            })
        }

        out += "\nPublish\n"
        let create = plan.databasesToCreate, mirrors = plan.mirrorDatabasesToCreate
        if plan.isBlocked {
            let errors = plan.findings.filter { $0.severity == .error }.count
            out += "  Blocked: the publish would fail (\(errors) error\(errors == 1 ? "" : "s") below).\n"
        } else {
            var summary: [String] = []
            if !create.isEmpty {
                summary.append(count(create.count, "database") + " on " + count(instances(create.map { ($0.sqlServer, $0.instance) }), "SQL instance"))
            }
            if !mirrors.isEmpty {
                summary.append(count(mirrors.count, "mirror database") + " on " + count(instances(mirrors.map { ($0.sqlServer, $0.instance) }), "SQL instance"))
            }
            let creates = summary.isEmpty ? "create no database" : "create " + summary.joined(separator: " and ")
            out += "  The wizard would \(creates), then publish the topology to the Central Management store and enable it.\n"
            let cleared = plan.createDatabases.count - create.count + plan.createMirrorDatabases.count - mirrors.count
            if cleared > 0 {
                out += "  \(count(cleared, "database")) already exist\(cleared == 1 ? "s" : ""): not created again.\n"
            }
        }

        if !plan.findings.isEmpty {
            out += "\n" + FindingRendering.text(plan.findings, path: path)
        }
        return out
    }

    static func centralManagementText(_ choice: CentralManagementChoice) -> String {
        let store = choice.store.map(\.displayName)
        let placement: String
        switch choice.storeIsStandAlone {
        case .some(true): placement = " (stand-alone: on the Create databases page)"
        case .some(false): placement = " (collocated: created by Setup/the Deployment Wizard)"
        case .none: placement = ""
        }
        switch choice.selection {
        case .active:
            return "  \(choice.pool ?? "?"): the active Central Management Server; its store is \(store ?? "not resolved (see findings)")\n"
        case .chosen, .onlyCandidate:
            var out = "  No Central Management Server yet. Candidates: \(choice.candidates.joined(separator: ", ")).\n"
            let how = choice.selection == .chosen ? "chosen with --cms" : "the only candidate"
            out += "  Selected: \(choice.pool ?? "?") (\(how)); "
            out += store.map { "the CMS databases (xds, lis) go to its back-end store \($0)\(placement)\n" }
                ?? "it has no back-end store for the CMS databases (see findings)\n"
            return out
        case .notChosen:
            return "  No Central Management Server yet. Candidates: \(choice.candidates.joined(separator: ", ")).\n"
                + "  None selected: the wizard asks; choose with --cms POOL to see where the CMS databases (xds, lis) go.\n"
        case .noCandidate:
            return "  No Central Management Server, and no Front End pool or Standard Edition server to hold one.\n"
        }
    }

    /// Rows grouped under a header line each, as the wizard's check boxes: `[x]` create, `[ ]` exists.
    static func databaseTable(_ rows: [(row: PlannedDatabase, group: String, header: String)]) -> String {
        let nameWidth = rows.map(\.row.database.count).max() ?? 0
        let typeWidth = rows.map(\.row.databaseType.count).max() ?? 0
        var out = ""
        var current: String?
        for entry in rows {
            if entry.group != current {
                current = entry.group
                out += "  \(entry.header)\n"
            }
            let row = entry.row
            let box = row.action == .create ? "[x] create" : "[ ] exists"
            out += "    \(box)  \(pad(row.database, nameWidth))  \(pad(row.databaseType, typeWidth))  \(row.reason)\n"
        }
        return out
    }

    static func groupKey(_ server: String, _ instance: String) -> String { "\(server.lowercased())\u{1}\(instance.lowercased())" }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    static func instances(_ pairs: [(String, String)]) -> Int {
        Set(pairs.map { "\($0.0.lowercased())\u{1}\($0.1.lowercased())" }).count
    }
}
