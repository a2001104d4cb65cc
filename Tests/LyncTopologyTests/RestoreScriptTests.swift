import Testing
import LyncTopology
import LyncTopologyTesting

/// The structure of `restore --format ps1`, checked without PowerShell: every changing command inside a step
/// function and behind ShouldProcess, braces and quotes balanced, no placeholder left in a command, and the
/// same commands as the text and JSON runbooks.
@Suite("Restore script")
struct RestoreScriptTests {
    static let paths = TestPaths()
    static let samples = ["standard-edition.xml", "enterprise-mirrored.xml", "two-sites-archiving-monitoring.xml", "pool-edit.tbxml"]
    static let changingVerbs: Set<String> = ["install", "uninstall", "invoke", "set", "import", "enable", "stop", "start", "move", "restore", "remove", "publish"]

    struct Case: CustomTestStringConvertible, Sendable {
        var sample: String
        var failed: String
        var testDescription: String { "\(sample): \(failed)" }
    }

    static var cases: [Case] {
        var result: [Case] = []
        for sample in samples {
            guard let document = try? TopologyDocument.load(path: paths.sample(sample)) else { continue }
            var seen = Set<String>()
            for cluster in document.topology.clusters {
                for machine in cluster.machines where seen.insert(machine.fqdn.lowercased()).inserted {
                    result.append(Case(sample: sample, failed: machine.fqdn))
                }
            }
        }
        return result
    }

    /// The line without its single-quoted literals (doubled quotes inside them included) and without a trailing
    /// comment; nil when a literal is left open.
    static func code(_ line: String) -> String? {
        var out = ""
        var inQuote = false
        var characters = Array(line)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if inQuote {
                if character == "'" {
                    if index + 1 < characters.count, characters[index + 1] == "'" { index += 2; continue }
                    inQuote = false
                }
            } else if character == "'" {
                inQuote = true
            } else if character == "#" {
                break
            } else {
                out.append(character)
            }
            index += 1
        }
        characters.removeAll()
        return inQuote ? nil : out
    }

    static func isCommandLine(_ trimmed: String) -> Bool {
        guard let first = trimmed.split(separator: " ").first, first.contains("-Cs") || first.hasPrefix("Restore-Sql") else { return false }
        return true
    }

    func script(_ item: Case, options: RestoreOptions = RestoreOptions()) throws -> (RestorePlan, String) {
        let document = try TopologyDocument.load(path: Self.paths.sample(item.sample))
        let plan = RestorePlanner.plan(document, failed: [item.failed], options: options)
        return (plan, RestoreRendering.powerShell(plan, path: item.sample))
    }

    @Test("every changing command is inside a step function and behind ShouldProcess; quotes and braces balance", arguments: cases)
    func structure(_ item: Case) throws {
        let (plan, text) = try script(item)
        var depth = 0
        var function: Int?
        var previous = ""
        var functions: [Int] = []
        var block = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = raw.trimmingPrefix(while: { $0 == " " })
            if trimmed == "<#" { block = true; continue }
            if block { if trimmed == "#>" { block = false }; continue }
            let code = try #require(Self.code(raw), "a quote is left open: \(raw)")
            if trimmed.hasPrefix("function Invoke-Step"), let number = Int(trimmed.dropFirst("function Invoke-Step".count).prefix(while: \.isNumber)) {
                #expect(depth == 0)
                function = number
                functions.append(number)
            }
            if Self.isCommandLine(String(trimmed)) {
                let verb = trimmed.split(separator: "-").first.map { $0.lowercased() } ?? ""
                #expect(!trimmed.contains("<BACKUP-FOLDER>") && !trimmed.contains("<FILE-SHARE-UNC>"), "a placeholder in a command: \(trimmed)")
                if Self.changingVerbs.contains(verb) {
                    #expect(function != nil, "a changing command outside a step function: \(trimmed)")
                    #expect(previous.contains("$script:Runner.ShouldProcess("), "a changing command not behind ShouldProcess: \(trimmed)")
                }
            }
            depth += code.filter { $0 == "{" }.count - code.filter { $0 == "}" }.count
            #expect(depth >= 0)
            if depth == 0 { function = nil }
            if !trimmed.isEmpty { previous = String(trimmed) }
        }
        #expect(depth == 0)
        #expect(!block)
        if !plan.isBlocked {
            #expect(functions == Array(1...plan.steps.count))
            #expect(text.contains("[CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'List')]"))
            #expect(text.contains("$ErrorActionPreference = 'Stop'"))
            #expect(text.contains("Start-Transcript"))
        }
    }

    @Test("placeholders the plan could not fill are mandatory parameters; given values leave none")
    func placeholders() throws {
        let item = Case(sample: "enterprise-mirrored.xml", failed: "sql01.contoso.com")
        let (_, open) = try script(item)
        #expect(open.contains("[string]$BackupFolder"))
        #expect(open.contains("[string]$FileShare"))
        #expect(open.contains("-FileShare $FileShare"))
        #expect(open.contains("(Join-Path $BackupFolder 'UserData-pool01.contoso.com-fresh.zip')"))
        let (_, filled) = try script(item, options: RestoreOptions(fileShare: "\\\\fs01\\mirror", backupFolder: "D:\\Backups"))
        #expect(!filled.contains("$BackupFolder"))
        #expect(!filled.contains("$FileShare"))
        #expect(filled.contains("-FileShare '\\\\fs01\\mirror'"))
    }

    @Test("the text, the JSON and the script hold the same steps and commands", arguments: cases)
    func formatsAgree(_ item: Case) throws {
        let options = RestoreOptions(fileShare: "\\\\fs01\\mirror", backupFolder: "D:\\Backups")
        let (plan, script) = try script(item, options: options)
        guard !plan.isBlocked else { return }
        let json = RestoreRendering.json(plan, path: item.sample).rendered()
        let text = RestoreRendering.text(plan, path: item.sample)
        for (offset, step) in plan.steps.enumerated() {
            #expect(script.contains("function Invoke-Step\(offset + 1) {"))
            #expect(text.contains("\n\(offset + 1). \(step.title)\n"))
            #expect(json.contains("\"number\": \(offset + 1)"))
            for command in step.commands {
                let line = PowerShell.render(command)
                #expect(script.contains("    " + line + "\n"), "script lacks \(line)")
                #expect(text.contains("   > " + line + "\n"), "text lacks \(line)")
            }
        }
        let lines = script.split(separator: "\n").map { $0.trimmingPrefix(while: { $0 == " " }) }.filter { Self.isCommandLine(String($0)) }
        let expected = plan.steps.flatMap(\.commands).map(PowerShell.render)
        #expect(lines.map(String.init) == expected)
    }

    @Test("a failover is code: it runs only when the mirror is not principal yet")
    func conditionalFailover() throws {
        let document = try TopologyDocument.load(path: Self.paths.packageRoot + "/Tests/LyncTopologyTests/Fixtures/restore-mirrored-cms-elsewhere.xml")
        let plan = RestorePlanner.plan(document, failed: ["sqlb1.contoso.com"])
        let text = RestoreRendering.powerShell(plan, path: "x.xml")
        let failovers = text.split(separator: "\n").filter { $0.contains("Invoke-CsDatabaseFailover -PoolFqdn") }
        #expect(!failovers.isEmpty)
        let lines = text.split(separator: "\n").map(String.init)
        for (index, line) in lines.enumerated() where line.contains("Invoke-CsDatabaseFailover -PoolFqdn") {
            #expect(lines[index - 1].contains("} elseif ($script:Runner.ShouldProcess("))
            #expect(lines[index - 3].contains("if (@($state | Where-Object { $_.StateOnMirror -eq 'Principal' }).Count -gt 0) {"))
            #expect(lines[index - 4].contains("$state = @(Get-CsDatabaseMirrorState -PoolFqdn "))
        }
    }

    @Test("a step bound to a computer checks it; a manual step waits for the operator")
    func computersAndManualSteps() throws {
        let (plan, text) = try script(Case(sample: "enterprise-mirrored.xml", failed: "edge01.contoso.com"))
        let edge = try #require(plan.steps.firstIndex { $0.computer == "edge01.contoso.com" })
        let function = try #require(text.split(separator: "\nfunction ").first { $0.hasPrefix("Invoke-Step\(edge + 1) {") })
        #expect(function.contains("Assert-Computer 'edge01.contoso.com'"))
        #expect(function.contains("Import-CsConfiguration"))
        #expect(!function.contains("Export-CsConfiguration"), "the export runs on an internal server, not on the Edge")
        let manual = try #require(plan.steps.firstIndex { !$0.manual.isEmpty && $0.commands.isEmpty })
        let manualFunction = try #require(text.split(separator: "\nfunction ").first { $0.hasPrefix("Invoke-Step\(manual + 1) {") })
        #expect(manualFunction.contains("Wait-Operator \(manual + 1)"))
        #expect(!manualFunction.contains("ShouldProcess"))
    }
}
