/// The server product a topology (or one of its services) belongs to, from `Service/@ServiceVersion`.
public enum ProductVersion: Int, Sendable, Hashable, Codable, Comparable, CaseIterable, CustomStringConvertible {
    case lyncServer2013 = 6
    case skypeForBusiness2015 = 7
    case skypeForBusiness2019 = 8

    public var description: String {
        switch self {
        case .lyncServer2013: return "Lync Server 2013"
        case .skypeForBusiness2015: return "Skype for Business Server 2015"
        case .skypeForBusiness2019: return "Skype for Business Server 2019"
        }
    }

    /// Database mirroring was removed in Skype for Business Server 2019.
    public var supportsMirroring: Bool { self != .skypeForBusiness2019 }

    public static func < (lhs: ProductVersion, rhs: ProductVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}
