/// What the input says about the topology: state-file records that name no server or instance of it, servers the
/// state file does not cover, and what `--failed` servers mean for the publish.
extension PublishSimulator {
    static func inputFindings(_ topology: Topology, existing: ExistingDatabases, model: ExistenceModel, units: [StoreUnit],
                              pageRows: [(String, String)], centralManagement: CentralManagementChoice) -> [Finding] {
        var findings: [Finding] = []
        switch existing.source {
        case .stateFile(let path):
            var reportedServers = Set<String>()
            var reportedInstances = Set<String>()
            for record in existing.records {
                let server = ExistenceModel.serverKey(record.sqlServer)
                guard let cluster = topology.cluster(fqdn: server) else {
                    if reportedServers.insert(server).inserted {
                        findings.append(.warning(PublishRules.stateUnknownServer,
                                                 "\(path):\(record.line ?? 1): the state file names \(record.sqlServer), which is not a server of this topology; its records are ignored",
                                                 at: nil))
                    }
                    continue
                }
                if record.anyInstance { continue }
                let instances = topology.sqlInstances(on: cluster.id)
                let known = instances.contains { instanceKey($0.sqlServer, $0.instanceName) == instanceKey(record.sqlServer, record.instance) }
                if !known, reportedInstances.insert(instanceKey(record.sqlServer, record.instance)).inserted {
                    let defined = instances.map { $0.isDefaultInstance ? "the default instance" : $0.name }
                    findings.append(.warning(PublishRules.stateUnknownInstance,
                                             "\(path):\(record.line ?? 1): the state file names the instance \(displayName(cluster.fqdn, record.instance)), which the topology does not define (\(cluster.fqdn) has \(defined.isEmpty ? "no SQL instance" : defined.joined(separator: ", "))); its records are ignored",
                                             at: nil))
                }
            }
            var covered = Set<String>()
            for record in existing.records { covered.insert(ExistenceModel.serverKey(record.sqlServer)) }
            var said = Set<String>()
            for (server, _) in pageRows {
                let key = ExistenceModel.serverKey(server)
                if !covered.contains(key), said.insert(key).inserted {
                    findings.append(.note(PublishRules.stateServerNotCovered,
                                          "the state file \(path) has no record for \(server): its databases are taken as absent and are created",
                                          at: nil,
                                          notes: ["run Test-CsDatabase -ConfiguredDatabases -SqlServerFqdn on that server too and add its records"]))
                }
            }
        case .failedServers:
            for failed in model.failedServerNames {
                if let cluster = topology.cluster(fqdn: failed) {
                    if topology.sqlInstances(on: cluster.id).isEmpty {
                        findings.append(.note(PublishRules.failedServerHasNoDatabases,
                                              "\(cluster.fqdn) hosts no SQL instance: no database of these pages is lost with it (its rebuild is Deployment Wizard steps only)",
                                              at: cluster.location))
                    }
                } else if let cluster = topology.clusters.first(where: { $0.machines.contains { $0.fqdn.lowercased() == failed.lowercased() } }) {
                    findings.append(.note(PublishRules.failedServerHasNoDatabases,
                                          "\(failed) is a machine of \(cluster.fqdn): the SQL instances of the topology belong to servers, and none is lost with this machine",
                                          at: cluster.location))
                } else {
                    findings.append(.warning(PublishRules.failedUnknownServer,
                                             "--failed \(failed) names no server of this topology: nothing is taken as lost for it", at: nil))
                }
            }
            var saidPrimary = Set<String>()
            var saidWitness = Set<String>()
            for unit in units {
                if let mirror = unit.mirror, model.isFailed(unit.sqlServer), !model.isFailed(mirror.sqlServer),
                   saidPrimary.insert(instanceKey(unit.sqlServer, unit.instance)).inserted {
                    findings.append(.warning(PublishRules.failedPrimaryWithLiveMirror,
                                             "\(displayName(unit.sqlServer, unit.instance)) failed while its mirror \(displayName(mirror.sqlServer, mirror.instance)) is alive: fail the databases over to the mirror first (Invoke-CsDatabaseFailover -NewPrincipal Mirror, automatic with a witness)",
                                             at: mirror.location,
                                             notes: ["the documented recovery removes mirroring, points the pool at the survivor and publishes; the rebuilt server then comes back as the new mirror (lynctopo restore prints the steps)"]))
                }
                if let witness = unit.witness, model.isFailed(witness.sqlServer),
                   saidWitness.insert(instanceKey(witness.sqlServer, witness.instance)).inserted {
                    findings.append(.warning(PublishRules.failedWitness,
                                             "the witness \(displayName(witness.sqlServer, witness.instance)) failed: a witness cannot be re-created alone; mirroring is removed and installed again with it",
                                             at: witness.location))
                }
            }
            if centralManagement.selection == .active, let store = centralManagement.store, model.isFailed(store.sqlServer) {
                let cmsUnit = units.first {
                    $0.role.lowercased() == RoleCatalog.centralManagementStoreRole.lowercased()
                        && instanceKey($0.sqlServer, $0.instance) == instanceKey(store.sqlServer, store.instance)
                }
                let mirrorAlive = cmsUnit?.mirror.map { !model.isFailed($0.sqlServer) } ?? false
                if !mirrorAlive {
                    findings.append(.error(PublishRules.centralManagementStoreLost,
                                           "the Central Management store on \(store.displayName) is lost with the failed server: publishing needs a working Central Management store",
                                           at: topology.centralManagement?.location,
                                           notes: ["restore it first: Install-CsDatabase -CentralManagementDatabase -Clean on the rebuilt server, Set-CsConfigurationStoreLocation, Import-CsConfiguration from the backup, Enable-CsTopology; then publish (lynctopo restore prints the steps)"]))
                }
            }
        case .firstPublish, .originalTopology:
            break
        }
        return findings
    }
}
