/// The structure every format of a runbook shares, so that the text, the JSON and the script never disagree:
/// each step's number, title, the computer it runs on, what it changes, its commands (with the condition a
/// command runs under) and the steps it needs done first.
enum RunbookSteps {
    struct Entry {
        var number: Int
        var step: RestoreStep
        /// "any computer with the Lync Server Management Shell", or the computer's FQDN.
        var runsOn: String
        /// One line per change to the deployment; empty for a step that only reads.
        var changes: [String]
        /// Step numbers that must be done first.
        var prerequisites: [Int]
        /// The condition each command runs under (nil: always), by position in `step.commands`.
        var conditions: [RunCondition?]
    }

    static let anyComputer = "any computer with the Lync Server Management Shell"

    static func entries(_ plan: RestorePlan) -> [Entry] {
        plan.steps.enumerated().map { offset, step in
            Entry(number: offset + 1, step: step, runsOn: step.computer ?? anyComputer, changes: changes(step),
                  prerequisites: offset == 0 ? [] : [offset], conditions: step.commands.map(RunCondition.of))
        }
    }

    /// What a step changes, in a few words each: its manual actions, then each command that changes the
    /// deployment, by cmdlet and target.
    static func changes(_ step: RestoreStep) -> [String] {
        var lines: [String] = []
        for action in step.actions {
            switch action {
            case .rebuild(let computer): lines.append("rebuilds \(computer) under the same name")
            case .makeMirrorPrimary: if !lines.contains("publishes the topology with the mirror as primary") { lines.append("publishes the topology with the mirror as primary") }
            case .deploymentWizard(let computer): lines.append("installs Lync Server on \(computer)")
            case .prepareFirstStandardEditionServer(let computer): lines.append("prepares \(computer) as the first Standard Edition server")
            }
        }
        for command in step.commands where !command.isReadOnly {
            let line = target(command).map { "\(command.cmdlet) on \($0)" } ?? command.cmdlet
            if !lines.contains(line) { lines.append(line) }
        }
        return lines
    }

    /// The thing a command acts on, for `changes` and `ShouldProcess`: its server, instance, pool or computer.
    static func target(_ command: PowerShellCommand) -> String? {
        for name in ["ServerInstance", "SqlServerFqdn", "ComputerName", "PoolFqdn", "BackupSqlServerFqdn", "Destination"] {
            guard let value = command.value(of: name), let text = PowerShell.text(of: value) else { continue }
            if name == "SqlServerFqdn", case .sqlInstance(let instance)? = command.value(of: "SqlInstanceName") ?? command.value(of: "ForInstance") {
                return text + "\\" + instance
            }
            return text
        }
        return nil
    }

    static func conditionText(_ condition: RunCondition) -> String {
        switch condition {
        case .mirrorNotPrincipal(let pool, let type):
            return "only while Get-CsDatabaseMirrorState -PoolFqdn \(pool) -DatabaseType \(type) shows no database principal on the mirror (not failed over yet)"
        }
    }
}
