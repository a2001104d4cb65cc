extension DeploymentState {
    /// The live state several state files report, each recognised by its columns (`StateFile.read`):
    /// Test-CsDatabase records (which databases exist, and the mirror each names) and Get-CsDatabaseMirrorState
    /// records (which copy is principal now). `path` names the file in the state's `source` fields.
    public init(reading inputs: [(input: StateInput, path: String)]) {
        var databases: [Database] = []
        var mirrorStates: [MirrorState] = []
        for (input, path) in inputs {
            switch input {
            case .databases(let records):
                for record in records {
                    var database = Database(sqlServer: record.sqlServer, instance: record.instance ?? "", database: record.database,
                                            exists: record.exists, mirrorSQLServer: record.mirrorSQLServer,
                                            mirrorInstance: record.mirrorInstance, highAvailability: record.highAvailability,
                                            source: "\(path):\(record.line)")
                    database.anyInstance = record.instance == nil
                    databases.append(database)
                }
            case .mirrorStates(let records):
                for record in records {
                    mirrorStates.append(MirrorState(pool: record.poolFQDN, database: record.database, stateOnPrimary: record.stateOnPrimary,
                                                    stateOnMirror: record.stateOnMirror, source: "\(path):\(record.line)"))
                }
            }
        }
        self.init(databases: databases, mirrorStates: mirrorStates)
    }
}
