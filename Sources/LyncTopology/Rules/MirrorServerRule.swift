/// MIRROR001: a mirror is on another SQL Server than its primary.
struct MirrorServerRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "MIRROR001",
        title: "A mirror is on another SQL Server than its primary",
        rationale: "Mirroring protects a store against the loss of its SQL Server; a mirror on the primary's own server "
            + "(another instance, or the same one) is lost with it and leaves the pool with no failover.",
        source: "Lync Server 2013 Back End Server high availability: database mirroring; domain.md §4, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        context.mirrors.compactMap { declaration in
            guard let primary = declaration.primary, let primaryInstance = declaration.primaryInstance,
                  let mirrorInstance = declaration.mirrorInstance,
                  let server = context.server(of: primaryInstance), server.id == mirrorInstance.clusterID else { return nil }
            return error("mirror \(context.describeStore(declaration.mirror)) of \(context.describeStore(primary)) is on the primary's own SQL Server \(server.fqdn); a mirror must be on another server",
                         at: declaration.dependency.location)
        }
    }
}
