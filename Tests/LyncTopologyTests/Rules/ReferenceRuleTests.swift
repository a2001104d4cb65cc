import Testing
import LyncTopology

/// REF001–REF005: dangling and duplicated references, each reported at the element that holds the reference.
@Suite("REF rules: references resolve")
struct ReferenceRuleTests {
    static let fileStoreInstalledOn = """
          <InstalledOn>
            <ClusterId SiteId="1" Number="5" />
          </InstalledOn>
    """

    @Test("REF001 a SQL instance on an undeclared cluster: an error at the SqlInstance")
    func instanceOnMissingCluster() throws {
        let added = """
            <SqlInstance>
              <SqlInstanceId Name="spare">
                <ClusterId SiteId="1" Number="9" />
              </SqlInstanceId>
            </SqlInstance>

        """
        let text = try insert(added, before: "  </SqlInstances>", in: mirroredText())
        let found = try findings("REF001", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"Name="spare""#, in: text)) - 1)
        #expect(found.first?.message.contains("1-9") == true)
    }

    @Test("REF001 a service installed on an undeclared cluster: an error at the Service")
    func serviceOnMissingCluster() throws {
        let text = try plant(mirroredText(), Self.fileStoreInstalledOn, Self.fileStoreInstalledOn.replacing(#"Number="5""#, with: #"Number="9""#))
        let found = try findings("REF001", in: text)
        let fileStore = try #require(read(text).topology.service("1-FileStore-1"))
        #expect(found.map(\.location) == [fileStore.location])
        #expect(fileStore.location.line == (try line(of: Self.fileStoreInstalledOn.replacing(#"Number="5""#, with: #"Number="9""#), in: text)) - 3)
        #expect(found.first?.message.contains("1-FileStore-1") == true)
    }

    @Test("REF002 a store on an undeclared SQL instance: an error at the store; case and MSSQLSERVER still resolve")
    func storeOnMissingInstance() throws {
        let mirrorStore = #"<ServiceId SiteId="1" RoleName="ApplicationStore" Instance="2" />"#
        let installed = """
        \(mirrorStore)
              <DependsOn />
              <InstalledOn>
                <SqlInstanceId Name="rtc">
        """
        let text = try plant(mirroredText(), installed, installed.replacing(#"Name="rtc""#, with: #"Name="rtc2""#))
        let found = try findings("REF002", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: mirrorStore, in: text, occurrence: 2)) - 1)
        #expect(found.first?.message.contains("'rtc2' on sql02.contoso.com") == true)

        let otherCase = try plant(mirroredText(), installed, installed.replacing(#"Name="rtc""#, with: #"Name="RTC""#))
        #expect(try findings("REF002", in: otherCase).isEmpty)
        let seaDefault = try plant(sampleText("two-sites-archiving-monitoring.xml"), #"<SqlInstanceId Name="">"#,
                                   #"<SqlInstanceId Name="MSSQLSERVER">"#, occurrence: 2)
        #expect(try validate(seaDefault).filter { $0.severity == .error }.isEmpty)
    }

    @Test("REF003 a dependency naming no service: an error at the Dependency")
    func danglingDependency() throws {
        let needle = #"<ServiceId SiteId="1" RoleName="FileStore" Instance="1" />"#
        let text = try plant(mirroredText(), needle, #"<ServiceId SiteId="1" RoleName="FileStore" Instance="7" />"#, occurrence: 1)
        let found = try findings("REF003", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"Instance="7""#, in: text)) - 1)
        #expect(found.first?.message.contains("1-FileStore-7") == true)
    }

    @Test("REF003 a Backup naming no service: an error at the Service; a paired pool's Backup resolves")
    func danglingBackup() throws {
        let original = try sampleText("two-sites-archiving-monitoring.xml")
        #expect(try findings("REF003", in: original).isEmpty)
        let backup = try range(of: "<Backup ", in: original, occurrence: 1)
        let after = original[backup.lowerBound...]
        let target = try #require(after.firstRange(of: #"<ServiceId SiteId="2""#))
        var text = original
        text.replaceSubrange(target, with: #"<ServiceId SiteId="3""#)
        let found = try findings("REF003", in: text)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("Backup") == true)
        let service = try read(text).topology.services.first { $0.backupServiceID?.hasPrefix("3-") == true }
        #expect(found.first?.location == service?.location)
    }

    @Test("REF003 in a .tbxml: a ServiceUniqueId naming nothing")
    func danglingUniqueIdDependency() throws {
        let needle = #"<Dependency ServiceUniqueId="c23a0cca-6fc2-4dfc-8127-edd418d2b534" Usage="Mirror" />"#
        let text = try plant(sampleText("pool-edit.tbxml"), needle, needle.replacing("c23a0cca", with: "deadbeef"))
        let found = try findings("REF003", in: text)
        #expect(found.map(\.location?.line) == [try line(of: "deadbeef", in: text)])
        #expect(found.first?.message.contains("UniqueId 'deadbeef-6fc2-4dfc-8127-edd418d2b534'") == true)
    }

    @Test("REF004 a .tbxml InstalledOn naming no cluster and no SQL instance: an error at the Service (NewTopology only)")
    func unresolvedInstalledOn() throws {
        let original = try sampleText("pool-edit.tbxml")
        let needle = #"UniqueId="1userservices1" InstalledOn="1-1""#
        let text = try plant(original, needle, #"UniqueId="1userservices1" InstalledOn="1-9""#, occurrence: 2)
        let found = try findings("REF004", in: text)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.location?.line == (try line(of: #"InstalledOn="1-9""#, in: text)))
        #expect(found.first?.message.contains("'1-9'") == true)
        let inOriginal = try plant(original, needle, #"UniqueId="1userservices1" InstalledOn="1-9""#, occurrence: 1)
        #expect(try findings("REF004", in: inOriginal).isEmpty, "the OriginalTopology is not what is validated")
    }

    @Test("REF005 a ClusterId or ServiceId declared twice: an error at the second")
    func duplicates() throws {
        let cluster = """
            <Cluster RequiresReplication="false" RequiresSetup="false" Fqdn="sql04.contoso.com">
              <ClusterId SiteId="1" Number="4" />
              <Machine OrdinalInCluster="1" Fqdn="sql04.contoso.com" />
            </Cluster>

        """
        let withCluster = try insert(cluster, before: "  </Clusters>", in: mirroredText())
        let clusterFindings = try findings("REF005", in: withCluster)
        #expect(clusterFindings.map(\.location?.line) == [try line(of: #"Fqdn="sql04.contoso.com">"#, in: withCluster)])
        #expect(clusterFindings.first?.message.contains("'1-4'") == true)

        let service = """
            <Service RoleVersion="1" ServiceVersion="7">
              <ServiceId SiteId="1" RoleName="ManagementServices" Instance="1" />
              <DependsOn />
              <InstalledOn>
                <ClusterId SiteId="1" Number="6" />
              </InstalledOn>
            </Service>

        """
        let withService = try insert(service, before: "  </Services>", in: mirroredText())
        let serviceFindings = try findings("REF005", in: withService)
        #expect(serviceFindings.count == 1)
        #expect(serviceFindings.first?.location?.line == (try line(of: #"RoleName="ManagementServices" Instance="1""#, in: withService, occurrence: 2)) - 1)
    }

    @Test("REF005 in a .tbxml: a SQL instance reusing a cluster's UniqueId")
    func duplicateUniqueId() throws {
        let needle = #"<SqlInstance UniqueId="6fe2add8-46cf-4d4f-a936-2346aa6de893" Name="mon" />"#
        let text = try plant(sampleText("pool-edit.tbxml"), needle, #"<SqlInstance UniqueId="1-3" Name="mon" />"#)
        let found = try findings("REF005", in: text)
        #expect(found.map(\.location?.line) == [try line(of: #"<SqlInstance UniqueId="1-3""#, in: text)])
    }

    @Test("near misses: every reference of the samples and the corpus resolves")
    func nearMisses() throws {
        for name in ["enterprise-mirrored.xml", "standard-edition.xml", "two-sites-archiving-monitoring.xml", "pool-edit.tbxml",
                     "alwayson-pool.xml", "paired-sites-standby-cms.xml", "new-design.tbxml"] {
            #expect(try TopologyValidator.validate(sample(name)).filter { $0.rule.hasPrefix("REF") }.isEmpty, "\(name)")
        }
    }
}
