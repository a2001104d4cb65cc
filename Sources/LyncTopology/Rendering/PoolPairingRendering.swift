/// How `show` prints pool pairings and the standby Central Management store (text lines and JSON values).
public enum PoolPairingRendering {
    /// The line under a pool that declares a pairing, e.g. `paired with pool02.contoso.com (automatic failover off)`;
    /// nil for a pool that declares none.
    public static func pairingLine(for cluster: Cluster, in topology: Topology) -> String? {
        guard let pairing = topology.poolPairings.first(where: { $0.pool.lowercased() == cluster.fqdn.lowercased() }) else { return nil }
        var details: [String] = []
        switch pairing.enableAutomaticFailover {
        case true?: details.append("automatic failover on")
        case false?: details.append("automatic failover off")
        case nil: break
        }
        if pairing.enableAutomaticFailover == true, let failure = pairing.failureDetectionInterval { details.append("failure detection \(failure)") }
        if !pairing.isReciprocal { details.append("declared in this direction only") }
        let target = pairing.backupPool ?? "\(pairing.backupServiceID), which is on no pool of this topology"
        return "paired with \(target)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
    }

    /// `Backup Central Management store: pool02.contoso.com (store on sql21.contoso.com\rtc, mirror sql22.contoso.com\rtc)`.
    public static func backupCentralManagementLine(_ topology: Topology) -> String? {
        guard let standby = topology.backupCentralManagement else { return nil }
        var store = "no store"
        if let server = standby.sqlServer {
            store = "store on " + display(server, standby.instance ?? "")
            if let mirror = standby.mirrorSQLServer { store += ", mirror " + display(mirror, standby.mirrorInstance ?? "") }
        }
        return "Backup Central Management store: \(standby.pool) (\(store))"
    }

    /// `pools[].backupPool`: the paired pool's FQDN, or null.
    public static func backupPoolJSON(for cluster: Cluster, in topology: Topology) -> JSONValue {
        .string(topology.backupPool(of: cluster.fqdn))
    }

    /// The top-level `backupCentralManagementServer`: `{pool, sqlServer, instance}` (with the mirror when there is
    /// one), or null.
    public static func backupCentralManagementJSON(_ topology: Topology) -> JSONValue {
        guard let standby = topology.backupCentralManagement else { return .null }
        var fields: [(String, JSONValue)] = [("pool", .string(standby.pool)), ("sqlServer", .string(standby.sqlServer)),
                                             ("instance", .string(standby.instance))]
        if let mirror = standby.mirrorSQLServer {
            fields.append(("mirror", .object([("sqlServer", .string(mirror)), ("instance", .string(standby.mirrorInstance))])))
        }
        return .object(fields)
    }

    static func display(_ server: String, _ instance: String) -> String { instance.isEmpty ? server : server + "\\" + instance }
}
