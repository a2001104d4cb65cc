/// SQL001: every SQL instance name follows SQL Server Setup's rules.
struct SQLInstanceNameRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "SQL001",
        title: "SQL instance names follow SQL Server Setup's rules",
        rationale: "A rebuilt SQL Server must be installed with the same instance names as before; a name Setup refuses "
            + "(longer than 16 characters, not starting with a letter, with characters other than letters, digits, $ "
            + "and _, or a reserved word such as DEFAULT) can never be reproduced. Empty and MSSQLSERVER mean the "
            + "default instance.",
        source: "SQL Server Setup, Instance Configuration: instance name rules; Transact-SQL reserved keywords; domain.md §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        context.topology.sqlInstances.compactMap { instance in
            guard let problem = NameSyntax.sqlInstanceNameProblem(instance.name) else { return nil }
            let server = instance.sqlServer.isEmpty ? "" : " on \(instance.sqlServer)"
            return error("SQL instance name '\(instance.name)'\(server) \(problem)", at: instance.location)
        }
    }
}
