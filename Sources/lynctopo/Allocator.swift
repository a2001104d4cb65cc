#if canImport(Glibc)
import Glibc
#endif

/// How the C allocator grows the heap, set once when the command starts.
enum Allocator {
    /// Reading a large topology allocates millions of small values. By default glibc grows the heap a little at
    /// a time (a system call and fresh pages per step); asking for 32 MB of headroom each time takes fewer
    /// steps. The headroom is address space only: pages never touched are not part of the process's memory.
    /// `mallopt` is looked up at run time (glibc's `<malloc.h>` is not part of the Glibc module); with
    /// another C library nothing changes.
    static func reserveHeadroom() {
        #if canImport(Glibc)
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        let topPad: Int32 = -2   // M_TOP_PAD in <malloc.h>
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: MallOpt.self)(topPad, 32 << 20)
        #endif
    }
}
