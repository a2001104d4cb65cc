import Foundation
import Testing
@testable import LyncTopology

/// The peer suites, read where they live (`../shared/peer-suites/` beside the checkout, or
/// `LYNCTOPO_PEER_SUITES`), never copied into the project.
enum PeerSuites {
    static let root: String = ProcessInfo.processInfo.environment["LYNCTOPO_PEER_SUITES"]
        ?? paths.packageRoot + "/../shared/peer-suites"

    static func files(_ folder: String, suffix: String) -> [String] {
        let directory = root + "/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { directory + "/" + $0 }
    }

    static let jsonDocuments = files("JSONTestSuite/test_parsing", suffix: ".json")
    static let csvFiles = files("csv-spectrum/csvs", suffix: ".csv")

    static func name(_ path: String) -> String { String(path.split(separator: "/").last ?? "") }
    static func bytes(_ path: String) throws -> [UInt8] { try FileIO.read(path: path, limit: 1 << 24) }
}

@Suite("Peer suites: JSONTestSuite and csv-spectrum")
struct PeerSuiteTests {
    /// The document through the JSON state reader: nil when accepted, else the error.
    static func readJSON(_ path: String) throws -> StateFileError? {
        do {
            _ = try StateFile.read(try PeerSuites.bytes(path), path: PeerSuites.name(path), format: .json)
            return nil
        } catch let error as StateFileError {
            return error
        }
    }

    @Test("JSONTestSuite y_: every valid document is accepted, or refused as not a state list (a shape error)",
          .enabled(if: !PeerSuites.jsonDocuments.isEmpty, "the JSONTestSuite peer suite is not in ../shared/peer-suites (or LYNCTOPO_PEER_SUITES)"))
    func accepted() throws {
        let documents = PeerSuites.jsonDocuments.filter { PeerSuites.name($0).hasPrefix("y_") }
        #expect(documents.count >= 90)
        var shapes = 0
        for path in documents {
            guard let error = try Self.readJSON(path) else { continue }
            if case .shape(_, let line, let column, _) = error {
                shapes += 1
                #expect(line >= 1 && column >= 1)
            } else {
                Issue.record("\(PeerSuites.name(path)): a valid JSON document was refused: \(error)")
            }
        }
        #expect(shapes > 0 && shapes < documents.count, "some are state lists ([]), most are not")
    }

    @Test("JSONTestSuite n_: every invalid document is refused with a syntax error at a line and column",
          .enabled(if: !PeerSuites.jsonDocuments.isEmpty, "the JSONTestSuite peer suite is not in ../shared/peer-suites (or LYNCTOPO_PEER_SUITES)"))
    func refused() throws {
        let documents = PeerSuites.jsonDocuments.filter { PeerSuites.name($0).hasPrefix("n_") }
        #expect(documents.count >= 180)
        for path in documents {
            let error = try Self.readJSON(path)
            guard case .syntax(_, let line, let column, let message)? = error else {
                Issue.record("\(PeerSuites.name(path)): \(error.map { "not a syntax error: \($0)" } ?? "accepted")")
                continue
            }
            #expect(line >= 1 && column >= 1 && !message.isEmpty)
        }
    }

    @Test("JSONTestSuite i_: every implementation-defined document is read or refused, without a crash",
          .enabled(if: !PeerSuites.jsonDocuments.isEmpty, "the JSONTestSuite peer suite is not in ../shared/peer-suites (or LYNCTOPO_PEER_SUITES)"))
    func implementationDefined() throws {
        let documents = PeerSuites.jsonDocuments.filter { PeerSuites.name($0).hasPrefix("i_") }
        #expect(documents.count >= 30)
        for path in documents {
            if let error = try Self.readJSON(path) {
                #expect(error.isUnreadable && error.line != nil, "\(PeerSuites.name(path))")
            }
        }
    }

    @Test("csv-spectrum: the CSV layer gives exactly the rows of each json/ file for its csvs/ twin",
          .enabled(if: !PeerSuites.csvFiles.isEmpty, "the csv-spectrum peer suite is not in ../shared/peer-suites (or LYNCTOPO_PEER_SUITES)"))
    func csvSpectrum() throws {
        #expect(PeerSuites.csvFiles.count >= 11)
        for path in PeerSuites.csvFiles {
            let name = PeerSuites.name(path)
            let expectedPath = PeerSuites.root + "/csv-spectrum/json/" + name.dropLast(4) + ".json"
            let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: expectedPath))) as? [[String: String]]
            let text = try StateFile.decodeText(try PeerSuites.bytes(path), path: name)
            let table = try CSVReader.table(text, path: name)
            #expect(table.dictionaries == expected, "\(name)")
        }
    }
}
