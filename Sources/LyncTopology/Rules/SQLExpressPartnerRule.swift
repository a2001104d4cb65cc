/// MIRROR005: SQL Express is never a mirroring partner (primary or mirror); it may be a witness.
struct SQLExpressPartnerRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "MIRROR005",
        title: "No SQL Express mirroring partner",
        rationale: "SQL Server Express can only be a mirroring witness, never a principal or a mirror. Which instances "
            + "are SQL Express is a project decision (SQLExpressPolicy): an instance collocated with Lync server "
            + "roles, such as a Standard Edition server's rtc instance.",
        source: "SQL Server database mirroring prerequisites (SQL Server Express may only be a witness); domain.md §3, §4, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for declaration in context.mirrors {
            var partners: [(String, SQLInstance)] = []
            if let primary = declaration.primaryInstance, SQLExpressPolicy.isSQLExpress(primary, in: topology) {
                partners.append(("primary", primary))
            }
            if let mirror = declaration.mirrorInstance, SQLExpressPolicy.isSQLExpress(mirror, in: topology) {
                partners.append(("mirror", mirror))
            }
            guard !partners.isEmpty else { continue }
            let names = partners.map { "\($0.0) \(context.describe($0.1))" }.joined(separator: " and ")
            findings.append(error("mirroring of \(declaration.mirror.roleName) for \(context.describeService(declaration.consumer)) has a SQL Express partner: \(names)",
                                  at: declaration.dependency.location,
                                  notes: partners.map { SQLExpressPolicy.reason($0.1, in: topology) }))
        }
        return findings
    }
}
