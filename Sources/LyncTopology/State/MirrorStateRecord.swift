/// One database as `Get-CsDatabaseMirrorState -PoolFqdn … | Export-Csv` reports it (domain.md §8): its state on the
/// primary and on the mirror (`Principal`, `Mirror`, `DatabaseInaccessibleOrMirroringNotEnabled`…) and the
/// mirroring status on each side. The cmdlet names no pool, so the export adds a `PoolFqdn` column
/// (`StateFile.mirrorStateExport`); a file without one cannot be read.
public struct MirrorStateRecord: Sendable, Hashable {
    public var poolFQDN: String
    public var database: String
    public var stateOnPrimary: String?
    public var stateOnMirror: String?
    public var mirroringStatusOnPrimary: String?
    public var mirroringStatusOnSecondary: String?
    /// The line of the state file the record starts on.
    public var line: Int

    /// The values of one record by field (trimmed; nil when absent), the pool without a trailing dot.
    init(values: [StateFile.Field: String], line: Int) throws(DatabaseRecord.Problem) {
        guard var pool = values[.poolFQDN], !pool.isEmpty else {
            throw DatabaseRecord.Problem(message: "record has no \(StateFile.Field.poolFQDN.displayName)")
        }
        guard let database = values[.database], !database.isEmpty else {
            throw DatabaseRecord.Problem(message: "record has no \(StateFile.Field.database.displayName)")
        }
        if pool.hasSuffix(".") { pool.removeLast() }
        guard !pool.isEmpty else {
            throw DatabaseRecord.Problem(message: "\(StateFile.Field.poolFQDN.displayName) '\(StateFile.printable(values[.poolFQDN] ?? ""))' names no pool")
        }
        func optional(_ field: StateFile.Field) -> String? { values[field].flatMap { $0.isEmpty ? nil : $0 } }
        self.poolFQDN = pool
        self.database = database
        self.stateOnPrimary = optional(.stateOnPrimary)
        self.stateOnMirror = optional(.stateOnMirror)
        self.mirroringStatusOnPrimary = optional(.mirroringStatusOnPrimary)
        self.mirroringStatusOnSecondary = optional(.mirroringStatusOnSecondary)
        self.line = line
    }
}
