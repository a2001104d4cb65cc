import Testing
import LyncTopology
import LyncTopologyTesting

@Suite("Runbook replay")
struct RunbookReplayTests {
    static let paths = TestPaths()
    static let samples = ["standard-edition.xml", "enterprise-mirrored.xml", "two-sites-archiving-monitoring.xml", "pool-edit.tbxml"]

    /// Every computer of the topology.
    static func computers(_ topology: Topology) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for cluster in topology.clusters {
            for machine in cluster.machines where seen.insert(machine.fqdn.lowercased()).inserted { result.append(machine.fqdn) }
        }
        return result
    }

    /// Replays the plan for each failure set and returns the first problem of each unhealthy plan.
    static func unhealthy(_ topology: Topology, failures: [[String]]) -> [String] {
        var report: [String] = []
        for failed in failures {
            let plan = RestorePlanner.plan(topology, failed: failed)
            let result = RunbookReplay.replay(plan, topology: topology)
            if let first = result.problems.first {
                report.append("\(failed.joined(separator: " + ")): \(first) (\(result.problems.count) in all)")
            }
        }
        return report
    }

    static func singleAndPairs(_ computers: [String]) -> [[String]] {
        var sets = computers.map { [$0] }
        for i in computers.indices { for j in computers.indices where j > i { sets.append([computers[i], computers[j]]) } }
        return sets
    }

    @Test("every single-computer and two-computer failure of every sample ends healthy", arguments: samples)
    func samplesEndHealthy(_ name: String) throws {
        let document = try TopologyDocument.load(path: Self.paths.sample(name))
        let report = Self.unhealthy(document.topology, failures: Self.singleAndPairs(Self.computers(document.topology)))
        #expect(report.isEmpty, "\(report.count) unhealthy plans:\n\(report.joined(separator: "\n"))")
    }
}

@Suite("Runbook replay debug")
struct RunbookReplayDebug {
    @Test func dump() throws {
        for (name, failed) in [("enterprise-mirrored.xml", ["sql01.contoso.com"]), ("enterprise-mirrored.xml", ["sql02.contoso.com"]), ("two-sites-archiving-monitoring.xml", ["sql-sea.contoso.com"]), ("pool-edit.tbxml", ["sql01.fabrikam.com"])] {
            let document = try TopologyDocument.load(path: RunbookReplayTests.paths.sample(name))
            let plan = RestorePlanner.plan(document.topology, failed: failed)
            let result = RunbookReplay.replay(plan, topology: document.topology)
            print("== \(name) \(failed): \(result.problems.count)")
            for p in result.problems { print("   \(p)") }
        }
    }
}
