/// REF004: in a Topology Builder file, every service's `InstalledOn` UniqueId names a cluster or a SQL instance.
struct InstalledOnReferenceRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "REF004",
        title: "Every .tbxml InstalledOn UniqueId names a cluster or a SQL instance",
        rationale: "Topology Builder places a service by the UniqueId of its cluster or SQL instance; a UniqueId that "
            + "names nothing leaves the service nowhere, and the file cannot be published.",
        source: "Topology Builder file schema: InstalledOn holds a cluster's or SQL instance's UniqueId; domain.md §2.2, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        context.topology.services.compactMap { service in
            guard case .unresolved(let id) = service.placement else { return nil }
            return error("service \(service.displayName) is installed on UniqueId '\(id)', which names no cluster and no SQL instance",
                         at: service.location)
        }
    }
}
