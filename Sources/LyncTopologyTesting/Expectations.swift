import LyncTopology

/// A failed expectation about a topology, a finding or a plan. The helpers of this module throw it, so
/// that a test (Swift Testing, XCTest or anything else that reports thrown errors) fails with the message.
public struct TopologyExpectationFailure: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

func render(_ findings: [Finding]) -> String {
    findings.map { finding in
        let location = finding.location.map { "\($0.line):\($0.column): " } ?? ""
        return "  \(location)\(finding.severity.rawValue): [\(finding.rule)] \(finding.message)"
    }.joined(separator: "\n")
}

// MARK: findings

/// Every finding of the validator about the document's topology (the NewTopology of a .tbxml).
public func findings(_ document: TopologyDocument) -> [Finding] {
    TopologyValidator.validate(document.topology)
}

/// The validator's findings with this rule id.
public func findings(_ document: TopologyDocument, rule: String) -> [Finding] {
    findings(findings(document), rule: rule)
}

/// The findings with this rule id.
public func findings(_ findings: [Finding], rule: String) -> [Finding] {
    findings.filter { $0.rule == rule }
}

/// The validator's errors.
public func errors(_ document: TopologyDocument) -> [Finding] {
    findings(document).filter { $0.severity == .error }
}

/// Throws, listing them, when the validator finds errors.
public func expectNoErrors(_ document: TopologyDocument) throws {
    let errors = errors(document)
    if !errors.isEmpty {
        throw TopologyExpectationFailure("\(document.path): expected no errors, found \(errors.count):\n" + render(errors))
    }
}

/// Throws when the validator finds anything at all (warnings and notes included).
public func expectNoFindings(_ document: TopologyDocument) throws {
    let all = findings(document)
    if !all.isEmpty { throw TopologyExpectationFailure("\(document.path): expected no findings, found \(all.count):\n" + render(all)) }
}

/// The first finding with this rule (and severity, when given); throws, listing what was found, when there is none.
@discardableResult
public func expectFinding(_ document: TopologyDocument, rule: String, severity: Finding.Severity? = nil) throws -> Finding {
    let all = findings(document)
    if let match = all.first(where: { $0.rule == rule && (severity == nil || $0.severity == severity) }) { return match }
    let wanted = severity.map { "\($0.rawValue) " } ?? ""
    throw TopologyExpectationFailure("\(document.path): expected a \(wanted)finding [\(rule)], found:\n" + (all.isEmpty ? "  nothing" : render(all)))
}

// MARK: the model

/// The primary store of a role on a SQL Server (and instance, when given; "" is the default instance).
public func store(_ document: TopologyDocument, role: String, on sqlServer: String, instance: String? = nil) throws -> Store {
    let match = document.topology.stores.first { store in
        store.role.lowercased() == role.lowercased() && store.sqlServer.lowercased() == sqlServer.lowercased()
            && (instance == nil || store.instance.lowercased() == instance?.lowercased())
    }
    guard let match else {
        let known = document.topology.stores.map(\.displayName).joined(separator: ", ")
        throw TopologyExpectationFailure("no \(role) on \(sqlServer)\(instance.map { "\\" + $0 } ?? ""); stores: \(known.isEmpty ? "none" : known)")
    }
    return match
}

/// The SQL instance `server\instance` (or a server alone, for its default instance).
public func sqlInstance(_ document: TopologyDocument, _ name: String) throws -> SQLInstance {
    let reference = SQLInstanceRef(displayName: name)
    let match = document.topology.sqlInstances.first { instance in
        instance.sqlServer.lowercased() == reference.sqlServer.lowercased()
            && instance.instanceName.lowercased() == (reference.instance.uppercased() == "MSSQLSERVER" ? "" : reference.instance.lowercased())
    }
    guard let match else {
        let known = document.topology.sqlInstances.map(\.displayName).joined(separator: ", ")
        throw TopologyExpectationFailure("no SQL instance \(name); instances: \(known.isEmpty ? "none" : known)")
    }
    return match
}

/// The one mirroring port of the SQL instance `server\instance`, as every command gives it (written, else the
/// default of the roles it plays; nil when it plays none).
public func mirroringPort(_ document: TopologyDocument, of name: String) throws -> Int? {
    document.topology.mirroringPort(of: try sqlInstance(document, name))
}

/// The pool (or server) with this FQDN.
public func pool(_ document: TopologyDocument, _ fqdn: String) throws -> Cluster {
    guard let cluster = document.topology.cluster(fqdn: fqdn) else { throw TopologyExpectationFailure("no pool \(fqdn)") }
    return cluster
}

/// Writes the document and reads the bytes back: what a test should assert on after an edit, since it is
/// what lands on disk. Throws when the written document does not read back to the same tree and model.
public func reread(_ document: TopologyDocument) throws -> TopologyDocument {
    let bytes = document.serialized()
    let again = try TopologyDocument(bytes: bytes, path: document.path)
    if again.xml != document.xml { throw TopologyExpectationFailure("\(document.path): the written document reads back to another tree") }
    if again.serialized() != bytes { throw TopologyExpectationFailure("\(document.path): writing the re-read document changes its bytes") }
    return again
}

// MARK: plans

/// The databases the publish creates (or finds) on a SQL Server, from the Create databases page.
public func plannedDatabases(_ plan: PublishPlan, on sqlServer: String) -> [PlannedDatabase] {
    plan.createDatabases.filter { $0.sqlServer.lowercased() == sqlServer.lowercased() }
}

/// The mirror databases the publish creates on a SQL Server, from the Create Mirror Database page.
public func plannedMirrorDatabases(_ plan: PublishPlan, on sqlServer: String) -> [PlannedMirrorDatabase] {
    plan.createMirrorDatabases.filter { $0.sqlServer.lowercased() == sqlServer.lowercased() }
}

/// Throws when the plan is blocked, listing why.
public func expectNotBlocked(_ plan: PublishPlan) throws {
    if plan.isBlocked { throw TopologyExpectationFailure("the publish is blocked:\n" + render(plan.findings)) }
}
