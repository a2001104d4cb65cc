@testable import LyncTopology
import LyncTopologyTesting

let paths = TestPaths()

func sample(_ name: String) throws -> TopologyDocument {
    try TopologyDocument.load(path: paths.sample(name))
}

func corpus(_ name: String) throws -> TopologyDocument {
    try TopologyDocument.load(path: paths.corpusDocument(name))
}

func read(_ text: String) throws -> TopologyDocument {
    try TopologyDocument(bytes: Array(text.utf8), path: "test.xml")
}

func fixture(_ name: String) throws -> [UInt8] {
    try FileIO.read(path: paths.packageRoot + "/Tests/LyncTopologyTests/Fixtures/" + name, limit: 1 << 26)
}

extension Topology {
    func store(_ role: String, on server: String) -> Store? {
        stores.first { $0.role == role && $0.sqlServer.lowercased() == server.lowercased() }
    }
}
