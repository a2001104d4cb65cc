import LyncTopology

/// One part of a topology built for a test: a site, a SQL Server, a pool, a mirror… Each applies the library's
/// edits to the document being built, so the result is exactly what those edits write.
public protocol TopologyComponent: Sendable {
    func apply(to context: inout TopologyBuildContext) throws
}

/// The document being built, and the site new parts go into (the last `CentralSite`, or a site "Site 1"
/// made when a part needs one and none exists).
public struct TopologyBuildContext: Sendable {
    public var document: TopologyDocument
    public var product: ProductVersion
    public var currentSite: String?

    /// The site to put a new part in.
    public mutating func site() throws -> String {
        if let currentSite { return currentSite }
        let site = try document.addSite("Site 1")
        currentSite = site
        return site
    }

    /// Makes sure the SQL instance exists: adds the instance to its server, or the server too, in the
    /// current site.
    public mutating func ensureInstance(_ instance: SQLInstanceRef) throws {
        if document.topology.cluster(fqdn: instance.sqlServer) == nil {
            try document.addSQLServer(instance.sqlServer, site: try site(), instance: instance.instance)
        } else if !document.topology.sqlInstances.contains(where: {
            $0.sqlServer.lowercased() == instance.sqlServer.lowercased() && $0.instanceName.lowercased() == instance.instance.lowercased()
        }) {
            try document.addSQLInstance(instance.instance, on: instance.sqlServer)
        }
    }

    /// The file server a new pool uses: the one named, made when missing; else the first of the current site;
    /// else a new `fs<N>.<domain of the pool>`.
    public mutating func fileStore(_ named: String?, forPool pool: String) throws -> String {
        let site = try site()
        if let named {
            if document.topology.cluster(fqdn: named) == nil { try document.addFileServer(named, site: site, share: "share", product: product) }
            return named
        }
        let topology = document.topology
        for cluster in topology.clusters where cluster.siteID == site && cluster.kind == .file {
            return cluster.fqdn
        }
        let domain = pool.split(separator: ".").dropFirst().joined(separator: ".")
        var number = 1
        while topology.cluster(fqdn: "fs\(number).\(domain)") != nil { number += 1 }
        let fqdn = "fs\(number).\(domain)"
        try document.addFileServer(fqdn, site: site, share: "share", product: product)
        return fqdn
    }
}

/// Collects the parts of a topology.
@resultBuilder
public enum TopologyComponentBuilder {
    public static func buildExpression(_ component: any TopologyComponent) -> [any TopologyComponent] { [component] }
    public static func buildExpression(_ components: [any TopologyComponent]) -> [any TopologyComponent] { components }
    public static func buildBlock(_ parts: [any TopologyComponent]...) -> [any TopologyComponent] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any TopologyComponent]?) -> [any TopologyComponent] { part ?? [] }
    public static func buildEither(first part: [any TopologyComponent]) -> [any TopologyComponent] { part }
    public static func buildEither(second part: [any TopologyComponent]) -> [any TopologyComponent] { part }
    public static func buildArray(_ parts: [[any TopologyComponent]]) -> [any TopologyComponent] { parts.flatMap { $0 } }
}

/// Builds a topology document from parts, for tests:
///
/// ```swift
/// let document = try buildTopology {
///     CentralSite("Dublin")
///     EnterprisePool("pool01.contoso.com", frontEnds: 3, backEnd: "sql01.contoso.com\\rtc")
///     BackEndMirror(pool: "pool01.contoso.com", to: "sql02.contoso.com\\rtc", witness: "sql03.contoso.com\\witness")
/// }
/// ```
///
/// SQL Servers, instances and file servers that the parts name are made when missing. A published topology
/// gets its Central Management Server on the first Front End pool or Standard Edition server unless a
/// `CentralManagementServer` part chooses one (a Topology Builder design may have none, like a real one
/// never published). `ids` makes the UniqueIds of a .tbxml the same on every run.
public func buildTopology(_ kind: DocumentKind = .topology, domain: String = "contoso.com",
                          product: ProductVersion = .skypeForBusiness2015, encoding: XMLDocumentFormat.Encoding = .utf8,
                          ids: UniqueIDGenerator = .sequential(), path: String = "<built>",
                          @TopologyComponentBuilder _ components: () -> [any TopologyComponent]) throws -> TopologyDocument {
    var document = try TopologyDocument.empty(kind: kind, defaultDomain: domain, path: path, encoding: encoding)
    document.uniqueIDs = ids
    var context = TopologyBuildContext(document: document, product: product, currentSite: nil)
    let parts = components()
    for part in parts { try part.apply(to: &context) }
    if kind == .topology, context.document.topology.centralManagement == nil, !parts.contains(where: { $0 is CentralManagementServer }),
       let pool = context.document.topology.clusters.first(where: { ($0.kind == .enterprise || $0.kind == .standard)
           && context.document.topology.builderBackEnd(of: $0) != nil }) {
        try context.document.setCentralManagement(pool: pool.fqdn)
    }
    return context.document
}

extension Topology {
    /// The pool's back-end instance (the instance of the UserStore its UserServices uses).
    func builderBackEnd(of pool: Cluster) -> SQLInstance? {
        for service in services(on: pool.id) where service.roleName.lowercased() == "userservices" {
            for dependency in service.dependencies where dependency.usage == .default {
                if let target = self.service(dependency.serviceID), target.roleName.lowercased() == "userstore",
                   case .sqlInstance(let id) = target.placement {
                    return sqlInstance(id)
                }
            }
        }
        return nil
    }
}

// MARK: parts

/// A central site; the parts after it go into it.
public struct CentralSite: TopologyComponent {
    public var name: String
    public var city: String?
    public var state: String?
    public var countryCode: String?

    public init(_ name: String, city: String? = nil, state: String? = nil, countryCode: String? = nil) {
        self.name = name
        self.city = city
        self.state = state
        self.countryCode = countryCode
    }

    public func apply(to context: inout TopologyBuildContext) throws {
        context.currentSite = try context.document.addSite(name, city: city, state: state, countryCode: countryCode)
    }
}

/// A dedicated SQL Server with its instances ("" is the default instance).
public struct SQLServer: TopologyComponent {
    public var fqdn: String
    public var instances: [String]
    public var mirroringPort: Int?

    public init(_ fqdn: String, instances: [String] = [""], mirroringPort: Int? = nil) {
        self.fqdn = fqdn
        self.instances = instances.isEmpty ? [""] : instances
        self.mirroringPort = mirroringPort
    }

    public init(_ fqdn: String, instance: String, mirroringPort: Int? = nil) {
        self.init(fqdn, instances: [instance], mirroringPort: mirroringPort)
    }

    public func apply(to context: inout TopologyBuildContext) throws {
        try context.document.addSQLServer(fqdn, site: try context.site(), instance: instances[0], mirroringPort: mirroringPort)
        for instance in instances.dropFirst() { try context.document.addSQLInstance(instance, on: fqdn) }
    }
}

/// A file server with a file store.
public struct FileServer: TopologyComponent {
    public var fqdn: String
    public var share: String

    public init(_ fqdn: String, share: String = "share") {
        self.fqdn = fqdn
        self.share = share
    }

    public func apply(to context: inout TopologyBuildContext) throws {
        try context.document.addFileServer(fqdn, site: try context.site(), share: share, product: context.product)
    }
}

/// An Enterprise Edition Front End pool with its back end on a SQL instance (`server\instance`).
public struct EnterprisePool: TopologyComponent {
    public var fqdn: String
    public var frontEnds: [String]
    public var backEnd: SQLInstanceRef
    public var fileStore: String?

    /// Front Ends named as given.
    public init(_ fqdn: String, frontEnds: [String], backEnd: String, fileStore: String? = nil) {
        self.fqdn = fqdn
        self.frontEnds = frontEnds
        self.backEnd = SQLInstanceRef(displayName: backEnd)
        self.fileStore = fileStore
    }

    /// `count` Front Ends named `<pool label>-fe<N>.<pool domain>`.
    public init(_ fqdn: String, frontEnds count: Int = 2, backEnd: String, fileStore: String? = nil) {
        let labels = fqdn.split(separator: ".", maxSplits: 1)
        let label = labels.first.map(String.init) ?? fqdn
        let domain = labels.count > 1 ? "." + labels[1] : ""
        self.init(fqdn, frontEnds: (0..<max(count, 0)).map { "\(label)-fe\($0 + 1)\(domain)" }, backEnd: backEnd, fileStore: fileStore)
    }

    public func apply(to context: inout TopologyBuildContext) throws {
        let site = try context.site()
        try context.ensureInstance(backEnd)
        let file = try context.fileStore(fileStore, forPool: fqdn)
        try context.document.addEnterprisePool(fqdn, site: site, frontEnds: frontEnds, backEnd: backEnd, fileStore: file,
                                               product: context.product)
    }
}

/// A Standard Edition server (its back end on its own SQL Express instance `rtc`).
public struct StandardEditionServer: TopologyComponent {
    public var fqdn: String
    public var fileStore: String?

    public init(_ fqdn: String, fileStore: String? = nil) {
        self.fqdn = fqdn
        self.fileStore = fileStore
    }

    public func apply(to context: inout TopologyBuildContext) throws {
        let site = try context.site()
        let file = try context.fileStore(fileStore, forPool: fqdn)
        try context.document.addStandardEditionServer(fqdn, site: site, fileStore: file, product: context.product)
    }
}

/// A machine added to a pool made earlier.
public struct FrontEnd: TopologyComponent {
    public var fqdn: String
    public var pool: String

    public init(_ fqdn: String, pool: String) {
        self.fqdn = fqdn
        self.pool = pool
    }

    public func apply(to context: inout TopologyBuildContext) throws {
        try context.document.addMachine(fqdn, toPool: pool)
    }
}

/// "Enable SQL Store mirroring" on a pool: its back-end stores mirrored to `to`, with an optional witness.
public struct BackEndMirror: TopologyComponent {
    public var pool: String
    public var mirror: SQLInstanceRef
    public var witness: SQLInstanceRef?
    public var mirroringPort: Int?
    public var witnessPort: Int?

    public init(pool: String, to mirror: String, witness: String? = nil, mirroringPort: Int? = nil, witnessPort: Int? = nil) {
        self.pool = pool
        self.mirror = SQLInstanceRef(displayName: mirror)
        self.witness = witness.map { SQLInstanceRef(displayName: $0) }
        self.mirroringPort = mirroringPort
        self.witnessPort = witnessPort
    }

    public func apply(to context: inout TopologyBuildContext) throws {
        try context.ensureInstance(mirror)
        if let witness { try context.ensureInstance(witness) }
        try context.document.enableBackEndMirroring(pool: pool, mirror: mirror, witness: witness,
                                                    mirroringPort: mirroringPort, witnessPort: witnessPort)
    }
}

/// A store of a role (Archiving, Monitoring, …) for a pool on a SQL instance, optionally mirrored.
public struct PoolStore: TopologyComponent {
    public var role: String
    public var pool: String
    public var instance: SQLInstanceRef
    public var mirror: SQLInstanceRef?
    public var witness: SQLInstanceRef?

    public init(_ role: String, pool: String, on instance: String, mirror: String? = nil, witness: String? = nil) {
        self.role = role
        self.pool = pool
        self.instance = SQLInstanceRef(displayName: instance)
        self.mirror = mirror.map { SQLInstanceRef(displayName: $0) }
        self.witness = witness.map { SQLInstanceRef(displayName: $0) }
    }

    public func apply(to context: inout TopologyBuildContext) throws {
        try context.ensureInstance(instance)
        try context.document.addStore(role, on: instance, forPool: pool)
        if let mirror {
            try context.ensureInstance(mirror)
            if let witness { try context.ensureInstance(witness) }
            try context.document.enableMirroring(role, on: instance, mirror: mirror, witness: witness)
        }
    }
}

/// An Archiving store for a pool.
public func ArchivingStore(pool: String, on instance: String, mirror: String? = nil, witness: String? = nil) -> PoolStore {
    PoolStore("ArchivingStore", pool: pool, on: instance, mirror: mirror, witness: witness)
}

/// A Monitoring store for a pool.
public func MonitoringStore(pool: String, on instance: String, mirror: String? = nil, witness: String? = nil) -> PoolStore {
    PoolStore("MonitoringStore", pool: pool, on: instance, mirror: mirror, witness: witness)
}

/// The pool that holds the Central Management Server.
public struct CentralManagementServer: TopologyComponent {
    public var pool: String

    public init(pool: String) { self.pool = pool }

    public func apply(to context: inout TopologyBuildContext) throws {
        try context.document.setCentralManagement(pool: pool)
    }
}
