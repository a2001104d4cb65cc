/// Placeholders for the values a restore plan needs and the topology does not hold. They are obviously not real
/// values (angle brackets cannot appear in a path or a share name), and they are quoted like any other value.
public enum RestorePlaceholder {
    /// Stands for `--file-share`: the UNC path of the share that seeds the mirrors.
    public static let fileShare = "<FILE-SHARE-UNC>"
    /// Stands for `--backup-path`: the folder holding the backups.
    public static let backupFolder = "<BACKUP-FOLDER>"
}

/// The names of the backup files a plan reads, inside the backup folder. The topology does not say how the
/// backups were named; this is the project's convention (the files that `Export-CsConfiguration`,
/// `Export-CsLisConfiguration`, `Export-CsUserData`, `Export-CsRgsConfiguration` and SQL Server backups
/// write), kept here and nowhere else.
public enum RestoreBackupFiles {
    /// `Export-CsConfiguration -FileName …`: topology, policies and settings (xds).
    public static let configuration = "CsConfiguration.zip"
    /// `Export-CsLisConfiguration -FileName …`: the E9-1-1 location data (lis).
    public static let locationConfiguration = "CsLisConfiguration.zip"
    /// A fresh `Export-CsConfiguration` for an Edge server's local store (not a backup).
    public static let edgeConfiguration = "CsConfiguration-Edge.zip"

    /// `Export-CsUserData -PoolFqdn <pool> -FileName …`.
    public static func userData(pool: String) -> String { "UserData-\(pool).zip" }

    /// `Export-CsRgsConfiguration -Source service:ApplicationServer:<pool> -FileName …`.
    public static func responseGroups(pool: String) -> String { "RgsConfiguration-\(pool).zip" }

    /// A SQL Server full backup of one database.
    public static func sqlBackup(sqlServer: String, instance: String, database: String) -> String {
        instance.isEmpty ? "\(sqlServer)-\(database).bak" : "\(sqlServer)-\(instance)-\(database).bak"
    }

    // Fresh backups, taken by the plan itself from a copy that is still alive (the surviving mirror) before
    // anything is rebuilt: the restore steps read these instead of an older backup.

    /// `Export-CsConfiguration` taken from the surviving mirror of the Central Management store.
    public static let freshConfiguration = "CsConfiguration-fresh.zip"
    /// `Export-CsLisConfiguration` taken from the surviving mirror.
    public static let freshLocationConfiguration = "CsLisConfiguration-fresh.zip"

    /// `Export-CsUserData -PoolFqdn <pool>` taken while the surviving mirror serves the pool.
    public static func freshUserData(pool: String) -> String { "UserData-\(pool)-fresh.zip" }

    /// `Export-CsRgsConfiguration -Source ApplicationServer:<pool>` taken while the surviving mirror serves the pool.
    public static func freshResponseGroups(pool: String) -> String { "RgsConfiguration-\(pool)-fresh.zip" }

    /// A SQL Server backup taken from the surviving mirror (`Backup-SqlDatabase`).
    public static func freshSQLBackup(sqlServer: String, instance: String, database: String) -> String {
        instance.isEmpty ? "\(sqlServer)-\(database)-fresh.bak" : "\(sqlServer)-\(instance)-\(database)-fresh.bak"
    }
}

