/// Which databases each store role holds, and what the cmdlets call its type (domain.md §3).
///
/// Known unknown: the role names of the Persistent Chat stores (`PersistentChatStore`,
/// `PersistentChatComplianceStore`) and of their consumer were not confirmed in a real document; they are
/// assumed here and nowhere else. The product documentation names the consumer role `PersistentChatService`
/// (its cmdlet identities read `PersistentChatServer:…`): both names are read as the consumer, and
/// `PersistentChatService` is the one written.
public enum StoreCatalog {
    public struct Entry: Sendable, Hashable, Codable {
        public var role: String
        /// The cmdlets' `-DatabaseType`.
        public var databaseType: String
        /// The consumer role, as new services are written.
        public var consumerRole: String
        /// Other names read as the consumer role (never written).
        public var consumerRoleAliases: [String] = []
        public var databases: [String]
        /// Databases whose data only a backup can bring back.
        public var databasesNeedingBackup: [String]
        /// Whether the store may be mirrored.
        public var mirrorable: Bool
    }

    /// The consumer role of the Persistent Chat stores, as written (the documentation's name, see above).
    public static let persistentChatServiceRole = "PersistentChatService"
    /// The consumer role name the cmdlet identities use, read as `persistentChatServiceRole`.
    public static let persistentChatServerRole = "PersistentChatServer"
    /// Every name read as the Persistent Chat consumer role.
    public static let persistentChatConsumerRoles = [persistentChatServiceRole, persistentChatServerRole]

    public static let entries: [Entry] = [
        Entry(role: "UserStore", databaseType: "User", consumerRole: "UserServices",
              databases: ["rtcxds", "rtcshared", "rtcab"], databasesNeedingBackup: ["rtcxds"], mirrorable: true),
        Entry(role: "ApplicationStore", databaseType: "Application", consumerRole: "ApplicationServer",
              databases: ["rgsconfig", "rgsdyn", "cpsdyn"], databasesNeedingBackup: ["rgsconfig"], mirrorable: true),
        Entry(role: "CentralMgmtStore", databaseType: "CentralMgmt", consumerRole: "CentralMgmt",
              databases: ["xds", "lis"], databasesNeedingBackup: ["xds", "lis"], mirrorable: true),
        Entry(role: "ArchivingStore", databaseType: "Archiving", consumerRole: "Registrar",
              databases: ["LcsLog"], databasesNeedingBackup: ["LcsLog"], mirrorable: true),
        Entry(role: "MonitoringStore", databaseType: "Monitoring", consumerRole: "Registrar",
              databases: ["LcsCDR", "QoEMetrics"], databasesNeedingBackup: ["LcsCDR", "QoEMetrics"], mirrorable: true),
        Entry(role: "PersistentChatStore", databaseType: "PersistentChat", consumerRole: persistentChatServiceRole,
              consumerRoleAliases: [persistentChatServerRole],
              databases: ["mgc"], databasesNeedingBackup: ["mgc"], mirrorable: true),
        Entry(role: "PersistentChatComplianceStore", databaseType: "PersistentChatCompliance",
              consumerRole: persistentChatServiceRole, consumerRoleAliases: [persistentChatServerRole],
              databases: ["mgccomp"], databasesNeedingBackup: [], mirrorable: true),
    ]

    private static let byRole: [String: Entry] = {
        var table: [String: Entry] = [:]
        for entry in entries { table[entry.role.lowercased()] = entry }
        return table
    }()

    /// True when `role` is read as the consumer role of `entry` (its written name or an alias).
    public static func isConsumer(_ role: String, of entry: Entry) -> Bool {
        CaseFolding.equal(role, entry.consumerRole) || entry.consumerRoleAliases.contains { CaseFolding.equal(role, $0) }
    }

    /// The entry of a store role (case-insensitive), nil for a role the catalog does not know.
    public static func entry(for role: String) -> Entry? { byRole[role.lowercased()] }

    /// The databases a store holds for a product version. The three supported versions use the same names.
    public static func databases(for role: String, product: ProductVersion?) -> [String] {
        entry(for: role)?.databases ?? []
    }

    /// Local SQL Express databases every server has; created by Setup, never by the publish wizard.
    public static let localDatabases = ["rtclocal", "lynclocal"]
}

/// Roles that are not Lync server roles: services that run outside Lync Server (a file share, Office Web
/// Apps, a PSTN gateway). A SQL Server hosting only these and stores is still a dedicated SQL Server, so its
/// stores are stand-alone.
///
/// Project decision (domain.md §3 reads "no non-store service"): a file share or a gateway definition does not
/// make a SQL Server a Lync server, since Lync Setup never runs there. Kept here and nowhere else.
public enum RoleCatalog {
    public static let externalRoles: Set<String> = ["filestore", "wacservice", "pstngateway", "trunkconfiguration",
                                                    "exchangeum", "externalserver"]

    /// True for a role that Lync Server Setup installs on the machine.
    public static func isLyncServerRole(_ role: String) -> Bool {
        !externalRoles.contains(role.lowercased())
    }

    public static let frontEndRoles: Set<String> = ["userservices", "registrar"]
    public static let edgeRole = "edgeserver"
    public static let fileStoreRole = "filestore"
    public static let centralManagementRole = "CentralMgmt"
    public static let centralManagementStoreRole = "CentralMgmtStore"
}
