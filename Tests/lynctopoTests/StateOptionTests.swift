import Foundation
import Testing

@Suite("--state: the live deployment as input")
struct StateOptionTests {
    static func scratch(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lynctopo-state-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let failedOver = """
        "PoolFqdn","DatabaseName","StateOnPrimary","StateOnMirror","MirroringStatusOnPrimary","MirroringStatusOnSecondary"
        "pool01.contoso.com","rtcxds","DatabaseInaccessibleOrMirroringNotEnabled","Principal","disconnected","disconnected"
        "pool01.contoso.com","rtcshared","DatabaseInaccessibleOrMirroringNotEnabled","Principal","disconnected","disconnected"
        "pool01.contoso.com","rtcab","DatabaseInaccessibleOrMirroringNotEnabled","Principal","disconnected","disconnected"

        """

    @Test("restore: after an automatic failover the plan does not fail over again, and says why")
    func noSecondFailover() throws {
        let before = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql01.contoso.com"])
        #expect(before.stdout.contains("Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'User'"))
        let state = try Self.scratch("mirror-state.csv", Self.failedOver)
        let after = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql01.contoso.com",
                                  "--state", state, "--state", "topologies/enterprise-mirrored-state.csv"])
        #expect(after.status == 0)
        #expect(!after.stdout.contains("Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'User'"))
        #expect(after.stdout.contains("principal on the mirror already (an automatic failover happened): User is not failed over again"))
        #expect(after.stdout.contains("Invoke-CsDatabaseFailover -PoolFqdn 'pool01.contoso.com' -DatabaseType 'Application'"))
    }

    @Test("restore: a mirror-state export without PoolFqdn exits 65 and shows the line that adds it")
    func mirrorStateWithoutPool() throws {
        let state = try Self.scratch("no-pool.csv", "\"DatabaseName\",\"StateOnPrimary\",\"StateOnMirror\"\n\"rtcxds\",\"Principal\",\"Mirror\"\n")
        let result = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql01.contoso.com", "--state", state])
        #expect(result.status == 65)
        #expect(result.stderr.contains("PoolFqdn"))
        #expect(result.stderr.contains("Select-Object @{n='PoolFqdn'"))
    }

    @Test("publish: --state is repeatable; a mirror-state file is recognised and said to be of no use here")
    func publishRepeatable() throws {
        let result = try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--state", "topologies/sql01-state.csv",
                                   "--state", "topologies/enterprise-mirrored-mirror-state.csv", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("topologies/enterprise-mirrored-mirror-state.csv: warning: mirror states"))
        let single = try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--state", "topologies/sql01-state.csv", "--format", "json"])
        let createdBoth = try json(result.stdout)["createDatabases"] as? [[String: Any]]
        let createdOne = try json(single.stdout)["createDatabases"] as? [[String: Any]]
        #expect(createdBoth?.count == createdOne?.count)
    }
}
