import Foundation
import LyncTopology
import LyncTopologyTesting
import Testing

/// The mirroring port of an instance that is a witness for one store and a partner for another: one instance
/// has one endpoint, so show, validate, diagram and the edits give one port for it.
@Suite("one mirroring port per SQL instance")
struct MirroringPortAgreementTests {
    static let name = "mirror-port-witness-and-partner.xml"

    /// The fixture, with sql03\other's `MirroringPort` as given (nil: that instance removed), and optionally a
    /// port written on sql03\shared.
    static func document(other: Int?, shared: Int? = nil) throws -> TopologyDocument {
        var text = String(decoding: try fixture(name), as: UTF8.self)
        let otherInstance = """
                <SqlInstance MirroringPort="5022">
                  <SqlInstanceId Name="other">
                    <ClusterId SiteId="1" Number="4" />
                  </SqlInstanceId>
                </SqlInstance>

            """
        #expect(text.contains(otherInstance))
        if let other {
            text = text.replacingOccurrences(of: otherInstance, with: otherInstance.replacingOccurrences(of: "5022", with: String(other)))
        } else {
            text = text.replacingOccurrences(of: otherInstance, with: "")
        }
        if let shared {
            text = text.replacingOccurrences(of: "<SqlInstance>\n      <SqlInstanceId Name=\"shared\">",
                                             with: "<SqlInstance MirroringPort=\"\(shared)\">\n      <SqlInstanceId Name=\"shared\">")
        }
        return try TopologyDocument(bytes: Array(text.utf8), path: name)
    }

    static func instance(_ document: TopologyDocument, _ name: String) throws -> SQLInstance {
        try #require(document.topology.sqlInstances.first { $0.sqlServer == "sql03.contoso.com" && $0.name == name })
    }

    static func line(of name: String, in document: TopologyDocument) throws -> Int {
        try instance(document, name).location.line
    }

    @Test("show (text and JSON), the stores' mirror and witness, the diagram and the model say 5022 for sql03\\shared")
    func showAgrees() throws {
        let document = try Self.document(other: 5022)
        let shared = try Self.instance(document, "shared")
        #expect(shared.mirroringPort == nil)
        #expect(document.topology.mirroringPort(of: shared) == 5022)
        #expect(document.topology.mirroringRoles(of: shared) == [.partner, .witness])

        let text = ShowRendering.text(document)
        #expect(text.contains("SQL instance shared, mirroring port 5022\n"))
        #expect(!text.contains("7022"))
        #expect(text.contains("      witness: sql03.contoso.com\\shared (port 5022)\n"))
        #expect(text.contains("      mirror:  sql03.contoso.com\\shared (port 5022)\n"))

        guard case .array(let instances)? = ShowRendering.json(document)["sqlInstances"] else {
            Issue.record("no sqlInstances"); return
        }
        let ports = instances.map { "\($0["sqlServer"].map { $0 } ?? .null)|\($0["instance"] ?? .null)|\($0["mirroringPort"] ?? .null)" }
        let expected: [(String, String, JSONValue)] = [("sql01.contoso.com", "rtc", .int(5022)), ("sql02.contoso.com", "rtc", .int(5022)),
                                                       ("sql03.contoso.com", "shared", .int(5022)), ("sql03.contoso.com", "other", .int(5022)),
                                                       ("sql04.contoso.com", "rtc", .int(5022))]
        #expect(ports == expected.map { "\(JSONValue.string($0.0))|\(JSONValue.string($0.1))|\($0.2)" })

        let stores = document.topology.stores
        #expect(stores.first { $0.sqlServer == "sql01.contoso.com" }?.witness?.mirroringPort == 5022)
        #expect(stores.first { $0.sqlServer == "sql04.contoso.com" }?.mirror?.mirroringPort == 5022)

        let dot = DiagramRendering.dot(document)
        #expect(dot.contains("instance shared\\nmirroring port 5022") || dot.contains("instance shared\nmirroring port 5022")
                    || dot.contains("mirroring port 5022"))
        #expect(!dot.contains("mirroring port 7022"))
    }

    @Test("reading reports the conflicting defaults once (MIRROR009), at sql03\\shared")
    func conflictReportedOnce() throws {
        let document = try Self.document(other: 5023)
        let conflict = document.topology.findings.filter { $0.rule == MirrorEncoding.portConflictRule }
        #expect(conflict.count == 1)
        #expect(conflict.first?.severity == .warning)
        #expect(conflict.first?.location?.line == (try Self.line(of: "shared", in: document)))
        #expect(conflict.first?.message == "sql03.contoso.com\\shared is a witness and a mirroring partner with no MirroringPort written: taken as 5022; write MirroringPort")
        #expect(findings(document, rule: MirrorEncoding.portConflictRule).count == 1, "validate says it once too")
        #expect(ShowRendering.text(document).components(separatedBy: "[MIRROR009]").count == 2)
    }

    @Test("a written port settles it: no MIRROR009, and every output says the written port")
    func writtenPortWins() throws {
        let document = try Self.document(other: 5022, shared: 7022)
        #expect(document.topology.findings.allSatisfy { $0.rule != MirrorEncoding.portConflictRule })
        #expect(try mirroringPort(document, of: "sql03.contoso.com\\shared") == 7022)
        #expect(ShowRendering.text(document).contains("SQL instance shared, mirroring port 7022\n"))
        #expect(findings(document, rule: "MIRROR004").isEmpty, "7022 and 5022 do not collide")
    }

    @Test("MIRROR004 exactly when sql03\\other's port is sql03\\shared's", arguments: [5022, 5023, 7022, 5024])
    func conflictExactlyOnCollision(port: Int) throws {
        let document = try Self.document(other: port)
        let found = findings(document, rule: "MIRROR004")
        if port == 5022 {
            #expect(found.count == 1)
            #expect(found.first?.location?.line == (try Self.line(of: "other", in: document)))
            #expect(found.first?.message.contains("sql03.contoso.com\\other uses mirroring port 5022, already used by sql03.contoso.com\\shared") == true)
        } else {
            #expect(found.isEmpty, "\(found)")
        }
    }

    @Test("the edit API refuses sql03\\other on 5022 and accepts it on 5023 or 7022; validate agrees with each answer",
          arguments: [5022, 5023, 7022])
    func editAgrees(port: Int) throws {
        var document = try Self.document(other: nil)
        let outcome = Result { () throws(TopologyEditError) in
            try document.addSQLInstance("other", on: "sql03.contoso.com", mirroringPort: port)
        }
        switch outcome {
        case .success:
            #expect(port != 5022, "5022 is sql03\\shared's port")
            let written = try reread(document)
            #expect(try mirroringPort(written, of: "SQL03.contoso.com\\Other") == port)
            #expect(findings(written, rule: "MIRROR004").isEmpty)
        case .failure(let error):
            #expect(port == 5022)
            #expect(error == .mirroringPortInUse(port: 5022, instance: SQLInstanceRef(sqlServer: "sql03.contoso.com", instance: "other"),
                                                  by: SQLInstanceRef(sqlServer: "sql03.contoso.com", instance: "shared")))
            // What the edit refused is what validate reports when the same instance is written by hand.
            #expect(findings(try Self.document(other: 5022), rule: "MIRROR004").count == 1)
        }
    }

    @Test("diff shows sql03\\other's port change and no change for sql03\\shared")
    func diffAgrees() throws {
        let changes = TopologyDiff.compare(old: try Self.document(other: 5022).topology, new: try Self.document(other: 5023).topology)
        let ports = changes.filter { $0.field == "mirroringPort" }
        #expect(ports.map(\.id) == ["sql03.contoso.com\\other"])
    }
}

/// Reading the reference encoding: every declared relation, malformed ones included.
@Suite("MirrorEncoding: reading")
struct MirrorEncodingDecodeTests {
    /// A pool01 consumer with the given dependencies, stores on sql01\rtc (UserStore, ArchivingStore),
    /// sql02\rtc (UserStore 2, ArchivingStore 2), a witness store on sql03\w, and a Registrar on pool01.
    static func document(_ dependencies: [(usage: String, role: String, instance: Int)], extraServices: String = "") throws -> TopologyDocument {
        func service(_ role: String, _ instance: Int, _ name: String, _ cluster: Int) -> String {
            """
                <Service RoleVersion="1" ServiceVersion="7">
                  <ServiceId SiteId="1" RoleName="\(role)" Instance="\(instance)" />
                  <InstalledOn>
                    <SqlInstanceId Name="\(name)">
                      <ClusterId SiteId="1" Number="\(cluster)" />
                    </SqlInstanceId>
                  </InstalledOn>
                </Service>

            """
        }
        let depends = dependencies.map { dependency in
            """
                    <Dependency Usage="\(dependency.usage)">
                      <ServiceId SiteId="1" RoleName="\(dependency.role)" Instance="\(dependency.instance)" />
                    </Dependency>

            """
        }.joined()
        let text = """
            <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
              <Sites><CentralSite SiteId="1"><Name>Paris</Name></CentralSite></Sites>
              <Clusters>
                <Cluster Fqdn="pool01.contoso.com"><ClusterId SiteId="1" Number="1" /><Machine OrdinalInCluster="1" Fqdn="fe01.contoso.com" /></Cluster>
                <Cluster Fqdn="sql01.contoso.com"><ClusterId SiteId="1" Number="2" /><Machine OrdinalInCluster="1" /></Cluster>
                <Cluster Fqdn="sql02.contoso.com"><ClusterId SiteId="1" Number="3" /><Machine OrdinalInCluster="1" /></Cluster>
                <Cluster Fqdn="sql03.contoso.com"><ClusterId SiteId="1" Number="4" /><Machine OrdinalInCluster="1" /></Cluster>
              </Clusters>
              <SqlInstances>
                <SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="2" /></SqlInstanceId></SqlInstance>
                <SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="3" /></SqlInstanceId></SqlInstance>
                <SqlInstance><SqlInstanceId Name="w"><ClusterId SiteId="1" Number="4" /></SqlInstanceId></SqlInstance>
              </SqlInstances>
              <Services>
                <Service RoleVersion="1" ServiceVersion="7">
                  <ServiceId SiteId="1" RoleName="UserServices" Instance="1" />
                  <DependsOn>
            \(depends)      </DependsOn>
                  <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn>
                </Service>
                <Service RoleVersion="1" ServiceVersion="7">
                  <ServiceId SiteId="1" RoleName="Registrar" Instance="1" />
                  <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn>
                </Service>
            \(service("UserStore", 1, "rtc", 2))\(service("ArchivingStore", 1, "rtc", 2))\(service("UserStore", 2, "rtc", 3))\(service("ArchivingStore", 2, "rtc", 3))\(service("WitnessStore", 1, "w", 4))\(extraServices)  </Services>
            </Topology>
            """
        return try TopologyDocument(bytes: Array(text.utf8), path: "relations.xml")
    }

    static func instance(_ topology: Topology, _ server: String) throws -> SQLInstance {
        try #require(topology.sqlInstances.first { $0.sqlServer == server })
    }

    @Test("a well-formed mirror and witness: declared, resolved on the store, roles and default ports per instance")
    func wellFormed() throws {
        let topology = try Self.document([("Default", "UserStore", 1), ("Mirror", "UserStore", 2), ("Witness", "WitnessStore", 1)]).topology
        let relations = topology.mirroring
        #expect(relations.mirrors.count == 1)
        #expect(relations.mirrors.first?.primary?.id == "1-UserStore-1")
        #expect(relations.mirrors.first?.mirrorInstance?.sqlServer == "sql02.contoso.com")
        #expect(relations.witnesses.map(\.witness.id) == ["1-WitnessStore-1"])
        #expect(relations.mirrorsByConsumer == ["1-UserServices-1": [0]])
        #expect(relations.witnessesByConsumer == ["1-UserServices-1": [0]])
        #expect(relations.unresolved.isEmpty)
        let store = try #require(topology.stores.first)
        #expect(topology.stores.map(\.serviceID) == ["1-UserStore-1", "1-ArchivingStore-1", "1-ArchivingStore-2"], "the mirror copy and the witness are inside the primary")
        #expect(store.mirror?.serviceID == "1-UserStore-2")
        #expect(store.witness?.serviceID == "1-WitnessStore-1")
        #expect(store.mirror?.mirroringPort == 5022 && store.witness?.mirroringPort == 7022)
        #expect(topology.mirroringRoles(of: try Self.instance(topology, "sql01.contoso.com")) == .partner)
        #expect(topology.mirroringRoles(of: try Self.instance(topology, "sql02.contoso.com")) == .partner)
        #expect(topology.mirroringRoles(of: try Self.instance(topology, "sql03.contoso.com")) == .witness)
        #expect(topology.sqlInstances.map { topology.mirroringPort(of: $0) } == [5022, 5022, 7022])
        #expect(relations.storesMirroredOnInstance.keys.sorted() == ["1-3\\rtc"])
        #expect(relations.witnessInstanceIDs == ["1-4\\w"])
    }

    @Test("usages compare case-insensitively; an absent Usage is the default")
    func usageCase() throws {
        #expect(MirrorEncoding.usage("mIrRoR") == .mirror)
        #expect(MirrorEncoding.usage("WITNESS") == .witness)
        #expect(MirrorEncoding.usage("default") == .default)
        #expect(MirrorEncoding.usage("Backup") == .unrecognized("Backup"))
        let topology = try Self.document([("default", "UserStore", 1), ("MIRROR", "UserStore", 2)]).topology
        #expect(topology.stores.first?.mirror?.serviceID == "1-UserStore-2")
    }

    @Test("a mirror of another role: declared without a primary, not resolved, its instance still a partner")
    func mirrorOfAnotherRole() throws {
        let topology = try Self.document([("Default", "UserStore", 1), ("Mirror", "ArchivingStore", 2)]).topology
        #expect(topology.mirroring.mirrors.count == 1)
        #expect(topology.mirroring.mirrors.first?.primary == nil)
        #expect(topology.stores.first { $0.role == "UserStore" }?.mirror == nil)
        #expect(topology.mirroringRoles(of: try Self.instance(topology, "sql02.contoso.com")) == .partner)
        #expect(findings(try Self.document([("Default", "UserStore", 1), ("Mirror", "ArchivingStore", 2)]), rule: "MIRROR003").count == 1)
    }

    @Test("a mirror naming a non-store, the witness store or a missing id is kept for the rules")
    func malformedTargets() throws {
        let nonStore = try Self.document([("Default", "UserStore", 1), ("Mirror", "Registrar", 1)]).topology
        #expect(nonStore.mirroring.mirrors.first?.mirror.id == "1-Registrar-1")
        #expect(nonStore.mirroring.mirrors.first?.mirrorInstance == nil)
        #expect(nonStore.stores.first { $0.role == "UserStore" }?.mirror == nil)

        let witnessAsMirror = try Self.document([("Default", "UserStore", 1), ("Mirror", "WitnessStore", 1)])
        #expect(witnessAsMirror.topology.mirroring.mirrors.first.map { witnessAsMirror.topology.mirroring.isWitnessStore($0.mirror) } == true)
        #expect(findings(witnessAsMirror, rule: "MIRROR003").first?.message.contains("names the witness store") == true)

        let missing = try Self.document([("Default", "UserStore", 1), ("Mirror", "UserStore", 9), ("Witness", "WitnessStore", 9)]).topology
        #expect(missing.mirroring.mirrors.isEmpty && missing.mirroring.witnesses.isEmpty)
        #expect(missing.mirroring.unresolved.map(\.dependency.serviceID) == ["1-UserStore-9", "1-WitnessStore-9"])
        #expect(missing.stores.first { $0.role == "UserStore" }?.mirror == nil)
    }

    @Test("a witness without a mirror: declared, resolved on the store, reported by MIRROR007")
    func witnessWithoutMirror() throws {
        let document = try Self.document([("Default", "UserStore", 1), ("Witness", "WitnessStore", 1)])
        #expect(document.topology.mirroring.witnesses.count == 1)
        #expect(document.topology.mirroring.mirrorsByConsumer.isEmpty)
        #expect(document.topology.stores.first?.witness?.mirroringPort == 7022)
        #expect(findings(document, rule: "MIRROR007").count == 1)
    }

    @Test("an instance id declared twice: the first declaration plays the roles, the repeated one keeps its written port only")
    func repeatedInstance() throws {
        var text = String(decoding: try Self.document([("Default", "UserStore", 1), ("Mirror", "UserStore", 2)]).serialized(), as: UTF8.self)
        let second = #"<SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="3" /></SqlInstanceId></SqlInstance>"#
        text = text.replacingOccurrences(of: second, with: second + "\n    " + second)
        let topology = try TopologyDocument(bytes: Array(text.utf8), path: "repeated.xml").topology
        let copies = topology.sqlInstances.filter { $0.sqlServer == "sql02.contoso.com" }
        #expect(copies.count == 2)
        #expect(copies.map { topology.mirroringPort(of: $0) } == [5022, nil])
        #expect(copies.map { topology.mirroringRoles(of: $0) } == [.partner, []])
    }

    @Test("an unparsable MirroringPort: MIRROR004 reports it, the default of the instance's role applies elsewhere")
    func unparsablePort() throws {
        var text = String(decoding: try Self.document([("Default", "UserStore", 1), ("Mirror", "UserStore", 2)]).serialized(), as: UTF8.self)
        text = text.replacingOccurrences(of: #"<SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="3" />"#,
                                         with: #"<SqlInstance MirroringPort="fivethousand"><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="3" />"#)
        let document = try TopologyDocument(bytes: Array(text.utf8), path: "text-port.xml")
        let mirror = try Self.instance(document.topology, "sql02.contoso.com")
        #expect(mirror.mirroringPortText == "fivethousand")
        #expect(document.topology.mirroringPort(of: mirror) == 5022)
        #expect(findings(document, rule: "MIRROR004").first?.message == "MirroringPort 'fivethousand' of sql02.contoso.com\\rtc is not a port number")
    }

    @Test("the default of each role set")
    func defaults() {
        #expect(MirrorEncoding.defaultPort(for: []) == nil)
        #expect(MirrorEncoding.defaultPort(for: .partner) == 5022)
        #expect(MirrorEncoding.defaultPort(for: .witness) == 7022)
        #expect(MirrorEncoding.defaultPort(for: [.partner, .witness]) == 5022)
    }
}

/// Writing the reference encoding through the edits.
@Suite("MirrorEncoding: writing")
struct MirrorEncodingEncodeTests {
    static func unmirrored() throws -> TopologyDocument {
        try buildTopology {
            CentralSite("Paris")
            SQLServer("sql01.contoso.com", instance: "rtc")
            SQLServer("sql02.contoso.com", instance: "rtc")
            SQLServer("sql03.contoso.com", instances: ["w", "b"])
            SQLServer("sql04.contoso.com", instance: "rtc")
            EnterprisePool("pool01.contoso.com", frontEnds: ["fe01.contoso.com", "fe02.contoso.com"], backEnd: "sql01.contoso.com\\rtc")
            EnterprisePool("pool02.contoso.com", frontEnds: ["fe03.contoso.com", "fe04.contoso.com"], backEnd: "sql04.contoso.com\\rtc")
        }
    }

    static func text(_ document: TopologyDocument) -> String { String(decoding: document.serialized(), as: UTF8.self) }

    @Test("enabling a mirror with a witness writes the mirror copy, the Mirror and Witness dependencies and the ports; disabling removes them")
    func enableAndDisable() throws {
        var document = try Self.unmirrored()
        let before = Self.text(document)
        let primary = SQLInstanceRef(displayName: "sql01.contoso.com\\rtc")
        try document.enableMirroring("UserStore", on: primary, mirror: SQLInstanceRef(displayName: "sql02.contoso.com\\rtc"),
                                     witness: SQLInstanceRef(displayName: "sql03.contoso.com\\w"))
        let written = try reread(document)
        let text = Self.text(written)
        #expect(text.contains(#"Usage="Mirror""#) && text.contains(#"Usage="Witness""#))
        #expect(text.contains(#"RoleName="WitnessStore""#))
        #expect(text.components(separatedBy: #"MirroringPort="5022""#).count == 3, "primary and mirror")
        #expect(text.components(separatedBy: #"MirroringPort="7022""#).count == 2, "the witness")
        let store = try #require(written.topology.stores.first { $0.role == "UserStore" && $0.sqlServer == "sql01.contoso.com" })
        #expect(store.mirror?.sqlServer == "sql02.contoso.com" && store.witness?.sqlServer == "sql03.contoso.com")
        #expect(written.topology.mirroring.mirrors.count == 1 && written.topology.mirroring.witnesses.count == 1)

        try document.disableMirroring("UserStore", on: primary)
        let after = Self.text(try reread(document))
        #expect(!after.contains("MirroringPort") && !after.contains(#"Usage="Mirror""#) && !after.contains("WitnessStore"))
        #expect(after == before)
    }

    @Test("a witness on an instance that already is a partner keeps the instance's one port (no conflicting default written)")
    func witnessOnPartnerKeepsPort() throws {
        var document = try Self.unmirrored()
        try document.enableMirroring("UserStore", on: SQLInstanceRef(displayName: "sql04.contoso.com\\rtc"),
                                     mirror: SQLInstanceRef(displayName: "sql03.contoso.com\\b"))
        try document.enableMirroring("UserStore", on: SQLInstanceRef(displayName: "sql01.contoso.com\\rtc"),
                                     mirror: SQLInstanceRef(displayName: "sql02.contoso.com\\rtc"),
                                     witness: SQLInstanceRef(displayName: "sql03.contoso.com\\b"))
        let written = try reread(document)
        let shared = try #require(written.topology.sqlInstances.first { $0.sqlServer == "sql03.contoso.com" && $0.name == "b" })
        #expect(shared.mirroringPort == 5022)
        #expect(written.topology.mirroringRoles(of: shared) == [.partner, .witness])
        #expect(written.topology.findings.allSatisfy { $0.rule != MirrorEncoding.portConflictRule }, "the port is written")
        #expect(findings(written, rule: "MIRROR004").isEmpty)
    }

    @Test("a partner on an instance that already is a witness keeps the witness's port")
    func partnerOnWitnessKeepsPort() throws {
        var document = try Self.unmirrored()
        try document.enableMirroring("UserStore", on: SQLInstanceRef(displayName: "sql01.contoso.com\\rtc"),
                                     mirror: SQLInstanceRef(displayName: "sql02.contoso.com\\rtc"),
                                     witness: SQLInstanceRef(displayName: "sql03.contoso.com\\b"))
        try document.enableMirroring("UserStore", on: SQLInstanceRef(displayName: "sql04.contoso.com\\rtc"),
                                     mirror: SQLInstanceRef(displayName: "sql03.contoso.com\\b"))
        let written = try reread(document)
        let shared = try #require(written.topology.sqlInstances.first { $0.sqlServer == "sql03.contoso.com" && $0.name == "b" })
        #expect(shared.mirroringPort == 7022)
        #expect(written.topology.stores.first { $0.sqlServer == "sql04.contoso.com" }?.mirror?.mirroringPort == 7022)
    }

    @Test("setMirroringPort settles an instance that is witness and partner: MIRROR009 and the clash go; a taken port is refused")
    func setPort() throws {
        var document = try MirroringPortAgreementTests.document(other: 5022)
        let shared = SQLInstanceRef(displayName: "sql03.contoso.com\\shared")
        #expect(throws: TopologyEditError.mirroringPortInUse(port: 5022, instance: shared,
                                                             by: SQLInstanceRef(displayName: "sql03.contoso.com\\other"))) {
            try document.setMirroringPort(5022, on: shared)
        }
        #expect(throws: TopologyEditError.invalidPort(70000)) { try document.setMirroringPort(70000, on: shared) }
        try document.setMirroringPort(7022, on: shared)
        let written = try reread(document)
        #expect(Self.text(written).contains("<SqlInstance MirroringPort=\"7022\">\n      <SqlInstanceId Name=\"shared\">"))
        #expect(try mirroringPort(written, of: "sql03.contoso.com\\shared") == 7022)
        #expect(written.topology.findings.allSatisfy { $0.rule != MirrorEncoding.portConflictRule })
        #expect(findings(written, rule: "MIRROR004").isEmpty)
        try document.setMirroringPort(nil, on: shared)
        #expect(try mirroringPort(try reread(document), of: "sql03.contoso.com\\shared") == 5022)
        #expect(findings(document, rule: "MIRROR004").count == 1, "back to the default: it clashes with sql03\\other again")
    }

    @Test("a port already used on the server is refused for a new partner")
    func portInUse() throws {
        var document = try Self.unmirrored()
        try document.enableMirroring("UserStore", on: SQLInstanceRef(displayName: "sql04.contoso.com\\rtc"),
                                     mirror: SQLInstanceRef(displayName: "sql03.contoso.com\\b"))
        #expect(throws: TopologyEditError.mirroringPortInUse(port: 5022, instance: SQLInstanceRef(sqlServer: "sql03.contoso.com", instance: "w"),
                                                             by: SQLInstanceRef(sqlServer: "sql03.contoso.com", instance: "b"))) {
            try document.enableMirroring("UserStore", on: SQLInstanceRef(displayName: "sql01.contoso.com\\rtc"),
                                         mirror: SQLInstanceRef(displayName: "sql03.contoso.com\\w"))
        }
    }
}
