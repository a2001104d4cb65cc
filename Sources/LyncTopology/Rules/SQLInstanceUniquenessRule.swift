/// SQL002: a SQL Server does not declare the same instance twice (names compare case-insensitively; empty and
/// `MSSQLSERVER` are both the default instance).
struct SQLInstanceUniquenessRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "SQL002",
        title: "A SQL Server declares each instance once",
        rationale: "Instance names are not case-sensitive and MSSQLSERVER is the default instance, so 'RTC' and 'rtc', "
            + "or '' and 'MSSQLSERVER', are one instance: stores meant for two instances would land in one.",
        source: "SQL Server instance naming (not case-sensitive, MSSQLSERVER is the default instance); domain.md §2.1, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        var first: [String: SQLInstance] = [:]
        for instance in context.topology.sqlInstances {
            let key = instance.clusterID + "\\" + CaseFolding.lowercased(instance.instanceName)
            if let earlier = first[key] {
                let name = instance.isDefaultInstance ? "the default instance" : "instance '\(instance.name)'"
                findings.append(error("\(name) of \(context.server(of: instance)?.fqdn ?? instance.clusterID) is declared again (first at line \(earlier.location.line))",
                                      at: instance.location))
            } else {
                first[key] = instance
            }
        }
        return findings
    }
}
