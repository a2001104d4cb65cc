/// Which databases each store role holds, and what the cmdlets call its type (domain.md §3).
///
/// Known unknown: the role names of the Persistent Chat stores (`PersistentChatStore`,
/// `PersistentChatComplianceStore`) and of their consumer (`PersistentChatServer`) were not confirmed in a
/// real document; they are assumed here and nowhere else.
public enum StoreCatalog {
    public struct Entry: Sendable, Hashable, Codable {
        public var role: String
        /// The cmdlets' `-DatabaseType`.
        public var databaseType: String
        public var consumerRole: String
        public var databases: [String]
        /// Databases whose data only a backup can bring back.
        public var databasesNeedingBackup: [String]
        /// Whether the store may be mirrored.
        public var mirrorable: Bool
    }

    /// The consumer role of the Persistent Chat stores (unconfirmed name, see above).
    public static let persistentChatServerRole = "PersistentChatServer"

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
        Entry(role: "PersistentChatStore", databaseType: "PersistentChat", consumerRole: persistentChatServerRole,
              databases: ["mgc"], databasesNeedingBackup: ["mgc"], mirrorable: true),
        Entry(role: "PersistentChatComplianceStore", databaseType: "PersistentChatCompliance",
              consumerRole: persistentChatServerRole,
              databases: ["mgccomp"], databasesNeedingBackup: [], mirrorable: true),
    ]

    private static let byRole: [String: Entry] = {
        var table: [String: Entry] = [:]
        for entry in entries { table[entry.role.lowercased()] = entry }
        return table
    }()

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
