/// The rule ids of the findings a publish simulation adds to the validator's: one place, so that scripts and
/// the command line can key on them.
public enum PublishRules {
    /// No active CMS, and no Front End pool or Standard Edition server could hold one (error).
    public static let noCentralManagementCandidate = "PUBLISH001"
    /// No active CMS, several candidates and `--cms` not given: the wizard will ask (warning).
    public static let centralManagementNotChosen = "PUBLISH002"
    /// `--cms` names no candidate pool (error; the command line exits 64).
    public static let unknownCentralManagementPool = "PUBLISH003"
    /// `--cms` given while another pool holds the active CMS: ignored (warning).
    public static let centralManagementAlreadyActive = "PUBLISH004"
    /// The chosen CMS pool has no back-end store to hold the CMS databases (error).
    public static let centralManagementPoolWithoutBackEnd = "PUBLISH005"
    /// A mirrored store on a product without database mirroring (Skype for Business Server 2019) (error).
    public static let mirroringUnsupported = "PUBLISH010"
    /// Mirror databases to create and no `--file-share`: the wizard will ask for one (warning).
    public static let fileShareMissing = "PUBLISH011"
    /// `--file-share` is not a UNC path (error; the command line exits 64).
    public static let fileShareInvalid = "PUBLISH012"
    /// A store or mirror whose SQL instance names no server: left off the pages (warning).
    public static let unresolvedStore = "PUBLISH013"
    /// The state file names a server that is not in the topology (warning).
    public static let stateUnknownServer = "PUBLISH020"
    /// The state file names an instance that the topology does not define on that server (warning).
    public static let stateUnknownInstance = "PUBLISH021"
    /// A server with databases on the pages has no record in the state file: taken as absent (note).
    public static let stateServerNotCovered = "PUBLISH022"
    /// `--failed` names no server of the topology (warning).
    public static let failedUnknownServer = "PUBLISH030"
    /// A failed server holds no database of these pages (note).
    public static let failedServerHasNoDatabases = "PUBLISH031"
    /// A failed primary whose mirror is alive: fail over first (warning).
    public static let failedPrimaryWithLiveMirror = "PUBLISH032"
    /// A failed witness: mirroring is removed and installed again (warning).
    public static let failedWitness = "PUBLISH033"
    /// The active CMS store is lost (its server failed, no live mirror): the publish cannot write (error).
    public static let centralManagementStoreLost = "PUBLISH034"
    /// Nothing said what exists and the document is a published topology: a first publish is assumed (note).
    public static let firstPublishAssumed = "PUBLISH040"
}

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
        var seenPrimary = Set<String>()
        var seenMirror = Set<String>()
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
                    reason = "collocated: created by Setup/the Deployment Wizard, not by this page; " + reason
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
            let primary = SqlInstanceRef(sqlServer: unit.sqlServer, instance: unit.instance)
            let witness = unit.witness.flatMap { $0.sqlServer.isEmpty ? nil : SqlInstanceRef(sqlServer: $0.sqlServer, instance: $0.instance) }
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

    // MARK: The stores on the pages

    /// A store as the pages see it: a store of the topology, or the CMS store the publish will place.
    struct StoreUnit {
        var role: String
        var databaseType: String
        var databases: [String]
        var sqlServer: String
        var instance: String
        var isStandAlone: Bool
        var mirror: StoreEndpoint?
        var witness: StoreEndpoint?
        var consumers: [String]
        var product: ProductVersion?
        /// Said before the existence reason of each of its databases.
        var note: String?
        var displayName: String
        var location: SourceLocation

        init(_ store: Store) {
            role = store.role
            databaseType = store.databaseType
            databases = store.databases
            sqlServer = store.sqlServer
            instance = store.instance
            isStandAlone = store.isStandAlone
            mirror = store.mirror
            witness = store.witness
            consumers = store.consumers
            product = store.product
            note = store.isAlwaysOn ? "AlwaysOn: created once, on the listener" : nil
            displayName = store.displayName
            location = store.location
        }
    }

    static func instanceKey(_ server: String, _ instance: String) -> String {
        var key = CaseFolding.lowercased(server)
        if key.utf8.last == 0x2E { key.removeLast() }   // a trailing "."
        let instance = CaseFolding.lowercased(StateFile.normalizedInstance(instance))
        key.reserveCapacity(key.utf8.count + 1 + instance.utf8.count + 1)
        key.append("\u{1}")
        key.append(instance)
        return key
    }

    static func databaseKey(_ server: String, _ instance: String, _ database: String) -> String {
        databaseKey(instanceKey: instanceKey(server, instance), database)
    }

    /// The key of a database on the SQL instance whose `instanceKey` is given.
    static func databaseKey(instanceKey: String, _ database: String) -> String {
        instanceKey + "\u{1}" + CaseFolding.lowercased(database)
    }

    static func displayName(_ server: String, _ instance: String) -> String {
        SqlInstanceRef(sqlServer: server, instance: instance).displayName
    }

    /// Rows grouped by `key`, groups in order of first appearance, rows in their order within a group.
    static func stableGrouped<Row>(_ rows: [Row], keys: [String]) -> [Row] {
        // Positions are grouped, then each row is copied once into the result.
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for position in rows.indices {
            let name = keys[position]
            if groups[name] == nil { order.append(name) }
            groups[name, default: []].append(position)
        }
        if order.count <= 1 { return rows }
        var grouped: [Row] = []
        grouped.reserveCapacity(rows.count)
        for name in order {
            for position in groups[name] ?? [] { grouped.append(rows[position]) }
        }
        return grouped
    }

    // MARK: Select Central Management Server

    struct CentralManagementPage {
        var choice: CentralManagementChoice
        /// The CMS store the publish places on the chosen pool's back end (none when the CMS is active already
        /// or its store is in the topology).
        var unit: StoreUnit?
        var findings: [Finding]
    }

    static func centralManagementPage(_ topology: Topology, options: PublishOptions) -> CentralManagementPage {
        var findings: [Finding] = []
        let requested = options.centralManagementPool.map { StateFile.trim($0) }
        if let active = topology.centralManagement {
            var choice = CentralManagementChoice(pool: active.pool,
                                                 store: active.sqlServer.map { SqlInstanceRef(sqlServer: $0, instance: active.instance ?? "") },
                                                 isExisting: true, candidates: [])
            choice.selection = .active
            choice.storeIsStandAlone = topology.stores.first { $0.serviceID == active.storeServiceID }?.isStandAlone
            if let requested, requested.lowercased() != active.pool.lowercased() {
                findings.append(.warning(PublishRules.centralManagementAlreadyActive,
                                         "--cms \(requested) is ignored: the active Central Management Server is \(active.pool), and the wizard offers no choice",
                                         at: active.location,
                                         notes: ["moving the CMS is done with Move-CsManagementServer, not by publishing"]))
            }
            return CentralManagementPage(choice: choice, unit: nil, findings: findings)
        }

        let candidates = topology.clusters.filter { $0.kind == .enterprise || $0.kind == .standard }
        var choice = CentralManagementChoice(pool: nil, store: nil, isExisting: false, candidates: candidates.map(\.fqdn))
        var chosen: Cluster?
        if let requested {
            chosen = candidates.first { $0.fqdn.lowercased() == requested.lowercased() }
            if chosen == nil {
                findings.append(.error(PublishRules.unknownCentralManagementPool,
                                       "--cms \(requested) is not a Front End pool or Standard Edition server of this topology; candidates: \(candidates.isEmpty ? "none" : candidates.map(\.fqdn).joined(separator: ", "))",
                                       at: nil))
            }
            choice.selection = chosen == nil ? (candidates.isEmpty ? .noCandidate : .notChosen) : .chosen
        } else if candidates.count == 1 {
            chosen = candidates[0]
            choice.selection = .onlyCandidate
        } else if candidates.isEmpty {
            choice.selection = .noCandidate
        } else {
            choice.selection = .notChosen
            findings.append(.warning(PublishRules.centralManagementNotChosen,
                                     "the topology has no Central Management Server yet and \(candidates.count) pools could hold it (\(candidates.map(\.fqdn).joined(separator: ", "))): the wizard asks; choose with --cms POOL to see where its databases (xds, lis) go",
                                     at: nil))
        }
        if candidates.isEmpty {
            findings.append(.error(PublishRules.noCentralManagementCandidate,
                                   "the topology has no Central Management Server and no Front End pool or Standard Edition server to hold one: the publish cannot proceed",
                                   at: topology.location))
        }
        guard let chosen else { return CentralManagementPage(choice: choice, unit: nil, findings: findings) }
        choice.pool = chosen.fqdn

        let hosted = topology.services(on: chosen.id)
        // A CentralMgmt service of the pool that already names its store.
        for service in hosted where service.roleName.lowercased() == RoleCatalog.centralManagementRole.lowercased() {
            for dependency in service.dependencies where dependency.usage == .default {
                if let store = topology.stores.first(where: {
                    $0.serviceID == dependency.serviceID && $0.role.lowercased() == RoleCatalog.centralManagementStoreRole.lowercased()
                }) {
                    choice.store = SqlInstanceRef(sqlServer: store.sqlServer, instance: store.instance)
                    choice.storeIsStandAlone = store.isStandAlone
                    return CentralManagementPage(choice: choice, unit: nil, findings: findings)
                }
            }
        }
        // Otherwise the CMS databases go to the pool's back end: the store of its user services.
        let userServices = Set(hosted.filter { $0.roleName.lowercased() == "userservices" }.map(\.id))
        guard let backEnd = topology.stores.first(where: {
            StoreCatalog.entry(for: $0.role)?.databaseType == "User" && !userServices.isDisjoint(with: $0.consumerServiceIDs)
        }) else {
            findings.append(.error(PublishRules.centralManagementPoolWithoutBackEnd,
                                   "\(chosen.fqdn) has no back-end store (no UserStore used by its UserServices): the Central Management databases (xds, lis) have nowhere to go",
                                   at: chosen.location))
            return CentralManagementPage(choice: choice, unit: nil, findings: findings)
        }
        choice.store = SqlInstanceRef(sqlServer: backEnd.sqlServer, instance: backEnd.instance)
        choice.storeIsStandAlone = backEnd.isStandAlone
        let role = RoleCatalog.centralManagementStoreRole
        let entry = StoreCatalog.entry(for: role)
        var unit = StoreUnit(backEnd)
        unit.role = role
        unit.databaseType = entry?.databaseType ?? "CentralMgmt"
        unit.databases = entry?.databases ?? []
        unit.consumers = [chosen.fqdn]
        unit.displayName = backEnd.instance.isEmpty ? "\(role):\(backEnd.sqlServer)" : "\(role):\(backEnd.sqlServer)\\\(backEnd.instance)"
        let how = choice.selection == .chosen ? "chosen with --cms" : "the only candidate"
        unit.note = "new Central Management store (\(chosen.fqdn), \(how))"
        return CentralManagementPage(choice: choice, unit: unit, findings: findings)
    }

    // MARK: What the input says

    static func inputFindings(_ topology: Topology, existing: ExistingDatabases, model: ExistenceModel, units: [StoreUnit],
                              pageRows: [(String, String)], centralManagement: CentralManagementChoice) -> [Finding] {
        var findings: [Finding] = []
        switch existing.source {
        case .stateFile(let path):
            var reportedServers = Set<String>()
            var reportedInstances = Set<String>()
            for record in existing.records {
                let server = ExistenceModel.serverKey(record.sqlServer)
                guard let cluster = topology.cluster(fqdn: server) else {
                    if reportedServers.insert(server).inserted {
                        findings.append(.warning(PublishRules.stateUnknownServer,
                                                 "\(path):\(record.line ?? 1): the state file names \(record.sqlServer), which is not a server of this topology; its records are ignored",
                                                 at: nil))
                    }
                    continue
                }
                if record.anyInstance { continue }
                let instances = topology.sqlInstances(on: cluster.id)
                let known = instances.contains { instanceKey($0.sqlServer, $0.instanceName) == instanceKey(record.sqlServer, record.instance) }
                if !known, reportedInstances.insert(instanceKey(record.sqlServer, record.instance)).inserted {
                    let defined = instances.map { $0.isDefaultInstance ? "the default instance" : $0.name }
                    findings.append(.warning(PublishRules.stateUnknownInstance,
                                             "\(path):\(record.line ?? 1): the state file names the instance \(displayName(cluster.fqdn, record.instance)), which the topology does not define (\(cluster.fqdn) has \(defined.isEmpty ? "no SQL instance" : defined.joined(separator: ", "))); its records are ignored",
                                             at: nil))
                }
            }
            var covered = Set<String>()
            for record in existing.records { covered.insert(ExistenceModel.serverKey(record.sqlServer)) }
            var said = Set<String>()
            for (server, _) in pageRows {
                let key = ExistenceModel.serverKey(server)
                if !covered.contains(key), said.insert(key).inserted {
                    findings.append(.note(PublishRules.stateServerNotCovered,
                                          "the state file \(path) has no record for \(server): its databases are taken as absent and are created",
                                          at: nil,
                                          notes: ["run Test-CsDatabase -ConfiguredDatabases -SqlServerFqdn on that server too and add its records"]))
                }
            }
        case .failedServers:
            for failed in model.failedServerNames {
                if let cluster = topology.cluster(fqdn: failed) {
                    if topology.sqlInstances(on: cluster.id).isEmpty {
                        findings.append(.note(PublishRules.failedServerHasNoDatabases,
                                              "\(cluster.fqdn) hosts no SQL instance: no database of these pages is lost with it (its rebuild is Deployment Wizard steps only)",
                                              at: cluster.location))
                    }
                } else if let cluster = topology.clusters.first(where: { $0.machines.contains { $0.fqdn.lowercased() == failed.lowercased() } }) {
                    findings.append(.note(PublishRules.failedServerHasNoDatabases,
                                          "\(failed) is a machine of \(cluster.fqdn): the SQL instances of the topology belong to servers, and none is lost with this machine",
                                          at: cluster.location))
                } else {
                    findings.append(.warning(PublishRules.failedUnknownServer,
                                             "--failed \(failed) names no server of this topology: nothing is taken as lost for it", at: nil))
                }
            }
            var saidPrimary = Set<String>()
            var saidWitness = Set<String>()
            for unit in units {
                if let mirror = unit.mirror, model.isFailed(unit.sqlServer), !model.isFailed(mirror.sqlServer),
                   saidPrimary.insert(instanceKey(unit.sqlServer, unit.instance)).inserted {
                    findings.append(.warning(PublishRules.failedPrimaryWithLiveMirror,
                                             "\(displayName(unit.sqlServer, unit.instance)) failed while its mirror \(displayName(mirror.sqlServer, mirror.instance)) is alive: fail the databases over to the mirror first (Invoke-CsDatabaseFailover -NewPrincipal Mirror, automatic with a witness)",
                                             at: mirror.location,
                                             notes: ["the documented recovery removes mirroring, points the pool at the survivor and publishes; the rebuilt server then comes back as the new mirror (lynctopo restore prints the steps)"]))
                }
                if let witness = unit.witness, model.isFailed(witness.sqlServer),
                   saidWitness.insert(instanceKey(witness.sqlServer, witness.instance)).inserted {
                    findings.append(.warning(PublishRules.failedWitness,
                                             "the witness \(displayName(witness.sqlServer, witness.instance)) failed: a witness cannot be re-created alone; mirroring is removed and installed again with it",
                                             at: witness.location))
                }
            }
            if centralManagement.selection == .active, let store = centralManagement.store, model.isFailed(store.sqlServer) {
                let cmsUnit = units.first {
                    $0.role.lowercased() == RoleCatalog.centralManagementStoreRole.lowercased()
                        && instanceKey($0.sqlServer, $0.instance) == instanceKey(store.sqlServer, store.instance)
                }
                let mirrorAlive = cmsUnit?.mirror.map { !model.isFailed($0.sqlServer) } ?? false
                if !mirrorAlive {
                    findings.append(.error(PublishRules.centralManagementStoreLost,
                                           "the Central Management store on \(store.displayName) is lost with the failed server: publishing needs a working Central Management store",
                                           at: topology.centralManagement?.location,
                                           notes: ["restore it first: Install-CsDatabase -CentralManagementDatabase -Clean on the rebuilt server, Set-CsConfigurationStoreLocation, Import-CsConfiguration from the backup, Enable-CsTopology; then publish (lynctopo restore prints the steps)"]))
                }
            }
        case .firstPublish, .originalTopology:
            break
        }
        return findings
    }
}

/// Decides, database by database, whether it exists before the publish, and says why.
struct ExistenceModel {
    let existing: ExistingDatabases
    /// Records by server/instance/database key: true when some record says it exists.
    private var exact: [String: (exists: Bool, line: Int?)] = [:]
    /// Records that named no instance, by server/database key.
    private var anyInstance: [String: (exists: Bool, line: Int?)] = [:]
    private var failed: Set<String> = []
    /// The failed servers as given, without duplicates.
    private(set) var failedServerNames: [String] = []

    init(_ existing: ExistingDatabases) {
        self.existing = existing
        for record in existing.records {
            if record.anyInstance {
                let key = Self.serverKey(record.sqlServer) + "\u{1}" + record.database.lowercased()
                anyInstance[key] = Self.merge(anyInstance[key], record)
            } else {
                let key = PublishSimulator.databaseKey(record.sqlServer, record.instance, record.database)
                exact[key] = Self.merge(exact[key], record)
            }
        }
        var names = existing.failedServers
        if case .failedServers(let servers) = existing.source { names += servers }
        for name in names {
            let trimmed = StateFile.trim(name)
            guard !trimmed.isEmpty else { continue }
            if failed.insert(Self.serverKey(trimmed)).inserted { failedServerNames.append(trimmed) }
        }
    }

    static func serverKey(_ server: String) -> String {
        var key = CaseFolding.lowercased(server)
        if key.utf8.last == 0x2E { key.removeLast() }   // a trailing "."
        return key
    }

    /// Several records for one database: it exists when any of them says so (the first such line is kept).
    static func merge(_ old: (exists: Bool, line: Int?)?, _ record: ExistingDatabases.Record) -> (exists: Bool, line: Int?) {
        guard let old else { return (record.exists, record.line) }
        if old.exists { return old }
        return record.exists ? (true, record.line) : old
    }

    func isFailed(_ server: String) -> Bool { failed.contains(Self.serverKey(server)) }

    func decide(sqlServer: String, instance: String, database: String) -> (action: DatabaseAction, reason: String) {
        switch existing.source {
        case .firstPublish:
            return (.create, "first publish: no database exists yet")
        case .failedServers:
            return isFailed(sqlServer)
                ? (.create, "\(sqlServer) failed: every database on its instances is gone")
                : (.exists, "\(sqlServer) did not fail: its databases are taken to exist")
        case .stateFile(let path):
            let found = exact[PublishSimulator.databaseKey(sqlServer, instance, database)]
                ?? anyInstance[Self.serverKey(sqlServer) + "\u{1}" + database.lowercased()]
            guard let found else { return (.create, "not in the state file \(path)") }
            let at = found.line.map { "\(path):\($0)" } ?? path
            return found.exists
                ? (.exists, "reported to exist (\(at))")
                : (.create, "reported missing (\(at): Succeed is not True and no InstalledVersion)")
        case .originalTopology:
            return exact[PublishSimulator.databaseKey(sqlServer, instance, database)]?.exists == true
                ? (.exists, "in the original topology: published already")
                : (.create, "not in the original topology: new in this edit")
        }
    }
}
