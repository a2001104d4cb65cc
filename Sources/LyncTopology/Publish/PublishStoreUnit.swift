/// The stores as the wizard's database pages see them, and the keys that compare SQL instances and databases as
/// SQL Server does (case-insensitively, a trailing dot and `MSSQLSERVER` ignored).
extension PublishSimulator {
    /// A store as the pages see it: a store of the topology, or the CMS store the publish will place.
    struct StoreUnit {
        var role: String
        var databaseType: String
        var databases: [String]
        var sqlServer: String
        var instance: String
        var isStandAlone: Bool
        var mirror: StoreEndpoint?
        var witness: StoreEndpoint?
        var consumers: [String]
        var product: ProductVersion?
        /// Said before the existence reason of each of its databases.
        var note: String?
        var displayName: String
        var location: SourceLocation

        init(_ store: Store) {
            role = store.role
            databaseType = store.databaseType
            databases = store.databases
            sqlServer = store.sqlServer
            instance = store.instance
            isStandAlone = store.isStandAlone
            mirror = store.mirror
            witness = store.witness
            consumers = store.consumers
            product = store.product
            note = store.isAlwaysOn ? "AlwaysOn: created once, on the listener" : nil
            displayName = store.displayName
            location = store.location
        }
    }

    static func instanceKey(_ server: String, _ instance: String) -> String {
        var key = CaseFolding.lowercased(server)
        if key.utf8.last == 0x2E { key.removeLast() }   // a trailing "."
        let instance = CaseFolding.lowercased(StateFile.normalizedInstance(instance))
        key.reserveCapacity(key.utf8.count + 1 + instance.utf8.count + 1)
        key.append("\u{1}")
        key.append(instance)
        return key
    }

    static func databaseKey(_ server: String, _ instance: String, _ database: String) -> String {
        databaseKey(instanceKey: instanceKey(server, instance), database)
    }

    /// The key of a database on the SQL instance whose `instanceKey` is given.
    static func databaseKey(instanceKey: String, _ database: String) -> String {
        Joining.join(instanceKey, 0x01, CaseFolding.lowercased(database))
    }

    static func displayName(_ server: String, _ instance: String) -> String {
        SQLInstanceRef(sqlServer: server, instance: instance).displayName
    }

    /// Rows grouped by `key`, groups in order of first appearance, rows in their order within a group.
    static func stableGrouped<Row>(_ rows: [Row], keys: [String]) -> [Row] {
        // Each row gets its group's number (one look-up per row), then rows are copied once into the result,
        // group by group.
        var groupOf: [String: Int] = [:]
        groupOf.reserveCapacity(rows.count)
        var members: [[Int]] = []
        for position in rows.indices {
            if let group = groupOf[keys[position]] {
                members[group].append(position)
            } else {
                groupOf[keys[position]] = members.count
                members.append([position])
            }
        }
        if members.count <= 1 { return rows }
        var grouped: [Row] = []
        grouped.reserveCapacity(rows.count)
        for group in members {
            for position in group { grouped.append(rows[position]) }
        }
        return grouped
    }
}
