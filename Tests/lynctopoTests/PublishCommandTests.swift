import Foundation
import Testing

/// A file in a fresh temporary folder, removed by the caller.
private func temporaryFile(_ name: String, _ contents: String) throws -> String {
    let folder = NSTemporaryDirectory() + "lynctopo-publish-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

private func removeTemporary(_ path: String) {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

private let publishSamples = ["enterprise-mirrored.xml", "pool-edit.tbxml", "standard-edition.xml", "two-sites-archiving-monitoring.xml"]

@Suite("lynctopo publish")
struct PublishCommandTests {
    @Test("JSON has the keys of the command-line contract, rows included")
    func jsonShape() throws {
        let result = try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--first-publish", "--format", "json",
                                   "--file-share", "\\\\fs01.contoso.com\\mirror"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(Set(["document", "product", "centralManagementServer", "createDatabases", "createMirrorDatabases", "findings"])
            .isSubset(of: Set(object.keys)))
        #expect(object["document"] as? String == "topologies/enterprise-mirrored.xml")
        #expect(object["product"] as? String == "Skype for Business Server 2015")
        let cms = try #require(object["centralManagementServer"] as? [String: Any])
        #expect(cms["pool"] as? String == "pool01.contoso.com" && cms["sqlServer"] as? String == "sql01.contoso.com"
            && cms["instance"] as? String == "rtc")
        let rows = try #require(object["createDatabases"] as? [[String: Any]])
        #expect(rows.count == 8)
        #expect(Set(rows[0].keys) == ["sqlServer", "instance", "role", "databaseType", "database", "action", "reason"])
        #expect(rows[0]["database"] as? String == "rtcxds" && rows[0]["action"] as? String == "create")
        #expect(rows[0]["role"] as? String == "UserStore" && rows[0]["databaseType"] as? String == "User")
        let mirrors = try #require(object["createMirrorDatabases"] as? [[String: Any]])
        #expect(mirrors.count == 8)
        #expect(Set(mirrors[0].keys) == ["sqlServer", "instance", "role", "databaseType", "database", "primary", "witness", "action", "reason"])
        #expect(mirrors[0]["sqlServer"] as? String == "sql02.contoso.com")
        let primary = try #require(mirrors[0]["primary"] as? [String: Any])
        #expect(primary["sqlServer"] as? String == "sql01.contoso.com" && primary["instance"] as? String == "rtc")
        let witness = try #require(mirrors[0]["witness"] as? [String: Any])
        #expect(witness["sqlServer"] as? String == "sql03.contoso.com" && witness["instance"] as? String == "witness")
        #expect((object["findings"] as? [Any])?.isEmpty == true)
        #expect(object["blocked"] as? Bool == false)
        #expect(object["fileShare"] as? String == "\\\\fs01.contoso.com\\mirror")
    }

    @Test("the default instance is \"\"; no witness is null; an edit's OriginalTopology decides by default")
    func defaultInstance() throws {
        let result = try lynctopo(["publish", "topologies/pool-edit.tbxml", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let existing = try #require(object["existing"] as? [String: Any])
        #expect(existing["source"] as? String == "originalTopology")
        let rows = try #require(object["createDatabases"] as? [[String: Any]])
        #expect(rows[0]["instance"] as? String == "" && rows[0]["action"] as? String == "exists")
        #expect(rows.last?["database"] as? String == "QoEMetrics" && rows.last?["action"] as? String == "create")
        let mirrors = try #require(object["createMirrorDatabases"] as? [[String: Any]])
        #expect(mirrors[0]["witness"] is NSNull)
        #expect((mirrors[0]["primary"] as? [String: Any])?["instance"] as? String == "")
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["PUBLISH011"])
    }

    @Test("text reads like the wizard: the input sentence, then the pages in order")
    func text() throws {
        let result = try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--failed", "sql02.contoso.com"])
        #expect(result.status == 0)
        let out = result.stdout
        #expect(out.contains("Rebuild after a failure: every database on the instances of sql02.contoso.com is gone; everything else exists."))
        let pages = ["Select Central Management Server", "Create databases", "Create Mirror Database", "Publish"]
        let positions = pages.compactMap { out.range(of: "\n\($0)\n")?.lowerBound }
        #expect(positions.count == 4 && positions == positions.sorted())
        #expect(out.contains("  pool01.contoso.com: the active Central Management Server; its store is sql01.contoso.com\\rtc"))
        #expect(out.contains("  sql02.contoso.com\\rtc  mirror of sql01.contoso.com\\rtc, witness sql03.contoso.com\\witness"))
        #expect(out.contains("    [ ] exists  rtcxds     User         sql01.contoso.com did not fail: its databases are taken to exist"))
        #expect(out.contains("    [x] create  rtcxds     User         sql02.contoso.com failed: every database on its instances is gone"))
        #expect(out.contains("File share: not given; the wizard asks for one"))
        #expect(out.contains("The wizard would create 8 mirror databases on 1 SQL instance"))
    }

    @Test("collocated stores are never on Create databases; the text says Setup creates them")
    func collocated() throws {
        let result = try lynctopo(["publish", "topologies/standard-edition.xml", "--first-publish", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect((object["createDatabases"] as? [Any])?.isEmpty == true)
        #expect((object["localDatabases"] as? [[String: Any]])?.count == 8)
        let text = try lynctopo(["publish", "topologies/standard-edition.xml", "--first-publish"]).stdout
        #expect(text.contains("(no stand-alone SQL store: nothing on this page)"))
        #expect(text.contains("Setup and the Deployment Wizard"))
        #expect(text.contains("se01.contoso.com\\rtc: create rtcxds, rtcshared, rtcab, rgsconfig, rgsdyn, cpsdyn, xds, lis"))
    }

    @Test("every sample: first publish exits 0; each failed server exits 0, or 1 when the CMS store is lost",
          arguments: publishSamples)
    func samples(name: String) throws {
        let first = try lynctopo(["publish", "topologies/" + name, "--first-publish", "--format", "json"])
        #expect(first.status == 0, "\(first.stderr)")
        let object = try json(first.stdout)
        for row in (object["createDatabases"] as? [[String: Any]]) ?? [] { #expect(row["action"] as? String == "create") }
        let show = try json(try lynctopo(["show", "topologies/" + name, "--format", "json"]).stdout)
        let cmsServer = ((show["centralManagementServer"] as? [String: Any])?["sqlServer"] as? String)?.lowercased()
        let mirrorOfCMS = ((show["stores"] as? [[String: Any]]) ?? [])
            .first { $0["role"] as? String == "CentralMgmtStore" }.flatMap { $0["mirror"] as? [String: Any] }
        for pool in (show["pools"] as? [[String: Any]]) ?? [] {
            guard let fqdn = pool["fqdn"] as? String else { continue }
            let result = try lynctopo(["publish", "topologies/" + name, "--failed", fqdn, "--format", "json"])
            let lost = fqdn.lowercased() == cmsServer && mirrorOfCMS == nil
            #expect(result.status == (lost ? 1 : 0), "\(name) --failed \(fqdn): \(result.stderr)")
            let plan = try json(result.stdout)
            #expect(plan["blocked"] as? Bool == lost)
            for row in (plan["createDatabases"] as? [[String: Any]]) ?? [] {
                let onFailed = (row["sqlServer"] as? String)?.lowercased() == fqdn.lowercased()
                #expect(row["action"] as? String == (onFailed ? "create" : "exists"))
            }
        }
    }

    @Test("--state: a Test-CsDatabase CSV decides; unknown servers are warned about")
    func stateCSV() throws {
        let csv = "\u{FEFF}\"SqlServerFqdn\",\"SqlInstanceName\",\"DatabaseName\",\"DataSource\",\"SQLServerVersion\",\"ExpectedVersion\",\"InstalledVersion\",\"Succeed\"\r\n"
            + "\"sql01.contoso.com\",\"rtc\",\"rtcxds\",\"sql01.contoso.com\\rtc\",\"11.0\",\"1.0\",\"1.0\",\"True\"\r\n"
            + "\"sqlx.contoso.com\",\"rtc\",\"rtcxds\",\"sqlx.contoso.com\\rtc\",\"11.0\",\"1.0\",\"1.0\",\"True\"\r\n"
        let path = try temporaryFile("state.csv", csv)
        defer { removeTemporary(path) }
        let result = try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--state", path, "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let rows = try #require(object["createDatabases"] as? [[String: Any]])
        #expect(rows.map { $0["action"] as? String } == ["exists"] + Array(repeating: "create", count: 7))
        #expect(rows[0]["reason"] as? String == "reported to exist (\(path):2)")
        let rules = ((object["findings"] as? [[String: Any]]) ?? []).map { $0["rule"] as? String }
        #expect(rules.contains("PUBLISH020"))
        #expect((object["existing"] as? [String: Any])?["path"] as? String == path)
    }

    @Test("--state: a JSON list works too")
    func stateJSON() throws {
        let path = try temporaryFile("state.json", #"[{"sqlServer": "sql-sea.contoso.com", "instance": "", "database": "xds"}]"#)
        defer { removeTemporary(path) }
        let result = try lynctopo(["publish", "topologies/two-sites-archiving-monitoring.xml", "--state", path, "--format", "json"])
        #expect(result.status == 0)
        let rows = try #require(try json(result.stdout)["createDatabases"] as? [[String: Any]])
        #expect(rows.filter { $0["action"] as? String == "exists" }.map { $0["database"] as? String } == ["xds"])
    }

    @Test("an unreadable state file: 66 when it cannot be opened, 65 with path:line when malformed")
    func stateErrors() throws {
        let missing = try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--state", "no/such/state.csv"])
        #expect(missing.status == 66)
        #expect(missing.stderr.hasPrefix("no/such/state.csv: error: cannot open state file"))
        #expect(missing.stdout.isEmpty)
        let path = try temporaryFile("bad.csv", "SqlServerFqdn,SqlInstanceName\r\nsql01.contoso.com,rtc\r\n")
        defer { removeTemporary(path) }
        let malformed = try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--state", path])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.hasPrefix("\(path):1: error: state file has no DatabaseName column"))
        #expect(malformed.stdout.isEmpty)
    }

    @Test("a blocked publish exits 1 and still prints the pages with the reasons")
    func blocked() throws {
        let source = try String(contentsOfFile: paths.sample("enterprise-mirrored.xml"), encoding: .utf8)
            .replacingOccurrences(of: "ServiceVersion=\"7\"", with: "ServiceVersion=\"8\"")
        let result = try lynctopo(["publish", "-", "--first-publish"], stdin: Data(source.utf8))
        #expect(result.status == 1)
        #expect(result.stdout.contains("Blocked: the publish would fail (3 errors below)."))
        #expect(result.stdout.contains("<stdin>:79:9: error: [MIRROR006] 1-UserServices-1 on pool01.contoso.com declares the mirror UserStore:sql02.contoso.com\\rtc, but Skype for Business Server 2019 does not support database mirroring"))
        #expect(result.stderr.contains("the publish would fail: 3 errors"))
        let failedCMS = try lynctopo(["publish", "topologies/standard-edition.xml", "--failed", "se01.contoso.com", "--format", "json"])
        #expect(failedCMS.status == 1)
        let object = try json(failedCMS.stdout)
        #expect(object["blocked"] as? Bool == true)
        #expect(((object["findings"] as? [[String: Any]]) ?? []).map { $0["rule"] as? String } == ["PUBLISH034"])
    }

    @Test("no CMS yet: candidates listed; --cms chooses; an unknown pool exits 64", .needsCorpus)
    func centralManagement() throws {
        let design = Corpus.path("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml")
        let result = try lynctopo(["publish", design, "--cms", "FRONTENDPOOL.contoso.com", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let cms = try #require(object["centralManagementServer"] as? [String: Any])
        #expect(cms["pool"] as? String == "frontendpool.contoso.com" && cms["sqlServer"] as? String == "xSQL1.contoso.com")
        #expect(cms["active"] as? Bool == false && cms["selection"] as? String == "chosen")
        #expect(cms["candidates"] as? [String] == ["frontendpool.contoso.com"])
        let rows = try #require(object["createDatabases"] as? [[String: Any]])
        #expect(rows.suffix(2).map { $0["database"] as? String } == ["xds", "lis"])
        let text = try lynctopo(["publish", design])
        #expect(text.stdout.contains("Selected: frontendpool.contoso.com (the only candidate)"))
        let unknown = try lynctopo(["publish", design, "--cms", "pool9.contoso.com"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--cms pool9.contoso.com is not a Front End pool or Standard Edition server of this topology; candidates: frontendpool.contoso.com"))
        #expect(unknown.stdout.isEmpty)
    }

    @Test("bad arguments exit 64: non-UNC file share, several inputs, missing file argument")
    func badArguments() throws {
        let share = try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--file-share", "C:\\mirror"])
        #expect(share.status == 64 && share.stderr.contains("--file-share 'C:\\mirror' is not a UNC path"))
        #expect(try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--first-publish", "--failed", "sql01.contoso.com"]).status == 64)
        #expect(try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--state", "x.csv", "--first-publish"]).status == 64)
        #expect(try lynctopo(["publish", "-", "--state", "-"]).status == 64)
        #expect(try lynctopo(["publish"]).status == 64)
        #expect(try lynctopo(["publish", "topologies/enterprise-mirrored.xml", "--format", "yaml"]).status == 64)
        #expect(try lynctopo(["publish", "no/such.xml"]).status == 66)
    }

    @Test("publish is listed in the help")
    func help() throws {
        let result = try lynctopo(["--help"])
        #expect(result.stdout.contains("publish") && result.stdout.contains("Simulate the Publish Topology wizard"))
    }
}
