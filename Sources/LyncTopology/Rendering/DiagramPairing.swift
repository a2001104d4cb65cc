/// The pool pairing edges of a diagram: one dashed, undirected edge labelled "paired" between the two pools of
/// each pair (a pair declared in both directions is drawn once).
extension DiagramBuilder {
    func pairingEdges() -> [DiagramGraph.Edge] {
        var edges: [DiagramGraph.Edge] = []
        var seen = Set<[String]>()
        for pairing in topology.poolPairings where pairing.backupIsRegistrar {
            guard let backup = pairing.backupPool, let from = topology.cluster(fqdn: pairing.pool),
                  let to = topology.cluster(fqdn: backup), from.id != to.id,
                  let fromEndpoint = clusterEndpoints[from.id], let toEndpoint = clusterEndpoints[to.id],
                  seen.insert([from.id, to.id].sorted()).inserted else { continue }
            edges.append(.init(from: fromEndpoint, to: toEndpoint, kind: .paired))
        }
        return edges
    }
}
