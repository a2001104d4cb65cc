import LyncTopology
import Testing

/// The text of a PowerShell line outside its single-quoted literals (`''` inside a literal is an escaped quote;
/// the typographic single quotes count as quotes, as PowerShell reads them). Nil when a literal is left open.
func outsideSingleQuotes(_ line: String) -> String? {
    let quotes: Set<Character> = ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]
    var outside = ""
    var inside = false
    var characters = Array(line)[...]
    while let character = characters.popFirst() {
        if inside {
            if quotes.contains(character) {
                if let next = characters.first, quotes.contains(next) { characters.removeFirst() } else { inside = false }
            }
        } else if quotes.contains(character) {
            inside = true
        } else {
            outside.append(character)
        }
    }
    return inside ? nil : outside
}

/// Fragments of the hostile names below; none may ever appear outside a quoted literal.
/// The commands the hostile values carry. (`;`, `$(` and backticks are the script's own code outside quotes; the
/// hostile values must never be.)
let hostileFragments = ["Remove-Item", "Invoke-Evil", "Format-Volume", "whoami", "Stop-Computer"]

/// Checks every line of a generated script: comments are inert; other lines may hold the hostile text only inside
/// single-quoted literals.
func expectInert(_ script: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for line in script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let trimmed = line.drop(while: { $0 == " " })
        if trimmed.hasPrefix("#") || trimmed.isEmpty { continue }
        guard let outside = outsideSingleQuotes(line) else {
            Issue.record("unterminated literal: \(line)", sourceLocation: sourceLocation)
            continue
        }
        for fragment in hostileFragments where outside.contains(fragment) {
            Issue.record("'\(fragment)' outside quotes in: \(line)", sourceLocation: sourceLocation)
        }
    }
}

@Suite("restore: quoting and hostile names")
struct RestoreQuotingTests {
    static let hostileFQDN = "sql01'; Remove-Item C:\\ -Recurse; $(Invoke-Evil) `whoami`\nFormat-Volume.contoso.com"
    static let hostileFQDNInXML = "sql01&apos;; Remove-Item C:\\ -Recurse; $(Invoke-Evil) `whoami`&#10;Format-Volume.contoso.com"

    @Test("a failed server whose FQDN carries quotes, ';', '$(…)', backticks and a newline: blocked, never in a command")
    func hostileFailedServer() throws {
        let document = try read(RestoreCombinationTests.topology(sqlServer: Self.hostileFQDNInXML))
        #expect(document.topology.cluster(fqdn: Self.hostileFQDN) != nil, "the fixture carries the hostile name")
        let plan = restore(document, [Self.hostileFQDN])
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.rule == RestorePlanner.Rule.invalidName })
        #expect(plan.steps.isEmpty && plan.commandLines.isEmpty)
        #expect(plan.blockers.allSatisfy { !$0.message.contains("\n") }, "messages show control characters escaped")
        let script = RestoreRendering.powerShell(plan, path: "test.xml")
        expectInert(script)
        #expect(script.split(separator: "\n").allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("throw '") }, "a blocked plan's script only says why and stops")
        let text = RestoreRendering.text(plan, path: "test.xml")
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("Format-Volume") }, "the newline is shown escaped")
    }

    @Test("a hostile SQL instance name on the failed server blocks the plan")
    func hostileInstance() throws {
        let document = try read(RestoreCombinationTests.topology(instance: "rtc&apos;; Stop-Computer #"))
        let plan = restore(document, ["sql01.contoso.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.rule == RestorePlanner.Rule.invalidName && $0.message.contains("SQL instance name") })
        #expect(plan.steps.isEmpty)
        expectInert(RestoreRendering.powerShell(plan, path: "test.xml"))
    }

    @Test("a hostile name on a surviving partner the commands would name also blocks the plan")
    func hostileSurvivor() throws {
        let text = RestoreCombinationTests.topology().replacingOccurrences(of: "sql02.contoso.com", with: "sql02.contoso.com;$(Invoke-Evil)")
        let plan = restore(try read(text), ["sql01.contoso.com"])
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.message.contains("sql02.contoso.com;$(Invoke-Evil)") })
        #expect(plan.commandLines.isEmpty)
    }

    @Test("file share and backup folder values with quotes, ';' and '$(…)' stay inside single-quoted literals")
    func hostileOptions() throws {
        let options = RestoreOptions(fileShare: "\\\\fs01\\share'; Remove-Item C:\\ #", backupFolder: "C:\\b$(Invoke-Evil);`x'")
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql01.contoso.com"], options: options)
        #expect(!plan.isBlocked)
        #expect(plan.commandLines.contains("Install-CsMirrorDatabase -ConfiguredDatabases -FileShare '\\\\fs01\\share''; Remove-Item C:\\ #' -SqlServerFqdn 'sql01.contoso.com' -ForInstance 'rtc' -DropExistingDatabasesOnMirror"))
        #expect(plan.commandLines.contains("Import-CsConfiguration -FileName 'C:\\b$(Invoke-Evil);`x''\\CsConfiguration-fresh.zip'"))
        expectInert(plan.commandLines.joined(separator: "\n"))
        expectInert(RestoreRendering.powerShell(plan, path: "topologies/enterprise-mirrored.xml"))
    }

    @Test("a typographic quote in a value is doubled too")
    func typographicQuote() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql02.contoso.com"], options: RestoreOptions(fileShare: "\\\\fs\\a\u{2019}; Remove-Item x"))
        #expect(plan.commandLines.contains { $0.contains("'\\\\fs\\a\u{2019}\u{2019}; Remove-Item x'") })
        expectInert(plan.commandLines.joined(separator: "\n"))
    }

    @Test("a control character in an option value blocks the plan")
    func controlCharacterInOption() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql02.contoso.com"], options: RestoreOptions(fileShare: "\\\\fs\\a\nRemove-Item x"))
        #expect(plan.isBlocked)
        #expect(plan.commandLines.isEmpty)
    }

    @Test("the lexer used above sees through doubled quotes")
    func lexer() {
        #expect(outsideSingleQuotes("A -B 'x'';y' -C") == "A -B  -C")
        #expect(outsideSingleQuotes("A 'x") == nil)
        #expect(outsideSingleQuotes("A 'x\u{2019}\u{2019}y' ;") == "A  ;")
    }
}

@Suite("restore: rendering")
struct RestoreRenderingTests {
    @Test("ps1: placeholders are mandatory parameters of the script; a manual step prints what to do and waits")
    func powerShellScript() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql02.contoso.com"])
        let script = RestoreRendering.powerShell(plan, path: "topologies/enterprise-mirrored.xml")
        let lines = script.split(separator: "\n").map { String($0.drop(while: { $0 == " " })) }
        #expect(lines.contains("$ErrorActionPreference = 'Stop'"))
        #expect(lines.contains("[string]$FileShare,") || lines.contains("[string]$FileShare"))
        #expect(!script.contains("<FILE-SHARE-UNC>"), "the placeholder became the parameter")
        #expect(lines.contains("# Step 3: Rebuild sql02.contoso.com with the same name (SQL Server instances: rtc)"))
        let step3 = try #require(lines.firstIndex(of: "function Invoke-Step3 {"))
        let body = lines[step3...].prefix { $0 != "}" }
        #expect(body.contains { $0.hasPrefix("Write-Host '  - Install SQL Server with exactly the same instance names") })
        #expect(body.contains("Wait-Operator 3"))
        let substituted = plan.steps.flatMap(\.commands).map { PowerShell.render($0, variables: [RestorePlaceholder.fileShare: "FileShare"]) }
        for command in substituted { #expect(lines.contains(command), "\(command)") }
        expectInert(script)
        let filled = restore(try sample("enterprise-mirrored.xml"), ["sql02.contoso.com"], options: RestoreOptions(fileShare: "\\\\fs01\\mirror"))
        #expect(!RestoreRendering.powerShell(filled, path: "x").contains("$FileShare"))
    }

    @Test("text: a numbered runbook with the rebuild and database lists")
    func text() throws {
        let plan = restore(try sample("enterprise-mirrored.xml"), ["sql02.contoso.com"])
        let text = RestoreRendering.text(plan, path: "topologies/enterprise-mirrored.xml")
        #expect(text.contains("\nRebuild (same FQDN, same SQL Server instance names)\n  sql02.contoso.com  SQL Server instances: rtc\n"))
        #expect(text.contains("  sql02.contoso.com\\rtc mirror of sql01.contoso.com\\rtc: rtcxds, rtcshared, rtcab, rgsconfig, rgsdyn, cpsdyn, xds, lis\n"))
        #expect(text.contains("\n1. Before you start"))
        #expect(text.contains("\n5. Verify\n"))
        #expect(text.contains("   > Uninstall-CsMirrorDatabase -SqlServerFqdn 'sql01.contoso.com' -SqlInstanceName 'rtc' -DatabaseType 'User'\n"))
    }

    @Test("JSON: the keys of the command-line contract; the default instance is \"\"")
    func json() throws {
        let plan = restore(try sample("two-sites-archiving-monitoring.xml"), ["sql-sea.contoso.com"])
        let value = RestoreRendering.json(plan, path: "p")
        for key in ["document", "failed", "blocked", "blockers", "rebuild", "recreateDatabases", "recreateMirrorDatabases", "localDatabases", "steps"] {
            #expect(value[key] != nil, "missing \(key)")
        }
        #expect(value["rebuild"] == .array([.object([("fqdn", "sql-sea.contoso.com"), ("sqlInstances", ["" ]), ("pool", "sql-sea.contoso.com"), ("kind", "sql")])]))
        guard case .array(let steps) = value["steps"], case .object(let first) = steps.first else {
            Issue.record("no steps")
            return
        }
        #expect(first.map(\.0) == ["number", "title", "why", "computer", "changes", "prerequisites", "manual", "commands", "conditions", "alternative"])
    }
}
