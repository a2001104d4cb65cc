import Foundation
import LyncTopology
import LyncTopologyTesting
import Testing

/// The Persistent Chat consumer role: the documentation's `PersistentChatService` is written, and the cmdlet
/// identities' `PersistentChatServer` is read as the same role.
@Suite("Persistent Chat consumer role names")
struct PersistentChatRoleTests {
    static let name = "restore-persistent-chat.xml"

    /// The Persistent Chat fixture, its consumer renamed to `role`.
    static func document(consumer role: String) throws -> TopologyDocument {
        var text = String(decoding: try fixture(name), as: UTF8.self)
        #expect(text.contains(#"RoleName="PersistentChatServer""#))
        text = text.replacingOccurrences(of: #"RoleName="PersistentChatServer""#, with: #"RoleName="\#(role)""#)
        return try TopologyDocument(bytes: Array(text.utf8), path: name)
    }

    @Test("the catalog writes PersistentChatService and reads both names as the consumer")
    func catalog() throws {
        for role in ["PersistentChatStore", "PersistentChatComplianceStore"] {
            let entry = try #require(StoreCatalog.entry(for: role))
            #expect(entry.consumerRole == "PersistentChatService")
            #expect(StoreCatalog.isConsumer("PersistentChatService", of: entry))
            #expect(StoreCatalog.isConsumer("persistentchatserver", of: entry))
            #expect(!StoreCatalog.isConsumer("Registrar", of: entry))
        }
    }

    @Test("either name: the same stores, consumers, validation and restore plan", arguments: ["PersistentChatServer", "PersistentChatService"])
    func bothNamesRead(role: String) throws {
        let document = try Self.document(consumer: role)
        let chat = document.topology.stores.filter { $0.role.hasPrefix("PersistentChat") }
        #expect(chat.map(\.role) == ["PersistentChatStore", "PersistentChatComplianceStore"])
        #expect(chat.allSatisfy { $0.consumers == ["pc01.contoso.com"] })
        #expect(errors(document).isEmpty)
        let plan = RestorePlanner.plan(document, failed: ["sqlpc.contoso.com"], options: RestoreOptions())
        #expect(plan.recreateDatabases.map { "\($0.databaseType):\($0.database):\($0.restoreFromBackup)" }
                == ["PersistentChat:mgc:true", "PersistentChatCompliance:mgccomp:false"])
    }

    @Test("either name is a server role: installed on a SQL instance it is PLACE001", arguments: ["PersistentChatServer", "PersistentChatService"])
    func serverRole(role: String) throws {
        var text = String(decoding: try fixture(Self.name), as: UTF8.self)
        // Install the consumer on the pchat instance instead of its pool.
        let consumer = try #require(text.range(of: #"RoleName="PersistentChatServer" Instance="1" />"#))
        let installedOn = try #require(text.range(of: "<InstalledOn>", range: consumer.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "</InstalledOn>", range: installedOn.upperBound..<text.endIndex))
        text.replaceSubrange(installedOn.lowerBound..<end.upperBound, with: """
            <InstalledOn>
                    <SqlInstanceId Name="pchat">
                      <ClusterId SiteId="1" Number="3" />
                    </SqlInstanceId>
                  </InstalledOn>
            """)
        text = text.replacingOccurrences(of: #"RoleName="PersistentChatServer""#, with: #"RoleName="\#(role)""#)
        let document = try TopologyDocument(bytes: Array(text.utf8), path: Self.name)
        #expect(findings(document, rule: "PLACE001").contains { $0.message.contains("server role 1-\(role)-1") })
    }

    @Test("the edits find the consumer under either name, and name PersistentChatService when there is none",
          arguments: ["PersistentChatServer", "PersistentChatService"])
    func edits(role: String) throws {
        var document = try Self.document(consumer: role)
        let instance = SQLInstanceRef(displayName: "sqlpc.contoso.com\\pchat")
        #expect(throws: TopologyEditError.poolHasStore(role: "PersistentChatStore", pool: "pc01.contoso.com")) {
            try document.addStore("PersistentChatStore", on: instance, forPool: "pc01.contoso.com")
        }
        #expect(throws: TopologyEditError.noConsumer(role: "PersistentChatStore", pool: "se01.contoso.com")) {
            try document.addStore("PersistentChatStore", on: instance, forPool: "se01.contoso.com")
        }
        #expect(TopologyEditError.noConsumer(role: "PersistentChatStore", pool: "se01.contoso.com").description
                == "se01.contoso.com runs no PersistentChatService service to use a PersistentChatStore")
    }
}
