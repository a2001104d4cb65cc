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
}
