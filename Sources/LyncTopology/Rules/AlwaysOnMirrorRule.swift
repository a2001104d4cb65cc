/// MIRROR008: an AlwaysOn store is not mirrored.
struct AlwaysOnMirrorRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "MIRROR008",
        title: "No mirror on an AlwaysOn store",
        rationale: "A store on an AlwaysOn availability group listener is already highly available; its databases are "
            + "created once, on the listener. Database mirroring and AlwaysOn cannot be combined for one store.",
        source: "Skype for Business Server 2015 AlwaysOn Availability Groups (no mirroring of an AlwaysOn store); domain.md §4, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        context.mirrors.compactMap { declaration in
            var listeners: [String] = []
            if let primary = declaration.primaryInstance, primary.alwaysOnPrimary != nil { listeners.append("primary " + context.describe(primary)) }
            if let mirror = declaration.mirrorInstance, mirror.alwaysOnPrimary != nil { listeners.append("mirror " + context.describe(mirror)) }
            guard !listeners.isEmpty else { return nil }
            return error("mirror of \(declaration.mirror.roleName) for \(context.describeService(declaration.consumer)) involves an AlwaysOn listener (\(listeners.joined(separator: ", "))); AlwaysOn stores are not mirrored",
                         at: declaration.dependency.location)
        }
    }
}
