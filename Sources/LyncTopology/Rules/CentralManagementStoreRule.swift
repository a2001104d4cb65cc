/// CMS002: the active CentralMgmt service depends on a CentralMgmtStore that resolves to a SQL instance.
struct CentralManagementStoreRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "CMS002",
        title: "The active CMS's CentralMgmtStore resolves",
        rationale: "The Central Management store (xds, lis) is where the topology itself lives; an active CMS with no "
            + "CentralMgmtStore on a SQL instance has nowhere to publish to and cannot be restored. (A dependency "
            + "naming a missing service is REF003's to report; a CentralMgmtStore placed on a cluster, PLACE001's.)",
        source: "Lync Server 2013 Central Management store (xds, lis on a SQL instance); domain.md §6, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for service in topology.services where ActiveCentralManagementRule.isCentralManagement(service) && service.isActiveCentralManagement == true {
            var hasStoreDependency = false
            var hasDanglingDependency = false
            for dependency in service.dependencies where dependency.usage == .default {
                guard let target = topology.service(dependency.serviceID) else { hasDanglingDependency = true; continue }
                if CaseFolding.equal(target.roleName, RoleCatalog.centralManagementStoreRole) { hasStoreDependency = true }
            }
            if !hasStoreDependency && !hasDanglingDependency {
                findings.append(error("active Central Management Server \(context.describeService(service)) depends on no CentralMgmtStore",
                                      at: service.location))
            }
        }
        return findings
    }
}
