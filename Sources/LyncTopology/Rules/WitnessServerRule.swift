/// MIRROR002: a witness is on a third SQL Server, neither the primary's nor the mirror's.
struct WitnessServerRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "MIRROR002",
        title: "A witness is on a third SQL Server",
        rationale: "The witness decides automatic failover by siding with the partner it can still see; on the primary's "
            + "or the mirror's server it fails together with that partner, and automatic failover cannot happen.",
        source: "SQL Server database mirroring: witness for automatic failover; domain.md §4, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for witness in context.witnesses {
            guard let witnessInstance = witness.witnessInstance, let witnessServer = context.server(of: witnessInstance) else { continue }
            var sharedWith: [String] = []
            for mirror in (context.mirrorsByConsumer[witness.consumer.id] ?? []).map({ context.mirrors[$0] }) {
                for (role, instance) in [("primary", mirror.primaryInstance), ("mirror", mirror.mirrorInstance)] {
                    guard let instance, instance.clusterID == witnessServer.id else { continue }
                    let text = "\(role) \(context.describeStore(role == "primary" ? (mirror.primary ?? mirror.mirror) : mirror.mirror))"
                    if !sharedWith.contains(text) { sharedWith.append(text) }
                }
            }
            if !sharedWith.isEmpty {
                findings.append(error("witness \(context.describe(witnessInstance)) of \(context.describeService(witness.consumer)) is on the same SQL Server as the \(sharedWith.joined(separator: " and the ")); a witness must be on a third server",
                                      at: witness.dependency.location))
            }
        }
        return findings
    }
}
