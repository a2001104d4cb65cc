/// The semantic diff of two topologies: what changed, entity by entity, keyed by identity rather than by
/// text (formatting, attribute order, namespace prefixes, whitespace and the document kind never show up),
/// and what publishing the new topology will do because of it.
public enum TopologyDiff {
    /// The changes from `old` to `new`, grouped by entity in this order: sites, domains, pools, machines,
    /// SQL instances, stores, mirrors, witnesses, services; within a group removed entities first (in the old
    /// document's order), then added and changed ones (in the new document's order).
    public static func compare(old: Topology, new: Topology) -> [TopologyChange] {
        var comparison = DiffComparison(old: old, new: new)
        comparison.run()
        return comparison.changes
    }

    /// The publish of `new` as the wizard would run it with `old`'s stores (and mirrors) taken as existing,
    /// and the warnings for changes that need more than a publish.
    public static func publishImpact(old: Topology, new: Topology) -> PublishImpact {
        report(old: old, new: new).impact
    }

    /// The changes and the publish impact together.
    public static func report(old: Topology, new: Topology) -> TopologyDiffReport {
        var comparison = DiffComparison(old: old, new: new)
        comparison.run()
        let plan = PublishSimulator.simulate(new, options: PublishOptions(existing: PublishSimulator.existing(from: old)))
        // Warnings before notes, each in the order of the changes.
        let warnings = comparison.warnings.filter { $0.severity != .note } + comparison.warnings.filter { $0.severity == .note }
        return TopologyDiffReport(changes: comparison.changes, impact: PublishImpact(plan: plan, warnings: warnings))
    }
}
