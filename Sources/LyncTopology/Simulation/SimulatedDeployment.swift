/// A model of a running deployment, as far as a recovery runbook changes it: which computers are up, which
/// databases exist on which SQL instance and where their data came from, which mirroring sessions exist with
/// which witness and which side is principal, where the Central Management store is active, which pools are
/// failed over to their pair, and which backup files exist.
///
/// It is what `RunbookReplay` replays a plan's commands on. It models the effects the product documentation
/// gives each cmdlet, not SQL Server: a database is a name on an instance with the origin of its data.
public struct SimulatedDeployment: Sendable, Hashable {
    /// A SQL instance: the server FQDN and the instance name, both lowercased ("" for the default instance).
    public struct Instance: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var server: String
        public var name: String

        public init(server: String, name: String) {
            self.server = server.folded
            let folded = name.folded
            self.name = folded == "mssqlserver" ? "" : folded
        }

        public static func < (lhs: Instance, rhs: Instance) -> Bool { (lhs.server, lhs.name) < (rhs.server, rhs.name) }
        public var description: String { name.isEmpty ? server : server + "\\" + name }
    }

    /// A database on an instance (names lowercased).
    public struct Database: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var instance: Instance
        public var name: String

        public init(_ instance: Instance, _ name: String) {
            self.instance = instance
            self.name = name.folded
        }

        public static func < (lhs: Database, rhs: Database) -> Bool { (lhs.instance, lhs.name) < (rhs.instance, rhs.name) }
        public var description: String { "\(name) on \(instance)" }
    }

    /// Where the data of a database copy (or of a backup file) came from.
    public enum DataOrigin: Sendable, Hashable, CustomStringConvertible {
        /// The data the deployment held when the failure happened, kept by a copy that survived it.
        case survived
        /// A backup taken before the failure (older than what a surviving copy holds); the file's path.
        case backup(String)
        /// Data that came back through the paired pool (the Backup Service replicates it).
        case replicatedFromPair(String)
        /// A new, empty database.
        case empty

        /// True for data as new as the deployment had it when the failure happened.
        public var isCurrent: Bool {
            switch self {
            case .survived, .replicatedFromPair: return true
            case .backup, .empty: return false
            }
        }

        public var description: String {
            switch self {
            case .survived: return "the data that survived the failure"
            case .backup(let file): return "the backup \(file)"
            case .replicatedFromPair(let pool): return "the data replicated by the paired pool \(pool)"
            case .empty: return "nothing (an empty database)"
            }
        }
    }

    /// A database-mirroring session of one store: the principal's and the mirror's instance and the witness.
    public struct MirrorSession: Sendable, Hashable {
        /// The primary as the topology now publishes it.
        public var primary: Instance
        public var mirror: Instance
        public var witness: Instance?
        /// True when the mirror copy serves (after a failover).
        public var mirrorIsPrincipal: Bool
        public var databases: [String]
    }

    /// Computers (machine FQDNs, lowercased) that run.
    public var computersUp: Set<String>
    /// Every computer of the topology, and the cluster each belongs to (both lowercased).
    public var clusterOfComputer: [String: String] {
        didSet { membersOfCluster = Self.members(clusterOfComputer) }
    }
    /// The computers of each cluster (lowercased), the reverse of `clusterOfComputer`.
    public private(set) var membersOfCluster: [String: [String]] = [:]

    /// The reverse of `clusterOfComputer`, members in its order (what `Dictionary(grouping:by:)` gives, with one
    /// look-up per computer instead of two).
    static func members(_ clusterOfComputer: [String: String]) -> [String: [String]] {
        var members: [String: [String]] = [:]
        for (computer, cluster) in clusterOfComputer { members[cluster, default: []].append(computer) }
        return members
    }
    /// Database copies and the origin of their data.
    public var databases: [Database: DataOrigin]
    /// Mirroring sessions, by the store's service id.
    public var mirrorSessions: [String: MirrorSession]
    /// Which instance each store is published on as primary now (by service id); swaps when the topology is
    /// edited to make a surviving mirror the primary.
    public var primaryOf: [String: Instance]
    /// The instance holding the active Central Management store, nil when none is reachable or set.
    public var activeCentralManagement: Instance?
    /// Whether the topology is enabled (`Enable-CsTopology`) after the Central Management store came back.
    public var topologyEnabled: Bool
    /// Pools whose users are served by their pair (`Invoke-CsPoolFailOver`).
    public var failedOverPools: Set<String>
    /// Computers whose Lync services are stopped.
    public var stoppedServices: Set<String>
    /// Files written by an export during the recovery, by lowercased path.
    public var exportedFiles: [String: DataOrigin]
    /// True once the Central Management store was failed over to the standby store of the paired pool.
    public var centralManagementFailedOver: Bool

    /// The deployment with every computer of `clusterOfComputer` up but `failed`, and nothing else yet.
    init(clusterOfComputer: [String: String], failed: Set<String>) {
        self.clusterOfComputer = clusterOfComputer
        membersOfCluster = Self.members(clusterOfComputer)
        computersUp = Set(clusterOfComputer.keys).subtracting(failed)
        databases = [:]
        mirrorSessions = [:]
        primaryOf = [:]
        activeCentralManagement = nil
        topologyEnabled = true
        failedOverPools = []
        stoppedServices = []
        exportedFiles = [:]
        centralManagementFailedOver = false
    }

    /// Whether a computer (machine FQDN) or a cluster (a pool or a SQL Server, by its FQDN) is up: a cluster is
    /// up when one of its computers is.
    public func isUp(_ fqdn: String) -> Bool {
        let name = fqdn.folded
        if computersUp.contains(name) { return true }
        return membersOfCluster[name]?.contains(where: computersUp.contains) ?? false
    }

    /// The computers of a cluster (lowercased).
    public func computers(of cluster: String) -> [String] {
        let name = cluster.folded
        let members = (membersOfCluster[name] ?? []).sorted()
        return members.isEmpty && clusterOfComputer[name] != nil ? [name] : members
    }
}
