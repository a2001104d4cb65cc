import Foundation
import Testing

@Suite("lynctopo restore")
struct RestoreCommandTests {
    @Test("JSON has the keys of the command-line contract, with rebuild, databases, mirrors and steps")
    func jsonShape() throws {
        let result = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql02.contoso.com", "--format", "json",
                                   "--file-share", "\\\\fs01\\mirror"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(Set(["document", "failed", "blocked", "blockers", "rebuild", "recreateDatabases", "recreateMirrorDatabases",
                     "localDatabases", "steps"]).isSubset(of: Set(object.keys)))
        #expect(object["document"] as? String == "topologies/enterprise-mirrored.xml")
        #expect(object["failed"] as? [String] == ["sql02.contoso.com"])
        #expect(object["blocked"] as? Bool == false)
        #expect((object["blockers"] as? [Any])?.isEmpty == true)
        let rebuild = try #require(object["rebuild"] as? [[String: Any]])
        #expect(rebuild.count == 1)
        #expect(rebuild[0]["fqdn"] as? String == "sql02.contoso.com")
        #expect(rebuild[0]["sqlInstances"] as? [String] == ["rtc"])
        let mirrors = try #require(object["recreateMirrorDatabases"] as? [[String: Any]])
        #expect(mirrors.count == 8)
        #expect(Set(["sqlServer", "instance", "role", "databaseType", "database", "primary"]).isSubset(of: Set(mirrors[0].keys)))
        #expect(mirrors[0]["sqlServer"] as? String == "sql02.contoso.com")
        #expect(mirrors[0]["databaseType"] as? String == "User")
        let primary = try #require(mirrors[0]["primary"] as? [String: Any])
        #expect(primary["sqlServer"] as? String == "sql01.contoso.com" && primary["instance"] as? String == "rtc")
        #expect((object["recreateDatabases"] as? [Any])?.isEmpty == true)
        #expect((object["localDatabases"] as? [Any])?.isEmpty == true)
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.allSatisfy { $0["title"] is String && $0["commands"] is [String] && $0["why"] is String })
        let commands = steps.flatMap { $0["commands"] as? [String] ?? [] }
        #expect(commands.contains("Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '\\\\fs01\\mirror' -SqlServerFqdn 'sql01.contoso.com' -ForInstance 'rtc'"))
    }

    @Test("the default instance is \"\" in rebuild and databases")
    func defaultInstance() throws {
        let result = try lynctopo(["restore", "topologies/two-sites-archiving-monitoring.xml", "--failed", "sql-sea.contoso.com", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let rebuild = try #require(object["rebuild"] as? [[String: Any]])
        #expect(rebuild[0]["sqlInstances"] as? [String] == [""])
        let databases = try #require(object["recreateDatabases"] as? [[String: Any]])
        #expect(databases.allSatisfy { $0["instance"] as? String == "" })
    }

    @Test("text is a numbered runbook")
    func text() throws {
        let result = try lynctopo(["restore", "topologies/standard-edition.xml", "--failed", "SE01.contoso.com"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\n1. Before you start"))
        #expect(result.stdout.contains("Databases Setup and the Deployment Wizard re-create (collocated)"))
        #expect(result.stdout.contains("> Install-CsDatabase -CentralManagementDatabase -SqlServerFqdn 'se01.contoso.com' -SqlInstanceName 'rtc' -Clean"))
        #expect(result.stderr.isEmpty)
    }

    @Test("ps1 is a step-gated script: a function per step, changing commands behind ShouldProcess, manual steps wait")
    func powerShell() throws {
        let result = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql03.contoso.com", "--format", "ps1",
                                   "--file-share", "\\\\fs01\\it's here"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { String($0.drop(while: { $0 == " " })) }
        let mirror = try #require(lines.firstIndex(of: "Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '\\\\fs01\\it''s here' -SqlServerFqdn 'sql01.contoso.com' -ForInstance 'rtc' -DropExistingDatabasesOnMirror"))
        #expect(lines[mirror - 1].hasPrefix("if ($script:Runner.ShouldProcess('sql01.contoso.com\\rtc', 'Install-CsMirrorDatabase -ConfiguredDatabases -DropExistingDatabasesOnMirror'))"))
        #expect(lines.contains("function Invoke-Step1 {"))
        #expect(lines.contains("# Step 1: Before you start: computer accounts, certificates, backups"))
        #expect(lines.contains("Wait-Operator 1"))
        #expect(lines.contains("[CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'List')]"))
        #expect(!lines.contains { $0.contains("$FileShare") || $0.contains("$BackupFolder") }, "the share was given: no parameter stands for it")
    }

    @Test("--failed is required: exit 64")
    func failedRequired() throws {
        let result = try lynctopo(["restore", "topologies/enterprise-mirrored.xml"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--failed"))
    }

    @Test("a server not in the topology: exit 1, blocked, a blocker that says why")
    func unknownServer() throws {
        let result = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql09.contoso.com", "--format", "json"])
        #expect(result.status == 1)
        #expect(!result.signaled)
        let object = try json(result.stdout)
        #expect(object["blocked"] as? Bool == true)
        let blockers = try #require(object["blockers"] as? [[String: Any]])
        #expect(blockers.first?["rule"] as? String == "RESTORE001")
        #expect((blockers.first?["message"] as? String)?.contains("sql09.contoso.com") == true)
        #expect((object["steps"] as? [Any])?.isEmpty == true)
        #expect(result.stderr.contains("error: [RESTORE001]"))
    }

    @Test("a hostile name given as --failed never reaches the script unescaped")
    func hostileFailedName() throws {
        let hostile = "x'; Remove-Item C:\\ -Recurse; $(Invoke-Evil)\nFormat-Volume"
        let result = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", hostile, "--format", "ps1"])
        #expect(result.status == 1)
        for line in result.stdout.split(separator: "\n") where !line.drop(while: { $0 == " " }).hasPrefix("#") {
            #expect(!line.contains("Remove-Item") && !line.contains("Format-Volume"), "\(line)")
        }
        let jsonResult = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", hostile, "--format", "json"])
        #expect(try json(jsonResult.stdout)["failed"] as? [String] == [hostile], "JSON escapes, and keeps the name exact")
    }

    @Test("--file-share must be a UNC path without control characters; --backup-path without control characters: exit 64",
          arguments: [["--file-share", "fs01\\share"], ["--file-share", "\\\\fs01\\share\nRemove-Item"], ["--backup-path", "C:\\b\r\nx"]])
    func badOptions(option: [String]) throws {
        let result = try lynctopo(["restore", "topologies/enterprise-mirrored.xml", "--failed", "sql02.contoso.com"] + option)
        #expect(result.status == 64)
    }

    @Test("an input that cannot be opened: exit 66")
    func missingFile() throws {
        let result = try lynctopo(["restore", "topologies/missing.xml", "--failed", "sql01.contoso.com"])
        #expect(result.status == 66)
    }

    @Test("reads standard input")
    func standardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: paths.sample("standard-edition.xml")))
        let result = try lynctopo(["restore", "-", "--failed", "edge01.contoso.com", "--format", "json"], stdin: data)
        #expect(result.status == 0)
        #expect(try json(result.stdout)["document"] as? String == "<stdin>")
    }
}
