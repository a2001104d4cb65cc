import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import LyncTopology

/// Work that runs side by side (the services of a large document decoded in slices, the rules, the publish
/// pages beside the validation, the members of a JSON document, two documents of a diff) must give exactly
/// what one pass in order gives.
/// Runs a test with `Parallelism.current` set to `.sideBySide`, as the command line runs.
struct SideBySideScope: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await Parallelism.$current.withValue(.sideBySide) { try await function() }
    }
}

@Suite("Work side by side", SideBySideScope())
struct SideBySideTests {
    @Test("results come back in index order, with the work alongside")
    func order() {
        #expect(Parallel.map(0) { $0 }.isEmpty)
        #expect(Parallel.map(1) { $0 * 3 } == [0])
        #expect(Parallel.map(200) { $0 * $0 } == (0..<200).map { $0 * $0 })
        let (squares, extra) = Parallel.map(50, { $0 * $0 }, alongside: { "alongside" })
        #expect(squares == (0..<50).map { $0 * $0 })
        #expect(extra == "alongside")
        let (none, only) = Parallel.map(0, { $0 }, alongside: { 7 })
        #expect(none.isEmpty && only == 7)
    }

    /// A published topology of `count` file stores on one cluster; the services at `broken` positions have
    /// no `<ServiceId>` and those at `unnamed` positions a `<ServiceId>` without `Instance`.
    static func services(_ count: Int, broken: Set<Int>, unnamed: Set<Int>) -> String {
        var text = """
            <?xml version="1.0" encoding="utf-8"?>
            <Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
              <Sites><CentralSite SiteId="1"><Name>Site</Name></CentralSite></Sites>
              <Clusters>
                <Cluster RequiresReplication="true" RequiresSetup="true" Fqdn="fs01.contoso.com">
                  <ClusterId SiteId="1" Number="1" />
                  <Machine OrdinalInCluster="1" Fqdn="fs01.contoso.com" />
                </Cluster>
              </Clusters>
              <Services>

            """
        for index in 0..<count {
            let id = broken.contains(index) ? "" : unnamed.contains(index)
                ? "<ServiceId SiteId=\"1\" RoleName=\"FileStore\" />"
                : "<ServiceId SiteId=\"1\" RoleName=\"FileStore\" Instance=\"\(index + 1)\" />"
            text += "    <Service RoleVersion=\"1\" ServiceVersion=\"7\">\(id)<InstalledOn><ClusterId SiteId=\"1\" Number=\"1\" /></InstalledOn>"
                + "<Ports xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008\"><Port Owner=\"o\(index)\" Usage=\"u\" InterfaceSide=\"Primary\" InterfaceNumber=\"1\" Port=\"\(1000 + index)\" Protocol=\"Tcp\" UrlPath=\"/p\" /></Ports>"
                + "<FileStoreService xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008\" ShareName=\"share\(index)\" /></Service>\n"
        }
        return text + "  </Services>\n</Topology>\n"
    }

    @Test("a document of thousands of services decodes in slices exactly as in one pass: services, ports and findings in document order")
    func slicedServices() throws {
        let count = 2_001   // not a multiple of the number of slices
        let broken: Set<Int> = [0, 500, 501, 1_000, 2_000]
        let unnamed: Set<Int> = [3, 1_499, 1_502]
        let document = try read(Self.services(count, broken: broken, unnamed: unnamed))
        let topology = document.topology

        // One pass in order, through the same per-service decoding.
        var context = TopologyDecoder.Context()
        var expected: [Service] = []
        for case .element(let element) in document.xml.root.firstChild("Services", in: TopologyNamespace.topology)!.children {
            if let service = TopologyDecoder.decodeService(element, &context) { expected.append(service) }
        }
        #expect(topology.services.count == count - broken.count)
        #expect(topology.services.map(\.id) == expected.map(\.id))
        #expect(topology.services.map(\.ports) == expected.map(\.ports))
        #expect(topology.services.map(\.shareName) == expected.map(\.shareName))
        let firstPort = try #require(topology.services.first?.ports.first)
        #expect(firstPort.owner == "o1" && firstPort.port == "1001" && firstPort.protocolName == "Tcp" && firstPort.urlPath == "/p")

        let schema = topology.findings.filter { $0.rule == "SCHEMA001" }
        #expect(schema.count == broken.count + unnamed.count)
        #expect(schema.map(\.message) == context.findings.map(\.message))
        let lines = schema.compactMap(\.location?.line)
        #expect(lines == lines.sorted(), "findings of later slices come after those of earlier ones")
        // Line 11 is the first <Service>; one service a line.
        #expect(lines == broken.union(unnamed).sorted().map { $0 + 11 })
    }

    @Test("a JSON document written member by member side by side is the document written in one pass")
    func jsonMembers() {
        let value: JSONValue = .object([
            ("document", "a.xml"),
            ("rows", .array((0..<300).map { .object([("n", .int($0)), ("name", .string("row \($0) \"q\"")), ("tags", ["a", 1])]) })),
            ("empty", .object([])),
            ("nested", .object([("inner", .array([.null, .bool(false), .object([("k", "v")])]))])),
            ("numbers", [0, 7, 10, 99, 100, .int(Int.max), -5, .int(Int.min)]),
        ])
        let line = value.renderedLine()
        #expect(String(decoding: line, as: UTF8.self) == value.rendered() + "\n")
        #expect(value.rendered().contains("\"numbers\": [0, 7, 10, 99, 100, 9223372036854775807, -5, -9223372036854775808]"))
        let scalar: JSONValue = ["only", 1]
        #expect(String(decoding: scalar.renderedLine(), as: UTF8.self) == "[\"only\", 1]\n")
    }

    @Test("several documents read side by side: each result in the order of the paths, errors included")
    func loadSeveral() {
        let results = TopologyDocument.load(paths: [paths.sample("enterprise-mirrored.xml"), "/nonexistent/topology.xml",
                                                    paths.sample("standard-edition.xml")])
        #expect(results.count == 3)
        guard case .success(let first) = results[0], case .failure(let error) = results[1], case .success(let third) = results[2] else {
            Issue.record("unexpected results: \(results)")
            return
        }
        #expect(first.topology.clusters.contains { $0.fqdn == "pool01.contoso.com" })
        guard case .cannotOpen = error else { Issue.record("not cannotOpen: \(error)"); return }
        #expect(third.path.hasSuffix("standard-edition.xml"))
    }
}

@Suite("Work on the caller's thread unless asked")
struct SerialByDefaultTests {
    @Test("by default every piece runs on the calling thread, in order")
    func callerThread() {
        #expect(Parallelism.current == .serial)
        let caller = pthread_self()
        let threads = Parallel.map(64) { _ in pthread_self() }
        #expect(threads.allSatisfy { pthread_equal($0, caller) != 0 })
        let (pieces, extra) = Parallel.map(8, { _ in pthread_self() }, alongside: { pthread_self() })
        #expect(pieces.allSatisfy { pthread_equal($0, caller) != 0 } && pthread_equal(extra, caller) != 0)
    }

    @Test("side by side or not, the library gives the same answers")
    func sameAnswers() throws {
        let path = paths.sample("enterprise-mirrored.xml")
        let serial = try TopologyDocument.load(path: path)
        let parallel = try Parallelism.$current.withValue(.sideBySide) { try TopologyDocument.load(path: path) }
        #expect(serial.topology == parallel.topology)
        let findings = TopologyValidator.validate(serial)
        #expect(Parallelism.$current.withValue(.sideBySide) { TopologyValidator.validate(serial) } == findings)
    }
}
