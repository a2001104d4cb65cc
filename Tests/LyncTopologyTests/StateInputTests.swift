import Foundation
import Testing
import LyncTopology

private func read(_ text: String, path: String = "state.csv") throws(StateFileError) -> StateInput {
    try StateFile.read(Array(text.utf8), path: path)
}

private func databases(_ text: String, path: String = "state.csv") throws -> [DatabaseRecord] {
    guard case .databases(let records) = try read(text, path: path) else {
        Issue.record("not read as Test-CsDatabase records")
        return []
    }
    return records
}

private func mirrorStates(_ text: String, path: String = "state.csv") throws -> [MirrorStateRecord] {
    guard case .mirrorStates(let records) = try read(text, path: path) else {
        Issue.record("not read as mirror states")
        return []
    }
    return records
}

private func failure(_ text: String, path: String = "state.json", format: StateFormat? = nil) -> StateFileError? {
    do {
        _ = try StateFile.read(Array(text.utf8), path: path, format: format)
        return nil
    } catch {
        return error
    }
}

@Suite("State input: typed records of Test-CsDatabase and Get-CsDatabaseMirrorState")
struct StateInputTests {
    /// Lync Server 2013's Test-CsDatabase -ConfiguredDatabases, exported by Windows PowerShell 5.1 without
    /// -NoTypeInformation.
    static let lync2013 = "#TYPE Microsoft.Rtc.Management.Deployment.DatabaseInfo\r\n"
        + "\"SqlServerFqdn\",\"SqlInstanceName\",\"MirrorSqlServerFqdn\",\"MirrorSqlInstanceName\",\"DatabaseName\",\"DataSource\",\"SQLServerVersion\",\"ExpectedVersion\",\"InstalledVersion\",\"Succeed\"\r\n"
        + "\"sql01.contoso.com\",\"rtc\",\"sql02.contoso.com\",\"rtc\",\"rtcxds\",\"sql01.contoso.com\\rtc\",\"11.0.5058\",\"1.0.0.0\",\"1.0.0.0\",\"True\"\r\n"
        + "\"sql01.contoso.com\",\"rtc\",\"\",\"\",\"lis\",\"sql01.contoso.com\\rtc\",\"11.0.5058\",\"3.1.1\",\"\",\"False\"\r\n"

    @Test("Lync Server 2013 columns: a row that names a mirror keeps it; empty fields are nil")
    func lync2013Mirror() throws {
        let records = try databases(Self.lync2013)
        #expect(records.count == 2)
        #expect(records[0].mirrorSQLServer == "sql02.contoso.com" && records[0].mirrorInstance == "rtc")
        #expect(records[0].sqlServerVersion == "11.0.5058" && records[0].expectedVersion == "1.0.0.0" && records[0].installedVersion == "1.0.0.0")
        #expect(records[0].dataSource == "sql01.contoso.com\\rtc" && records[0].succeed == true && records[0].exists)
        #expect(records[1].mirrorSQLServer == nil && records[1].mirrorInstance == nil && records[1].installedVersion == nil)
        #expect(records[1].succeed == false && !records[1].exists)
        #expect(records.map(\.line) == [3, 4])
        #expect(records[0].existing.sqlServer == "sql01.contoso.com" && records[0].existing.instance == "rtc" && records[0].existing.line == 3)
    }

    @Test("Skype for Business columns: DatabaseHighAvailability is kept; the column order does not matter")
    func skypeForBusiness() throws {
        let text = "DatabaseHighAvailability,Succeed,InstalledVersion,DatabaseName,SqlInstanceName,SqlServerFqdn,SQLServerVersion\n"
            + "None,True,1.0.0.0,rtcxds,rtc,sql01.contoso.com,13.0.4259 SP1 Enterprise Edition (64-bit)\n"
        let records = try databases(text)
        #expect(records.first?.highAvailability == "None")
        #expect(records.first?.sqlServerVersion == "13.0.4259 SP1 Enterprise Edition (64-bit)")
        #expect(records.first?.mirrorSQLServer == nil && records.first?.exists == true)
    }

    @Test("a database exists when Succeed is True or an InstalledVersion is set; a plain list lists what exists")
    func meaning() throws {
        let reported = try databases("SqlServerFqdn,DatabaseName,Succeed,InstalledVersion\ns,a,True,\ns,b,False,1.0\ns,c,False,\ns,d,,\n")
        #expect(reported.map(\.exists) == [true, true, false, false])
        #expect(reported.allSatisfy { $0.reportsStatus })
        let plain = try databases("SqlServerFqdn,DatabaseName\ns,a\n")
        #expect(plain.map(\.exists) == [true] && !plain[0].reportsStatus && plain[0].instance == nil && plain[0].existing.anyInstance)
        let listed = try databases(#"[{"sqlServer": "s", "database": "a", "exists": false, "Succeed": true}]"#, path: "s.json")
        #expect(listed.map(\.exists) == [false], "exists decides when given")
    }

    @Test("Get-CsDatabaseMirrorState with a PoolFqdn column: mirror states, recognised by the columns")
    func mirrorStateCSV() throws {
        let text = "\u{FEFF}\"PoolFqdn\",\"DatabaseName\",\"StateOnPrimary\",\"StateOnMirror\",\"MirroringStatusOnPrimary\",\"MirroringStatusOnSecondary\"\r\n"
            + "\"pool01.contoso.com.\",\"rtcxds\",\"Principal\",\"Mirror\",\"synchronized\",\"synchronized\"\r\n"
            + "\"pool01.contoso.com\",\"rgsconfig\",\"DatabaseInaccessibleOrMirroringNotEnabled\",\"DatabaseInaccessibleOrMirroringNotEnabled\",\"\",\"\"\r\n"
        let records = try mirrorStates(text)
        #expect(records.count == 2)
        #expect(records[0].poolFQDN == "pool01.contoso.com" && records[0].database == "rtcxds")
        #expect(records[0].stateOnPrimary == "Principal" && records[0].stateOnMirror == "Mirror")
        #expect(records[0].mirroringStatusOnPrimary == "synchronized" && records[0].mirroringStatusOnSecondary == "synchronized")
        #expect(records[1].mirroringStatusOnPrimary == nil && records[1].line == 3)
        // With the type line, in any column order, names in any case.
        let reordered = try mirrorStates("#TYPE Microsoft.Rtc.Management.ADConnect.Schema.DatabaseMirrorState\nstateonmirror,DATABASENAME,poolfqdn\nMirror,xds,pool01.contoso.com\n")
        #expect(reordered.first?.stateOnMirror == "Mirror" && reordered.first?.stateOnPrimary == nil && reordered.first?.line == 3)
    }

    @Test("a mirror-state file without PoolFqdn is unreadable (exit 65) and shows the Select-Object line that adds it")
    func mirrorStateWithoutPool() {
        let error = failure("DatabaseName,StateOnPrimary,StateOnMirror,MirroringStatusOnPrimary,MirroringStatusOnSecondary\r\nrtcxds,Principal,Mirror,synchronized,synchronized\r\n", path: "m.csv")
        #expect(error?.isUnreadable == true)
        #expect(error?.description.hasPrefix("m.csv:1: error: mirror-state file has no PoolFqdn column") == true)
        #expect(error?.message.contains("Select-Object @{n='PoolFqdn';e={'pool01.contoso.com'}},*") == true)
        #expect(StateFile.mirrorStateExport.contains("Get-CsDatabaseMirrorState -PoolFqdn pool01.contoso.com | Select-Object @{n='PoolFqdn';e={'pool01.contoso.com'}},* | Export-Csv"))
        let emptyPool = failure("PoolFqdn,DatabaseName,StateOnPrimary\n,rtcxds,Principal\n", path: "m.csv")
        #expect(emptyPool?.description == "m.csv:2: error: record has no PoolFqdn")
        let json = failure(#"[{"DatabaseName": "rtcxds", "StateOnPrimary": "Principal"}]"#)
        guard case .shape(_, 1, 2, let message)? = json else { Issue.record("not a shape error at 1:2: \(String(describing: json))"); return }
        #expect(message.contains("no PoolFqdn") && message.contains("Select-Object"))
    }

    @Test("JSON mirror states, recognised by the keys of the first record")
    func mirrorStateJSON() throws {
        let records = try mirrorStates("""
            [{"PoolFqdn": "pool01.contoso.com", "DatabaseName": "rtcab", "StateOnPrimary": "Principal", "StateOnMirror": "Mirror",
              "MirroringStatusOnPrimary": "synchronized", "MirroringStatusOnSecondary": null}]
            """, path: "m.json")
        #expect(records.first?.database == "rtcab" && records.first?.mirroringStatusOnSecondary == nil)
    }

    @Test("the publish reader refuses a mirror-state file, saying what it is")
    func publishRefusesMirrorStates() {
        do {
            _ = try StateFile.parse(Array("PoolFqdn,DatabaseName,StateOnPrimary\npool01.contoso.com,rtcab,Principal\n".utf8), path: "m.csv")
            Issue.record("accepted mirror states as databases")
        } catch {
            #expect(error.isUnreadable && error.message.contains("mirror states (Get-CsDatabaseMirrorState)"))
        }
    }

    @Test("JSON: a non-string where a name belongs is a shape error naming the key, line and column")
    func jsonNames() {
        let number = failure("{\"sqlServer\": \"sql01\",\n \"database\": 12}")
        #expect(number == .shape(path: "state.json", line: 2, column: 14, message: "\"database\" is a number, not a string (DatabaseName is a name)"))
        #expect(number?.description == "state.json:2:14: error: \"database\" is a number, not a string (DatabaseName is a name)")
        let flag = failure(#"[{"SqlServerFqdn": true, "DatabaseName": "x"}]"#)
        #expect(flag?.column == 20 && flag?.message.hasPrefix("\"SqlServerFqdn\" is a boolean") == true)
        let pool = failure(#"[{"PoolFqdn": ["a"], "DatabaseName": "x", "StateOnPrimary": "Principal"}]"#)
        #expect(pool?.message.hasPrefix("\"PoolFqdn\" is a list") == true)
        // A number where a value (not a name) belongs is kept as written: ConvertTo-Json writes enums as numbers.
        let kept = try? databases(#"[{"sqlServer": "s", "database": "x", "DatabaseHighAvailability": 0, "Succeed": true}]"#, path: "s.json")
        #expect(kept?.first?.highAvailability == "0" && kept?.first?.exists == true)
    }

    @Test("JSON: not JSON at all is a syntax error with line and column; JSON that is not a state list a shape error")
    func jsonSyntaxAndShape() {
        let dotted = failure("{\"sqlServer\": \"s\", \"database\": 1.2.3}")
        guard case .syntax(_, 1, 35, let message)? = dotted else { Issue.record("not a syntax error at 1:35: \(String(describing: dotted))"); return }
        #expect(message == "JSON: expected ',' or '}' in an object")
        for text in ["[01]", "[1.]", "[-]", "[.5]", "[1e]", "[\"a\tb\"]", "[\"\\x\"]", "[tru]", "[1,]", "{\"a\" 1}", "[\u{FEFF}]", "", " "] {
            guard case .syntax(_, let line, let column, _)? = failure(text, format: .json) else { Issue.record("\(text.debugDescription) is not a syntax error"); continue }
            #expect(line >= 1 && column >= 1)
        }
        for text in ["2", "\"sql01\"", "null", "[1]", "[[]]", "{}", "[{\"database\": \"x\"}]"] {
            guard case .shape? = failure(text, format: .json) else { Issue.record("\(text.debugDescription) is not a shape error"); continue }
        }
        let late = failure("[\n  {\"sqlServer\": \"a\", \"database\": \"b\"},\n  {\"sqlServer\": \"a\" \"database\": \"b\"}\n]")
        #expect(late?.line == 3 && late?.column == 21)
        #expect((try? databases("[]", path: "s.json")) == [])
    }

    @Test("CSV syntax errors carry the column: an unclosed quote where it opens, junk after a closing quote")
    func csvColumns() {
        let open = failure("SqlServerFqdn,DatabaseName\nsql01,\"xds\n", path: "s.csv")
        #expect(open?.description == "s.csv:2:7: error: quoted field is not closed (a '\"' is missing)")
        let junk = failure("SqlServerFqdn,DatabaseName\r\n\"sql01\"x,xds\r\n", path: "s.csv")
        #expect(junk?.line == 2 && junk?.column == 8)
    }

    @Test("a server or pool field that names no server is refused, not read as an empty name (found by fuzzing)")
    func emptyNames() {
        // Fuzz/artifacts/state-csv: "\\uql01…" in SqlServerFqdn left an empty server once the instance was split off.
        let instanceOnly = failure("SqlServerFqdn,SqlInstanceName,DatabaseName,Succeed\r\\uql01.contoso,rtc,rtcxds,True\r\n", path: "s.csv")
        #expect(instanceOnly?.description == "s.csv:2: error: SqlServerFqdn '\\uql01.contoso' names no server")
        #expect(failure("SqlServerFqdn,DatabaseName\n.,xds\n", path: "s.csv")?.message == "SqlServerFqdn '.' names no server")
        let json = failure(#"[{"sqlServer": "\\rtc", "database": "xds"}]"#)
        #expect(json?.line == 1 && json?.column == 2 && json?.message == "SqlServerFqdn '\\rtc' names no server")
        #expect(failure("PoolFqdn,DatabaseName,StateOnPrimary\n.,xds,Principal\n", path: "m.csv")?.message == "PoolFqdn '.' names no pool")
    }

    @Test("values and keys quoted in a message show their control characters escaped, so they cannot forge a line")
    func escapedMessages() {
        let server = failure("SqlServerFqdn,DatabaseName\n\"\\x\nerror: forged\",xds\n", path: "s.csv")
        #expect(server?.message == "SqlServerFqdn '\\xU+Aerror: forged' names no server")
        let header = failure("\"Server\nerror: forged\",Name\nx,y\n", path: "s.csv")
        #expect(header?.message.contains("columns found: ServerU+Aerror: forged, Name") == true)
        let key = failure(#"[{"sqlServer": "s", "database\n": 1}]"#)
        #expect(key?.message == "\"databaseU+A\" is a number, not a string (DatabaseName is a name)")
    }

    @Test("encodings: UTF-16 big and little endian with a byte-order mark, UTF-8 with one")
    func encodings() throws {
        let text = "#TYPE Microsoft.Rtc.Management.Deployment.DatabaseInfo\r\n\"SqlServerFqdn\",\"DatabaseName\",\"MirrorSqlServerFqdn\",\"Succeed\"\r\n\"sql01.contoso.com\",\"rtcab\",\"sql02.contoso.com\",\"True\"\r\n"
        let little: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        for bytes in [little, big, bom] {
            guard case .databases(let records) = try StateFile.read(bytes, path: "s.csv") else { Issue.record("not databases"); continue }
            #expect(records.map(\.mirrorSQLServer) == ["sql02.contoso.com"] && records[0].line == 3)
        }
        do {
            _ = try StateFile.read(little.dropLast(), path: "s.csv")
            Issue.record("accepted an odd number of UTF-16 bytes")
        } catch {
            #expect(error.message == "UTF-16 state file has an odd number of bytes" && error.line == 4)
        }
    }

    @Test("the shipped example state files of enterprise-mirrored.xml read and drive the publish simulation")
    func shippedExamples() throws {
        guard case .databases(let records) = try StateFile.read(path: paths.sample("enterprise-mirrored-state.csv")) else {
            Issue.record("enterprise-mirrored-state.csv is not read as Test-CsDatabase records")
            return
        }
        #expect(records.count == 8 && records.allSatisfy { $0.mirrorSQLServer == "sql02.contoso.com" && $0.mirrorInstance == "rtc" })
        #expect(records.filter { $0.exists }.map(\.database) == ["rtcxds", "rtcshared", "rtcab", "xds", "lis"])
        guard case .mirrorStates(let states) = try StateFile.read(path: paths.sample("enterprise-mirrored-mirror-state.csv")) else {
            Issue.record("enterprise-mirrored-mirror-state.csv is not read as mirror states")
            return
        }
        #expect(states.count == 8 && states.allSatisfy { $0.poolFQDN == "pool01.contoso.com" })
        #expect(states.filter { $0.stateOnPrimary == "Principal" }.map(\.database) == ["rtcxds", "rtcshared", "rtcab", "xds", "lis"])

        let document = try sample("enterprise-mirrored.xml")
        let existing = try StateFile.load(path: paths.sample("enterprise-mirrored-state.csv"))
        let plan = PublishSimulator.simulate(document, options: PublishOptions(existing: existing))
        let primary = plan.createDatabases.filter { $0.sqlServer == "sql01.contoso.com" }
        #expect(primary.filter { $0.action == .create }.map(\.database).sorted() == ["cpsdyn", "rgsconfig", "rgsdyn"])
        #expect(primary.filter { $0.action == .exists }.count == 5)
    }
}

extension StateFileError {
    /// Not a readable state file (the command line's exit 65), as opposed to a file that cannot be opened (66).
    var isUnreadable: Bool {
        if case .cannotOpen = self { return false }
        return true
    }
}
