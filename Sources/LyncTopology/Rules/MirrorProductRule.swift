/// MIRROR006: Skype for Business Server 2019 topologies have no mirrors.
struct MirrorProductRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "MIRROR006",
        title: "No mirror on Skype for Business Server 2019",
        rationale: "Skype for Business Server 2019 removed SQL Server database mirroring (use AlwaysOn or clustering); "
            + "a mirror there cannot be created by the publish wizard.",
        source: "Skype for Business Server 2019 removed features (database mirroring); domain.md §4, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        context.mirrors.compactMap { declaration in
            let product = declaration.consumer.product ?? context.topology.product
            guard let product, !product.supportsMirroring else { return nil }
            return error("\(context.describeService(declaration.consumer)) declares the mirror \(context.describeStore(declaration.mirror)), but \(product) does not support database mirroring",
                         at: declaration.dependency.location)
        }
    }
}
