import LyncTopology
import Testing

@Suite("pool pairing in diagrams and diffs")
struct PairingDiagramDiffTests {
    @Test("DOT: one dashed, undirected edge labelled paired between the two pool clusters")
    func dot() throws {
        let text = DiagramRendering.dot(try sample("paired-pools.xml"))
        let edges = text.split(separator: "\n").filter { $0.contains("label=\"paired\"") }
        #expect(edges.count == 1, "a pair declared both ways is drawn once")
        let edge = String(edges[0])
        #expect(edge.contains("ltail=\"cluster_pool_1_2d_1\"") && edge.contains("lhead=\"cluster_pool_2_2d_1\""))
        #expect(edge.contains("style=dashed") && edge.contains("dir=none"))
        #expect(!DiagramRendering.dot(try sample("enterprise-mirrored.xml")).contains("paired"))
    }

    @Test("Mermaid: a dotted link labelled paired between the pool subgraphs, with its colour")
    func mermaid() throws {
        let text = DiagramRendering.mermaid(try sample("paired-pools.xml"))
        let lines = text.split(separator: "\n").map(String.init)
        let links = lines.filter { $0.contains("|\"paired\"|") }
        #expect(links == ["    pool_1_2d_1 -.-|\"paired\"| pool_2_2d_1"])
        #expect(lines.contains { $0.hasPrefix("    linkStyle ") && $0.hasSuffix(" stroke:#2e8b57") })
    }

    @Test("diff: pairing added, removed, and changed fields")
    func diff() throws {
        let paired = try sample("paired-pools.xml").topology
        let unpaired = try sample("enterprise-mirrored.xml").topology
        let added = TopologyDiff.compare(old: unpaired, new: paired).filter { $0.entity == .pairing }
        #expect(added == [
            TopologyChange(kind: .added, entity: .pairing, id: "pool01.contoso.com", new: "paired with pool02.contoso.com, automatic failover off"),
            TopologyChange(kind: .added, entity: .pairing, id: "pool02.contoso.com", new: "paired with pool01.contoso.com, automatic failover off"),
        ])
        #expect(TopologyDiff.compare(old: paired, new: unpaired).filter { $0.entity == .pairing }.map(\.kind) == [.removed, .removed])
        let text = try sampleText("paired-pools.xml")
            .replacingOccurrences(of: "FailureDetectionInterval=\"P0Y0M0DT0H5M0S\">\n        <ServiceId SiteId=\"2\"", with: "FailureDetectionInterval=\"P0Y0M0DT0H3M0S\">\n        <ServiceId SiteId=\"2\"")
        let changed = TopologyDiff.compare(old: paired, new: try read(text).topology)
        #expect(changed == [TopologyChange(kind: .changed, entity: .pairing, id: "pool01.contoso.com", field: "failureDetectionInterval",
                                           old: "P0Y0M0DT0H5M0S", new: "P0Y0M0DT0H3M0S")])
        #expect(TopologyDiff.compare(old: paired, new: paired).isEmpty)
    }
}
