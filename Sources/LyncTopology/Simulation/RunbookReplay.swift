/// Replays a restore plan on a `SimulatedDeployment` before it is printed: the deployment as the failure
/// leaves it, then every step's manual actions and typed commands in order, with the effect the product
/// documentation gives each cmdlet. A plan is right when no command targets a computer that is down or not
/// rebuilt yet, no command fails (a database missing, a copy in the way), and at its end:
///
/// - every computer of the topology is up and no Lync service is left stopped, no pool left failed over;
/// - every database of every store exists on its primary instance, and every mirror the topology declares is
///   in place with its witness (either partner may be the primary: a plan may swap the roles);
/// - the Central Management store is active where the topology says (or on the paired pool's standby store,
///   when the plan failed it over there) and the topology is enabled;
/// - every database that holds data (`StoreCatalog.Entry.databasesNeedingBackup`) came from the newest copy
///   that survived the failure: a surviving copy (a partner, the paired pool's replica) where there was one,
///   a backup only where nothing survived, and never an empty database.
///
/// This models effects, not SQL Server; where the documentation says nothing, the model is lenient.
public enum RunbookReplay {
    /// One thing wrong with a plan, at a step (1-based) and a command of it when there is one.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var step: Int?
        public var command: String?
        public var message: String

        public var description: String {
            var text = step.map { "step \($0): " } ?? "at the end: "
            if let command { text += "\(command): " }
            return text + message
        }
    }

    public struct Result: Sendable, Hashable {
        /// The deployment right after the failure.
        public var initial: SimulatedDeployment
        /// The deployment after the last step.
        public var final: SimulatedDeployment
        public var problems: [Problem]
        public var isHealthy: Bool { problems.isEmpty }
    }

    /// Replays `plan` (made for `topology`) on the deployment its failed servers leave.
    public static func replay(_ plan: RestorePlan, topology: Topology) -> Result {
        var machine = Replayer(topology: topology, failed: Set(plan.servers.map { $0.fqdn.folded }))
        let initial = machine.state
        if !plan.isBlocked {
            for (index, step) in plan.steps.enumerated() {
                machine.run(step, number: index + 1)
            }
            machine.checkEnd()
        }
        return Result(initial: initial, final: machine.state, problems: machine.problems)
    }
}

/// The replay's state machine.
struct Replayer {
    typealias Instance = SimulatedDeployment.Instance
    typealias Database = SimulatedDeployment.Database
    typealias Origin = SimulatedDeployment.DataOrigin

    let topology: Topology
    var state: SimulatedDeployment
    var problems: [RunbookReplay.Problem] = []
    /// For each data-holding database (by store id and name): whether a current copy survived the failure.
    var survivedAtFailure: [String: Bool] = [:]
    /// The clusters whose paired pool runs with its back end at the failure (`pairedPoolAlive`).
    var clustersWithLivePair = Set<String>()
    var step: Int?
    var command: String?

    init(topology: Topology, failed: Set<String>) {
        self.topology = topology
        var clusterOf: [String: String] = [:]
        clusterOf.reserveCapacity(topology.clusters.reduce(0) { $0 + max($1.machines.count, 1) })
        for cluster in topology.clusters {
            for machine in cluster.machines { clusterOf[machine.fqdn.folded] = cluster.fqdn.folded }
            if cluster.machines.isEmpty { clusterOf[cluster.fqdn.folded] = cluster.fqdn.folded }
        }
        state = SimulatedDeployment(clusterOfComputer: clusterOf, failed: failed)
        clustersWithLivePair = Self.clustersWithLivePair(topology, state)
        let databaseCount = topology.stores.reduce(0) { $0 + $1.databases.count * ($1.mirror == nil ? 1 : 2) }
        state.databases.reserveCapacity(databaseCount)
        state.primaryOf.reserveCapacity(topology.stores.count)
        survivedAtFailure.reserveCapacity(databaseCount)
        for store in topology.stores {
            let primary = Instance(server: store.sqlServer, name: store.instance)
            state.primaryOf[store.serviceID] = primary
            let primaryUp = state.isUp(store.sqlServer)
            if primaryUp { for name in store.databases { state.databases[Database(primary, name)] = .survived } }
            var mirrorUp = false
            if let mirror = store.mirror {
                let mirrorInstance = Instance(server: mirror.sqlServer, name: mirror.instance)
                mirrorUp = state.isUp(mirror.sqlServer)
                if mirrorUp { for name in store.databases { state.databases[Database(mirrorInstance, name)] = .survived } }
                let witness = store.witness.map { Instance(server: $0.sqlServer, name: $0.instance) }
                let witnessUp = store.witness.map { state.isUp($0.sqlServer) } ?? false
                // With a witness, the mirror takes over by itself when the primary is lost.
                state.mirrorSessions[store.serviceID] = SimulatedDeployment.MirrorSession(
                    primary: primary, mirror: mirrorInstance, witness: witness,
                    mirrorIsPrincipal: !primaryUp && mirrorUp && witnessUp, databases: store.databases)
            }
            let pairAlive = pairedPoolAlive(of: store)
            // The Backup Service replicates user data to the pair, and the CMS to a standby store when there is one.
            let isCentralManagement = CaseFolding.equal(store.role, RoleCatalog.centralManagementStoreRole)
            let standbyAlive = topology.backupCentralManagement?.sqlServer.map { state.isUp($0) } ?? false
            for name in store.catalogEntry?.databasesNeedingBackup ?? [] {
                let replicated = isCentralManagement ? standbyAlive : pairAlive && name.folded == "rtcxds"
                survivedAtFailure[key(store, name)] = primaryUp || mirrorUp || replicated
            }
        }
        if let cms = topology.centralManagement, let server = cms.sqlServer {
            state.activeCentralManagement = Instance(server: server, name: cms.instance ?? "")
        }
    }

    /// The stores whose SQL instance sits on the computer's own cluster and that are not stand-alone.
    func collocatedStores(on computer: String) -> [Store] {
        let cluster = state.clusterOfComputer[computer.folded] ?? computer.folded
        return topology.stores.filter { !$0.isStandAlone && $0.sqlServer.folded == cluster }
    }

    func key(_ store: Store, _ database: String) -> String { Joining.join(store.serviceID, UInt8(ascii: "|"), database.folded) }

    /// True when the store's consumer pool has a pair that runs, its back end included: the Backup Service holds a
    /// replica of the pool's user data there.
    func pairedPoolAlive(of store: Store) -> Bool {
        guard !clustersWithLivePair.isEmpty else { return false }
        for consumerID in store.consumerServiceIDs {
            guard let position = topology.index.serviceByID[consumerID],
                  case .cluster(let clusterID) = topology.services[position].placement else { continue }
            if clustersWithLivePair.contains(clusterID) { return true }
        }
        return false
    }

    /// The clusters whose pair runs with its back end (worked out once: few services name a backup).
    static func clustersWithLivePair(_ topology: Topology, _ state: SimulatedDeployment) -> Set<String> {
        var result = Set<String>()
        for service in topology.services {
            guard let backupID = service.backupServiceID, case .cluster(let clusterID) = service.placement,
                  let backup = topology.service(backupID), let pair = topology.hostCluster(of: backup) else { continue }
            // The replica lives in the pair's own back end: the pair must run, and so must its user store.
            guard pair.machines.contains(where: { state.computersUp.contains($0.fqdn.folded) }) else { continue }
            let backEnd = topology.stores.first { $0.role.folded == "userstore" && $0.consumers.contains { CaseFolding.equal($0, pair.fqdn) } }
            if let backEnd, state.isUp(backEnd.sqlServer) || backEnd.mirror.map({ state.isUp($0.sqlServer) }) == true {
                result.insert(clusterID)
            }
        }
        return result
    }

    mutating func problem(_ message: String) {
        problems.append(RunbookReplay.Problem(step: step, command: command, message: message))
    }

    // MARK: Steps

    mutating func run(_ step: RestoreStep, number: Int) {
        self.step = number
        command = nil
        for action in step.actions { apply(action) }
        for command in step.commands {
            self.command = PowerShell.render(command)
            if case .mirrorNotPrincipal(let pool, let type)? = RunCondition.of(command), mirrorIsPrincipal(pool: pool, type: type) {
                continue   // the script checks it first and skips the failover
            }
            apply(command)
        }
        self.command = nil
    }

    mutating func apply(_ action: RunbookAction) {
        switch action {
        case .rebuild(let computer):
            let name = computer.folded
            if state.computersUp.contains(name) { problem("\(computer) is rebuilt, but it did not fail") }
            state.computersUp.insert(name)
        case .makeMirrorPrimary(let storeID):
            guard var session = state.mirrorSessions[storeID] else {
                problem("the topology is edited to make a mirror primary, but \(storeID) has no mirroring session")
                return
            }
            if !state.isUp(session.mirror.server) { problem("\(session.mirror) is made the primary, but it is down") }
            let old = session.primary
            session.primary = session.mirror
            session.mirror = old
            session.mirrorIsPrincipal = false
            state.mirrorSessions[storeID] = session
            state.primaryOf[storeID] = session.primary
        case .deploymentWizard(let computer):
            requireUp(computer)
            if !centralManagementReachable { problem("Setup on \(computer) needs the Central Management store, which is not reachable") }
            // Setup creates the databases of the stores collocated on the computer's own SQL Server Express.
            for store in collocatedStores(on: computer) {
                guard let primary = state.primaryOf[store.serviceID] else { continue }
                for name in store.databases where state.databases[Database(primary, name)] == nil {
                    state.databases[Database(primary, name)] = .empty
                }
            }
        case .prepareFirstStandardEditionServer(let computer):
            requireUp(computer)
            for store in collocatedStores(on: computer) where CaseFolding.equal(store.role, RoleCatalog.centralManagementStoreRole) {
                guard let primary = state.primaryOf[store.serviceID] else { continue }
                for name in store.databases { state.databases[Database(primary, name)] = .empty }
                state.activeCentralManagement = primary
                state.topologyEnabled = false
            }
        }
    }

    // MARK: Commands

    mutating func apply(_ command: PowerShellCommand) {
        for name in ["SqlServerFqdn", "MirrorSqlServerFqdn", "ComputerName", "BackupSqlServerFqdn", "BackupMirrorSqlServerFqdn", "ReplicaFqdn"] {
            if case .fqdn(let fqdn)? = command.value(of: name) { requireUp(fqdn) }
        }
        if case .serverInstance(let server, _)? = command.value(of: "ServerInstance") { requireUp(server) }
        switch command.cmdlet {
        case "Install-CsDatabase": installDatabase(command)
        case "Set-CsConfigurationStoreLocation":
            guard let instance = instance(command) else { return }
            if state.databases[Database(instance, "xds")] == nil { problem("the Central Management store is pointed at \(instance), which has no xds database") }
            state.activeCentralManagement = instance
        case "Import-CsConfiguration":
            if command.has("LocalStore") { return }
            importCentralManagement("xds", from: command)
        case "Import-CsLisConfiguration": importCentralManagement("lis", from: command)
        case "Enable-CsTopology":
            if !centralManagementReachable { problem("the topology is enabled, but the Central Management store is not reachable") }
            state.topologyEnabled = true
        case "Install-CsMirrorDatabase": installMirror(command)
        case "Uninstall-CsMirrorDatabase": uninstallMirror(command)
        case "Invoke-CsDatabaseFailover": failOver(command)
        case "Export-CsConfiguration": export(command, database: "xds", of: centralManagementStore)
        case "Export-CsLisConfiguration": export(command, database: "lis", of: centralManagementStore)
        case "Export-CsUserData": export(command, database: "rtcxds", of: pool(command, "PoolFqdn").flatMap { store(role: "UserStore", pool: $0) })
        case "Export-CsRgsConfiguration":
            export(command, database: "rgsconfig", of: prefixedPool(command, "Source").flatMap { store(role: "ApplicationStore", pool: $0) })
        case "Import-CsUserData":
            guard let pool = pool(command, "PoolFqdn") else { return }
            for computer in state.computers(of: pool) where !state.stoppedServices.contains(computer) {
                problem("user data is imported while the Lync services of \(computer) run")
            }
            importData("rtcxds", into: store(role: "UserStore", pool: pool), from: command)
        case "Import-CsRgsConfiguration":
            importData("rgsconfig", into: prefixedPool(command, "Destination").flatMap { store(role: "ApplicationStore", pool: $0) }, from: command)
        case "Restore-SqlDatabase":
            guard case .serverInstance(let server, let name)? = command.value(of: "ServerInstance"),
                  case .text(let database)? = command.value(of: "Database") else { return }
            let target = Database(Instance(server: server, name: name), database)
            guard state.databases[target] != nil else { problem("\(target) does not exist to restore into"); return }
            setOrigin(target, file(command, "BackupFile"))
        case "Stop-CsWindowsService":
            if case .fqdn(let computer)? = command.value(of: "ComputerName") { state.stoppedServices.insert(computer.folded) }
        case "Start-CsWindowsService":
            if case .fqdn(let computer)? = command.value(of: "ComputerName") { state.stoppedServices.remove(computer.folded) }
        case "Invoke-CsManagementServerFailover":
            guard case .fqdn(let server)? = command.value(of: "BackupSqlServerFqdn") else { return }
            let name: String
            if case .sqlInstance(let value)? = command.value(of: "BackupSqlInstanceName") { name = value } else { name = "" }
            let instance = Instance(server: server, name: name)
            if state.databases[Database(instance, "xds")] == nil { problem("the standby Central Management store \(instance) has no xds database") }
            state.activeCentralManagement = instance
            state.centralManagementFailedOver = true
        case "Invoke-CsPoolFailOver":
            guard case .fqdn(let pool)? = command.value(of: "PoolFqdn") else { return }
            state.failedOverPools.insert(pool.folded)
        case "Invoke-CsPoolFailBack":
            guard case .fqdn(let pool)? = command.value(of: "PoolFqdn") else { return }
            requireUp(pool)
            if !state.failedOverPools.contains(pool.folded) { problem("\(pool) is failed back, but it was not failed over") }
            state.failedOverPools.remove(pool.folded)
            // The users' data comes back from the pair's replica.
            if let store = store(role: "UserStore", pool: pool), let principal = principal(of: store) {
                let target = Database(principal, "rtcxds")
                if state.databases[target] == nil { problem("\(pool) is failed back before \(target) exists") } else { setOrigin(target, .replicatedFromPair(pool)) }
            }
        case "Get-CsDatabaseMirrorState":
            guard let pool = pool(command, "PoolFqdn") else { return }
            var type: String?
            if case .text(let value)? = command.value(of: "DatabaseType") { type = value.folded }
            let reachable = topology.stores.contains { store in
                guard isConsumed(store, by: pool), type == nil || store.databaseType.folded == type,
                      let session = state.mirrorSessions[store.serviceID] else { return false }
                return state.isUp(session.primary.server) || state.isUp(session.mirror.server)
            }
            if !reachable { problem("the mirror state of \(pool) is read, but no mirroring partner of its databases is up") }
        default:
            break
        }
    }

    mutating func requireUp(_ fqdn: String) {
        if !state.isUp(fqdn) { problem("\(fqdn) is down or not rebuilt yet") }
    }

    /// `-SqlServerFqdn` with `-SqlInstanceName`, `-ForInstance` or `-ForDefaultInstance`.
    func instance(_ command: PowerShellCommand, server parameter: String = "SqlServerFqdn") -> Instance? {
        guard case .fqdn(let server)? = command.value(of: parameter) else { return nil }
        if case .sqlInstance(let name)? = command.value(of: "SqlInstanceName") ?? command.value(of: "ForInstance") {
            return Instance(server: server, name: name)
        }
        return Instance(server: server, name: "")
    }

    func pool(_ command: PowerShellCommand, _ parameter: String) -> String? {
        if case .fqdn(let pool)? = command.value(of: parameter) { return pool }
        return nil
    }

    func prefixedPool(_ command: PowerShellCommand, _ parameter: String) -> String? {
        if case .prefixedFQDN(_, let pool)? = command.value(of: parameter) { return pool }
        return nil
    }

    func file(_ command: PowerShellCommand, _ parameter: String = "FileName") -> Origin {
        guard let value = command.value(of: parameter) else { return .empty }
        let path: String
        switch value {
        case .path(let text), .text(let text), .unc(let text): path = text
        default: return .empty
        }
        return state.exportedFiles[path.folded] ?? .backup(path)
    }

    func isConsumed(_ store: Store, by pool: String) -> Bool {
        store.consumers.contains { CaseFolding.equal($0, pool) }
    }

    func store(role: String, pool: String) -> Store? {
        topology.stores.first { CaseFolding.equal($0.role, role) && isConsumed($0, by: pool) }
    }

    var centralManagementStore: Store? {
        guard let id = topology.centralManagement?.storeServiceID else { return nil }
        return topology.stores.first { $0.serviceID == id }
    }

    /// The instance whose copy of the store serves now.
    func principal(of store: Store) -> Instance? {
        if let session = state.mirrorSessions[store.serviceID], session.mirrorIsPrincipal { return session.mirror }
        return state.primaryOf[store.serviceID]
    }

    func mirrorIsPrincipal(pool: String, type: String) -> Bool {
        topology.stores.contains { isConsumed($0, by: pool) && CaseFolding.equal($0.databaseType, type)
            && state.mirrorSessions[$0.serviceID]?.mirrorIsPrincipal == true }
    }

    var centralManagementReachable: Bool {
        guard let active = state.activeCentralManagement else { return false }
        if state.isUp(active.server), state.databases[Database(active, "xds")] != nil { return true }
        if let store = centralManagementStore, let session = state.mirrorSessions[store.serviceID], session.mirrorIsPrincipal,
           session.primary == active, state.isUp(session.mirror.server) { return true }
        return false
    }

    /// Sets the origin of a database's data, on its mirror copy too when a session replicates it.
    mutating func setOrigin(_ database: Database, _ origin: Origin) {
        state.databases[database] = origin
        for session in state.mirrorSessions.values where session.databases.contains(where: { $0.folded == database.name }) {
            let partner = session.primary == database.instance ? session.mirror : session.mirror == database.instance ? session.primary : nil
            if let partner, state.databases[Database(partner, database.name)] != nil, state.isUp(partner.server) {
                state.databases[Database(partner, database.name)] = origin
            }
        }
    }

    mutating func installDatabase(_ command: PowerShellCommand) {
        guard let target = instance(command) else { return }
        if command.has("CentralManagementDatabase") {
            for name in ["xds", "lis"] {
                let database = Database(target, name)
                if command.has("Clean") || state.databases[database] == nil { state.databases[database] = .empty }
            }
            if command.has("Clean") { state.topologyEnabled = false }
            return
        }
        var type: String?
        if case .text(let value)? = command.value(of: "DatabaseType") { type = value.folded }
        for store in topology.stores where state.primaryOf[store.serviceID] == target {
            if let type, store.databaseType.folded != type { continue }
            for name in store.databases where state.databases[Database(target, name)] == nil {
                state.databases[Database(target, name)] = .empty
            }
        }
    }

    mutating func installMirror(_ command: PowerShellCommand) {
        guard let primary = instance(command) else { return }
        var type: String?
        if case .text(let value)? = command.value(of: "DatabaseType") { type = value.folded }
        let drop = command.has("DropExistingDatabasesOnMirror")
        var any = false
        for store in topology.stores where state.primaryOf[store.serviceID] == primary {
            if let type, store.databaseType.folded != type { continue }
            guard let declared = store.mirror else { continue }
            any = true
            let declaredPrimary = Instance(server: store.sqlServer, name: store.instance)
            let declaredMirror = Instance(server: declared.sqlServer, name: declared.instance)
            let mirror = primary == declaredPrimary ? declaredMirror : declaredPrimary
            let witness = store.witness.map { Instance(server: $0.sqlServer, name: $0.instance) }
            requireUp(mirror.server)
            if let witness { requireUp(witness.server) }
            guard state.isUp(mirror.server) else { continue }
            for name in store.databases {
                guard let origin = state.databases[Database(primary, name)] else {
                    problem("\(name) does not exist on the primary \(primary) to be mirrored")
                    continue
                }
                if state.databases[Database(mirror, name)] != nil && !drop {
                    problem("\(name) already exists on the mirror \(mirror): the command needs -DropExistingDatabasesOnMirror")
                    continue
                }
                state.databases[Database(mirror, name)] = origin
            }
            state.mirrorSessions[store.serviceID] = SimulatedDeployment.MirrorSession(
                primary: primary, mirror: mirror, witness: witness, mirrorIsPrincipal: false, databases: store.databases)
        }
        if !any { problem("no store on \(primary) has a mirror to install") }
    }

    mutating func uninstallMirror(_ command: PowerShellCommand) {
        guard let primary = instance(command) else { return }
        var type: String?
        if case .text(let value)? = command.value(of: "DatabaseType") { type = value.folded }
        for store in topology.stores where state.primaryOf[store.serviceID] == primary {
            if let type, store.databaseType.folded != type { continue }
            guard let session = state.mirrorSessions.removeValue(forKey: store.serviceID) else { continue }
            if command.has("DropExistingDatabasesOnMirror"), state.isUp(session.mirror.server) {
                for name in store.databases { state.databases[Database(session.mirror, name)] = nil }
            }
        }
    }

    mutating func failOver(_ command: PowerShellCommand) {
        guard let pool = pool(command, "PoolFqdn"), case .text(let type)? = command.value(of: "DatabaseType") else { return }
        for store in topology.stores where isConsumed(store, by: pool) && CaseFolding.equal(store.databaseType, type) {
            guard var session = state.mirrorSessions[store.serviceID] else { continue }
            if session.mirrorIsPrincipal {
                problem("the mirror \(session.mirror) is already principal: the failover fails")
                continue
            }
            guard state.isUp(session.mirror.server) else {
                problem("the mirror \(session.mirror) is down: nothing to fail over to")
                continue
            }
            session.mirrorIsPrincipal = true
            state.mirrorSessions[store.serviceID] = session
        }
    }

    mutating func export(_ command: PowerShellCommand, database name: String, of store: Store?) {
        guard let store, let principal = principal(of: store) else {
            problem("nothing to export \(name) from")
            return
        }
        guard state.isUp(principal.server), let origin = state.databases[Database(principal, name)] else {
            problem("\(name) is exported from \(principal), which is down or has no such database")
            return
        }
        let path: String
        switch command.value(of: "FileName") {
        case .path(let text)?, .text(let text)?, .unc(let text)?: path = text
        default: return
        }
        state.exportedFiles[path.folded] = origin
    }

    mutating func importCentralManagement(_ name: String, from command: PowerShellCommand) {
        guard let active = state.activeCentralManagement else {
            problem("\(name) is imported, but no Central Management store is set")
            return
        }
        guard state.isUp(active.server), state.databases[Database(active, name)] != nil else {
            problem("\(name) is imported into \(active), which is down or has no \(name) database")
            return
        }
        setOrigin(Database(active, name), file(command))
    }

    mutating func importData(_ name: String, into store: Store?, from command: PowerShellCommand) {
        guard let store, let principal = principal(of: store) else {
            problem("no store to import \(name) into")
            return
        }
        guard state.isUp(principal.server), state.databases[Database(principal, name)] != nil else {
            problem("\(name) is imported into \(principal), which is down or has no such database")
            return
        }
        setOrigin(Database(principal, name), file(command))
    }

    // MARK: The end

    mutating func checkEnd() {
        step = nil
        command = nil
        // Those down, sorted: sorting every computer of a large topology first cost more than the rest of the check.
        for computer in state.clusterOfComputer.keys.filter({ !state.computersUp.contains($0) }).sorted() {
            problem("\(computer) is still down")
        }
        for computer in state.stoppedServices.sorted() { problem("the Lync services of \(computer) are left stopped") }
        for pool in state.failedOverPools.sorted() { problem("\(pool) is left failed over to its pair") }
        for store in topology.stores {
            guard let primary = state.primaryOf[store.serviceID] else { continue }
            for name in store.databases where state.databases[Database(primary, name)] == nil {
                problem("\(name) of \(store.displayName) does not exist on \(primary)")
            }
            if let declared = store.mirror {
                let partners = (Instance(server: store.sqlServer, name: store.instance),
                                Instance(server: declared.sqlServer, name: declared.instance))
                let witness = store.witness.map { Instance(server: $0.sqlServer, name: $0.instance) }
                if let session = state.mirrorSessions[store.serviceID] {
                    // The two partners in either order (as sets: {a, b} == {c, d}), without building two sets.
                    let samePartners = (session.primary == partners.0 && session.mirror == partners.1)
                        || (session.primary == partners.1 && session.mirror == partners.0)
                    if !samePartners { problem("\(store.displayName) is mirrored between \(session.primary) and \(session.mirror), not as the topology says") }
                    if session.witness != witness { problem("\(store.displayName) is mirrored without the witness the topology names") }
                    for name in store.databases where state.databases[Database(session.mirror, name)] == nil {
                        problem("\(name) of \(store.displayName) has no mirror copy on \(session.mirror)")
                    }
                } else {
                    problem("\(store.displayName) is not mirrored, but the topology declares the mirror \(declared.sqlServer)\(declared.instance.isEmpty ? "" : "\\" + declared.instance)")
                }
            } else if state.mirrorSessions[store.serviceID] != nil {
                problem("\(store.displayName) is left in a mirroring session the topology does not declare")
            }
            for name in store.catalogEntry?.databasesNeedingBackup ?? [] {
                guard let origin = principal(of: store).flatMap({ state.databases[Database($0, name)] }) else { continue }
                if case .empty = origin {
                    if CaseFolding.equal(store.role, RoleCatalog.centralManagementStoreRole),
                       let active = state.activeCentralManagement, principal(of: store) != active, centralManagementReachable {
                        continue   // a standby store: the active one replicates into it
                    }
                    problem("\(name) of \(store.displayName) holds no data: nothing was restored into it")
                } else if !origin.isCurrent, survivedAtFailure[key(store, name)] == true {
                    problem("\(name) of \(store.displayName) came from \(origin), though a current copy survived the failure")
                }
            }
        }
        if let cms = topology.centralManagement, let server = cms.sqlServer {
            let published = Instance(server: server, name: cms.instance ?? "")
            let mirror = centralManagementStore.flatMap { store in store.mirror.map { Instance(server: $0.sqlServer, name: $0.instance) } }
            if let active = state.activeCentralManagement {
                if active != published && active != mirror && !state.centralManagementFailedOver {
                    problem("the Central Management store is active on \(active), not on \(published) as the topology says")
                }
            } else {
                problem("no Central Management store is active")
            }
            if !centralManagementReachable { problem("the Central Management store is not reachable") }
            if !state.topologyEnabled { problem("the topology is not enabled") }
        }
    }
}
