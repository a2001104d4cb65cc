/// Reads what a document says about pool pairing: a Registrar's `<Backup>` failover settings and a
/// BackupService's `sr:Modules` (corpus document 04 shows both). The paired service's id is read by the decoder
/// (`Service.backupServiceID`); `PoolPairingResolver` puts the pieces together.
enum PoolPairingDecoding {
    /// The `<Backup>` element's attributes, as written.
    static func settings(_ backup: XMLElement) -> BackupSettings {
        BackupSettings(enableAutomaticFailover: TopologyDecoder.bool(backup.attribute("EnableAutomaticFailover")),
                       failbackDetectionInterval: backup.attribute("FailbackDetectionInterval"),
                       failureDetectionInterval: backup.attribute("FailureDetectionInterval"),
                       location: backup.location)
    }

    /// `sr:BackupService/sr:Modules/sr:Module`, in document order; a module without a RoleName or ComponentName is
    /// kept with what it has.
    static func modules(_ backupService: XMLElement) -> [BackupModule] {
        var modules: [BackupModule] = []
        for case .element(let list) in backupService.children where list.localName == "Modules" {
            for case .element(let module) in list.children where module.localName == "Module" {
                modules.append(BackupModule(roleName: module.attribute("RoleName") ?? "", componentName: module.attribute("ComponentName") ?? ""))
            }
        }
        return modules
    }
}
