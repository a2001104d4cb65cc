/// A growable run of bytes in memory of its own: the character data the reader gathers between two tags
/// (libxml2 may hand it over in several pieces), and under `JSONBytes` the JSON text being written.
/// Appending is one capacity check and a copy, where an `[UInt8]` goes through its uniqueness and capacity
/// checks and its generic `append(contentsOf:)` on every piece. Copyable for the reader's state, which
/// lives in memory of its own: whoever holds one calls `release()` once, when done with it.
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = larger
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func append(_ pointer: UnsafePointer<UInt8>, _ length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (base + count).initialize(from: pointer, count: length)
        count += length
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        append(source, bytes.count)
    }

    mutating func append(repeating byte: UInt8, count length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (base + count).initialize(repeating: byte, count: length)
        count += length
    }

    mutating func release() {
        base.deallocate()
        count = 0
        capacity = 0
    }
}
