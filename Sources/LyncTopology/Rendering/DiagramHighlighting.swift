/// A computer of a cluster, by position: the cluster's id and the machine's index in `Cluster.machines`.
public struct MachineReference: Sendable, Hashable {
    public var clusterID: String
    public var position: Int

    public init(clusterID: String, position: Int) {
        self.clusterID = clusterID
        self.position = position
    }
}

/// What a diagram marks after some servers failed: the failed servers, machines and SQL instances, and what a
/// restore would re-create because of them.
///
/// A failed FQDN names a cluster (a pool, a SQL Server, a file server…; the whole cluster failed: every machine
/// and every SQL instance of it) or one machine of a cluster (only that machine failed; when it is the cluster's
/// only machine, the cluster failed with it). FQDNs compare case-insensitively.
public struct DiagramHighlighting: Sendable, Hashable {
    /// The FQDNs as given, duplicates removed.
    public var failedFQDNs: [String]
    /// Clusters that failed as a whole.
    public var failedClusterIDs: Set<String>
    /// Machines that failed (every machine of a failed cluster, and machines named on their own).
    public var failedMachines: Set<MachineReference>
    /// SQL instances on the failed clusters: they are installed again with the same names.
    public var failedInstanceIDs: Set<String>
    /// Stores (by service id) whose primary instance is on a failed server: their databases are re-created.
    public var recreatedStoreIDs: Set<String>
    /// Stores (by service id of the primary store) whose mirror instance is on a failed server: their mirror
    /// copies are re-created.
    public var recreatedMirrorStoreIDs: Set<String>

    public init(failedFQDNs: [String] = [], failedClusterIDs: Set<String> = [], failedMachines: Set<MachineReference> = [],
                failedInstanceIDs: Set<String> = [], recreatedStoreIDs: Set<String> = [], recreatedMirrorStoreIDs: Set<String> = []) {
        self.failedFQDNs = failedFQDNs
        self.failedClusterIDs = failedClusterIDs
        self.failedMachines = failedMachines
        self.failedInstanceIDs = failedInstanceIDs
        self.recreatedStoreIDs = recreatedStoreIDs
        self.recreatedMirrorStoreIDs = recreatedMirrorStoreIDs
    }

    /// Nothing failed.
    public static let none = DiagramHighlighting()

    /// True when nothing is marked.
    public var isEmpty: Bool { failedFQDNs.isEmpty }

    /// Resolves failed FQDNs against a topology. Throws, naming every FQDN that is neither a cluster nor a machine.
    public static func failedServers(_ fqdns: [String], in topology: Topology) throws(UnknownServerError) -> DiagramHighlighting {
        var highlighting = DiagramHighlighting()
        var unknown: [String] = []
        for fqdn in fqdns where !highlighting.failedFQDNs.contains(where: { $0.lowercased() == fqdn.lowercased() }) {
            highlighting.failedFQDNs.append(fqdn)
            let wanted = fqdn.lowercased()
            guard !wanted.isEmpty else {
                unknown.append(fqdn)
                continue
            }
            var found = false
            for cluster in topology.clusters {
                let clusterFails = cluster.fqdn.lowercased() == wanted
                    || (cluster.machines.count == 1 && cluster.machines[0].fqdn.lowercased() == wanted)
                if clusterFails {
                    found = true
                    highlighting.failedClusterIDs.insert(cluster.id)
                    for position in cluster.machines.indices {
                        highlighting.failedMachines.insert(MachineReference(clusterID: cluster.id, position: position))
                    }
                    for instance in topology.sqlInstances(on: cluster.id) { highlighting.failedInstanceIDs.insert(instance.id) }
                    continue
                }
                for (position, machine) in cluster.machines.enumerated() where machine.fqdn.lowercased() == wanted {
                    found = true
                    highlighting.failedMachines.insert(MachineReference(clusterID: cluster.id, position: position))
                }
            }
            if !found { unknown.append(fqdn) }
        }
        if !unknown.isEmpty { throw UnknownServerError(fqdns: unknown) }
        let recreated = recreatedByRestore(failedInstanceIDs: highlighting.failedInstanceIDs, in: topology)
        highlighting.recreatedStoreIDs = Set(recreated.stores.map(\.serviceID))
        highlighting.recreatedMirrorStoreIDs = Set(recreated.mirrors.map(\.serviceID))
        return highlighting
    }

    /// What a restore would re-create after the given SQL instances were lost, as the diagram shows it:
    /// - `stores`: every store whose primary instance is lost (all its databases are re-created on the rebuilt
    ///   server, whether by the Create databases page or, for a collocated store, by Setup);
    /// - `mirrors`: every store whose mirror instance is lost (its mirror copies are re-created by Create Mirror
    ///   Database).
    ///
    /// A lost witness re-creates nothing by itself (the witness instance is only marked failed), and no role swap
    /// is shown: when only the primary is lost, the restore fails over to the mirror and the rebuilt server comes
    /// back as the new mirror, but the databases drawn on it are still the ones that are re-created there.
    public static func recreatedByRestore(failedInstanceIDs: Set<String>, in topology: Topology) -> (stores: [Store], mirrors: [Store]) {
        let stores = topology.stores.filter { failedInstanceIDs.contains($0.sqlInstanceID) }
        let mirrors = topology.stores.filter { store in store.mirror.map { failedInstanceIDs.contains($0.sqlInstanceID) } ?? false }
        return (stores, mirrors)
    }
}

/// Failed FQDNs that name no cluster and no machine of the topology.
public struct UnknownServerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var fqdns: [String]

    public init(fqdns: [String]) { self.fqdns = fqdns }

    public var description: String {
        fqdns.map { "no server or machine with FQDN '\($0)' in the topology" }.joined(separator: "\n")
    }
}
