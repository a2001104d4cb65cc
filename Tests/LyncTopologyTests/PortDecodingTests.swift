import Testing
@testable import LyncTopology

/// `sr:Ports/sr:Port`: every attribute the model keeps, each into its own field, and nothing else.
@Suite("Port attributes")
struct PortDecodingTests {
    static let text = """
        <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
          <Sites><CentralSite SiteId="1"><Name>Site</Name></CentralSite></Sites>
          <Clusters>
            <Cluster RequiresReplication="true" RequiresSetup="true" Fqdn="pool01.contoso.com">
              <ClusterId SiteId="1" Number="1" /><Machine OrdinalInCluster="1" Fqdn="fe01.contoso.com" />
            </Cluster>
          </Clusters>
          <Services>
            <Service RoleVersion="1" ServiceVersion="6">
              <ServiceId SiteId="1" RoleName="WebServices" Instance="1" />
              <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn>
              <Ports xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" xmlns:x="urn:example:other">
                <Port Owner="urn:component:WebServices" Usage="WebSite" InterfaceSide="External" InterfaceNumber="1"
                      Port="4443" Protocol="Https" UrlPath="/" AuthorizesRequests="false" GruuType="HomeServer"
                      Range="10" ConfiguredPort="443" ConfiguredFqdn="web.contoso.com" x:Owner="not this one"
                      Unknown="ignored" />
                <Port Owner="o" Usage="u" InterfaceSide="Primary" InterfaceNumber="2" Port="5061" Protocol="Mtls"
                      xmlns:Usage="urn:example:declaration" />
              </Ports>
            </Service>
          </Services>
        </Topology>
        """

    @Test("each attribute into its field; other namespaces, declarations (written last here) and unknown names ignored")
    func everyAttribute() throws {
        let document = try read(Self.text)
        let ports = try #require(document.topology.services.first?.ports)
        #expect(ports.count == 2)
        let web = ports[0]
        #expect(web.owner == "urn:component:WebServices" && web.usage == "WebSite")
        #expect(web.interfaceSide == "External" && web.interfaceNumber == "1")
        #expect(web.port == "4443" && web.protocolName == "Https" && web.urlPath == "/")
        #expect(web.authorizesRequests == "false" && web.gruuType == "HomeServer" && web.range == "10")
        #expect(web.configuredPort == "443" && web.configuredFQDN == "web.contoso.com")
        let plain = ports[1]
        #expect(plain.owner == "o" && plain.usage == "u" && plain.interfaceNumber == "2" && plain.port == "5061")
        #expect(plain.urlPath == nil && plain.authorizesRequests == nil && plain.gruuType == nil && plain.range == nil)
        #expect(plain.configuredPort == nil && plain.configuredFQDN == nil)
    }
}
