/// What a failure touches, worked out before any step is planned: which computers the names given stand for,
/// which clusters (and so which SQL instances) are lost as a whole, which stores lose their primary, mirror or
/// witness and how each is treated, and what each failed server hosted. `RunbookBuilder` turns it into steps.
struct FailureAnalysis {
    let topology: Topology
    let requested: [String]
    let unpublished: Topology?
    // Live state (Model/DeploymentState.swift): what the deployment reports; nil when not given.
    let deploymentState: DeploymentState?

    var blockers: [Finding] = []
    var findings: [Finding] = []

    /// A failed computer: its cluster, the machine (nil when the cluster has no machine element) and the name given.
    struct LostComputer {
        var cluster: Cluster
        var machine: Machine?
        var name: String
        var fqdn: String { machine?.fqdn ?? cluster.fqdn }
    }

    /// The names given, in order, duplicates removed.
    var names: [String] = []
    /// Names that match no pool, server or computer.
    var unknownNames: [String] = []
    var computers: [LostComputer] = []
    /// Clusters lost as a whole: their SQL instances and stores are gone.
    var lostClusters = Set<String>()
    /// The failed computers, by position in their cluster.
    var lostMachines = Set<MachineReference>()
    var storePlans: [RestoreStorePlan] = []
    /// Stores (by service id) whose primary, mirror or witness instance is lost, whatever the plan does with them.
    var storesWithLostPrimary = Set<String>()
    var storesWithLostMirror = Set<String>()
    var storesWithLostWitness = Set<String>()
    var centralManagementInstanceID: String?
    // Pools out of service and their pairs, worked out once the store plans are known (analysePairs(),
    // DisasterRecoveryPlanning.swift).
    /// Clusters (by id) out of service: lost whole, or their user store re-created.
    var outOfService = Set<String>()
    /// The paired pools out of service whose backup pool still runs, in topology order.
    var pairFailovers: [PairFailover] = []
    /// Where the active CMS moves when it is in a failed pool and the pair's standby store survived.
    var centralManagementFailover: CentralManagementFailover?

    init(topology: Topology, failed: [String], unpublished: Topology?, deploymentState: DeploymentState?) {
        self.topology = topology
        self.requested = failed
        self.unpublished = unpublished
        self.deploymentState = deploymentState
    }

    mutating func run() {
        for finding in TopologyValidator.validate(topology) {
            if finding.severity == .error { blockers.append(finding) } else { findings.append(finding) }
        }
        checkCentralManagement()
        resolveNames()
        planStores()
        analysePairs()   // DisasterRecoveryPlanning.swift
        deploymentStateFindings()   // live state (DisasterRecoveryPlanning.swift)
        pairFindings()   // pairs the plan cannot use (DisasterRecoveryPlanning.swift)
    }

    /// The analysis as the plan exposes it.
    var failure: RestoreFailure {
        var instances = Set<String>()
        for cluster in lostClusters { for instance in topology.sqlInstances(on: cluster) { instances.insert(instance.id) } }
        return RestoreFailure(unknownNames: unknownNames, lostClusterIDs: lostClusters, lostMachines: lostMachines,
                              lostInstanceIDs: instances, storesWithLostPrimary: storesWithLostPrimary,
                              storesWithLostMirror: storesWithLostMirror, storesWithLostWitness: storesWithLostWitness)
    }

    // MARK: - What to rebuild and re-create

    /// Every failed computer, rebuilt under the same name; a lost cluster's computers with its SQL instances.
    func rebuildServers() -> [RebuildServer] {
        computers.map { computer in
            RebuildServer(fqdn: computer.fqdn,
                          sqlInstances: lostClusters.contains(computer.cluster.id)
                              ? topology.sqlInstances(on: computer.cluster.id).map(\.instanceName) : [],
                          pool: computer.cluster.fqdn, kind: computer.cluster.kind)
        }
    }

    /// The rebuilt computer takes these names: a name the product refuses cannot be rebuilt.
    mutating func checkRebuildNames(_ rebuild: [RebuildServer]) {
        for server in rebuild {
            let values = [PowerShellCommand.Value.fqdn(server.fqdn)] + server.sqlInstances.map { PowerShellCommand.Value.sqlInstance($0) }
            for problem in values.compactMap(\.problem) {
                let message = "\(ControlCharacters.escaped(server.fqdn)) cannot be rebuilt as it is written: \(problem); correct the topology first"
                if !blockers.contains(where: { $0.message == message }) {
                    blockers.append(.error(RestorePlanner.Rule.invalidName, message, at: nil))
                }
            }
        }
    }

    /// The databases re-created: stand-alone ones (Create databases page), collocated ones (Setup) and mirror copies.
    func recreatedDatabases() -> (recreate: [RestoreDatabase], local: [RestoreDatabase], mirrors: [RestoreMirrorDatabase]) {
        var recreate: [RestoreDatabase] = [], local: [RestoreDatabase] = [], mirrors: [RestoreMirrorDatabase] = []
        for plan in storePlans {
            let store = plan.store
            if [.recreate, .recreateWithMirror, .restoreBothFromBackup].contains(plan.treatment) {
                let databases = Self.databases(of: store).map { throughPair(plan, $0) }   // pair: data replicated, not from a backup
                if store.isStandAlone { recreate += databases } else { local += databases }
            }
            if let mirror = store.mirror {
                let witness = store.witness.map { SQLInstanceRef(sqlServer: $0.sqlServer, instance: $0.instance) }
                let swapped = plan.treatment == .failOverAndSwap
                let on = swapped ? SQLInstanceRef(sqlServer: store.sqlServer, instance: store.instance)
                                 : SQLInstanceRef(sqlServer: mirror.sqlServer, instance: mirror.instance)
                let primary = swapped ? SQLInstanceRef(sqlServer: mirror.sqlServer, instance: mirror.instance)
                                      : SQLInstanceRef(sqlServer: store.sqlServer, instance: store.instance)
                let drop = plan.treatment == .restoreBothFromBackup || plan.treatment == .reinstallMirroring
                for database in store.databases {
                    mirrors.append(RestoreMirrorDatabase(sqlServer: on.sqlServer, instance: on.instance, role: store.role,
                                                         databaseType: store.databaseType, database: database, primary: primary,
                                                         witness: witness, dropExisting: drop))
                }
            }
        }
        return (recreate, local, mirrors)
    }

    static func databases(of store: Store) -> [RestoreDatabase] {
        store.databases.map { database in
            RestoreDatabase(sqlServer: store.sqlServer, instance: store.instance, role: store.role, databaseType: store.databaseType,
                            database: database,
                            restoreFromBackup: store.catalogEntry?.databasesNeedingBackup.contains(database) ?? false)
        }
    }

    // MARK: - Preconditions

    mutating func checkCentralManagement() {
        let active = topology.services.filter {
            CaseFolding.equal($0.roleName, RoleCatalog.centralManagementRole) && $0.isActiveCentralManagement == true
        }
        if active.isEmpty {
            blockers.append(.error(RestorePlanner.Rule.noCentralManagement,
                                   "the topology has no active Central Management Server: it was never published, so nothing can be published or installed from it and there is nothing to restore",
                                   at: topology.location))
            return
        }
        if active.count > 1 {
            blockers.append(.error(RestorePlanner.Rule.severalCentralManagement,
                                   "the topology has \(active.count) active Central Management Servers (\(active.map(\.displayName).joined(separator: ", "))); a deployment has exactly one, so no plan can tell which to publish from",
                                   at: active[1].location))
            return
        }
        guard let cms = topology.centralManagement, let storeID = cms.storeServiceID, let store = topology.service(storeID),
              case .sqlInstance(let instanceID) = store.placement, topology.sqlInstance(instanceID) != nil else {
            blockers.append(.error(RestorePlanner.Rule.unresolvedCentralManagementStore,
                                   "the active Central Management Server \(active[0].displayName) has no Central Management store on a known SQL instance: the topology cannot be published from it",
                                   at: active[0].location))
            return
        }
        centralManagementInstanceID = instanceID
    }

    // MARK: - Which computers failed

    mutating func resolveNames() {
        var seen = Set<String>()
        for name in requested where seen.insert(name.folded).inserted { names.append(name) }
        if names.isEmpty {
            blockers.append(.error(RestorePlanner.Rule.noFailedServer, "no failed server was named", at: nil))
            return
        }
        var seenComputers = Set<String>()
        var machinesLost: [String: Set<String>] = [:]
        for name in names {
            let key = name.folded
            if let cluster = topology.cluster(fqdn: name) {
                lostClusters.insert(cluster.id)
                for position in cluster.machines.indices { lostMachines.insert(MachineReference(clusterID: cluster.id, position: position)) }
                if cluster.machines.count > 1 {
                    findings.append(.warning(RestorePlanner.Rule.wholePool,
                                             "\(ControlCharacters.escaped(name)) is a pool of \(cluster.machines.count) servers (\(cluster.machines.map(\.fqdn).joined(separator: ", "))): every one of them is taken as failed; name a single server to rebuild only that one",
                                             at: cluster.location))
                }
                if cluster.machines.isEmpty {
                    if seenComputers.insert(cluster.fqdn.folded).inserted { computers.append(LostComputer(cluster: cluster, machine: nil, name: name)) }
                }
                for machine in cluster.machines where seenComputers.insert(machine.fqdn.folded).inserted {
                    computers.append(LostComputer(cluster: cluster, machine: machine, name: name))
                }
                continue
            }
            var found = false
            for cluster in topology.clusters {
                for (position, machine) in cluster.machines.enumerated() where machine.fqdn.folded == key {
                    found = true
                    lostMachines.insert(MachineReference(clusterID: cluster.id, position: position))
                    machinesLost[cluster.id, default: []].insert(key)
                    if seenComputers.insert(key).inserted { computers.append(LostComputer(cluster: cluster, machine: machine, name: name)) }
                }
                if found { break }
            }
            if found { continue }
            var message = "'\(ControlCharacters.escaped(name))' is not a server of this topology: no pool, server or computer has this FQDN"
            if let unpublished, unpublished.cluster(fqdn: name) != nil
                || unpublished.clusters.contains(where: { $0.machines.contains { $0.fqdn.folded == key } }) {
                message += " (it exists only in the unpublished NewTopology, so it was never deployed)"
            }
            unknownNames.append(name)
            blockers.append(.error(RestorePlanner.Rule.unknownServer, message, at: nil))
        }
        // A cluster all of whose computers failed is lost as a whole.
        for cluster in topology.clusters where !cluster.machines.isEmpty {
            if let lost = machinesLost[cluster.id], cluster.machines.allSatisfy({ lost.contains($0.fqdn.folded) }) {
                lostClusters.insert(cluster.id)
            }
        }
    }

    func isLost(instanceID: String) -> Bool {
        guard let instance = topology.sqlInstance(instanceID) else { return false }
        return lostClusters.contains(instance.clusterID)
    }

    // MARK: - What happens to each store

    mutating func planStores() {
        for store in topology.stores {
            let primaryLost = isLost(instanceID: store.sqlInstanceID)
            let mirrorLost = store.mirror.map { isLost(instanceID: $0.sqlInstanceID) } ?? false
            let witnessLost = store.witness.map { isLost(instanceID: $0.sqlInstanceID) } ?? false
            guard primaryLost || mirrorLost || witnessLost else { continue }
            if primaryLost { storesWithLostPrimary.insert(store.serviceID) }
            if mirrorLost { storesWithLostMirror.insert(store.serviceID) }
            if witnessLost { storesWithLostWitness.insert(store.serviceID) }
            if primaryLost && store.isAlwaysOn {
                blockers.append(.error(RestorePlanner.Rule.alwaysOn,
                                       "store \(store.displayName) is on an AlwaysOn availability group listener: recovering a replica belongs to SQL Server (rebuild it and join it to the group), which the Lync Server 2013 restore procedure followed here does not cover",
                                       at: store.location))
                continue
            }
            if primaryLost && store.catalogEntry == nil {
                findings.append(.warning(RestorePlanner.Rule.unknownStoreRole,
                                         "store \(store.displayName) has role '\(store.role)', which lynctopo does not know: the plan cannot list its databases; re-create them by hand",
                                         at: store.location))
            }
            let onCMS = centralManagementInstanceID == store.sqlInstanceID
            let treatment: StoreTreatment
            if store.mirror == nil {
                guard primaryLost else { continue }   // a witness without a mirror: nothing to re-create
                treatment = .recreate
            } else if primaryLost && mirrorLost {
                treatment = .recreateWithMirror
            } else if primaryLost {
                treatment = onCMS ? .restoreBothFromBackup : .failOverAndSwap
            } else if mirrorLost {
                treatment = .recreateMirror
            } else {
                treatment = .reinstallMirroring
            }
            storePlans.append(RestoreStorePlan(store: store, treatment: treatment, primaryLost: primaryLost, mirrorLost: mirrorLost,
                                               witnessLost: witnessLost, onCentralManagementInstance: onCMS))
        }
    }

    // MARK: - Classification

    func classify(_ computer: LostComputer) -> FailedServer {
        let cluster = computer.cluster
        let roles = topology.services(on: cluster.id).map(\.roleName)
        var scenarios: [RestoreScenario] = []
        var hosted: [String] = []
        func add(_ scenario: RestoreScenario) { if !scenarios.contains(scenario) { scenarios.append(scenario) } }

        guard lostClusters.contains(cluster.id) else {
            add(.memberServer)
            let what = cluster.kind == .sql ? "a node of the SQL Server cluster \(cluster.fqdn); its instances run on the other nodes"
                                            : "one of the \(cluster.machines.count) servers of \(cluster.kind.rawValue) pool \(cluster.fqdn)"
            hosted.append(what + "; no database of its own")
            return FailedServer(name: computer.name, fqdn: computer.fqdn, pool: cluster.fqdn, kind: cluster.kind, roles: roles,
                                scenarios: scenarios, hosted: hosted)
        }
        let lyncRoles = roles.filter(RoleCatalog.isLyncServerRole)
        switch cluster.kind {
        case .standard:
            add(.standardEdition)
            hosted.append("Standard Edition server (\(lyncRoles.joined(separator: ", "))) with its collocated SQL Server Express back end")
        case .enterprise, .edge, .other:
            if !lyncRoles.isEmpty {
                add(.memberServer)
                hosted.append("\(cluster.kind == .edge ? "Edge server" : "Lync server") (\(roles.joined(separator: ", "))); no database of its own")
            } else if !roles.isEmpty {
                hosted.append("\(roles.joined(separator: ", ")), which runs outside Lync Server: its own product's recovery applies")
            }
        case .file:
            add(.fileServer)
            let shares = topology.services(on: cluster.id).compactMap(\.shareName)
            hosted.append("file store" + (shares.isEmpty ? "" : " (share \(shares.joined(separator: ", ")))"))
        case .sql:
            break
        }
        if cluster.kind != .file && roles.contains(where: { $0.folded == RoleCatalog.fileStoreRole }) {
            add(.fileServer)
        }
        let instanceIDs = Set(topology.sqlInstances(on: cluster.id).map(\.id))
        for plan in storePlans {
            let store = plan.store
            let consumers = store.consumers.isEmpty ? "" : " for \(store.consumers.joined(separator: ", "))"
            let standAloneKind = !RestorePlanner.rolesRestoredByLyncExports.contains(store.role.folded)
            if instanceIDs.contains(store.sqlInstanceID) {
                switch plan.treatment {
                case .recreate:
                    if store.isStandAlone { add(standAloneKind ? .standAloneStoreServer : .nonMirroredBackEnd) }
                case .recreateWithMirror:
                    add(.primaryAndMirrorLost)
                    if standAloneKind { add(.standAloneStoreServer) }
                case .restoreBothFromBackup, .failOverAndSwap:
                    add(.primaryLostMirrorAlive)
                    if standAloneKind { add(.standAloneStoreServer) }
                case .recreateMirror, .reinstallMirroring:
                    break
                }
                var line = "\(store.role) (\(store.databaseType))\(consumers) on \(Self.display(store.sqlServer, store.instance))"
                if let mirror = store.mirror {
                    line += ", primary; mirror \(Self.display(mirror.sqlServer, mirror.instance)) \(plan.mirrorLost ? "lost too" : "alive")"
                }
                hosted.append(line)
            }
            if let mirror = store.mirror, instanceIDs.contains(mirror.sqlInstanceID) {
                add(plan.treatment == .recreateWithMirror ? .primaryAndMirrorLost : .mirrorLost)
                hosted.append("mirror of \(store.role) (\(store.databaseType))\(consumers) on \(Self.display(mirror.sqlServer, mirror.instance)); primary \(Self.display(store.sqlServer, store.instance)) \(plan.primaryLost ? "lost too" : "alive")")
            }
            if let witness = store.witness, instanceIDs.contains(witness.sqlInstanceID) {
                add(.witnessLost)
                hosted.append("witness of \(store.role) (\(store.databaseType))\(consumers) on \(Self.display(witness.sqlServer, witness.instance))")
            }
        }
        if let id = centralManagementInstanceID, instanceIDs.contains(id) {
            add(.activeCentralManagementStore)
            hosted.append("the active Central Management store")
        }
        if cluster.kind == .sql && scenarios.isEmpty {
            add(.sqlServerWithoutStores)
            hosted.append("SQL Server instances holding no store of this topology")
        }
        if scenarios.isEmpty { add(.other) }
        return FailedServer(name: computer.name, fqdn: computer.fqdn, pool: cluster.fqdn, kind: cluster.kind, roles: roles,
                            scenarios: scenarios, hosted: hosted)
    }

    static func display(_ server: String, _ instance: String) -> String { instance.isEmpty ? server : server + "\\" + instance }
}
