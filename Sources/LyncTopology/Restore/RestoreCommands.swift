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

    /// `Export-CsRgsConfiguration -Source 'ApplicationServer:<pool>'` taken while the surviving mirror serves the pool.
    public static func freshResponseGroups(pool: String) -> String { "RgsConfiguration-\(pool)-fresh.zip" }

    /// A SQL Server backup taken from the surviving mirror (`Backup-SqlDatabase`).
    public static func freshSqlBackup(sqlServer: String, instance: String, database: String) -> String {
        instance.isEmpty ? "\(sqlServer)-\(database)-fresh.bak" : "\(sqlServer)-\(instance)-\(database)-fresh.bak"
    }
}

/// One Lync Server Management Shell command under construction. Every value is typed (an FQDN, a SQL instance
/// name, or other text) so that rendering can check the names against `NameSyntax` and quote everything with
/// `PowerShell.quote`. A value that fails its check is never printed: rendering reports it instead.
struct ShellCommand {
    enum Value {
        case fqdn(String)
        case instance(String)
        case text(String)
        /// `server\instance` (or the server alone for the default instance), both parts checked.
        case serverInstance(String, String)
        /// Fixed text followed by an FQDN, e.g. `service:ApplicationServer:<pool>`; the FQDN is checked.
        case prefixed(String, fqdn: String)

        var raw: String {
            switch self {
            case .fqdn(let value), .instance(let value), .text(let value): return value
            case .serverInstance(let server, let instance): return instance.isEmpty ? server : server + "\\" + instance
            case .prefixed(let prefix, let fqdn): return prefix + fqdn
            }
        }

        /// Why this value must not reach a command, or nil.
        var problem: String? {
            switch self {
            case .fqdn(let value):
                return NameSyntax.fqdnProblem(value).map { "the FQDN '\(ShellCommand.printable(value))' \($0)" }
            case .instance(let value):
                return NameSyntax.sqlInstanceNameProblem(value).map { "the SQL instance name '\(ShellCommand.printable(value))' \($0)" }
            case .text(let value):
                if value.unicodeScalars.contains(where: ShellCommand.isControl) {
                    return "the value '\(ShellCommand.printable(value))' contains a control character"
                }
                return nil
            case .serverInstance(let server, let instance):
                return Value.fqdn(server).problem ?? Value.instance(instance).problem
            case .prefixed(let prefix, let fqdn):
                return Value.text(prefix).problem ?? Value.fqdn(fqdn).problem
            }
        }
    }

    var cmdlet: String
    var parameters: [(name: String, value: Value?)] = []

    init(_ cmdlet: String) { self.cmdlet = cmdlet }

    /// `-Name 'value'`.
    func with(_ name: String, _ value: Value) -> ShellCommand {
        var copy = self
        copy.parameters.append((name, value))
        return copy
    }

    /// `-Name` (a switch).
    func flag(_ name: String) -> ShellCommand {
        var copy = self
        copy.parameters.append((name, nil))
        return copy
    }

    /// `-SqlInstanceName 'name'`, or nothing for the default instance.
    func instanceName(_ instance: String, parameter: String = "SqlInstanceName") -> ShellCommand {
        instance.isEmpty ? self : with(parameter, .instance(instance))
    }

    /// `-ForInstance 'name'`, or `-ForDefaultInstance`.
    func forInstance(_ instance: String) -> ShellCommand {
        instance.isEmpty ? flag("ForDefaultInstance") : with("ForInstance", .instance(instance))
    }

    /// Why the command cannot be printed: one line per value failing its check.
    var problems: [String] { parameters.compactMap { $0.value?.problem } }

    /// The command line, every value single-quoted. Values failing their check are replaced by an inert marker
    /// (the planner blocks such a plan, so this text is never shown).
    var rendered: String {
        var line = cmdlet
        for parameter in parameters {
            line += " -" + parameter.name
            guard let value = parameter.value else { continue }
            line += " " + PowerShell.quote(value.problem == nil ? value.raw : "<INVALID>")
        }
        return line
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// A value for a message: control characters shown as `\u{…}` escapes, so that no message can break a line.
    static func printable(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            if isControl(scalar) { out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
