/// Which entity of the old topology is which entity of the new one, by position in each topology's arrays.
///
/// Identity follows the document's keys and falls back to names, pass by pass, so that a renumbered but
/// otherwise identical pool is the same pool, and a pool whose FQDN changed under the same `ClusterId` is
/// the same pool with a new FQDN:
/// - sites: id and name, then name, then id;
/// - clusters: published `ClusterId` and FQDN, then FQDN, then published `ClusterId` (a server is what its
///   FQDN says first: two servers that swapped numbers are renumbered, not renamed), then, between two
///   .tbxml files, the `UniqueId`;
/// - SQL instances: the matched cluster and the instance name (case-insensitive; `MSSQLSERVER` is the
///   default instance);
/// - services: published `ServiceId` and placement, then `ServiceId` (a store that moved to another
///   instance keeps its key), then role and placement (services not yet published, or renumbered), then,
///   between two .tbxml files, the `UniqueId`;
/// - machines: FQDN (case-insensitive), across clusters.
/// A .tbxml's UniqueIds are compared only with another .tbxml's, last: they are opaque, and derived ones
/// differ from published keys; the `Original*` keys the decoder turned into `publishedID` / `key` come first.
/// A SQL instance's name is part of its identity even then: a renamed instance is another instance, whose
/// databases the publish must create.
struct DiffCorrespondence {
    var sites: [Int: Int] = [:]
    var clusters: [Int: Int] = [:]
    var instances: [Int: Int] = [:]
    var services: [Int: Int] = [:]

    /// The inverse maps (new position → old position).
    var newSites: [Int: Int] = [:]
    var newClusters: [Int: Int] = [:]
    var newInstances: [Int: Int] = [:]
    var newServices: [Int: Int] = [:]

    typealias Key = (Int) -> String?

    init(old: Topology, new: Topology) {
        func siteKey(_ site: Site) -> String? { site.id + "\u{1}" + site.name.lowercased() }
        func siteName(_ site: Site) -> String? { Self.nonEmpty(site.name.lowercased()) }
        func siteID(_ site: Site) -> String? { Self.publishedSiteID(site.id) }
        sites = Self.pair(old.sites.count, new.sites.count, passes: [siteKey, siteName, siteID].map { key in
            (old: { key(old.sites[$0]) }, new: { key(new.sites[$0]) })
        })
        newSites = Self.inverse(sites)

        func clusterKey(_ cluster: Cluster) -> String? {
            guard let id = cluster.publishedID else { return nil }
            return id + "\u{1}" + cluster.fqdn.lowercased()
        }
        func clusterFQDN(_ cluster: Cluster) -> String? { Self.nonEmpty(cluster.fqdn.lowercased()) }
        func clusterID(_ cluster: Cluster) -> String? { cluster.publishedID }
        // Between two Topology Builder files, a UniqueId (a GUID for a cluster not yet published) is kept
        // from one save to the next: it identifies a cluster whose FQDN changed before its first publish.
        let bothBuilder = old.kind == .tbxml && new.kind == .tbxml
        func uniqueID(_ cluster: Cluster) -> String? { bothBuilder ? cluster.id : nil }
        clusters = Self.pair(old.clusters.count, new.clusters.count, passes: [clusterKey, clusterFQDN, clusterID, uniqueID].map { key in
            (old: { key(old.clusters[$0]) }, new: { key(new.clusters[$0]) })
        })
        newClusters = Self.inverse(clusters)

        let clusterMap = clusters
        let oldInstance: Key = { position in
            let instance = old.sqlInstances[position]
            guard let cluster = old.index.clusterByID[instance.clusterID], let mapped = clusterMap[cluster] else { return nil }
            return "\(mapped)\\" + Self.instanceName(instance)
        }
        let newInstance: Key = { position in
            let instance = new.sqlInstances[position]
            guard let cluster = new.index.clusterByID[instance.clusterID] else { return nil }
            return "\(cluster)\\" + Self.instanceName(instance)
        }
        // An instance whose cluster reference resolves to nothing is matched by that reference as written.
        let oldDangling: Key = { position in
            let instance = old.sqlInstances[position]
            return old.index.clusterByID[instance.clusterID] == nil ? "?\(instance.clusterID)\\" + Self.instanceName(instance) : nil
        }
        let newDangling: Key = { position in
            let instance = new.sqlInstances[position]
            return new.index.clusterByID[instance.clusterID] == nil ? "?\(instance.clusterID)\\" + Self.instanceName(instance) : nil
        }
        instances = Self.pair(old.sqlInstances.count, new.sqlInstances.count,
                              passes: [(old: oldInstance, new: newInstance), (old: oldDangling, new: newDangling)])
        newInstances = Self.inverse(instances)

        let instanceMap = instances
        func oldPlacement(_ service: Service) -> String? {
            switch service.placement {
            case .cluster(let id): return old.index.clusterByID[id].flatMap { clusterMap[$0] }.map { "c\($0)" }
            case .sqlInstance(let id): return old.index.sqlInstanceByID[id].flatMap { instanceMap[$0] }.map { "i\($0)" }
            case .unresolved, .none: return nil
            }
        }
        func newPlacement(_ service: Service) -> String? {
            switch service.placement {
            case .cluster(let id): return new.index.clusterByID[id].map { "c\($0)" }
            case .sqlInstance(let id): return new.index.sqlInstanceByID[id].map { "i\($0)" }
            case .unresolved, .none: return nil
            }
        }
        func keyAndPlacement(_ service: Service, _ placement: String?) -> String? {
            guard let key = service.key, let placement else { return nil }
            return key.description.lowercased() + "\u{1}" + placement
        }
        func roleAndPlacement(_ service: Service, _ placement: String?) -> String? {
            placement.map { service.roleName.lowercased() + "\u{1}" + $0 }
        }
        let byKeyAndPlacement: (old: Key, new: Key) = (
            old: { keyAndPlacement(old.services[$0], oldPlacement(old.services[$0])) },
            new: { keyAndPlacement(new.services[$0], newPlacement(new.services[$0])) })
        let byKey: (old: Key, new: Key) = (
            old: { old.services[$0].key?.description.lowercased() },
            new: { new.services[$0].key?.description.lowercased() })
        let byRoleAndPlacement: (old: Key, new: Key) = (
            old: { roleAndPlacement(old.services[$0], oldPlacement(old.services[$0])) },
            new: { roleAndPlacement(new.services[$0], newPlacement(new.services[$0])) })
        let byUniqueID: (old: Key, new: Key) = (
            old: { bothBuilder ? old.services[$0].id : nil },
            new: { bothBuilder ? new.services[$0].id : nil })
        services = Self.pair(old.services.count, new.services.count,
                             passes: [byKeyAndPlacement, byKey, byRoleAndPlacement, byUniqueID])
        newServices = Self.inverse(services)
    }

    /// The new position of the old cluster with this id.
    func cluster(_ oldID: String, old: Topology) -> Int? { old.index.clusterByID[oldID].flatMap { clusters[$0] } }
    func instance(_ oldID: String, old: Topology) -> Int? { old.index.sqlInstanceByID[oldID].flatMap { instances[$0] } }
    func service(_ oldID: String, old: Topology) -> Int? { old.index.serviceByID[oldID].flatMap { services[$0] } }

    /// The instance name as an identity: case-insensitive, "" for the default instance.
    static func instanceName(_ instance: SQLInstance) -> String {
        instance.isDefaultInstance ? "" : instance.name.lowercased()
    }

    static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// A site id that the document gave, or nil for the placeholder the decoder gives a .tbxml site that has
    /// neither `SiteId` nor `OriginalSiteId` (`new1`, `new2`…): placeholders of two documents say nothing
    /// about each other.
    static func publishedSiteID(_ id: String) -> String? {
        isPlaceholderSiteID(id) ? nil : id
    }

    static func isPlaceholderSiteID(_ id: String) -> Bool {
        id.hasPrefix("new") && id.count > 3 && id.dropFirst(3).allSatisfy(\.isNumber)
    }

    static func inverse(_ map: [Int: Int]) -> [Int: Int] {
        var result: [Int: Int] = [:]
        for (key, value) in map { result[value] = key }
        return result
    }

    /// Pairs old and new positions, pass by pass: in each pass an unpaired old element is paired with the
    /// first unpaired new element that has the same (non-nil) key, in document order.
    static func pair(_ oldCount: Int, _ newCount: Int,
                     passes: [(old: (Int) -> String?, new: (Int) -> String?)]) -> [Int: Int] {
        var map: [Int: Int] = [:]
        var pairedNew = Set<Int>()
        for pass in passes {
            var candidates: [String: [Int]] = [:]
            for position in 0..<newCount where !pairedNew.contains(position) {
                if let key = pass.new(position) { candidates[key, default: []].append(position) }
            }
            var next: [String: Int] = [:]
            for position in 0..<oldCount where map[position] == nil {
                guard let key = pass.old(position), let list = candidates[key] else { continue }
                let offset = next[key, default: 0]
                guard offset < list.count else { continue }
                next[key] = offset + 1
                map[position] = list[offset]
                pairedNew.insert(list[offset])
            }
        }
        return map
    }
}
