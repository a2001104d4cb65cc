// The examples of the library guide (Sources/LyncTopology/LyncTopology.docc), kept compiling and passing.
import Testing
import LyncTopology
import LyncTopologyTesting

@Suite("Library guide examples: topology edits as unit tests")
struct LibraryGuideExampleTests {
    @Test("move the back end of a mirrored pool to a new SQL Server and add a Front End")
    func moveBackEnd() throws {
        var document = try TopologyDocument.load(path: TestPaths().sample("enterprise-mirrored.xml"))
        try document.addMachine("fe04.contoso.com", toPool: "pool01.contoso.com")
        try document.addSQLServer("sql04.contoso.com", site: "1", instance: "rtc")
        try document.moveStore("UserStore", from: SQLInstanceRef(displayName: "sql01.contoso.com\\rtc"),
                               to: SQLInstanceRef(displayName: "sql04.contoso.com\\rtc"))

        let written = try reread(document)            // the bytes that would be written, read back
        try expectNoErrors(written)                    // no error from TopologyValidator
        let user = try store(written, role: "UserStore", on: "sql04.contoso.com")
        #expect(user.mirror?.sqlServer == "sql02.contoso.com")
        #expect(user.witness?.sqlServer == "sql03.contoso.com")
        try expectNotBlocked(PublishSimulator.simulate(written))

        #expect(throws: TopologyEditError.mirrorOnPrimaryServer("sql02.contoso.com")) {
            try document.addSQLInstance("rtc2", on: "sql02.contoso.com", mirroringPort: 5023)
            try document.moveStore("UserStore", from: SQLInstanceRef(displayName: "sql04.contoso.com\\rtc"),
                                   to: SQLInstanceRef(displayName: "sql02.contoso.com\\rtc2"))
        }
    }

    @Test("build a topology in a few lines")
    func build() throws {
        let document = try buildTopology(.topology, domain: "contoso.com", product: .skypeForBusiness2015) {
            CentralSite("Dublin")
            EnterprisePool("pool01.contoso.com", frontEnds: 3, backEnd: "sql01.contoso.com\\rtc")
            BackEndMirror(pool: "pool01.contoso.com", to: "sql02.contoso.com\\rtc", witness: "sql03.contoso.com\\witness")
            MonitoringStore(pool: "pool01.contoso.com", on: "sqlmon.contoso.com\\mon")
        }
        try expectNoErrors(document)
        #expect(document.topology.centralManagement?.pool == "pool01.contoso.com")
        #expect(try store(document, role: "CentralMgmtStore", on: "sql01.contoso.com").mirror?.instance == "rtc")
    }
}
