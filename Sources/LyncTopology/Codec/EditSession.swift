/// One edit in progress: the document's tree being changed, the model as it was before (for the checks),
/// and the two document kinds' ways of writing clusters, instances, services and references. An edit finds
/// the elements it changes by their keys (never by position), writes new ones as the product does, and ends
/// with `finish`, which reads the written bytes back: the edited document's model is always the model of
/// exactly what would be written.
struct EditSession {
    typealias NS = TopologyNamespace

    /// A cluster as references write it: published `ClusterId(SiteId, Number)`, or a .tbxml `UniqueId`.
    struct ClusterRef: Sendable, Hashable {
        var id: String
        var siteID: String
        var number: String
    }

    /// A SQL instance as references write it: `SqlInstanceId(Name, ClusterId)`, or a .tbxml `UniqueId`.
    struct InstanceRef: Sendable, Hashable {
        var id: String
        var name: String
        var cluster: ClusterRef
    }

    /// A service as dependencies write it: `ServiceId(SiteId, RoleName, Instance)`, or a .tbxml `UniqueId`.
    struct ServiceRef: Sendable, Hashable {
        var id: String
        var key: ServiceKey?
    }

    /// Where a new service is installed.
    enum NewPlacement: Sendable, Hashable {
        case cluster(ClusterRef)
        case instance(InstanceRef)
    }

    /// A service to create.
    struct NewService: Sendable {
        var ref: ServiceRef
        var role: String
        var placement: NewPlacement
        /// Default dependencies, in order.
        var dependencies: [ServiceRef] = []
        var serviceVersion: Int
        var roleVersion: String
        var ports: [XMLFragment] = []
        var settings: [XMLFragment] = []
    }

    var tree: TreeEditor
    let kind: DocumentKind
    /// The model before the edit.
    let topology: Topology
    /// The path of the `Topology` element, or of the NewTopology's `PartialTopology`.
    let topologyPath: NodePath
    var ids: UniqueIDGenerator
    var taken: Set<String>
    var allocatedClusterNumbers: [String: Int] = [:]
    var allocatedServiceInstances: [String: Int] = [:]

    init(_ document: TopologyDocument) throws(TopologyEditError) {
        if let reason = document.partialContentReason { throw .unsupportedDocument(reason) }
        kind = document.kind
        topology = document.topology
        ids = document.uniqueIDs
        tree = TreeEditor(document: document.xml, placement: document.kind == .topology ? .first : .last)
        switch document.kind {
        case .topology:
            topologyPath = []
            taken = []
        case .tbxml:
            let root = document.xml.root
            guard let new = root.firstChildIndex("NewTopology", in: NS.topologyBuilder),
                  let newElement = root.element(at: [new]),
                  let partial = newElement.firstChildIndex("PartialTopology", in: NS.writableTopology) else {
                throw .unsupportedDocument("the Topology Builder file has no NewTopology")
            }
            topologyPath = [new, partial]
            var found = Set<String>()
            Self.collectUniqueIDs(root, into: &found)
            taken = found
        }
    }

    static func collectUniqueIDs(_ element: XMLElement, into set: inout Set<String>) {
        for attribute in element.attributes where attribute.localName.hasSuffix("UniqueId") && attribute.namespaceURI == nil {
            set.insert(attribute.value.lowercased())
        }
        for case .element(let child) in element.children { collectUniqueIDs(child, into: &set) }
    }

    /// Writes the edited tree, reads it back and refuses a result that reads worse than the original.
    func finish(_ original: TopologyDocument) throws(TopologyEditError) -> TopologyDocument {
        let bytes = XMLWriter().bytes(tree.document)
        var result: TopologyDocument
        do {
            result = try TopologyDocument(bytes: bytes, path: original.path)
        } catch {
            throw .inconsistentResult(error.description)
        }
        result.uniqueIDs = ids
        let before = Set(original.topology.findings.filter { $0.severity == .error }.map { $0.rule + " " + $0.message })
        if let new = result.topology.findings.first(where: { $0.severity == .error && !before.contains($0.rule + " " + $0.message) }) {
            throw .inconsistentResult("[\(new.rule)] \(new.message)")
        }
        return result
    }

    // MARK: namespaces of the two kinds

    /// The namespace of clusters, services and their parts.
    var structural: String { kind == .topology ? NS.topology : NS.writableTopology }

    // MARK: finding elements

    func element(_ path: NodePath) -> XMLElement? { tree.element(at: path) }

    func child(_ path: NodePath, _ name: String, _ namespace: String) -> NodePath? {
        element(path)?.firstChildIndex(name, in: namespace).map { path + [$0] }
    }

    func children(_ path: NodePath, _ name: String, _ namespace: String) -> [NodePath] {
        (element(path)?.childIndices(name, in: namespace) ?? []).map { path + [$0] }
    }

    static func clusterKey(_ element: XMLElement?) -> String {
        (element?.attribute("SiteId") ?? "") + "-" + (element?.attribute("Number") ?? "")
    }

    static func serviceKey(_ element: XMLElement?) -> String {
        (element?.attribute("SiteId") ?? "") + "-" + (element?.attribute("RoleName") ?? "") + "-" + (element?.attribute("Instance") ?? "")
    }

    /// The `CentralSite` elements (with their ids as the decoder gives them).
    func sitePaths() -> [(id: String, path: NodePath)] {
        switch kind {
        case .topology:
            guard let sites = child(topologyPath, "Sites", NS.topology) else { return [] }
            return (element(sites)?.elementChildIndices ?? []).compactMap { index in
                guard let site = element(sites + [index]), site.namespaceURI == NS.topology,
                      site.localName == "CentralSite" || site.localName == "BranchSite" else { return nil }
                return (site.attribute("SiteId") ?? "", sites + [index])
            }
        case .tbxml:
            guard let sites = child(topologyPath, "CentralSites", NS.writableTopology) else { return [] }
            return children(sites, "CentralSite", NS.writableTopology).enumerated().map { offset, path in
                let site = element(path)
                return (site?.attribute("SiteId") ?? site?.attribute("OriginalSiteId") ?? "new\(offset + 1)", path)
            }
        }
    }

    func sitePath(_ id: String) -> NodePath? { sitePaths().first { $0.id == id }?.path }

    func clusterPaths() -> [NodePath] {
        switch kind {
        case .topology:
            return child(topologyPath, "Clusters", NS.topology).map { children($0, "Cluster", NS.topology) } ?? []
        case .tbxml:
            return sitePaths().flatMap { site in
                child(site.path, "Clusters", NS.writableTopology).map { children($0, "Cluster", NS.writableTopology) } ?? []
            }
        }
    }

    func clusterPath(_ id: String) -> NodePath? {
        clusterPaths().first { path in
            guard let cluster = element(path) else { return false }
            switch kind {
            case .topology: return Self.clusterKey(cluster.firstChild("ClusterId", in: NS.topology)) == id
            case .tbxml: return cluster.attribute("UniqueId") == id
            }
        }
    }

    func instancePath(_ id: String) -> NodePath? {
        switch kind {
        case .topology:
            guard let section = child(topologyPath, "SqlInstances", NS.topology) else { return nil }
            return children(section, "SqlInstance", NS.topology).first { path in
                guard let instanceID = element(path)?.firstChild("SqlInstanceId", in: NS.topology) else { return false }
                let cluster = Self.clusterKey(instanceID.firstChild("ClusterId", in: NS.topology))
                return TopologyDecoder.instanceKey(cluster: cluster, name: instanceID.attribute("Name") ?? "") == id
            }
        case .tbxml:
            for cluster in clusterPaths() {
                guard let section = child(cluster, "SqlInstances", NS.writableTopology) else { continue }
                if let path = children(section, "SqlInstance", NS.writableTopology).first(where: { element($0)?.attribute("UniqueId") == id }) {
                    return path
                }
            }
            return nil
        }
    }

    func servicesSection() -> NodePath? { child(topologyPath, "Services", structural) }

    func servicePath(_ id: String) -> NodePath? {
        guard let section = servicesSection() else { return nil }
        return children(section, "Service", structural).first { path in
            guard let service = element(path) else { return false }
            switch kind {
            case .topology: return Self.serviceKey(service.firstChild("ServiceId", in: NS.topology)) == id
            case .tbxml: return service.attribute("UniqueId") == id
            }
        }
    }

    /// The `Machine` elements of a cluster, with the FQDN each stands for.
    func machinePaths(cluster path: NodePath) -> [(fqdn: String, path: NodePath)] {
        let clusterFQDN = element(path)?.attribute("Fqdn") ?? ""
        let container: NodePath?
        switch kind {
        case .topology: container = path
        case .tbxml: container = child(path, "Machines", NS.writableTopology)
        }
        guard let container else { return [] }
        return children(container, "Machine", structural).map { machine in
            (element(machine)?.attribute("Fqdn") ?? clusterFQDN, machine)
        }
    }

    /// The dependencies of a service: their node paths, targets (service ids) and usages as written.
    func dependencies(of serviceID: String) -> [(path: NodePath, target: String, usage: DependencyUsage)] {
        guard let service = servicePath(serviceID), let dependsOn = child(service, "DependsOn", structural) else { return [] }
        return children(dependsOn, "Dependency", structural).map { path in
            let dependency = element(path)
            let target: String
            switch kind {
            case .topology: target = Self.serviceKey(dependency?.firstChild("ServiceId", in: NS.topology))
            case .tbxml: target = dependency?.attribute("ServiceUniqueId") ?? ""
            }
            return (path, target, MirrorEncoding.usage(MirrorEncoding.usageText(dependency?.attribute("Usage"))))
        }
    }

    // MARK: references from the model

    func clusterRef(_ cluster: Cluster) -> ClusterRef {
        ClusterRef(id: cluster.id, siteID: cluster.siteID, number: cluster.number ?? "")
    }

    func instanceRef(_ instance: SQLInstance) -> InstanceRef {
        let cluster = topology.cluster(instance.clusterID).map(clusterRef) ?? ClusterRef(id: instance.clusterID, siteID: "", number: "")
        return InstanceRef(id: instance.id, name: instance.name, cluster: cluster)
    }

    func serviceRef(_ service: Service) -> ServiceRef { ServiceRef(id: service.id, key: service.key) }

    // MARK: new identities

    mutating func newUniqueID() -> String {
        let id = ids.next(avoiding: taken)
        taken.insert(id.lowercased())
        return id
    }

    mutating func newClusterRef(site: String) -> ClusterRef {
        switch kind {
        case .topology:
            let used = topology.clusters.filter { $0.siteID == site }.compactMap { $0.number.flatMap { Int($0) } }.max() ?? 0
            let number = max(used, allocatedClusterNumbers[site] ?? 0) + 1
            allocatedClusterNumbers[site] = number
            return ClusterRef(id: "\(site)-\(number)", siteID: site, number: String(number))
        case .tbxml:
            return ClusterRef(id: newUniqueID(), siteID: site, number: "")
        }
    }

    mutating func newInstanceRef(name: String, cluster: ClusterRef) -> InstanceRef {
        switch kind {
        case .topology: return InstanceRef(id: TopologyDecoder.instanceKey(cluster: cluster.id, name: name), name: name, cluster: cluster)
        case .tbxml: return InstanceRef(id: newUniqueID(), name: name, cluster: cluster)
        }
    }

    mutating func newServiceRef(role: String, site: String) -> ServiceRef {
        switch kind {
        case .topology:
            let slot = site + "\u{1}" + role.lowercased()
            let used = topology.services.compactMap { service -> Int? in
                guard let key = service.key, key.siteID == site, key.roleName.lowercased() == role.lowercased() else { return nil }
                return Int(key.instance)
            }.max() ?? 0
            let instance = max(used, allocatedServiceInstances[slot] ?? 0) + 1
            allocatedServiceInstances[slot] = instance
            let key = ServiceKey(siteID: site, roleName: role, instance: String(instance))
            return ServiceRef(id: key.description, key: key)
        case .tbxml:
            return ServiceRef(id: newUniqueID(), key: nil)
        }
    }

    /// `RoleVersion` for a new service: as the document writes it for that role, else the usual value.
    func roleVersion(_ role: String) -> String {
        topology.services.first { $0.roleName.lowercased() == role.lowercased() }?.roleVersion ?? RoleTemplates.roleVersion(role)
    }

    // MARK: fragments, as each kind writes them

    func clusterIDFragment(_ cluster: ClusterRef) -> XMLFragment {
        XMLFragment("ClusterId", NS.topology, [("SiteId", cluster.siteID), ("Number", cluster.number)])
    }

    func instanceIDFragment(_ instance: InstanceRef) -> XMLFragment {
        XMLFragment("SqlInstanceId", NS.topology, [("Name", instance.name)], children: [clusterIDFragment(instance.cluster)])
    }

    func dependencyFragment(_ target: ServiceRef, usage: DependencyUsage) -> XMLFragment {
        let usage = MirrorEncoding.text(usage)
        switch kind {
        case .topology:
            let key = target.key ?? ServiceKey(siteID: "", roleName: "", instance: "")
            return XMLFragment("Dependency", NS.topology, [("Usage", usage)], children: [
                XMLFragment("ServiceId", NS.topology, [("SiteId", key.siteID), ("RoleName", key.roleName), ("Instance", key.instance)]),
            ])
        case .tbxml:
            return XMLFragment("Dependency", NS.writableTopology, [("ServiceUniqueId", target.id), ("Usage", usage)])
        }
    }

    func serviceFragment(_ service: NewService) -> XMLFragment {
        let type = RoleTemplates.typeName(service.role)
        let dependsOn = XMLFragment("DependsOn", structural, children: service.dependencies.map { dependencyFragment($0, usage: .default) })
        let ports = XMLFragment("Ports", NS.serviceRoles, children: service.ports)
        switch kind {
        case .topology:
            let key = service.ref.key ?? ServiceKey(siteID: "", roleName: service.role, instance: "")
            let installedOn: XMLFragment
            switch service.placement {
            case .cluster(let cluster): installedOn = XMLFragment("InstalledOn", NS.topology, children: [clusterIDFragment(cluster)])
            case .instance(let instance): installedOn = XMLFragment("InstalledOn", NS.topology, children: [instanceIDFragment(instance)])
            }
            return XMLFragment("Service", NS.topology, [
                ("RoleVersion", service.roleVersion), ("ServiceVersion", String(service.serviceVersion)), ("Type", type),
            ], children: [
                XMLFragment("ServiceId", NS.topology, [("SiteId", key.siteID), ("RoleName", key.roleName), ("Instance", key.instance)]),
                dependsOn, installedOn, ports,
            ] + service.settings)
        case .tbxml:
            let installedOn: String
            switch service.placement {
            case .cluster(let cluster): installedOn = cluster.id
            case .instance(let instance): installedOn = instance.id
            }
            return XMLFragment("Service", NS.writableTopology, [
                ("UniqueId", service.ref.id), ("RoleName", service.role), ("RoleVersion", service.roleVersion),
                ("InstalledOn", installedOn), ("ServiceVersion", String(service.serviceVersion)), ("Type", type),
            ], children: [dependsOn, ports] + service.settings)
        }
    }

    static func netInterfaces(_ sides: [String]) -> [XMLFragment] {
        sides.map { XMLFragment("NetInterface", NS.topology, [("InterfaceSide", $0), ("InterfaceNumber", "1"), ("IPAddress", "0.0.0.0")]) }
    }

    /// A machine of a pool. `fqdn` nil: the machine of a single-machine cluster, which takes the cluster's.
    func machineFragment(fqdn: String?, clusterFQDN: String, ordinal: Int, faultDomain: String?, upgradeDomain: String?,
                         interfaces: [String]) -> XMLFragment {
        switch kind {
        case .topology:
            return XMLFragment("Machine", NS.topology, [
                ("OrdinalInCluster", String(ordinal)), ("Fqdn", fqdn ?? clusterFQDN), ("FaultDomain", faultDomain), ("UpgradeDomain", upgradeDomain),
            ], children: Self.netInterfaces(interfaces))
        case .tbxml:
            return XMLFragment("Machine", NS.writableTopology, [("Fqdn", fqdn), ("FaultDomain", faultDomain), ("UpgradeDomain", upgradeDomain)],
                               children: Self.netInterfaces(interfaces))
        }
    }

    func instanceFragment(_ instance: InstanceRef, mirroringPort: Int?) -> XMLFragment {
        let port = mirroringPort.map(String.init)
        switch kind {
        case .topology:
            return XMLFragment("SqlInstance", NS.topology, [(MirrorEncoding.mirroringPortAttribute, port)],
                               children: [instanceIDFragment(instance)])
        case .tbxml:
            return XMLFragment("SqlInstance", NS.writableTopology, [
                ("UniqueId", instance.id), ("Name", instance.name), (MirrorEncoding.mirroringPortAttribute, port),
            ])
        }
    }

    /// A cluster with its machines (and, in a .tbxml, its SQL instances).
    func clusterFragment(_ cluster: ClusterRef, fqdn: String, singleMachine: Bool, runsLync: Bool, machines: [XMLFragment],
                         instances: [XMLFragment] = []) -> XMLFragment {
        let replication = runsLync ? "true" : "false"
        switch kind {
        case .topology:
            return XMLFragment("Cluster", NS.topology, [("RequiresReplication", replication), ("RequiresSetup", replication), ("Fqdn", fqdn)],
                               children: [clusterIDFragment(cluster)] + machines)
        case .tbxml:
            return XMLFragment("Cluster", NS.writableTopology, [
                ("IsSingleMachineOnly", singleMachine ? "true" : "false"), ("UniqueId", cluster.id),
                ("RequiresReplication", replication), ("RequiresSetup", replication), ("Fqdn", fqdn),
            ], children: [
                XMLFragment("Machines", NS.writableTopology, children: machines),
                XMLFragment("SqlInstances", NS.writableTopology, children: instances),
            ])
        }
    }

    // MARK: inserting

    /// The path of a published section (`Clusters`, `SqlInstances`, `Services`), created in its place when missing.
    mutating func publishedSection(_ name: String) throws(TopologyEditError) -> NodePath {
        if let existing = child(topologyPath, name, NS.topology) { return existing }
        let order = ["InternalDomains", "Sites", "Clusters", "SqlInstances", "Services"]
        guard let position = order.firstIndex(of: name), let root = element(topologyPath) else {
            throw .unsupportedDocument("no <\(name)> section")
        }
        for earlier in order[..<position].reversed() {
            if let index = root.firstChildIndex(earlier, in: NS.topology) {
                tree.insert(XMLFragment(name, NS.topology), into: topologyPath, at: .after(index))
                if let made = child(topologyPath, name, NS.topology) { return made }
            }
        }
        tree.insert(XMLFragment(name, NS.topology), into: topologyPath, at: .end)
        guard let made = child(topologyPath, name, NS.topology) else { throw .unsupportedDocument("no <\(name)> section") }
        return made
    }

    mutating func appendCluster(_ fragment: XMLFragment, site: String) throws(TopologyEditError) {
        switch kind {
        case .topology:
            tree.insert(fragment, into: try publishedSection("Clusters"))
        case .tbxml:
            guard let sitePath = sitePath(site) else { throw .unknownSite(site) }
            let clusters: NodePath
            if let existing = child(sitePath, "Clusters", NS.writableTopology) {
                clusters = existing
            } else {
                let location = element(sitePath)?.firstChildIndex("Location", in: NS.topology)
                    ?? element(sitePath)?.firstChildIndex("Name", in: NS.topology)
                tree.insert(XMLFragment("Clusters", NS.writableTopology), into: sitePath, at: location.map { .after($0) } ?? .end)
                guard let made = child(sitePath, "Clusters", NS.writableTopology) else { throw .unsupportedDocument("no <Clusters> in the site") }
                clusters = made
            }
            tree.insert(fragment, into: clusters)
        }
    }

    mutating func appendInstance(_ instance: InstanceRef, mirroringPort: Int?) throws(TopologyEditError) {
        let fragment = instanceFragment(instance, mirroringPort: mirroringPort)
        switch kind {
        case .topology:
            tree.insert(fragment, into: try publishedSection("SqlInstances"))
        case .tbxml:
            guard let cluster = clusterPath(instance.cluster.id) else { throw .unsupportedDocument("cluster \(instance.cluster.id) not found") }
            let section: NodePath
            if let existing = child(cluster, "SqlInstances", NS.writableTopology) {
                section = existing
            } else {
                let machines = element(cluster)?.firstChildIndex("Machines", in: NS.writableTopology)
                tree.insert(XMLFragment("SqlInstances", NS.writableTopology), into: cluster, at: machines.map { .after($0) } ?? .end)
                guard let made = child(cluster, "SqlInstances", NS.writableTopology) else { throw .unsupportedDocument("no <SqlInstances>") }
                section = made
            }
            tree.insert(fragment, into: section)
        }
    }

    /// Adds a service at the end of `Services`, or right after the service `after`.
    mutating func insertService(_ service: NewService, after: String? = nil) throws(TopologyEditError) {
        let section: NodePath
        switch kind {
        case .topology:
            section = try publishedSection("Services")
        case .tbxml:
            if let existing = servicesSection() {
                section = existing
            } else {
                let sites = element(topologyPath)?.firstChildIndex("CentralSites", in: NS.writableTopology)
                tree.insert(XMLFragment("Services", NS.writableTopology), into: topologyPath, at: sites.map { .after($0) } ?? .end)
                guard let made = servicesSection() else { throw .unsupportedDocument("no <Services>") }
                section = made
            }
        }
        if let after, let anchor = servicePath(after), let index = anchor.last {
            tree.insert(serviceFragment(service), into: section, at: .after(index))
        } else {
            tree.insert(serviceFragment(service), into: section)
        }
    }

    /// Adds a dependency to a service: after the dependency on `after` with usage `afterUsage` when there is
    /// one, else last.
    mutating func insertDependency(in serviceID: String, on target: ServiceRef, usage: DependencyUsage = .default,
                                   after: String? = nil, afterUsage: DependencyUsage? = nil) throws(TopologyEditError) {
        guard let service = servicePath(serviceID) else { throw .unsupportedDocument("service \(serviceID) not found") }
        let dependsOn: NodePath
        if let existing = child(service, "DependsOn", structural) {
            dependsOn = existing
        } else {
            let anchor = kind == .topology ? element(service)?.firstChildIndex("ServiceId", in: NS.topology) : nil
            tree.insert(XMLFragment("DependsOn", structural), into: service, at: anchor.map { .after($0) } ?? .before(element(service)?.elementChildIndices.first ?? 0))
            guard let made = child(service, "DependsOn", structural) else { throw .unsupportedDocument("no <DependsOn>") }
            dependsOn = made
        }
        let existing = dependencies(of: serviceID)
        if let after, let anchor = existing.last(where: {
            $0.target == after && (afterUsage == nil || $0.usage == afterUsage)
        }), let index = anchor.path.last {
            tree.insert(dependencyFragment(target, usage: usage), into: dependsOn, at: .after(index))
        } else {
            tree.insert(dependencyFragment(target, usage: usage), into: dependsOn)
        }
    }

    /// Removes every dependency of `serviceID` on `target` whose usage decodes to `usage`.
    mutating func removeDependencies(of serviceID: String, on target: String, usage: DependencyUsage) {
        while let match = dependencies(of: serviceID).last(where: { $0.target == target && $0.usage == usage }),
              let index = match.path.last {
            tree.remove(index, from: Array(match.path.dropLast()))
        }
    }

    mutating func removeService(_ id: String) {
        if let path = servicePath(id), let index = path.last { tree.remove(index, from: Array(path.dropLast())) }
    }
}
