import Testing
@testable import LyncTopology

/// `Service` keeps its fields in shared storage, copied on write: it must still behave as a plain value.
@Suite("Service is a value")
struct ServiceValueTests {
    static func service() -> Service {
        Service(id: "1-UserServices-1", key: ServiceKey(siteID: "1", roleName: "UserServices", instance: "1"),
                roleName: "UserServices", siteID: "1", serviceVersion: 6, roleVersion: "1", typeName: "Microsoft.Rtc.UserServices",
                placement: .cluster("1-1"), dependencies: [], isActiveCentralManagement: nil, isDirector: nil,
                shareName: nil, backupServiceID: nil, location: SourceLocation(line: 3, column: 5))
    }

    @Test("changing a copy, field by field or in place, leaves the original as it was")
    func copyOnWrite() {
        let original = Self.service()
        var copy = original
        #expect(copy == original)
        copy.roleName = "Registrar"
        copy.dependencies.append(Dependency(serviceID: "1-UserStore-1", usageText: "Default", location: SourceLocation(line: 4, column: 7)))
        copy.ports.append(ServicePort(owner: "o", usage: "u", interfaceSide: "Primary", interfaceNumber: "1",
                                      port: "5061", protocolName: "Mtls", location: SourceLocation(line: 5, column: 7)))
        #expect(original.roleName == "UserServices")
        #expect(original.dependencies.isEmpty && original.ports.isEmpty)
        #expect(copy.roleName == "Registrar" && copy.dependencies.count == 1 && copy.ports.count == 1)
        #expect(copy != original)

        var again = copy
        again.roleName = "UserServices"
        again.dependencies = []
        again.ports = []
        #expect(again == original, "equal fields make equal services")
        #expect(again.hashValue == original.hashValue)
        #expect(Set([original, again, copy]).count == 2)
    }

    @Test("printed and dumped with its fields, as a plain structure")
    func reflection() {
        let text = String(describing: Self.service())
        #expect(text.hasPrefix("Service(id: \"1-UserServices-1\""), "\(text)")
        #expect(text.contains("roleName: \"UserServices\""))
        #expect(text.contains("location: "))
        #expect(Mirror(reflecting: Self.service()).children.count == 17)
    }
}
