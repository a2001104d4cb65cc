/// What the product writes for a service of a role it creates: the `Type`, the default `RoleVersion`, the
/// ports and the role-specific element. Taken from the Front End services of the documents read so far
/// (Lync Server 2013 and Skype for Business Server 2015 write the same); used for new services only.
enum RoleTemplates {
    typealias NS = TopologyNamespace

    static let typePrefix = "Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles."

    /// `Service/@Type` of a role, nil for roles written without one (stores, UserServices, …).
    static func typeName(_ role: String) -> String? {
        switch role.lowercased() {
        case "registrar": return typePrefix + "RegistrarService"
        case "filestore": return typePrefix + "FileStoreService"
        case "webservices": return typePrefix + "WebService"
        case "confservices": return typePrefix + "ConfService"
        case "applicationserver": return typePrefix + "ApplicationServerService"
        case "centralmgmt": return typePrefix + "CentralMgmtService"
        default: return nil
        }
    }

    /// `Service/@RoleVersion` when the document has no service of the role to copy it from.
    static func roleVersion(_ role: String) -> String {
        switch role.lowercased() {
        case "userservices", "registrar", "edgeserver": return "2"
        default: return "1"
        }
    }

    static func port(_ owner: String, _ usage: String, _ port: String, _ protocolName: String, _ urlPath: String,
                     authorizes: Bool, side: String = "Primary", gruu: String? = nil, range: String? = nil,
                     configured: String? = nil) -> XMLFragment {
        XMLFragment("Port", NS.serviceRoles, [
            ("Owner", owner), ("Usage", usage), ("InterfaceSide", side), ("InterfaceNumber", "1"), ("Port", port),
            ("Protocol", protocolName), ("UrlPath", urlPath), ("AuthorizesRequests", authorizes ? "true" : "false"),
            ("GruuType", gruu), ("Range", range), ("ConfiguredPort", configured),
        ])
    }

    /// The `sr:Port` elements of a new service of the role.
    static func ports(_ role: String) -> [XMLFragment] {
        switch role.lowercased() {
        case "userservices":
            return [
                port("urn:component:McuFactory", "WebServer", "444", "Mtls", "/LiveServer/McuFactory/", authorizes: false),
                port("urn:component:PresenceFocus", "UserPinManagement", "443", "Https", "/LiveServer/UserPinManagement/", authorizes: false),
                port("urn:component:McuFactory", "WcfServer", "9001", "Tcp", "/LiveServer/ConfDirMgmt/", authorizes: false),
            ]
        case "registrar":
            return [
                port("urn:component:Registrar", "SipServer", "5061", "Mtls", "/", authorizes: true, gruu: "HomeServer"),
                port("urn:component:Registrar", "WebServer", "444", "Mtls", "/LiveServer/Focus/", authorizes: false),
                port("urn:component:WinFab", "WinFabFederation", "5090", "Tcp", "/", authorizes: false),
                port("urn:component:QoE", "SipServer", "5061", "Mtls", "/LiveServer/QoE/", authorizes: true, gruu: "QoS"),
            ]
        case "webservices":
            return [
                port("urn:component:OCSWebSite", "WebSite", "8080", "Http", "/", authorizes: false, side: "External", configured: "80"),
                port("urn:component:OCSWebSite", "WebSite", "4443", "Https", "/", authorizes: false, side: "External", configured: "443"),
                port("urn:component:OCSWebSite", "WebSite", "80", "Http", "/", authorizes: false),
                port("urn:component:OCSWebSite", "WebSite", "443", "Https", "/", authorizes: false),
                port("urn:component:UcwaService", "SipServer", "5088", "Mtls", "/", authorizes: true, gruu: "UcwaInternal"),
            ]
        case "confservices":
            return [
                port("urn:component:IMConf", "SipServer", "5062", "Mtls", "/", authorizes: false, gruu: "chat"),
                port("urn:component:IMConf", "WebServer", "444", "Mtls", "/LiveServer/IMMcu/", authorizes: false),
                port("urn:component:AVConf", "SipServer", "5063", "Mtls", "/", authorizes: false, gruu: "audio-video"),
            ]
        case "applicationserver":
            return [
                port("urn:application:testbot", "SipServer", "5076", "Mtls", "/", authorizes: true, gruu: "Microsoft.Rtc.Applications.TestBot"),
                port("urn:application:RGS", "SipServer", "5071", "Mtls", "/", authorizes: true, gruu: "Microsoft.Rtc.Applications.Acd"),
                port("urn:component:MediaComp", "AudioCommunication", "49152", "TcpOrUdp", "/", authorizes: false, range: "8348"),
            ]
        default:
            return []
        }
    }

    /// The role-specific `sr:` element of a new service (`RegistrarService`, `WebService`, …), if the role has one.
    static func settings(_ role: String, poolFQDN: String, shareName: String? = nil, isActiveCentralManagement: Bool = false) -> [XMLFragment] {
        switch role.lowercased() {
        case "registrar":
            return [XMLFragment("RegistrarService", NS.serviceRoles, [("IsDirector", "false")])]
        case "filestore":
            return [XMLFragment("FileStoreService", NS.serviceRoles, [("ShareName", shareName ?? "share")])]
        case "webservices":
            let components = ["ABHandler", "ABFiles", "AutodiscoverService", "Meet", "Dialin", "Reach", "StoreWeb", "UcwaService", "WebTicket"]
            return [XMLFragment("WebService", NS.serviceRoles, children: [
                XMLFragment("ExternalSettings", NS.serviceRoles, [("Host", poolFQDN)], children: [XMLFragment("OverrideUrls", NS.serviceRoles)]),
                XMLFragment("WebComponents", NS.webServices, children: components.map {
                    XMLFragment("Component", NS.webServices, [("ComponentName", $0)])
                }),
                XMLFragment("UpaSeparator", NS.baseTypes),
            ])]
        case "confservices":
            return [XMLFragment("ConfService", NS.serviceRoles, children: [
                XMLFragment("MCUs", NS.serviceRoles, children: [
                    XMLFragment("MCU", NS.serviceRoles, [("ComponentName", "IMConf"), ("Vendor", "Microsoft")]),
                    XMLFragment("MCU", NS.serviceRoles, [("ComponentName", "AVConf"), ("Vendor", "Microsoft")]),
                ]),
            ])]
        case "applicationserver":
            return [XMLFragment("ApplicationServerService", NS.serviceRoles)]
        case "centralmgmt":
            return [XMLFragment("CentralMgmtService", NS.serviceRoles, [("IsActive", isActiveCentralManagement ? "true" : "false")])]
        default:
            return []
        }
    }

    /// The network interfaces of a new Front End or Standard Edition machine ("0.0.0.0": use all addresses).
    static let frontEndInterfaces = ["Primary", "External"]
}
