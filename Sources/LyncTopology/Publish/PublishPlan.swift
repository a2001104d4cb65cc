/// A SQL Server instance, as the wizard and the cmdlets name it: the server FQDN and the instance name
/// ("" for the default instance).
public struct SQLInstanceRef: Sendable, Hashable, Codable {
    public var sqlServer: String
    public var instance: String

    public init(sqlServer: String, instance: String) {
        self.sqlServer = sqlServer
        self.instance = instance
    }

    /// `server\instance`, or the server alone for the default instance.
    public var displayName: String { instance.isEmpty ? sqlServer : sqlServer + "\\" + instance }
}

/// Which databases exist before the publish: the input the wizard's "already exists" decisions come from.
public struct ExistingDatabases: Sendable, Hashable {
    /// Where the knowledge comes from; it is said in the output.
    public enum Source: Sendable, Hashable {
        /// `--first-publish`, or nothing known: no database exists.
        case firstPublish
        /// `--state FILE`: a Test-CsDatabase CSV export or a JSON list.
        case stateFile(path: String)
        /// `--failed FQDN…`: every database on those servers' instances is gone, everything else exists.
        case failedServers([String])
        /// A .tbxml's OriginalTopology: stores present there exist, new ones do not.
        case originalTopology
    }

    /// One database known to exist (or known to be absent, for a state record that failed).
    public struct Record: Sendable, Hashable {
        public var sqlServer: String
        public var instance: String
        public var database: String
        public var exists: Bool
        /// True when the record named no instance: it stands for the database on any instance of the server.
        public var anyInstance: Bool = false
        /// The line of the state file the record comes from, when it comes from one.
        public var line: Int? = nil

        public init(sqlServer: String, instance: String, database: String, exists: Bool = true) {
            self.sqlServer = sqlServer
            self.instance = instance
            self.database = database
            self.exists = exists
        }
    }

    public var source: Source
    /// For `.stateFile` and `.originalTopology`: the databases that exist.
    public var records: [Record]
    /// For `.failedServers`: the failed FQDNs.
    public var failedServers: [String]

    public init(source: Source, records: [Record] = [], failedServers: [String] = []) {
        self.source = source
        self.records = records
        self.failedServers = failedServers
    }

    public static let firstPublish = ExistingDatabases(source: .firstPublish)
}

/// What the wizard does with one database.
public enum DatabaseAction: String, Sendable, Hashable, Codable {
    case create
    case exists
}

/// One database on the Create databases page.
public struct PlannedDatabase: Sendable, Hashable {
    public var sqlServer: String
    public var instance: String
    public var role: String
    public var databaseType: String
    public var database: String
    public var action: DatabaseAction
    public var reason: String
    /// The pools whose services use the store (for the text output).
    public var consumers: [String] = []

    public init(sqlServer: String, instance: String, role: String, databaseType: String, database: String,
                action: DatabaseAction, reason: String) {
        self.sqlServer = sqlServer
        self.instance = instance
        self.role = role
        self.databaseType = databaseType
        self.database = database
        self.action = action
        self.reason = reason
    }
}

/// One database on the Create Mirror Database page: the mirror copy of a primary database.
public struct PlannedMirrorDatabase: Sendable, Hashable {
    /// The mirror SQL Server and instance.
    public var sqlServer: String
    public var instance: String
    public var role: String
    public var databaseType: String
    public var database: String
    public var primary: SQLInstanceRef
    public var witness: SQLInstanceRef?
    /// The file share the primary writes the backup copy to and the mirror reads it from.
    public var fileShare: String?
    public var action: DatabaseAction
    public var reason: String
    /// The pools whose services use the store (for the text output).
    public var consumers: [String] = []

    public init(sqlServer: String, instance: String, role: String, databaseType: String, database: String,
                primary: SQLInstanceRef, witness: SQLInstanceRef?, fileShare: String?, action: DatabaseAction, reason: String) {
        self.sqlServer = sqlServer
        self.instance = instance
        self.role = role
        self.databaseType = databaseType
        self.database = database
        self.primary = primary
        self.witness = witness
        self.fileShare = fileShare
        self.action = action
        self.reason = reason
    }
}

/// The Select Central Management Server page.
public struct CentralManagementChoice: Sendable, Hashable {
    /// How the pool on the page was arrived at.
    public enum Selection: String, Sendable, Hashable, Codable {
        /// The topology has an active CMS: the page shows it, nothing to choose.
        case active
        /// No active CMS; `--cms POOL` chose one of the candidates.
        case chosen
        /// No active CMS and a single candidate: the page offers only that one.
        case onlyCandidate
        /// No active CMS, several candidates and none chosen: the wizard will ask.
        case notChosen
        /// No active CMS and no Front End pool or Standard Edition server to hold it.
        case noCandidate
    }

    /// How `pool` was arrived at.
    public var selection: Selection = .active
    /// For a CMS placed by this publish: its databases' store instance stands alone (Create databases) rather
    /// than being the pool's own collocated SQL Express (created by Setup).
    public var storeIsStandAlone: Bool? = nil
    /// The pool that holds (or, when chosen, will hold) the CMS; nil when it must still be chosen.
    public var pool: String?
    public var store: SQLInstanceRef?
    /// True when the topology has an active CMS already.
    public var isExisting: Bool
    /// Front End pools and Standard Edition servers that could hold it (when none is active).
    public var candidates: [String]

    public init(pool: String?, store: SQLInstanceRef?, isExisting: Bool, candidates: [String]) {
        self.pool = pool
        self.store = store
        self.isExisting = isExisting
        self.candidates = candidates
    }
}

/// Options of a publish simulation (the wizard's inputs that are not in the topology).
public struct PublishOptions: Sendable, Hashable {
    /// What exists before the publish; nil: the default (a .tbxml's OriginalTopology, else a first publish).
    public var existing: ExistingDatabases?
    /// `--file-share UNC`: the share used to seed mirrors.
    public var fileShare: String?
    /// `--cms POOL`: the pool chosen on the Select Central Management Server page when none is active.
    public var centralManagementPool: String?

    public init(existing: ExistingDatabases? = nil, fileShare: String? = nil, centralManagementPool: String? = nil) {
        self.existing = existing
        self.fileShare = fileShare
        self.centralManagementPool = centralManagementPool
    }
}

/// The Publish Topology wizard, page by page.
public struct PublishPlan: Sendable, Hashable {
    public var product: ProductVersion?
    /// What the "exists" decisions were based on.
    public var existingSource: ExistingDatabases.Source
    public var centralManagement: CentralManagementChoice
    /// The Create databases page: stand-alone stores' databases.
    public var createDatabases: [PlannedDatabase]
    /// The Create Mirror Database page.
    public var createMirrorDatabases: [PlannedMirrorDatabase]
    /// Databases of collocated stores (a Standard Edition server's SQL Express): created by Setup and the
    /// Deployment Wizard, never on these pages.
    public var collocatedDatabases: [PlannedDatabase]
    public var findings: [Finding]
    /// True when the publish would fail (validation errors, no CMS can be chosen, …); `findings` say why.
    public var isBlocked: Bool
    /// True when nothing said what exists (no state, no failed servers, no OriginalTopology): a first publish
    /// is assumed.
    public var existingAssumed: Bool = false
    /// The failed servers, for `.failedServers`.
    public var failedServers: [String] = []
    /// `--file-share`: the share the Create Mirror Database page uses.
    public var fileShare: String? = nil

    /// The databases the wizard creates on the Create databases page.
    public var databasesToCreate: [PlannedDatabase] { createDatabases.filter { $0.action == .create } }
    /// The mirror databases the wizard creates on the Create Mirror Database page.
    public var mirrorDatabasesToCreate: [PlannedMirrorDatabase] { createMirrorDatabases.filter { $0.action == .create } }

    public init(product: ProductVersion?, existingSource: ExistingDatabases.Source, centralManagement: CentralManagementChoice,
                createDatabases: [PlannedDatabase], createMirrorDatabases: [PlannedMirrorDatabase],
                collocatedDatabases: [PlannedDatabase], findings: [Finding], isBlocked: Bool) {
        self.product = product
        self.existingSource = existingSource
        self.centralManagement = centralManagement
        self.createDatabases = createDatabases
        self.createMirrorDatabases = createMirrorDatabases
        self.collocatedDatabases = collocatedDatabases
        self.findings = findings
        self.isBlocked = isBlocked
    }
}
