/// Character data gathered between two tags (libxml2 may hand it over in several pieces).
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    mutating func append(_ pointer: UnsafePointer<UInt8>, _ length: Int) {
        if count + length > capacity {
            var larger = capacity * 2
            while count + length > larger { larger *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
            grown.update(from: base, count: count)
            base.deallocate()
            base = grown
            capacity = larger
        }
        (base + count).update(from: pointer, count: length)
        count += length
    }

    mutating func release() {
        base.deallocate()
        count = 0
        capacity = 0
    }
}
