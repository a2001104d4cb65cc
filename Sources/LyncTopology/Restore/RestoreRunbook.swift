/// Builds the runbook's steps from a `FailureAnalysis`, in the order the recovery runs them (see `RestorePlanner`
/// for the decisions taken). Every command is a `PowerShellCommand` value, checked as it is added: a value that
/// fails its rules becomes a blocker, and a blocked plan has no steps.
struct RunbookBuilder {
    let analysis: FailureAnalysis
    let options: RestoreOptions

    /// The analysis's blockers, then those the commands add.
    var blockers: [Finding]
    var placeholders: [String] = []
    var steps: [RestoreStep] = []

    init(analysis: FailureAnalysis, options: RestoreOptions) {
        self.analysis = analysis
        self.options = options
        self.blockers = analysis.blockers
    }

    var topology: Topology { analysis.topology }
    var computers: [FailureAnalysis.LostComputer] { analysis.computers }
    var lostClusters: Set<String> { analysis.lostClusters }
    var storePlans: [RestoreStorePlan] { analysis.storePlans }
    var centralManagementInstanceID: String? { analysis.centralManagementInstanceID }
    func isLost(instanceID: String) -> Bool { analysis.isLost(instanceID: instanceID) }
    static func display(_ server: String, _ instance: String) -> String { FailureAnalysis.display(server, instance) }

    // MARK: - Commands

    /// The command, checked: a value failing its rules becomes a blocker (and the plan loses its steps).
    mutating func emit(_ command: PowerShellCommand) -> PowerShellCommand {
        for problem in command.problems {
            let message = "\(command.cmdlet) cannot be planned: \(problem); a rebuilt server must keep the same name, and a name that breaks the rules cannot be put into a command"
            if !blockers.contains(where: { $0.message == message }) {
                blockers.append(.error(RestorePlanner.Rule.invalidName, message, at: nil))
            }
        }
        return command
    }

    mutating func fileShare() -> PowerShellCommand.Value {
        if let share = options.fileShare { return .unc(share) }
        use(RestorePlaceholder.fileShare)
        return .unc(RestorePlaceholder.fileShare)
    }

    mutating func backupFile(_ name: String) -> PowerShellCommand.Value {
        let folder: String
        if let given = options.backupFolder {
            folder = given
        } else {
            use(RestorePlaceholder.backupFolder)
            folder = RestorePlaceholder.backupFolder
        }
        if folder.isEmpty { return .path(name) }
        let separator = folder.hasSuffix("\\") || folder.hasSuffix("/") ? "" : "\\"
        return .path(folder + separator + name)
    }

    mutating func use(_ placeholder: String) {
        if !placeholders.contains(placeholder) { placeholders.append(placeholder) }
    }

    func frontEnds(of pool: String) -> [String] {
        guard let cluster = topology.cluster(fqdn: pool) else { return [pool] }
        let machines = cluster.machines.map(\.fqdn)
        return machines.isEmpty ? [cluster.fqdn] : machines
    }

    // MARK: - Steps

    mutating func buildSteps(rebuild: [RebuildServer]) {
        let swaps = storePlans.filter { $0.treatment == .failOverAndSwap }
        let lostMirrors = storePlans.filter { $0.treatment == .recreateMirror }
        let lostWitnesses = storePlans.filter { $0.treatment == .reinstallMirroring }
        let dataLost = storePlans.filter { [.recreate, .recreateWithMirror, .restoreBothFromBackup].contains($0.treatment) }
        let cmsLost = centralManagementInstanceID.map(isLost(instanceID:)) ?? false

        // Disaster recovery (DisasterRecoveryRunbook.swift): old backups only where no live copy or pair holds the data;
        // service through the pair, then fresh backups from surviving mirrors, before anything is rebuilt.
        prepareStep(rebuild: rebuild, dataLost: analysis.storesNeedingOldBackups(dataLost),
                    cmsLost: cmsLost && !analysis.centralManagementHasFreshBackup && !analysis.centralManagementMovesThroughPair)
        pairFailoverSteps()
        freshBackupSteps()
        for group in Self.grouped(swaps, by: { "\($0.store.sqlInstanceID)|\($0.store.mirror?.sqlInstanceID ?? "")" }) {
            failOverSteps(group)
        }
        for group in Self.grouped(lostMirrors, by: { "\($0.store.sqlInstanceID)|\($0.store.mirror?.sqlInstanceID ?? "")" }) {
            removeMirroringStep(group, because: .recreateMirror)
        }
        for server in rebuild { rebuildStep(server) }
        fileStoreSteps()
        if cmsLost && !analysis.centralManagementMovesThroughPair { centralManagementStep() }   // the pair's standby CMS took over
        createDatabasesStep(dataLost.filter { $0.store.isStandAlone })
        deploymentWizardSteps()
        sqlRestoreStep(dataLost)
        for group in Self.grouped(swaps, by: { "\($0.store.sqlInstanceID)|\($0.store.mirror?.sqlInstanceID ?? "")" }) {
            addBackAsMirrorStep(group)
        }
        for group in Self.grouped(lostWitnesses, by: { "\($0.store.sqlInstanceID)|\($0.store.mirror?.sqlInstanceID ?? "")" }) {
            removeMirroringStep(group, because: .reinstallMirroring)
        }
        createMirrorsStep()
        userDataSteps(dataLost.filter { !analysis.comesBackThroughPair($0) })   // pair: replicated data comes back on failback
        responseGroupSteps(dataLost.filter { !analysis.comesBackThroughPair($0) })
        pairFailbackSteps()   // disaster recovery: fail back once the pool is rebuilt
        verifyStep(rebuild: rebuild, cmsLost: cmsLost)
    }

    static func grouped(_ plans: [RestoreStorePlan], by key: (RestoreStorePlan) -> String) -> [[RestoreStorePlan]] {
        var order: [String] = []
        var groups: [String: [RestoreStorePlan]] = [:]
        for plan in plans {
            let k = key(plan)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(plan)
        }
        return order.compactMap { groups[$0] }
    }

    mutating func prepareStep(rebuild: [RebuildServer], dataLost: [RestoreStorePlan], cmsLost: Bool) {
        var manual: [String] = []
        let all = rebuild.filter { $0.kind != .edge }.map(\.fqdn)
        if !all.isEmpty {
            manual.append("Keep the Active Directory computer accounts of \(all.joined(separator: ", ")): do not delete or reset them; each rebuilt computer joins the domain again under the same name.")
        }
        let lyncServers = rebuild.filter { $0.kind != .sql && $0.kind != .file }.map(\.fqdn)
        if !lyncServers.isEmpty {
            manual.append("Have the certificates of \(lyncServers.joined(separator: ", ")) ready to restore, or re-enroll them with the same subject and subject alternative names.")
        }
        var backups: [String] = []
        if cmsLost {
            backups.append("\(RestoreBackupFiles.configuration) (Export-CsConfiguration)")
            backups.append("\(RestoreBackupFiles.locationConfiguration) (Export-CsLisConfiguration)")
        }
        for plan in dataLost {
            let store = plan.store
            switch store.role.lowercased() {
            case "userstore":
                for pool in store.consumers { backups.append("\(RestoreBackupFiles.userData(pool: pool)) (Export-CsUserData of \(pool))") }
            case "applicationstore":
                for pool in store.consumers { backups.append("\(RestoreBackupFiles.responseGroups(pool: pool)) (Export-CsRgsConfiguration of \(pool))") }
            case "centralmgmtstore":
                break
            default:
                for database in store.catalogEntry?.databasesNeedingBackup ?? [] {
                    backups.append("\(RestoreBackupFiles.sqlBackup(sqlServer: store.sqlServer, instance: store.instance, database: database)) (SQL Server backup of \(database))")
                }
            }
        }
        if storePlans.contains(where: { $0.store.mirror != nil }) {
            manual.append("Mirrors are seeded through a file share: the primary SQL Server must be able to write to it and the mirror to read it (--file-share).")
        }
        if !backups.isEmpty {
            manual.append("Find the most recent backups the data restore reads (--backup-path): " + backups.joined(separator: "; ") + ".")
        }
        steps.append(RestoreStep(
            title: "Before you start: computer accounts, certificates, backups",
            why: "Every rebuilt server must come back as the same computer: the same FQDN and, for SQL Server, the same instance names, permissions and logins. Lync Server finds its servers and databases by these names only; a server with another name is another server.",
            manual: manual))
    }

    mutating func failOverSteps(_ group: [RestoreStorePlan]) {
        guard let first = group.first, let mirror = first.store.mirror else { return }
        var commands: [PowerShellCommand] = []
        for plan in group {
            let pool = plan.store.consumers.first ?? ""
            commands.append(emit(PowerShellCommand("Get-CsDatabaseMirrorState").adding("PoolFqdn", .fqdn(pool)).adding("DatabaseType", .text(plan.store.databaseType))))
        }
        for plan in group where analysis.alreadyFailedOver(plan) == nil {   // live state: the mirror may be principal already
            let pool = plan.store.consumers.first ?? ""
            commands.append(emit(PowerShellCommand("Invoke-CsDatabaseFailover").adding("PoolFqdn", .fqdn(pool))
                .adding("DatabaseType", .text(plan.store.databaseType)).adding("NewPrincipal", .text("Mirror"))))
        }
        let witness = first.store.witness
        var automatic: String
        if let witness, !first.witnessLost {
            automatic = "With the witness \(Self.display(witness.sqlServer, witness.instance)) alive the failover is automatic and has probably happened already: Get-CsDatabaseMirrorState shows it; run Invoke-CsDatabaseFailover only for a database still waiting on the lost primary."
        } else {
            automatic = "There is no live witness, so nothing fails over by itself: run the failover by hand."
        }
        let reported = group.compactMap(analysis.alreadyFailedOver)   // live state (DisasterRecoveryPlanning.swift)
        if !reported.isEmpty { automatic = reported.joined(separator: " ") }
        steps.append(RestoreStep(
            title: "Fail over to the mirror \(Self.display(mirror.sqlServer, mirror.instance)): \(Self.types(group))",
            why: "The primary \(Self.display(first.store.sqlServer, first.store.instance)) is lost and its mirror is alive: the pool keeps running on the mirror. \(automatic)",
            commands: commands))

        var edits: [String] = ["In Topology Builder, download the topology. For each store below, edit the properties of the pool (or store) that uses it: make \(Self.display(mirror.sqlServer, mirror.instance)) its SQL Server store and clear \"Enable SQL Server store mirroring\"."]
        for plan in group {
            edits.append("\(plan.store.role) (\(plan.store.databaseType)) of \(plan.store.consumers.joined(separator: ", ")): primary \(Self.display(mirror.sqlServer, mirror.instance)), no mirror.")
        }
        edits.append("Publish the topology. No database is created: they are all on \(Self.display(mirror.sqlServer, mirror.instance)).")
        var uninstall: [PowerShellCommand] = []
        for plan in group {
            uninstall.append(emit(PowerShellCommand("Uninstall-CsMirrorDatabase").adding("SqlServerFqdn", .fqdn(mirror.sqlServer))
                .adding(instanceName: mirror.instance).adding("DatabaseType", .text(plan.store.databaseType))))
        }
        steps.append(RestoreStep(
            title: "Make \(Self.display(mirror.sqlServer, mirror.instance)) the primary and remove mirroring",
            why: "The lost server comes back as the new mirror (the roles swap): the topology must name the survivor as the primary before mirror copies can be re-created on the rebuilt server. Uninstall-CsMirrorDatabase then removes the broken mirroring from the survivor's databases (-SqlServerFqdn always names the primary, now the survivor).",
            manual: edits, commands: uninstall, actions: group.map { .makeMirrorPrimary(storeServiceID: $0.store.serviceID) }))
    }

    mutating func removeMirroringStep(_ group: [RestoreStorePlan], because treatment: StoreTreatment) {
        guard let first = group.first, let mirror = first.store.mirror else { return }
        var commands: [PowerShellCommand] = []
        for plan in group {
            commands.append(emit(PowerShellCommand("Uninstall-CsMirrorDatabase").adding("SqlServerFqdn", .fqdn(plan.store.sqlServer))
                .adding(instanceName: plan.store.instance).adding("DatabaseType", .text(plan.store.databaseType))))
        }
        let primary = Self.display(first.store.sqlServer, first.store.instance)
        let mirrorName = Self.display(mirror.sqlServer, mirror.instance)
        if treatment == .recreateMirror {
            steps.append(RestoreStep(
                title: "Remove mirroring from \(primary) (its mirror \(mirrorName) is lost): \(Self.types(group))",
                why: "The primary keeps serving the pool. The mirroring to the lost server is removed now, before that server is rebuilt and the mirror copies re-created. -SqlServerFqdn names the primary.",
                commands: commands))
        } else {
            let witness = first.store.witness.map { Self.display($0.sqlServer, $0.instance) } ?? "the witness"
            steps.append(RestoreStep(
                title: "Remove mirroring from \(primary) (its witness \(witness) is lost): \(Self.types(group))",
                why: "A witness cannot be re-created alone: mirroring is removed now that \(witness) is rebuilt, and installed again with the witness in the next steps. The copies on the mirror \(mirrorName) stay until then and are dropped and re-seeded (-DropExistingDatabasesOnMirror).",
                commands: commands))
        }
    }

    mutating func rebuildStep(_ server: RebuildServer) {
        guard let computer = computers.first(where: { $0.fqdn.lowercased() == server.fqdn.lowercased() }) else { return }
        var manual: [String] = []
        let lyncServer = server.kind != .sql && server.kind != .file
        if server.kind == .edge {
            manual.append("Install Windows Server on a computer named \(server.fqdn), with the same network configuration as before (an Edge server stays outside the domain).")
        } else {
            manual.append("Install Windows Server on a computer named \(server.fqdn) and join it to the domain under its kept computer account.")
        }
        if lyncServer {
            manual.append("Restore or re-enroll its certificates.")
        }
        let clusterLost = lostClusters.contains(computer.cluster.id)
        let instances = topology.sqlInstances(on: computer.cluster.id)
        if clusterLost && !instances.isEmpty && server.kind != .standard {
            let names = instances.map { $0.isDefaultInstance ? "the default instance (MSSQLSERVER)" : "'\($0.name)'" }
            manual.append("Install SQL Server with exactly the same instance names as before the failure: \(names.joined(separator: ", ")); the same permissions and logins as before.")
            var ports: [String] = []
            var partner = false
            for instance in instances {
                if let port = topology.mirroringPort(of: instance) {
                    ports.append("\(instance.isDefaultInstance ? "the default instance" : "'\(instance.name)'") uses mirroring endpoint port \(port)")
                }
                partner = partner || topology.mirroringRoles(of: instance).contains(.partner)
            }
            if !ports.isEmpty {
                let edition = partner ? "the same SQL Server version and edition as its mirroring partner (not SQL Server Express)"
                                      : "as a witness it may run another SQL Server edition"
                manual.append("It takes part in database mirroring: \(edition); \(ports.joined(separator: "; ")).")
            }
        }
        var actions: [RunbookAction] = [.rebuild(computer: server.fqdn)]
        if server.kind == .standard && clusterLost {
            if let id = centralManagementInstanceID, instances.contains(where: { $0.id == id }), !analysis.centralManagementMovesThroughPair {   // pair: the CMS moved
                actions.append(.prepareFirstStandardEditionServer(computer: server.fqdn))
                manual.append("Install Lync Server and run the Deployment Wizard's \"Prepare first Standard Edition server\": it installs SQL Server Express with the instance \(instances.map { "'\($0.instanceName)'" }.joined(separator: ", ")) and an empty Central Management store, which the next steps restore.")
            } else {
                manual.append("Lync Server Setup installs its SQL Server Express instance \(instances.map { "'\($0.instanceName)'" }.joined(separator: ", ")) in a later step (Deployment Wizard).")
            }
        }
        var why = "Lync Server knows this server only by its FQDN"
        if clusterLost && !instances.isEmpty { why += ", and its databases by SQL Server instance name" }
        why += ": the rebuilt computer must have the same FQDN"
        if clusterLost && !instances.isEmpty { why += " and the same instance names" }
        why += ", or it is another server to the topology."
        let suffix = server.sqlInstances.isEmpty ? "" : " (SQL Server instances: \(server.sqlInstances.map { $0.isEmpty ? "default" : $0 }.joined(separator: ", ")))"
        steps.append(RestoreStep(title: "Rebuild \(server.fqdn) with the same name\(suffix)", why: why, manual: manual, actions: actions))
    }

    mutating func fileStoreSteps() {
        var done = Set<String>()
        for computer in computers where lostClusters.contains(computer.cluster.id) && done.insert(computer.cluster.id).inserted {
            for service in topology.services(on: computer.cluster.id) where service.roleName.lowercased() == RoleCatalog.fileStoreRole {
                let share = service.shareName ?? "(the share named in the topology)"
                steps.append(RestoreStep(
                    title: "Restore the file store \\\\\(computer.cluster.fqdn)\\\(share)",
                    why: "The file store holds meeting content, the address book files and the web services' files; it comes back from the file-system backup, not from a database.",
                    manual: ["Re-create the shared folder '\(share)' on \(computer.fqdn) with the same name, and restore its contents from the file-system backup.",
                             "Publish the topology once the servers are back, so that the pools using it get their permissions on the share again."]))
            }
        }
    }

    mutating func centralManagementStep() {
        guard let cms = topology.centralManagement, let server = cms.sqlServer else { return }
        let instance = cms.instance ?? ""
        let mirror = storePlans.first { $0.store.serviceID == cms.storeServiceID }?.store.mirror
        var location = PowerShellCommand("Set-CsConfigurationStoreLocation").adding("SqlServerFqdn", .fqdn(server)).adding(instanceName: instance)
        if let mirror {
            location = location.adding("MirrorSqlServerFqdn", .fqdn(mirror.sqlServer)).adding(instanceName: mirror.instance, as: "MirrorSqlInstanceName")
        }
        let configuration = backupFile(configurationFileName())   // fresh when taken from the surviving mirror
        let lis = backupFile(locationConfigurationFileName())
        let commands = [
            emit(PowerShellCommand("Install-CsDatabase").adding(switch: "CentralManagementDatabase").adding("SqlServerFqdn", .fqdn(server)).adding(instanceName: instance).adding(switch: "Clean")),
            emit(location),
            emit(PowerShellCommand("Import-CsConfiguration").adding("FileName", configuration)),
            emit(PowerShellCommand("Import-CsLisConfiguration").adding("FileName", lis)),
            emit(PowerShellCommand("Enable-CsTopology")),
        ]
        var why = "\(Self.display(server, instance)) held the active Central Management store: nothing can be published, and no server installed, until it is back. It is created empty (-Clean), the Active Directory service control point is pointed at it, and the configuration (xds) and location data (lis) are imported from the backups."
        if let mirror, let plan = storePlans.first(where: { $0.store.serviceID == cms.storeServiceID }), !plan.mirrorLost {
            why += " Publishing needs a working primary Central Management store: the primary is restored from backup and the mirror \(Self.display(mirror.sqlServer, mirror.instance)) re-created from it later, rather than the roles swapped."
            if analysis.centralManagementHasFreshBackup { why += " The backup read here is the fresh export taken from that mirror before the rebuild." }   // fresh backup
        }
        var manual: [String] = []
        if let cluster = topology.cluster(fqdn: server), cluster.kind == .standard {
            manual.append("Run these on \(server) after \"Prepare first Standard Edition server\".")
        }
        steps.append(RestoreStep(title: "Restore the Central Management store on \(Self.display(server, instance))", why: why,
                                 manual: manual, commands: commands))
    }

    mutating func createDatabasesStep(_ plans: [RestoreStorePlan]) {
        guard !plans.isEmpty else { return }
        var commands: [PowerShellCommand] = []
        var lines: [String] = []
        for group in Self.grouped(plans, by: \.store.sqlInstanceID) {
            guard let first = group.first?.store else { continue }
            let onInstance = topology.stores.filter { $0.sqlInstanceID == first.sqlInstanceID }
            let ids = Set(group.map(\.store.serviceID))
            if onInstance.allSatisfy({ ids.contains($0.serviceID) }) {
                commands.append(emit(PowerShellCommand("Install-CsDatabase").adding(switch: "ConfiguredDatabases").adding("SqlServerFqdn", .fqdn(first.sqlServer)).adding(forInstance: first.instance)))
            } else {
                for plan in group where plan.store.serviceID != topology.centralManagement?.storeServiceID {
                    commands.append(emit(PowerShellCommand("Install-CsDatabase").adding("DatabaseType", .text(plan.store.databaseType))
                        .adding("SqlServerFqdn", .fqdn(first.sqlServer)).adding(instanceName: first.instance)))
                }
            }
            lines.append("\(Self.display(first.sqlServer, first.instance)): \(group.map { "\($0.store.role) (\($0.store.databases.joined(separator: ", ")))" }.joined(separator: "; "))")
        }
        steps.append(RestoreStep(
            title: "Re-create the databases on \(Self.uniqueInstances(plans))",
            why: "Every database on a lost SQL instance is gone. These commands do what the Create databases page of the Publish Topology wizard does for these stores; existing databases (a Central Management store just restored) are kept, since there is no -Clean.",
            commands: commands,
            alternative: "in Topology Builder, download the topology and publish it, ticking only these stores on the Create databases page and leaving Create Mirror Database for later: " + lines.joined(separator: " | ")))
    }

    mutating func deploymentWizardSteps() {
        var edgeExported = false
        for computer in computers {
            let kind = computer.cluster.kind
            let lyncRoles = topology.services(on: computer.cluster.id).map(\.roleName).filter(RoleCatalog.isLyncServerRole)
            guard kind != .sql && kind != .file && !lyncRoles.isEmpty else { continue }
            var manual = ["On \(computer.fqdn), run Lync Server Setup and the Deployment Wizard: Install Local Configuration Store, Setup or Remove Lync Server Components, Request, Install or Assign Certificates (or import the restored ones), Start Services."]
            var commands: [PowerShellCommand] = []
            var why = "A Lync server keeps nothing a backup must bring back: Setup rebuilds it from the Central Management store, and creates its local databases (RTCLOCAL, LYNCLOCAL)."
            if kind == .standard && lostClusters.contains(computer.cluster.id) {
                let local = storePlans.filter {
                    !$0.store.isStandAlone && topology.sqlInstance($0.store.sqlInstanceID)?.clusterID == computer.cluster.id
                        && $0.store.serviceID != topology.centralManagement?.storeServiceID
                }
                if !local.isEmpty {
                    why += " For a Standard Edition server Setup also re-creates the databases of its collocated instance: \(local.map { "\($0.store.role) (\($0.store.databases.joined(separator: ", ")))" }.joined(separator: "; "))."
                }
            }
            if kind == .edge {
                manual.append("The Edge server reads its configuration from a file: copy the file exported on an internal server (the step before) to \(computer.fqdn) and import it when the wizard asks for the local configuration store (the command below, run on \(computer.fqdn)).")
                if !edgeExported {
                    // The export runs on an internal server, the import on the Edge: two steps, two computers.
                    let file = backupFile(RestoreBackupFiles.edgeConfiguration)
                    steps.append(RestoreStep(
                        title: "Export the configuration for the Edge servers",
                        why: "An Edge server is outside the domain and cannot read the Central Management store: it takes its configuration from a file exported on an internal server. Copy the file to each Edge server before its Deployment Wizard step.",
                        commands: [emit(PowerShellCommand("Export-CsConfiguration").adding("FileName", file))]))
                    edgeExported = true
                }
                commands.append(emit(PowerShellCommand("Import-CsConfiguration").adding("FileName", backupFile(RestoreBackupFiles.edgeConfiguration)).adding(switch: "LocalStore")))
            }
            steps.append(RestoreStep(title: "Install Lync Server on \(computer.fqdn) (Deployment Wizard)", why: why, manual: manual, commands: commands,
                                     actions: [.deploymentWizard(computer: computer.fqdn)], computer: computer.fqdn))
        }
    }

    mutating func sqlRestoreStep(_ plans: [RestoreStorePlan]) {
        var commands: [PowerShellCommand] = []
        var what: [String] = []
        for plan in plans where !RestorePlanner.rolesRestoredByLyncExports.contains(plan.store.role.lowercased()) {
            let store = plan.store
            for database in store.catalogEntry?.databasesNeedingBackup ?? [] {
                let file = backupFile(sqlBackupFileName(plan, database: database))   // fresh when taken from the surviving mirror
                commands.append(emit(PowerShellCommand("Restore-SqlDatabase").adding("ServerInstance", .serverInstance(server: store.sqlServer, instance: store.instance))
                    .adding("Database", .text(database)).adding("BackupFile", file).adding(switch: "ReplaceDatabase")))
                what.append(database)
            }
        }
        guard !commands.isEmpty else { return }
        steps.append(RestoreStep(
            title: "Restore the \(what.joined(separator: ", ")) data from the SQL Server backups",
            why: "Archiving, Monitoring and Persistent Chat data exist only in SQL Server backups: they are restored over the empty databases just created. SQL Server cannot restore a database that takes part in mirroring, so this comes before the mirrors are re-created. Restore-SqlDatabase is in the SqlServer PowerShell module.",
            commands: commands,
            alternative: "restore them in SQL Server Management Studio (Restore Database, overwriting the empty database)."))
    }

    mutating func addBackAsMirrorStep(_ group: [RestoreStorePlan]) {
        guard let first = group.first, let mirror = first.store.mirror else { return }
        let rebuilt = Self.display(first.store.sqlServer, first.store.instance)
        var manual = ["In Topology Builder, download the topology. For each store below, enable \"SQL Server store mirroring\" with \(rebuilt) as the mirror" + (first.store.witness.map { " and \(Self.display($0.sqlServer, $0.instance)) as the witness" } ?? "") + "."]
        for plan in group {
            manual.append("\(plan.store.role) (\(plan.store.databaseType)) of \(plan.store.consumers.joined(separator: ", ")): primary \(Self.display(mirror.sqlServer, mirror.instance)), mirror \(rebuilt).")
        }
        manual.append("Publish the topology; its Create Mirror Database page does what the next step's commands do.")
        steps.append(RestoreStep(
            title: "Add \(rebuilt) back as the mirror of \(Self.display(mirror.sqlServer, mirror.instance))",
            why: "The rebuilt server returns as the mirror: the survivor stays the primary, so nothing fails back and no data moves but the mirror copies.",
            manual: manual))
    }

    mutating func createMirrorsStep() {
        let mirrored = storePlans.filter { $0.store.mirror != nil }
        guard !mirrored.isEmpty else { return }
        /// The primary instance of a store once the plan is done (after a swap: the former mirror).
        func primaryAfter(_ plan: RestoreStorePlan) -> (id: String, server: String, instance: String) {
            if plan.treatment == .failOverAndSwap, let mirror = plan.store.mirror {
                return (mirror.sqlInstanceID, mirror.sqlServer, mirror.instance)
            }
            return (plan.store.sqlInstanceID, plan.store.sqlServer, plan.store.instance)
        }
        let swapped = Set(storePlans.filter { $0.treatment == .failOverAndSwap }.map(\.store.serviceID))
        var commands: [PowerShellCommand] = []
        var targets: [String] = []
        let share = fileShare()
        for group in Self.grouped(mirrored, by: { "\(primaryAfter($0).id)|\($0.treatment == .restoreBothFromBackup || $0.treatment == .reinstallMirroring)" }) {
            guard let first = group.first else { continue }
            let primary = primaryAfter(first)
            let drop = first.treatment == .restoreBothFromBackup || first.treatment == .reinstallMirroring
            // Every mirrored store whose primary (after the plan) is this instance.
            let all = topology.stores.filter { store in
                guard let mirror = store.mirror else { return false }
                let after = swapped.contains(store.serviceID) ? mirror.sqlInstanceID : store.sqlInstanceID
                return after == primary.id
            }
            let ids = Set(group.map(\.store.serviceID))
            if all.allSatisfy({ ids.contains($0.serviceID) }) {
                var command = PowerShellCommand("Install-CsMirrorDatabase").adding(switch: "ConfiguredDatabases").adding("FileShare", share)
                    .adding("SqlServerFqdn", .fqdn(primary.server)).adding(forInstance: primary.instance)
                if drop { command = command.adding(switch: "DropExistingDatabasesOnMirror") }
                commands.append(emit(command))
            } else {
                for plan in group {
                    var command = PowerShellCommand("Install-CsMirrorDatabase").adding("DatabaseType", .text(plan.store.databaseType))
                        .adding("FileShare", share).adding("SqlServerFqdn", .fqdn(primary.server)).adding(instanceName: primary.instance)
                    if drop { command = command.adding(switch: "DropExistingDatabasesOnMirror") }
                    commands.append(emit(command))
                }
            }
            for plan in group {
                if let mirror = plan.store.mirror {
                    let on = plan.treatment == .failOverAndSwap ? Self.display(plan.store.sqlServer, plan.store.instance)
                                                                : Self.display(mirror.sqlServer, mirror.instance)
                    if !targets.contains(on) { targets.append(on) }
                }
            }
        }
        var why = "Install-CsMirrorDatabase backs each primary database up to the file share, restores it on the mirror and starts mirroring, with the witness the topology names: the Create Mirror Database page of the publish wizard. -SqlServerFqdn always names the primary; the primary writes to the share and the mirror reads from it."
        if mirrored.contains(where: { $0.treatment == .restoreBothFromBackup || $0.treatment == .reinstallMirroring }) {
            why += " Where the mirror still holds an old copy, -DropExistingDatabasesOnMirror drops it first; if that copy is still in a mirroring session (it took over as principal), remove the session in SQL Server first."
        }
        steps.append(RestoreStep(title: "Re-create the mirror databases on \(targets.joined(separator: ", "))", why: why, commands: commands))
    }

    mutating func userDataSteps(_ plans: [RestoreStorePlan]) {
        for plan in plans where plan.store.role.lowercased() == "userstore" {
            for pool in plan.store.consumers {
                let machines = frontEnds(of: pool)
                var commands: [PowerShellCommand] = []
                for machine in machines { commands.append(emit(PowerShellCommand("Stop-CsWindowsService").adding("ComputerName", .fqdn(machine)))) }
                commands.append(emit(PowerShellCommand("Import-CsUserData").adding("PoolFqdn", .fqdn(pool))
                    .adding("FileName", backupFile(userDataFileName(plan, pool: pool)))))   // fresh when taken from the surviving mirror
                for machine in machines { commands.append(emit(PowerShellCommand("Start-CsWindowsService").adding("ComputerName", .fqdn(machine)))) }
                steps.append(RestoreStep(
                    title: "Restore the user data of \(pool)",
                    why: "rtcxds on \(Self.display(plan.store.sqlServer, plan.store.instance)) is back empty: the users' contacts, groups and conferences come from \(backupSource(plan, "Export-CsUserData")). The Lync services are stopped on every server of the pool during the import and started together afterwards, so that the pool reads the imported data.",
                    commands: commands))
            }
        }
    }

    mutating func responseGroupSteps(_ plans: [RestoreStorePlan]) {
        for plan in plans where plan.store.role.lowercased() == "applicationstore" {
            for pool in plan.store.consumers {
                let command = PowerShellCommand("Import-CsRgsConfiguration").adding("Destination", .prefixedFQDN(prefix: "service:ApplicationServer:", fqdn: pool))
                    .adding("FileName", backupFile(responseGroupsFileName(plan, pool: pool)))   // fresh when taken from the surviving mirror
                steps.append(RestoreStep(
                    title: "Restore the Response Group configuration of \(pool)",
                    why: "rgsconfig on \(Self.display(plan.store.sqlServer, plan.store.instance)) is back empty: agent groups, queues and workflows come from \(backupSource(plan, "Export-CsRgsConfiguration")) (rgsdyn and cpsdyn are rebuilt empty).",
                    commands: [emit(command)]))
            }
        }
    }

    mutating func verifyStep(rebuild: [RebuildServer], cmsLost: Bool) {
        var commands: [PowerShellCommand] = []
        var servers: [String] = []
        func addServer(_ server: String) { if !servers.contains(where: { $0.lowercased() == server.lowercased() }) { servers.append(server) } }
        for plan in storePlans {
            switch plan.treatment {
            case .recreate, .recreateWithMirror, .restoreBothFromBackup:
                addServer(plan.store.sqlServer)
                if let mirror = plan.store.mirror { addServer(mirror.sqlServer) }
            case .failOverAndSwap, .recreateMirror, .reinstallMirroring:
                if let mirror = plan.store.mirror { addServer(plan.store.sqlServer); addServer(mirror.sqlServer) }
            }
        }
        for server in servers {
            commands.append(emit(PowerShellCommand("Test-CsDatabase").adding(switch: "ConfiguredDatabases").adding("SqlServerFqdn", .fqdn(server))))
        }
        var seen = Set<String>()
        for plan in storePlans where plan.store.mirror != nil {
            guard let pool = plan.store.consumers.first, seen.insert("\(pool.lowercased())|\(plan.store.databaseType)").inserted else { continue }
            commands.append(emit(PowerShellCommand("Get-CsDatabaseMirrorState").adding("PoolFqdn", .fqdn(pool)).adding("DatabaseType", .text(plan.store.databaseType))))
        }
        for server in rebuild where server.kind != .sql && server.kind != .file {
            commands.append(emit(PowerShellCommand("Get-CsManagementStoreReplicationStatus").adding("ReplicaFqdn", .fqdn(server.fqdn))))
        }
        if cmsLost && !rebuild.contains(where: { $0.kind != .sql && $0.kind != .file }) {
            commands.append(emit(PowerShellCommand("Get-CsManagementStoreReplicationStatus")))
        }
        guard !commands.isEmpty else { return }
        var checks: [String] = []
        if !servers.isEmpty { checks.append("every database at the expected version (Test-CsDatabase)") }
        if !seen.isEmpty { checks.append("every mirror synchronized, with its witness (Get-CsDatabaseMirrorState)") }
        if commands.contains(where: { $0.cmdlet == "Get-CsManagementStoreReplicationStatus" }) {
            checks.append("every rebuilt server up to date with the Central Management store (Get-CsManagementStoreReplicationStatus)")
        }
        var why = "Before calling the recovery done: " + checks.joined(separator: "; ") + "."
        if storePlans.contains(where: { $0.treatment == .failOverAndSwap }) {
            why += " After a role swap the survivor is the primary and the rebuilt server the mirror: that is the intended end state."
        }
        steps.append(RestoreStep(title: "Verify", why: why, commands: commands))
    }

    static func types(_ group: [RestoreStorePlan]) -> String {
        group.map(\.store.databaseType).joined(separator: ", ")
    }

    static func uniqueInstances(_ plans: [RestoreStorePlan]) -> String {
        var names: [String] = []
        for plan in plans {
            let name = display(plan.store.sqlServer, plan.store.instance)
            if !names.contains(name) { names.append(name) }
        }
        return names.joined(separator: ", ")
    }
}
