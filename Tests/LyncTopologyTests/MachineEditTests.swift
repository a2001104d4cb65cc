import Testing
import LyncTopology
import LyncTopologyTesting

@Suite("Editing: machines of a pool")
struct MachineEditTests {
    @Test("adding a Front End writes a Machine like its siblings', in place, and the model follows")
    func addFrontEnd() throws {
        let original = try sample("enterprise-mirrored.xml")
        var document = original
        try document.addMachine("fe04.contoso.com", toPool: "pool01.contoso.com")

        #expect(document.topology.cluster(fqdn: "pool01.contoso.com")?.machines.map(\.fqdn)
                == ["fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com", "fe04.contoso.com"])
        #expect(addedLines(original, document) == [
            "      <Machine OrdinalInCluster=\"4\" Fqdn=\"fe04.contoso.com\" FaultDomain=\"FaultDomain4\" UpgradeDomain=\"UpgradeDomain4\">",
            "        <NetInterface InterfaceSide=\"Primary\" InterfaceNumber=\"1\" IPAddress=\"0.0.0.0\" />",
            "        <NetInterface InterfaceSide=\"External\" InterfaceNumber=\"1\" IPAddress=\"0.0.0.0\" />",
            "        <NetInterface InterfaceSide=\"Pstn\" InterfaceNumber=\"1\" IPAddress=\"0.0.0.0\" />",
            "      </Machine>",
        ])
        #expect(removedLines(original, document).isEmpty)
        let fe04 = try #require(documentLines(document).firstIndex { $0.contains("fe04.contoso.com") })
        #expect(documentLines(document)[fe04 + 5] == "    </Cluster>", "the machine goes after the pool's last machine")

        let written = try reread(document)
        #expect(written.topology.cluster(fqdn: "pool01.contoso.com")?.machines.count == 4)
        #expect(written.topology.cluster(fqdn: "pool01.contoso.com")?.kind == .enterprise)
        try expectNoErrors(written)
        #expect(PublishSimulator.simulate(written).centralManagement.pool == "pool01.contoso.com")
    }

    @Test("adding then removing a machine gives back the original bytes")
    func addThenRemove() throws {
        let original = try sample("enterprise-mirrored.xml")
        var document = original
        try document.addMachine("fe04.contoso.com", toPool: "POOL01.contoso.com")
        try document.removeMachine("FE04.contoso.com", fromPool: "pool01.contoso.com")
        #expect(document.serialized() == original.serialized())
    }

    @Test("removing a Front End removes its element and nothing else")
    func removeFrontEnd() throws {
        let original = try sample("two-sites-archiving-monitoring.xml")
        var document = original
        try document.removeMachine("fe-sea1.contoso.com", fromPool: "pool-sea.contoso.com")
        #expect(document.topology.cluster(fqdn: "pool-sea.contoso.com")?.machines.map(\.fqdn) == ["fe-sea2.contoso.com"])
        #expect(addedLines(original, document).isEmpty)
        #expect(removedLines(original, document).count == 4)
        #expect(try reread(document).topology.cluster(fqdn: "pool-sea.contoso.com")?.machines.count == 1)

        #expect(throws: TopologyEditError.lastMachine("fe-sea2.contoso.com", pool: "pool-sea.contoso.com")) {
            try document.removeMachine("fe-sea2.contoso.com", fromPool: "pool-sea.contoso.com")
        }
    }

    @Test("in a .tbxml the NewTopology gets a Machine without Original* attributes; the OriginalTopology stays")
    func addFrontEndToBuilderFile() throws {
        let original = try sample("pool-edit.tbxml")
        var document = original
        try document.addMachine("fe04.fabrikam.com", toPool: "pool01.fabrikam.com")
        let namespace = "xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\""
        #expect(addedLines(original, document) == [
            "                <Machine Fqdn=\"fe04.fabrikam.com\" FaultDomain=\"FaultDomain4\" UpgradeDomain=\"UpgradeDomain4\">",
            "                  <NetInterface InterfaceSide=\"Primary\" InterfaceNumber=\"1\" IPAddress=\"0.0.0.0\" \(namespace) />",
            "                  <NetInterface InterfaceSide=\"External\" InterfaceNumber=\"1\" IPAddress=\"0.0.0.0\" \(namespace) />",
            "                </Machine>",
        ])
        let written = try reread(document)
        #expect(written.topology.cluster(fqdn: "pool01.fabrikam.com")?.machines.map(\.fqdn).last == "fe04.fabrikam.com")
        #expect(written.original == original.original, "the OriginalTopology is untouched")
        #expect(written.xml.format == original.xml.format, "UTF-8 with a byte-order mark and CRLF, as read")
        #expect(document.serialized().starts(with: [0xEF, 0xBB, 0xBF]))
        try expectNoErrors(written)
    }

    @Test("a machine for a pool whose machines use their FQDN as fault domain gets its own FQDN", .needsCorpus)
    func faultDomainsFollowSiblings() throws {
        var document = try corpus("03-sfb2015-enterprise-pool-alwayson-sql-wac.xml")
        try document.addMachine("skype-fe-02.tenant.rlevchenko.com", toPool: "poolfe.tenant.rlevchenko.com")
        let pool = try #require(document.topology.cluster(fqdn: "poolfe.tenant.rlevchenko.com"))
        #expect(pool.machines.map(\.fqdn) == ["SKYPE-FE-01.tenant.rlevchenko.com", "skype-fe-02.tenant.rlevchenko.com"])
        #expect(pool.machines.last?.ordinal == 2)
    }

    @Test("refused edits say which invariant and leave the document as it was",
          arguments: [
            ("fe_04.contoso.com", "pool01.contoso.com", TopologyEditError.invalidFQDN("fe_04.contoso.com", problem: "contains an underscore")),
            ("fe04", "pool01.contoso.com", .invalidFQDN("fe04", problem: "is not fully qualified (single-label names are not supported)")),
            ("FE02.contoso.com", "pool01.contoso.com", .fqdnInUse("FE02.contoso.com", by: "machine fe02.contoso.com of pool01.contoso.com")),
            ("sql02.contoso.com", "pool01.contoso.com", .fqdnInUse("sql02.contoso.com", by: "sql02.contoso.com")),
            ("fe04.contoso.com", "pool09.contoso.com", .unknownPool("pool09.contoso.com")),
            ("fe04.contoso.com", "edge01.contoso.com", .singleMachinePool("edge01.contoso.com")),
            ("fe04.contoso.com", "sql01.contoso.com", .singleMachinePool("sql01.contoso.com")),
          ])
    func refusedAdd(machine: String, pool: String, error: TopologyEditError) throws {
        var document = try sample("enterprise-mirrored.xml")
        let before = document.serialized()
        #expect(throws: error) { try document.addMachine(machine, toPool: pool) }
        #expect(document.serialized() == before)
    }

    @Test("a Standard Edition server takes no second machine; an unknown machine cannot be removed")
    func refusedOnStandardEdition() throws {
        var document = try sample("standard-edition.xml")
        #expect(throws: TopologyEditError.singleMachinePool("se01.contoso.com")) {
            try document.addMachine("se02.contoso.com", toPool: "se01.contoso.com")
        }
        #expect(throws: TopologyEditError.unknownMachine("fe09.contoso.com", pool: "se01.contoso.com")) {
            try document.removeMachine("fe09.contoso.com", fromPool: "se01.contoso.com")
        }
    }
}
