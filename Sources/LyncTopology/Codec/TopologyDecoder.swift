/// Turns the XML tree of either document kind into `Topology` values. Lenient by design: whatever the
/// document says is kept (unknown elements stay in the XML tree), and what is missing or odd becomes a
/// finding with its line rather than an abort, so that `validate` can say all of it at once.
enum TopologyDecoder {
    /// What the decoder never reads, left out of the tree of a document read for its model
    /// (`TopologyDocument.Content.model`): elements it does not look into, and white space between elements
    /// (the text it reads is that of `Name` and `Description`). The one list of it: a name here that the
    /// decoder came to read would change the model, which `ModelContentTests` (on every shipped and public
    /// document) and the pipeline fuzz target (on every input) check against a whole read.
    static let pruning = XMLPruning(
        skippedElements: ["NetInterface", "WebComponents", "UpaSeparator", "OverrideUrls", "ExternalSettings", "MCUs"],
        textElements: ["Name", "Description"])

    typealias NS = TopologyNamespace

    /// Why a well-formed XML document is still not a topology document.
    public struct NotATopology: Error, Sendable, Hashable {
        public var message: String
        public var location: SourceLocation
    }

    /// The decoded content of a document: the topology to work on (the NewTopology of a .tbxml) and, for a
    /// .tbxml downloaded from a deployment, the OriginalTopology.
    public struct Decoded: Sendable, Hashable {
        public var kind: DocumentKind
        public var topology: Topology
        public var original: Topology?
    }

    public static func decode(_ document: XMLDocument) throws(NotATopology) -> Decoded {
        let root = document.root
        if root.isNamed("Topology", in: NS.topology) {
            return Decoded(kind: .topology, topology: decodePublished(root), original: nil)
        }
        if root.isNamed("TopologyBuilder", in: NS.topologyBuilder) {
            guard let new = root.firstChild("NewTopology", in: NS.topologyBuilder) else {
                throw NotATopology(message: "Topology Builder document has no <NewTopology>", location: root.location)
            }
            guard let partial = new.firstChild("PartialTopology", in: NS.writableTopology) else {
                throw NotATopology(message: "<NewTopology> holds no <PartialTopology>", location: new.location)
            }
            var original: Topology?
            if let old = root.firstChild("OriginalTopology", in: NS.topologyBuilder),
               let oldPartial = old.firstChild("PartialTopology", in: NS.writableTopology) {
                original = decodeBuilder(oldPartial)
            }
            return Decoded(kind: .tbxml, topology: decodeBuilder(partial), original: original)
        }
        let namespace = root.namespaceURI.map { " in namespace '\($0)'" } ?? " without a namespace"
        throw NotATopology(
            message: "root element <\(root.qualifiedName)>\(namespace) is not a topology document (expected Topology in \(NS.topology) or TopologyBuilder in \(NS.topologyBuilder))",
            location: root.location)
    }

    // MARK: shared pieces

    struct Context {
        var findings: [Finding] = []

        mutating func required(_ element: XMLElement, _ name: String) -> String {
            if let value = element.attribute(name) { return value }
            findings.append(.error("SCHEMA001", "<\(element.localName)> has no \(name) attribute", at: element.location))
            return ""
        }
    }

    static func bool(_ text: String?) -> Bool? {
        guard let text else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    static func domains(_ element: XMLElement?) -> (String?, [InternalDomain]) {
        guard let element else { return (nil, []) }
        let defaultDomain = element.attribute("DefaultDomain")
        let domains = element.children("InternalDomain", in: NS.topology).map { domain in
            let name = domain.attribute("Name") ?? ""
            return InternalDomain(name: name, isDefault: name.lowercased() == defaultDomain?.lowercased(),
                                  authoritative: bool(domain.attribute("Authoritative")),
                                  allowSubDomains: bool(domain.attribute("AllowSubDomains")), location: domain.location)
        }
        return (defaultDomain, domains)
    }

    static func site(_ element: XMLElement, id: String) -> Site {
        let location = element.firstChild("Location", in: NS.topology)
        return Site(id: id, name: element.firstChild("Name", in: NS.topology)?.text ?? "",
                    siteDescription: element.firstChild("Description", in: NS.topology)?.text,
                    city: location?.attribute("City"), state: location?.attribute("State"),
                    countryCode: location?.attribute("CountryCode"), location: element.location)
    }

    /// Role-specific settings (`sr:CentralMgmtService`, `sr:RegistrarService`, `sr:FileStoreService`).
    static func roleSettings(_ element: XMLElement, into service: inout Service) {
        for case .element(let child) in element.children where child.namespaceURI == NS.serviceRoles {
            switch child.localName {
            case "CentralMgmtService": service.isActiveCentralManagement = bool(child.attribute("IsActive"))
            case "RegistrarService": service.isDirector = bool(child.attribute("IsDirector"))
            case "FileStoreService": service.shareName = child.attribute("ShareName")
            case "Ports": service.ports = ports(child)
            case "BackupService": service.backupModules = PoolPairingDecoding.modules(child)   // pool pairing
            default: break
            }
        }
    }

    /// `sr:Ports/sr:Port`, every attribute as written. One pass over each port's attributes (a document has
    /// dozens of ports per pool, a dozen attributes each).
    static func ports(_ element: XMLElement) -> [ServicePort] {
        var ports: [ServicePort] = []
        for case .element(let child) in element.children where child.isNamed("Port", in: NS.serviceRoles) {
            var port = ServicePort(owner: "", usage: "", interfaceSide: "", interfaceNumber: "", port: "", protocolName: "",
                                   location: child.location)
            // A namespace declaration is `xmlns:p` or `xmlns`, a name no case takes. The first byte picks the
            // case: one string comparison per attribute, not one per case.
            for attribute in child.attributes where attribute.namespaceURI == nil && attribute.prefix != "xmlns" {
                let name = attribute.localName, value = attribute.value
                switch name.utf8.first {
                case UInt8(ascii: "O"): if name == "Owner" { port.owner = value }
                case UInt8(ascii: "U"):
                    if name == "Usage" { port.usage = value } else if name == "UrlPath" { port.urlPath = value }
                case UInt8(ascii: "I"):
                    if name == "InterfaceSide" { port.interfaceSide = value }
                    else if name == "InterfaceNumber" { port.interfaceNumber = value }
                case UInt8(ascii: "P"):
                    if name == "Port" { port.port = value } else if name == "Protocol" { port.protocolName = value }
                case UInt8(ascii: "A"): if name == "AuthorizesRequests" { port.authorizesRequests = value }
                case UInt8(ascii: "G"): if name == "GruuType" { port.gruuType = value }
                case UInt8(ascii: "R"): if name == "Range" { port.range = value }
                case UInt8(ascii: "C"):
                    if name == "ConfiguredPort" { port.configuredPort = value }
                    else if name == "ConfiguredFqdn" { port.configuredFQDN = value }
                default: break
                }
            }
            ports.append(port)
        }
        return ports
    }

    // MARK: published Topology

    static func clusterKey(_ element: XMLElement?, _ context: inout Context) -> String {
        guard let element else { return "" }
        return Joining.join(context.required(element, "SiteId"), UInt8(ascii: "-"), context.required(element, "Number"))
    }

    static func serviceKey(_ element: XMLElement, _ context: inout Context) -> ServiceKey {
        ServiceKey(siteID: context.required(element, "SiteId"), roleName: context.required(element, "RoleName"),
                   instance: context.required(element, "Instance"))
    }

    static func instanceKey(cluster: String, name: String) -> String {
        let normalized = name.isEmpty || name.uppercased() == "MSSQLSERVER" ? "" : name.folded
        return Joining.join(cluster, UInt8(ascii: "\\"), normalized)
    }

    static func decodePublished(_ root: XMLElement) -> Topology {
        var context = Context()
        let (defaultDomain, domains) = domains(root.firstChild("InternalDomains", in: NS.topology))
        var sites: [Site] = []
        if let sitesElement = root.firstChild("Sites", in: NS.topology) {
            for case .element(let element) in sitesElement.children
            where element.namespaceURI == NS.topology && (element.localName == "CentralSite" || element.localName == "BranchSite") {
                sites.append(site(element, id: context.required(element, "SiteId")))
            }
        }

        // Clusters and SQL instances on one side; the services, by far the longest list, in slices on the
        // others. Each slice keeps its own findings; joined in document order, the result is what one pass gives.
        let serviceElements = root.firstChild("Services", in: NS.topology)?.children ?? []
        let sliceCount = serviceElements.count < 512 ? 1 : 4   // child nodes, white space included
        let sliceLength = (serviceElements.count + sliceCount - 1) / sliceCount
        let (slices, placed) = Parallel.map(sliceCount, { slice -> (services: [Service], findings: [Finding]) in
            var context = Context()
            var services: [Service] = []
            let range = min(slice * sliceLength, serviceElements.count)..<min((slice + 1) * sliceLength, serviceElements.count)
            for case .element(let element) in serviceElements[range] where element.isNamed("Service", in: NS.topology) {
                if let service = decodeService(element, &context) { services.append(service) }
            }
            return (services, context.findings)
        }, alongside: { () -> (clusters: [Cluster], instances: [SQLInstance], findings: [Finding]) in
            var context = Context()
            var clusters: [Cluster] = []
            root.firstChild("Clusters", in: NS.topology)?.forEachChild("Cluster", in: NS.topology) { element in
                let idElement = element.firstChild("ClusterId", in: NS.topology)
                if idElement == nil {
                    context.findings.append(.error("SCHEMA001", "<Cluster> has no <ClusterId>", at: element.location))
                }
                let id = clusterKey(idElement, &context)
                let fqdn = context.required(element, "Fqdn")
                var machines: [Machine] = []
                element.forEachChild("Machine", in: NS.topology) { machine in
                    let own = machine.attribute("Fqdn")
                    machines.append(Machine(fqdn: own ?? fqdn, fqdnFromCluster: own == nil,
                                            ordinal: machine.attribute("OrdinalInCluster").flatMap { Int($0) },
                                            faultDomain: machine.attribute("FaultDomain"), upgradeDomain: machine.attribute("UpgradeDomain"),
                                            location: machine.location))
                }
                clusters.append(Cluster(id: id, publishedID: id, siteID: idElement?.attribute("SiteId") ?? "",
                                        number: idElement?.attribute("Number"), fqdn: fqdn, isSingleMachineOnly: nil,
                                        requiresReplication: bool(element.attribute("RequiresReplication")),
                                        requiresSetup: bool(element.attribute("RequiresSetup")),
                                        machines: machines, kind: .other, location: element.location))
            }

            var instances: [SQLInstance] = []
            root.firstChild("SqlInstances", in: NS.topology)?.forEachChild("SqlInstance", in: NS.topology) { element in
                guard let idElement = element.firstChild("SqlInstanceId", in: NS.topology) else {
                    context.findings.append(.error("SCHEMA001", "<SqlInstance> has no <SqlInstanceId>", at: element.location))
                    return
                }
                let name = context.required(idElement, "Name")
                let cluster = clusterKey(idElement.firstChild("ClusterId", in: NS.topology), &context)
                let (port, portText) = MirrorEncoding.writtenPort(element)
                let id = instanceKey(cluster: cluster, name: name)
                instances.append(SQLInstance(id: id, publishedID: id, clusterID: cluster, sqlServer: "", name: name,
                                             mirroringPort: port, mirroringPortText: portText,
                                             alwaysOnPrimary: element.attribute("AlwaysOnPrimaryNodeFqdn"), location: element.location))
            }
            return (clusters, instances, context.findings)
        })
        context.findings += placed.findings
        let clusters = placed.clusters, instances = placed.instances
        var services: [Service] = []
        services.reserveCapacity(slices.reduce(0) { $0 + $1.services.count })
        for slice in slices {
            services += slice.services
            context.findings += slice.findings
        }

        return TopologyResolver.resolve(kind: .topology, signature: root.attribute("Signature"), defaultDomain: defaultDomain,
                                        domains: domains, sites: sites, clusters: clusters, instances: instances,
                                        services: services, findings: context.findings, location: root.location)
    }

    /// One `<Service>` of a published topology; nil (with a finding) when it has no `<ServiceId>`.
    static func decodeService(_ element: XMLElement, _ context: inout Context) -> Service? {
        // One pass over the service's children for the four the decoder reads (the first of each).
        var idElement: XMLElement?, installedOn: XMLElement?, dependsOn: XMLElement?, backupElement: XMLElement?
        for case .element(let child) in element.children where child.namespaceURI == NS.topology {
            switch child.localName {
            case "ServiceId": if idElement == nil { idElement = child }
            case "InstalledOn": if installedOn == nil { installedOn = child }
            case "DependsOn": if dependsOn == nil { dependsOn = child }
            case "Backup": if backupElement == nil { backupElement = child }
            default: break
            }
        }
        guard let idElement else {
            context.findings.append(.error("SCHEMA001", "<Service> has no <ServiceId>", at: element.location))
            return nil
        }
        let key = serviceKey(idElement, &context)
        var placement = Placement.none
        if let installed = installedOn {
            if let instance = installed.firstChild("SqlInstanceId", in: NS.topology) {
                let cluster = clusterKey(instance.firstChild("ClusterId", in: NS.topology), &context)
                placement = .sqlInstance(instanceKey(cluster: cluster, name: context.required(instance, "Name")))
            } else if let cluster = installed.firstChild("ClusterId", in: NS.topology) {
                placement = .cluster(clusterKey(cluster, &context))
            }
        }
        if case .none = placement {
            context.findings.append(.error("SCHEMA001", "service \(key) has no <InstalledOn>", at: element.location))
        }
        var dependencies: [Dependency] = []
        dependsOn?.forEachChild("Dependency", in: NS.topology) { dependency in
            guard let target = dependency.firstChild("ServiceId", in: NS.topology) else {
                context.findings.append(.error("SCHEMA001", "<Dependency> names no <ServiceId>", at: dependency.location))
                return
            }
            dependencies.append(Dependency(serviceID: serviceKey(target, &context).description,
                                           usageText: MirrorEncoding.usageText(dependency.attribute("Usage")),
                                           location: dependency.location))
        }
        var service = Service(id: key.description, key: key, roleName: key.roleName, siteID: key.siteID,
                              serviceVersion: element.attribute("ServiceVersion").flatMap { Int($0) },
                              roleVersion: element.attribute("RoleVersion"), typeName: element.attribute("Type"),
                              placement: placement, dependencies: dependencies, isActiveCentralManagement: nil,
                              isDirector: nil, shareName: nil, backupServiceID: nil, location: element.location)
        if let backup = backupElement?.firstChild("ServiceId", in: NS.topology) {
            service.backupServiceID = serviceKey(backup, &context).description
        }
        service.backupSettings = backupElement.map(PoolPairingDecoding.settings)   // pool pairing
        roleSettings(element, into: &service)
        return service
    }

    // MARK: Topology Builder PartialTopology

    static func decodeBuilder(_ partial: XMLElement) -> Topology {
        var context = Context()
        let (defaultDomain, domains) = domains(partial.firstChild("InternalDomains", in: NS.topology))
        var sites: [Site] = []
        var clusters: [Cluster] = []
        var instances: [SQLInstance] = []
        let siteElements = (partial.firstChild("CentralSites", in: NS.writableTopology)?.children("CentralSite", in: NS.writableTopology) ?? [])
        for (siteIndex, siteElement) in siteElements.enumerated() {
            let siteID = siteElement.attribute("SiteId") ?? siteElement.attribute("OriginalSiteId") ?? "new\(siteIndex + 1)"
            sites.append(site(siteElement, id: siteID))
            for element in siteElement.firstChild("Clusters", in: NS.writableTopology)?.children("Cluster", in: NS.writableTopology) ?? [] {
                let id = context.required(element, "UniqueId")
                let fqdn = context.required(element, "Fqdn")
                var publishedID: String?
                if let originalSite = element.attribute("OriginalSiteId"), let number = element.attribute("OriginalNumber") {
                    publishedID = originalSite + "-" + number
                }
                let machines = (element.firstChild("Machines", in: NS.writableTopology)?.children("Machine", in: NS.writableTopology) ?? [])
                    .enumerated().map { offset, machine -> Machine in
                        let own = machine.attribute("Fqdn")
                        return Machine(fqdn: own ?? fqdn, fqdnFromCluster: own == nil,
                                       ordinal: machine.attribute("OriginalOrdinalInCluster").flatMap { Int($0) } ?? offset + 1,
                                       faultDomain: machine.attribute("FaultDomain"), upgradeDomain: machine.attribute("UpgradeDomain"),
                                       location: machine.location)
                    }
                clusters.append(Cluster(id: id, publishedID: publishedID, siteID: siteID, number: element.attribute("OriginalNumber"),
                                        fqdn: fqdn, isSingleMachineOnly: bool(element.attribute("IsSingleMachineOnly")),
                                        requiresReplication: bool(element.attribute("RequiresReplication")),
                                        requiresSetup: bool(element.attribute("RequiresSetup")),
                                        machines: machines, kind: .other, location: element.location))
                for instance in element.firstChild("SqlInstances", in: NS.writableTopology)?.children("SqlInstance", in: NS.writableTopology) ?? [] {
                    let name = instance.attribute("Name") ?? ""
                    let (port, portText) = MirrorEncoding.writtenPort(instance)
                    instances.append(SQLInstance(id: context.required(instance, "UniqueId"),
                                                 publishedID: publishedID.map { instanceKey(cluster: $0, name: name) },
                                                 clusterID: id, sqlServer: "", name: name, mirroringPort: port, mirroringPortText: portText,
                                                 alwaysOnPrimary: instance.attribute("AlwaysOnPrimaryNodeFqdn"), location: instance.location))
                }
            }
        }
        let clusterIDs = Set(clusters.map(\.id))
        let instanceIDs = Set(instances.map(\.id))
        let siteOfCluster = Dictionary(clusters.map { ($0.id, $0.siteID) }, uniquingKeysWith: { a, _ in a })
        let clusterOfInstance = Dictionary(instances.map { ($0.id, $0.clusterID) }, uniquingKeysWith: { a, _ in a })

        var services: [Service] = []
        for element in partial.firstChild("Services", in: NS.writableTopology)?.children("Service", in: NS.writableTopology) ?? [] {
            let id = context.required(element, "UniqueId")
            let role = context.required(element, "RoleName")
            let installedOn = context.required(element, "InstalledOn")
            let placement: Placement
            if instanceIDs.contains(installedOn) {
                placement = .sqlInstance(installedOn)
            } else if clusterIDs.contains(installedOn) {
                placement = .cluster(installedOn)
            } else {
                placement = installedOn.isEmpty ? .none : .unresolved(installedOn)
            }
            var hostCluster: String?
            switch placement {
            case .cluster(let cluster): hostCluster = cluster
            case .sqlInstance(let instance): hostCluster = clusterOfInstance[instance]
            default: break
            }
            let siteID = element.attribute("OriginalSiteId") ?? hostCluster.flatMap { siteOfCluster[$0] } ?? ""
            var key: ServiceKey?
            if let originalSite = element.attribute("OriginalSiteId"), let instance = element.attribute("OriginalInstance") {
                key = ServiceKey(siteID: originalSite, roleName: role, instance: instance)
            }
            let dependencies = (element.firstChild("DependsOn", in: NS.writableTopology)?.children("Dependency", in: NS.writableTopology) ?? [])
                .map { dependency in
                    Dependency(serviceID: context.required(dependency, "ServiceUniqueId"),
                               usageText: MirrorEncoding.usageText(dependency.attribute("Usage")), location: dependency.location)
                }
            var service = Service(id: id, key: key, roleName: role, siteID: siteID,
                                  serviceVersion: element.attribute("ServiceVersion").flatMap { Int($0) },
                                  roleVersion: element.attribute("RoleVersion"), typeName: element.attribute("Type"),
                                  placement: placement, dependencies: dependencies, isActiveCentralManagement: nil,
                                  isDirector: nil, shareName: nil, backupServiceID: nil, location: element.location)
            if let backup = element.firstChild("Backup", in: NS.writableTopology) {
                service.backupServiceID = backup.attribute("ServiceUniqueId")
                service.backupSettings = PoolPairingDecoding.settings(backup)   // pool pairing
            }
            roleSettings(element, into: &service)
            services.append(service)
        }
        return TopologyResolver.resolve(kind: .tbxml, signature: partial.attribute("Signature"), defaultDomain: defaultDomain,
                                        domains: domains, sites: sites, clusters: clusters, instances: instances,
                                        services: services, findings: context.findings, location: partial.location)
    }
}

extension XMLElement {
    /// Calls `body` with each child element of this name, in order, without gathering them in an array.
    @inline(__always)
    func forEachChild(_ localName: String, in namespaceURI: String, _ body: (XMLElement) -> Void) {
        for case .element(let element) in children where element.isNamed(localName, in: namespaceURI) { body(element) }
    }
}
