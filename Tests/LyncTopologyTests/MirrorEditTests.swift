import Testing
import LyncTopology
import LyncTopologyTesting

@Suite("Editing: SQL store mirroring")
struct MirrorEditTests {
    @Test("disabling the back-end mirror removes mirrors, witness and ports; enabling it again gives back the same bytes")
    func disableThenEnable() throws {
        let original = try sample("enterprise-mirrored.xml")
        var document = original
        try document.disableBackEndMirroring(pool: "pool01.contoso.com")

        let unmirrored = try reread(document)
        #expect(unmirrored.topology.stores.map(\.role) == ["UserStore", "ApplicationStore", "CentralMgmtStore"])
        #expect(unmirrored.topology.stores.allSatisfy { $0.mirror == nil && $0.witness == nil })
        #expect(!unmirrored.topology.services.contains { $0.roleName == MirrorEncoding.witnessRole })
        #expect(!unmirrored.topology.services.contains { $0.key?.instance == "2" && $0.isStore })
        #expect(unmirrored.topology.sqlInstances.allSatisfy { $0.mirroringPort == nil })
        #expect(addedLines(original, document).filter { !$0.contains("<SqlInstance>") }.isEmpty)
        try expectNoErrors(unmirrored)
        #expect(PublishSimulator.simulate(unmirrored).createMirrorDatabases.isEmpty)

        try document.enableBackEndMirroring(pool: "pool01.contoso.com", mirror: sqlRef("sql02.contoso.com\\rtc"),
                                            witness: sqlRef("sql03.contoso.com\\witness"))
        #expect(document.serialized() == original.serialized())
    }

    @Test("enabling a mirror with a witness writes the reference encoding with the default ports")
    func enableArchivingMirror() throws {
        var document = try sample("two-sites-archiving-monitoring.xml")
        try document.addSQLServer("sqlam2.contoso.com", site: "1", instance: "archmon")
        try document.addSQLServer("sqlwit.contoso.com", site: "1", instance: "witness")
        let before = document
        try document.enableMirroring("ArchivingStore", on: sqlRef("sqlam.contoso.com\\archmon"), mirror: sqlRef("sqlam2.contoso.com\\archmon"),
                                     witness: sqlRef("sqlwit.contoso.com\\witness"))
        let written = try reread(document)
        let archiving = try store(written, role: "ArchivingStore", on: "sqlam.contoso.com")
        let mirror = try #require(archiving.mirror)
        let witness = try #require(archiving.witness)
        #expect(mirror.sqlServer == "sqlam2.contoso.com" && mirror.instance == "archmon" && mirror.mirroringPort == 5022)
        #expect(witness.sqlServer == "sqlwit.contoso.com" && witness.instance == "witness" && witness.mirroringPort == 7022)
        #expect(try store(written, role: "MonitoringStore", on: "sqlam.contoso.com").mirror == nil)
        #expect(written.topology.stores.count == before.topology.stores.count, "the mirror is not a store of its own")

        // Both Registrars use the store: each gets the Mirror dependency right after its Default one, then the witness.
        for registrar in ["1-Registrar-1", "2-Registrar-1"] {
            let usages = try #require(written.topology.service(registrar)).dependencies.map { "\($0.usageText) \($0.serviceID)" }
            let index = try #require(usages.firstIndex(of: "Default 1-ArchivingStore-1"))
            #expect(usages[index + 1] == "Mirror 1-ArchivingStore-2")
            #expect(usages[index + 2] == "Witness 1-WitnessStore-1")
        }
        let added = addedLines(before, document)
        #expect(added.contains("    <SqlInstance MirroringPort=\"5022\">"))
        #expect(added.contains("    <SqlInstance MirroringPort=\"7022\">"))
        #expect(added.contains("        <Dependency Usage=\"Mirror\">"))
        try expectNoErrors(written)
    }

    @Test("in a .tbxml a mirror is a GUID store service and Usage=\"Mirror\" dependency; the OriginalTopology stays")
    func builderFileMirror() throws {
        let original = try sample("pool-edit.tbxml")
        var document = original
        document.uniqueIDs = .sequential()
        try document.disableMirroring("UserStore", on: sqlRef("sql01.fabrikam.com"))
        #expect(try store(document, role: "UserStore", on: "sql01.fabrikam.com").mirror == nil)
        #expect(try store(document, role: "ApplicationStore", on: "sql01.fabrikam.com").mirror?.sqlServer == "sql02.fabrikam.com")
        #expect(document.topology.instanceNamed("sql02.fabrikam.com")?.mirroringPort == 5022, "sql02 still mirrors the ApplicationStore")

        try document.addSQLServer("sql03.fabrikam.com", site: "1", instance: "witness")
        try document.enableMirroring("UserStore", on: sqlRef("sql01.fabrikam.com"), mirror: sqlRef("sql02.fabrikam.com"),
                                     witness: sqlRef("sql03.fabrikam.com\\witness"))
        let written = try reread(document)
        let user = try store(written, role: "UserStore", on: "sql01.fabrikam.com")
        #expect(user.mirror?.serviceID == "00000000-0000-4000-8000-000000000003")
        #expect(user.witness?.serviceID == "00000000-0000-4000-8000-000000000004")
        #expect(user.witness?.mirroringPort == 7022)
        #expect(written.original == original.original)
        #expect(documentLines(written).contains(
            "            <Dependency ServiceUniqueId=\"00000000-0000-4000-8000-000000000003\" Usage=\"Mirror\" />"))
        try expectNoErrors(written)
    }

    @Test("explicit ports are written on the partners and the witness")
    func explicitPorts() throws {
        var document = try sample("enterprise-mirrored.xml")
        try document.disableBackEndMirroring(pool: "pool01.contoso.com")
        try document.enableMirroring("UserStore", on: sqlRef("sql01.contoso.com\\rtc"), mirror: sqlRef("sql02.contoso.com\\rtc"),
                                     witness: sqlRef("sql03.contoso.com\\witness"), mirroringPort: 5030, witnessPort: 7030)
        let user = try store(try reread(document), role: "UserStore", on: "sql01.contoso.com")
        #expect(user.mirror?.mirroringPort == 5030 && user.witness?.mirroringPort == 7030)
        #expect(document.topology.instanceNamed("sql01.contoso.com\\rtc")?.mirroringPort == 5030)
    }

    @Test("a mirror without a witness, and disabling a single store's mirror keeps the shared witness")
    func partialMirrors() throws {
        var document = try sample("enterprise-mirrored.xml")
        try document.disableMirroring("UserStore", on: sqlRef("sql01.contoso.com\\rtc"))
        let written = try reread(document)
        #expect(try store(written, role: "UserStore", on: "sql01.contoso.com").mirror == nil)
        let application = try store(written, role: "ApplicationStore", on: "sql01.contoso.com")
        #expect(application.mirror?.sqlServer == "sql02.contoso.com" && application.witness?.sqlServer == "sql03.contoso.com")
        #expect(written.topology.services.contains { $0.roleName == MirrorEncoding.witnessRole })
        #expect(written.topology.instanceNamed("sql02.contoso.com\\rtc")?.mirroringPort == 5022)
        let userServices = try #require(written.topology.service("1-UserServices-1"))
        #expect(!userServices.dependencies.contains { $0.usage == .witness }, "no witness without a mirror")

        try document.enableMirroring("UserStore", on: sqlRef("sql01.contoso.com\\rtc"), mirror: sqlRef("sql02.contoso.com\\rtc"),
                                     witness: sqlRef("sql03.contoso.com\\witness"))
        #expect(try store(document, role: "UserStore", on: "sql01.contoso.com").witness?.sqlServer == "sql03.contoso.com")
    }

    static func mirrored() throws -> TopologyDocument { try sample("enterprise-mirrored.xml") }

    static func unmirrored() throws -> TopologyDocument {
        var document = try sample("enterprise-mirrored.xml")
        try document.disableBackEndMirroring(pool: "pool01.contoso.com")
        try document.addSQLInstance("other", on: "sql02.contoso.com", mirroringPort: 5022)
        try document.addSQLInstance("rtc2", on: "sql01.contoso.com")
        try document.addSQLInstance("witness2", on: "sql02.contoso.com", mirroringPort: 7023)
        return document
    }

    @Test("refused mirrors name the rule they would break")
    func refused() throws {
        var mirrored = try Self.mirrored()
        #expect(throws: TopologyEditError.alreadyMirrored(store: "UserStore:sql01.contoso.com\\rtc", mirror: sqlRef("sql02.contoso.com\\rtc"))) {
            try mirrored.enableMirroring("UserStore", on: sqlRef("sql01.contoso.com\\rtc"), mirror: sqlRef("sql02.contoso.com\\rtc"))
        }
        var document = try Self.unmirrored()
        let before = document.serialized()
        let cases: [(TopologyEditError, SQLInstanceRef, SQLInstanceRef?, Int?)] = [
            (.mirrorOnPrimaryServer("sql01.contoso.com"), sqlRef("sql01.contoso.com\\rtc2"), nil, nil),
            (.witnessNotOnThirdServer("sql02.contoso.com"), sqlRef("sql02.contoso.com\\rtc"), sqlRef("sql02.contoso.com\\witness2"), nil),
            (.mirroringPortInUse(port: 5022, instance: sqlRef("sql02.contoso.com\\rtc"), by: sqlRef("sql02.contoso.com\\other")),
             sqlRef("sql02.contoso.com\\rtc"), nil, nil),
            (.invalidPort(0), sqlRef("sql02.contoso.com\\rtc"), nil, 0),
            (.unknownSQLInstance(sqlRef("sql02.contoso.com\\nope")), sqlRef("sql02.contoso.com\\nope"), nil, nil),
            (.unknownSQLServer("sql09.contoso.com"), sqlRef("sql09.contoso.com\\rtc"), nil, nil),
        ]
        for (error, mirror, witness, port) in cases {
            #expect(throws: error) {
                try document.enableMirroring("UserStore", on: sqlRef("sql01.contoso.com\\rtc"), mirror: mirror, witness: witness, mirroringPort: port)
            }
            #expect(document.serialized() == before)
        }
        #expect(throws: TopologyEditError.notMirrored(store: "UserStore:sql01.contoso.com\\rtc")) {
            try document.disableMirroring("UserStore", on: sqlRef("sql01.contoso.com\\rtc"))
        }
        #expect(throws: TopologyEditError.unknownStore(role: "ArchivingStore", instance: sqlRef("sql01.contoso.com\\rtc"))) {
            try document.enableMirroring("ArchivingStore", on: sqlRef("sql01.contoso.com\\rtc"), mirror: sqlRef("sql02.contoso.com\\rtc"))
        }
    }

    @Test("a mirror target already holding a store of the role is refused")
    func mirrorTargetHoldsRole() throws {
        var document = try sample("two-sites-archiving-monitoring.xml")
        try document.addStandardEditionServer("se-lon2.contoso.com", site: "2")
        try document.addSQLServer("sqlam2.contoso.com", site: "1", instance: "arch")
        try document.addStore("ArchivingStore", on: sqlRef("sqlam2.contoso.com\\arch"), forPool: "se-lon2.contoso.com")
        #expect(throws: TopologyEditError.storeExists(role: "ArchivingStore", instance: sqlRef("sqlam2.contoso.com\\arch"))) {
            try document.enableMirroring("ArchivingStore", on: sqlRef("sqlam.contoso.com\\archmon"), mirror: sqlRef("sqlam2.contoso.com\\arch"))
        }
        try document.enableMirroring("MonitoringStore", on: sqlRef("sqlam.contoso.com\\archmon"), mirror: sqlRef("sqlam2.contoso.com\\arch"))
        #expect(try store(document, role: "MonitoringStore", on: "sqlam.contoso.com").mirror?.instance == "arch")
    }

    @Test("one witness per consumer: a second mirrored store of the same Registrar cannot take another witness")
    func conflictingWitness() throws {
        var document = try sample("two-sites-archiving-monitoring.xml")
        try document.addSQLServer("sqlam2.contoso.com", site: "1", instance: "archmon")
        try document.addSQLServer("sqlwit.contoso.com", site: "1", instance: "witness")
        try document.addSQLServer("sqlwit2.contoso.com", site: "1", instance: "witness")
        try document.enableMirroring("ArchivingStore", on: sqlRef("sqlam.contoso.com\\archmon"), mirror: sqlRef("sqlam2.contoso.com\\archmon"),
                                     witness: sqlRef("sqlwit.contoso.com\\witness"))
        #expect(throws: TopologyEditError.conflictingWitness(consumer: "1-Registrar-1", witness: sqlRef("sqlwit.contoso.com\\witness"))) {
            try document.enableMirroring("MonitoringStore", on: sqlRef("sqlam.contoso.com\\archmon"), mirror: sqlRef("sqlam2.contoso.com\\archmon"),
                                         witness: sqlRef("sqlwit2.contoso.com\\witness"))
        }
        try document.enableMirroring("MonitoringStore", on: sqlRef("sqlam.contoso.com\\archmon"), mirror: sqlRef("sqlam2.contoso.com\\archmon"),
                                     witness: sqlRef("sqlwit.contoso.com\\witness"))
        let written = try reread(document)
        #expect(written.topology.services.filter { $0.roleName == MirrorEncoding.witnessRole }.count == 1, "the witness store is shared")
        #expect(try store(written, role: "MonitoringStore", on: "sqlam.contoso.com").witness?.sqlServer == "sqlwit.contoso.com")
    }

    @Test("Skype for Business Server 2019, AlwaysOn and collocated SQL Express stores are not mirrored", .needsCorpus)
    func productRules() throws {
        var sfb2019 = try corpus("01-sfb2019-standard-edition.xml")
        try sfb2019.addSQLServer("sql02.contoso.com", site: "1", instance: "rtc")
        #expect(throws: TopologyEditError.mirroringNotSupported(.skypeForBusiness2019)) {
            try sfb2019.enableMirroring("UserStore", on: sqlRef("sfb01.contoso.com\\rtc"), mirror: sqlRef("sql02.contoso.com\\rtc"))
        }
        var alwaysOn = try corpus("03-sfb2015-enterprise-pool-alwayson-sql-wac.xml")
        try alwaysOn.addSQLServer("sql02.tenant.rlevchenko.com", site: "1")
        #expect(throws: TopologyEditError.alwaysOnStore(sqlRef("srv-sql-01.tenant.rlevchenko.com"))) {
            try alwaysOn.enableBackEndMirroring(pool: "poolfe.tenant.rlevchenko.com", mirror: sqlRef("sql02.tenant.rlevchenko.com"))
        }
        var standard = try sample("standard-edition.xml")
        try standard.addSQLServer("sql02.contoso.com", site: "1", instance: "rtc")
        #expect(throws: TopologyEditError.sqlExpressPartner(sqlRef("se01.contoso.com\\rtc"))) {
            try standard.enableBackEndMirroring(pool: "se01.contoso.com", mirror: sqlRef("sql02.contoso.com\\rtc"))
        }
        var twoSites = try sample("two-sites-archiving-monitoring.xml")
        #expect(throws: TopologyEditError.sqlExpressPartner(sqlRef("se-lon.contoso.com\\rtc"))) {
            try twoSites.enableMirroring("ArchivingStore", on: sqlRef("sqlam.contoso.com\\archmon"), mirror: sqlRef("se-lon.contoso.com\\rtc"))
        }
    }

    @Test("a store no service uses cannot be mirrored: nothing would declare the mirror")
    func unusedStore() throws {
        var document = try buildTopology {
            SQLServer("sql01.contoso.com", instance: "arch")
            SQLServer("sql02.contoso.com", instance: "arch")
        }
        // An Archiving store service on sql01\arch that no Registrar uses (as a design half done would have).
        var xml = document.xml
        let services = try #require(xml.root.children.firstIndex { if case .element(let e) = $0 { return e.localName == "Services" } else { return false } })
        guard case .element(var section) = xml.root.children[services] else { return }
        let store = try read("""
            <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008"><Services><Service RoleVersion="1" ServiceVersion="7"><ServiceId SiteId="1" RoleName="ArchivingStore" Instance="1" /><DependsOn /><InstalledOn><SqlInstanceId Name="arch"><ClusterId SiteId="1" Number="1" /></SqlInstanceId></InstalledOn></Service></Services></Topology>
            """).xml.root.childElements[0].childElements[0]
        section.children = [.element(store)]
        section.isSelfClosing = false
        xml.root.children[services] = .element(section)
        document = try TopologyDocument(xml: xml, path: "unused.xml")
        try expectFinding(document, rule: "STORE001", severity: .warning)
        #expect(throws: TopologyEditError.unusedStore("ArchivingStore:sql01.contoso.com\\arch")) {
            try document.enableMirroring("ArchivingStore", on: sqlRef("sql01.contoso.com\\arch"), mirror: sqlRef("sql02.contoso.com\\arch"))
        }
    }
}
