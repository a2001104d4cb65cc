/// The wizard's Select Central Management Server page: the active CMS, or the pool chosen to hold a new one
/// (`--cms`, or the only candidate) and the back-end store its databases (xds, lis) go to.
extension PublishSimulator {
    struct CentralManagementPage {
        var choice: CentralManagementChoice
        /// The CMS store the publish places on the chosen pool's back end (none when the CMS is active already
        /// or its store is in the topology).
        var unit: StoreUnit?
        var findings: [Finding]
    }

    static func centralManagementPage(_ topology: Topology, options: PublishOptions) -> CentralManagementPage {
        var findings: [Finding] = []
        let requested = options.centralManagementPool.map { StateFile.trim($0) }
        if let active = topology.centralManagement {
            var choice = CentralManagementChoice(pool: active.pool,
                                                 store: active.sqlServer.map { SQLInstanceRef(sqlServer: $0, instance: active.instance ?? "") },
                                                 isExisting: true, candidates: [])
            choice.selection = .active
            choice.storeIsStandAlone = topology.stores.first { $0.serviceID == active.storeServiceID }?.isStandAlone
            if let requested, requested.lowercased() != active.pool.lowercased() {
                findings.append(.warning(PublishRules.centralManagementAlreadyActive,
                                         "--cms \(requested) is ignored: the active Central Management Server is \(active.pool), and the wizard offers no choice",
                                         at: active.location,
                                         notes: ["moving the CMS is done with Move-CsManagementServer, not by publishing"]))
            }
            return CentralManagementPage(choice: choice, unit: nil, findings: findings)
        }

        let candidates = topology.clusters.filter { $0.kind == .enterprise || $0.kind == .standard }
        var choice = CentralManagementChoice(pool: nil, store: nil, isExisting: false, candidates: candidates.map(\.fqdn))
        var chosen: Cluster?
        if let requested {
            chosen = candidates.first { $0.fqdn.lowercased() == requested.lowercased() }
            if chosen == nil {
                findings.append(.error(PublishRules.unknownCentralManagementPool,
                                       "--cms \(requested) is not a Front End pool or Standard Edition server of this topology; candidates: \(candidates.isEmpty ? "none" : candidates.map(\.fqdn).joined(separator: ", "))",
                                       at: nil))
            }
            choice.selection = chosen == nil ? (candidates.isEmpty ? .noCandidate : .notChosen) : .chosen
        } else if candidates.count == 1 {
            chosen = candidates[0]
            choice.selection = .onlyCandidate
        } else if candidates.isEmpty {
            choice.selection = .noCandidate
        } else {
            choice.selection = .notChosen
            findings.append(.warning(PublishRules.centralManagementNotChosen,
                                     "the topology has no Central Management Server yet and \(candidates.count) pools could hold it (\(candidates.map(\.fqdn).joined(separator: ", "))): the wizard asks; choose with --cms POOL to see where its databases (xds, lis) go",
                                     at: nil))
        }
        if candidates.isEmpty {
            findings.append(.error(PublishRules.noCentralManagementCandidate,
                                   "the topology has no Central Management Server and no Front End pool or Standard Edition server to hold one: the publish cannot proceed",
                                   at: topology.location))
        }
        guard let chosen else { return CentralManagementPage(choice: choice, unit: nil, findings: findings) }
        choice.pool = chosen.fqdn

        let hosted = topology.services(on: chosen.id)
        // A CentralMgmt service of the pool that already names its store.
        for service in hosted where service.roleName.lowercased() == RoleCatalog.centralManagementRole.lowercased() {
            for dependency in service.dependencies where dependency.usage == .default {
                if let store = topology.stores.first(where: {
                    $0.serviceID == dependency.serviceID && $0.role.lowercased() == RoleCatalog.centralManagementStoreRole.lowercased()
                }) {
                    choice.store = SQLInstanceRef(sqlServer: store.sqlServer, instance: store.instance)
                    choice.storeIsStandAlone = store.isStandAlone
                    return CentralManagementPage(choice: choice, unit: nil, findings: findings)
                }
            }
        }
        // Otherwise the CMS databases go to the pool's back end: the store of its user services.
        let userServices = Set(hosted.filter { $0.roleName.lowercased() == "userservices" }.map(\.id))
        guard let backEnd = topology.stores.first(where: {
            StoreCatalog.entry(for: $0.role)?.databaseType == "User" && !userServices.isDisjoint(with: $0.consumerServiceIDs)
        }) else {
            findings.append(.error(PublishRules.centralManagementPoolWithoutBackEnd,
                                   "\(chosen.fqdn) has no back-end store (no UserStore used by its UserServices): the Central Management databases (xds, lis) have nowhere to go",
                                   at: chosen.location))
            return CentralManagementPage(choice: choice, unit: nil, findings: findings)
        }
        choice.store = SQLInstanceRef(sqlServer: backEnd.sqlServer, instance: backEnd.instance)
        choice.storeIsStandAlone = backEnd.isStandAlone
        let role = RoleCatalog.centralManagementStoreRole
        let entry = StoreCatalog.entry(for: role)
        var unit = StoreUnit(backEnd)
        unit.role = role
        unit.databaseType = entry?.databaseType ?? "CentralMgmt"
        unit.databases = entry?.databases ?? []
        unit.consumers = [chosen.fqdn]
        unit.displayName = backEnd.instance.isEmpty ? "\(role):\(backEnd.sqlServer)" : "\(role):\(backEnd.sqlServer)\\\(backEnd.instance)"
        let how = choice.selection == .chosen ? "chosen with --cms" : "the only candidate"
        unit.note = "new Central Management store (\(chosen.fqdn), \(how))"
        return CentralManagementPage(choice: choice, unit: unit, findings: findings)
    }
}
