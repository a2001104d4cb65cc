/// The `restore` command's outputs: a numbered runbook (text), the JSON of the command-line contract, and a
/// PowerShell script whose manual steps are comments.
public enum RestoreRendering {
    // MARK: - JSON

    static func databaseJSON(_ database: RestoreDatabase) -> JSONValue {
        .object([
            ("sqlServer", .string(database.sqlServer)),
            ("instance", .string(database.instance)),
            ("role", .string(database.role)),
            ("databaseType", .string(database.databaseType)),
            ("database", .string(database.database)),
            ("restoreFromBackup", .bool(database.restoreFromBackup)),
        ])
    }

    static func instanceJSON(_ instance: SQLInstanceRef?) -> JSONValue {
        guard let instance else { return .null }
        return .object([("sqlServer", .string(instance.sqlServer)), ("instance", .string(instance.instance))])
    }

    public static func json(_ plan: RestorePlan, path: String) -> JSONValue {
        .object([
            ("document", .string(path)),
            ("product", .string(plan.product?.description)),
            ("failed", .strings(plan.failed)),
            ("blocked", .bool(plan.isBlocked)),
            ("blockers", FindingRendering.json(plan.blockers, path: path)),
            ("servers", .array(plan.servers.map { server in
                .object([
                    ("name", .string(server.name)),
                    ("fqdn", .string(server.fqdn)),
                    ("pool", .string(server.pool)),
                    ("kind", .string(server.kind.rawValue)),
                    ("roles", .strings(server.roles)),
                    ("scenarios", .strings(server.scenarios.map(\.rawValue))),
                    ("hosted", .strings(server.hosted)),
                ])
            })),
            ("rebuild", .array(plan.rebuild.map { server in
                .object([
                    ("fqdn", .string(server.fqdn)),
                    ("sqlInstances", .strings(server.sqlInstances)),
                    ("pool", .string(server.pool)),
                    ("kind", .string(server.kind.rawValue)),
                ])
            })),
            ("recreateDatabases", .array(plan.recreateDatabases.map(databaseJSON))),
            ("recreateMirrorDatabases", .array(plan.recreateMirrorDatabases.map { mirror in
                .object([
                    ("sqlServer", .string(mirror.sqlServer)),
                    ("instance", .string(mirror.instance)),
                    ("role", .string(mirror.role)),
                    ("databaseType", .string(mirror.databaseType)),
                    ("database", .string(mirror.database)),
                    ("primary", instanceJSON(mirror.primary)),
                    ("witness", instanceJSON(mirror.witness)),
                    ("dropExisting", .bool(mirror.dropExisting)),
                ])
            })),
            ("localDatabases", .array(plan.localDatabases.map(databaseJSON))),
            ("stores", .array(plan.stores.map { store in
                .object([
                    ("role", .string(store.store.role)),
                    ("databaseType", .string(store.store.databaseType)),
                    ("sqlServer", .string(store.store.sqlServer)),
                    ("instance", .string(store.store.instance)),
                    ("treatment", .string(store.treatment.rawValue)),
                    ("primaryLost", .bool(store.primaryLost)),
                    ("mirrorLost", .bool(store.mirrorLost)),
                    ("witnessLost", .bool(store.witnessLost)),
                ])
            })),
            ("steps", .array(RunbookSteps.entries(plan).map { entry in
                .object([
                    ("number", .int(entry.number)),
                    ("title", .string(entry.step.title)),
                    ("why", .string(entry.step.why)),
                    ("computer", .string(entry.step.computer)),
                    ("changes", .strings(entry.changes)),
                    ("prerequisites", .array(entry.prerequisites.map { .int($0) })),
                    ("manual", .strings(entry.step.manual)),
                    ("commands", .strings(PowerShell.render(entry.step.commands))),
                    ("conditions", .array(zip(entry.step.commands, entry.conditions).compactMap { command, condition in
                        condition.map { JSONValue.object([("command", .string(PowerShell.render(command))),
                                                          ("onlyIf", .string(RunbookSteps.conditionText($0)))]) }
                    })),
                    ("alternative", .string(entry.step.alternative)),
                ])
            })),
            ("placeholders", .strings(plan.placeholders)),
            ("findings", FindingRendering.json(plan.findings, path: path)),
        ])
    }

    // MARK: - Text

    /// Text safe for a terminal line: control characters shown as `\u{…}`.
    static func line(_ text: String) -> String { ControlCharacters.escaped(text) }

    static func display(_ server: String, _ instance: String) -> String { instance.isEmpty ? server : server + "\\" + instance }

    public static func text(_ plan: RestorePlan, path: String) -> String {
        var out = "Restore plan for \(line(path)) (\(plan.product?.description ?? "unknown product"))\n"
        out += "Failed: \(plan.failed.map(line).joined(separator: ", "))\n"
        if plan.isBlocked {
            out += "\nBLOCKED: this plan must not be followed.\n"
            for blocker in plan.blockers {
                out += "  - [\(blocker.rule)] \(line(blocker.message))\n"
            }
        }
        if !plan.servers.isEmpty {
            out += "\nFailed servers\n"
            for server in plan.servers {
                let pool = server.pool.lowercased() == server.fqdn.lowercased() ? "" : " (of \(line(server.pool)))"
                out += "  \(line(server.fqdn))\(pool)  [\(server.scenarios.map(\.rawValue).joined(separator: ", "))]\n"
                for hosted in server.hosted { out += "    - \(line(hosted))\n" }
            }
        }
        if !plan.rebuild.isEmpty {
            out += "\nRebuild (same FQDN, same SQL Server instance names)\n"
            for server in plan.rebuild {
                let instances = server.sqlInstances.isEmpty ? "no SQL Server instance"
                    : "SQL Server instances: " + server.sqlInstances.map { $0.isEmpty ? "(default)" : line($0) }.joined(separator: ", ")
                out += "  \(line(server.fqdn))  \(instances)\n"
            }
        }
        out += databasesText("Databases to re-create (Create databases page, Install-CsDatabase)", plan.recreateDatabases)
        if !plan.recreateMirrorDatabases.isEmpty {
            out += "\nMirror databases to re-create (Create Mirror Database page, Install-CsMirrorDatabase)\n"
            var groups: [(key: String, items: [RestoreMirrorDatabase])] = []
            for mirror in plan.recreateMirrorDatabases {
                let key = "\(display(mirror.sqlServer, mirror.instance)) mirror of \(display(mirror.primary.sqlServer, mirror.primary.instance))"
                    + (mirror.dropExisting ? ", old copy dropped" : "")
                if let index = groups.firstIndex(where: { $0.key == key }) { groups[index].items.append(mirror) } else { groups.append((key, [mirror])) }
            }
            for group in groups {
                out += "  \(line(group.key)): \(group.items.map(\.database).joined(separator: ", "))\n"
            }
        }
        out += databasesText("Databases Setup and the Deployment Wizard re-create (collocated)", plan.localDatabases)
        if !plan.steps.isEmpty {
            out += "\nSteps\n"
            for entry in RunbookSteps.entries(plan) {
                let step = entry.step
                out += "\n\(entry.number). \(line(step.title))\n"
                out += "   Runs on: \(line(entry.runsOn))\n"
                out += "   Changes: \(entry.changes.isEmpty ? "nothing (reads only)" : line(entry.changes.joined(separator: "; ")))\n"
                if !entry.prerequisites.isEmpty { out += "   After: step \(entry.prerequisites.map(String.init).joined(separator: ", "))\n" }
                out += "   Why: \(line(step.why))\n"
                for manual in step.manual { out += "   - \(line(manual))\n" }
                if entry.number == 1, !plan.placeholders.isEmpty {
                    out += "   - Replace the placeholders \(plan.placeholders.joined(separator: " and ")) in the commands below with the real values (or plan again with --file-share and --backup-path).\n"
                }
                for (command, condition) in zip(step.commands, entry.conditions) {
                    out += "   > \(line(PowerShell.render(command)))\n"
                    if let condition { out += "     (\(line(RunbookSteps.conditionText(condition))))\n" }
                }
                if let alternative = step.alternative { out += "   Or: \(line(alternative))\n" }
            }
        }
        if !plan.findings.isEmpty {
            out += "\n" + FindingRendering.text(plan.findings, path: line(path)).split(separator: "\n", omittingEmptySubsequences: false)
                .map { line(String($0)) }.joined(separator: "\n")
        }
        out += "\nlynctopo plans; it runs nothing. Read every step before you act on it.\n"
        return out
    }

    static func databasesText(_ title: String, _ databases: [RestoreDatabase]) -> String {
        guard !databases.isEmpty else { return "" }
        var out = "\n\(title)\n"
        var groups: [(key: String, items: [RestoreDatabase])] = []
        for database in databases {
            let key = "\(display(database.sqlServer, database.instance))  \(database.role) (\(database.databaseType))"
            if let index = groups.firstIndex(where: { $0.key == key }) { groups[index].items.append(database) } else { groups.append((key, [database])) }
        }
        for group in groups {
            let names = group.items.map { $0.database + ($0.restoreFromBackup ? " (from backup)" : "") }
            out += "  \(line(group.key)): \(names.joined(separator: ", "))\n"
        }
        return out
    }

    /// The blockers as diagnostics for standard error, every control character escaped.
    public static func diagnostics(_ findings: [Finding], path: String) -> String {
        FindingRendering.text(findings, path: path).split(separator: "\n").map { line(String($0)) }.joined(separator: "\n")
    }

    // MARK: - PowerShell

    /// A comment line: `# text`, with every control character (line breaks included) shown as an escape, so that
    /// no text can end the comment and become code.
    static func comment(_ text: String) -> String { text.isEmpty ? "#" : "# " + line(text) }

    /// The runbook as a step-gated PowerShell script (see `RestoreScript`).
    public static func powerShell(_ plan: RestorePlan, path: String) -> String {
        RestoreScript.render(plan, path: path)
    }
}
