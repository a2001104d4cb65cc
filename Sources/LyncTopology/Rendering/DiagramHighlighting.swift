/// What a diagram marks after some servers failed: the failed servers, machines and SQL instances, and what a
/// restore would re-create because of them.
///
/// The marks come from a `RestorePlan`, so the diagram shows what the restore plans: a failed FQDN names a cluster
/// (a pool, a SQL Server, a file server…; the whole cluster failed: every machine and every SQL instance of it) or
/// one machine of a cluster (only that machine failed; when every machine of the cluster failed, the cluster
/// failed with them). FQDNs compare case-insensitively.
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

    /// The marks for a restore plan: what its failure analysis (`RestorePlan.failure`) says failed, and the stores
    /// whose primary or mirror instance is lost. Nothing is worked out again here. Throws, naming every name given
    /// that is neither a cluster nor a machine.
    ///
    /// A lost witness re-creates nothing by itself (the witness instance is only marked failed), and no role swap
    /// is shown: when only the primary is lost, the restore fails over to the mirror and the rebuilt server comes
    /// back as the new mirror, but the databases drawn on it are still the ones that are re-created there.
    public static func failedServers(_ plan: RestorePlan) throws(UnknownServerError) -> DiagramHighlighting {
        let failure = plan.failure
        if !failure.unknownNames.isEmpty { throw UnknownServerError(fqdns: failure.unknownNames) }
        return DiagramHighlighting(failedFQDNs: plan.failed, failedClusterIDs: failure.lostClusterIDs,
                                   failedMachines: failure.lostMachines, failedInstanceIDs: failure.lostInstanceIDs,
                                   recreatedStoreIDs: failure.storesWithLostPrimary,
                                   recreatedMirrorStoreIDs: failure.storesWithLostMirror)
    }

    /// The marks for failed servers named by FQDN: plans their restore with `RestorePlanner` once and takes the
    /// marks from the plan (`failedServers(_:)`). No name, no marks.
    public static func failedServers(_ fqdns: [String], in topology: Topology) throws(UnknownServerError) -> DiagramHighlighting {
        guard !fqdns.isEmpty else { return .none }
        return try failedServers(RestorePlanner.plan(topology, failed: fqdns))
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
