import Foundation
import Testing
import LyncTopology
@testable import lynctopo

/// How the command sets up glibc's heap for the size of its input (`Allocator`).
@Suite("Heap set up for the input's size")
struct AllocatorTests {
    @Test("a small input keeps glibc's thresholds; a large or unknown one gets headroom sized from it")
    func settings() {
        let small = Allocator.settings(forInputBytes: Parallelism.sideBySideFromBytes - 1)
        #expect(small == Allocator.Settings(topPad: 32 << 20, trimThreshold: nil, mmapThreshold: nil))
        let large = Allocator.settings(forInputBytes: 20_000_000)
        #expect(large == Allocator.Settings(topPad: 160_000_000, trimThreshold: 320_000_000, mmapThreshold: 32 << 20))
        // From 64 MB (unknown sizes: standard input) to 1 GB, and twice that kept, clamped to what mallopt takes.
        #expect(Allocator.settings(forInputBytes: Parallelism.sideBySideFromBytes).topPad == 64 << 20)
        #expect(Allocator.settings(forInputBytes: nil).topPad == 64 << 20)
        let huge = Allocator.settings(forInputBytes: Int.max)
        #expect(huge.topPad == 1 << 30)
        #expect(huge.trimThreshold == Int32.max)
    }
}
