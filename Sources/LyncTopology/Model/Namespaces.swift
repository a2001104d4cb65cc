/// The namespace URIs of topology documents. Elements are matched by URI and local name, never by prefix.
public enum TopologyNamespace {
    public static let topology = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008"
    public static let topologyBuilder = "urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008"
    public static let writableTopology = "urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008"
    public static let serviceRoles = "urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008"
    public static let webServices = "urn:schema:Microsoft.Rtc.Management.Deploy.WebServices.2011"
    public static let baseTypes = "urn:schema:Microsoft.Rtc.Management.BaseTypes.2008"
    public static let simpleURL = "urn:schema:Microsoft.Rtc.Management.Settings.SimpleUrl.2008"

    /// Every namespace above.
    static let all = [topology, topologyBuilder, writableTopology, serviceRoles, webServices, baseTypes, simpleURL]
}
