/// Inputs of a restore plan that are not in the topology: where the backups are and which file share seeds
/// the mirrors. When absent, the plan prints an explicit placeholder the administrator must fill in.
public struct RestoreOptions: Sendable, Hashable {
    /// `--file-share UNC`: the share the primary writes the backup copy to and the mirror reads it from.
    public var fileShare: String?
    /// `--backup-path PATH`: the folder holding the backups (user data, Response Group and CMS exports, SQL
    /// backups), named as `RestoreBackupFiles` says.
    public var backupFolder: String?
    // Live state (Model/DeploymentState.swift): what the deployment reports; nil when not given.
    public var deploymentState: DeploymentState?

    public init(fileShare: String? = nil, backupFolder: String? = nil, deploymentState: DeploymentState? = nil) {
        self.fileShare = fileShare
        self.backupFolder = backupFolder
        self.deploymentState = deploymentState
    }
}

/// What a failed server hosted, in the words of the Lync Server 2013 backup and restore documentation: one
/// server can fall under several (a SQL Server that is the primary of one store and the mirror of another).
public enum RestoreScenario: String, Sendable, Hashable, Codable, CaseIterable {
    /// A Back End SQL Server (or a stand-alone store) without a mirror.
    case nonMirroredBackEnd = "non-mirrored-back-end"
    /// The primary of a mirrored store whose mirror failed too.
    case primaryAndMirrorLost = "primary-and-mirror-lost"
    /// The primary of a mirrored store whose mirror is alive: fail over, roles swap.
    case primaryLostMirrorAlive = "primary-lost-mirror-alive"
    /// The mirror of a store whose primary is alive.
    case mirrorLost = "mirror-lost"
    /// The witness of a mirrored store.
    case witnessLost = "witness-lost"
    /// The SQL instance (or Standard Edition server) holding the active Central Management store.
    case activeCentralManagementStore = "active-cms"
    /// A Standard Edition server: a Front End with its collocated SQL Express back end.
    case standardEdition = "standard-edition"
    /// A Front End, Edge, Director, Mediation or other Lync server: no databases.
    case memberServer = "member-server"
    /// A dedicated SQL Server holding Archiving, Monitoring or Persistent Chat stores.
    case standAloneStoreServer = "stand-alone-store-server"
    /// A file server holding a Lync file store.
    case fileServer = "file-server"
    /// A SQL Server in the topology whose instances hold no store.
    case sqlServerWithoutStores = "sql-server-without-stores"
    /// A server outside every case above (no role lynctopo knows of).
    case other
}

/// How a plan treats one store touched by the failure.
public enum StoreTreatment: String, Sendable, Hashable, Codable {
    /// Not mirrored, primary lost: re-create the databases, then restore the data.
    case recreate
    /// Primary and mirror lost: re-create the databases, restore the data, re-create the mirror.
    case recreateWithMirror = "recreate-with-mirror"
    /// Primary lost on the instance of the active CMS, mirror alive: publishing needs a working primary CMS,
    /// so the primary is restored from backup and the mirror re-created from it (no role swap).
    case restoreBothFromBackup = "restore-both-from-backup"
    /// Primary lost, mirror alive: fail over, make the survivor the primary, rebuild the lost server as the mirror.
    case failOverAndSwap = "fail-over-and-swap"
    /// Mirror lost, primary alive: remove mirroring, rebuild, re-create the mirror.
    case recreateMirror = "recreate-mirror"
    /// Witness lost, partners alive: the witness cannot be re-created alone; mirroring is removed and
    /// installed again.
    case reinstallMirroring = "reinstall-mirroring"
}

/// A store touched by the failure, and what the plan does with it.
public struct RestoreStorePlan: Sendable, Hashable {
    public var store: Store
    public var treatment: StoreTreatment
    public var primaryLost: Bool
    public var mirrorLost: Bool
    public var witnessLost: Bool
    /// The store sits on the SQL instance of the active Central Management store.
    public var onCentralManagementInstance: Bool

    public init(store: Store, treatment: StoreTreatment, primaryLost: Bool, mirrorLost: Bool, witnessLost: Bool,
                onCentralManagementInstance: Bool) {
        self.store = store
        self.treatment = treatment
        self.primaryLost = primaryLost
        self.mirrorLost = mirrorLost
        self.witnessLost = witnessLost
        self.onCentralManagementInstance = onCentralManagementInstance
    }
}

/// One failed server as the plan understood it: what `--failed` named, the computer it is in the topology and
/// what it hosted.
public struct FailedServer: Sendable, Hashable {
    /// The name as given on the command line.
    public var name: String
    /// The computer's FQDN as the topology writes it.
    public var fqdn: String
    /// The FQDN of the cluster (pool, server, SQL Server) the computer belongs to.
    public var pool: String
    public var kind: PoolKind
    /// The Lync roles installed on its cluster.
    public var roles: [String]
    public var scenarios: [RestoreScenario]
    /// What it hosted, one sentence each.
    public var hosted: [String]

    public init(name: String, fqdn: String, pool: String, kind: PoolKind, roles: [String], scenarios: [RestoreScenario],
                hosted: [String]) {
        self.name = name
        self.fqdn = fqdn
        self.pool = pool
        self.kind = kind
        self.roles = roles
        self.scenarios = scenarios
        self.hosted = hosted
    }
}

/// A server to rebuild: the same FQDN as the failed computer, SQL Server installed with the same instance names.
public struct RebuildServer: Sendable, Hashable {
    public var fqdn: String
    /// The exact instance names to install, "" for the default instance.
    public var sqlInstances: [String]
    /// The cluster the computer belongs to.
    public var pool: String
    public var kind: PoolKind

    public init(fqdn: String, sqlInstances: [String], pool: String, kind: PoolKind) {
        self.fqdn = fqdn
        self.sqlInstances = sqlInstances
        self.pool = pool
        self.kind = kind
    }
}

/// A database the plan re-creates (on the Create databases page, with `Install-CsDatabase`, or by Setup for a
/// collocated store).
public struct RestoreDatabase: Sendable, Hashable {
    public var sqlServer: String
    /// "" for the default instance.
    public var instance: String
    public var role: String
    public var databaseType: String
    public var database: String
    /// True when only a backup brings its data back; false when it is rebuilt empty or regenerated.
    public var restoreFromBackup: Bool

    public init(sqlServer: String, instance: String, role: String, databaseType: String, database: String, restoreFromBackup: Bool) {
        self.sqlServer = sqlServer
        self.instance = instance
        self.role = role
        self.databaseType = databaseType
        self.database = database
        self.restoreFromBackup = restoreFromBackup
    }

    public var sqlInstance: SQLInstanceRef { SQLInstanceRef(sqlServer: sqlServer, instance: instance) }
}

/// A mirror copy the plan re-creates (Create Mirror Database page, or `Install-CsMirrorDatabase`).
public struct RestoreMirrorDatabase: Sendable, Hashable {
    /// The mirror SQL Server and instance ("" for the default instance).
    public var sqlServer: String
    public var instance: String
    public var role: String
    public var databaseType: String
    public var database: String
    /// The primary it mirrors, after the plan (for a role swap: the surviving former mirror).
    public var primary: SQLInstanceRef
    public var witness: SQLInstanceRef?
    /// True when a copy still exists on the mirror and is dropped first (`-DropExistingDatabasesOnMirror`).
    public var dropExisting: Bool

    public init(sqlServer: String, instance: String, role: String, databaseType: String, database: String,
                primary: SQLInstanceRef, witness: SQLInstanceRef?, dropExisting: Bool) {
        self.sqlServer = sqlServer
        self.instance = instance
        self.role = role
        self.databaseType = databaseType
        self.database = database
        self.primary = primary
        self.witness = witness
        self.dropExisting = dropExisting
    }
}

/// One step of the runbook: what to do, why, and the exact commands. A step without commands is done by hand
/// (its `manual` lines say how).
public struct RestoreStep: Sendable, Hashable {
    public var title: String
    public var why: String
    /// What to do by hand (Topology Builder, the Deployment Wizard, Windows and SQL Server setup).
    public var manual: [String]
    /// Lync Server Management Shell commands, as values (`PowerShell.render` writes each as a command line,
    /// every value single-quoted). Manual lines come first.
    public var commands: [PowerShellCommand]
    /// Another way to do what the commands do (a page of the publish wizard, SQL Server Management Studio).
    public var alternative: String?
    /// What the manual lines do, as values (for `RunbookReplay`).
    public var actions: [RunbookAction]
    /// The computer the step must run on, or nil for any computer with the Lync Server Management Shell.
    public var computer: String?

    public init(title: String, why: String, manual: [String] = [], commands: [PowerShellCommand] = [], alternative: String? = nil,
                actions: [RunbookAction] = [], computer: String? = nil) {
        self.title = title
        self.why = why
        self.manual = manual
        self.commands = commands
        self.alternative = alternative
        self.actions = actions
        self.computer = computer
    }
}

/// A computer of a cluster, by position: the cluster's id and the machine's index in `Cluster.machines`.
public struct MachineReference: Sendable, Hashable {
    public var clusterID: String
    public var position: Int

    public init(clusterID: String, position: Int) {
        self.clusterID = clusterID
        self.position = position
    }
}

/// What the failure touches in the topology, before the plan decides what to do about it: the clusters, computers
/// and SQL instances lost, and the stores whose primary, mirror or witness instance is among them. A name given
/// names a cluster (every computer of it fails) or one computer (a cluster fails as a whole when every computer
/// of it failed). Renderers read this rather than work it out again (the diagram's failed-server marks).
public struct RestoreFailure: Sendable, Hashable {
    /// Names given that match no pool, server or computer of the topology (each also a `RESTORE001` blocker).
    public var unknownNames: [String]
    /// Clusters lost as a whole.
    public var lostClusterIDs: Set<String>
    /// Failed computers: every machine of a lost cluster, and machines named on their own.
    public var lostMachines: Set<MachineReference>
    /// SQL instances on the lost clusters: installed again with the same names.
    public var lostInstanceIDs: Set<String>
    /// Stores, by service id, whose primary instance is lost: their databases are re-created.
    public var storesWithLostPrimary: Set<String>
    /// Stores, by service id of the primary store, whose mirror instance is lost: their mirror copies are re-created.
    public var storesWithLostMirror: Set<String>
    /// Stores, by service id of the primary store, whose witness instance is lost.
    public var storesWithLostWitness: Set<String>

    public init(unknownNames: [String] = [], lostClusterIDs: Set<String> = [], lostMachines: Set<MachineReference> = [],
                lostInstanceIDs: Set<String> = [], storesWithLostPrimary: Set<String> = [], storesWithLostMirror: Set<String> = [],
                storesWithLostWitness: Set<String> = []) {
        self.unknownNames = unknownNames
        self.lostClusterIDs = lostClusterIDs
        self.lostMachines = lostMachines
        self.lostInstanceIDs = lostInstanceIDs
        self.storesWithLostPrimary = storesWithLostPrimary
        self.storesWithLostMirror = storesWithLostMirror
        self.storesWithLostWitness = storesWithLostWitness
    }
}

/// The recovery runbook for a set of failed servers (domain.md §6): what to rebuild, which databases and
/// mirrors to re-create where, and the steps in order. It plans; it runs nothing.
public struct RestorePlan: Sendable, Hashable {
    public var product: ProductVersion?
    /// The names given, in order, duplicates removed.
    public var failed: [String]
    public var servers: [FailedServer]
    /// True when the plan must not be followed; `blockers` say why and `steps` is empty.
    public var isBlocked: Bool
    public var blockers: [Finding]
    public var rebuild: [RebuildServer]
    /// Stand-alone databases to re-create (Create databases page or `Install-CsDatabase`).
    public var recreateDatabases: [RestoreDatabase]
    /// Mirror copies to re-create (Create Mirror Database page or `Install-CsMirrorDatabase`).
    public var recreateMirrorDatabases: [RestoreMirrorDatabase]
    /// Databases of collocated stores, which Setup and the Deployment Wizard re-create.
    public var localDatabases: [RestoreDatabase]
    /// The stores the failure touches, with their treatment.
    public var stores: [RestoreStorePlan]
    public var steps: [RestoreStep]
    /// Placeholders left in the commands for values the topology does not hold (`RestorePlaceholder`).
    public var placeholders: [String]
    /// Warnings and notes: the validator's and the planner's.
    public var findings: [Finding]
    /// What the failure touches, as the plan worked it out.
    public var failure: RestoreFailure

    public init(product: ProductVersion?, failed: [String], servers: [FailedServer], isBlocked: Bool, blockers: [Finding],
                rebuild: [RebuildServer], recreateDatabases: [RestoreDatabase], recreateMirrorDatabases: [RestoreMirrorDatabase],
                localDatabases: [RestoreDatabase], stores: [RestoreStorePlan], steps: [RestoreStep], placeholders: [String],
                findings: [Finding], failure: RestoreFailure = RestoreFailure()) {
        self.product = product
        self.failed = failed
        self.servers = servers
        self.isBlocked = isBlocked
        self.blockers = blockers
        self.rebuild = rebuild
        self.recreateDatabases = recreateDatabases
        self.recreateMirrorDatabases = recreateMirrorDatabases
        self.localDatabases = localDatabases
        self.stores = stores
        self.steps = steps
        self.placeholders = placeholders
        self.findings = findings
        self.failure = failure
    }

    /// Every command of every step, in order.
    public var commands: [PowerShellCommand] { steps.flatMap(\.commands) }
}
