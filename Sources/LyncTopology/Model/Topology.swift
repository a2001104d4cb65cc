/// Which of the two document kinds a topology was read from.
public enum DocumentKind: String, Sendable, Hashable, Codable {
    /// A published topology (`Get-CsTopology -AsXml`, root `Topology`).
    case topology
    /// A Topology Builder file (root `TopologyBuilder`, `.tbxml`).
    case tbxml
}

/// An internal SIP domain of the deployment.
public struct InternalDomain: Sendable, Hashable {
    public var name: String
    public var isDefault: Bool
    public var authoritative: Bool?
    public var allowSubDomains: Bool?
    public var location: SourceLocation
}

/// A central site (`CentralSite`).
public struct Site: Sendable, Hashable {
    /// `SiteId` (published) or, in a Topology Builder file, `SiteId`/`OriginalSiteId`.
    public var id: String
    public var name: String
    public var siteDescription: String?
    public var city: String?
    public var state: String?
    public var countryCode: String?
    public var location: SourceLocation
}

/// What a cluster is, judged from the roles installed on it.
public enum PoolKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A Front End pool whose back end is a separate SQL Server.
    case enterprise
    /// A Standard Edition server: a Front End with its own collocated SQL Express back end.
    case standard
    /// An Edge server or Edge pool.
    case edge
    /// A SQL Server (a cluster with SQL instances and no Lync server role).
    case sql
    /// A file server.
    case file
    /// Anything else: Director, Mediation, Office Web Apps, PSTN gateway, …
    case other
}

/// A computer of a cluster.
public struct Machine: Sendable, Hashable {
    public var fqdn: String
    /// True when the document gave no FQDN and the machine takes its single-machine cluster's.
    public var fqdnFromCluster: Bool
    public var ordinal: Int?
    public var faultDomain: String?
    public var upgradeDomain: String?
    public var location: SourceLocation
}

/// A cluster: a pool, a server, a SQL Server, a file server… keyed by `ClusterId(SiteId, Number)` in a
/// published topology and by `UniqueId` in a Topology Builder file.
public struct Cluster: Sendable, Hashable {
    /// The key references use: `"SiteId-Number"` (published) or the `UniqueId` (.tbxml).
    public var id: String
    /// The published identity `"SiteId-Number"` when known (always for published documents; from the
    /// `Original*` attributes or derived UniqueId in a .tbxml), nil for a cluster not yet published.
    public var publishedID: String?
    public var siteID: String
    public var number: String?
    public var fqdn: String
    public var isSingleMachineOnly: Bool?
    public var requiresReplication: Bool?
    public var requiresSetup: Bool?
    public var machines: [Machine]
    public var kind: PoolKind
    public var location: SourceLocation
}

/// A SQL Server instance: `SqlInstanceId(Name, ClusterId)`; its server is the cluster's FQDN.
public struct SQLInstance: Sendable, Hashable {
    /// The key references use (published: `"SiteId-Number\Name"`; .tbxml: the `UniqueId`).
    public var id: String
    public var publishedID: String?
    public var clusterID: String
    /// The server FQDN (the cluster's), or "" when the cluster does not resolve.
    public var sqlServer: String
    /// The instance name as written; "" is the default instance.
    public var name: String
    /// The mirroring endpoint port as written (reference encoding, see `MirrorEncoding`); the port the
    /// instance uses is `Topology.mirroringPort(of:)`.
    public var mirroringPort: Int?
    /// The written mirroring port's text when it is not a number.
    public var mirroringPortText: String?
    /// `@AlwaysOnPrimaryNodeFqdn`: the instance is an AlwaysOn availability group listener.
    public var alwaysOnPrimary: String?
    public var location: SourceLocation

    /// True for the default instance ("" or `MSSQLSERVER`).
    public var isDefaultInstance: Bool { name.isEmpty || name.uppercased() == "MSSQLSERVER" }

    /// The instance name as the cmdlets and the output use it: "" for the default instance.
    public var instanceName: String { isDefaultInstance ? "" : name }

    /// `server\instance`, or the server alone for the default instance.
    public var displayName: String { isDefaultInstance ? sqlServer : sqlServer + "\\" + name }
}

/// The published key of a service: `ServiceId(SiteId, RoleName, Instance)`, printed `SiteId-RoleName-Instance`.
public struct ServiceKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var siteID: String
    public var roleName: String
    public var instance: String

    public init(siteID: String, roleName: String, instance: String) {
        self.siteID = siteID
        self.roleName = roleName
        self.instance = instance
    }

    public var description: String { Joining.join(siteID, UInt8(ascii: "-"), roleName, instance) }
}

/// What a dependency's `@Usage` means (decoded by `MirrorEncoding`).
public enum DependencyUsage: Sendable, Hashable {
    case `default`
    case mirror
    case witness
    case unrecognized(String)
}

/// A `Dependency` of a service on another.
public struct Dependency: Sendable, Hashable {
    /// The id of the service depended upon.
    public var serviceID: String
    /// `@Usage` exactly as written.
    public var usageText: String
    public var location: SourceLocation

    public var usage: DependencyUsage { MirrorEncoding.usage(usageText) }
}

/// Where a service is installed.
public enum Placement: Sendable, Hashable {
    /// On a cluster (by cluster id).
    case cluster(String)
    /// On a SQL instance (by SQL instance id): the service is a store.
    case sqlInstance(String)
    /// A reference that names nothing in the document (kept as written, for the validator).
    case unresolved(String)
    /// Missing from the document.
    case none
}

/// A service (`Service`): a role instance installed on a cluster or, for stores, on a SQL instance.
public struct Service: Sendable, Hashable, CustomReflectable {
    /// The fields, shared between copies until one of them changes (copy on write). The rules, the resolver and
    /// the planners copy services as they walk them: one reference counted per copy instead of one per field
    /// (`validate` on a generated 2 MB document: 264 M instructions before, 250 M). A value as before: changing a
    /// copy never changes the original.
    private var storage: Storage

    private final class Storage: @unchecked Sendable {   // never changed once shared: see `unique()`
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields: Hashable {
        var id: String
        var key: ServiceKey?
        var roleName: String
        var siteID: String
        var serviceVersion: Int?
        var roleVersion: String?
        var typeName: String?
        var placement: Placement
        var dependencies: [Dependency]
        var isActiveCentralManagement: Bool?
        var isDirector: Bool?
        var shareName: String?
        var backupServiceID: String?
        var location: SourceLocation
        var ports: [ServicePort]
        var backupSettings: BackupSettings?
        var backupModules: [BackupModule]
    }

    public init(id: String, key: ServiceKey?, roleName: String, siteID: String, serviceVersion: Int?, roleVersion: String?,
                typeName: String?, placement: Placement, dependencies: [Dependency], isActiveCentralManagement: Bool?,
                isDirector: Bool?, shareName: String?, backupServiceID: String?, location: SourceLocation,
                ports: [ServicePort] = [], backupSettings: BackupSettings? = nil, backupModules: [BackupModule] = []) {
        storage = Storage(Fields(id: id, key: key, roleName: roleName, siteID: siteID, serviceVersion: serviceVersion,
                                 roleVersion: roleVersion, typeName: typeName, placement: placement, dependencies: dependencies,
                                 isActiveCentralManagement: isActiveCentralManagement, isDirector: isDirector,
                                 shareName: shareName, backupServiceID: backupServiceID, location: location, ports: ports,
                                 backupSettings: backupSettings, backupModules: backupModules))
    }

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
    }

    public static func == (lhs: Service, rhs: Service) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

    /// The key dependencies use: `"SiteId-RoleName-Instance"` (published) or the `UniqueId` (.tbxml).
    public var id: String {
        get { storage.fields.id }
        _modify { unique(); yield &storage.fields.id }
        set { unique(); storage.fields.id = newValue }
    }
    /// The published key, when known.
    public var key: ServiceKey? {
        get { storage.fields.key }
        _modify { unique(); yield &storage.fields.key }
        set { unique(); storage.fields.key = newValue }
    }
    public var roleName: String {
        get { storage.fields.roleName }
        _modify { unique(); yield &storage.fields.roleName }
        set { unique(); storage.fields.roleName = newValue }
    }
    public var siteID: String {
        get { storage.fields.siteID }
        _modify { unique(); yield &storage.fields.siteID }
        set { unique(); storage.fields.siteID = newValue }
    }
    public var serviceVersion: Int? {
        get { storage.fields.serviceVersion }
        _modify { unique(); yield &storage.fields.serviceVersion }
        set { unique(); storage.fields.serviceVersion = newValue }
    }
    public var roleVersion: String? {
        get { storage.fields.roleVersion }
        _modify { unique(); yield &storage.fields.roleVersion }
        set { unique(); storage.fields.roleVersion = newValue }
    }
    public var typeName: String? {
        get { storage.fields.typeName }
        _modify { unique(); yield &storage.fields.typeName }
        set { unique(); storage.fields.typeName = newValue }
    }
    public var placement: Placement {
        get { storage.fields.placement }
        _modify { unique(); yield &storage.fields.placement }
        set { unique(); storage.fields.placement = newValue }
    }
    public var dependencies: [Dependency] {
        get { storage.fields.dependencies }
        _modify { unique(); yield &storage.fields.dependencies }
        set { unique(); storage.fields.dependencies = newValue }
    }
    /// `CentralMgmtService/@IsActive`.
    public var isActiveCentralManagement: Bool? {
        get { storage.fields.isActiveCentralManagement }
        _modify { unique(); yield &storage.fields.isActiveCentralManagement }
        set { unique(); storage.fields.isActiveCentralManagement = newValue }
    }
    /// `RegistrarService/@IsDirector`.
    public var isDirector: Bool? {
        get { storage.fields.isDirector }
        _modify { unique(); yield &storage.fields.isDirector }
        set { unique(); storage.fields.isDirector = newValue }
    }
    /// `FileStoreService/@ShareName`.
    public var shareName: String? {
        get { storage.fields.shareName }
        _modify { unique(); yield &storage.fields.shareName }
        set { unique(); storage.fields.shareName = newValue }
    }
    /// `Backup/ServiceId`: the paired service (pool pairing), by id.
    public var backupServiceID: String? {
        get { storage.fields.backupServiceID }
        _modify { unique(); yield &storage.fields.backupServiceID }
        set { unique(); storage.fields.backupServiceID = newValue }
    }
    public var location: SourceLocation {
        get { storage.fields.location }
        _modify { unique(); yield &storage.fields.location }
        set { unique(); storage.fields.location = newValue }
    }
    /// `sr:Ports/sr:Port`, in document order.
    public var ports: [ServicePort] {
        get { storage.fields.ports }
        _modify { unique(); yield &storage.fields.ports }
        set { unique(); storage.fields.ports = newValue }
    }
    /// Pool pairing (Model/PoolPairing.swift): the `<Backup>` settings.
    public var backupSettings: BackupSettings? {
        get { storage.fields.backupSettings }
        _modify { unique(); yield &storage.fields.backupSettings }
        set { unique(); storage.fields.backupSettings = newValue }
    }
    /// Pool pairing: the BackupService's modules.
    public var backupModules: [BackupModule] {
        get { storage.fields.backupModules }
        _modify { unique(); yield &storage.fields.backupModules }
        set { unique(); storage.fields.backupModules = newValue }
    }

    /// The fields, for `print`, `dump`, test failures and debuggers, as a plain structure shows them.
    public var customMirror: Mirror {
        let fields = storage.fields
        return Mirror(self, children: [
            "id": fields.id, "key": fields.key as Any, "roleName": fields.roleName, "siteID": fields.siteID,
            "serviceVersion": fields.serviceVersion as Any, "roleVersion": fields.roleVersion as Any,
            "typeName": fields.typeName as Any, "placement": fields.placement, "dependencies": fields.dependencies,
            "isActiveCentralManagement": fields.isActiveCentralManagement as Any, "isDirector": fields.isDirector as Any,
            "shareName": fields.shareName as Any, "backupServiceID": fields.backupServiceID as Any,
            "location": fields.location, "ports": fields.ports, "backupSettings": fields.backupSettings as Any,
            "backupModules": fields.backupModules,
        ], displayStyle: .struct)
    }

    /// A store is a service installed on a SQL instance.
    public var isStore: Bool {
        if case .sqlInstance = placement { return true }
        return false
    }

    public var product: ProductVersion? { serviceVersion.flatMap(ProductVersion.init(rawValue:)) }

    /// How the tools print a service: `SiteId-RoleName-Instance` when the key is known.
    public var displayName: String { key?.description ?? "\(siteID)-\(roleName)-\(id)" }
}

/// A SQL instance that serves a store as its mirror or witness.
public struct StoreEndpoint: Sendable, Hashable {
    public var serviceID: String
    public var roleName: String
    public var sqlInstanceID: String
    public var sqlServer: String
    public var instance: String
    /// The instance's one mirroring endpoint port (`Topology.mirroringPort(of:)`).
    public var mirroringPort: Int
    /// Where the mirror or witness was declared (the consumer's `Dependency`).
    public var location: SourceLocation
}

/// A store resolved to its SQL Server and instance, with the databases it holds.
public struct Store: Sendable, Hashable {
    public var serviceID: String
    public var role: String
    public var catalogEntry: StoreCatalog.Entry?
    public var sqlInstanceID: String
    public var sqlServer: String
    /// "" for the default instance.
    public var instance: String
    public var product: ProductVersion?
    public var databases: [String]
    /// On a dedicated SQL Server (no Lync server role on that cluster): created by the publish wizard.
    public var isStandAlone: Bool
    /// The FQDNs of the pools whose services use the store.
    public var consumers: [String]
    /// The ids of the services that use the store.
    public var consumerServiceIDs: [String]
    public var mirror: StoreEndpoint?
    public var witness: StoreEndpoint?
    /// True when its instance is an AlwaysOn listener.
    public var isAlwaysOn: Bool
    public var location: SourceLocation

    /// The cmdlets' `-DatabaseType`, e.g. `User`.
    public var databaseType: String { catalogEntry?.databaseType ?? role }

    /// How the tools print a store: `UserDatabase:sql01.contoso.com` style, `Role:server[\instance]`.
    public var displayName: String { instance.isEmpty ? "\(role):\(sqlServer)" : "\(role):\(sqlServer)\\\(instance)" }
}

/// The active Central Management Server: the pool whose CentralMgmt service is active, and its store.
public struct CentralManagement: Sendable, Hashable {
    public var serviceID: String
    public var pool: String
    public var storeServiceID: String?
    public var sqlServer: String?
    public var instance: String?
    public var location: SourceLocation
}

/// A topology: the typed model of one published `Topology` or one `PartialTopology` of a .tbxml. Every part is
/// derived from the document (decoded, then resolved), so none is set from outside: change the document
/// through the edits, which read it back.
public struct Topology: Sendable, Hashable {
    public internal(set) var kind: DocumentKind
    /// The product of the newest service in the topology (nil when no service says).
    public internal(set) var product: ProductVersion?
    public internal(set) var signature: String?
    public internal(set) var defaultDomain: String?
    public internal(set) var domains: [InternalDomain]
    public internal(set) var sites: [Site]
    public internal(set) var clusters: [Cluster]
    public internal(set) var sqlInstances: [SQLInstance]
    public internal(set) var services: [Service]
    /// Primary stores; mirrors and witnesses appear inside the store they serve. Derived by the resolver.
    public internal(set) var stores: [Store]
    public internal(set) var centralManagement: CentralManagement?
    // Pool pairing (Model/PoolPairing.swift, set by PoolPairingResolver): each declared direction, and the standby CMS.
    public internal(set) var poolPairings: [PoolPairing] = []
    public internal(set) var backupCentralManagement: BackupCentralManagement? = nil
    /// What reading found worth saying (unknown dependency usages, unreferenced stores, missing attributes).
    public internal(set) var findings: [Finding]
    /// Where the topology starts in the document.
    public internal(set) var location: SourceLocation

    /// Look-ups by id, built once.
    public internal(set) var index: TopologyIndex
    /// Every mirroring relation the document declares, and each instance's mirroring port, decoded once by
    /// `MirrorEncoding`.
    public internal(set) var mirroring: MirrorRelations

    public func cluster(_ id: String) -> Cluster? { index.clusterByID[id].map { clusters[$0] } }
    public func sqlInstance(_ id: String) -> SQLInstance? { index.sqlInstanceByID[id].map { sqlInstances[$0] } }
    public func service(_ id: String) -> Service? { index.serviceByID[id].map { services[$0] } }

    /// The cluster with this FQDN (case-insensitive).
    public func cluster(fqdn: String) -> Cluster? {
        index.clusterByFQDN[fqdn.lowercased()].map { clusters[$0] }
    }

    /// The cluster a service runs on (for a store: the cluster of its SQL instance).
    public func hostCluster(of service: Service) -> Cluster? {
        switch service.placement {
        case .cluster(let id): return cluster(id)
        case .sqlInstance(let id): return sqlInstance(id).flatMap { cluster($0.clusterID) }
        case .unresolved, .none: return nil
        }
    }

    /// Services installed on a cluster (not counting stores on its SQL instances).
    public func services(on clusterID: String) -> [Service] {
        (index.servicesByCluster[clusterID] ?? []).map { services[$0] }
    }

    /// SQL instances of a cluster.
    public func sqlInstances(on clusterID: String) -> [SQLInstance] {
        (index.sqlInstancesByCluster[clusterID] ?? []).map { sqlInstances[$0] }
    }

    /// The site name for a site id.
    public func site(_ id: String) -> Site? { sites.first { $0.id == id } }
}

/// Id → position tables of a topology.
public struct TopologyIndex: Sendable, Hashable {
    public var clusterByID: [String: Int] = [:]
    public var clusterByFQDN: [String: Int] = [:]
    public var sqlInstanceByID: [String: Int] = [:]
    public var serviceByID: [String: Int] = [:]
    public var servicesByCluster: [String: [Int]] = [:]
    public var sqlInstancesByCluster: [String: [Int]] = [:]
    public var storesOnInstance: [String: [Int]] = [:]

    public init() {}
}
