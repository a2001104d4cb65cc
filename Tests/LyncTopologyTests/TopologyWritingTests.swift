import Testing
@testable import LyncTopology
import LyncTopologyTesting
import Foundation

/// A fresh folder under the temporary directory, removed by `cleanup`.
struct WriteTestFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("lynctopo-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func entries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    func cleanup() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

@Suite("Writing documents")
struct TopologyWritingTests {
    @Test("an interrupted write leaves the original file untouched and no temporary file behind")
    func interruptedWrite() throws {
        let folder = try WriteTestFolder()
        defer { folder.cleanup() }
        let target = folder.path + "/topology.xml"
        let original = try FileIO.read(path: paths.sample("enterprise-mirrored.xml"), limit: 1 << 24)
        try FileIO.writeAtomically(original, to: target)

        var document = try TopologyDocument.load(path: target)
        try document.addMachine("fe04.contoso.com", toPool: "pool01.contoso.com")
        #expect(throws: TopologyWriteError(path: target, reason: "write interrupted (simulated)")) {
            try document.write(to: target, failAfterBytes: 1000)
        }
        #expect(try FileIO.read(path: target, limit: 1 << 24) == original)
        #expect(folder.entries() == ["topology.xml"])

        try document.write(to: target)
        #expect(try FileIO.read(path: target, limit: 1 << 24) == document.serialized())
        #expect(try TopologyDocument.load(path: target).topology.cluster(fqdn: "pool01.contoso.com")?.machines.count == 4)
        #expect(folder.entries() == ["topology.xml"])
    }

    @Test("a folder that does not exist, or a folder as the output, cannot be written")
    func unwritable() throws {
        let folder = try WriteTestFolder()
        defer { folder.cleanup() }
        let document = try sample("standard-edition.xml")
        #expect(throws: TopologyWriteError(path: folder.path + "/missing/out.xml", reason: "No such file or directory")) {
            try document.write(to: folder.path + "/missing/out.xml")
        }
        let error = try #require(throws: TopologyWriteError.self) { try document.write(to: folder.path) }
        #expect(error.description.hasPrefix(folder.path + ": error: cannot write: "))
        #expect(folder.entries().isEmpty)
    }

    @Test("an empty topology of either kind reads back and takes edits",
          arguments: [DocumentKind.topology, .tbxml])
    func emptyDocuments(kind: DocumentKind) throws {
        var document = try TopologyDocument.empty(kind: kind, defaultDomain: "contoso.com")
        #expect(document.kind == kind && document.topology.defaultDomain == "contoso.com")
        #expect(document.topology.sites.isEmpty && document.topology.findings.isEmpty)
        document.uniqueIDs = .sequential()
        let site = try document.addSite("Dublin")
        try document.addSQLServer("sql01.contoso.com", site: site, instance: "rtc")
        #expect(try reread(document).topology.instanceNamed("sql01.contoso.com\\rtc") != nil)
        #expect(throws: TopologyEditError.invalidFQDN("contoso", problem: "is not fully qualified (single-label names are not supported)")) {
            _ = try TopologyDocument.empty(kind: kind, defaultDomain: "contoso")
        }
    }
}

@Suite("Tree edits keep the document's own style")
struct TreeStyleTests {
    static let compact = """
        <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008" Signature="x"><InternalDomains DefaultDomain="contoso.com"><InternalDomain Name="contoso.com" /></InternalDomains><Sites><CentralSite SiteId="1"><Name>A</Name></CentralSite></Sites><Clusters /><SqlInstances /><Services /></Topology>
        """

    @Test("a document written on one line gets new elements without line breaks")
    func compactDocument() throws {
        var document = try read(Self.compact)
        try document.addSQLServer("sql01.contoso.com", site: "1", instance: "rtc")
        let text = documentText(document)
        #expect(!text.dropLast().contains("\n"))
        #expect(text.contains("<Clusters><Cluster RequiresReplication=\"false\" RequiresSetup=\"false\" Fqdn=\"sql01.contoso.com\"><ClusterId SiteId=\"1\" Number=\"1\" />"))
        #expect(try reread(document).topology.instanceNamed("sql01.contoso.com\\rtc") != nil)
    }

    static let prefixed = """
        <t:Topology xmlns:t="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008" Signature="x">
          <t:InternalDomains DefaultDomain="contoso.com">
            <t:InternalDomain Name="contoso.com" />
          </t:InternalDomains>
          <t:Sites>
            <t:CentralSite SiteId="1">
              <t:Name>A</t:Name>
            </t:CentralSite>
          </t:Sites>
          <t:Clusters />
        </t:Topology>

        """

    @Test("a document that writes prefixes gets prefixed elements; a missing section is made in its place")
    func prefixedDocument() throws {
        var document = try read(Self.prefixed)
        try document.addSQLServer("sql01.contoso.com", site: "1")
        try document.addFileServer("fs01.contoso.com", site: "1", share: "share")
        let lines = documentLines(document)
        #expect(lines.contains("    <t:Cluster RequiresReplication=\"false\" RequiresSetup=\"false\" Fqdn=\"sql01.contoso.com\">"))
        #expect(lines.contains("  <t:SqlInstances>"))
        #expect(lines.contains("      <Ports xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008\" />"))
        let order = lines.compactMap { line -> String? in
            guard line.hasPrefix("  <t:"), !line.hasPrefix("  </") else { return nil }
            return String(line.dropFirst(5).prefix { $0 != " " && $0 != ">" })
        }
        #expect(order == ["InternalDomains", "Sites", "Clusters", "SqlInstances", "Services"])
        let written = try reread(document)
        #expect(written.topology.instanceNamed("sql01.contoso.com") != nil)
        #expect(written.topology.cluster(fqdn: "fs01.contoso.com")?.kind == .file)
    }

    @Test("unknown elements and attributes stay where they were through edits")
    func unknownContentKept() throws {
        let text = """
            <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008" xmlns:x="urn:example:extra" Signature="x" x:Note="kept">
              <InternalDomains DefaultDomain="contoso.com">
                <InternalDomain Name="contoso.com" />
              </InternalDomains>
              <!-- a comment -->
              <x:Extension Value="1"><x:Inner /></x:Extension>
              <Sites>
                <CentralSite SiteId="1" Future="yes">
                  <Name>A</Name>
                </CentralSite>
              </Sites>
              <Clusters>
                <Cluster Fqdn="pool.contoso.com" Unknown="u">
                  <ClusterId SiteId="1" Number="1" />
                  <Machine OrdinalInCluster="1" Fqdn="fe1.contoso.com" />
                  <x:Later />
                </Cluster>
              </Clusters>
              <SqlInstances />
              <Services />
            </Topology>

            """
        let original = try read(text)
        var document = original
        try document.addMachine("fe2.contoso.com", toPool: "pool.contoso.com")
        try document.addSite("B")
        #expect(removedLines(original, document).isEmpty)
        #expect(addedLines(original, document) == [
            "    <CentralSite SiteId=\"2\">",
            "      <Name>B</Name>",
            "      <Location />",
            "    </CentralSite>",
            "      <Machine OrdinalInCluster=\"2\" Fqdn=\"fe2.contoso.com\">",
            "        <NetInterface InterfaceSide=\"Primary\" InterfaceNumber=\"1\" IPAddress=\"0.0.0.0\" />",
            "        <NetInterface InterfaceSide=\"External\" InterfaceNumber=\"1\" IPAddress=\"0.0.0.0\" />",
            "      </Machine>",
        ])
        let machine = try #require(documentLines(document).firstIndex { $0.contains("fe2.contoso.com") })
        #expect(documentLines(document)[machine + 4] == "      <x:Later />", "after the last machine, before what follows it")
    }
}
