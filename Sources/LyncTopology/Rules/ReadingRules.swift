/// The findings reading a document can produce (`TopologyDecoder`, `TopologyResolver`, `MirrorEncoding`): not rules of their
/// own, but listed beside the rules so that every id lynctopo prints is described (the rule table of docs/commands.md, SARIF).
public enum ReadingRules {
    public static let descriptors: [RuleDescriptor] = readingDescriptors + MirrorEncoding.descriptors

    static let readingDescriptors: [RuleDescriptor] = [
        RuleDescriptor(
            id: "SCHEMA001",
            title: "Required elements and attributes are present",
            rationale: "An element without its key (a Cluster without ClusterId, a Service without InstalledOn, a "
                + "missing Fqdn or UniqueId) cannot be identified or placed; everything that refers to it is in doubt.",
            source: "Topology document schema (required elements and attributes); domain.md §2",
            defaultSeverity: .error),
        RuleDescriptor(
            id: "DEP001",
            title: "Dependency Usage values are understood",
            rationale: "lynctopo knows \(MirrorEncoding.defaultUsage), \(MirrorEncoding.mirrorUsage) and \(MirrorEncoding.witnessUsage). Another Usage is kept as written and reported, since "
                + "it may be a mirror or witness encoded another way.",
            source: "Mirror and witness reference encoding (nothing dropped silently); domain.md §4",
            defaultSeverity: .warning),
        RuleDescriptor(
            id: "STORE001",
            title: "Every store is used by some service",
            rationale: "A store no service depends on is kept and reported: it may be a leftover, or a mirror encoded "
                + "another way.",
            source: "Mirror and witness reference encoding (an unreferenced store is never dropped silently); domain.md §4",
            defaultSeverity: .warning),
        RuleDescriptor(
            id: "STORE002",
            title: "Store roles are known",
            rationale: "A store whose role lynctopo does not know has no database list: publish and restore plans cannot "
                + "say what to create for it.",
            source: "Store roles and their databases (Persistent Chat role names unconfirmed); domain.md §3",
            defaultSeverity: .warning),
    ]
}
