import Foundation
import Testing
import LyncTopology

private func parseState(_ text: String, path: String = "state.csv") throws(StateFileError) -> [ExistingDatabases.Record] {
    try StateFile.parse(Array(text.utf8), path: path)
}

private func malformedLine(_ text: String) -> (line: Int, message: String)? {
    do {
        _ = try parseState(text)
        return nil
    } catch {
        guard let line = error.line else { return nil }
        return (line, error.message)
    }
}

@Suite("State file: Test-CsDatabase CSV and JSON lists")
struct StateFileTests {
    /// What `Test-CsDatabase -ConfiguredDatabases -SqlServerFqdn sql01… | Export-Csv -NoTypeInformation` writes:
    /// every field quoted, CRLF, and (Windows PowerShell with -Encoding UTF8) a byte-order mark.
    static let export = "\u{FEFF}\"SqlServerFqdn\",\"SqlInstanceName\",\"DatabaseName\",\"DataSource\",\"SQLServerVersion\",\"ExpectedVersion\",\"InstalledVersion\",\"Succeed\"\r\n"
        + "\"sql01.contoso.com\",\"rtc\",\"rtcxds\",\"sql01.contoso.com\\rtc\",\"11.0.5058\",\"1.0.0.0\",\"1.0.0.0\",\"True\"\r\n"
        + "\"sql01.contoso.com\",\"rtc\",\"rtcshared\",\"sql01.contoso.com\\rtc\",\"11.0.5058\",\"5.0.1\",\"5.0.0\",\"False\"\r\n"
        + "\"sql01.contoso.com\",\"rtc\",\"rtcab\",\"sql01.contoso.com\\rtc\",\"11.0.5058\",\"62.42.1\",\"\",\"False\"\r\n"

    @Test("an Export-Csv file: BOM, quotes, CRLF; exists when Succeed is True or a version is installed")
    func export() throws {
        let records = try parseState(Self.export)
        #expect(records.map(\.database) == ["rtcxds", "rtcshared", "rtcab"])
        #expect(records.map(\.exists) == [true, true, false])
        #expect(records.map(\.line) == [2, 3, 4])
        #expect(records.allSatisfy { $0.sqlServer == "sql01.contoso.com" && $0.instance == "rtc" && !$0.anyInstance })
    }

    @Test("header names match case-insensitively, in any column order; unknown columns are ignored")
    func columnOrder() throws {
        let records = try parseState("succeed,Extra,databasename,SQLSERVERFQDN,sqlinstancename\nTRUE,x,lis,sql01.contoso.com,rtc\nfalse,y,xds,sql01.contoso.com,rtc\n")
        #expect(records.map(\.database) == ["lis", "xds"])
        #expect(records.map(\.exists) == [true, false])
        #expect(records[0].sqlServer == "sql01.contoso.com" && records[0].instance == "rtc")
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks; a record's line is where it starts")
    func quoting() throws {
        let text = "\"SqlServerFqdn\",\"SqlInstanceName\",\"DatabaseName\",\"DataSource\",\"Succeed\"\n"
            + "\"sql01.contoso.com\",\"rtc\",\"a, \"\"b\"\"\r\nc\",\"x\", \"True\" \n"
            + "sql02.contoso.com,rtc,rtcab,,True\n"
        let records = try parseState(text)
        #expect(records.count == 2)
        #expect(records[0].database == "a, \"b\"\r\nc" && records[0].exists, "blanks around a quoted field are ignored")
        #expect(records.map(\.line) == [2, 4])
        #expect(records[1].sqlServer == "sql02.contoso.com")
    }

    @Test("line endings: CRLF, LF and CR alone; blank lines and a trailing line break are skipped")
    func lineEndings() throws {
        for separator in ["\r\n", "\n", "\r"] {
            let text = ["SqlServerFqdn,SqlInstanceName,DatabaseName", "sql01.contoso.com,rtc,xds", "", "sql01.contoso.com,rtc,lis", ""]
                .joined(separator: separator)
            let records = try parseState(text)
            #expect(records.map(\.database) == ["xds", "lis"], "separator \(separator.debugDescription)")
            #expect(records.map(\.line) == [2, 4])
        }
    }

    @Test("no Succeed, InstalledVersion or exists column: the file is a plain list and every record exists")
    func plainList() throws {
        let records = try parseState("SqlServerFqdn,SqlInstanceName,DatabaseName\nsql01.contoso.com,,rtcxds\n")
        #expect(records.first?.exists == true && records.first?.instance == "")
    }

    @Test("the default instance: empty or MSSQLSERVER; from DataSource when no instance column; else any instance")
    func instances() throws {
        let named = try parseState("SqlServerFqdn,SqlInstanceName,DatabaseName\nsql01.contoso.com,MSSQLSERVER,rtcxds\n")
        #expect(named[0].instance == "" && !named[0].anyInstance)
        let source = try parseState("SqlServerFqdn,DataSource,DatabaseName\nsql01.contoso.com,\"sql01.contoso.com\\rtc,1433\",rtcxds\nsql02.contoso.com,sql02.contoso.com,rtcab\n")
        #expect(source.map(\.instance) == ["rtc", ""] && source.allSatisfy { !$0.anyInstance })
        let serverInstance = try parseState("SqlServerFqdn,DatabaseName\nsql01.contoso.com\\rtc,rtcxds\nsql02.contoso.com.,rtcab\n")
        #expect(serverInstance[0].sqlServer == "sql01.contoso.com" && serverInstance[0].instance == "rtc" && !serverInstance[0].anyInstance)
        #expect(serverInstance[1].sqlServer == "sql02.contoso.com" && serverInstance[1].anyInstance)
    }

    @Test("Windows PowerShell's #TYPE line (no -NoTypeInformation) is skipped")
    func typeLine() throws {
        let records = try parseState("#TYPE Microsoft.Rtc.Management.Deployment.DatabaseInfo\n\"SqlServerFqdn\",\"DatabaseName\",\"Succeed\"\n\"sql01.contoso.com\",\"xds\",\"True\"\n")
        #expect(records.map(\.database) == ["xds"] && records[0].line == 3)
    }

    @Test("UTF-16LE with a byte-order mark (PowerShell's > redirection)")
    func utf16() throws {
        let text = "SqlServerFqdn,SqlInstanceName,DatabaseName,Succeed\r\nsql01.contoso.com,rtc,rtcxds,True\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let records = try StateFile.parse(bytes, path: "s.csv")
        #expect(records.map(\.database) == ["rtcxds"] && records[0].exists)
    }

    @Test("a missing required column names the column, the columns found and the header line")
    func missingColumns() {
        let noDatabase = malformedLine("\u{FEFF}\"SqlServerFqdn\",\"SqlInstanceName\",\"Succeed\"\r\n\"sql01\",\"rtc\",\"True\"\r\n")
        #expect(noDatabase?.line == 1)
        #expect(noDatabase?.message.contains("no DatabaseName column") == true)
        #expect(noDatabase?.message.contains("columns found: SqlServerFqdn, SqlInstanceName, Succeed") == true)
        let neither = malformedLine("\n\nServer,Name\nx,y\n")
        #expect(neither?.line == 3)
        #expect(neither?.message.contains("no SqlServerFqdn or DatabaseName column") == true)
    }

    @Test("malformed CSV: unterminated quote, junk after a quote, wrong field count, empty key fields, no header")
    func malformedCSV() {
        #expect(malformedLine("SqlServerFqdn,DatabaseName\n\"sql01,xds\n")?.line == 2)
        #expect(malformedLine("SqlServerFqdn,DatabaseName\n\"sql01\"x,xds\n")?.message.contains("after the closing quote") == true)
        let count = malformedLine("SqlServerFqdn,DatabaseName\nsql01,xds\nsql01,xds,extra\n")
        #expect(count?.line == 3 && count?.message == "row has 3 fields, the header has 2")
        #expect(malformedLine("SqlServerFqdn,DatabaseName\n,xds\n")?.message == "record has no SqlServerFqdn")
        #expect(malformedLine("SqlServerFqdn,DatabaseName\nsql01, \n")?.message == "record has no DatabaseName")
        #expect(malformedLine("")?.message.contains("empty") == true)
        #expect(malformedLine("\n\n")?.message.contains("empty") == true)
    }

    @Test("bytes that are not text are refused with the line")
    func notText() {
        do {
            _ = try StateFile.parse(Array("SqlServerFqdn,DatabaseName\n".utf8) + [0xC3, 0x28], path: "s.csv")
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.isUnreadable)
            #expect(error.description == "s.csv:2:1: error: state file is not UTF-8 or UTF-16 text")
        }
    }

    @Test("JSON: a list of {sqlServer, instance, database}, keys case-insensitive; exists optional")
    func jsonList() throws {
        let records = try parseState("""
            [
              {"sqlServer": "sql01.contoso.com", "instance": "rtc", "database": "rtcxds"},
              {"SQLSERVER": "sql01.contoso.com", "Instance": "", "Database": "rtcab", "exists": false},
              {"sqlServer": "sql02.contoso.com", "database": "xds", "note": {"free": ["form"]}}
            ]
            """, path: "s.json")
        #expect(records.map(\.database) == ["rtcxds", "rtcab", "xds"])
        #expect(records.map(\.exists) == [true, false, true])
        #expect(records.map(\.line) == [2, 3, 4])
        #expect(records[2].anyInstance && !records[0].anyInstance)
    }

    @Test("JSON: ConvertTo-Json of Test-CsDatabase records, and a lone record as an object")
    func jsonConvertTo() throws {
        let list = try parseState("""
            [{"SqlServerFqdn":"sql01.contoso.com","SqlInstanceName":"rtc","DatabaseName":"rtcxds","InstalledVersion":null,"Succeed":true},
             {"SqlServerFqdn":"sql01.contoso.com","SqlInstanceName":"rtc","DatabaseName":"rtcab","InstalledVersion":null,"Succeed":false},
             {"SqlServerFqdn":"sql01.contoso.com","SqlInstanceName":"rtc","DatabaseName":"lis","InstalledVersion":"1.0","Succeed":false}]
            """, path: "s.json")
        #expect(list.map(\.exists) == [true, false, true])
        let single = try parseState("{\"SqlServerFqdn\":\"sql01.contoso.com\",\"SqlInstanceName\":\"rtc\",\"DatabaseName\":\"rtc\\u0078ds\"}", path: "s.json")
        #expect(single.map(\.database) == ["rtcxds"])
    }

    @Test("malformed JSON is refused with the line")
    func malformedJSON() {
        #expect(malformedLine("[\n{\"sqlServer\": \"sql01\"\n\"database\": \"x\"}]")?.line == 3)
        #expect(malformedLine("[\n  {\"sqlServer\": \"sql01\"}\n]")?.message.contains("no database (DatabaseName)") == true)
        #expect(malformedLine("[\n  {\"sqlServer\": \"sql01\"}\n]")?.line == 2)
        #expect(malformedLine("[\"sql01\"]")?.message.contains("JSON object") == true)
        #expect(malformedLine("[{\"sqlServer\": [\"a\"], \"database\": \"x\"}]")?.message.contains("not a string") == true)
        #expect(malformedLine("[{\"sqlServer\": \"a\", \"database\": \"x\"}] trailing") != nil)
        #expect(malformedLine("[{\"sqlServer\": \"a\", \"database\": \"x\"}")?.message.contains("not closed") == true)
        #expect(malformedLine(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))?.message.contains("nested") == true)
        #expect(malformedLine("[1, 2]") != nil)
    }

    @Test("a file that cannot be opened is cannotOpen; a malformed one names path:line")
    func load() throws {
        do {
            _ = try StateFile.load(path: "/nonexistent/state.csv")
            Issue.record("opened a missing file")
        } catch {
            guard case .cannotOpen = error else { Issue.record("not cannotOpen: \(error)"); return }
            #expect(error.description.hasPrefix("/nonexistent/state.csv: error: cannot open state file"))
        }
        let path = NSTemporaryDirectory() + "lynctopo-state-\(UUID().uuidString).csv"
        try Self.export.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let existing = try StateFile.load(path: path)
        #expect(existing.source == .stateFile(path: path) && existing.records.count == 3)
    }

    @Test("the column names live in one table")
    func columns() {
        #expect(StateFile.Field.required.map(\.displayName) == ["SqlServerFqdn", "DatabaseName"])
        #expect(StateFile.Field.allCases.map(\.displayName) == ["SqlServerFqdn", "SqlInstanceName", "DatabaseName", "DataSource",
                                                                "InstalledVersion", "Succeed", "exists",
                                                                "MirrorSqlServerFqdn", "MirrorSqlInstanceName", "DatabaseHighAvailability",
                                                                "SQLServerVersion", "ExpectedVersion", "PoolFqdn", "StateOnPrimary",
                                                                "StateOnMirror", "MirroringStatusOnPrimary", "MirroringStatusOnSecondary"])
        let names = StateFile.Field.allCases.flatMap(\.names).map { $0.lowercased() }
        #expect(Set(names).count == names.count, "no name belongs to two fields")
    }
}
