/// A Registrar's `<Backup>` element as written: the paired Registrar and the failover settings (Lync Server 2013
/// "Supported pool pairing options"; corpus document 04). Decoded by `PoolPairingDecoding`.
public struct BackupSettings: Sendable, Hashable {
    /// `@EnableAutomaticFailover`, nil when absent or not a boolean.
    public var enableAutomaticFailover: Bool?
    /// `@FailbackDetectionInterval` as written (an `xs:duration`, e.g. `P0Y0M0DT0H10M0S`).
    public var failbackDetectionInterval: String?
    /// `@FailureDetectionInterval` as written.
    public var failureDetectionInterval: String?
    public var location: SourceLocation

    public init(enableAutomaticFailover: Bool?, failbackDetectionInterval: String?, failureDetectionInterval: String?,
                location: SourceLocation) {
        self.enableAutomaticFailover = enableAutomaticFailover
        self.failbackDetectionInterval = failbackDetectionInterval
        self.failureDetectionInterval = failureDetectionInterval
        self.location = location
    }
}

/// One `sr:BackupService/sr:Modules/sr:Module`: a kind of data the Backup Service replicates to the paired pool.
/// The cmdlets name it `RoleName.ComponentName` (`Invoke-CsBackupServiceSync -BackupModule`).
public struct BackupModule: Sendable, Hashable {
    public var roleName: String
    public var componentName: String

    public init(roleName: String, componentName: String) {
        self.roleName = roleName
        self.componentName = componentName
    }

    /// `UserServices.PresenceFocus`, `ConfServices.DataConf`, `CentralMgmt.CMSMaster`, `ApplicationServer.RGSDataStore`…
    public var name: String { "\(roleName).\(componentName)" }

    /// User data (contacts, groups, conferences' presence focus): replicated to the paired pool.
    public static let userData = BackupModule(roleName: "UserServices", componentName: "PresenceFocus")
    /// Conference content.
    public static let conferenceData = BackupModule(roleName: "ConfServices", componentName: "DataConf")
    /// The Central Management store (xds, lis), replicated to the standby store.
    public static let centralManagement = BackupModule(roleName: "CentralMgmt", componentName: "CMSMaster")
    /// Response Group configuration (Skype for Business Server 2015 and later).
    public static let responseGroups = BackupModule(roleName: "ApplicationServer", componentName: "RGSDataStore")

    /// Case-insensitive comparison, as the product compares role and component names.
    public func matches(_ other: BackupModule) -> Bool {
        roleName.lowercased() == other.roleName.lowercased() && componentName.lowercased() == other.componentName.lowercased()
    }
}

/// One direction of a pool pairing: a Registrar's `<Backup>` naming another Registrar. A pair written in both
/// directions gives two values, each `isReciprocal`.
public struct PoolPairing: Sendable, Hashable {
    /// The Registrar service whose `<Backup>` declares the pairing.
    public var registrarServiceID: String
    /// The FQDN of the pool (or Standard Edition server) that Registrar runs on.
    public var pool: String
    public var poolKind: PoolKind?
    /// The service the `<Backup>` names, as written.
    public var backupServiceID: String
    /// The FQDN of the pool the named service runs on; nil when the id names no service or a service on no cluster.
    public var backupPool: String?
    public var backupPoolKind: PoolKind?
    /// The named service exists and is a Registrar.
    public var backupIsRegistrar: Bool
    /// The named Registrar names this one back.
    public var isReciprocal: Bool
    public var enableAutomaticFailover: Bool?
    public var failbackDetectionInterval: String?
    public var failureDetectionInterval: String?
    /// What the pool's Backup Service replicates (empty when the pool has no BackupService or it lists none).
    public var backupModules: [BackupModule]
    /// The `<Backup>` element (or, when absent, the Registrar).
    public var location: SourceLocation

    /// True when the pool's Backup Service replicates this kind of data.
    public func replicates(_ module: BackupModule) -> Bool { backupModules.contains { $0.matches(module) } }
}

/// The standby Central Management store: a `CentralMgmt` service with `IsActive="false"` in the backup pool's
/// site, with its own CentralMgmtStore (and its mirror when the store is mirrored). `Invoke-CsManagementServerFailover`
/// moves the Central Management Server there.
public struct BackupCentralManagement: Sendable, Hashable {
    public var serviceID: String
    /// The FQDN of the pool that runs the standby CentralMgmt service.
    public var pool: String
    public var storeServiceID: String?
    public var sqlServer: String?
    /// "" for the default instance; nil when the store does not resolve.
    public var instance: String?
    public var mirrorSQLServer: String?
    public var mirrorInstance: String?
    public var location: SourceLocation
}

extension Topology {
    /// The pairing the pool with this FQDN declares (case-insensitive), nil when it declares none.
    public func pairing(ofPool fqdn: String) -> PoolPairing? {
        poolPairings.first { $0.pool.lowercased() == fqdn.lowercased() }
    }

    /// The FQDN of the pool paired with this one, by its own declaration (or, when it declares none, by the
    /// other pool's); nil when it is not paired.
    public func backupPool(of fqdn: String) -> String? {
        if let own = pairing(ofPool: fqdn) { return own.backupPool }
        return poolPairings.first { $0.backupPool?.lowercased() == fqdn.lowercased() }?.pool
    }
}
