/// Pool pairings in a diff: a pairing added, removed, or changed (the other pool, automatic failover, the
/// detection intervals). A pairing is one direction, named by the pool whose Registrar declares it; the
/// Registrar's `backup` field change is reported with the services as well.
extension DiffComparison {
    mutating func comparePairings() {
        func key(_ pairing: PoolPairing) -> String { pairing.pool.lowercased() }
        let before = Dictionary(old.poolPairings.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(new.poolPairings.map(key))
        for pairing in old.poolPairings where !after.contains(key(pairing)) {
            removed(.pairing, pairing.pool, PoolPairingRendering.describe(pairing))
        }
        var seen = Set<String>()
        for pairing in new.poolPairings where seen.insert(key(pairing)).inserted {
            guard let previous = before[key(pairing)] else {
                added(.pairing, pairing.pool, PoolPairingRendering.describe(pairing))
                continue
            }
            field(.pairing, pairing.pool, "backupPool", previous.backupPool ?? previous.backupServiceID, pairing.backupPool ?? pairing.backupServiceID,
                  caseInsensitive: true)
            field(.pairing, pairing.pool, "automaticFailover", Self.text(previous.enableAutomaticFailover), Self.text(pairing.enableAutomaticFailover))
            field(.pairing, pairing.pool, "failureDetectionInterval", previous.failureDetectionInterval, pairing.failureDetectionInterval)
            field(.pairing, pairing.pool, "failbackDetectionInterval", previous.failbackDetectionInterval, pairing.failbackDetectionInterval)
        }
    }
}

extension PoolPairingRendering {
    /// `paired with pool02.contoso.com, automatic failover off`: a pairing in one line, for the diff.
    static func describe(_ pairing: PoolPairing) -> String {
        var text = "paired with \(pairing.backupPool ?? pairing.backupServiceID)"
        if let automatic = pairing.enableAutomaticFailover { text += ", automatic failover \(automatic ? "on" : "off")" }
        return text
    }
}
