/// FQDN001: every server name is a valid fully qualified domain name (cluster FQDNs, machine FQDNs, AlwaysOn
/// primary node FQDNs).
struct FQDNSyntaxRule: TopologyRule {
    public init() {}

    public let descriptor = RuleDescriptor(
        id: "FQDN001",
        title: "Server FQDNs are fully qualified LDH names",
        rationale: "A rebuilt server must come back with exactly the same FQDN; certificates, DNS and the topology key on it. "
            + "Single-label names, underscores and internationalized names are not supported by the product and break "
            + "certificates and SIP routing. A PSTN gateway defined by its IPv4 address is accepted. A single-label name on a server "
            + "that runs no Lync Server role and holds no SQL store (Office Web Apps, PSTN gateway, trusted application "
            + "server) is a warning: the product publishes such names.",
        source: "RFC 1035 §2.3.1 and RFC 1123 §2.1 (host-name syntax); Lync Server 2013 DNS planning (single-label domains and internationalized names unsupported); domain.md §7",
        defaultSeverity: .error)

    public func check(_ context: RuleContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for cluster in topology.clusters {
            if let problem = NameSyntax.fqdnProblem(cluster.fqdn), !context.hasReadingError(at: cluster.location),
               !(Self.isIPv4Address(cluster.fqdn) && Self.isAddressable(cluster, in: topology)) {
                let external = Self.isSingleLabel(cluster.fqdn) && Self.isExternal(cluster, in: topology)   // single label: a warning for external servers
                let message = "cluster FQDN '\(cluster.fqdn)' \(problem)"
                findings.append(external ? warning(message + Self.externalNote, at: cluster.location) : error(message, at: cluster.location))
            }
            for machine in cluster.machines where !machine.fqdnFromCluster && !CaseFolding.equal(machine.fqdn, cluster.fqdn) {
                if let problem = NameSyntax.fqdnProblem(machine.fqdn) {
                    let external = Self.isSingleLabel(machine.fqdn) && Self.isExternal(cluster, in: topology)
                    let message = "machine FQDN '\(machine.fqdn)' in \(cluster.fqdn) \(problem)"
                    findings.append(external ? warning(message + Self.externalNote, at: machine.location) : error(message, at: machine.location))
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

    /// Said of a single-label name on a server outside Lync Server: the product publishes it.
    static let externalNote = "; the server runs no Lync Server role and holds no SQL store (Office Web Apps, a gateway, a trusted application server…), and the product publishes such a name, so this is a warning"

    /// A name of one label that would be valid with a domain appended.
    static func isSingleLabel(_ name: String) -> Bool {
        !name.contains(".") && NameSyntax.fqdnProblem(name + ".example.com") == nil
    }

    /// True for a cluster that runs services (one at least), none of them a Lync Server role
    /// (`RoleCatalog.externalRoles`), and has no SQL instance.
    static func isExternal(_ cluster: Cluster, in topology: Topology) -> Bool {
        let hosted = topology.index.servicesByCluster[cluster.id] ?? []
        return !hosted.isEmpty && (topology.index.sqlInstancesByCluster[cluster.id] ?? []).isEmpty
            && hosted.allSatisfy { !RoleCatalog.isLyncServerRole(topology.services[$0].roleName) }
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
