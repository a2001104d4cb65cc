import Foundation
import LyncTopology
import Testing

@Suite("plans hold typed commands; rendering writes them")
struct PowerShellCommandTests {
    @Test("a restore plan's step holds Install-CsDatabase with typed parameters, not text")
    func restoreStepIsTyped() throws {
        let plan = restore(try fixtureDocument("restore-mirrored-cms-elsewhere.xml"), ["sqlc.contoso.com"])
        let step = try #require(plan.steps.first { $0.title.hasPrefix("Re-create the databases") })
        #expect(step.commands == [PowerShellCommand("Install-CsDatabase", [
            .init("ConfiguredDatabases", .switch),
            .init("SqlServerFqdn", .fqdn("sqlc.contoso.com")),
            .init("ForInstance", .sqlInstance("rtc")),
        ])])
        let install = try #require(step.commands.first)
        #expect(install.value(of: "sqlserverfqdn") == .fqdn("sqlc.contoso.com"), "parameter names compare as PowerShell compares them")
        #expect(install.has("ConfiguredDatabases") && !install.has("Clean"))
        #expect(install.problems.isEmpty)
    }

    @Test("the Central Management store restore: switches, the default instance left out, backup files as paths")
    func centralManagementCommands() throws {
        let plan = restore(try sample("two-sites-archiving-monitoring.xml"), ["sql-sea.contoso.com"], options: RestoreOptions(backupFolder: "D:\\Backups"))
        let install = try #require(plan.commands.first { $0.cmdlet == "Install-CsDatabase" && $0.has("CentralManagementDatabase") })
        #expect(install.parameters.map(\.name) == ["CentralManagementDatabase", "SqlServerFqdn", "Clean"])
        #expect(install.value(of: "SqlServerFqdn") == .fqdn("sql-sea.contoso.com"))
        let importConfiguration = try #require(plan.commands.first { $0.cmdlet == "Import-CsConfiguration" })
        #expect(importConfiguration.value(of: "FileName") == .path("D:\\Backups\\CsConfiguration.zip"))
    }

    @Test("values in a plan are raw: the quoting happens only when the command is rendered")
    func quotingOnlyInRendering() throws {
        let share = "\\\\fs01\\share'; Remove-Item C:\\ #"
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql01.contoso.com"], options: RestoreOptions(fileShare: share))
        let mirror = try #require(plan.commands.first { $0.cmdlet == "Install-CsMirrorDatabase" })
        #expect(mirror.value(of: "FileShare") == .unc(share), "the value as given, not quoted")
        #expect(PowerShell.render(mirror) == "Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '\\\\fs01\\share''; Remove-Item C:\\ #' -SqlServerFqdn 'sql01.contoso.com' -ForInstance 'rtc' -DropExistingDatabasesOnMirror")
        for command in plan.commands {
            for parameter in command.parameters {
                if let text = PowerShell.text(of: parameter.value) { #expect(!text.hasPrefix("'"), "\(command.cmdlet) -\(parameter.name)") }
            }
        }
    }

    @Test("rendering: a switch alone, values single-quoted with quotes doubled, server\\instance, prefix and FQDN, a list")
    func rendering() {
        let command = PowerShellCommand("Do-Thing", [
            .init("Force", .switch),
            .init("ServerInstance", .serverInstance(server: "sql01.contoso.com", instance: "rtc")),
            .init("Default", .serverInstance(server: "sql01.contoso.com", instance: "")),
            .init("Destination", .prefixedFQDN(prefix: "service:ApplicationServer:", fqdn: "pool01.contoso.com")),
            .init("Name", .text("O'Brien\u{2019}s")),
            .init("Pools", .list([.fqdn("a.contoso.com"), .fqdn("b.contoso.com")])),
        ])
        #expect(PowerShell.render(command) == "Do-Thing -Force -ServerInstance 'sql01.contoso.com\\rtc' -Default 'sql01.contoso.com' -Destination 'service:ApplicationServer:pool01.contoso.com' -Name 'O''Brien\u{2019}\u{2019}s' -Pools 'a.contoso.com', 'b.contoso.com'")
        #expect(PowerShell.render(PowerShellCommand("Enable-CsTopology")) == "Enable-CsTopology")
    }

    @Test("a value failing its rules is reported by the command and never rendered")
    func invalidValues() {
        let command = PowerShellCommand("Test-CsDatabase", [
            .init("SqlServerFqdn", .fqdn("sql01;$(Stop-Computer)")),
            .init("SqlInstanceName", .sqlInstance("1bad")),
            .init("FileName", .path("C:\\a\nb")),
        ])
        #expect(command.problems.count == 3)
        #expect(command.problems[0].hasPrefix("the FQDN 'sql01;$(Stop-Computer)'"))
        #expect(command.problems[2] == "the value 'C:\\a\\u{A}b' contains a control character")
        #expect(PowerShell.render(command) == "Test-CsDatabase -SqlServerFqdn '<INVALID>' -SqlInstanceName '<INVALID>' -FileName '<INVALID>'")
    }

    @Test("a bad value in a command blocks the restore plan")
    func badValueBlocksPlan() throws {
        let text = RestoreCombinationTests.topology().replacingOccurrences(of: "sql02.contoso.com", with: "sql02_bad.contoso.com")
        let plan = restore(try TopologyDocument(bytes: Array(text.utf8), path: "test.xml"), ["sql01.contoso.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.rule == RestorePlanner.Rule.invalidName && $0.message.contains("sql02_bad.contoso.com") && $0.message.contains("cannot be planned") })
        #expect(plan.commands.isEmpty)
    }

    @Test("no planner or rule quotes PowerShell: no PowerShell.quote and no quoted parameter text under Publish/, Restore/, Diff/, Rules/")
    func noQuotingOutsideRendering() throws {
        let library = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LyncTopology")
        var checked = 0
        for folder in ["Publish", "Restore", "Diff", "Rules"] {
            let directory = library.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".swift") {
                let source = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                checked += 1
                #expect(!source.contains("PowerShell.quote"), "\(folder)/\(name)")
                #expect(!source.contains(#"with: "''""#), "\(folder)/\(name) doubles quotes")
                #expect(source.range(of: #" -[A-Z][A-Za-z]+ \\?\(?'"#, options: .regularExpression) == nil, "\(folder)/\(name) builds '-Param 'value'' text")
            }
        }
        #expect(checked > 10)
    }
}
