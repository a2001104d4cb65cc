import Testing
import LyncTopology

@Suite("SQL001 SQL instance names")
struct SQLInstanceNameRuleTests {
    /// The witness instance's name, renamed everywhere it is written (declaration and InstalledOn).
    static func renamed(_ name: String) throws -> String {
        try plantAll(mirroredText(), #"Name="witness""#, "Name=\"\(name)\"")
    }

    @Test("names SQL Server Setup refuses are errors at the SqlInstance", arguments: [
        ("DEFAULT", "reserved word DEFAULT"),
        ("select", "reserved word SELECT"),
        ("1witness", "does not start with a letter"),
        ("_witness", "does not start with a letter"),
        ("wit-ness", "contains the character '-'"),
        ("wit ness", "contains a space"),
        ("wit@ness", "contains the character '@'"),
        ("witnessinstance01", "longer than 16"),
    ])
    func refused(name: String, problem: String) throws {
        let text = try Self.renamed(name)
        let found = try findings("SQL001", in: text)
        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.location?.line == (try line(of: #"<SqlInstance MirroringPort="7022">"#, in: text)))
        #expect(finding.message.contains("'\(name)'"))
        #expect(finding.message.contains(problem))
    }

    @Test("near misses: MSSQLSERVER, the default instance, 16 characters, $ and _ after the first letter")
    func nearMisses() throws {
        for name in ["MSSQLSERVER", "mssqlserver", "", "witnessinstance1", "Wit$ness_2", "DEFAULTS"] {
            #expect(try findings("SQL001", in: Self.renamed(name)).isEmpty, "\(name)")
        }
    }
}
