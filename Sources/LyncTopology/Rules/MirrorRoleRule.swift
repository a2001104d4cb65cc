/// MIRROR003: a mirror has the role of the primary store it mirrors.
struct MirrorRoleRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "MIRROR003",
        title: "A mirror has its primary store's role",
        rationale: "A mirror holds copies of its primary's databases: a mirror of another role (or of a role the "
            + "consumer has no primary store for) has nothing to copy, and Install-CsMirrorDatabase would create the "
            + "wrong databases.",
        source: "Topology Builder \"Enable SQL Store mirroring\" (the mirror is a store of the same role); domain.md §4, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for declaration in context.mirrors where declaration.primary == nil {
            let target = declaration.mirror
            if context.isWitnessStore(target) {
                findings.append(error("\(context.describeService(declaration.consumer)) names the witness store \(context.describeStore(target)) as a mirror",
                                      at: declaration.dependency.location))
                continue
            }
            if !target.isStore {
                // A store role placed on a cluster is PLACE001's to report.
                if !RuleContext.isStoreRole(target.roleName) {
                    findings.append(error("\(context.describeService(declaration.consumer)) names \(target.displayName), which is not a store, as a mirror",
                                          at: declaration.dependency.location))
                }
                continue
            }
            let primaries = declaration.consumer.dependencies.filter { $0.usage == .default }
                .compactMap { context.topology.service($0.serviceID) }.filter(\.isStore).map(\.roleName)
            let have = primaries.isEmpty ? "it has no primary store" : "its primary stores are " + primaries.joined(separator: ", ")
            findings.append(error("mirror \(context.describeStore(target)) of \(context.describeService(declaration.consumer)) has role \(target.roleName), but \(have); a mirror must have its primary's role",
                                  at: declaration.dependency.location))
        }
        return findings
    }
}
