/// Checks a topology against every invariant of domain.md §7. The rules live one per file in this folder;
/// this entry point gathers what reading found and what each rule finds, sorted by position. Publish and
/// restore call it to decide whether a plan is safe, so rules report errors only for real violations.
public enum TopologyValidator {
    /// Every rule, in the order of domain.md §7.
    public static let rules: [any TopologyRule] = [
        FQDNSyntaxRule(),
        FQDNUniquenessRule(),
        SingleMachineFQDNRule(),
        SQLInstanceNameRule(),
        SQLInstanceUniquenessRule(),
        ClusterReferenceRule(),
        SQLInstanceReferenceRule(),
        ServiceReferenceRule(),
        InstalledOnReferenceRule(),
        DuplicateIdentityRule(),
        StorePlacementRule(),
        StoreKindPerInstanceRule(),
        BackEndPerServerRule(),
        MirrorServerRule(),
        WitnessServerRule(),
        MirrorRoleRule(),
        MirroringPortRule(),
        SQLExpressPartnerRule(),
        MirrorProductRule(),
        WitnessWithoutMirrorRule(),
        AlwaysOnMirrorRule(),
        ActiveCentralManagementRule(),
        CentralManagementStoreRule(),
        NoActiveCentralManagementRule(),
        // Pool pairing (PoolPairingRules.swift).
        PoolPairingEditionRule(), PoolPairingTargetRule(), PoolPairingReciprocityRule(),
    ]

    /// Every id lynctopo can report: the rules', then those of reading the document.
    public static var descriptors: [RuleDescriptor] { rules.map(\.descriptor) + ReadingRules.descriptors }

    /// The description of a rule id, nil for an id lynctopo does not know.
    public static func descriptor(for id: String) -> RuleDescriptor? { descriptors.first { $0.id == id } }

    /// Every finding about `topology`: those of reading it, then those of each rule, sorted by location.
    public static func validate(_ topology: Topology) -> [Finding] {
        validate(topology, alongside: {}).0
    }

    /// Every finding about `topology`, and the result of `work`, computed side by side (the publish simulation
    /// runs beside the rules this way). The rules are independent and read only the topology: they run side by
    /// side too.
    static func validate<T: Sendable>(_ topology: Topology, alongside work: @Sendable () -> T) -> ([Finding], T) {
        let context = RuleContext(topology)
        let (found, result) = Parallel.map(rules.count, { rules[$0].check(context) }, alongside: work)
        return (sorted(found.reduce(into: topology.findings) { $0 += $1 }), result)
    }

    /// Every finding about a document: its topology's (the NewTopology of a .tbxml).
    public static func validate(_ document: TopologyDocument) -> [Finding] {
        validate(document.topology)
    }

    /// Findings sorted by location (findings without one first), then rule id and message; duplicates removed.
    public static func sorted(_ findings: [Finding]) -> [Finding] {
        guard findings.count > 1 else { return findings }
        var seen = Set<Finding>()
        seen.reserveCapacity(findings.count)
        // Compared field by field: rule ids and messages only when the positions are the same.
        return findings.filter { seen.insert($0).inserted }.sorted { a, b in
            let la = a.location?.line ?? 0, lb = b.location?.line ?? 0
            if la != lb { return la < lb }
            let ca = a.location?.column ?? 0, cb = b.location?.column ?? 0
            if ca != cb { return ca < cb }
            if a.rule != b.rule { return a.rule < b.rule }
            return a.message < b.message
        }
    }

    /// True when the findings hold an error, or, when `strict`, a warning.
    public static func hasBlockingFindings(_ findings: [Finding], strict: Bool = false) -> Bool {
        findings.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}
