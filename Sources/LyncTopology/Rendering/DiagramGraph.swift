/// The picture of a topology, independent of the drawing language: nested groups (sites, pools and servers,
/// SQL instances) holding nodes (machines, servers, stores, mirror copies, witnesses), and edges between them.
/// `DiagramRendering` writes it as Graphviz DOT or as a Mermaid flowchart.
struct DiagramGraph: Sendable, Hashable {
    /// Why an element stands out.
    enum Mark: Sendable, Hashable {
        /// The Central Management Server pool, or the Central Management store.
        case centralManagement
        /// A server, machine or SQL instance named failed.
        case failed
        /// A store or a mirror copy that a restore would re-create.
        case recreated
    }

    enum Shape: Sendable, Hashable {
        case machine, server, edgeServer, fileServer, store, mirrorCopy, witness, note
    }

    struct Node: Sendable, Hashable {
        var id: String
        var lines: [String]
        var shape: Shape
        var marks: Set<Mark> = []
    }

    enum GroupKind: Sendable, Hashable {
        case site, pool, edgePool, sqlServer, instance
    }

    struct Group: Sendable, Hashable {
        var id: String
        var lines: [String]
        var kind: GroupKind
        var marks: Set<Mark> = []
        var items: [Item] = []

        /// The first node inside the group, depth first (where an edge to or from the whole group is anchored).
        var firstNodeID: String? {
            for item in items {
                switch item {
                case .node(let node): return node.id
                case .group(let group): if let id = group.firstNodeID { return id }
                }
            }
            return nil
        }
    }

    indirect enum Item: Sendable, Hashable {
        case node(Node)
        case group(Group)
    }

    /// One end of an edge: a node, or a whole group (drawn from its anchor node, clipped at the group's border).
    struct Endpoint: Sendable, Hashable {
        var node: String
        var group: String?
    }

    enum EdgeKind: Sendable, Hashable {
        /// A pool uses a store.
        case uses
        /// A pool uses a file server's share.
        case fileShare
        /// A store and its mirror copy.
        case mirror
        /// A store and its witness.
        case witness
        /// Two paired pools (DiagramPairing.swift).
        case paired

        var label: String? {
            switch self {
            case .uses: return nil
            case .fileShare: return "file share"
            case .mirror: return "mirror"
            case .witness: return "witness"
            case .paired: return "paired"
            }
        }
    }

    struct Edge: Sendable, Hashable {
        var from: Endpoint
        var to: Endpoint
        var kind: EdgeKind
        var marks: Set<Mark> = []
    }

    var title: [String]
    var items: [Item]
    var edges: [Edge]
}

/// Makes node and group identifiers that every drawing language accepts: ASCII letters, digits and `_`, derived
/// from the model's ids (so the output is the same for the same document), unique within one diagram.
struct DiagramIdentifiers: Sendable {
    private var used: Set<String> = []
    private var made: [String: String] = [:]

    /// `prefix_` followed by the key with every character other than an ASCII letter or digit written as `_hex_`
    /// (so different keys give different identifiers).
    static func sanitized(_ key: String) -> String {
        var out = ""
        for scalar in key.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "_" + String(scalar.value, radix: 16) + "_"
            }
        }
        return out
    }

    /// The identifier for `key` in the namespace `prefix`; asking again for the same pair gives the same one.
    mutating func identifier(_ prefix: String, _ key: String) -> String {
        let whole = prefix + "\u{0}" + key
        if let known = made[whole] { return known }
        let base = prefix + "_" + Self.sanitized(key)
        var candidate = base
        var counter = 2
        while used.contains(candidate) {
            candidate = base + "_\(counter)"
            counter += 1
        }
        used.insert(candidate)
        made[whole] = candidate
        return candidate
    }
}

extension DiagramGraph {
    /// Builds the picture of a document's topology (the NewTopology of a .tbxml).
    static func build(_ document: TopologyDocument, highlighting: DiagramHighlighting) -> DiagramGraph {
        var builder = DiagramBuilder(topology: document.topology, highlighting: highlighting)
        return builder.build(title: builder.title(document))
    }
}

/// Walks a topology once and lays out the groups, nodes and edges of its diagram.
struct DiagramBuilder {
    let topology: Topology
    let highlighting: DiagramHighlighting
    var ids = DiagramIdentifiers()
    /// Where edges to or from a cluster start or end.
    var clusterEndpoints: [String: DiagramGraph.Endpoint] = [:]
    /// The node of each (primary) store, by service id.
    var storeNodes: [String: String] = [:]
    /// The node of each store's mirror copy, by the primary store's service id.
    var mirrorNodes: [String: String] = [:]
    /// The witness node of each SQL instance that is a witness, by instance id.
    var witnessNodes: [String: String] = [:]
    /// The cluster that holds each store node (for stores on a known instance).
    var storeCluster: [String: String] = [:]
    /// The group of each SQL instance, by instance id.
    var instanceGroups: [String: String] = [:]

    init(topology: Topology, highlighting: DiagramHighlighting) {
        self.topology = topology
        self.highlighting = highlighting
    }

    func title(_ document: TopologyDocument) -> [String] {
        var lines = [document.path]
        var kind = document.kind == .tbxml ? "Topology Builder file (NewTopology)" : "published topology"
        if let product = topology.product { kind += ", \(product.description)" }
        lines.append(kind)
        if let cms = topology.centralManagement {
            lines.append("Central Management Server: \(cms.pool)")
        } else {
            lines.append("no Central Management Server yet")
        }
        if !highlighting.isEmpty {
            lines.append("failed: \(highlighting.failedFQDNs.joined(separator: ", ")) (red); re-created by a restore: orange")
        }
        return lines
    }

    var centralManagementClusterID: String? {
        guard let cms = topology.centralManagement, let service = topology.service(cms.serviceID),
              case .cluster(let id) = service.placement else { return nil }
        return id
    }

    mutating func build(title: [String]) -> DiagramGraph {
        var items: [DiagramGraph.Item] = []
        var placedClusters = Set<String>()
        for site in topology.sites {
            var group = DiagramGraph.Group(id: ids.identifier("site", site.id), lines: [siteLabel(site)], kind: .site)
            for cluster in topology.clusters where cluster.siteID == site.id && !placedClusters.contains(cluster.id) {
                placedClusters.insert(cluster.id)
                group.items.append(clusterItem(cluster))
            }
            if group.items.isEmpty {
                group.items.append(.node(.init(id: ids.identifier("note", "site\u{0}" + site.id), lines: ["no servers"], shape: .note)))
            }
            items.append(.group(group))
        }
        let orphans = topology.clusters.filter { !placedClusters.contains($0.id) }
        if !orphans.isEmpty {
            var group = DiagramGraph.Group(id: ids.identifier("site", "\u{0}unknown"), lines: ["in no known site"], kind: .site)
            for cluster in orphans {
                placedClusters.insert(cluster.id)
                group.items.append(clusterItem(cluster))
            }
            items.append(.group(group))
        }
        items += unplacedStoreItems()
        return DiagramGraph(title: title, items: items, edges: edges())
    }

    func siteLabel(_ site: Site) -> String {
        site.name.isEmpty ? "Site \(site.id)" : "Site \(site.id): \(site.name)"
    }

    func kindText(_ cluster: Cluster) -> String {
        let services = topology.services(on: cluster.id)
        switch cluster.kind {
        case .enterprise: return "Enterprise Edition Front End pool"
        case .standard: return "Standard Edition server"
        case .edge: return cluster.machines.count > 1 ? "Edge pool" : "Edge Server"
        case .sql: return "SQL Server"
        case .file:
            let shares = services.compactMap(\.shareName)
            return shares.isEmpty ? "file server" : "file server, share " + shares.joined(separator: ", ")
        case .other:
            if services.contains(where: { $0.isDirector == true }) { return "Director" }
            let roles = services.map { Self.roleTitles[$0.roleName.lowercased()] ?? $0.roleName }
            if roles.isEmpty { return "server" }
            return roles.count > 3 ? roles.prefix(3).joined(separator: ", ") + ", …" : roles.joined(separator: ", ")
        }
    }

    /// Friendlier names of the roles that make up an "other" server.
    static let roleTitles: [String: String] = [
        "wacservice": "Office Web Apps Server", "mediationserver": "Mediation Server", "pstngateway": "PSTN gateway",
        "persistentchatserver": "Persistent Chat Server", "videointeropserver": "Video Interop Server",
    ]

    func clusterMarks(_ cluster: Cluster) -> Set<DiagramGraph.Mark> {
        var marks: Set<DiagramGraph.Mark> = []
        if highlighting.failedClusterIDs.contains(cluster.id) { marks.insert(.failed) }
        if centralManagementClusterID == cluster.id { marks.insert(.centralManagement) }
        return marks
    }

    func markLines(_ marks: Set<DiagramGraph.Mark>, centralManagement: String, failed: String = "FAILED") -> [String] {
        var lines: [String] = []
        if marks.contains(.centralManagement) { lines.append(centralManagement) }
        if marks.contains(.failed) { lines.append(failed) }
        return lines
    }

    mutating func clusterItem(_ cluster: Cluster) -> DiagramGraph.Item {
        let instances = topology.sqlInstances(on: cluster.id)
        let marks = clusterMarks(cluster)
        let machineIsCluster = cluster.machines.count == 1 && cluster.machines[0].fqdn.lowercased() == cluster.fqdn.lowercased()
        if instances.isEmpty && (cluster.machines.isEmpty || machineIsCluster) {
            let shape: DiagramGraph.Shape = cluster.kind == .edge ? .edgeServer : (cluster.kind == .file ? .fileServer : .server)
            let node = DiagramGraph.Node(id: ids.identifier("srv", cluster.id),
                                         lines: [cluster.fqdn, kindText(cluster)] + markLines(marks, centralManagement: "Central Management Server"),
                                         shape: shape, marks: marks)
            clusterEndpoints[cluster.id] = .init(node: node.id, group: nil)
            return .node(node)
        }
        var group = DiagramGraph.Group(id: ids.identifier("pool", cluster.id),
                                       lines: [cluster.fqdn, kindText(cluster)] + markLines(marks, centralManagement: "Central Management Server"),
                                       kind: cluster.kind == .sql ? .sqlServer : (cluster.kind == .edge ? .edgePool : .pool), marks: marks)
        if !(cluster.kind == .sql && (machineIsCluster || cluster.machines.isEmpty)) {
            for (position, machine) in cluster.machines.enumerated() {
                let failed = highlighting.failedMachines.contains(MachineReference(clusterID: cluster.id, position: position))
                group.items.append(.node(.init(id: ids.identifier("m", cluster.id + "\u{0}\(position)"),
                                               lines: [machine.fqdn] + (failed ? ["FAILED"] : []),
                                               shape: .machine, marks: failed ? [.failed] : [])))
            }
        }
        for instance in instances {
            group.items.append(.group(instanceGroup(instance, in: cluster)))
        }
        if let anchor = group.firstNodeID {
            clusterEndpoints[cluster.id] = .init(node: anchor, group: group.id)
        }
        return .group(group)
    }

    mutating func instanceGroup(_ instance: SQLInstance, in cluster: Cluster) -> DiagramGraph.Group {
        let failed = highlighting.failedInstanceIDs.contains(instance.id)
        var lines = [instance.isDefaultInstance ? "default instance" : "instance \(instance.name)"]
        if let port = topology.mirroringPort(of: instance) { lines.append("mirroring port \(port)") }
        if let primary = instance.alwaysOnPrimary { lines.append("AlwaysOn listener, primary replica \(primary)") }
        if failed { lines.append("FAILED: install again as \(instance.isDefaultInstance ? "the default instance" : instance.name)") }
        var group = DiagramGraph.Group(id: ids.identifier("inst", instance.id), lines: lines, kind: .instance,
                                       marks: failed ? [.failed] : [])
        instanceGroups[instance.id] = group.id
        for store in topology.stores where store.sqlInstanceID == instance.id {
            group.items.append(.node(storeNode(store)))
            storeCluster[store.serviceID] = cluster.id
        }
        for position in topology.mirroring.storesMirroredOnInstance[instance.id] ?? [] {
            group.items.append(.node(mirrorNode(topology.stores[position])))
        }
        if topology.mirroring.witnessInstanceIDs.contains(instance.id) {
            group.items.append(.node(witnessNode(instanceID: instance.id, failed: failed)))
        }
        if group.items.isEmpty {
            group.items.append(.node(.init(id: ids.identifier("note", instance.id), lines: ["no stores"], shape: .note)))
        }
        return group
    }

    func databasesLine(_ store: Store) -> String {
        store.databases.isEmpty ? "no known databases" : store.databases.joined(separator: ", ")
    }

    mutating func storeNode(_ store: Store, unplaced: Bool = false) -> DiagramGraph.Node {
        var marks: Set<DiagramGraph.Mark> = []
        var lines = ["\(store.role) (\(store.databaseType))", databasesLine(store)]
        if unplaced { lines.append("on an unknown SQL instance") }
        if topology.centralManagement?.storeServiceID == store.serviceID {
            marks.insert(.centralManagement)
            lines.append("Central Management store")
        }
        if highlighting.recreatedStoreIDs.contains(store.serviceID) {
            marks.insert(.recreated)
            lines.append("re-create")
        }
        let id = ids.identifier("s", store.serviceID)
        storeNodes[store.serviceID] = id
        return .init(id: id, lines: lines, shape: .store, marks: marks)
    }

    mutating func mirrorNode(_ store: Store, unplaced: Bool = false) -> DiagramGraph.Node {
        var lines = ["mirror of \(store.role)", databasesLine(store)]
        if unplaced { lines.append("on an unknown SQL instance") }
        var marks: Set<DiagramGraph.Mark> = []
        if highlighting.recreatedMirrorStoreIDs.contains(store.serviceID) {
            marks.insert(.recreated)
            lines.append("re-create mirror copy")
        }
        let id = ids.identifier("mc", store.serviceID)
        mirrorNodes[store.serviceID] = id
        return .init(id: id, lines: lines, shape: .mirrorCopy, marks: marks)
    }

    mutating func witnessNode(instanceID: String, failed: Bool, unplaced: Bool = false) -> DiagramGraph.Node {
        let id = ids.identifier("w", instanceID)
        witnessNodes[instanceID] = id
        return .init(id: id, lines: ["witness"] + (unplaced ? ["on an unknown SQL instance"] : []), shape: .witness,
                     marks: failed ? [.failed] : [])
    }

    /// Stores, mirror copies and witnesses whose SQL instance is not in the document: drawn outside every site.
    mutating func unplacedStoreItems() -> [DiagramGraph.Item] {
        var items: [DiagramGraph.Item] = []
        for store in topology.stores {
            if storeNodes[store.serviceID] == nil { items.append(.node(storeNode(store, unplaced: true))) }
            if store.mirror != nil && mirrorNodes[store.serviceID] == nil { items.append(.node(mirrorNode(store, unplaced: true))) }
            if let witness = store.witness, witnessNodes[witness.sqlInstanceID] == nil {
                items.append(.node(witnessNode(instanceID: witness.sqlInstanceID, failed: false, unplaced: true)))
            }
        }
        return items
    }

    /// Pools to the stores they use and to the file servers whose share they use; stores to their mirror copy;
    /// SQL instances to the witness of their stores. One edge per pool and store, one witness edge per instance.
    func edges() -> [DiagramGraph.Edge] {
        var edges: [DiagramGraph.Edge] = []
        var seen = Set<[String]>()
        for store in topology.stores {
            guard let storeNode = storeNodes[store.serviceID] else { continue }
            for consumerID in store.consumerServiceIDs {
                guard let consumer = topology.service(consumerID), case .cluster(let clusterID) = consumer.placement,
                      var from = clusterEndpoints[clusterID], seen.insert(["uses", clusterID, store.serviceID]).inserted else { continue }
                // A Standard Edition server's own collocated store sits inside its group: start at the anchor node.
                if storeCluster[store.serviceID] == clusterID { from.group = nil }
                if from.node == storeNode { continue }
                edges.append(.init(from: from, to: .init(node: storeNode, group: nil), kind: .uses,
                                   marks: highlighting.recreatedStoreIDs.contains(store.serviceID) ? [.recreated] : []))
            }
        }
        for service in topology.services {
            guard case .cluster(let clusterID) = service.placement, let from = clusterEndpoints[clusterID] else { continue }
            for dependency in service.dependencies where dependency.usage == .default {
                guard let target = topology.service(dependency.serviceID),
                      target.roleName.lowercased() == RoleCatalog.fileStoreRole,
                      case .cluster(let fileClusterID) = target.placement, fileClusterID != clusterID,
                      let to = clusterEndpoints[fileClusterID],
                      seen.insert(["file", clusterID, fileClusterID]).inserted else { continue }
                edges.append(.init(from: from, to: to, kind: .fileShare))
            }
        }
        for store in topology.stores {
            guard let storeNode = storeNodes[store.serviceID] else { continue }
            if let mirrorNode = mirrorNodes[store.serviceID] {
                edges.append(.init(from: .init(node: storeNode, group: nil), to: .init(node: mirrorNode, group: nil), kind: .mirror,
                                   marks: highlighting.recreatedMirrorStoreIDs.contains(store.serviceID) ? [.recreated] : []))
            }
            // The witness serves the mirroring of the whole instance: one edge from the instance, not one per store.
            if let witness = store.witness, let witnessNode = witnessNodes[witness.sqlInstanceID],
               seen.insert(["witness", instanceGroups[store.sqlInstanceID] ?? storeNode, witness.sqlInstanceID]).inserted {
                edges.append(.init(from: .init(node: storeNode, group: instanceGroups[store.sqlInstanceID]),
                                   to: .init(node: witnessNode, group: nil), kind: .witness,
                                   marks: highlighting.failedInstanceIDs.contains(witness.sqlInstanceID) ? [.failed] : []))
            }
        }
        return edges + pairingEdges()   // pool pairing (DiagramPairing.swift)
    }
}
