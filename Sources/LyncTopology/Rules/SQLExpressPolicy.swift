/// Which SQL instances are SQL Express, as far as a topology can tell.
///
/// Project decision (domain.md §3 and §4; the topology does not record SQL Server editions): an instance is
/// taken to be **SQL Express** when it sits on a server that runs a Lync server role, i.e. a collocated
/// instance — a Standard Edition server's `rtc` instance (cluster kind `.standard`), or any instance on a
/// cluster hosting a Lync role (`Store.isStandAlone == false` for its stores). Setup installs SQL Express
/// there; a dedicated SQL Server (no Lync role on its cluster) is taken to be a full edition. This decision
/// lives here and nowhere else: the mirror rules and any planner that needs it call `isSQLExpress`.
public enum SQLExpressPolicy {
    /// True when `instance` is taken to be SQL Express (see the type's documentation).
    public static func isSQLExpress(_ instance: SQLInstance, in topology: Topology) -> Bool {
        guard let position = topology.index.clusterByID[instance.clusterID] else { return false }
        if topology.clusters[position].kind == .standard { return true }
        return (topology.index.servicesByCluster[topology.clusters[position].id] ?? []).contains { RoleCatalog.isLyncServerRole(topology.services[$0].roleName) }
    }

    /// Why an instance is taken to be SQL Express, for messages.
    static func reason(_ instance: SQLInstance, in topology: Topology) -> String {
        guard let cluster = topology.cluster(instance.clusterID) else { return "" }
        if cluster.kind == .standard { return "\(cluster.fqdn) is a Standard Edition server, whose collocated instance is SQL Express" }
        return "\(cluster.fqdn) runs Lync server roles, so its collocated instance is SQL Express"
    }
}
