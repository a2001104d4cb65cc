/// The `show` command's outputs: the typed model as JSON (keys per the command-line contract) and as a tree.
public enum ShowRendering {
    static func endpoint(_ endpoint: StoreEndpoint?) -> JSONValue {
        guard let endpoint else { return .null }
        return .object([("sqlServer", .string(endpoint.sqlServer)), ("instance", .string(endpoint.instance)),
                        ("mirroringPort", .int(endpoint.mirroringPort))])
    }

    public static func centralManagementJSON(_ cms: CentralManagement?) -> JSONValue {
        guard let cms else { return .null }
        return .object([("pool", .string(cms.pool)), ("sqlServer", .string(cms.sqlServer)), ("instance", .string(cms.instance))])
    }

    public static func json(_ document: TopologyDocument) -> JSONValue {
        let topology = document.topology
        let sites: JSONValue = .array(topology.sites.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) })
        let pools: JSONValue = .array(topology.clusters.map { cluster in
            .object([
                ("fqdn", .string(cluster.fqdn)),
                ("site", .string(cluster.siteID)),
                ("kind", .string(cluster.kind.rawValue)),
                ("machines", .strings(cluster.machines.map(\.fqdn))),
                ("roles", .strings(topology.services(on: cluster.id).map(\.roleName))),
                ("backupPool", PoolPairingRendering.backupPoolJSON(for: cluster, in: topology)),   // pool pairing
            ])
        })
        let instances: JSONValue = .array(topology.sqlInstances.map { instance in
            .object([
                ("sqlServer", .string(instance.sqlServer)),
                ("instance", .string(instance.instanceName)),
                ("mirroringPort", .int(topology.mirroringPort(of: instance))),
                ("alwaysOnPrimary", .string(instance.alwaysOnPrimary)),
            ])
        })
        let stores: JSONValue = .array(topology.stores.map { store in
            .object([
                ("role", .string(store.role)),
                ("databaseType", .string(store.databaseType)),
                ("sqlServer", .string(store.sqlServer)),
                ("instance", .string(store.instance)),
                ("databases", .strings(store.databases)),
                ("standAlone", .bool(store.isStandAlone)),
                ("consumers", .strings(store.consumers)),
                ("mirror", endpoint(store.mirror)),
                ("witness", endpoint(store.witness)),
            ])
        })
        return .object([
            ("document", .string(document.path)),
            ("kind", .string(document.kind.rawValue)),
            ("product", .string(topology.product?.description)),
            ("sites", sites),
            ("pools", pools),
            ("sqlInstances", instances),
            ("stores", stores),
            ("centralManagementServer", centralManagementJSON(topology.centralManagement)),
            ("backupCentralManagementServer", PoolPairingRendering.backupCentralManagementJSON(topology)),   // pool pairing
            ("findings", FindingRendering.json(topology.findings, path: document.path)),
        ])
    }

    public static func text(_ document: TopologyDocument) -> String {
        let topology = document.topology
        var out = ""
        let kind = document.kind == .tbxml
            ? (document.original == nil ? "Topology Builder file (NewTopology; never published)" : "Topology Builder file (NewTopology; OriginalTopology present)")
            : "published topology"
        out += "\(document.path): \(kind), \(topology.product?.description ?? "unknown product")\n"
        if let cms = topology.centralManagement {
            let store = cms.sqlServer.map { server in
                (cms.instance ?? "").isEmpty ? server : server + "\\" + (cms.instance ?? "")
            } ?? "no store"
            out += "Central Management Server: \(cms.pool) (store on \(store))\n"
        } else {
            out += "Central Management Server: none (chosen when the topology is first published)\n"
        }
        if let line = PoolPairingRendering.backupCentralManagementLine(topology) { out += line + "\n" }   // pool pairing
        var clustersOfSite: [String: [Int]] = [:]
        for (position, cluster) in topology.clusters.enumerated() { clustersOfSite[cluster.siteID, default: []].append(position) }
        for site in topology.sites {
            out += "\nSite \(site.id) \"\(site.name)\"\n"
            for cluster in (clustersOfSite[site.id] ?? []).map({ topology.clusters[$0] }) {
                let roles = topology.services(on: cluster.id).map(\.roleName)
                out += "  \(cluster.fqdn)  [\(cluster.kind.rawValue)]"
                if !roles.isEmpty { out += "  \(roles.joined(separator: ", "))" }
                out += "\n"
                let single = cluster.machines.count == 1 && cluster.machines[0].fqdn.lowercased() == cluster.fqdn.lowercased()
                if !single {
                    for machine in cluster.machines { out += "    - \(machine.fqdn)\n" }
                }
                if let line = PoolPairingRendering.pairingLine(for: cluster, in: topology) { out += "    \(line)\n" }   // pool pairing
                for instance in topology.sqlInstances(on: cluster.id) {
                    out += "    SQL instance \(instance.isDefaultInstance ? "(default)" : instance.name)"
                    if let port = topology.mirroringPort(of: instance) { out += ", mirroring port \(port)" }
                    if let primary = instance.alwaysOnPrimary { out += ", AlwaysOn primary \(primary)" }
                    out += "\n"
                }
            }
        }
        let siteIDs = Set(topology.sites.map(\.id))
        let orphans = topology.clusters.filter { !siteIDs.contains($0.siteID) }
        if !orphans.isEmpty {
            out += "\nClusters in no known site\n"
            for cluster in orphans { out += "  \(cluster.fqdn)  [\(cluster.kind.rawValue)]\n" }
        }
        out += "\nSQL stores\n"
        if topology.stores.isEmpty { out += "  (none)\n" }
        // Stores grouped by SQL instance, instances in the order their first store appears.
        var instanceOrder: [String] = []
        var storesOfInstance: [String: [Int]] = [:]
        for (position, store) in topology.stores.enumerated() {
            if storesOfInstance[store.sqlInstanceID] == nil { instanceOrder.append(store.sqlInstanceID) }
            storesOfInstance[store.sqlInstanceID, default: []].append(position)
        }
        for instanceID in instanceOrder {
            let group = (storesOfInstance[instanceID] ?? []).map { topology.stores[$0] }
            guard let first = group.first else { continue }
            let placement = first.isAlwaysOn ? "AlwaysOn" : (first.isStandAlone ? "stand-alone" : "collocated")
            out += "  \(first.instance.isEmpty ? first.sqlServer : first.sqlServer + "\\" + first.instance)  (\(placement))\n"
            for store in group {
                out += "    \(store.role) (\(store.databaseType))"
                if !store.consumers.isEmpty { out += " for \(store.consumers.joined(separator: ", "))" }
                out += ": \(store.databases.isEmpty ? "no known databases" : store.databases.joined(separator: ", "))\n"
                if let mirror = store.mirror {
                    out += "      mirror:  \(mirror.instance.isEmpty ? mirror.sqlServer : mirror.sqlServer + "\\" + mirror.instance) (port \(mirror.mirroringPort))\n"
                }
                if let witness = store.witness {
                    out += "      witness: \(witness.instance.isEmpty ? witness.sqlServer : witness.sqlServer + "\\" + witness.instance) (port \(witness.mirroringPort))\n"
                }
            }
        }
        if !topology.findings.isEmpty {
            out += "\n" + FindingRendering.text(topology.findings, path: document.path)
        }
        return out
    }
}
