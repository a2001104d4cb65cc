/// One semantic difference between two topologies: an entity added or removed, or one field of an entity
/// (or one item of a list field, such as a dependency or a port) changed.
///
/// `id` names the entity as it is after the change (as it was, for a removed one), in the product's words:
/// a pool by FQDN, a machine by FQDN, a SQL instance as `server\instance`, a store, mirror or witness by its
/// primary store (`UserStore:sql01.contoso.com\rtc`), a service as `SiteId-RoleName-Instance` (or
/// `RoleName@host` before it has been published), a site by id, a domain by name.
public struct TopologyChange: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case added, removed, changed
    }

    /// What it happened to.
    public enum Entity: String, Sendable, Hashable, Codable, CaseIterable {
        case site, domain, pool, machine, sqlInstance, store, mirror, witness, service
        /// A pool pairing, named by the pool that declares it (Diff/PairingChanges.swift).
        case pairing
    }

    public var kind: Kind
    public var entity: Entity
    public var id: String
    /// The field that changed (`fqdn`, `mirroringPort`, `dependency`, `port[…]`…); nil when the entity itself
    /// was added or removed.
    public var field: String?
    /// The value before (for a removed entity: a one-line description of it); nil when there was none.
    public var old: String?
    /// The value after (for an added entity: a one-line description of it); nil when there is none.
    public var new: String?

    public init(kind: Kind, entity: Entity, id: String, field: String? = nil, old: String? = nil, new: String? = nil) {
        self.kind = kind
        self.entity = entity
        self.id = id
        self.field = field
        self.old = old
        self.new = new
    }
}

/// Something a change needs beyond the publish itself (a cmdlet to run first, servers that restart, data
/// that does not move), as the diff's publish impact says it.
public struct DiffWarning: Sendable, Hashable {
    /// `DIFF001`…, one per kind of consequence (see `PublishImpact`).
    public var rule: String
    public var severity: Finding.Severity
    public var entity: TopologyChange.Entity
    /// The entity's id, as in the change that caused the warning.
    public var id: String
    public var message: String
    /// Commands to run, as values (`PowerShell.render` writes each as a command line); empty when none applies
    /// or a value failed the name invariants (the message then says why).
    public var commands: [PowerShellCommand]

    public init(rule: String, severity: Finding.Severity, entity: TopologyChange.Entity, id: String, message: String,
                commands: [PowerShellCommand] = []) {
        self.rule = rule
        self.severity = severity
        self.entity = entity
        self.id = id
        self.message = message
        self.commands = commands
    }
}

/// What publishing the new topology will do, given that what the old one describes is deployed: the
/// databases and mirror databases the wizard will create, and warnings for changes that need more than a
/// publish.
public struct PublishImpact: Sendable, Hashable {
    /// The whole simulated publish of the new topology, with the old topology's stores taken as existing.
    public var plan: PublishPlan
    /// The Create databases page entries the publish creates (`action == .create`).
    public var createDatabases: [PlannedDatabase]
    /// The Create Mirror Database page entries the publish creates (`action == .create`).
    public var createMirrorDatabases: [PlannedMirrorDatabase]
    public var warnings: [DiffWarning]

    public init(plan: PublishPlan, warnings: [DiffWarning]) {
        self.plan = plan
        self.createDatabases = plan.createDatabases.filter { $0.action == .create }
        self.createMirrorDatabases = plan.createMirrorDatabases.filter { $0.action == .create }
        self.warnings = warnings
    }
}

/// A complete diff: the changes and the publish impact.
public struct TopologyDiffReport: Sendable, Hashable {
    public var changes: [TopologyChange]
    public var impact: PublishImpact

    public init(changes: [TopologyChange], impact: PublishImpact) {
        self.changes = changes
        self.impact = impact
    }

    public var hasChanges: Bool { !changes.isEmpty }
}
