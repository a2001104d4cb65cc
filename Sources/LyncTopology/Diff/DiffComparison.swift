/// One run of the diff: the correspondence between the two topologies, and the changes and warnings found.
struct DiffComparison {
    typealias Entity = TopologyChange.Entity

    let old: Topology
    let new: Topology
    let map: DiffCorrespondence
    var changes: [TopologyChange] = []
    var warnings: [DiffWarning] = []

    init(old: Topology, new: Topology) {
        self.old = old
        self.new = new
        self.map = DiffCorrespondence(old: old, new: new)
    }

    mutating func run() {
        compareSites()
        compareDomains()
        compareClusters()
        compareMachines()
        compareInstances()
        compareStores()
        compareServices()
        comparePairings()   // pool pairing (PairingChanges.swift)
        warnCentralManagementMoved()
    }

    // MARK: recording

    mutating func added(_ entity: Entity, _ id: String, _ description: String?) {
        changes.append(TopologyChange(kind: .added, entity: entity, id: id, new: description))
    }

    mutating func removed(_ entity: Entity, _ id: String, _ description: String?) {
        changes.append(TopologyChange(kind: .removed, entity: entity, id: id, old: description))
    }

    /// Records a changed field when the values differ.
    mutating func field(_ entity: Entity, _ id: String, _ name: String, _ before: String?, _ after: String?,
                        caseInsensitive: Bool = false) {
        let same = caseInsensitive ? before?.lowercased() == after?.lowercased() : before == after
        if !same { changes.append(TopologyChange(kind: .changed, entity: entity, id: id, field: name, old: before, new: after)) }
    }

    /// Records a changed field when both documents say something and what they say differs (for facts only
    /// one document kind writes).
    mutating func fieldIfBoth(_ entity: Entity, _ id: String, _ name: String, _ before: String?, _ after: String?) {
        guard before != nil, after != nil else { return }
        field(entity, id, name, before, after)
    }

    static func text(_ value: Bool?) -> String? { value.map { $0 ? "true" : "false" } }

    // MARK: sites and domains

    mutating func compareSites() {
        for (position, site) in old.sites.enumerated() where map.sites[position] == nil {
            removed(.site, site.id, site.name)
        }
        for (position, site) in new.sites.enumerated() {
            guard let oldPosition = map.newSites[position] else {
                added(.site, site.id, site.name)
                continue
            }
            let before = old.sites[oldPosition]
            if let a = DiffCorrespondence.publishedSiteID(before.id), let b = DiffCorrespondence.publishedSiteID(site.id) {
                field(.site, site.id, "siteId", a, b)
            }
            field(.site, site.id, "name", before.name, site.name)
            field(.site, site.id, "description", before.siteDescription, site.siteDescription)
            field(.site, site.id, "city", before.city, site.city)
            field(.site, site.id, "state", before.state, site.state)
            field(.site, site.id, "countryCode", before.countryCode, site.countryCode, caseInsensitive: true)
        }
    }

    mutating func compareDomains() {
        let pairs = DiffCorrespondence.pair(old.domains.count, new.domains.count, passes: [
            ({ [old] in old.domains[$0].name.lowercased() }, { [new] in new.domains[$0].name.lowercased() }),
        ])
        let inverse = DiffCorrespondence.inverse(pairs)
        for (position, domain) in old.domains.enumerated() where pairs[position] == nil {
            removed(.domain, domain.name, domain.isDefault ? "default domain" : nil)
        }
        for (position, domain) in new.domains.enumerated() {
            guard let oldPosition = inverse[position] else {
                added(.domain, domain.name, domain.isDefault ? "default domain" : nil)
                continue
            }
            let before = old.domains[oldPosition]
            field(.domain, domain.name, "default", Self.text(before.isDefault), Self.text(domain.isDefault))
            fieldIfBoth(.domain, domain.name, "authoritative", Self.text(before.authoritative), Self.text(domain.authoritative))
            fieldIfBoth(.domain, domain.name, "allowSubDomains", Self.text(before.allowSubDomains), Self.text(domain.allowSubDomains))
        }
    }

    // MARK: pools and machines

    static func describe(_ kind: PoolKind) -> String {
        switch kind {
        case .enterprise: return "Enterprise Edition Front End pool"
        case .standard: return "Standard Edition server"
        case .edge: return "Edge"
        case .sql: return "SQL Server"
        case .file: return "file server"
        case .other: return "server"
        }
    }

    func describe(_ cluster: Cluster, in topology: Topology) -> String {
        var text = "\(Self.describe(cluster.kind)), site \(cluster.siteID)"
        let roles = topology.services(on: cluster.id).map(\.roleName)
        if !roles.isEmpty { text += "; " + roles.joined(separator: ", ") }
        return text
    }

    /// The site a cluster of the old topology is in, said with the new topology's site id.
    func mappedSiteID(of cluster: Cluster) -> String {
        guard let position = old.sites.firstIndex(where: { $0.id == cluster.siteID }), let mapped = map.sites[position] else {
            return cluster.siteID
        }
        return new.sites[mapped].id
    }

    mutating func compareClusters() {
        for (position, cluster) in old.clusters.enumerated() where map.clusters[position] == nil {
            removed(.pool, cluster.fqdn, describe(cluster, in: old))
        }
        for (position, cluster) in new.clusters.enumerated() {
            guard let oldPosition = map.newClusters[position] else {
                added(.pool, cluster.fqdn, describe(cluster, in: new))
                if Self.runsLyncServer(cluster, in: new) { warnNewPool(cluster) }
                continue
            }
            let before = old.clusters[oldPosition]
            let id = cluster.fqdn
            field(.pool, id, "fqdn", before.fqdn, cluster.fqdn, caseInsensitive: true)
            if before.fqdn.lowercased() != cluster.fqdn.lowercased() { warnRenamed(before, cluster) }
            var renumbered = false
            if let a = before.publishedID, let b = cluster.publishedID, a != b {
                field(.pool, id, "clusterId", a, b)
                renumbered = true
            }
            if !renumbered { field(.pool, id, "site", mappedSiteID(of: before), cluster.siteID) }
            field(.pool, id, "kind", before.kind.rawValue, cluster.kind.rawValue)
            fieldIfBoth(.pool, id, "isSingleMachineOnly", Self.text(before.isSingleMachineOnly), Self.text(cluster.isSingleMachineOnly))
            fieldIfBoth(.pool, id, "requiresReplication", Self.text(before.requiresReplication), Self.text(cluster.requiresReplication))
            fieldIfBoth(.pool, id, "requiresSetup", Self.text(before.requiresSetup), Self.text(cluster.requiresSetup))
        }
    }

    /// Whether Lync Server itself runs on a cluster's machines (Setup installs it there).
    static func runsLyncServer(_ cluster: Cluster, in topology: Topology) -> Bool {
        topology.services(on: cluster.id).contains { RoleCatalog.isLyncServerRole($0.roleName) }
    }

    /// Machines that are more than their single-machine cluster: a machine whose FQDN is its cluster's is the
    /// cluster itself (published documents write it out, .tbxml files leave it empty) and is compared as the pool.
    static func machines(of topology: Topology) -> [(cluster: Int, machine: Machine)] {
        var result: [(cluster: Int, machine: Machine)] = []
        for (position, cluster) in topology.clusters.enumerated() {
            for machine in cluster.machines where machine.fqdn.lowercased() != cluster.fqdn.lowercased() {
                result.append((position, machine))
            }
        }
        return result
    }

    mutating func compareMachines() {
        let before = Self.machines(of: old)
        let after = Self.machines(of: new)
        let pairs = DiffCorrespondence.pair(before.count, after.count, passes: [
            ({ before[$0].machine.fqdn.lowercased() }, { after[$0].machine.fqdn.lowercased() }),
        ])
        let inverse = DiffCorrespondence.inverse(pairs)
        for (position, entry) in before.enumerated() where pairs[position] == nil {
            removed(.machine, entry.machine.fqdn, "in \(old.clusters[entry.cluster].fqdn)")
        }
        for (position, entry) in after.enumerated() {
            let pool = new.clusters[entry.cluster]
            guard let oldPosition = inverse[position] else {
                added(.machine, entry.machine.fqdn, "in \(pool.fqdn)")
                if map.newClusters[entry.cluster] != nil && Self.runsLyncServer(pool, in: new) { warnMachineJoins(entry.machine, pool) }
                continue
            }
            let previous = before[oldPosition]
            let id = entry.machine.fqdn
            if map.clusters[previous.cluster] != entry.cluster {
                field(.machine, id, "pool", old.clusters[previous.cluster].fqdn, pool.fqdn)
            }
            field(.machine, id, "faultDomain", previous.machine.faultDomain, entry.machine.faultDomain)
            field(.machine, id, "upgradeDomain", previous.machine.upgradeDomain, entry.machine.upgradeDomain)
        }
    }

    // MARK: SQL instances

    /// The mirroring port of each instance that takes part in mirroring, by instance id: the answer of
    /// `Topology.mirroringPort(of:)` (decoded once by `MirrorEncoding`), for all instances in one pass.
    static func defaultMirroringPorts(_ topology: Topology) -> [String: Int] {
        var ports: [String: Int] = [:]
        for (position, instance) in topology.sqlInstances.enumerated() where topology.index.sqlInstanceByID[instance.id] == position {
            if let port = topology.mirroringPort(of: instance) { ports[instance.id] = port }
        }
        return ports
    }

    /// The mirroring port an instance uses: as written, or the default when it takes part in mirroring.
    static func mirroringPort(_ instance: SQLInstance, defaults: [String: Int]) -> String? {
        instance.mirroringPortText ?? (instance.mirroringPort ?? defaults[instance.id]).map(String.init)
    }

    func describe(_ instance: SQLInstance, in topology: Topology, defaults: [String: Int]) -> String? {
        var parts: [String] = []
        if instance.isDefaultInstance { parts.append("default instance") }
        let roles = (topology.index.storesOnInstance[instance.id] ?? []).map { topology.services[$0].roleName }
        if !roles.isEmpty { parts.append("holds " + roles.joined(separator: ", ")) }
        if let port = Self.mirroringPort(instance, defaults: defaults) { parts.append("mirroring port \(port)") }
        if let primary = instance.alwaysOnPrimary { parts.append("AlwaysOn primary \(primary)") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    mutating func compareInstances() {
        let oldDefaults = Self.defaultMirroringPorts(old)
        let newDefaults = Self.defaultMirroringPorts(new)
        for (position, instance) in old.sqlInstances.enumerated() where map.instances[position] == nil {
            removed(.sqlInstance, instance.displayName, describe(instance, in: old, defaults: oldDefaults))
        }
        for (position, instance) in new.sqlInstances.enumerated() {
            guard let oldPosition = map.newInstances[position] else {
                added(.sqlInstance, instance.displayName, describe(instance, in: new, defaults: newDefaults))
                continue
            }
            let before = old.sqlInstances[oldPosition]
            let id = instance.displayName
            field(.sqlInstance, id, "mirroringPort", Self.mirroringPort(before, defaults: oldDefaults),
                  Self.mirroringPort(instance, defaults: newDefaults))
            field(.sqlInstance, id, "alwaysOnPrimary", before.alwaysOnPrimary, instance.alwaysOnPrimary, caseInsensitive: true)
        }
    }

    // MARK: stores, mirrors and witnesses

    static func location(_ server: String, _ instance: String) -> String {
        instance.isEmpty ? server : server + "\\" + instance
    }

    static func location(_ endpoint: StoreEndpoint) -> String { location(endpoint.sqlServer, endpoint.instance) }

    static func describe(_ store: Store) -> String {
        var text = store.databaseType + ": " + (store.databases.isEmpty ? "no known databases" : store.databases.joined(separator: ", "))
        if !store.consumers.isEmpty { text += "; for " + store.consumers.joined(separator: ", ") }
        if !store.isStandAlone { text += "; collocated" }
        return text
    }

    /// The consumers of an old store, said with the new topology's FQDNs where the pool is matched.
    func mappedConsumers(_ store: Store) -> [String] {
        store.consumers.map { fqdn in
            guard let position = old.index.clusterByFQDN[fqdn.lowercased()], let mapped = map.clusters[position] else { return fqdn }
            return new.clusters[mapped].fqdn
        }
    }

    mutating func compareStores() {
        // Stores pair through their services; a service id declared twice (an error the validator reports)
        // pairs its k-th store on one side with its k-th on the other.
        var newStoresByService: [String: [Int]] = [:]
        for (position, store) in new.stores.enumerated() {
            newStoresByService[store.serviceID, default: []].append(position)
        }
        var used: [String: Int] = [:]
        var pairs: [Int: Int] = [:]
        for (position, store) in old.stores.enumerated() {
            guard let service = map.service(store.serviceID, old: old) else { continue }
            let id = new.services[service].id
            let offset = used[id, default: 0]
            guard let candidates = newStoresByService[id], offset < candidates.count else { continue }
            used[id] = offset + 1
            pairs[position] = candidates[offset]
        }
        let inverse = DiffCorrespondence.inverse(pairs)

        for (position, store) in old.stores.enumerated() where pairs[position] == nil {
            removed(.store, store.displayName, Self.describe(store))
            warnDatabasesStay(store)
        }
        for (position, store) in new.stores.enumerated() {
            guard let oldPosition = inverse[position] else {
                added(.store, store.displayName, Self.describe(store))
                continue
            }
            let before = old.stores[oldPosition]
            let id = store.displayName
            let moved = map.instance(before.sqlInstanceID, old: old) != new.index.sqlInstanceByID[store.sqlInstanceID]
            if moved {
                changes.append(TopologyChange(kind: .changed, entity: .store, id: id, field: "sqlInstance",
                                              old: Self.location(before.sqlServer, before.instance),
                                              new: Self.location(store.sqlServer, store.instance)))
                if store.role.lowercased() != RoleCatalog.centralManagementStoreRole.lowercased() { warnStoreMoved(before, store) }
            }
            let beforeConsumers = mappedConsumers(before)
            if Set(beforeConsumers.map { $0.lowercased() }) != Set(store.consumers.map { $0.lowercased() }) {
                field(.store, id, "consumers", beforeConsumers.joined(separator: ", "), store.consumers.joined(separator: ", "))
            }
            field(.store, id, "standAlone", Self.text(before.isStandAlone), Self.text(store.isStandAlone))
            field(.store, id, "databases", before.databases.joined(separator: ", "), store.databases.joined(separator: ", "))
        }

        // Mirrors and witnesses, by the primary store they serve.
        var mirrorChanges: [TopologyChange] = []
        var witnessChanges: [TopologyChange] = []
        for (position, store) in old.stores.enumerated() where pairs[position] == nil {
            if let mirror = store.mirror {
                mirrorChanges.append(TopologyChange(kind: .removed, entity: .mirror, id: store.displayName, old: Self.location(mirror)))
                warnMirrorRemoved(store, from: mirror, to: nil, consumers: store.consumers)
            }
            if let witness = store.witness {
                witnessChanges.append(TopologyChange(kind: .removed, entity: .witness, id: store.displayName, old: Self.location(witness)))
            }
        }
        for (position, store) in new.stores.enumerated() {
            let id = store.displayName
            guard let oldPosition = inverse[position] else {
                if let mirror = store.mirror {
                    mirrorChanges.append(TopologyChange(kind: .added, entity: .mirror, id: id, new: Self.location(mirror)))
                    warnMirrorAdded(store)
                }
                if let witness = store.witness {
                    witnessChanges.append(TopologyChange(kind: .added, entity: .witness, id: id, new: Self.location(witness)))
                }
                continue
            }
            let before = old.stores[oldPosition]
            let mirrorChange = endpointChange(.mirror, id: id, before.mirror, store.mirror)
            if let mirrorChange {
                mirrorChanges.append(mirrorChange)
                switch mirrorChange.kind {
                case .added: warnMirrorAdded(store)
                case .removed, .changed:
                    if let previous = before.mirror { warnMirrorRemoved(before, from: previous, to: store.mirror, consumers: store.consumers) }
                }
            }
            if let witnessChange = endpointChange(.witness, id: id, before.witness, store.witness) {
                witnessChanges.append(witnessChange)
                if mirrorChange == nil, before.mirror != nil, store.mirror != nil {
                    warnWitnessChanged(before, witnessChange)
                }
            }
        }
        changes += mirrorChanges
        changes += witnessChanges
    }

    /// The change of a store's mirror or witness: added, removed, or moved to another instance.
    func endpointChange(_ entity: Entity, id: String, _ before: StoreEndpoint?, _ after: StoreEndpoint?) -> TopologyChange? {
        switch (before, after) {
        case (nil, nil): return nil
        case (nil, let after?): return TopologyChange(kind: .added, entity: entity, id: id, new: Self.location(after))
        case (let before?, nil): return TopologyChange(kind: .removed, entity: entity, id: id, old: Self.location(before))
        case (let before?, let after?):
            let mapped = map.instance(before.sqlInstanceID, old: old), current = new.index.sqlInstanceByID[after.sqlInstanceID]
            // Both unresolved (a dangling reference): the same when they name the same instance as written.
            let same = current != nil ? mapped == current
                : (mapped == nil && old.index.sqlInstanceByID[before.sqlInstanceID] == nil && before.sqlInstanceID == after.sqlInstanceID)
            return same ? nil : TopologyChange(kind: .changed, entity: entity, id: id, field: "sqlInstance",
                                               old: Self.location(before), new: Self.location(after))
        }
    }

    // MARK: services

    func host(of service: Service, in topology: Topology) -> String {
        switch service.placement {
        case .cluster(let id): return topology.cluster(id)?.fqdn ?? id
        case .sqlInstance(let id): return topology.sqlInstance(id)?.displayName ?? id
        case .unresolved(let id): return id
        case .none: return "?"
        }
    }

    /// `SiteId-RoleName-Instance`, or `RoleName@host` for a service not yet published.
    func display(_ service: Service, in topology: Topology) -> String {
        service.key?.description ?? "\(service.roleName)@\(host(of: service, in: topology))"
    }

    func display(serviceID: String, in topology: Topology) -> String {
        topology.service(serviceID).map { display($0, in: topology) } ?? serviceID
    }

    /// Store services shown as stores, mirrors or witnesses: not repeated as services.
    static func storeServices(of topology: Topology) -> Set<String> {
        var ids = Set<String>()
        for store in topology.stores {
            ids.insert(store.serviceID)
            if let mirror = store.mirror { ids.insert(mirror.serviceID) }
            if let witness = store.witness { ids.insert(witness.serviceID) }
        }
        return ids
    }

    mutating func compareServices() {
        let oldStores = Self.storeServices(of: old)
        let newStores = Self.storeServices(of: new)
        for (position, service) in old.services.enumerated() where map.services[position] == nil && !oldStores.contains(service.id) {
            removed(.service, display(service, in: old), "\(service.roleName) on \(host(of: service, in: old))")
        }
        for (position, service) in new.services.enumerated() {
            guard let oldPosition = map.newServices[position] else {
                if !newStores.contains(service.id) {
                    added(.service, display(service, in: new), "\(service.roleName) on \(host(of: service, in: new))")
                }
                continue
            }
            let before = old.services[oldPosition]
            let id = service.key.map(\.description) ?? before.key?.description ?? display(service, in: new)
            if let a = before.key, let b = service.key, a != b, a.description.lowercased() != b.description.lowercased() {
                field(.service, id, "serviceId", a.description, b.description)
            }
            let isStore = oldStores.contains(before.id) || newStores.contains(service.id)
            if !isStore && !samePlacement(before, service) {
                field(.service, id, "installedOn", host(of: before, in: old), host(of: service, in: new))
            }
            field(.service, id, "serviceVersion", before.serviceVersion.map(String.init), service.serviceVersion.map(String.init))
            field(.service, id, "roleVersion", before.roleVersion, service.roleVersion)
            compareDependencies(before, service, id: id)
            comparePorts(before.ports, service.ports, id: id)
            field(.service, id, "isActive", Self.text(before.isActiveCentralManagement), Self.text(service.isActiveCentralManagement))
            field(.service, id, "isDirector", Self.text(before.isDirector), Self.text(service.isDirector))
            field(.service, id, "shareName", before.shareName, service.shareName, caseInsensitive: true)
            if !sameService(before.backupServiceID, service.backupServiceID) {
                field(.service, id, "backup", before.backupServiceID.map { display(serviceID: $0, in: old) },
                      service.backupServiceID.map { display(serviceID: $0, in: new) })
            }
        }
    }

    func samePlacement(_ before: Service, _ after: Service) -> Bool {
        switch (before.placement, after.placement) {
        case (.cluster(let a), .cluster(let b)):
            return map.cluster(a, old: old).map { new.index.clusterByID[b] == $0 } ?? false
        case (.sqlInstance(let a), .sqlInstance(let b)):
            return map.instance(a, old: old).map { new.index.sqlInstanceByID[b] == $0 } ?? false
        case (.unresolved(let a), .unresolved(let b)): return a == b
        case (.none, .none): return true
        default: return false
        }
    }

    /// Whether an old service id and a new one name the same service (both nil counts as the same).
    func sameService(_ before: String?, _ after: String?) -> Bool {
        switch (before, after) {
        case (nil, nil): return true
        case (let a?, let b?):
            if let mapped = map.service(a, old: old) { return new.index.serviceByID[b] == mapped }
            return a == b && new.index.serviceByID[b] == nil
        default: return false
        }
    }

    /// The identity of a dependency's target in the new topology's terms, and its usage.
    func dependencyKey(_ dependency: Dependency, old isOld: Bool) -> String {
        let usage = dependency.usageText.lowercased()
        if isOld {
            if let mapped = map.service(dependency.serviceID, old: old) { return "s\(mapped)\u{1}\(usage)" }
            if old.index.serviceByID[dependency.serviceID] != nil { return "gone:\(dependency.serviceID)\u{1}\(usage)" }
            return "x:\(dependency.serviceID)\u{1}\(usage)"
        }
        if let position = new.index.serviceByID[dependency.serviceID] { return "s\(position)\u{1}\(usage)" }
        return "x:\(dependency.serviceID)\u{1}\(usage)"
    }

    /// Mirror and witness dependencies on stores are shown as the stores' mirrors and witnesses.
    static func isShownAsMirror(_ dependency: Dependency, in topology: Topology) -> Bool {
        switch dependency.usage {
        case .mirror, .witness: return topology.service(dependency.serviceID)?.isStore ?? false
        case .default, .unrecognized: return false
        }
    }

    func describe(_ dependency: Dependency, in topology: Topology) -> String {
        let target = display(serviceID: dependency.serviceID, in: topology)
        return dependency.usage == .default ? target : "\(target) (\(dependency.usageText))"
    }

    mutating func compareDependencies(_ before: Service, _ after: Service, id: String) {
        let oldDependencies = before.dependencies.filter { !Self.isShownAsMirror($0, in: old) }
        let newDependencies = after.dependencies.filter { !Self.isShownAsMirror($0, in: new) }
        let oldKeys = oldDependencies.map { dependencyKey($0, old: true) }
        let newKeys = newDependencies.map { dependencyKey($0, old: false) }
        let pairs = DiffCorrespondence.pair(oldKeys.count, newKeys.count, passes: [({ oldKeys[$0] }, { newKeys[$0] })])
        let inverse = DiffCorrespondence.inverse(pairs)
        for (position, dependency) in oldDependencies.enumerated() where pairs[position] == nil {
            changes.append(TopologyChange(kind: .removed, entity: .service, id: id, field: "dependency", old: describe(dependency, in: old)))
        }
        for (position, dependency) in newDependencies.enumerated() where inverse[position] == nil {
            changes.append(TopologyChange(kind: .added, entity: .service, id: id, field: "dependency", new: describe(dependency, in: new)))
        }
    }

    /// Every attribute the same (the position in the document aside).
    static func samePort(_ a: ServicePort, _ b: ServicePort) -> Bool {
        a.owner == b.owner && a.usage == b.usage && a.interfaceSide == b.interfaceSide && a.interfaceNumber == b.interfaceNumber
            && a.port == b.port && a.protocolName == b.protocolName && a.urlPath == b.urlPath
            && a.authorizesRequests == b.authorizesRequests && a.gruuType == b.gruuType && a.range == b.range
            && a.configuredPort == b.configuredPort && a.configuredFQDN == b.configuredFQDN
    }

    static func portKey(_ port: ServicePort) -> String {
        [port.owner, port.usage, port.interfaceSide, port.interfaceNumber, port.protocolName, port.urlPath ?? ""]
            .joined(separator: "\u{1}").lowercased()
    }

    /// `port[Owner Usage InterfaceSide/InterfaceNumber Protocol UrlPath]`.
    static func portField(_ port: ServicePort) -> String {
        var label = "\(port.owner) \(port.usage) \(port.interfaceSide)/\(port.interfaceNumber) \(port.protocolName)"
        if let path = port.urlPath { label += " " + path }
        return "port[\(label)]"
    }

    /// The port and the attributes that qualify it, e.g. `4443 (ConfiguredPort=443)`.
    static func portValue(_ port: ServicePort) -> String {
        var extras: [String] = []
        if let range = port.range { extras.append("Range=\(range)") }
        if let configured = port.configuredPort { extras.append("ConfiguredPort=\(configured)") }
        if let fqdn = port.configuredFQDN { extras.append("ConfiguredFqdn=\(fqdn.lowercased())") }
        if let gruu = port.gruuType { extras.append("GruuType=\(gruu)") }
        if port.authorizesRequests?.lowercased() == "true" { extras.append("AuthorizesRequests=true") }
        return extras.isEmpty ? port.port : "\(port.port) (\(extras.joined(separator: ", ")))"
    }

    mutating func comparePorts(_ before: [ServicePort], _ after: [ServicePort], id: String) {
        // Lists equal but for where they sit pair position by position with equal values: nothing to report.
        if before.count == after.count, zip(before, after).allSatisfy({ Self.samePort($0, $1) }) { return }
        let oldKeys = before.map(Self.portKey)
        let newKeys = after.map(Self.portKey)
        let pairs = DiffCorrespondence.pair(oldKeys.count, newKeys.count, passes: [({ oldKeys[$0] }, { newKeys[$0] })])
        let inverse = DiffCorrespondence.inverse(pairs)
        for (position, port) in before.enumerated() where pairs[position] == nil {
            changes.append(TopologyChange(kind: .removed, entity: .service, id: id, field: Self.portField(port), old: Self.portValue(port)))
        }
        for (position, port) in after.enumerated() {
            guard let oldPosition = inverse[position] else {
                changes.append(TopologyChange(kind: .added, entity: .service, id: id, field: Self.portField(port), new: Self.portValue(port)))
                continue
            }
            field(.service, id, Self.portField(port), Self.portValue(before[oldPosition]), Self.portValue(port))
        }
    }


}

