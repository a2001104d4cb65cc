/// FQDN001: every server name is a valid fully qualified domain name (cluster FQDNs, machine FQDNs, AlwaysOn
/// primary node FQDNs).
public struct FQDNSyntaxRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "FQDN001",
        title: "Server FQDNs are fully qualified LDH names",
        rationale: "A rebuilt server must come back with exactly the same FQDN; certificates, DNS and the topology key on it. "
            + "Single-label names, underscores and internationalized names are not supported by the product and break "
            + "certificates and SIP routing. A PSTN gateway defined by its IPv4 address is accepted.",
        source: "RFC 1035 §2.3.1 and RFC 1123 §2.1 (host-name syntax); Lync Server 2013 DNS planning (single-label domains and internationalized names unsupported); domain.md §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for cluster in topology.clusters {
            if let problem = NameSyntax.fqdnProblem(cluster.fqdn), !context.hasReadingError(at: cluster.location),
               !(Self.isIPv4Address(cluster.fqdn) && Self.isAddressable(cluster, in: topology)) {
                findings.append(error("cluster FQDN '\(cluster.fqdn)' \(problem)", at: cluster.location))
            }
            for machine in cluster.machines where !machine.fqdnFromCluster && !CaseFolding.equal(machine.fqdn, cluster.fqdn) {
                if let problem = NameSyntax.fqdnProblem(machine.fqdn) {
                    findings.append(error("machine FQDN '\(machine.fqdn)' in \(cluster.fqdn) \(problem)", at: machine.location))
                }
            }
        }
        for instance in topology.sqlInstances {
            if let primary = instance.alwaysOnPrimary, let problem = NameSyntax.fqdnProblem(primary) {
                findings.append(error("AlwaysOn primary node FQDN '\(primary)' of \(context.describe(instance)) \(problem)",
                                      at: instance.location))
            }
        }
        return findings
    }

    /// True when every service of the cluster (one at least) is a device Topology Builder lets you define by address.
    static func isAddressable(_ cluster: Cluster, in topology: Topology) -> Bool {
        let hosted = topology.index.servicesByCluster[cluster.id] ?? []
        return !hosted.isEmpty && hosted.allSatisfy { addressableRoles.contains(CaseFolding.lowercased(topology.services[$0].roleName)) }
    }

    /// Roles of devices Topology Builder lets you define by IP address instead of FQDN.
    static let addressableRoles: Set<String> = ["pstngateway", "trunkconfiguration"]

    static func isIPv4Address(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber } && (Int(part) ?? 256) <= 255
        }
    }
}
