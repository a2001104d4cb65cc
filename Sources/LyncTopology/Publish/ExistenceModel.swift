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
