#if canImport(Glibc)
import Glibc
#endif
import LyncTopology

/// How the C allocator grows the heap, set once when the command starts, from the size of its input.
enum Allocator {
    /// glibc's heap settings for one run (`mallopt`; nil leaves glibc's own).
    struct Settings: Equatable {
        /// Headroom asked for each time the heap grows (`M_TOP_PAD`).
        var topPad: Int32
        /// Free memory at the top of the heap kept rather than given back (`M_TRIM_THRESHOLD`).
        var trimThreshold: Int32?
        /// Blocks of at least this size get pages of their own (`M_MMAP_THRESHOLD`).
        var mmapThreshold: Int32?
    }

    /// The settings for inputs of `bytes` in all (nil: not known beforehand, standard input; see
    /// `Parallelism.inputBytes`).
    ///
    /// Reading a topology allocates millions of small values. By default glibc grows the heap a little at a
    /// time (a system call and fresh pages per step), and every block of 128 KB or more (the arrays of a large
    /// tree as they grow) is mapped from the system and unmapped when freed, so its pages are zeroed and faulted
    /// in again each time. Every command asks for 32 MB of headroom each time the heap grows. For a large input
    /// (`Parallelism.sideBySideFromBytes`, unknown sizes included) the headroom grows with the input (8 bytes of
    /// address space per byte of input, from 64 MB up to 1 GB), blocks up to 32 MB come from the heap, and free
    /// memory is kept up to twice the headroom, so that memory freed by one phase serves the next without going
    /// back to the system. The headroom is address space only: pages never touched are not part of the
    /// process's memory. Measured in `docs/performance.md` ("Fewer trips to the system for memory").
    static func settings(forInputBytes bytes: Int?) -> Settings {
        let small: Int32 = 32 << 20
        if let bytes, bytes < Parallelism.sideBySideFromBytes { return Settings(topPad: small) }
        let pad = Int32(min(max(bytes ?? 0, 8 << 20), 128 << 20) * 8)   // 64 MB to 1 GB
        return Settings(topPad: pad, trimThreshold: Int32(clamping: 2 * Int(pad)), mmapThreshold: small)
    }

    /// Applies `settings`. `mallopt` is looked up at run time (glibc's `<malloc.h>` is not part of the Glibc
    /// module); with another C library nothing changes.
    static func apply(_ settings: Settings) {
        #if canImport(Glibc)
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        // The parameter numbers of <malloc.h>: M_TRIM_THRESHOLD -1, M_TOP_PAD -2, M_MMAP_THRESHOLD -3.
        // Setting either threshold also turns off glibc's own moving of them.
        if let trim = settings.trimThreshold { _ = mallopt(-1, trim) }
        _ = mallopt(-2, settings.topPad)
        if let mmap = settings.mmapThreshold { _ = mallopt(-3, mmap) }
        #endif
    }
}
