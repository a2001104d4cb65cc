import Foundation
import Testing

@Suite("lynctopo diff")
struct DiffCommandTests {
    static let poolEdit = "topologies/pool-edit.tbxml"
    static let original = "Tests/LyncTopologyTests/Fixtures/pool-edit-original.xml"

    @Test("JSON has the keys of the command-line contract; a .tbxml alone compares OriginalTopology with NewTopology")
    func jsonShape() throws {
        let result = try lynctopo(["diff", Self.poolEdit, "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let object = try json(result.stdout)
        #expect(Set(object.keys) == ["old", "new", "oldTopology", "newTopology", "changes", "publishImpact"])
        #expect(object["old"] as? String == Self.poolEdit && object["new"] as? String == Self.poolEdit)
        #expect(object["oldTopology"] as? String == "OriginalTopology" && object["newTopology"] as? String == "NewTopology")
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.count == 10)
        for change in changes {
            #expect(Set(change.keys) == ["kind", "entity", "id", "field", "old", "new"])
        }
        let machine = try #require(changes.first { $0["entity"] as? String == "machine" })
        #expect(machine["kind"] as? String == "added" && machine["id"] as? String == "fe03.fabrikam.com")
        #expect(machine["field"] is NSNull && machine["old"] is NSNull)
        let mirrors = changes.filter { $0["entity"] as? String == "mirror" }
        #expect(mirrors.map { $0["id"] as? String } == ["UserStore:sql01.fabrikam.com", "ApplicationStore:sql01.fabrikam.com"])
        #expect(mirrors.allSatisfy { $0["new"] as? String == "sql02.fabrikam.com" })
        let store = try #require(changes.first { $0["entity"] as? String == "store" })
        #expect(store["kind"] as? String == "added" && store["id"] as? String == "MonitoringStore:sqlmon.fabrikam.com\\mon")
        let impact = try #require(object["publishImpact"] as? [String: Any])
        #expect(Set(["createDatabases", "createMirrorDatabases", "warnings"]).isSubset(of: Set(impact.keys)))
        #expect(impact["createDatabases"] is [Any] && impact["createMirrorDatabases"] is [Any])
        let warnings = try #require(impact["warnings"] as? [[String: Any]])
        #expect(warnings.map { $0["rule"] as? String } == ["DIFF003", "DIFF003", "DIFF008"])
        #expect(Set(warnings[0].keys) == ["rule", "severity", "entity", "id", "message", "commands"])
    }

    @Test("text is grouped by entity and reads like a review")
    func text() throws {
        let result = try lynctopo(["diff", Self.poolEdit])
        #expect(result.status == 0)
        let out = result.stdout
        #expect(out.hasPrefix("old: topologies/pool-edit.tbxml (OriginalTopology)\nnew: topologies/pool-edit.tbxml (NewTopology)\n"))
        #expect(out.contains("10 changes: 9 added, 0 removed, 1 changed"))
        #expect(out.contains("\nPools\n  + sql02.fabrikam.com  (SQL Server, site 1)\n  + sqlmon.fabrikam.com  (SQL Server, site 1)\n"))
        #expect(out.contains("\nMachines\n  + fe03.fabrikam.com  (in pool01.fabrikam.com)\n"))
        #expect(out.contains("  ~ sql01.fabrikam.com\n      mirroringPort: (none) -> 5022\n"))
        #expect(out.contains("\nMirrors\n  + UserStore:sql01.fabrikam.com: mirror sql02.fabrikam.com\n"))
        #expect(out.contains("\nServices\n  ~ 1-Registrar-1\n      + dependency: MonitoringStore@sqlmon.fabrikam.com\\mon\n"))
        #expect(out.contains("Publish impact"))
        #expect(out.contains("warning: [DIFF003] mirroring of UserStore:sql01.fabrikam.com"))
        let order = ["\nPools\n", "\nMachines\n", "\nSQL instances\n", "\nStores\n", "\nMirrors\n", "\nServices\n", "Publish impact"]
            .compactMap { out.range(of: $0)?.lowerBound }
        #expect(order.count == 7 && order == order.sorted())
    }

    @Test("OLD NEW in any mix of kinds gives the same changes as the .tbxml alone")
    func mixedKinds() throws {
        let single = try json(try lynctopo(["diff", Self.poolEdit, "--format", "json"]).stdout)
        let pair = try lynctopo(["diff", Self.original, Self.poolEdit, "--format", "json"])
        #expect(pair.status == 0)
        let object = try json(pair.stdout)
        #expect(object["old"] as? String == Self.original && object["oldTopology"] as? String == "Topology")
        #expect(object["newTopology"] as? String == "NewTopology")
        let a = try #require(single["changes"] as? [[String: Any]]).map { NSDictionary(dictionary: $0) }
        let b = try #require(object["changes"] as? [[String: Any]]).map { NSDictionary(dictionary: $0) }
        #expect(a == b)
    }

    @Test("identical documents: no changes, exit 0 even with --exit-code")
    func noChanges() throws {
        let result = try lynctopo(["diff", "topologies/standard-edition.xml", "topologies/standard-edition.xml", "--exit-code"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\nNo changes.\n"))
        let same = try lynctopo(["diff", Self.original, Self.poolEdit, "--format", "json"])
        #expect(same.status == 0)
    }

    @Test("exit 0 with changes; --exit-code makes it 1, like git diff --exit-code")
    func exitCode() throws {
        #expect(try lynctopo(["diff", Self.poolEdit]).status == 0)
        let result = try lynctopo(["diff", Self.poolEdit, "--exit-code", "--format", "json"])
        #expect(result.status == 1)
        #expect((try json(result.stdout)["changes"] as? [Any])?.count == 10, "the diff is still printed")
    }

    @Test("OLD from standard input")
    func standardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: paths.packageRoot + "/" + Self.original))
        let result = try lynctopo(["diff", "-", Self.poolEdit, "--format", "json"], stdin: data)
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(object["old"] as? String == "<stdin>")
        #expect((object["changes"] as? [Any])?.count == 10)
    }

    @Test("a .tbxml without OriginalTopology alone: exit 64 with a clear message", .needsCorpus)
    func tbxmlWithoutOriginal() throws {
        let result = try lynctopo(["diff", Corpus.path("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml")])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("has no <OriginalTopology>"))
        #expect(result.stderr.contains("give OLD and NEW"))
    }

    @Test("a published topology alone, three documents, none, or - twice: exit 64")
    func badArguments() throws {
        let published = try lynctopo(["diff", "topologies/enterprise-mirrored.xml"])
        #expect(published.status == 64 && published.stderr.contains("give OLD and NEW"))
        let three = try lynctopo(["diff", Self.poolEdit, Self.poolEdit, Self.poolEdit])
        #expect(three.status == 64)
        #expect(try lynctopo(["diff"]).status == 64)
        let twice = try lynctopo(["diff", "-", "-"])
        #expect(twice.status == 64 && twice.stderr.contains("standard input can be read only once"))
        #expect(try lynctopo(["diff", Self.poolEdit, "--format", "yaml"]).status == 64)
    }

    @Test("an input that cannot be opened exits 66; one that is not a topology exits 65")
    func unreadable() throws {
        let missing = try lynctopo(["diff", "topologies/no-such-file.xml", Self.poolEdit])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no-such-file.xml"))
        let garbage = try lynctopo(["diff", Self.poolEdit, "Tests/LyncTopologyTests/Fixtures/wrong-root.xml"])
        #expect(garbage.status == 65)
        #expect(!garbage.signaled)
    }
}
