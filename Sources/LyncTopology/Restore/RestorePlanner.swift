/// Builds the recovery runbook for failed servers, after the Lync Server 2013 backup and restore documentation
/// (domain.md §6): classifies each failed server by what it hosted and plans all of them at once. It plans; it
/// runs nothing.
///
/// Decisions taken where the documentation is silent (each kept here and nowhere else):
/// - any validation error blocks the plan: the Publish Topology wizard refuses a topology with errors, most
///   recoveries publish, and a plan built from a wrong document would rebuild the wrong thing;
/// - on the SQL instance of the active Central Management store, a lost primary with a live mirror is restored
///   from backup for every mirrored store of that instance (no role swap), so that the back end stays on one
///   server; elsewhere the roles swap;
/// - SQL Server restores (Archiving, Monitoring, Persistent Chat) come before the mirrors are re-created, since
///   SQL Server cannot restore a database that takes part in mirroring; `Import-CsUserData` and
///   `Import-CsRgsConfiguration` come after;
/// - naming a multi-server pool fails every server of it; naming one computer of a pool fails that computer only;
/// - an AlwaysOn store on a lost server blocks the plan: its recovery belongs to SQL Server, not to the Lync
///   Server 2013 procedure followed here.
public enum RestorePlanner {
    /// Rule ids of the planner's findings.
    public enum Rule {
        public static let unknownServer = "RESTORE001"
        public static let invalidName = "RESTORE002"
        public static let noCentralManagement = "RESTORE003"
        public static let severalCentralManagement = "RESTORE004"
        public static let unresolvedCentralManagementStore = "RESTORE005"
        public static let alwaysOn = "RESTORE006"
        public static let neverPublished = "RESTORE007"
        public static let noFailedServer = "RESTORE008"
        public static let wholePool = "RESTORE101"
        public static let originalTopology = "RESTORE102"
        public static let unknownStoreRole = "RESTORE103"
        /// Replaying the plan on a model of the deployment (`RunbookReplay`) found a step that cannot work or
        /// a deployment left unhealthy.
        public static let replay = "RESTORE301"
    }

    /// The plan for a document. For a .tbxml the plan follows the OriginalTopology (the deployment as
    /// published); a .tbxml without one describes a design never published, and its plan is blocked.
    public static func plan(_ document: TopologyDocument, failed: [String], options: RestoreOptions = RestoreOptions()) -> RestorePlan {
        guard document.kind == .tbxml else { return plan(document.topology, failed: failed, options: options) }
        guard let original = document.original else {
            var plan = plan(document.topology, failed: failed, options: options)
            plan.blockers.insert(.error(Rule.neverPublished,
                                        "the document is a Topology Builder design that was never published (it has no OriginalTopology): there is no deployment to restore",
                                        at: document.topology.location), at: 0)
            plan.isBlocked = true
            plan.steps = []
            return plan
        }
        var plan = run(original, failed: failed, options: options, unpublished: document.topology)
        plan.findings.insert(.note(Rule.originalTopology,
                                   "the plan follows the OriginalTopology of the .tbxml (the deployment as published); edits in its NewTopology are not part of the recovery: publish them afterwards",
                                   at: original.location), at: 0)
        return plan
    }

    /// The plan for a topology taken as the deployment as published.
    public static func plan(_ topology: Topology, failed: [String], options: RestoreOptions = RestoreOptions()) -> RestorePlan {
        run(topology, failed: failed, options: options, unpublished: nil)
    }

    /// Store roles whose data comes back through Lync Server exports (user data, Response Group and CMS
    /// configuration) rather than SQL Server backups.
    static let rolesRestoredByLyncExports: Set<String> = ["userstore", "applicationstore", "centralmgmtstore"]

    /// One planning run: what the failure touches (`FailureAnalysis`), then the runbook's steps (`RunbookBuilder`).
    static func run(_ topology: Topology, failed: [String], options: RestoreOptions, unpublished: Topology?) -> RestorePlan {
        var analysis = FailureAnalysis(topology: topology, failed: failed, unpublished: unpublished, deploymentState: options.deploymentState)
        analysis.run()
        let servers = analysis.computers.map(analysis.classify)
        let rebuild = analysis.rebuildServers()
        analysis.checkRebuildNames(rebuild)
        let databases = analysis.recreatedDatabases()

        var runbook = RunbookBuilder(analysis: analysis, options: options)
        runbook.buildSteps(rebuild: rebuild)
        let blocked = !runbook.blockers.isEmpty
        var plan = RestorePlan(product: topology.product, failed: analysis.names, servers: servers, isBlocked: blocked,
                               blockers: runbook.blockers, rebuild: rebuild, recreateDatabases: databases.recreate,
                               recreateMirrorDatabases: databases.mirrors, localDatabases: databases.local, stores: analysis.storePlans,
                               steps: blocked ? [] : runbook.steps, placeholders: blocked ? [] : runbook.placeholders,
                               findings: analysis.findings, failure: analysis.failure)
        // Checked before it is printed: replayed on a model of the deployment the failure leaves.
        for problem in RunbookReplay.replay(plan, topology: topology).problems {
            plan.findings.append(.warning(Rule.replay, "replayed on a model of the deployment, the plan is wrong: \(problem)", at: nil))
        }
        return plan
    }
}
