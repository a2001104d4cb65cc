import Testing
import LyncTopology

@Suite("SQL002 a SQL Server declares each instance once")
struct SQLInstanceUniquenessRuleTests {
    static func instance(_ name: String, cluster: Int, port: String = "") -> String {
        """
            <SqlInstance\(port)>
              <SqlInstanceId Name="\(name)">
                <ClusterId SiteId="1" Number="\(cluster)" />
              </SqlInstanceId>
            </SqlInstance>

        """
    }

    static func adding(_ instance: String) throws -> String {
        try insert(instance, before: "  </SqlInstances>", in: mirroredText())
    }

    @Test("the same name in another case on the same server: an error at the second declaration")
    func caseInsensitive() throws {
        let text = try Self.adding(Self.instance("WITNESS", cluster: 4))
        let found = try findings("SQL002", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"Name="WITNESS""#, in: text)) - 1)
        #expect(found.first?.message.contains("WITNESS") == true)
        #expect(found.first?.message.contains("sql03.contoso.com") == true)
    }

    @Test("\"\" and MSSQLSERVER are both the default instance")
    func defaultInstanceTwice() throws {
        let text = try Self.adding(Self.instance("", cluster: 5) + Self.instance("MSSQLSERVER", cluster: 5))
        let found = try findings("SQL002", in: text)
        #expect(found.map(\.location?.line) == [try line(of: #"Name="MSSQLSERVER""#, in: text) - 1])
        #expect(found.first?.message.contains("default instance") == true)
    }

    @Test("near misses: one name on two servers, two names on one server")
    func nearMisses() throws {
        #expect(try findings("SQL002", in: mirroredText()).isEmpty, "sql01\\rtc and sql02\\rtc")
        #expect(try findings("SQL002", in: Self.adding(Self.instance("witness2", cluster: 4))).isEmpty)
    }
}
