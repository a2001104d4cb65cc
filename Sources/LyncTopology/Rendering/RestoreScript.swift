/// `restore --format ps1`: the runbook as a PowerShell script for Windows PowerShell 5.1 and PowerShell 7 that
/// runs one step at a time.
///
/// - Run with no arguments it lists the steps (number, title, where it runs, what it changes) and changes
///   nothing; `-Step 3` runs step 3 only, after checking that the steps it needs are recorded as done.
/// - Each step is a function. Every command that changes the deployment is behind `ShouldProcess`, so `-WhatIf`
///   shows it and `-Confirm` asks; `$ErrorActionPreference = 'Stop'`; a transcript records what ran.
/// - A step that must run on a given computer refuses to run elsewhere; a manual step prints what to do and
///   waits for the operator to type DONE; it runs nothing.
/// - A failover runs only when `Get-CsDatabaseMirrorState` shows that it has not happened yet; where the
///   publish wizard and a cmdlet do the same work, `-UseWizard` chooses the wizard.
/// - Placeholders the plan could not fill become mandatory parameters (`-BackupFolder`, `-FileShare`), so no
///   command runs with a placeholder in it.
///
/// Every value in a command is a single-quoted literal (`PowerShell.quote`); comments escape control characters.
enum RestoreScript {
    /// The script parameter each placeholder becomes.
    static let variables: [(placeholder: String, variable: String, help: String)] = [
        (RestorePlaceholder.backupFolder, "BackupFolder", "The folder holding the backups the data restore reads."),
        (RestorePlaceholder.fileShare, "FileShare", "The UNC path of the share that seeds the mirrors (\\\\server\\share)."),
    ]

    static func comment(_ text: String) -> String { RestoreRendering.comment(text) }
    static func quote(_ text: String) -> String { PowerShell.quote(ControlCharacters.escaped(text)) }

    static func render(_ plan: RestorePlan, path: String) -> String {
        // Comment-based help as line comments: every line of it starts with `#`, and no text can end it.
        var out: [String] = []
        out.append("# .SYNOPSIS")
        out.append(comment("Recovery runbook planned by lynctopo for \(path); failed: \(plan.failed.joined(separator: ", "))."))
        out.append("# .DESCRIPTION")
        for line in [
            "Run without arguments to list the steps; nothing is changed. Run one step with -Step N (several: -Step 3,4).",
            "A step whose prerequisites are not recorded as done stops and says which. Done steps are recorded in -StateFile.",
            "Every command that changes the deployment asks ShouldProcess: -WhatIf shows it, -Confirm asks first.",
            "Manual steps print what to do and wait for you to type DONE. -UseWizard takes the publish wizard's path where it does the same work as a cmdlet.",
            "This script was generated from the topology alone and has not been run against a live deployment: read each step before you run it.",
        ] { out.append(comment(line)) }
        if plan.isBlocked {
            out.append(comment("BLOCKED: this plan must not be followed."))
            for blocker in plan.blockers { out.append(comment("[\(blocker.rule)] \(blocker.message)")) }
            out.append("throw " + PowerShell.quote("lynctopo restore: the plan is blocked; see the comments above"))
            return out.joined(separator: "\n") + "\n"
        }
        let used = variables.filter { plan.placeholders.contains($0.placeholder) }
        let substitutions = Dictionary(uniqueKeysWithValues: used.map { ($0.placeholder, $0.variable) })
        let entries = RunbookSteps.entries(plan)
        let wizard = entries.contains { $0.step.alternative != nil && !$0.step.commands.isEmpty }

        out.append("[CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'List')]")
        out.append("param(")
        var parameters: [String] = []
        parameters.append("    # List the steps and change nothing (what running without arguments does).\n    [Parameter(ParameterSetName = 'List')]\n    [switch]$List")
        parameters.append("    # The steps to run, by number.\n    [Parameter(Mandatory, ParameterSetName = 'Run')]\n    [int[]]$Step")
        for variable in used {
            parameters.append("    # \(variable.help)\n    [Parameter(Mandatory, ParameterSetName = 'Run')]\n    [ValidateNotNullOrEmpty()]\n    [string]$\(variable.variable)")
        }
        if wizard {
            parameters.append("    # Take the publish wizard's path where it does the same work as the step's cmdlets.\n    [Parameter(ParameterSetName = 'Run')]\n    [switch]$UseWizard")
        }
        parameters.append("    # Where done steps are recorded (one number a line); the transcript is written beside it.\n    [string]$StateFile = (Join-Path $PSScriptRoot 'lynctopo-restore.done')")
        out.append(parameters.joined(separator: ",\n"))
        out.append(")")
        out.append("")
        out.append("$ErrorActionPreference = 'Stop'")
        out.append("Set-StrictMode -Version 2.0")
        out.append("$script:Runner = $PSCmdlet")
        out.append("")
        out.append("$script:Steps = @(")
        for entry in entries {
            let prerequisites = entry.prerequisites.isEmpty ? "@()" : "@(" + entry.prerequisites.map(String.init).joined(separator: ", ") + ")"
            let changes = entry.changes.isEmpty ? "nothing (reads only)" : entry.changes.joined(separator: "; ")
            out.append("    [pscustomobject]@{ Number = \(entry.number); Title = \(quote(entry.step.title)); RunsOn = \(quote(entry.runsOn)); Changes = \(quote(changes)); Prerequisites = \(prerequisites) }")
        }
        out.append(")")
        out.append("")
        out.append(contentsOf: helpers)
        for entry in entries {
            out.append("")
            out.append(contentsOf: function(entry, substitutions: substitutions))
        }
        out.append("")
        out.append(contentsOf: dispatch)
        return out.joined(separator: "\n") + "\n"
    }

    static let helpers: [String] = [
        "function Test-StepDone([int]$Number) {",
        "    (Test-Path -LiteralPath $StateFile) -and (@(Get-Content -LiteralPath $StateFile) -contains [string]$Number)",
        "}",
        "",
        "function Complete-Step([int]$Number) {",
        "    if (-not $WhatIfPreference) { Add-Content -LiteralPath $StateFile -Value $Number }",
        "}",
        "",
        "function Assert-Computer([string]$Fqdn) {",
        "    $expected = $Fqdn.Split('.')[0]",
        "    if ($expected.Length -gt 15) { $expected = $expected.Substring(0, 15) }",
        "    if ($env:COMPUTERNAME -ne $expected) { throw \"This step runs on $Fqdn; this computer is $env:COMPUTERNAME. Nothing was changed.\" }",
        "}",
        "",
        "function Wait-Operator([int]$Number) {",
        "    if ($WhatIfPreference) { Write-Host \"What if: waiting for the steps above to be done by hand (step $Number)\"; return }",
        "    $answer = Read-Host -Prompt \"Step ${Number}: type DONE when the steps above are done by hand\"",
        "    if ($answer -ne 'DONE') { throw \"Step $Number was not confirmed; it is not recorded as done.\" }",
        "}",
    ]

    static let dispatch: [String] = [
        "if ($PSCmdlet.ParameterSetName -eq 'List') {",
        "    $script:Steps | Format-List Number, Title, RunsOn, Changes, Prerequisites",
        "    Write-Host 'Nothing was changed. Run one step with -Step N.'",
        "    return",
        "}",
        "",
        "$transcript = Join-Path (Split-Path -Parent $StateFile) ('lynctopo-restore-{0:yyyyMMdd-HHmmss}.log' -f (Get-Date))",
        "Start-Transcript -LiteralPath $transcript -Append | Out-Null",
        "try {",
        "    foreach ($number in $Step) {",
        "        $entry = $script:Steps | Where-Object { $_.Number -eq $number }",
        "        if (-not $entry) { throw \"There is no step $number; run the script without arguments to list the steps.\" }",
        "        $missing = @($entry.Prerequisites | Where-Object { -not (Test-StepDone $_) })",
        "        if ($missing.Count -gt 0) { throw \"Step $number needs step(s) $($missing -join ', ') done first; nothing was changed.\" }",
        "        & \"Invoke-Step$number\"",
        "        Complete-Step $number",
        "        Write-Host \"Step $number done.\"",
        "    }",
        "} finally {",
        "    Stop-Transcript | Out-Null",
        "}",
    ]

    static func function(_ entry: RunbookSteps.Entry, substitutions: [String: String]) -> [String] {
        let step = entry.step
        var body: [String] = []
        body.append(comment("Step \(entry.number): \(step.title)"))
        body.append(comment("Why: \(step.why)"))
        if let computer = step.computer { body.append("Assert-Computer \(quote(computer))") }
        if !step.manual.isEmpty {
            body.append("Write-Host \(quote("Step \(entry.number): \(step.title)"))")
            for line in step.manual { body.append("Write-Host \(quote("  - " + line))") }
            body.append("Wait-Operator \(entry.number)")
        }
        var commands: [String] = []
        for (command, condition) in zip(step.commands, entry.conditions) {
            commands.append(contentsOf: self.command(command, condition: condition, substitutions: substitutions))
        }
        if let alternative = step.alternative, !commands.isEmpty {
            body.append("if ($UseWizard) {")
            body.append("    Write-Host \(quote("Instead of the commands of this step: " + alternative))")
            body.append("    Wait-Operator \(entry.number)")
            body.append("} else {")
            body.append(contentsOf: commands.map { "    " + $0 })
            body.append("}")
        } else {
            body.append(contentsOf: commands)
        }
        return ["function Invoke-Step\(entry.number) {"] + body.map { "    " + $0 } + ["}"]
    }

    static func command(_ command: PowerShellCommand, condition: RunCondition?, substitutions: [String: String]) -> [String] {
        let line = PowerShell.render(command, variables: substitutions)
        if command.isReadOnly { return [line] }
        var switches = command.cmdlet
        for parameter in command.parameters where parameter.value == .switch { switches += " -" + parameter.name }
        let target = RunbookSteps.target(command) ?? "the deployment"
        let guarded = "$script:Runner.ShouldProcess(\(quote(target)), \(quote(switches)))"
        switch condition {
        case .mirrorNotPrincipal(let pool, let type)?:
            let state = PowerShell.render(PowerShellCommand("Get-CsDatabaseMirrorState").adding("PoolFqdn", .fqdn(pool)).adding("DatabaseType", .text(type)))
            return [
                "$state = @(\(state))",
                "if (@($state | Where-Object { $_.StateOnMirror -eq 'Principal' }).Count -gt 0) {",
                "    Write-Host \(quote("The \(type) databases of \(pool) already run on the mirror: no failover."))",
                "} elseif (\(guarded)) {",
                "    " + line,
                "}",
            ]
        case nil:
            return ["if (\(guarded)) {", "    " + line, "}"]
        }
    }
}
