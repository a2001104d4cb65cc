/// What the live deployment reports, as opposed to what the topology document says (domain.md §8): per database,
/// whether it exists and which mirror partner the deployment names (`Test-CsDatabase -ConfiguredDatabases`:
/// `MirrorSqlServerFqdn`/`MirrorSqlInstanceName`, or `DatabaseHighAvailability` in Skype for Business Server), and
/// per pool and database which copy is principal now (`Get-CsDatabaseMirrorState`: `StateOnPrimary`,
/// `StateOnMirror`). The restore planner reads it (`RestoreOptions.deploymentState`): a database whose mirror is
/// already principal is not failed over again, and a report that disagrees with the topology is a warning.
public struct DeploymentState: Sendable, Hashable {
    /// One `Test-CsDatabase` record.
    public struct Database: Sendable, Hashable {
        public var sqlServer: String
        /// "" for the default instance.
        public var instance: String
        public var database: String
        public var exists: Bool
        /// `MirrorSqlServerFqdn`, nil when the record has no such field; "" when the field is empty (no mirror).
        public var mirrorSQLServer: String?
        public var mirrorInstance: String?
        /// `DatabaseHighAvailability` (e.g. `None`, `Mirroring`), nil when absent.
        public var highAvailability: String?
        /// Where the record comes from (`file:line`), for messages.
        public var source: String?
        /// The record named no instance: it stands for the database on any instance of the server.
        public var anyInstance: Bool = false

        public init(sqlServer: String, instance: String, database: String, exists: Bool = true, mirrorSQLServer: String? = nil,
                    mirrorInstance: String? = nil, highAvailability: String? = nil, source: String? = nil) {
            self.sqlServer = sqlServer
            self.instance = instance
            self.database = database
            self.exists = exists
            self.mirrorSQLServer = mirrorSQLServer
            self.mirrorInstance = mirrorInstance
            self.highAvailability = highAvailability
            self.source = source
        }

        /// True when the deployment reports a mirror, false when it reports none, nil when the record does not say.
        public var reportsMirror: Bool? {
            if let mirror = mirrorSQLServer { return !mirror.isEmpty }
            guard let highAvailability, !highAvailability.isEmpty else { return nil }
            return highAvailability.lowercased().contains("mirror")
        }
    }

    /// One `Get-CsDatabaseMirrorState` record (the export adds the pool, which the cmdlet does not print).
    public struct MirrorState: Sendable, Hashable {
        public var pool: String
        /// `-DatabaseType` of the query, when the export says.
        public var databaseType: String?
        public var database: String
        /// `Principal`, `Mirror`, `DatabaseInaccessibleOrMirroringNotEnabled`…
        public var stateOnPrimary: String?
        public var stateOnMirror: String?
        public var source: String?

        public init(pool: String, databaseType: String? = nil, database: String, stateOnPrimary: String?, stateOnMirror: String?,
                    source: String? = nil) {
            self.pool = pool
            self.databaseType = databaseType
            self.database = database
            self.stateOnPrimary = stateOnPrimary
            self.stateOnMirror = stateOnMirror
            self.source = source
        }

        /// The mirror copy serves the pool now (an automatic or earlier manual failover happened).
        public var mirrorIsPrincipal: Bool { stateOnMirror?.lowercased() == "principal" }
    }

    public var databases: [Database]
    public var mirrorStates: [MirrorState]

    public init(databases: [Database] = [], mirrorStates: [MirrorState] = []) {
        self.databases = databases
        self.mirrorStates = mirrorStates
    }

    /// The records of a state file as the publish simulation reads it today (existence only).
    public init(existing: ExistingDatabases, path: String? = nil) {
        self.init(databases: existing.records.map { record in
            var database = Database(sqlServer: record.sqlServer, instance: record.instance, database: record.database, exists: record.exists,
                                    source: path.map { path in record.line.map { "\(path):\($0)" } ?? path })
            database.anyInstance = record.anyInstance
            return database
        })
    }
}
