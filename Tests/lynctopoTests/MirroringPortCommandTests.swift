import Foundation
import Testing

/// An instance that is a witness for one store and a mirroring partner for another, with no port written:
/// `show` and `validate` give it one port, 5022, and say so once.
@Suite("lynctopo: one mirroring port per SQL instance")
struct MirroringPortCommandTests {
    static let path = "Tests/LyncTopologyTests/Fixtures/mirror-port-witness-and-partner.xml"

    @Test("show --format json: sql03\\shared's mirroringPort, its mirror and witness ports are 5022; MIRROR009 once")
    func showJSON() throws {
        let result = try lynctopo(["show", Self.path, "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let instances = try #require(object["sqlInstances"] as? [[String: Any]])
        let shared = try #require(instances.first { $0["sqlServer"] as? String == "sql03.contoso.com" && $0["instance"] as? String == "shared" })
        #expect(shared["mirroringPort"] as? Int == 5022)
        let stores = try #require(object["stores"] as? [[String: Any]])
        let witnessPorts = stores.compactMap { ($0["witness"] as? [String: Any])?["mirroringPort"] as? Int }
        let mirrorOnShared = stores.compactMap { $0["mirror"] as? [String: Any] }.filter { $0["instance"] as? String == "shared" }
        #expect(witnessPorts == [5022])
        #expect(mirrorOnShared.map { $0["mirroringPort"] as? Int } == [5022])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.filter { $0["rule"] as? String == "MIRROR009" }.count == 1)
    }

    @Test("validate: MIRROR009 once, and MIRROR004 for sql03\\other on the same 5022")
    func validate() throws {
        let result = try lynctopo(["validate", Self.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.filter { $0.contains("[MIRROR009]") }.count == 1)
        #expect(lines.contains { $0.contains("[MIRROR004] sql03.contoso.com\\other uses mirroring port 5022, already used by sql03.contoso.com\\shared") })
        #expect(!result.stdout.contains("7022"))
    }
}
