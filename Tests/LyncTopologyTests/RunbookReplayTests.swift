import Testing
import LyncTopology
import LyncTopologyTesting
import PropertyBased

@Suite("Runbook replay")
struct RunbookReplayTests {
    static let paths = TestPaths()
    static let samples = ["standard-edition.xml", "enterprise-mirrored.xml", "two-sites-archiving-monitoring.xml", "pool-edit.tbxml",
                          "paired-pools.xml", "paired-sites-standby-cms.xml", "alwayson-pool.xml", "new-design.tbxml",
                          "../Tests/LyncTopologyTests/Fixtures/restore-mirrored-cms-elsewhere.xml",
                          "../Tests/LyncTopologyTests/Fixtures/restore-persistent-chat.xml",
                          "../Tests/LyncTopologyTests/Fixtures/mirror-port-witness-and-partner.xml",
                          "../Tests/LyncTopologyTests/Fixtures/paired-pools-cms-in-pool02.xml"]

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
    static func unhealthy(_ document: TopologyDocument, failures: [[String]]) -> [String] {
        var report: [String] = []
        for failed in failures {
            // A .tbxml is restored as published: its OriginalTopology.
            let plan = RestorePlanner.plan(document, failed: failed)
            let result = RunbookReplay.replay(plan, topology: document.original ?? document.topology)
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
        let report = Self.unhealthy(document, failures: Self.singleAndPairs(Self.computers(document.topology)))
        #expect(report.isEmpty, "\(report.count) unhealthy plans:\n\(report.joined(separator: "\n"))")
    }

    /// A generated topology: one or two sites, each with one or two Enterprise pools (one to three Front Ends,
    /// a back end of its own, mirrored or not, with or without a witness), an optional Standard Edition server,
    /// and optional Archiving and Monitoring stores on a SQL Server of their own, mirrored or not.
    struct Shape: Sendable, CustomStringConvertible {
        var sites: Int
        var pools: Int
        var frontEnds: Int
        var mirrors: Int      // bit i: pool i mirrored
        var witnesses: Int    // bit i: pool i's mirror has a witness
        var standardEdition: Bool
        var archiving: Int    // 0 none, 1 plain, 2 mirrored
        var cmsPool: Int

        var description: String {
            "sites \(sites), pools \(pools), front ends \(frontEnds), mirrors \(String(mirrors, radix: 2)), witnesses \(String(witnesses, radix: 2)), SE \(standardEdition), archiving \(archiving), CMS pool \(cmsPool)"
        }

        func build() throws -> TopologyDocument {
            return try buildTopology {
                for site in 1...sites {
                    CentralSite("Site\(site)")
                    for number in 1...pools {
                        let index = (site - 1) * pools + (number - 1)
                        let pool = "pool\(site)\(number).contoso.com"
                        EnterprisePool(pool, frontEnds: (1...frontEnds).map { "fe\(site)\(number)\($0).contoso.com" },
                                       backEnd: "sqlp\(site)\(number).contoso.com\\rtc")
                        if mirrors & (1 << index) != 0 {
                            BackEndMirror(pool: pool, to: "sqlm\(site)\(number).contoso.com\\rtc",
                                          witness: witnesses & (1 << index) != 0 ? "sqlw\(site).contoso.com\\witness" : nil)
                        }
                    }
                    if standardEdition { StandardEditionServer("se\(site).contoso.com") }
                }
                if archiving > 0 {
                    ArchivingStore(pool: "pool11.contoso.com", on: "sqlam.contoso.com\\arch",
                                   mirror: archiving == 2 ? "sqlam2.contoso.com\\arch" : nil)
                    MonitoringStore(pool: "pool11.contoso.com", on: "sqlam.contoso.com\\arch",
                                    mirror: archiving == 2 ? "sqlam2.contoso.com\\arch" : nil)
                }
                CentralManagementServer(pool: "pool\(1 + cmsPool / max(1, pools) % sites)\(1 + cmsPool % pools).contoso.com")
            }
        }
    }

    @Test("every single and two-computer failure of generated topologies ends healthy")
    func generatedTopologiesEndHealthy() async {
        await propertyCheck(count: 40, input: Gen.int(in: 1...2), Gen.int(in: 1...2), Gen.int(in: 1...3), Gen.int(in: 0...15),
                            Gen.int(in: 0...15), Gen.bool, Gen.int(in: 0...2), Gen.int(in: 0...3)) { sites, pools, frontEnds, mirrors, witnesses, se, archiving, cms in
            let shape = Shape(sites: sites, pools: pools, frontEnds: frontEnds, mirrors: mirrors, witnesses: witnesses & mirrors,
                              standardEdition: se, archiving: archiving, cmsPool: cms)
            guard let document = try? shape.build() else {
                Issue.record("the shape cannot be built: \(shape)")
                return
            }
            let report = Self.unhealthy(document, failures: Self.singleAndPairs(Self.computers(document.topology)))
            #expect(report.isEmpty, "\(shape): \(report.count) unhealthy plans:\n\(report.prefix(5).joined(separator: "\n"))")
        }
    }
}
