/// MIRROR007: a witness only comes with a mirror.
struct WitnessWithoutMirrorRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "MIRROR007",
        title: "No witness without a mirror",
        rationale: "A witness only arbitrates between a primary and its mirror; the product creates and removes it "
            + "together with the mirror, so a witness with no mirror is a leftover of an incomplete change.",
        source: "Topology Builder mirroring settings (the witness is added and removed with the mirror); domain.md §4, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        context.witnesses.compactMap { witness in
            guard context.mirrorsByConsumer[witness.consumer.id] == nil else { return nil }
            let name = witness.witnessInstance.map(context.describe) ?? witness.witness.displayName
            return error("\(context.describeService(witness.consumer)) has the witness \(name) but no mirror", at: witness.dependency.location)
        }
    }
}
