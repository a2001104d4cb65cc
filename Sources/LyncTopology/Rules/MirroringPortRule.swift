/// MIRROR004: two SQL instances of one server never share a mirroring endpoint port, and a written port is a
/// valid TCP port. The port of each instance is the one `MirrorEncoding` decodes (`Topology.mirroringPort(of:)`).
struct MirroringPortRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "MIRROR004",
        title: "No mirroring port shared by two instances of one server",
        rationale: "Each instance's database mirroring endpoint listens on its own TCP port; two instances of one server "
            + "on the same port (as written, or the default \(MirrorEncoding.defaultPartnerPort) for partners and "
            + "\(MirrorEncoding.defaultWitnessPort) for witnesses) cannot both "
            + "start their endpoint and mirroring fails. A \(MirrorEncoding.mirroringPortAttribute) that is not a number from 1 to 65535 is "
            + "reported too.",
        source: "SQL Server database mirroring endpoints (one TCP port per instance; Topology Builder defaults \(MirrorEncoding.defaultPartnerPort) and \(MirrorEncoding.defaultWitnessPort)); domain.md §4, §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        let attribute = MirrorEncoding.mirroringPortAttribute
        var findings: [Finding] = []
        var firstOnServer: [String: Int] = [:]   // "clusterID|port" → first instance using it
        for (position, instance) in topology.sqlInstances.enumerated() {
            if let text = instance.mirroringPortText {
                findings.append(error("\(attribute) '\(text)' of \(context.describe(instance)) is not a port number", at: instance.location))
                continue
            }
            if let port = instance.mirroringPort, !(1...65535).contains(port) {
                findings.append(error("\(attribute) \(port) of \(context.describe(instance)) is not a TCP port (1–65535)", at: instance.location))
                continue
            }
            guard let port = topology.mirroringPort(of: instance), topology.index.clusterByID[instance.clusterID] != nil else { continue }
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
