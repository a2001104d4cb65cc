/// The rule ids of the findings a publish simulation adds to the validator's: one place, so that scripts and
/// the command line can key on them.
public enum PublishRules {
    /// No active CMS, and no Front End pool or Standard Edition server could hold one (error).
    public static let noCentralManagementCandidate = "PUBLISH001"
    /// No active CMS, several candidates and `--cms` not given: the wizard will ask (warning).
    public static let centralManagementNotChosen = "PUBLISH002"
    /// `--cms` names no candidate pool (error; the command line exits 64).
    public static let unknownCentralManagementPool = "PUBLISH003"
    /// `--cms` given while another pool holds the active CMS: ignored (warning).
    public static let centralManagementAlreadyActive = "PUBLISH004"
    /// The chosen CMS pool has no back-end store to hold the CMS databases (error).
    public static let centralManagementPoolWithoutBackEnd = "PUBLISH005"
    /// A mirrored store on a product without database mirroring (Skype for Business Server 2019) (error).
    public static let mirroringUnsupported = "PUBLISH010"
    /// Mirror databases to create and no `--file-share`: the wizard will ask for one (warning).
    public static let fileShareMissing = "PUBLISH011"
    /// `--file-share` is not a UNC path (error; the command line exits 64).
    public static let fileShareInvalid = "PUBLISH012"
    /// A store or mirror whose SQL instance names no server: left off the pages (warning).
    public static let unresolvedStore = "PUBLISH013"
    /// The state file names a server that is not in the topology (warning).
    public static let stateUnknownServer = "PUBLISH020"
    /// The state file names an instance that the topology does not define on that server (warning).
    public static let stateUnknownInstance = "PUBLISH021"
    /// A server with databases on the pages has no record in the state file: taken as absent (note).
    public static let stateServerNotCovered = "PUBLISH022"
    /// `--failed` names no server of the topology (warning).
    public static let failedUnknownServer = "PUBLISH030"
    /// A failed server holds no database of these pages (note).
    public static let failedServerHasNoDatabases = "PUBLISH031"
    /// A failed primary whose mirror is alive: fail over first (warning).
    public static let failedPrimaryWithLiveMirror = "PUBLISH032"
    /// A failed witness: mirroring is removed and installed again (warning).
    public static let failedWitness = "PUBLISH033"
    /// The active CMS store is lost (its server failed, no live mirror): the publish cannot write (error).
    public static let centralManagementStoreLost = "PUBLISH034"
    /// Nothing said what exists and the document is a published topology: a first publish is assumed (note).
    public static let firstPublishAssumed = "PUBLISH040"
}
