import Foundation
import Testing
@testable import LyncTopology

/// A sample's text, to be edited and read back.
func rawSampleText(_ name: String) throws -> String {
    String(decoding: try FileIO.read(path: paths.sample(name), limit: 1 << 26), as: UTF8.self)
}

struct EditDidNotApply: Error, CustomStringConvertible {
    var description: String
}

extension String {
    /// Replaces every occurrence; the text must occur.
    mutating func replace(_ old: String, with new: String) throws {
        guard contains(old) else { throw EditDidNotApply(description: "not found: \(old)") }
        self = replacingOccurrences(of: old, with: new)
    }

    /// Replaces the first occurrence of `old` after `marker`.
    mutating func replace(_ old: String, with new: String, after marker: String) throws {
        guard let start = range(of: marker)?.upperBound, let target = range(of: old, range: start..<endIndex) else {
            throw EditDidNotApply(description: "not found after \(marker): \(old)")
        }
        replaceSubrange(target, with: new)
    }

    /// Removes every match of a regular expression; it must match.
    mutating func remove(pattern: String) throws {
        guard range(of: pattern, options: .regularExpression) != nil else { throw EditDidNotApply(description: "no match: \(pattern)") }
        self = replacingOccurrences(of: pattern, with: "", options: .regularExpression)
    }

    /// Removes a published `Service` element by its key.
    mutating func removeService(_ role: String, _ instance: String) throws {
        try remove(pattern: #"(?s)\n    <Service [^>]*>\n      <ServiceId SiteId="1" RoleName="\#(role)" Instance="\#(instance)" />.*?\n    </Service>"#)
    }

    /// Removes every `Dependency` with this usage on this service.
    mutating func removeDependency(_ usage: String, _ role: String, _ instance: String) throws {
        try remove(pattern: #"\n        <Dependency Usage="\#(usage)">\n          <ServiceId SiteId="1" RoleName="\#(role)" Instance="\#(instance)" />\n        </Dependency>"#)
    }

    /// Adds the SQL Server sql04.contoso.com (ClusterId 1-7) with an instance `rtc`.
    mutating func addSQL04() throws {
        try replace("  </Clusters>", with: """
                <Cluster RequiresReplication="false" RequiresSetup="false" Fqdn="sql04.contoso.com">
                  <ClusterId SiteId="1" Number="7" />
                  <Machine OrdinalInCluster="1" Fqdn="sql04.contoso.com" FaultDomain="sql04.contoso.com" UpgradeDomain="sql04.contoso.com" />
                </Cluster>
              </Clusters>
            """)
        try replace("  </SqlInstances>", with: """
                <SqlInstance>
                  <SqlInstanceId Name="rtc">
                    <ClusterId SiteId="1" Number="7" />
                  </SqlInstanceId>
                </SqlInstance>
              </SqlInstances>
            """)
    }
}

let mirroredSample = "enterprise-mirrored.xml"

/// The changes from the mirrored sample to the sample edited by `edit`.
func changesAfterEditing(_ edit: (inout String) throws -> Void) throws -> [TopologyChange] {
    try reportAfterEditing(edit).changes
}

func reportAfterEditing(_ edit: (inout String) throws -> Void) throws -> TopologyDiffReport {
    var text = try rawSampleText(mirroredSample)
    try edit(&text)
    let new = try read(text)
    #expect(new.topology.findings.isEmpty, "the edited sample reads cleanly: \(new.topology.findings.map(\.message))")
    return TopologyDiff.report(old: try sample(mirroredSample).topology, new: new.topology)
}

/// Strips whitespace between elements, reverses every element's attributes and writes the Topology namespace
/// with a `t:` prefix instead of as the default namespace.
func scrambled(_ element: XMLElement, isRoot: Bool = false) -> XMLElement {
    var element = element
    if element.namespaceURI == TopologyNamespace.topology { element.prefix = "t" }
    element.attributes.reverse()
    if isRoot {
        element.attributes.removeAll { $0.isNamespaceDeclaration && $0.prefix == nil }
        element.attributes.insert(XMLAttribute(prefix: "xmlns", localName: "t", value: TopologyNamespace.topology), at: 0)
    }
    element.children = element.children.compactMap { child in
        switch child {
        case .text(let text) where text.allSatisfy(\.isWhitespace): return nil
        case .element(let inner): return .element(scrambled(inner))
        default: return child
        }
    }
    return element
}

@Suite("Diff: what does not count as a change")
struct DiffNoChangeTests {
    @Test("a document compared with itself has no changes", arguments: [
        "enterprise-mirrored.xml", "standard-edition.xml", "two-sites-archiving-monitoring.xml", "pool-edit.tbxml",
    ])
    func identicalSamples(name: String) throws {
        let document = try sample(name)
        #expect(TopologyDiff.compare(old: document.topology, new: document.topology).isEmpty)
        let again = try sample(name)
        #expect(TopologyDiff.compare(old: document.topology, new: again.topology).isEmpty)
    }

    @Test("every public corpus document compared with itself has no changes", .needsCorpus, arguments: [
        "01-sfb2019-standard-edition.xml", "02-sfb2015-standard-edition-edge-pstn-gateway.xml",
        "03-sfb2015-enterprise-pool-alwayson-sql-wac.xml", "04-lync2013-two-sites-paired-se-pools-edge.xml",
        "05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml", "06-tbxml-downloaded-original-and-new-topology.tbxml",
    ])
    func identicalCorpus(name: String) throws {
        let topology = try corpus(name).topology
        #expect(TopologyDiff.compare(old: topology, new: topology).isEmpty)
    }

    @Test("a downloaded .tbxml whose NewTopology was not edited: signature, IsPublished and SiteId attributes are no change", .needsCorpus)
    func unEditedDownload() throws {
        let document = try corpus("06-tbxml-downloaded-original-and-new-topology.tbxml")
        let original = try #require(document.original)
        #expect(original.signature == document.topology.signature)
        #expect(TopologyDiff.compare(old: original, new: document.topology).isEmpty)
    }

    @Test("the UTF-16 sample re-encoded as UTF-8, without whitespace, attributes reversed, prefixed: no changes")
    func reEncoded() throws {
        let document = try sample("standard-edition.xml")
        var xml = document.xml
        xml.format = XMLDocumentFormat(encoding: .utf8, byteOrderMark: false, lineEnding: .lf,
                                       declaration: #"<?xml version="1.0" encoding="UTF-8"?>"#)
        xml.root = scrambled(xml.root, isRoot: true)
        let bytes = XMLWriter().bytes(xml)
        #expect(bytes != document.serialized())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("<t:Topology xmlns:t=") && text.contains("<t:Cluster Fqdn="))
        let reread = try TopologyDocument(bytes: bytes, path: "scrambled.xml")
        #expect(reread.xml.format.encoding == .utf8)
        #expect(reread.topology.clusters.count == document.topology.clusters.count)
        #expect(TopologyDiff.compare(old: document.topology, new: reread.topology).isEmpty)
        #expect(TopologyDiff.compare(old: reread.topology, new: document.topology).isEmpty)
    }

    @Test("published XML and the .tbxml OriginalTopology describing the same deployment: no changes")
    func publishedVersusBuilderOriginal() throws {
        let published = try TopologyDocument.load(path: paths.packageRoot + "/Tests/LyncTopologyTests/Fixtures/pool-edit-original.xml")
        let builder = try sample("pool-edit.tbxml")
        let original = try #require(builder.original)
        #expect(published.kind == .topology)
        #expect(TopologyDiff.compare(old: published.topology, new: original).isEmpty)
        #expect(TopologyDiff.compare(old: original, new: published.topology).isEmpty)
    }

    @Test("a .tbxml's new objects (GUID UniqueIds, no published keys) and the topology as published with numbers: no changes")
    func builderNewVersusPublished() throws {
        let published = try TopologyDocument.load(path: paths.packageRoot + "/Tests/LyncTopologyTests/Fixtures/pool-edit-published.xml")
        let builder = try sample("pool-edit.tbxml").topology
        #expect(builder.cluster(fqdn: "sql02.fabrikam.com")?.publishedID == nil)
        #expect(published.topology.cluster(fqdn: "sql02.fabrikam.com")?.publishedID == "1-4")
        #expect(TopologyDiff.compare(old: builder, new: published.topology).isEmpty)
    }

    @Test("a renumbered but otherwise identical pool is one changed ClusterId, not a removed and an added pool")
    func renumberedPool() throws {
        let changes = try changesAfterEditing { try $0.replace(#"<ClusterId SiteId="1" Number="1" />"#, with: #"<ClusterId SiteId="1" Number="9" />"#) }
        #expect(changes == [TopologyChange(kind: .changed, entity: .pool, id: "pool01.contoso.com", field: "clusterId", old: "1-1", new: "1-9")])
    }

    @Test("a renumbered store service is one changed ServiceId; its store, mirror and witness are unchanged")
    func renumberedService() throws {
        let changes = try changesAfterEditing {
            try $0.replace(#"RoleName="UserStore" Instance="1" />"#, with: #"RoleName="UserStore" Instance="5" />"#)
        }
        #expect(changes == [TopologyChange(kind: .changed, entity: .service, id: "1-UserStore-5", field: "serviceId",
                                           old: "1-UserStore-1", new: "1-UserStore-5")])
    }

    @Test("FQDN case and instance-name case are no change")
    func caseOnly() throws {
        let changes = try changesAfterEditing {
            try $0.replace(#"Fqdn="sql02.contoso.com""#, with: #"Fqdn="SQL02.Contoso.com""#)
            try $0.replace(#"<SqlInstanceId Name="witness">"#, with: #"<SqlInstanceId Name="WITNESS">"#)
        }
        #expect(changes.isEmpty)
    }
}

@Suite("Diff: each kind of change alone")
struct DiffSingleChangeTests {
    @Test("site: renamed, and a site added")
    func sites() throws {
        let renamed = try changesAfterEditing { try $0.replace("<Name>Dublin</Name>", with: "<Name>Cork</Name>") }
        #expect(renamed == [TopologyChange(kind: .changed, entity: .site, id: "1", field: "name", old: "Dublin", new: "Cork")])
        let added = try changesAfterEditing {
            try $0.replace("  </Sites>", with: "    <CentralSite SiteId=\"2\">\n      <Name>Paris</Name>\n    </CentralSite>\n  </Sites>")
        }
        #expect(added == [TopologyChange(kind: .added, entity: .site, id: "2", new: "Paris")])
    }

    @Test("domain: added, and the default domain changed")
    func domains() throws {
        let changes = try changesAfterEditing {
            try $0.replace(#"DefaultDomain="contoso.com">"#, with: #"DefaultDomain="fabrikam.com">"#)
            try $0.replace("  </InternalDomains>", with: "    <InternalDomain Name=\"fabrikam.com\" Authoritative=\"true\" AllowSubDomains=\"false\" />\n  </InternalDomains>")
        }
        #expect(changes == [
            TopologyChange(kind: .changed, entity: .domain, id: "contoso.com", field: "default", old: "true", new: "false"),
            TopologyChange(kind: .added, entity: .domain, id: "fabrikam.com", new: "default domain"),
        ])
    }

    @Test("pool FQDN changed under the same ClusterId: one change, and a warning that a publish cannot rename a pool")
    func poolRenamed() throws {
        let report = try reportAfterEditing { try $0.replace(#"Fqdn="pool01.contoso.com""#, with: #"Fqdn="pool02.contoso.com""#) }
        #expect(report.changes == [TopologyChange(kind: .changed, entity: .pool, id: "pool02.contoso.com", field: "fqdn",
                                                  old: "pool01.contoso.com", new: "pool02.contoso.com")])
        let warning = try #require(report.impact.warnings.first { $0.rule == "DIFF001" })
        #expect(warning.id == "pool02.contoso.com" && warning.severity == .warning)
        #expect(warning.message.contains("cannot rename"))
    }

    @Test("between two .tbxml files, a cluster not yet published keeps its UniqueId: an FQDN change, not a removed and an added pool")
    func builderRename() throws {
        let before = try sample("pool-edit.tbxml").topology
        var text = try rawSampleText("pool-edit.tbxml")
        try text.replace(#"Fqdn="sqlmon.fabrikam.com""#, with: #"Fqdn="sqlmon2.fabrikam.com""#)
        let after = try read(text).topology
        #expect(before.cluster(fqdn: "sqlmon.fabrikam.com")?.publishedID == nil)
        let report = TopologyDiff.report(old: before, new: after)
        #expect(report.changes == [TopologyChange(kind: .changed, entity: .pool, id: "sqlmon2.fabrikam.com", field: "fqdn",
                                                  old: "sqlmon.fabrikam.com", new: "sqlmon2.fabrikam.com")])
        #expect(report.impact.warnings.map(\.rule) == ["DIFF001"])
    }

    @Test("a new Front End pool: the pool and its machines added, and one note to run Setup on its servers")
    func poolAdded() throws {
        let report = try reportAfterEditing {
            try $0.replace("  </Clusters>", with: """
                    <Cluster RequiresReplication="true" RequiresSetup="true" Fqdn="pool02.contoso.com">
                      <ClusterId SiteId="1" Number="8" />
                      <Machine OrdinalInCluster="1" Fqdn="fe21.contoso.com" />
                      <Machine OrdinalInCluster="2" Fqdn="fe22.contoso.com" />
                    </Cluster>
                  </Clusters>
                """)
            try $0.replace("  </Services>", with: """
                    <Service RoleVersion="1" ServiceVersion="7">
                      <ServiceId SiteId="1" RoleName="Registrar" Instance="2" />
                      <DependsOn />
                      <InstalledOn>
                        <ClusterId SiteId="1" Number="8" />
                      </InstalledOn>
                    </Service>
                  </Services>
                """)
        }
        #expect(report.changes.map(\.entity) == [.pool, .machine, .machine, .service])
        #expect(report.changes.allSatisfy { $0.kind == .added })
        #expect(report.changes.first?.new == "Enterprise Edition Front End pool, site 1; Registrar")
        #expect(report.impact.warnings.map(\.rule) == ["DIFF008"])
        #expect(report.impact.warnings.first?.message.contains("fe21.contoso.com, fe22.contoso.com") == true)
    }

    @Test("machine: removed from a pool, added to a pool, fault domain changed")
    func machines() throws {
        let removed = try changesAfterEditing {
            try $0.remove(pattern: #"(?s)\n      <Machine OrdinalInCluster="3" Fqdn="fe03.contoso.com".*?</Machine>"#)
        }
        #expect(removed == [TopologyChange(kind: .removed, entity: .machine, id: "fe03.contoso.com", old: "in pool01.contoso.com")])
        let report = try reportAfterEditing {
            try $0.replace(#"Fqdn="fe03.contoso.com""#, with: #"Fqdn="fe04.contoso.com""#)
            try $0.replace(#"FaultDomain="FaultDomain2""#, with: #"FaultDomain="FaultDomain9""#)
        }
        #expect(report.changes == [
            TopologyChange(kind: .removed, entity: .machine, id: "fe03.contoso.com", old: "in pool01.contoso.com"),
            TopologyChange(kind: .changed, entity: .machine, id: "fe02.contoso.com", field: "faultDomain", old: "FaultDomain2", new: "FaultDomain9"),
            TopologyChange(kind: .added, entity: .machine, id: "fe04.contoso.com", new: "in pool01.contoso.com"),
        ])
        #expect(report.impact.warnings.contains { $0.rule == "DIFF008" && $0.id == "fe04.contoso.com" && $0.severity == .note })
    }

    @Test("SQL instance: mirroring port changed; a server with an instance added")
    func sqlInstances() throws {
        let port = try changesAfterEditing { try $0.replace(#"MirroringPort="7022""#, with: #"MirroringPort="7023""#) }
        #expect(port == [TopologyChange(kind: .changed, entity: .sqlInstance, id: "sql03.contoso.com\\witness", field: "mirroringPort",
                                        old: "7022", new: "7023")])
        let added = try changesAfterEditing { try $0.addSQL04() }
        #expect(added.map(\.kind) == [.added, .added])
        #expect(added.map(\.entity) == [.pool, .sqlInstance])
        #expect(added.map(\.id) == ["sql04.contoso.com", "sql04.contoso.com\\rtc"])
    }

    @Test("store moved to another server\\instance: one store change, and a warning that its data does not move")
    func storeMoved() throws {
        let report = try reportAfterEditing {
            try $0.addSQL04()
            try $0.replace(#"<ClusterId SiteId="1" Number="2" />"#, with: #"<ClusterId SiteId="1" Number="7" />"#,
                           after: #"<ServiceId SiteId="1" RoleName="UserStore" Instance="1" />"#)
        }
        let storeChanges = report.changes.filter { $0.entity == .store }
        #expect(storeChanges == [TopologyChange(kind: .changed, entity: .store, id: "UserStore:sql04.contoso.com\\rtc", field: "sqlInstance",
                                                old: "sql01.contoso.com\\rtc", new: "sql04.contoso.com\\rtc")])
        #expect(report.changes.filter { $0.entity == .service }.isEmpty, "the store service is shown as the store, not again as a service")
        #expect(report.changes.filter { $0.entity == .mirror || $0.entity == .witness }.isEmpty)
        #expect(report.impact.warnings.map(\.rule) == ["DIFF005"])
    }

    @Test("mirror removed: one change, and a warning to run Uninstall-CsMirrorDatabase on the primary first")
    func mirrorRemoved() throws {
        let report = try reportAfterEditing {
            try $0.removeDependency("Mirror", "UserStore", "2")
            try $0.removeService("UserStore", "2")
        }
        #expect(report.changes == [TopologyChange(kind: .removed, entity: .mirror, id: "UserStore:sql01.contoso.com\\rtc", old: "sql02.contoso.com\\rtc")])
        let warning = try #require(report.impact.warnings.first)
        #expect(warning.rule == "DIFF002" && warning.entity == .mirror)
        #expect(warning.message.contains("every Front End of pool01.contoso.com restarts"))
        #expect(warning.commands == [PowerShellCommand("Uninstall-CsMirrorDatabase", [
            .init("SqlServerFqdn", .fqdn("sql01.contoso.com")), .init("SqlInstanceName", .sqlInstance("rtc")),
            .init("DatabaseType", .text("User")), .init("DropExistingDatabasesOnMirror", .switch),
        ])])
        #expect(PowerShell.render(warning.commands) == ["Uninstall-CsMirrorDatabase -SqlServerFqdn 'sql01.contoso.com' -SqlInstanceName 'rtc' -DatabaseType 'User' -DropExistingDatabasesOnMirror"])
    }

    @Test("mirror moved to another server: one change from the old mirror to the new, and the uninstall warning")
    func mirrorMoved() throws {
        let report = try reportAfterEditing {
            try $0.addSQL04()
            try $0.replace(#"<ClusterId SiteId="1" Number="3" />"#, with: #"<ClusterId SiteId="1" Number="7" />"#,
                           after: #"<ServiceId SiteId="1" RoleName="UserStore" Instance="2" />"#)
        }
        #expect(report.changes.filter { $0.entity == .mirror } == [
            TopologyChange(kind: .changed, entity: .mirror, id: "UserStore:sql01.contoso.com\\rtc", field: "sqlInstance",
                           old: "sql02.contoso.com\\rtc", new: "sql04.contoso.com\\rtc"),
        ])
        #expect(report.changes.filter { $0.entity != .mirror }.map(\.entity) == [.pool, .sqlInstance], "sql04 and its instance are new")
        #expect(report.impact.warnings.map(\.rule) == ["DIFF002"])
        #expect(report.impact.warnings.first?.message.contains("moves from sql02.contoso.com\\rtc to sql04.contoso.com\\rtc") == true)
    }

    @Test("mirror added to a store that had none: one change and a warning that Front Ends restart")
    func mirrorAdded() throws {
        // The old side has no mirror for UserStore; the sample (new side) has one.
        var text = try rawSampleText(mirroredSample)
        try text.removeDependency("Mirror", "UserStore", "2")
        try text.removeService("UserStore", "2")
        let old = try read(text).topology
        let report = TopologyDiff.report(old: old, new: try sample(mirroredSample).topology)
        #expect(report.changes == [TopologyChange(kind: .added, entity: .mirror, id: "UserStore:sql01.contoso.com\\rtc", new: "sql02.contoso.com\\rtc")])
        #expect(report.impact.warnings.map(\.rule) == ["DIFF003"])
    }

    @Test("witness removed while the mirrors stay: a change per store, and a warning that the mirror must be reinstalled")
    func witnessRemoved() throws {
        let report = try reportAfterEditing {
            try $0.removeDependency("Witness", "WitnessStore", "1")
            try $0.removeService("WitnessStore", "1")
        }
        #expect(report.changes == ["UserStore", "ApplicationStore", "CentralMgmtStore"].map {
            TopologyChange(kind: .removed, entity: .witness, id: "\($0):sql01.contoso.com\\rtc", old: "sql03.contoso.com\\witness")
        })
        #expect(report.impact.warnings.map(\.rule) == ["DIFF004", "DIFF004", "DIFF004"])
        #expect(report.impact.warnings.first?.commands.first.map(PowerShell.render)?.hasPrefix("Uninstall-CsMirrorDatabase -SqlServerFqdn 'sql01.contoso.com'") == true)
    }

    @Test("service: a dependency removed, a port changed, role settings changed")
    func serviceSettings() throws {
        let changes = try changesAfterEditing {
            try $0.removeDependency("Default", "EdgeServer", "1")
            try $0.replace(#"Port="4443" Protocol="Https" UrlPath="/" AuthorizesRequests="false" ConfiguredPort="443""#,
                           with: #"Port="4444" Protocol="Https" UrlPath="/" AuthorizesRequests="false" ConfiguredPort="443""#)
            try $0.replace(#"IsDirector="false""#, with: #"IsDirector="true""#)
            try $0.replace(#"ShareName="share""#, with: #"ShareName="lyncshare""#)
        }
        #expect(changes.contains(TopologyChange(kind: .removed, entity: .service, id: "1-Registrar-1", field: "dependency", old: "1-EdgeServer-1")))
        #expect(changes.contains(TopologyChange(kind: .removed, entity: .service, id: "1-MediationServer-1", field: "dependency", old: "1-EdgeServer-1")))
        #expect(changes.contains(TopologyChange(kind: .changed, entity: .service, id: "1-WebServices-1",
                                                field: "port[urn:component:OCSWebSite WebSite External/1 Https /]",
                                                old: "4443 (ConfiguredPort=443)", new: "4444 (ConfiguredPort=443)")))
        #expect(changes.contains(TopologyChange(kind: .changed, entity: .service, id: "1-Registrar-1", field: "isDirector", old: "false", new: "true")))
        #expect(changes.contains(TopologyChange(kind: .changed, entity: .service, id: "1-FileStore-1", field: "shareName", old: "share", new: "lyncshare")))
        #expect(changes.count == 5)
        #expect(changes.allSatisfy { $0.entity == .service })
    }

    @Test("service: removed, added, and a port added; the pool it joins changes kind")
    func servicesAddedRemoved() throws {
        let changes = try changesAfterEditing {
            try $0.removeService("MediationServer", "1")
            try $0.replace(#"<Port Owner="urn:component:ReplicationService" Usage="Replication" InterfaceSide="Internal" InterfaceNumber="1" Port="4443" Protocol="Https" UrlPath="/" AuthorizesRequests="false" />"#,
                           with: #"<Port Owner="urn:component:ReplicationService" Usage="Replication" InterfaceSide="Internal" InterfaceNumber="1" Port="4443" Protocol="Https" UrlPath="/" AuthorizesRequests="false" /><Port Owner="urn:component:XmppFederation" Usage="SipServer" InterfaceSide="Internal" InterfaceNumber="1" Port="23456" Protocol="Mtls" UrlPath="/" AuthorizesRequests="true" />"#)
            try $0.replace("  </Services>", with: """
                    <Service RoleVersion="1" ServiceVersion="7">
                      <ServiceId SiteId="1" RoleName="PstnGateway" Instance="1" />
                      <DependsOn />
                      <InstalledOn>
                        <ClusterId SiteId="1" Number="5" />
                      </InstalledOn>
                    </Service>
                  </Services>
                """)
        }
        #expect(changes == [
            TopologyChange(kind: .changed, entity: .pool, id: "fs01.contoso.com", field: "kind", old: "file", new: "other"),
            TopologyChange(kind: .removed, entity: .service, id: "1-MediationServer-1", old: "MediationServer on pool01.contoso.com"),
            TopologyChange(kind: .added, entity: .service, id: "1-ManagementServices-1",
                           field: "port[urn:component:XmppFederation SipServer Internal/1 Mtls /]", new: "23456 (AuthorizesRequests=true)"),
            TopologyChange(kind: .added, entity: .service, id: "1-PstnGateway-1", new: "PstnGateway on fs01.contoso.com"),
        ])
    }

    @Test("the active CMS deactivated: a changed IsActive, and a warning that a publish cannot remove the CMS")
    func centralManagement() throws {
        let report = try reportAfterEditing { try $0.replace(#"IsActive="true""#, with: #"IsActive="false""#) }
        #expect(report.changes == [TopologyChange(kind: .changed, entity: .service, id: "1-CentralMgmt-1", field: "isActive", old: "true", new: "false")])
        #expect(report.impact.warnings.map(\.rule) == ["DIFF006"])
    }

    @Test("store removed: one change, and a note that its databases stay")
    func storeRemoved() throws {
        var text = try rawSampleText("two-sites-archiving-monitoring.xml")
        let old = try read(text).topology
        let archiving = try #require(old.stores.first { $0.role == "ArchivingStore" })
        let key = try #require(old.service(archiving.serviceID)?.key)
        try text.remove(pattern: #"(?s)\s*<Dependency Usage="Default">\s*<ServiceId SiteId="\#(key.siteID)" RoleName="ArchivingStore" Instance="\#(key.instance)" />\s*</Dependency>"#)
        try text.remove(pattern: #"(?s)\s*<Service [^>]*>\s*<ServiceId SiteId="\#(key.siteID)" RoleName="ArchivingStore" Instance="\#(key.instance)" />.*?</Service>"#)
        let report = TopologyDiff.report(old: old, new: try read(text).topology)
        #expect(report.changes.filter { $0.entity != .service }
                == [TopologyChange(kind: .removed, entity: .store, id: archiving.displayName, old: "Archiving: LcsLog; for pool-sea.contoso.com, se-lon.contoso.com")])
        #expect(report.changes.filter { $0.entity == .service }.map(\.field) == ["dependency", "dependency"], "both Registrars lose it")
        #expect(report.impact.warnings.map(\.rule) == ["DIFF007"])
    }
}

@Suite("Diff: a realistic edit")
struct DiffRealisticEditTests {
    @Test("pool-edit.tbxml, OriginalTopology against NewTopology: fe03, the sql02 mirror, the sqlmon Monitoring store")
    func poolEdit() throws {
        let document = try sample("pool-edit.tbxml")
        let original = try #require(document.original)
        let changes = TopologyDiff.compare(old: original, new: document.topology)
        #expect(changes == [
            TopologyChange(kind: .added, entity: .pool, id: "sql02.fabrikam.com", new: "SQL Server, site 1"),
            TopologyChange(kind: .added, entity: .pool, id: "sqlmon.fabrikam.com", new: "SQL Server, site 1"),
            TopologyChange(kind: .added, entity: .machine, id: "fe03.fabrikam.com", new: "in pool01.fabrikam.com"),
            TopologyChange(kind: .changed, entity: .sqlInstance, id: "sql01.fabrikam.com", field: "mirroringPort", old: nil, new: "5022"),
            TopologyChange(kind: .added, entity: .sqlInstance, id: "sql02.fabrikam.com",
                           new: "default instance, holds UserStore, ApplicationStore, mirroring port 5022"),
            TopologyChange(kind: .added, entity: .sqlInstance, id: "sqlmon.fabrikam.com\\mon", new: "holds MonitoringStore"),
            TopologyChange(kind: .added, entity: .store, id: "MonitoringStore:sqlmon.fabrikam.com\\mon",
                           new: "Monitoring: LcsCDR, QoEMetrics; for pool01.fabrikam.com"),
            TopologyChange(kind: .added, entity: .mirror, id: "UserStore:sql01.fabrikam.com", new: "sql02.fabrikam.com"),
            TopologyChange(kind: .added, entity: .mirror, id: "ApplicationStore:sql01.fabrikam.com", new: "sql02.fabrikam.com"),
            TopologyChange(kind: .added, entity: .service, id: "1-Registrar-1", field: "dependency",
                           new: "MonitoringStore@sqlmon.fabrikam.com\\mon"),
        ])
        let impact = TopologyDiff.publishImpact(old: original, new: document.topology)
        #expect(impact.warnings.map(\.rule) == ["DIFF003", "DIFF003", "DIFF008"])
    }

    @Test("the same edit, published XML before and after: the same changes, with published keys for new services")
    func poolEditPublished() throws {
        let fixtures = paths.packageRoot + "/Tests/LyncTopologyTests/Fixtures/"
        let before = try TopologyDocument.load(path: fixtures + "pool-edit-original.xml").topology
        let after = try TopologyDocument.load(path: fixtures + "pool-edit-published.xml").topology
        let builder = try sample("pool-edit.tbxml")
        let expected = TopologyDiff.compare(old: try #require(builder.original), new: builder.topology).map { change in
            var change = change
            if change.new == "MonitoringStore@sqlmon.fabrikam.com\\mon" { change.new = "1-MonitoringStore-1" }
            return change
        }
        #expect(TopologyDiff.compare(old: before, new: after) == expected)
    }

    @Test("several edits at once on the mirrored sample: each reported once, in entity order")
    func severalEdits() throws {
        let report = try reportAfterEditing {
            try $0.replace("<Name>Dublin</Name>", with: "<Name>Cork</Name>")
            try $0.remove(pattern: #"(?s)\n      <Machine OrdinalInCluster="3" Fqdn="fe03.contoso.com".*?</Machine>"#)
            try $0.addSQL04()
            try $0.replace(#"<ClusterId SiteId="1" Number="3" />"#, with: #"<ClusterId SiteId="1" Number="7" />"#,
                           after: #"<ServiceId SiteId="1" RoleName="ApplicationStore" Instance="2" />"#)
            try $0.replace(#"IsDirector="false""#, with: #"IsDirector="true""#)
        }
        #expect(report.changes.map(\.entity) == [.site, .pool, .machine, .sqlInstance, .mirror, .service])
        #expect(report.changes.map(\.kind) == [.changed, .added, .removed, .added, .changed, .changed])
        #expect(report.impact.warnings.map(\.rule) == ["DIFF002"])
    }
}

@Suite("Diff: publish impact")
struct DiffPublishImpactTests {
    @Test("the publish is simulated with the old topology's stores taken as existing")
    func existingFromOld() throws {
        let document = try sample("pool-edit.tbxml")
        let impact = TopologyDiff.publishImpact(old: try #require(document.original), new: document.topology)
        #expect(impact.plan.existingSource == .originalTopology)
        #expect(impact.plan.product == .lyncServer2013)
        // Only what the edit adds is created: the Monitoring databases on sqlmon and the mirror copies on sql02;
        // nothing for sql01, whose databases exist.
        #expect(impact.createDatabases.map { "\($0.sqlServer)\\\($0.instance) \($0.database)" }
                == ["sqlmon.fabrikam.com\\mon LcsCDR", "sqlmon.fabrikam.com\\mon QoEMetrics"])
        #expect(impact.createDatabases.allSatisfy { $0.action == .create })
        #expect(impact.createMirrorDatabases.map(\.database) == ["rtcxds", "rtcshared", "rtcab", "rgsconfig", "rgsdyn", "cpsdyn"])
        #expect(impact.createMirrorDatabases.allSatisfy {
            $0.sqlServer == "sql02.fabrikam.com" && $0.instance == "" && $0.primary == SQLInstanceRef(sqlServer: "sql01.fabrikam.com", instance: "")
        })
    }

    @Test("only databases the publish creates are listed; those that exist are not")
    func onlyCreated() {
        let created = PlannedDatabase(sqlServer: "sqlmon.fabrikam.com", instance: "mon", role: "MonitoringStore", databaseType: "Monitoring",
                                      database: "LcsCDR", action: .create, reason: "new store")
        var existing = created
        existing.database = "xds"
        existing.action = .exists
        let mirror = PlannedMirrorDatabase(sqlServer: "sql02.fabrikam.com", instance: "", role: "UserStore", databaseType: "User",
                                           database: "rtcxds", primary: SQLInstanceRef(sqlServer: "sql01.fabrikam.com", instance: ""),
                                           witness: nil, fileShare: nil, action: .create, reason: "new mirror")
        var existingMirror = mirror
        existingMirror.action = .exists
        let plan = PublishPlan(product: .lyncServer2013, existingSource: .originalTopology,
                               centralManagement: CentralManagementChoice(pool: nil, store: nil, isExisting: false, candidates: []),
                               createDatabases: [existing, created], createMirrorDatabases: [existingMirror, mirror],
                               collocatedDatabases: [], findings: [], isBlocked: false)
        let impact = PublishImpact(plan: plan, warnings: [])
        #expect(impact.createDatabases == [created])
        #expect(impact.createMirrorDatabases == [mirror])

        let json = DiffRendering.impactJSON(impact, path: "x.tbxml")
        guard case .array(let databases)? = json["createDatabases"], case .array(let mirrors)? = json["createMirrorDatabases"] else {
            Issue.record("createDatabases and createMirrorDatabases are arrays")
            return
        }
        guard case .object(let entry)? = databases.first, case .object(let mirrorEntry)? = mirrors.first else {
            Issue.record("entries are objects")
            return
        }
        #expect(entry.map(\.0) == ["sqlServer", "instance", "role", "databaseType", "database", "action", "reason"])
        #expect(mirrorEntry.map(\.0) == ["sqlServer", "instance", "role", "databaseType", "database", "primary", "witness", "action", "reason"])
        #expect(databases.first?["action"] == "create" && mirrors.first?["primary"]?["sqlServer"] == "sql01.fabrikam.com")
        let text = DiffRendering.impactText(impact, path: "x.tbxml")
        #expect(text.contains("    sqlmon.fabrikam.com\\mon  MonitoringStore (Monitoring): LcsCDR\n"))
        #expect(text.contains("    sql02.fabrikam.com  UserStore (User), mirror of sql01.fabrikam.com: rtcxds\n"))
    }

    @Test("a database type with a control character withholds the command too, saying why")
    func controlCharacterInDatabaseType() throws {
        let text = try rawSampleText(mirroredSample)
        var edited = text
        try edited.removeDependency("Mirror", "UserStore", "2")
        try edited.removeService("UserStore", "2")
        let role = "User&#9;Store"
        let old = try read(text.replacingOccurrences(of: #"RoleName="UserStore""#, with: "RoleName=\"\(role)\"")).topology
        let new = try read(edited.replacingOccurrences(of: #"RoleName="UserStore""#, with: "RoleName=\"\(role)\"")).topology
        let impact = TopologyDiff.publishImpact(old: old, new: new)
        let warning = try #require(impact.warnings.first { $0.rule == "DIFF002" })
        #expect(warning.commands.isEmpty)
        #expect(warning.message.hasSuffix("; no command is printed: the value 'User\\u{9}Store' contains a control character"))
    }

    @Test("a printed command never carries a name that fails the invariants")
    func unsafeNames() throws {
        var text = try rawSampleText(mirroredSample)
        try text.replace(#"Fqdn="sql01.contoso.com""#, with: #"Fqdn="sql01.contoso.com'; Remove-Item C:\ -Recurse; '""#)
        let old = try read(text).topology
        var edited = text
        try edited.removeDependency("Mirror", "UserStore", "2")
        try edited.removeService("UserStore", "2")
        let impact = TopologyDiff.publishImpact(old: old, new: try read(edited).topology)
        let warning = try #require(impact.warnings.first { $0.rule == "DIFF002" })
        #expect(warning.commands.isEmpty)
        #expect(warning.message.contains("no command is printed"))
    }
}

@Suite("diff: dangling references (fuzzer regressions)")
struct DiffDanglingReferenceTests {
    @Test("a SQL instance whose ClusterId names no cluster is the same instance on both sides")
    func danglingInstance() throws {
        var text = try rawSampleText("enterprise-mirrored.xml")
        try text.replace(#"<ClusterId SiteId="1" Number="4" />"#, with: #"<ClusterId SiteId="1" Number="99" />"#,
                         after: #"<SqlInstanceId Name="witness">"#)
        let topology = try read(text).topology
        #expect(topology.sqlInstances.contains { $0.sqlServer.isEmpty })
        #expect(TopologyDiff.compare(old: topology, new: topology).isEmpty)
    }

    @Test("a store service declared twice pairs occurrence by occurrence: no change against itself")
    func duplicateStoreService() throws {
        let text = try rawSampleText("enterprise-mirrored.xml")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let store = lines[124..<134].joined(separator: "\n")
        #expect(store.contains("RoleName=\"UserStore\" Instance=\"1\""))
        let doubled = (lines[..<134] + [Substring(store)] + lines[134...]).joined(separator: "\n")
        let topology = try read(doubled).topology
        #expect(topology.stores.filter { $0.role == "UserStore" }.count == 2)
        #expect(TopologyDiff.compare(old: topology, new: topology).isEmpty)
    }
}
