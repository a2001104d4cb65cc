import Foundation
import Testing

@Suite("lynctopo show")
struct ShowCommandTests {
    @Test("JSON has exactly the keys of the command-line contract")
    func jsonShape() throws {
        let result = try lynctopo(["show", "topologies/enterprise-mirrored.xml", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(Set(object.keys) == ["document", "kind", "product", "sites", "pools", "sqlInstances", "stores",
                                     "centralManagementServer", "backupCentralManagementServer", "findings"])
        #expect(object["document"] as? String == "topologies/enterprise-mirrored.xml")
        #expect(object["kind"] as? String == "topology")
        #expect(object["product"] as? String == "Skype for Business Server 2015")
        let pools = try #require(object["pools"] as? [[String: Any]])
        #expect(Set(pools[0].keys) == ["fqdn", "site", "kind", "machines", "roles", "backupPool"])
        #expect(pools.allSatisfy { $0["backupPool"] is NSNull }, "no pairing")
        #expect(object["backupCentralManagementServer"] is NSNull)
        #expect(pools[0]["kind"] as? String == "enterprise")
        #expect(pools[0]["machines"] as? [String] == ["fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com"])
        let instances = try #require(object["sqlInstances"] as? [[String: Any]])
        #expect(Set(instances[0].keys) == ["sqlServer", "instance", "mirroringPort", "alwaysOnPrimary"])
        #expect(instances.map { $0["mirroringPort"] as? Int } == [5022, 5022, 7022])
        let stores = try #require(object["stores"] as? [[String: Any]])
        #expect(stores.count == 3, "mirrors and the witness are not stores of their own")
        #expect(Set(stores[0].keys) == ["role", "databaseType", "sqlServer", "instance", "databases", "standAlone",
                                        "consumers", "mirror", "witness"])
        #expect(stores[0]["databases"] as? [String] == ["rtcxds", "rtcshared", "rtcab"])
        #expect(stores[0]["standAlone"] as? Bool == true)
        let mirror = try #require(stores[0]["mirror"] as? [String: Any])
        #expect(mirror["sqlServer"] as? String == "sql02.contoso.com" && mirror["instance"] as? String == "rtc")
        let witness = try #require(stores[0]["witness"] as? [String: Any])
        #expect(witness["instance"] as? String == "witness")
        let cms = try #require(object["centralManagementServer"] as? [String: Any])
        #expect(cms["pool"] as? String == "pool01.contoso.com")
        #expect((object["findings"] as? [Any])?.isEmpty == true)
    }

    @Test("absent mirror, witness and CMS are null; the default instance is \"\"", .needsCorpus)
    func nulls() throws {
        let result = try lynctopo(["show", Corpus.path("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml"), "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(object["kind"] as? String == "tbxml")
        #expect(object["centralManagementServer"] is NSNull)
        let stores = try #require(object["stores"] as? [[String: Any]])
        #expect(stores[0]["mirror"] is NSNull && stores[0]["witness"] is NSNull)
        #expect(stores[0]["instance"] as? String == "")
    }

    @Test("text output is a tree: site, pool, machines; server\\instance, stores, mirror, witness")
    func text() throws {
        let result = try lynctopo(["show", "topologies/enterprise-mirrored.xml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Site 1 \"Dublin\""))
        #expect(result.stdout.contains("  pool01.contoso.com  [enterprise]"))
        #expect(result.stdout.contains("    - fe02.contoso.com"))
        #expect(result.stdout.contains("  sql01.contoso.com\\rtc  (stand-alone)"))
        #expect(result.stdout.contains("    UserStore (User) for pool01.contoso.com: rtcxds, rtcshared, rtcab"))
        #expect(result.stdout.contains("      mirror:  sql02.contoso.com\\rtc (port 5022)"))
        #expect(result.stdout.contains("      witness: sql03.contoso.com\\witness (port 7022)"))
    }

    @Test("reads standard input with -")
    func standardInput() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: paths.sample("standard-edition.xml")))
        let result = try lynctopo(["show", "-", "--format", "json"], stdin: bytes)
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(object["document"] as? String == "<stdin>")
        #expect((object["stores"] as? [Any])?.count == 3)
    }

    @Test("a missing file exits 66 with a message naming it")
    func missingFile() throws {
        let result = try lynctopo(["show", "no/such/topology.xml"])
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("no/such/topology.xml: error: cannot open"))
        #expect(result.stdout.isEmpty)
    }

    @Test("bad arguments exit 64")
    func badArguments() throws {
        #expect(try lynctopo(["show"]).status == 64)
        #expect(try lynctopo(["show", "x.xml", "--format", "yaml"]).status == 64)
        #expect(try lynctopo(["frobnicate"]).status == 64)
    }

    static let hostile: [(String, Int)] = [
        ("truncated.xml", 4), ("xxe-external-entity.xml", 2), ("billion-laughs.xml", 2), ("external-dtd.xml", 2),
        ("wrong-root.xml", 2), ("malformed-attribute.xml", 3), ("empty.xml", 1), ("whitespace-only.xml", 1),
        ("binary-garbage.bin", 1), ("absurd-nesting.xml", 1),
    ]

    @Test("hostile and broken input exits 65 with path:line:column, never a crash", arguments: hostile)
    func hostileInput(name: String, line: Int) throws {
        let path = "Tests/LyncTopologyTests/Fixtures/" + name
        let result = try lynctopo(["show", path])
        #expect(!result.signaled)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("\(path):\(line):"), "\(result.stderr)")
        #expect(result.stderr.contains(": error: "))
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("root:x:0:0"), "no file beyond the input is read")
    }
}
