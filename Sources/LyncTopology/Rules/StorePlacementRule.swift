/// PLACE001: stores are installed on SQL instances, and the other roles on clusters.
struct StorePlacementRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "PLACE001",
        title: "Stores are installed on SQL instances, other roles on clusters",
        rationale: "A store's databases live in a SQL Server instance: a store placed on a pool has no SQL Server to "
            + "create them on, and a server role placed on a SQL instance is never installed. (A role lynctopo does "
            + "not know, found on a SQL instance, is reported by STORE002 instead.)",
        source: "Lync Server 2013 topology: a store is a service installed on a SQL Server instance; domain.md §3, §7",
        defaultSeverity: .error)

    /// Roles that run on a server, never in a SQL instance (the product's role names).
    static let serverRoles: Set<String> = RoleCatalog.externalRoles.union([
        "userservices", "registrar", "webservices", "confservices", "applicationserver", "centralmgmt",
        "mediationserver", "edgeserver", "managementservices", "backupservice",
    ]).union(StoreCatalog.persistentChatConsumerRoles.map { $0.folded })

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for service in topology.services {
            switch service.placement {
            case .cluster(let id):
                if RuleContext.isStoreRole(service.roleName) {
                    let host = topology.cluster(id)?.fqdn ?? "cluster \(id)"
                    findings.append(error("store \(service.displayName) is installed on the cluster \(host), not on a SQL instance",
                                          at: service.location))
                }
            case .sqlInstance(let id):
                if Self.serverRoles.contains(CaseFolding.lowercased(service.roleName)) {
                    let host = topology.sqlInstance(id).map(context.describe) ?? id
                    findings.append(error("server role \(service.displayName) is installed on the SQL instance \(host), not on a cluster",
                                          at: service.location))
                }
            case .unresolved, .none:
                break
            }
        }
        return findings
    }
}
