/// A port a service listens on or uses (`sr:Ports/sr:Port`), with its attributes as written.
public struct ServicePort: Sendable, Hashable {
    /// `@Owner`, e.g. `urn:component:Registrar`.
    public var owner: String
    /// `@Usage`, e.g. `SipServer`.
    public var usage: String
    /// `@InterfaceSide`: `Primary`, `External`, `Internal`, `Pstn`.
    public var interfaceSide: String
    /// `@InterfaceNumber`.
    public var interfaceNumber: String
    /// `@Port` as written.
    public var port: String
    /// `@Protocol`, e.g. `Mtls`, `Https`.
    public var protocolName: String
    /// `@UrlPath`.
    public var urlPath: String?
    /// `@AuthorizesRequests`.
    public var authorizesRequests: String?
    /// `@GruuType`.
    public var gruuType: String?
    /// `@Range`: the number of ports from `port` on.
    public var range: String?
    /// `@ConfiguredPort`: the port published outside (e.g. 443 for an internal 4443).
    public var configuredPort: String?
    /// `@ConfiguredFqdn`.
    public var configuredFQDN: String?
    public var location: SourceLocation

    public init(owner: String, usage: String, interfaceSide: String, interfaceNumber: String, port: String,
                protocolName: String, urlPath: String? = nil, authorizesRequests: String? = nil, gruuType: String? = nil,
                range: String? = nil, configuredPort: String? = nil, configuredFQDN: String? = nil,
                location: SourceLocation = .document) {
        self.owner = owner
        self.usage = usage
        self.interfaceSide = interfaceSide
        self.interfaceNumber = interfaceNumber
        self.port = port
        self.protocolName = protocolName
        self.urlPath = urlPath
        self.authorizesRequests = authorizesRequests
        self.gruuType = gruuType
        self.range = range
        self.configuredPort = configuredPort
        self.configuredFQDN = configuredFQDN
        self.location = location
    }

    /// The port number, when `port` is one.
    public var number: Int? { Int(port) }
}
