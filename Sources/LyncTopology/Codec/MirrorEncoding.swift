/// How a SQL store's mirror, its witness and a SQL instance's mirroring endpoint port are written in a
/// topology document: read here, written here, and nowhere else.
///
/// Known unknown (domain.md §4): no public document shows this XML. The project reads and writes a reference
/// encoding, kept in this file so that it can follow a real export later:
/// - a mirror is a second `Dependency` of the consumer, `Usage="Mirror"`, to a store service of the same role
///   installed on the mirror SQL instance (its "mirror copy");
/// - a witness is a `Dependency` with `Usage="Witness"` to a `WitnessStore` service on the witness instance;
/// - a dependency without `Usage` is `Usage="Default"`; usages compare case-insensitively;
/// - the mirroring endpoint port is `SqlInstance/@MirroringPort`; when it is absent, an instance that is a
///   mirroring partner (a primary or a mirror) listens on 5022 and a witness on 7022.
///
/// One instance, one port. A SQL Server instance has one database-mirroring endpoint whatever roles it plays.
/// When an instance is a witness for one store and a partner for another and writes no `MirroringPort`, the
/// two defaults disagree. Decision: it is taken as the partner's default, 5022, and reading says so once
/// (`MIRROR009`, a warning at the instance) so that the document can write the port. Reason: the partner role
/// is the one mirroring cannot run without (both partners must reach each other's endpoint), a witness only
/// arbitrates failover; and 5022 is the answer validation always took for such an instance.
///
/// Reading runs inside `TopologyResolver`'s single pass and leaves its result on the `Topology`: every declared
/// relation, malformed ones too, in `Topology.mirroring`; the resolved mirror and witness of each store in
/// `Store.mirror` and `Store.witness`; the one effective port of each instance behind
/// `Topology.mirroringPort(of:)`. Rules, renderers, the diff and the edits read those; none of them reads a
/// usage, the witness role or the port attribute on its own. Writing (`writeMirror`, `writeWitness`,
/// `removeMirror`, `writePort`, …) is what the edits call.
public enum MirrorEncoding {
    public static let mirrorUsage = "Mirror"
    public static let witnessUsage = "Witness"
    public static let defaultUsage = "Default"
    public static let witnessRole = "WitnessStore"
    public static let mirroringPortAttribute = "MirroringPort"
    public static let defaultPartnerPort = 5022
    public static let defaultWitnessPort = 7022

    /// The id of the finding about an instance whose roles have conflicting default ports.
    public static let portConflictRule = "MIRROR009"

    /// What reading the encoding can report, described beside the rules (the rule table of docs/commands.md, SARIF).
    public static let descriptors: [RuleDescriptor] = [
        RuleDescriptor(
            id: portConflictRule,
            title: "An instance that is both witness and mirroring partner writes its MirroringPort",
            rationale: "A SQL Server instance has one database-mirroring endpoint. With no \(mirroringPortAttribute) "
                + "written, a partner listens on \(defaultPartnerPort) and a witness on \(defaultWitnessPort): an "
                + "instance that is both cannot follow both defaults. lynctopo takes the partner's port "
                + "\(defaultPartnerPort) and says so; writing the port removes the doubt.",
            source: "SQL Server database mirroring endpoints (one per instance); Topology Builder defaults; domain.md §4",
            defaultSeverity: .warning),
    ]

    // MARK: reading

    /// Usage values compare case-insensitively.
    public static func usage(_ text: String) -> DependencyUsage {
        // Asked for every dependency by the resolver and the rules: the spellings documents use are compared
        // first (short strings compare at once), any other case in place (`CaseFolding`).
        switch text {
        case "Default": return .default
        case "Mirror": return .mirror
        case "Witness": return .witness
        default: break
        }
        if CaseFolding.equal(text, "default") { return .default }
        if CaseFolding.equal(text, "mirror") { return .mirror }
        if CaseFolding.equal(text, "witness") { return .witness }
        return .unrecognized(text)
    }

    /// `Dependency/@Usage` as the model keeps it: as written, the default usage when absent.
    static func usageText(_ attribute: String?) -> String { attribute ?? defaultUsage }

    /// True for the role of a witness store.
    public static func isWitnessRole(_ role: String) -> Bool { CaseFolding.equal(role, witnessRole) }

    /// `SqlInstance/@MirroringPort`: the number, or the text when it is not one.
    static func writtenPort(_ element: XMLElement) -> (port: Int?, text: String?) {
        guard let text = element.attribute(mirroringPortAttribute) else { return (nil, nil) }
        if let port = Int(text) { return (port, nil) }
        return (nil, text)
    }

    /// The port an instance listens on when it writes none, by the roles it plays (see the type's comment for
    /// an instance that is both partner and witness); nil when it plays none.
    public static func defaultPort(for roles: MirroringRoles) -> Int? {
        if roles.contains(.partner) { return defaultPartnerPort }
        if roles.contains(.witness) { return defaultWitnessPort }
        return nil
    }

    /// What the consumers' dependencies say, read in one pass over them: the default consumers of each store,
    /// the mirror and witness targets of each consumer, and every declared relation.
    struct References {
        /// Store position → the positions of its consumers (`Usage="Default"`).
        var defaultConsumers: [Int: [Int]] = [:]
        /// Consumer position → the stores it names as mirrors, and where.
        var mirrorTargets: [Int: [(store: Int, location: SourceLocation)]] = [:]
        /// Consumer position → the stores it names as witnesses, and where.
        var witnessTargets: [Int: [(store: Int, location: SourceLocation)]] = [:]
        /// Stores some consumer depends on, whatever the usage.
        var referenced = Set<Int>()
        /// Stores named as a mirror.
        var namedAsMirror = Set<Int>()
        var relations = MirrorRelations()
        var findings: [Finding] = []
    }

    /// Reads every dependency of every consumer (a service that is not a store) once. `instances` are the
    /// resolved instances (their servers known).
    static func readReferences(services: [Service], instances: [SQLInstance], index: TopologyIndex) -> References {
        var references = References()
        func instance(of service: Service) -> SQLInstance? {
            guard case .sqlInstance(let id) = service.placement else { return nil }
            return index.sqlInstanceByID[id].map { instances[$0] }
        }
        for consumerPosition in services.indices where !services[consumerPosition].isStore {
            for dependency in services[consumerPosition].dependencies {
                let usage = dependency.usage
                let target = index.serviceByID[dependency.serviceID]
                switch usage {
                case .mirror, .witness:
                    let consumer = services[consumerPosition]
                    guard let target else {
                        references.relations.unresolved.append(UnresolvedDeclaration(consumer: consumer, dependency: dependency))
                        break
                    }
                    let service = services[target]
                    if usage == .mirror {
                        var primary: Service?
                        for candidate in consumer.dependencies where candidate.usage == .default {
                            if let position = index.serviceByID[candidate.serviceID], services[position].isStore,
                               CaseFolding.equal(services[position].roleName, service.roleName) {
                                primary = services[position]
                                break
                            }
                        }
                        references.relations.mirrorsByConsumer[consumer.id, default: []].append(references.relations.mirrors.count)
                        references.relations.mirrors.append(MirrorDeclaration(
                            consumer: consumer, dependency: dependency, mirror: service, mirrorInstance: instance(of: service),
                            primary: primary, primaryInstance: primary.flatMap(instance(of:))))
                    } else {
                        references.relations.witnessesByConsumer[consumer.id, default: []].append(references.relations.witnesses.count)
                        references.relations.witnesses.append(WitnessDeclaration(
                            consumer: consumer, dependency: dependency, witness: service, witnessInstance: instance(of: service)))
                    }
                case .default, .unrecognized:
                    break
                }
                guard let target, services[target].isStore else { continue }
                references.referenced.insert(target)
                switch usage {
                case .default:
                    references.defaultConsumers[target, default: []].append(consumerPosition)
                case .mirror:
                    references.mirrorTargets[consumerPosition, default: []].append((target, dependency.location))
                    references.namedAsMirror.insert(target)
                case .witness:
                    references.witnessTargets[consumerPosition, default: []].append((target, dependency.location))
                case .unrecognized(let text):
                    references.findings.append(.warning(
                        "DEP001",
                        "dependency of \(services[consumerPosition].displayName) on \(services[target].displayName) has Usage '\(text)', which lynctopo does not understand; it is kept as written and may be a mirror or witness encoded another way",
                        at: dependency.location))
                }
            }
        }
        return references
    }

    /// True when a store service is shown inside the store it serves rather than as a store of its own: a
    /// witness store, or a mirror copy no consumer uses as its primary.
    static func isServingStore(_ position: Int, _ service: Service, _ references: References) -> Bool {
        if isWitnessRole(service.roleName) { return true }
        return references.namedAsMirror.contains(position) && (references.defaultConsumers[position] ?? []).isEmpty
    }

    /// The mirror and witness of the store at `position`: the first consumer naming a mirror copy of the
    /// store's role gives the mirror, the first naming a witness gives the witness. Ports are settled later,
    /// by `settlePorts`, once every relation is known.
    static func pair(store position: Int, consumers: [Int], services: [Service], instances: [SQLInstance],
                     index: TopologyIndex, references: References) -> (mirror: StoreEndpoint?, witness: StoreEndpoint?) {
        let role = services[position].roleName
        var mirror: StoreEndpoint?
        var witness: StoreEndpoint?
        for consumer in consumers {
            if mirror == nil {
                for target in references.mirrorTargets[consumer] ?? [] where CaseFolding.equal(services[target.store].roleName, role) {
                    mirror = endpoint(services[target.store], target.location, instances: instances, index: index)
                    break
                }
            }
            if witness == nil, let target = references.witnessTargets[consumer]?.first {
                witness = endpoint(services[target.store], target.location, instances: instances, index: index)
            }
        }
        return (mirror, witness)
    }

    static func endpoint(_ service: Service, _ location: SourceLocation, instances: [SQLInstance], index: TopologyIndex) -> StoreEndpoint {
        var instanceID = ""
        if case .sqlInstance(let id) = service.placement { instanceID = id }
        let instance = index.sqlInstanceByID[instanceID].map { instances[$0] }
        return StoreEndpoint(serviceID: service.id, roleName: service.roleName, sqlInstanceID: instanceID,
                             sqlServer: instance?.sqlServer ?? "", instance: instance?.instanceName ?? "",
                             mirroringPort: 0, location: location)
    }

    /// The roles each instance plays (declared relations and resolved ones), its one effective port, and the
    /// ports of the stores' mirrors and witnesses. An instance id declared twice plays its roles in its first
    /// declaration, the one references resolve to; a repeated one keeps only the port it writes.
    static func settlePorts(instances: [SQLInstance], stores: inout [Store], index: TopologyIndex,
                            relations: inout MirrorRelations, findings: inout [Finding]) {
        var roles = [MirroringRoles](repeating: [], count: instances.count)
        func mark(_ id: String, _ role: MirroringRoles) {
            if let position = index.sqlInstanceByID[id] { roles[position].insert(role) }
        }
        for mirror in relations.mirrors {
            if let instance = mirror.primaryInstance { mark(instance.id, .partner) }
            if let instance = mirror.mirrorInstance { mark(instance.id, .partner) }
        }
        for witness in relations.witnesses {
            if let instance = witness.witnessInstance { mark(instance.id, .witness) }
        }
        for (position, store) in stores.enumerated() {
            if let mirror = store.mirror {
                mark(store.sqlInstanceID, .partner)
                mark(mirror.sqlInstanceID, .partner)
                relations.storesMirroredOnInstance[mirror.sqlInstanceID, default: []].append(position)
            }
            if let witness = store.witness {
                mark(witness.sqlInstanceID, .witness)
                relations.witnessInstanceIDs.insert(witness.sqlInstanceID)
            }
        }
        var ports = [Int?](repeating: nil, count: instances.count)
        for (position, instance) in instances.enumerated() {
            ports[position] = instance.mirroringPort ?? defaultPort(for: roles[position])
            if roles[position] == [.partner, .witness], instance.mirroringPort == nil, instance.mirroringPortText == nil {
                let server = instance.sqlServer.isEmpty ? "(cluster \(instance.clusterID))" : instance.sqlServer
                let name = instance.isDefaultInstance ? server : server + "\\" + instance.name
                findings.append(.warning(
                    portConflictRule,
                    "\(name) is a witness and a mirroring partner with no \(mirroringPortAttribute) written: taken as \(defaultPartnerPort); write \(mirroringPortAttribute)",
                    at: instance.location))
            }
        }
        func port(_ id: String, _ role: MirroringRoles) -> Int {
            index.sqlInstanceByID[id].flatMap { ports[$0] } ?? defaultPort(for: role) ?? defaultPartnerPort
        }
        for position in stores.indices {
            if let mirror = stores[position].mirror { stores[position].mirror?.mirroringPort = port(mirror.sqlInstanceID, .partner) }
            if let witness = stores[position].witness { stores[position].witness?.mirroringPort = port(witness.sqlInstanceID, .witness) }
        }
        relations.instanceRoles = roles
        relations.instancePorts = ports
    }

    // MARK: writing (the edits)

    /// The port to write on an instance that takes `role` in a new relation: the one asked for, else the
    /// instance's own port (written, or the default of the roles it already plays: one endpoint per
    /// instance), else the default of `role`.
    static func port(requested: Int?, for instance: SQLInstance, as role: MirroringRoles, in topology: Topology) -> Int {
        requested ?? topology.mirroringPort(of: instance) ?? defaultPort(for: role) ?? defaultPartnerPort
    }

    /// Writes `MirroringPort` on an instance, or removes it (nil).
    static func writePort(_ session: inout EditSession, _ port: Int?, on instanceID: String) {
        guard let path = session.instancePath(instanceID) else { return }
        session.tree.setAttribute(mirroringPortAttribute, port.map(String.init), at: path)
    }

    /// Writes the mirror copy of a store service: a service of the same role on the mirror instance, right
    /// after the primary's service.
    static func writeMirrorCopy(_ session: inout EditSession, of service: Service, on instance: SQLInstance,
                                serviceVersion: Int) throws(TopologyEditError) -> EditSession.ServiceRef {
        let place = session.instanceRef(instance)
        let ref = session.newServiceRef(role: service.roleName, site: place.cluster.siteID)
        try session.insertService(EditSession.NewService(ref: ref, role: service.roleName, placement: .instance(place),
                                                         serviceVersion: serviceVersion,
                                                         roleVersion: service.roleVersion ?? session.roleVersion(service.roleName)),
                                  after: service.id)
        return ref
    }

    /// The witness store service of an instance: the one it has, else a new one written after `after`.
    static func writeWitnessStore(_ session: inout EditSession, on instance: SQLInstance, serviceVersion: Int,
                                  after: String) throws(TopologyEditError) -> EditSession.ServiceRef {
        if let existing = session.topology.storeServices(role: witnessRole, on: instance.id).first {
            return session.serviceRef(existing)
        }
        let place = session.instanceRef(instance)
        let ref = session.newServiceRef(role: witnessRole, site: place.cluster.siteID)
        try session.insertService(EditSession.NewService(ref: ref, role: witnessRole, placement: .instance(place),
                                                         serviceVersion: serviceVersion, roleVersion: session.roleVersion(witnessRole)),
                                  after: after)
        return ref
    }

    /// Writes a consumer's mirror dependency on the mirror copy, right after its dependency on the primary.
    static func writeMirror(_ session: inout EditSession, consumer: String, mirror: EditSession.ServiceRef,
                            primary: String) throws(TopologyEditError) {
        try session.insertDependency(in: consumer, on: mirror, usage: .mirror, after: primary, afterUsage: .default)
    }

    /// Writes a consumer's witness dependency (once), right after its mirror dependency on `mirror`.
    static func writeWitness(_ session: inout EditSession, consumer: String, witness: EditSession.ServiceRef,
                             after mirror: String) throws(TopologyEditError) {
        guard !session.dependencies(of: consumer).contains(where: { $0.target == witness.id && $0.usage == .witness }) else { return }
        try session.insertDependency(in: consumer, on: witness, usage: .witness, after: mirror, afterUsage: .mirror)
    }

    /// Removes every mirror dependency on the mirror copy `mirror` from the services `serviceIDs`, the witness
    /// dependencies of those left with no mirror, and the mirror copy and `witness` store when nothing refers
    /// to them any more.
    static func removeMirror(_ session: inout EditSession, mirror: String, witness: String?, from serviceIDs: [String]) {
        for id in serviceIDs {
            guard session.dependencies(of: id).contains(where: { $0.target == mirror && $0.usage == .mirror }) else { continue }
            session.removeDependencies(of: id, on: mirror, usage: .mirror)
            if !session.dependencies(of: id).contains(where: { $0.usage == .mirror }) {
                for dependency in session.dependencies(of: id) where dependency.usage == .witness {
                    session.removeDependencies(of: id, on: dependency.target, usage: .witness)
                }
            }
        }
        func referenced(_ target: String) -> Bool {
            serviceIDs.contains { id in session.dependencies(of: id).contains { $0.target == target } }
        }
        if !referenced(mirror) { session.removeService(mirror) }
        if let witness, !referenced(witness) { session.removeService(witness) }
    }

    /// The text a usage is written as.
    static func text(_ usage: DependencyUsage) -> String {
        switch usage {
        case .default: return defaultUsage
        case .mirror: return mirrorUsage
        case .witness: return witnessUsage
        case .unrecognized(let text): return text
        }
    }
}

/// The roles a SQL instance plays in database mirroring.
public struct MirroringRoles: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A primary or a mirror of some store.
    public static let partner = MirroringRoles(rawValue: 1)
    /// The witness of some store.
    public static let witness = MirroringRoles(rawValue: 2)
}

/// A mirror as the document declares it: a consumer's mirror dependency on a service that exists (see
/// `MirrorEncoding`), with the primary store of the same role when the consumer has one. Kept however
/// malformed (a mirror of another role, a non-store, a witness store…), for the rules.
public struct MirrorDeclaration: Sendable, Hashable {
    public var consumer: Service
    public var dependency: Dependency
    /// The service the dependency names.
    public var mirror: Service
    /// The mirror's SQL instance, when the mirror is installed on one that exists.
    public var mirrorInstance: SQLInstance?
    /// The consumer's default dependency on a store of the mirror's role, if any.
    public var primary: Service?
    public var primaryInstance: SQLInstance?
}

/// A witness as the document declares it: a consumer's witness dependency on a service that exists, with or
/// without a mirror beside it.
public struct WitnessDeclaration: Sendable, Hashable {
    public var consumer: Service
    public var dependency: Dependency
    public var witness: Service
    public var witnessInstance: SQLInstance?
}

/// A mirror or witness dependency on an id that names no service.
public struct UnresolvedDeclaration: Sendable, Hashable {
    public var consumer: Service
    public var dependency: Dependency
}

/// Every mirroring relation of a topology, decoded once by `MirrorEncoding` (the resolved mirror and witness
/// of each store are on the `Store`s themselves).
public struct MirrorRelations: Sendable, Hashable {
    /// Every mirror declaration whose target exists, in document order.
    public internal(set) var mirrors: [MirrorDeclaration] = []
    /// Every witness declaration whose target exists, in document order.
    public internal(set) var witnesses: [WitnessDeclaration] = []
    /// Mirror and witness declarations whose target does not exist.
    public internal(set) var unresolved: [UnresolvedDeclaration] = []
    /// Positions in `mirrors`, by consumer service id.
    public internal(set) var mirrorsByConsumer: [String: [Int]] = [:]
    /// Positions in `witnesses`, by consumer service id.
    public internal(set) var witnessesByConsumer: [String: [Int]] = [:]
    /// The roles of each SQL instance, by position in `Topology.sqlInstances`.
    public internal(set) var instanceRoles: [MirroringRoles] = []
    /// The effective mirroring port of each SQL instance, by position in `Topology.sqlInstances`.
    public internal(set) var instancePorts: [Int?] = []
    /// Positions in `Topology.stores` of the stores whose mirror is on an instance, by instance id, in order.
    public internal(set) var storesMirroredOnInstance: [String: [Int]] = [:]
    /// The instances that are some store's witness.
    public internal(set) var witnessInstanceIDs: Set<String> = []

    public init() {}

    /// True for a witness store service (it holds no database; it serves the stores that name it).
    public func isWitnessStore(_ service: Service) -> Bool { MirrorEncoding.isWitnessRole(service.roleName) }
}

extension Topology {
    /// The one mirroring endpoint port of a SQL instance: as written, else the default of the roles it plays
    /// (see `MirrorEncoding`); nil when it writes none and plays none. A repeated declaration of an instance id
    /// takes no part in mirroring: only its written port.
    public func mirroringPort(of instance: SQLInstance) -> Int? {
        guard let position = firstDeclaration(of: instance) else { return instance.mirroringPort }
        return mirroring.instancePorts[position]
    }

    /// The roles a SQL instance plays in mirroring (none for a repeated declaration of an instance id).
    public func mirroringRoles(of instance: SQLInstance) -> MirroringRoles {
        firstDeclaration(of: instance).map { mirroring.instanceRoles[$0] } ?? []
    }

    func firstDeclaration(of instance: SQLInstance) -> Int? {
        guard let position = index.sqlInstanceByID[instance.id], sqlInstances[position].location == instance.location,
              position < mirroring.instancePorts.count else { return nil }
        return position
    }
}
