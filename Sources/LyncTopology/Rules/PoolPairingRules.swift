/// PAIR001: paired pools are of the same edition (Lync Server 2013 "Supported pool pairing options": Enterprise
/// Edition pools pair with Enterprise Edition pools, Standard Edition servers with Standard Edition servers).
/// Topology Builder does not prohibit other pairs, so this is a warning.
struct PoolPairingEditionRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "PAIR001",
        title: "Paired pools are of the same edition",
        rationale: "Disaster recovery pairs an Enterprise Edition pool with another Enterprise Edition pool and a Standard "
            + "Edition server with another Standard Edition server; other pairs are not supported, although Topology "
            + "Builder lets you define them.",
        source: "Lync Server 2013 \"Supported pool pairing options\"; domain.md §7 (Pairs)",
        defaultSeverity: .warning)

    public func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for pairing in context.topology.poolPairings where pairing.backupIsRegistrar {
            guard let backupPool = pairing.backupPool, let kind = pairing.poolKind, let other = pairing.backupPoolKind else { continue }
            let editions: Set<PoolKind> = [.enterprise, .standard]
            guard editions.contains(kind), editions.contains(other), kind != other else { continue }
            findings.append(warning("\(Self.describe(kind)) \(pairing.pool) is paired with \(Self.describe(other)) \(backupPool): "
                                    + "Enterprise Edition pools pair only with Enterprise Edition pools, Standard Edition servers only with Standard Edition servers",
                                    at: pairing.location))
        }
        return findings
    }

    static func describe(_ kind: PoolKind) -> String {
        kind == .standard ? "Standard Edition server" : "Enterprise Edition pool"
    }
}

/// PAIR002: a `<Backup>` names another Registrar (a missing id is REF003's).
struct PoolPairingTargetRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "PAIR002",
        title: "A pool's backup is another pool's Registrar",
        rationale: "Pool failover moves users to the Registrar the Backup element names: a service that is not a "
            + "Registrar, or the pool itself, leaves the pool with no place to fail over to. (A Backup naming a service "
            + "the topology does not declare is reported by REF003.)",
        source: "Lync Server 2013 \"Supported pool pairing options\" and \"Failing over a pool\"; corpus document 04; domain.md §7 (Pairs)",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for pairing in topology.poolPairings {
            guard let target = topology.service(pairing.backupServiceID),
                  let service = topology.service(pairing.registrarServiceID) else { continue }
            if !pairing.backupIsRegistrar {
                findings.append(error("Backup of \(service.displayName) names \(target.displayName), which is not a Registrar: a pool pairs with another pool's Registrar",
                                      at: pairing.location))
            } else if target.id == service.id
                || (pairing.backupPool.map { !pairing.pool.isEmpty && CaseFolding.equal($0, pairing.pool) } ?? false) {
                findings.append(error("Backup of \(service.displayName) names \(target.id == service.id ? "itself" : "a Registrar of its own pool \(pairing.pool)"): a pool cannot be its own backup",
                                      at: pairing.location))
            }
        }
        return findings
    }
}

/// PAIR003: a pairing is declared in both directions (each Registrar's `<Backup>` names the other, as Topology
/// Builder writes it; corpus document 04).
struct PoolPairingReciprocityRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "PAIR003",
        title: "A pool pairing is declared in both directions",
        rationale: "Topology Builder writes a pairing as a Backup element on each of the two Registrars. A pairing "
            + "declared on one side only fails over one way: the other pool's users have no backup.",
        source: "Lync Server 2013 \"Supported pool pairing options\"; corpus document 04; domain.md §7 (Pairs)",
        defaultSeverity: .warning)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for pairing in topology.poolPairings where pairing.backupIsRegistrar && !pairing.isReciprocal {
            guard let target = topology.service(pairing.backupServiceID), target.id != pairing.registrarServiceID else { continue }
            let back = target.backupServiceID.map { "names \(topology.service($0)?.displayName ?? $0) instead" } ?? "has no Backup"
            findings.append(warning("\(pairing.pool) names \(pairing.backupPool ?? target.displayName) as its backup, but \(target.displayName) \(back): the pairing is declared in one direction only",
                                    at: pairing.location))
        }
        return findings
    }
}
