/// Why an edit was refused. An edit that throws has changed nothing: each case names the invariant the edit
/// would have broken and the values involved.
public enum TopologyEditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An FQDN that fails `NameSyntax.fqdnProblem` (domain.md §7).
    case invalidFQDN(String, problem: String)
    /// A SQL Server instance name that fails `NameSyntax.sqlInstanceNameProblem`.
    case invalidInstanceName(String, problem: String)
    /// The FQDN is already used by a pool, a server or a machine of the topology (FQDNs are unique,
    /// case-insensitively).
    case fqdnInUse(String, by: String)
    /// The SQL Server already has an instance of that name (names compare case-insensitively; "" and
    /// `MSSQLSERVER` are both the default instance).
    case instanceExists(SQLInstanceRef)
    /// A site with that name (or id) exists already.
    case siteExists(String)
    /// A site name is empty.
    case emptySiteName
    case unknownSite(String)
    /// No pool (cluster) has that FQDN.
    case unknownPool(String)
    /// The pool has no machine with that FQDN.
    case unknownMachine(String, pool: String)
    /// No SQL Server (a cluster with SQL instances or none yet, running no Lync role) has that FQDN.
    case unknownSQLServer(String)
    case unknownSQLInstance(SQLInstanceRef)
    /// No store of that role is installed on that instance.
    case unknownStore(role: String, instance: SQLInstanceRef)
    /// The store role is not one `StoreCatalog` knows.
    case unknownStoreRole(String)
    /// The pool runs no file store on that server.
    case unknownFileStore(String)
    /// The pool is a single-machine server (Standard Edition server, single Edge, SQL or file server).
    case singleMachinePool(String)
    /// A pool keeps at least one machine.
    case lastMachine(String, pool: String)
    /// A new pool needs at least one machine.
    case noMachines(pool: String)
    /// A file share name that is empty or holds a path separator.
    case invalidShareName(String)
    /// The instance holds a store of that role already: at most one store of a kind per SQL instance.
    case storeExists(role: String, instance: SQLInstanceRef)
    /// The pool already uses a store of that role (move that store instead).
    case poolHasStore(role: String, pool: String)
    /// The SQL Server is already the back end of another Front End pool: one pool's back end per SQL Server.
    case backEndInUse(sqlServer: String, pool: String)
    /// The pool runs no service that uses stores of that role (a Registrar for Archiving, …).
    case noConsumer(role: String, pool: String)
    /// A store stays in its site: its published key names the site.
    case otherSite(store: String, site: String)
    /// The pool is not a Front End pool or Standard Edition server.
    case notAFrontEndPool(String)
    /// The pool has no back-end store on a SQL instance (no UserStore).
    case noBackEnd(String)
    /// The store role cannot be mirrored.
    case notMirrorable(role: String)
    /// The store has a mirror already.
    case alreadyMirrored(store: String, mirror: SQLInstanceRef)
    /// The store has no mirror.
    case notMirrored(store: String)
    /// No service uses the store: a mirror is declared by the store's consumers, so there is none to declare it.
    case unusedStore(String)
    /// The mirror is on the primary's SQL Server; it must be on another.
    case mirrorOnPrimaryServer(String)
    /// The witness is on the primary's or the mirror's SQL Server; it must be on a third.
    case witnessNotOnThirdServer(String)
    /// Skype for Business Server 2019 no longer supports database mirroring.
    case mirroringNotSupported(ProductVersion)
    /// The store's instance (or the mirror's) is an AlwaysOn listener: an AlwaysOn store is not mirrored.
    case alwaysOnStore(SQLInstanceRef)
    /// A collocated SQL Express instance (on a server that runs Lync roles) cannot be a mirroring partner.
    case sqlExpressPartner(SQLInstanceRef)
    /// Another instance of the same SQL Server uses that mirroring port.
    case mirroringPortInUse(port: Int, instance: SQLInstanceRef, by: SQLInstanceRef)
    /// A TCP port outside 1–65535.
    case invalidPort(Int)
    /// A consumer of the store already has a witness on another instance.
    case conflictingWitness(consumer: String, witness: SQLInstanceRef)
    /// The document lacks a part the edit needs (for example a Topology Builder file without a site).
    case unsupportedDocument(String)
    /// The edited document could not be read back: a defect of the edit, reported rather than written.
    case inconsistentResult(String)

    public var description: String {
        switch self {
        case .invalidFQDN(let fqdn, let problem): return "'\(fqdn)' is not a valid FQDN: it \(problem)"
        case .invalidInstanceName(let name, let problem): return "'\(name)' is not a valid SQL Server instance name: it \(problem)"
        case .fqdnInUse(let fqdn, let owner): return "'\(fqdn)' is already used by \(owner); FQDNs must be unique"
        case .instanceExists(let instance): return "SQL instance \(Self.name(instance)) exists already"
        case .siteExists(let site): return "site '\(site)' exists already"
        case .emptySiteName: return "a site needs a name"
        case .unknownSite(let site): return "no site '\(site)' in the topology"
        case .unknownPool(let pool): return "no pool or server '\(pool)' in the topology"
        case .unknownMachine(let machine, let pool): return "pool \(pool) has no machine '\(machine)'"
        case .unknownSQLServer(let server): return "no SQL Server '\(server)' in the topology"
        case .unknownSQLInstance(let instance): return "no SQL instance \(Self.name(instance)) in the topology"
        case .unknownStore(let role, let instance): return "no \(role) on \(Self.name(instance))"
        case .unknownStoreRole(let role): return "'\(role)' is not a store role lynctopo knows"
        case .unknownFileStore(let server): return "no file store on '\(server)'"
        case .singleMachinePool(let pool): return "\(pool) is a single-machine server; it cannot hold more or fewer machines"
        case .lastMachine(let machine, let pool): return "\(machine) is the last machine of \(pool); a pool keeps at least one"
        case .noMachines(let pool): return "pool \(pool) needs at least one machine"
        case .invalidShareName(let share): return "'\(share)' is not a file share name"
        case .noConsumer(let role, let pool):
            let consumer = StoreCatalog.entry(for: role)?.consumerRole ?? "service"
            return "\(pool) runs no \(consumer) service to use a \(role)"
        case .otherSite(let store, let site): return "\(store) belongs to another site than \(site); a store stays in its site"
        case .storeExists(let role, let instance):
            return "\(Self.name(instance)) already holds a \(role); an instance holds at most one store of a kind"
        case .poolHasStore(let role, let pool): return "\(pool) already uses a \(role); move that store instead"
        case .backEndInUse(let server, let pool):
            return "\(server) is already the back end of \(pool); a SQL Server serves at most one Front End pool's back end"
        case .notAFrontEndPool(let pool): return "\(pool) is not a Front End pool or Standard Edition server"
        case .noBackEnd(let pool): return "\(pool) has no back-end store (no UserStore on a SQL instance)"
        case .notMirrorable(let role): return "a \(role) cannot be mirrored"
        case .alreadyMirrored(let store, let mirror): return "\(store) is already mirrored to \(Self.name(mirror))"
        case .notMirrored(let store): return "\(store) has no mirror"
        case .unusedStore(let store): return "no service uses \(store); its mirror would have no consumer to declare it"
        case .mirrorOnPrimaryServer(let server): return "the mirror must be on another SQL Server than the primary (\(server))"
        case .witnessNotOnThirdServer(let server):
            return "the witness must be on a third SQL Server, not on the primary's or the mirror's (\(server))"
        case .mirroringNotSupported(let product): return "\(product) does not support database mirroring"
        case .alwaysOnStore(let instance): return "\(Self.name(instance)) is an AlwaysOn listener; AlwaysOn stores are not mirrored"
        case .sqlExpressPartner(let instance):
            return "\(Self.name(instance)) is a collocated SQL Express instance; SQL Express cannot be a mirroring partner"
        case .mirroringPortInUse(let port, let instance, let other):
            return "mirroring port \(port) for \(Self.name(instance)) is already used by \(Self.name(other)) on the same server"
        case .invalidPort(let port): return "\(port) is not a TCP port (1–65535)"
        case .conflictingWitness(let consumer, let witness):
            return "\(consumer) already has its witness on \(Self.name(witness)); all its mirrored stores share one witness"
        case .unsupportedDocument(let reason): return "the document cannot take this edit: \(reason)"
        case .inconsistentResult(let reason): return "the edit was not applied: the result would not read back (\(reason))"
        }
    }

    static func name(_ instance: SQLInstanceRef) -> String {
        instance.instance.isEmpty ? instance.sqlServer + " (default instance)" : instance.displayName
    }
}
