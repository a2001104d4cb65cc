import Testing
import LyncTopology

@Suite("Decoder findings and unknown content")
struct DecoderFindingTests {
    static let header = #"<Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">"#

    static func topology(services: String, extra: String = "") -> String {
        """
        \(header)
          <Sites><CentralSite SiteId="1"><Name>S</Name></CentralSite></Sites>
          <Clusters>
            <Cluster Fqdn="pool.contoso.com"><ClusterId SiteId="1" Number="1" /><Machine OrdinalInCluster="1" Fqdn="fe.contoso.com" /></Cluster>
            <Cluster Fqdn="sql.contoso.com"><ClusterId SiteId="1" Number="2" /><Machine OrdinalInCluster="1" Fqdn="sql.contoso.com" /></Cluster>
          </Clusters>
          <SqlInstances><SqlInstance><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="2" /></SqlInstanceId></SqlInstance></SqlInstances>
          <Services>
        \(services)
          </Services>\(extra)
        </Topology>
        """
    }

    static let store = """
            <Service ServiceVersion="6"><ServiceId SiteId="1" RoleName="UserStore" Instance="1" /><DependsOn />
              <InstalledOn><SqlInstanceId Name="rtc"><ClusterId SiteId="1" Number="2" /></SqlInstanceId></InstalledOn></Service>
        """

    static func consumer(usage: String) -> String {
        """
            <Service ServiceVersion="6"><ServiceId SiteId="1" RoleName="UserServices" Instance="1" />
              <DependsOn>
                <Dependency Usage="\(usage)"><ServiceId SiteId="1" RoleName="UserStore" Instance="1" /></Dependency>
              </DependsOn>
              <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn></Service>
        """
    }

    @Test("a dependency Usage that is not understood is kept and reported with its line")
    func unknownUsage() throws {
        let document = try read(Self.topology(services: Self.store + "\n" + Self.consumer(usage: "HotStandby")))
        let finding = try #require(document.topology.findings.first { $0.rule == "DEP001" })
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("HotStandby"))
        #expect(finding.location?.line == 13)
        #expect(document.topology.services[1].dependencies[0].usageText == "HotStandby")
        #expect(document.topology.findings.filter { $0.rule == "STORE001" }.isEmpty)
    }

    @Test("usage values compare case-insensitively")
    func usageCase() throws {
        let document = try read(Self.topology(services: Self.store + "\n" + Self.consumer(usage: "default")))
        #expect(document.topology.findings.isEmpty)
        #expect(document.topology.stores[0].consumers == ["pool.contoso.com"])
    }

    @Test("a store that no service references is reported, not dropped")
    func unreferencedStore() throws {
        let document = try read(Self.topology(services: Self.store))
        #expect(document.topology.stores.count == 1)
        let finding = try #require(document.topology.findings.first { $0.rule == "STORE001" })
        #expect(finding.location?.line == 9)
    }

    @Test("unknown elements and attributes survive a round trip")
    func unknownContentKept() throws {
        let text = Self.topology(services: Self.store + "\n" + Self.consumer(usage: "Default"),
                                 extra: "\n  <FutureThing Flavour=\"new\"><Inner /></FutureThing>")
            .replacingOccurrences(of: "<Cluster Fqdn=\"sql.contoso.com\">", with: "<Cluster Fqdn=\"sql.contoso.com\" Rack=\"7\">")
        let document = try read(text)
        #expect(String(decoding: document.serialized(), as: UTF8.self) == text)
    }

    @Test("missing required attributes become SCHEMA001 errors at the element")
    func missingAttributes() throws {
        let text = Self.header + "\n  <Clusters>\n    <Cluster><ClusterId SiteId=\"1\" /></Cluster>\n  </Clusters>\n</Topology>"
        let findings = try read(text).topology.findings
        #expect(findings.map(\.rule) == ["SCHEMA001", "SCHEMA001"])
        #expect(findings.map(\.location?.line) == [3, 3])
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
