/// Simulates the Publish Topology wizard (domain.md §5): Select Central Management Server, Create databases
/// (stand-alone stores), Create Mirror Database (mirrored stores), each database `create` or `exists` with the
/// reason, and what would make the publish fail.
public enum PublishSimulator {
    /// The stores of `topology` taken as existing: what a .tbxml's OriginalTopology (or the old side of a
    /// diff) says is deployed already.
    public static func existing(from topology: Topology) -> ExistingDatabases {
        var records: [ExistingDatabases.Record] = []
        for store in topology.stores {
            for database in store.databases {
                records.append(.init(sqlServer: store.sqlServer, instance: store.instance, database: database))
            }
            if let mirror = store.mirror {
                for database in store.databases {
                    records.append(.init(sqlServer: mirror.sqlServer, instance: mirror.instance, database: database))
                }
            }
        }
        return ExistingDatabases(source: .originalTopology, records: records)
    }

    /// The wizard's pages for a document: for a .tbxml with an OriginalTopology and no explicit `existing`,
    /// the original's stores exist.
    public static func simulate(_ document: TopologyDocument, options: PublishOptions = PublishOptions()) -> PublishPlan {
        var options = options
        if options.existing == nil, let original = document.original { options.existing = existing(from: original) }
        return simulate(document.topology, options: options)
    }

    /// Why `share` is not a usable UNC path for the Create Mirror Database page (`\\server\share[\folder…]`), or
    /// nil when it is.
    public static func fileShareProblem(_ share: String) -> String? {
        guard share.hasPrefix("\\\\") else { return "is not a UNC path (\\\\server\\share)" }
        let rest = share.dropFirst(2)
        if rest.hasPrefix("?\\") || rest.hasPrefix(".\\") { return "is a device path, not a file share" }
        var parts = rest.split(separator: "\\", omittingEmptySubsequences: false)
        if parts.count > 2, parts.last?.isEmpty == true { parts.removeLast() }   // a trailing backslash
        guard parts.count >= 2 else { return "names no share (expected \\\\server\\share)" }
        if parts.contains(where: \.isEmpty) { return "has an empty path component" }
        for scalar in parts[0].unicodeScalars {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "-" || scalar == "."
            if !ok { return "has a server name with the character '\(StateFile.printable(scalar))'" }
        }
        let forbiddenInShare: Set<Unicode.Scalar> = ["/", "[", "]", ":", "|", "<", ">", "+", "=", ";", ",", "?", "*", "\""]
        let forbiddenInPath: Set<Unicode.Scalar> = ["/", ":", "*", "?", "\"", "<", ">", "|"]
        for (offset, part) in parts.enumerated().dropFirst() {
            for scalar in part.unicodeScalars {
                if scalar.value < 0x20 || scalar.value == 0x7F || (offset == 1 ? forbiddenInShare : forbiddenInPath).contains(scalar) {
                    return "has the character '\(StateFile.printable(scalar))' in '\(part)'"
                }
            }
        }
        return nil
    }

    /// The wizard's pages for `topology`, given what exists.
    public static func simulate(_ topology: Topology, options: PublishOptions = PublishOptions()) -> PublishPlan {
        // The validation and the pages read the same topology and nothing else: they run side by side.
        let (validation, pages) = TopologyValidator.validate(topology, alongside: { simulatePages(topology, options: options) })
        var extra = pages.findings
        // The validator's MIRROR006 already reports an unsupported mirror as an error; say it once.
        if validation.contains(where: { $0.rule == "MIRROR006" }) {
            extra.removeAll { $0.rule == PublishRules.mirroringUnsupported }
        }
        let findings = validation + extra
        var plan = pages.plan
        plan.findings = findings
        plan.isBlocked = findings.contains { $0.severity == .error }
        return plan
    }

    /// The wizard's pages, with the findings of the simulation itself (not the validator's).
    static func simulatePages(_ topology: Topology, options: PublishOptions) -> (plan: PublishPlan, findings: [Finding]) {
        let existing = options.existing ?? .firstPublish
        let model = ExistenceModel(existing)
        var extra: [Finding] = []

        // Select Central Management Server.
        let page = centralManagementPage(topology, options: options)
        extra += page.findings
        var units = topology.stores.map { StoreUnit($0) }
        if let cmsUnit = page.unit {
            let key = instanceKey(cmsUnit.sqlServer, cmsUnit.instance)
            let position = units.lastIndex { instanceKey($0.sqlServer, $0.instance) == key }.map { $0 + 1 } ?? units.count
            units.insert(cmsUnit, at: position)
        }

        // Create databases and Create Mirror Database.
        var createDatabases: [PlannedDatabase] = []
        var collocated: [PlannedDatabase] = []
        var mirrors: [PlannedMirrorDatabase] = []
        let databaseCount = units.reduce(0) { $0 + $1.databases.count }
        var seenPrimary = Set<String>(minimumCapacity: databaseCount)
        var seenMirror = Set<String>(minimumCapacity: units.reduce(0) { $0 + ($1.mirror == nil ? 0 : $1.databases.count) })
        var lastCollocated: (reason: String, text: String)?
        // The grouping key of each row, built once per store rather than once per row.
        var createKeys: [String] = [], collocatedKeys: [String] = [], mirrorKeys: [String] = []
        for unit in units {
            guard !unit.sqlServer.isEmpty else {
                extra.append(.warning(PublishRules.unresolvedStore,
                                      "store \(unit.displayName) is installed on a SQL instance that names no server: it is left off the wizard's pages",
                                      at: unit.location))
                continue
            }
            let primaryKey = instanceKey(unit.sqlServer, unit.instance)
            for database in unit.databases where seenPrimary.insert(databaseKey(instanceKey: primaryKey, database)).inserted {
                let decision = model.decide(sqlServer: unit.sqlServer, instance: unit.instance, database: database)
                var reason = unit.note.map { "\($0); \(decision.reason)" } ?? decision.reason
                if !unit.isStandAlone {
                    // Rows share their reasons: the text of the last one is kept rather than built again.
                    if lastCollocated?.reason != reason {
                        lastCollocated = (reason, "collocated: created by Setup/the Deployment Wizard, not by this page; " + reason)
                    }
                    reason = lastCollocated?.text ?? reason
                }
                var row = PlannedDatabase(sqlServer: unit.sqlServer, instance: unit.instance, role: unit.role,
                                          databaseType: unit.databaseType, database: database, action: decision.action, reason: reason)
                row.consumers = unit.consumers
                if unit.isStandAlone {
                    createDatabases.append(row)
                    createKeys.append(primaryKey)
                } else {
                    collocated.append(row)
                    collocatedKeys.append(primaryKey)
                }
            }
            guard let mirror = unit.mirror else { continue }
            if let product = unit.product ?? topology.product, !product.supportsMirroring {
                extra.append(.error(PublishRules.mirroringUnsupported,
                                    "store \(unit.displayName) is mirrored to \(displayName(mirror.sqlServer, mirror.instance)), but \(product) does not support database mirroring: the wizard has no Create Mirror Database page and the publish fails",
                                    at: mirror.location,
                                    notes: ["remove the mirror (and any witness) from the store, or use SQL Server AlwaysOn availability groups instead"]))
                continue
            }
            guard !mirror.sqlServer.isEmpty else {
                extra.append(.warning(PublishRules.unresolvedStore,
                                      "the mirror of store \(unit.displayName) is installed on a SQL instance that names no server: it is left off the Create Mirror Database page",
                                      at: mirror.location))
                continue
            }
            let primary = SQLInstanceRef(sqlServer: unit.sqlServer, instance: unit.instance)
            let witness = unit.witness.flatMap { $0.sqlServer.isEmpty ? nil : SQLInstanceRef(sqlServer: $0.sqlServer, instance: $0.instance) }
            let mirrorKey = instanceKey(mirror.sqlServer, mirror.instance)
            let mirrorGroup = mirrorKey + "\u{1}" + primaryKey
            for database in unit.databases where seenMirror.insert(databaseKey(instanceKey: mirrorKey, database)).inserted {
                let decision = model.decide(sqlServer: mirror.sqlServer, instance: mirror.instance, database: database)
                var row = PlannedMirrorDatabase(sqlServer: mirror.sqlServer, instance: mirror.instance, role: unit.role,
                                                databaseType: unit.databaseType, database: database, primary: primary, witness: witness,
                                                fileShare: options.fileShare, action: decision.action,
                                                reason: unit.note.map { "\($0); \(decision.reason)" } ?? decision.reason)
                row.consumers = unit.consumers
                mirrors.append(row)
                mirrorKeys.append(mirrorGroup)
            }
        }
        createDatabases = stableGrouped(createDatabases, keys: createKeys)
        collocated = stableGrouped(collocated, keys: collocatedKeys)
        mirrors = stableGrouped(mirrors, keys: mirrorKeys)

        // The file share of the Create Mirror Database page.
        if let share = options.fileShare, let problem = fileShareProblem(share) {
            extra.append(.error(PublishRules.fileShareInvalid, "file share '\(share)' \(problem)", at: nil))
        } else if options.fileShare == nil {
            let toCreate = mirrors.filter { $0.action == .create }
            if !toCreate.isEmpty {
                extra.append(.warning(PublishRules.fileShareMissing,
                                      "\(toCreate.count) mirror database\(toCreate.count == 1 ? "" : "s") must be created and no file share was given: the Create Mirror Database page asks for one (--file-share \\\\server\\share)",
                                      at: nil,
                                      notes: ["the primary SQL Server's service account must be able to write to the share and the mirror's to read from it"]))
            }
        }

        // What the input says about the topology.
        extra += inputFindings(topology, existing: existing, model: model, units: units,
                               pageRows: createDatabases.map { ($0.sqlServer, $0.instance) } + mirrors.map { ($0.sqlServer, $0.instance) },
                               centralManagement: page.choice)
        if options.existing == nil && topology.kind == .topology {
            extra.append(.note(PublishRules.firstPublishAssumed,
                               "nothing says which databases exist (no --state, --failed or --first-publish): this published topology is simulated as a first publish, in which every database is created",
                               at: nil,
                               notes: ["pass --state FILE (Test-CsDatabase -ConfiguredDatabases … | Export-Csv -NoTypeInformation) or --failed FQDN to simulate a publish of a running deployment"]))
        }

        var plan = PublishPlan(product: topology.product, existingSource: existing.source, centralManagement: page.choice,
                               createDatabases: createDatabases, createMirrorDatabases: mirrors, collocatedDatabases: collocated,
                               findings: [], isBlocked: false)
        plan.existingAssumed = options.existing == nil
        plan.failedServers = model.failedServerNames
        plan.fileShare = options.fileShare
        return (plan, extra)
    }
}
