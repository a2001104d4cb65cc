/// What a rule is, for people and for tools: its stable id, a one-line title, why it matters, where the rule
/// comes from, and the severity of what it reports. The rule table of docs/commands.md and the SARIF `tool.driver.rules`
/// are generated from these.
public struct RuleDescriptor: Sendable, Hashable {
    /// Stable id, e.g. `FQDN001`. Scripts and code-scanning tools key on it: never reuse or renumber one.
    public var id: String
    /// What the rule checks, in one line.
    public var title: String
    /// Why a violation matters to an administrator.
    public var rationale: String
    /// Where the rule comes from (product documentation, domain.md section).
    public var source: String
    /// The severity of the rule's findings. A rule may report a milder variant (said in its rationale).
    public var defaultSeverity: Finding.Severity

    public init(id: String, title: String, rationale: String, source: String, defaultSeverity: Finding.Severity) {
        self.id = id
        self.title = title
        self.rationale = rationale
        self.source = source
        self.defaultSeverity = defaultSeverity
    }
}

/// One invariant of a topology (domain.md §7). A rule reports each defect once, at the element that carries
/// it, with a message naming the offending value. Rules only read: they never change the topology.
public protocol TopologyRule: Sendable {
    var descriptor: RuleDescriptor { get }
    func check(_ context: RuleContext) -> [Finding]
}

extension TopologyRule {
    public var id: String { descriptor.id }

    func error(_ message: String, at location: SourceLocation?, notes: [String] = []) -> Finding {
        Finding(rule: descriptor.id, severity: .error, message: message, location: location, notes: notes)
    }

    func warning(_ message: String, at location: SourceLocation?, notes: [String] = []) -> Finding {
        Finding(rule: descriptor.id, severity: .warning, message: message, location: location, notes: notes)
    }

    func note(_ message: String, at location: SourceLocation?, notes: [String] = []) -> Finding {
        Finding(rule: descriptor.id, severity: .note, message: message, location: location, notes: notes)
    }

    func finding(_ message: String, at location: SourceLocation?, notes: [String] = []) -> Finding {
        Finding(rule: descriptor.id, severity: descriptor.defaultSeverity, message: message, location: location, notes: notes)
    }
}

/// What every rule needs, worked out once per validation: the topology, whose mirroring relations
/// (`Topology.mirroring`, decoded by `MirrorEncoding`) hold every declared mirror and witness, not only those
/// the resolver could pair up, so that a malformed mirror is still seen.
public struct RuleContext: Sendable {
    public let topology: Topology
    let readingErrorLocations: Set<SourceLocation>

    public init(_ topology: Topology) {
        self.topology = topology
        readingErrorLocations = Set(topology.findings.filter { $0.severity == .error }.compactMap(\.location))
    }

    /// Every declared mirror whose target exists.
    public var mirrors: [MirrorDeclaration] { topology.mirroring.mirrors }
    /// Every declared witness whose target exists.
    public var witnesses: [WitnessDeclaration] { topology.mirroring.witnesses }
    /// The positions in `mirrors` of each consumer's declarations, by consumer service id.
    public var mirrorsByConsumer: [String: [Int]] { topology.mirroring.mirrorsByConsumer }

    /// The SQL instance a store is installed on, when it exists.
    public static func instance(of service: Service, in topology: Topology) -> SQLInstance? {
        guard case .sqlInstance(let id) = service.placement else { return nil }
        return topology.sqlInstance(id)
    }

    /// The server (cluster) of a SQL instance, when it exists.
    public func server(of instance: SQLInstance?) -> Cluster? {
        instance.flatMap { topology.cluster($0.clusterID) }
    }

    /// How messages name a SQL instance: `server\instance`, `server` for the default instance.
    public func describe(_ instance: SQLInstance) -> String {
        let server = instance.sqlServer.isEmpty ? "(cluster \(instance.clusterID))" : instance.sqlServer
        return instance.isDefaultInstance ? server : server + "\\" + instance.name
    }

    /// How messages name a store service: `Role:server\instance`, or its service id when it has no instance.
    public func describeStore(_ service: Service) -> String {
        if let instance = Self.instance(of: service, in: topology) { return service.roleName + ":" + describe(instance) }
        return service.displayName
    }

    /// How messages name a service: its published key, plus the pool it runs on when known.
    public func describeService(_ service: Service) -> String {
        if case .cluster(let id) = service.placement, let cluster = topology.cluster(id) {
            return "\(service.displayName) on \(cluster.fqdn)"
        }
        return service.displayName
    }

    /// True when reading already reported an error (a missing attribute or element) at `location`, so that a
    /// rule does not report the same defect again as a bad value.
    public func hasReadingError(at location: SourceLocation) -> Bool {
        readingErrorLocations.contains(location)
    }

    /// True when a role names a store (a catalog store or the witness store).
    public static func isStoreRole(_ role: String) -> Bool {
        StoreCatalog.entry(for: role) != nil || MirrorEncoding.isWitnessRole(role)
    }

    /// True for a witness store service.
    public func isWitnessStore(_ service: Service) -> Bool { topology.mirroring.isWitnessStore(service) }
}
