import Testing
import LyncTopology
import LyncTopologyTesting

@Suite("Diagram: DOT and Mermaid pictures of a topology")
struct DiagramRenderingTests {
    // MARK: DOT structure

    @Test("two sites: sites are clusters holding their pools, machines, SQL servers, instances and stores")
    func twoSitesStructure() throws {
        let dot = DiagramRendering.dot(try sample("two-sites-archiving-monitoring.xml"))
        let outline = DOTOutline(dot)
        let seattle = try #require(outline.cluster(labelled: "Site 1: Seattle"))
        let london = try #require(outline.cluster(labelled: "Site 2: London"))
        let pool = try #require(outline.cluster(labelled: "pool-sea.contoso.com"))
        #expect(outline.clusterParents[pool] == [seattle])
        #expect(outline.clusterLabels[pool] == "pool-sea.contoso.com\nEnterprise Edition Front End pool\nCentral Management Server")
        for machine in ["fe-sea1.contoso.com", "fe-sea2.contoso.com"] {
            let node = try #require(outline.node(labelled: machine))
            #expect(node.clusters == [seattle, pool])
        }
        let sqlServer = try #require(outline.cluster(labelled: "sql-sea.contoso.com"))
        let defaultInstance = try #require(outline.cluster(labelled: "default instance"))
        #expect(outline.clusterParents[defaultInstance] == [seattle, sqlServer])
        let userStore = try #require(outline.nodes.values.first { $0.label == "UserStore (User)\nrtcxds, rtcshared, rtcab" && $0.clusters.contains(sqlServer) })
        #expect(userStore.clusters == [seattle, sqlServer, defaultInstance])
        #expect(userStore.attributes["shape"] == "cylinder")

        let archmon = try #require(outline.cluster(labelled: "instance archmon"))
        let archiving = try #require(outline.node(labelled: "ArchivingStore (Archiving)"))
        #expect(archiving.clusters.last == archmon)
        let seLondon = try #require(outline.cluster(labelled: "se-lon.contoso.com"))
        #expect(outline.clusterParents[seLondon] == [london])
        #expect(outline.clusterLabels[seLondon] == "se-lon.contoso.com\nStandard Edition server")
        let collocated = try #require(outline.cluster(labelled: "instance rtc"))
        #expect(outline.clusterParents[collocated] == [london, seLondon], "the SE server's own instance sits inside it")

        let fileServer = try #require(outline.node(labelled: "fs-sea.contoso.com"))
        #expect(fileServer.label == "fs-sea.contoso.com\nfile server, share lyncshare")
        #expect(fileServer.clusters == [seattle])
    }

    @Test("edges run from each pool to each store it uses, across sites too, and to the file server")
    func twoSitesEdges() throws {
        let outline = DOTOutline(DiagramRendering.dot(try sample("two-sites-archiving-monitoring.xml")))
        let pool = try #require(outline.cluster(labelled: "pool-sea.contoso.com"))
        let seLondon = try #require(outline.cluster(labelled: "se-lon.contoso.com"))
        let archiving = try #require(outline.node(labelled: "ArchivingStore (Archiving)"))
        let monitoring = try #require(outline.node(labelled: "MonitoringStore (Monitoring)"))
        let fromPool = outline.edges.filter { $0.attributes["ltail"] == pool }
        #expect(fromPool.count == 7, "5 stores, the file share and the pairing with se-lon")
        #expect(fromPool.filter { $0.label == "paired" }.map { $0.attributes["lhead"] } == [seLondon])
        #expect(fromPool.contains { $0.to == archiving.id } && fromPool.contains { $0.to == monitoring.id })
        let fromLondon = outline.edges.filter { $0.attributes["ltail"] == seLondon }
        #expect(Set(fromLondon.map(\.to)) == [archiving.id, monitoring.id], "London's Registrar uses Seattle's Archiving and Monitoring")
        // The SE server's own collocated stores: from its machine node, without clipping at its own border.
        let seMachine = try #require(outline.node(labelled: "se-lon.contoso.com"))
        let own = outline.edges.filter { $0.from == seMachine.id && $0.attributes["ltail"] == nil }
        #expect(own.count == 2)
        let fileServer = try #require(outline.node(labelled: "fs-sea.contoso.com"))
        let share = try #require(fromPool.first { $0.to == fileServer.id })
        #expect(share.label == "file share")
        #expect(outline.edges.allSatisfy { $0.label != "mirror" && $0.label != "witness" })
    }

    @Test("the mirror pair and the witness are labelled; the CMS pool and store are highlighted")
    func mirrorAndWitness() throws {
        let outline = DOTOutline(DiagramRendering.dot(try sample("enterprise-mirrored.xml")))
        let sql02 = try #require(outline.cluster(labelled: "sql02.contoso.com"))
        let mirrors = outline.edges.filter { $0.label == "mirror" }
        #expect(mirrors.count == 3)
        for edge in mirrors {
            let primary = try #require(outline.nodes[edge.from])
            let copy = try #require(outline.nodes[edge.to])
            #expect(primary.clusters.contains(try #require(outline.cluster(labelled: "sql01.contoso.com"))))
            #expect(copy.clusters.contains(sql02))
            #expect(copy.label.hasPrefix("mirror of " + primary.label.prefix { $0 != " " }))
        }
        let witnesses = outline.edges.filter { $0.label == "witness" }
        #expect(witnesses.count == 1, "one witness edge from the mirrored instance")
        let witness = try #require(witnesses.first)
        #expect(witness.attributes["ltail"] == outline.cluster(labelled: "instance rtc", in: outline.cluster(labelled: "sql01.contoso.com")))
        #expect(outline.nodes[witness.to]?.clusters.last == outline.cluster(labelled: "instance witness"))
        #expect(outline.clusterLabels.values.contains("instance witness\nmirroring port 7022"))

        let pool = try #require(outline.cluster(labelled: "pool01.contoso.com"))
        #expect(outline.clusterLabels[pool]?.hasSuffix("\nCentral Management Server") == true)
        #expect(outline.clusterAttributes[pool]?["penwidth"] == "3")
        let cmsStore = try #require(outline.node(labelled: "CentralMgmtStore (CentralMgmt)"))
        #expect(cmsStore.label.hasSuffix("\nCentral Management store"))
        #expect(cmsStore.attributes["fillcolor"] == "#fff2b3")
        let userStore = try #require(outline.node(labelled: "UserStore (User)"))
        #expect(userStore.attributes["fillcolor"] == "#eaf5ea", "only the CMS store is highlighted")
        #expect(outline.node(labelled: "edge01.contoso.com")?.label == "edge01.contoso.com\nEdge Server")
    }

    @Test("node ids are stable and derived from the model's ids; two renders are identical")
    func deterministic() throws {
        let document = try sample("enterprise-mirrored.xml")
        let first = DiagramRendering.dot(document)
        #expect(first == DiagramRendering.dot(try sample("enterprise-mirrored.xml")))
        let outline = DOTOutline(first)
        #expect(outline.cluster(labelled: "pool01.contoso.com") == "cluster_pool_1_2d_1")
        #expect(outline.cluster(labelled: "instance rtc", in: "cluster_pool_1_2d_2") == "cluster_inst_1_2d_2_5c_rtc")
        #expect(outline.node(labelled: "UserStore (User)")?.id == "s_1_2d_UserStore_2d_1")
        #expect(outline.node(labelled: "mirror of UserStore")?.id == "mc_1_2d_UserStore_2d_1")
        let mermaid = DiagramRendering.mermaid(document)
        #expect(mermaid == DiagramRendering.mermaid(try sample("enterprise-mirrored.xml")))
    }

    // MARK: Highlighting failed servers

    @Test("a failed primary SQL server: its instance failed, the stores on it re-created, nothing on the mirror")
    func failedPrimary() throws {
        let topology = try sample("enterprise-mirrored.xml").topology
        let highlighting = try DiagramHighlighting.failedServers(["SQL01.CONTOSO.COM"], in: topology)
        #expect(highlighting.failedClusterIDs == ["1-2"])
        #expect(highlighting.failedInstanceIDs == ["1-2\\rtc"])
        #expect(highlighting.recreatedStoreIDs == ["1-UserStore-1", "1-ApplicationStore-1", "1-CentralMgmtStore-1"])
        #expect(highlighting.recreatedMirrorStoreIDs.isEmpty)

        let outline = DOTOutline(DiagramRendering.dot(try sample("enterprise-mirrored.xml"), highlighting: highlighting))
        let sql01 = try #require(outline.cluster(labelled: "sql01.contoso.com"))
        #expect(outline.clusterLabels[sql01] == "sql01.contoso.com\nSQL Server\nFAILED")
        #expect(outline.clusterAttributes[sql01]?["color"] == "#c00000")
        let instance = try #require(outline.cluster(labelled: "instance rtc", in: sql01))
        #expect(outline.clusterLabels[instance]?.hasSuffix("FAILED: install again as rtc") == true)
        let userStore = try #require(outline.node(labelled: "UserStore (User)"))
        #expect(userStore.label.hasSuffix("\nre-create") && userStore.attributes["fillcolor"] == "#ffd8a8")
        let copy = try #require(outline.node(labelled: "mirror of UserStore"))
        #expect(!copy.label.contains("re-create"))
        #expect(DiagramRendering.dot(try sample("enterprise-mirrored.xml")).contains("re-create") == false)
    }

    @Test("a failed mirror server: the mirror copies on it are re-created, the primaries are not")
    func failedMirror() throws {
        let document = try sample("enterprise-mirrored.xml")
        let highlighting = try DiagramHighlighting.failedServers(["sql02.contoso.com"], in: document.topology)
        #expect(highlighting.recreatedStoreIDs.isEmpty)
        #expect(highlighting.recreatedMirrorStoreIDs == ["1-UserStore-1", "1-ApplicationStore-1", "1-CentralMgmtStore-1"])
        let outline = DOTOutline(DiagramRendering.dot(document, highlighting: highlighting))
        for role in ["UserStore", "ApplicationStore", "CentralMgmtStore"] {
            let copy = try #require(outline.node(labelled: "mirror of " + role))
            #expect(copy.label.hasSuffix("\nre-create mirror copy"))
            #expect(copy.attributes["fillcolor"] == "#ffd8a8")
            let edge = try #require(outline.edges.first { $0.to == copy.id })
            #expect(edge.label == "mirror" && edge.attributes["color"] == "#d35400")
        }
        #expect(try #require(outline.node(labelled: "UserStore (User)")).label.contains("re-create") == false)
    }

    @Test("a failed witness re-creates nothing; a failed Front End machine marks that machine only")
    func failedWitnessAndMachine() throws {
        let document = try sample("enterprise-mirrored.xml")
        let highlighting = try DiagramHighlighting.failedServers(["sql03.contoso.com", "fe02.contoso.com"], in: document.topology)
        #expect(highlighting.recreatedStoreIDs.isEmpty && highlighting.recreatedMirrorStoreIDs.isEmpty)
        #expect(highlighting.failedClusterIDs == ["1-4"])
        #expect(highlighting.failedMachines.contains(MachineReference(clusterID: "1-1", position: 1)))
        #expect(!highlighting.failedMachines.contains(MachineReference(clusterID: "1-1", position: 0)))
        let outline = DOTOutline(DiagramRendering.dot(document, highlighting: highlighting))
        #expect(outline.node(labelled: "fe02.contoso.com")?.label == "fe02.contoso.com\nFAILED")
        #expect(outline.node(labelled: "fe01.contoso.com")?.label == "fe01.contoso.com")
        #expect(outline.clusterLabels[try #require(outline.cluster(labelled: "pool01.contoso.com"))]?.contains("FAILED") == false)
        let witness = try #require(outline.node(labelled: "witness"))
        #expect(witness.attributes["fillcolor"] == "#f4b6b6")
        #expect(outline.edges.first { $0.label == "witness" }?.attributes["color"] == "#c00000")
    }

    @Test("a failed Standard Edition server: its collocated stores are re-created")
    func failedStandardEdition() throws {
        let document = try sample("two-sites-archiving-monitoring.xml")
        let highlighting = try DiagramHighlighting.failedServers(["se-lon.contoso.com"], in: document.topology)
        #expect(highlighting.recreatedStoreIDs == ["2-UserStore-1", "2-ApplicationStore-1"])
        let outline = DOTOutline(DiagramRendering.dot(document, highlighting: highlighting))
        #expect(outline.node(labelled: "se-lon.contoso.com")?.label == "se-lon.contoso.com\nFAILED")
        #expect(outline.nodes.values.filter { $0.label.hasSuffix("\nre-create") }.count == 2)
    }

    @Test("restore scope: the plan's failure analysis names the stores whose primary or mirror instance is lost, and the diagram takes them")
    func restoreScope() throws {
        let topology = try sample("pool-edit.tbxml").topology
        let sql02 = try #require(topology.sqlInstances.first { $0.sqlServer == "sql02.fabrikam.com" })
        let plan = RestorePlanner.plan(topology, failed: ["sql02.fabrikam.com"])
        #expect(plan.failure.lostInstanceIDs == [sql02.id])
        #expect(plan.failure.storesWithLostPrimary.isEmpty)
        let mirrored = topology.stores.filter { plan.failure.storesWithLostMirror.contains($0.serviceID) }
        #expect(mirrored.map(\.role) == ["UserStore", "ApplicationStore"], "the CMS store is not mirrored here")
        let highlighting = try DiagramHighlighting.failedServers(plan)
        #expect(highlighting.recreatedMirrorStoreIDs == plan.failure.storesWithLostMirror)
        #expect(highlighting.failedInstanceIDs == plan.failure.lostInstanceIDs)
        #expect(highlighting == (try DiagramHighlighting.failedServers(["sql02.fabrikam.com"], in: topology)))
    }

    @Test("every machine of a pool named one by one: the pool failed as a whole, as the restore plans it")
    func everyMachineNamed() throws {
        let document = try sample("enterprise-mirrored.xml")
        let pool = try #require(document.topology.cluster(fqdn: "pool01.contoso.com"))
        let names = pool.machines.map(\.fqdn)
        #expect(names.count > 1)
        let plan = RestorePlanner.plan(document.topology, failed: names)
        #expect(plan.failure.lostClusterIDs.contains(pool.id))
        let highlighting = try DiagramHighlighting.failedServers(plan)
        #expect(highlighting.failedClusterIDs.contains(pool.id))
        #expect(highlighting.failedMachines == Set(pool.machines.indices.map { MachineReference(clusterID: pool.id, position: $0) }))
        let outline = DOTOutline(DiagramRendering.dot(document, highlighting: highlighting))
        #expect(outline.clusterLabels[try #require(outline.cluster(labelled: "pool01.contoso.com"))]?.contains("FAILED") == true)
    }

    @Test("a machine FQDN written twice (an invalid topology): the diagram marks what the restore plans, not every copy")
    func duplicateMachineFQDN() throws {
        let text = try rawSampleText("enterprise-mirrored.xml")
            .replacingOccurrences(of: #"Machine OrdinalInCluster="2" Fqdn="fe02.contoso.com""#, with: #"Machine OrdinalInCluster="2" Fqdn="sql03.contoso.com""#)
        let document = try read(text)
        let plan = RestorePlanner.plan(document.topology, failed: ["sql03.contoso.com"])
        let highlighting = try DiagramHighlighting.failedServers(plan)
        #expect(highlighting.failedClusterIDs == ["1-4"])
        #expect(highlighting.failedMachines == [MachineReference(clusterID: "1-4", position: 0)], "the pool's copy is not the computer the restore rebuilds")
        #expect(plan.rebuild.map(\.fqdn) == ["sql03.contoso.com"])
    }

    @Test("no failed server named: no marks, and no plan needed")
    func nothingNamed() throws {
        #expect(try DiagramHighlighting.failedServers([], in: try sample("enterprise-mirrored.xml").topology) == .none)
    }

    @Test("an FQDN that names no server and no machine is refused, naming it")
    func unknownServer() throws {
        let topology = try sample("enterprise-mirrored.xml").topology
        #expect(throws: UnknownServerError(fqdns: ["sql09.contoso.com", ""])) {
            try DiagramHighlighting.failedServers(["sql01.contoso.com", "sql09.contoso.com", ""], in: topology)
        }
        #expect(UnknownServerError(fqdns: ["x.contoso.com"]).description == "no server or machine with FQDN 'x.contoso.com' in the topology")
    }

    // MARK: Escaping

    @Test("DOT strings escape quotes and backslashes and write line breaks as \\n")
    func dotEscaping() {
        #expect(DiagramRendering.dotQuoted(["a\"b\\c"]) == #""a\"b\\c""#)
        #expect(DiagramRendering.dotQuoted(["one\ntwo\r\nthree\rfour"]) == #""one\ntwo\nthree\nfour""#)
        #expect(DiagramRendering.dotQuoted(["\\N", "x\u{7}y"]) == #""\\N\nxy""#)
    }

    @Test("odd names in a document: every DOT label round-trips and no statement is broken")
    func dotOddNames() throws {
        let document = try TopologyDocument(bytes: try fixture("odd-names.xml"), path: "odd\"path\\.xml")
        let dot = DiagramRendering.dot(document)
        let outline = DOTOutline(dot)
        #expect(outline.clusterLabels.values.contains("Site 1: Q\"uote \\N back\\slash\nsecond line; #hash [x] {y} |z| <b> &"))
        #expect(outline.clusterLabels.values.contains("pool\"01\\.contoso.com\nEnterprise Edition Front End pool"))
        #expect(outline.clusterLabels.values.contains("sql\n01.contoso.com\nSQL Server"))
        #expect(outline.clusterLabels.values.contains("instance r#t;c[1]\""))
        #expect(outline.node(labelled: "fe\"1.contoso.com") != nil)
        #expect(outline.node(labelled: "fe#2;[a].contoso.com") != nil)
        #expect(outline.edges.count == 1)
        #expect(dot.contains("label=\"odd\\\"path\\\\.xml\\npublished topology"))
        for line in dot.split(separator: "\n") where line.contains("\"") {
            #expect(!line.contains("\r"))
        }
        // Identifiers: letters and digits kept, every other character of the model's id written as _hex_.
        #expect(outline.cluster(labelled: "instance r#t;c[1]\"") == "cluster_inst_1_2d_2_5c_r_23_t_3b_c_5b_1_5d__22_")
        let ids = outline.nodes.keys.map { $0 } + outline.clusterLabels.keys.map { $0 }
        #expect(ids.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
    }

    static var graphvizInstalled: Bool { Graphviz.isInstalled }

    @Test("Graphviz renders every sample without a warning",
          .enabled(if: graphvizInstalled, "Graphviz dot is not installed"),
          arguments: ["topologies/standard-edition.xml", "topologies/enterprise-mirrored.xml",
                      "topologies/two-sites-archiving-monitoring.xml", "topologies/pool-edit.tbxml",
                      "topologies/alwayson-pool.xml", "topologies/paired-sites-standby-cms.xml", "topologies/new-design.tbxml",
                      "Tests/LyncTopologyTests/Fixtures/odd-names.xml"])
    func graphvizRendersSample(path: String) throws {
        try graphvizRenders(path: paths.packageRoot + "/" + path)
    }

    @Test("Graphviz renders every corpus document without a warning",
          .enabled(if: graphvizInstalled, "Graphviz dot is not installed"), .needsCorpus,
          arguments: ["01-sfb2019-standard-edition.xml", "02-sfb2015-standard-edition-edge-pstn-gateway.xml",
                      "03-sfb2015-enterprise-pool-alwayson-sql-wac.xml", "04-lync2013-two-sites-paired-se-pools-edge.xml",
                      "05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml",
                      "06-tbxml-downloaded-original-and-new-topology.tbxml"])
    func graphvizRendersCorpus(name: String) throws {
        try graphvizRenders(path: Corpus.absolutePath(name))
    }

    func graphvizRenders(path: String) throws {
        let graphviz = try #require(Graphviz.installed)
        let document = try TopologyDocument.load(path: path)
        var failed: [String] = []
        if let store = document.topology.stores.first { failed = [store.sqlServer] }
        let highlighting = try DiagramHighlighting.failedServers(failed, in: document.topology)
        for dot in [DiagramRendering.dot(document), DiagramRendering.dot(document, highlighting: highlighting)] {
            let result = try graphviz.render(dot)
            #expect(result.status == 0)
            #expect(result.errors.isEmpty, "\(result.errors)")
            #expect(result.output.contains("<svg"))
        }
    }

    @Test("Graphviz draws odd names as written",
          .enabled(if: graphvizInstalled, "Graphviz dot is not installed"))
    func graphvizOddNames() throws {
        let graphviz = try #require(Graphviz.installed)
        let document = try TopologyDocument(bytes: try fixture("odd-names.xml"), path: "odd-names.xml")
        let svg = try graphviz.render(DiagramRendering.dot(document)).output
        #expect(svg.contains(">Site 1: Q&quot;uote \\N back\\slash</text>"))
        #expect(svg.contains(">second line; #hash [x] {y} |z| &lt;b&gt; &amp;</text>"))
        #expect(svg.contains(">instance r#t;c[1]&quot;</text>"))
        #expect(svg.contains(">fe#2;[a].contoso.com</text>"))
    }

    // MARK: Mermaid

    @Test("Mermaid labels use entity codes for quotes, #, ;, brackets and markup; line breaks become <br/>")
    func mermaidEscaping() {
        #expect(DiagramRendering.mermaidQuoted(["a\"b#c;d"]) == "\"a#quot;b#35;c#59;d\"")
        #expect(DiagramRendering.mermaidQuoted(["[x](y){z}|w|"]) == "\"#91;x#93;#40;y#41;#123;z#125;#124;w#124;\"")
        #expect(DiagramRendering.mermaidQuoted(["<b>&`\\"]) == "\"#lt;b#gt;#amp;#96;#92;\"")
        #expect(DiagramRendering.mermaidQuoted(["one\r\ntwo", "three"]) == "\"one<br/>two<br/>three\"")
    }

    @Test("Mermaid flowchart: subgraphs for sites, pools and instances; edges from pools; mirror and witness labelled")
    func mermaidStructure() throws {
        let text = DiagramRendering.mermaid(try sample("enterprise-mirrored.xml"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart LR")
        #expect(lines.contains("    subgraph site_1 [\"Site 1: Dublin\"]"))
        #expect(lines.contains("        subgraph pool_1_2d_1 [\"pool01.contoso.com<br/>Enterprise Edition Front End pool<br/>Central Management Server\"]"))
        #expect(lines.contains("            m_1_2d_1_0_1(\"fe02.contoso.com\")"))
        #expect(lines.contains("                s_1_2d_UserStore_2d_1[(\"UserStore #40;User#41;<br/>rtcxds, rtcshared, rtcab\")]"))
        #expect(lines.contains("    pool_1_2d_1 --> s_1_2d_UserStore_2d_1"))
        #expect(lines.filter { $0.contains("==>|\"mirror\"|") }.count == 3)
        #expect(lines.contains("    inst_1_2d_2_5c_rtc -.->|\"witness\"| w_1_2d_4_5c_witness"))
        #expect(lines.contains("    class s_1_2d_CentralMgmtStore_2d_1 centralManagement"))
        #expect(lines.contains("    style pool_1_2d_1 stroke:#b8860b,stroke-width:3px"))
        let opens = lines.filter { $0.trimmed(" ").hasPrefix("subgraph ") }.count
        let closes = lines.filter { $0.trimmed(" ") == "end" }.count
        #expect(opens == closes && opens == 8)
    }

    @Test("Mermaid marks failed servers and what a restore re-creates")
    func mermaidHighlighting() throws {
        let document = try sample("enterprise-mirrored.xml")
        let highlighting = try DiagramHighlighting.failedServers(["sql02.contoso.com", "fe02.contoso.com"], in: document.topology)
        let lines = DiagramRendering.mermaid(document, highlighting: highlighting).split(separator: "\n").map(String.init)
        #expect(lines.contains("    class m_1_2d_1_0_1 failed"))
        #expect(lines.contains("    class mc_1_2d_UserStore_2d_1,mc_1_2d_ApplicationStore_2d_1,mc_1_2d_CentralMgmtStore_2d_1 recreated"))
        #expect(lines.contains("    style pool_1_2d_3 fill:#fde8e8,stroke:#c00000,stroke-width:3px"))
        #expect(lines.contains("            subgraph inst_1_2d_3_5c_rtc [\"instance rtc<br/>mirroring port 5022<br/>FAILED: install again as rtc\"]"))
    }

    @Test("Mermaid with odd names: identifiers are generated, every label is one quoted string without raw markup")
    func mermaidOddNames() throws {
        let document = try TopologyDocument(bytes: try fixture("odd-names.xml"), path: "odd-names.xml")
        let text = DiagramRendering.mermaid(document)
        #expect(text.contains("subgraph site_1 [\"Site 1: Q#quot;uote #92;N back#92;slash<br/>second line#59; #35;hash #91;x#93; #123;y#125; #124;z#124; #lt;b#gt; #amp;\"]"))
        #expect(text.contains("(\"fe#35;2#59;#91;a#93;.contoso.com\")"))
        #expect(text.contains("[\"sql<br/>01.contoso.com<br/>SQL Server\"]"))
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmed(" ")
            guard let quote = trimmed.firstIndex(of: "\"") else { continue }
            // Outside the label: an identifier and shape brackets; inside: exactly one quoted string.
            var head = Substring(trimmed[..<quote])
            if head.hasPrefix("subgraph ") { head = head.dropFirst("subgraph ".count) }
            #expect(head.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_ [(/{-.>|=".contains($0)) }, "\(line)")
            #expect(trimmed.filter { $0 == "\"" }.count == 2, "\(line)")
        }
    }
}
