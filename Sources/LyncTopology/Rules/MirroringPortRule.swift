/// MIRROR004: two SQL instances of one server never share a mirroring endpoint port, and a written port is a
/// valid TCP port.
public struct MirroringPortRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "MIRROR004",
        title: "No mirroring port shared by two instances of one server",
        rationale: "Each instance's database mirroring endpoint listens on its own TCP port; two instances of one server "
            + "on the same port (as written, or the default 5022 for partners and 7022 for witnesses) cannot both "
            + "start their endpoint and mirroring fails. A MirroringPort that is not a number from 1 to 65535 is "
            + "reported too.",
        source: "SQL Server database mirroring endpoints (one TCP port per instance; Topology Builder defaults 5022 and 7022); domain.md §4, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var partners = Set<String>()
        var witnesses = Set<String>()
        for mirror in context.mirrors {
            if let instance = mirror.primaryInstance { partners.insert(instance.id) }
            if let instance = mirror.mirrorInstance { partners.insert(instance.id) }
        }
        for witness in context.witnesses {
            if let instance = witness.witnessInstance { witnesses.insert(instance.id) }
        }
        var findings: [Finding] = []
        var firstOnServer: [String: Int] = [:]   // "clusterID|port" → first instance using it
        for (position, instance) in topology.sqlInstances.enumerated() {
            if let text = instance.mirroringPortText {
                findings.append(error("MirroringPort '\(text)' of \(context.describe(instance)) is not a port number", at: instance.location))
                continue
            }
            if let port = instance.mirroringPort, !(1...65535).contains(port) {
                findings.append(error("MirroringPort \(port) of \(context.describe(instance)) is not a TCP port (1–65535)", at: instance.location))
                continue
            }
            // References resolve to the first declaration of an instance; a repeated one (SQL002) takes no part.
            let isReferenced = topology.index.sqlInstanceByID[instance.id].map { topology.sqlInstances[$0].location } == instance.location
            let port = instance.mirroringPort
                ?? (!isReferenced ? nil : partners.contains(instance.id) ? MirrorEncoding.defaultPartnerPort
                    : witnesses.contains(instance.id) ? MirrorEncoding.defaultWitnessPort : nil)
            guard let port, topology.index.clusterByID[instance.clusterID] != nil else { continue }
            let key = instance.clusterID + "|" + String(port)
            if let firstPosition = firstOnServer[key] {
                let first = topology.sqlInstances[firstPosition]
                let written = instance.mirroringPort == nil ? " (the default)" : ""
                findings.append(error("\(context.describe(instance)) uses mirroring port \(port)\(written), already used by \(context.describe(first)) at line \(first.location.line) on the same server",
                                      at: instance.location))
            } else {
                firstOnServer[key] = position
            }
        }
        return findings
    }
}
