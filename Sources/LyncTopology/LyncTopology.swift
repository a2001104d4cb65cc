/// LyncTopology reads, checks, plans and writes Microsoft Lync Server 2013 and Skype for Business Server
/// topology documents. See `TopologyDocument` for the entry point.
public enum LyncTopologyLibrary {
    public static let version = "0.1.0"
}
