import Foundation
import Testing
import LyncTopology
@testable import lynctopo

/// The command line works side by side only on a large input (`Parallelism.forInputs`).
@Suite("Side by side only for large inputs")
struct ParallelismChoiceTests {
    @Test("a small document runs on one thread; a large one, standard input or an unknown size side by side")
    func choice() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lynctopo-parallel-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, bytes: Int) -> String {
            let path = folder.appendingPathComponent(name).path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(count: bytes)))
            return path
        }
        let threshold = Parallelism.sideBySideFromBytes
        let small = file("small.xml", bytes: threshold / 4)
        let large = file("large.xml", bytes: threshold)
        let archive = file("small.zip", bytes: threshold / 8)   // counts ten times its size

        #expect(Parallelism.forInputs([small]) == .serial)
        #expect(Parallelism.forInputs([small, small]) == .serial)
        #expect(Parallelism.forInputs([small, small, small, small]) == .sideBySide)   // the sizes add up
        #expect(Parallelism.forInputs([large]) == .sideBySide)
        #expect(Parallelism.forInputs([archive]) == .sideBySide)
        #expect(Parallelism.forInputs(["-"]) == .sideBySide)
        #expect(Parallelism.forInputs([small, "-"]) == .sideBySide)
        #expect(Parallelism.forInputs([folder.path]) == .sideBySide)   // not a regular file: the size is not known
        #expect(Parallelism.forInputs([]) == .sideBySide)
        // The size the heap is set up for (`Allocator`): the same sum, nil where it is not known.
        #expect(Parallelism.inputBytes([small, small]) == threshold / 2)
        #expect(Parallelism.inputBytes([archive]) == threshold / 8 * 10)
        #expect(Parallelism.inputBytes([small, "-"]) == nil)
        #expect(Parallelism.inputBytes([folder.path]) == nil)
        #expect(Parallelism.inputBytes([]) == nil)
    }
}
