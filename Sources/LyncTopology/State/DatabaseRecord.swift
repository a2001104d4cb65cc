/// One database as `Test-CsDatabase -ConfiguredDatabases -SqlServerFqdn …` reports it (domain.md §8), or one entry
/// of a plain JSON list of `{sqlServer, instance, database}`: what a record of a state file means.
///
/// Lync Server 2013 reports `SqlServerFqdn, SqlInstanceName, MirrorSqlServerFqdn, MirrorSqlInstanceName,
/// DatabaseName, DataSource, SQLServerVersion, ExpectedVersion, InstalledVersion, Succeed`; Skype for Business
/// Server reports `DatabaseHighAvailability` and no Mirror* fields. Every one is kept; the publish simulation
/// uses the server, the instance, the database and whether it exists.
public struct DatabaseRecord: Sendable, Hashable {
    /// The SQL Server FQDN, without a trailing dot and without a `\instance` written after it.
    public var sqlServer: String
    /// The instance, "" for the default one (also written `MSSQLSERVER`); nil when the record names none (from
    /// neither an instance field, `server\instance`, nor `DataSource`): it then stands for any instance.
    public var instance: String?
    public var database: String
    /// `DataSource` as written (`server\instance` or `server\instance,port`).
    public var dataSource: String?
    /// `MirrorSqlServerFqdn` (Lync Server 2013): the mirror of the database, when there is one.
    public var mirrorSQLServer: String?
    /// `MirrorSqlInstanceName` (Lync Server 2013).
    public var mirrorInstance: String?
    /// `DatabaseHighAvailability` (Skype for Business Server), e.g. `None`.
    public var highAvailability: String?
    public var sqlServerVersion: String?
    public var expectedVersion: String?
    public var installedVersion: String?
    /// `Succeed`, when the file reports it.
    public var succeed: Bool?
    /// The `exists` field of a plain list, when given.
    public var listedExists: Bool?
    /// True when the file reports Test-CsDatabase's verdict (a `Succeed`, `InstalledVersion` or `exists` field);
    /// false for a plain list of databases.
    public var reportsStatus: Bool
    /// The line of the state file the record starts on.
    public var line: Int

    /// Whether the database exists (domain.md §8): as `exists` says when given; else when `Succeed` is True or an
    /// `InstalledVersion` is set; every database of a plain list exists.
    public var exists: Bool {
        if let listedExists { return listedExists }
        guard reportsStatus else { return true }
        return succeed == true || !(installedVersion ?? "").isEmpty
    }

    /// The record as the publish simulation compares it.
    public var existing: ExistingDatabases.Record {
        var record = ExistingDatabases.Record(sqlServer: sqlServer, instance: instance ?? "", database: database, exists: exists)
        record.anyInstance = instance == nil
        record.line = line
        return record
    }

    /// A record that cannot stand: the reader puts the location around the message.
    struct Problem: Error {
        var message: String
    }

    /// The values of one record by field (trimmed; nil when absent, "" when empty), normalized: server without a
    /// trailing dot, the instance taken from `server\instance` in the server field or from `DataSource` when no
    /// instance is given.
    init(values: [StateFile.Field: String], reportsStatus: Bool, line: Int) throws(Problem) {
        guard var server = values[.sqlServer], !server.isEmpty else {
            throw Problem(message: "record has no \(StateFile.Field.sqlServer.displayName)")
        }
        guard let database = values[.database], !database.isEmpty else {
            throw Problem(message: "record has no \(StateFile.Field.database.displayName)")
        }
        var instanceName = values[.instance]
        if let slash = server.firstIndex(of: "\\") {
            if instanceName == nil || instanceName == "" { instanceName = String(server[server.index(after: slash)...]) }
            server = String(server[..<slash])
        }
        let dataSource = values[.dataSource]
        if instanceName == nil, let dataSource, !dataSource.isEmpty {
            var source = Substring(dataSource)
            if let comma = source.firstIndex(of: ",") { source = source[..<comma] }   // server\instance,port
            instanceName = source.firstIndex(of: "\\").map { String(source[source.index(after: $0)...]) } ?? ""
        }
        if server.hasSuffix(".") { server.removeLast() }
        guard !server.isEmpty else {
            throw Problem(message: "\(StateFile.Field.sqlServer.displayName) '\(StateFile.printable(values[.sqlServer] ?? ""))' names no server")
        }
        func optional(_ field: StateFile.Field) -> String? { values[field].flatMap { $0.isEmpty ? nil : $0 } }
        self.sqlServer = server
        self.instance = instanceName.map(StateFile.normalizedInstance)
        self.database = database
        self.dataSource = optional(.dataSource)
        self.mirrorSQLServer = optional(.mirrorSQLServer)
        self.mirrorInstance = optional(.mirrorInstance)
        self.highAvailability = optional(.highAvailability)
        self.sqlServerVersion = optional(.sqlServerVersion)
        self.expectedVersion = optional(.expectedVersion)
        self.installedVersion = optional(.installedVersion)
        self.succeed = values[.succeed].map(StateFile.isTrue)
        self.listedExists = values[.exists].map(StateFile.isTrue)
        self.reportsStatus = reportsStatus
        self.line = line
    }
}
