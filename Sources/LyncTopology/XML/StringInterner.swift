#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives one shared `String` for equal byte sequences: element and attribute names, namespace URIs, the
/// indentation between elements and the values that repeat (`Primary`, `urn:component:…`, role names). One
/// allocation per distinct string instead of one per occurrence; equal strings also compare at once.
/// Bounded: past `maxEntries` distinct strings, new ones are made but no longer remembered.
struct StringInterner {
    private struct Slot {
        var hash: UInt32
        var length: Int32
        var offset: Int
        var index: Int32
    }

    static let maxLength = 96
    static let maxEntries = 1 << 16

    private var slots: [Slot?]
    private var mask: Int
    private var bytes: [UInt8] = []
    private var strings: [String] = []

    init() {
        slots = Array(repeating: nil, count: 1024)
        mask = 1023
        bytes.reserveCapacity(16 << 10)
        strings.reserveCapacity(512)
        // The namespace URIs, as the very constants the decoder compares with. Longer than a small string
        // (15 bytes of UTF-8), two of them compare at once only when they share their storage: interned as
        // these constants, the URI of every element equals `TopologyNamespace.topology` without reading its
        // bytes (the decoder's name tests read 55-byte URIs otherwise: about 3 % of `publish` on a generated
        // document).
        for string in TopologyNamespace.all {
            string.utf8.withContiguousStorageIfAvailable { buffer in
                guard buffer.count <= Self.maxLength else { return }
                let hash = Self.hash(buffer)
                let (position, found) = probe(buffer, hash: hash)
                if found == nil { _ = insert(string, buffer, hash: hash, at: position) }
            }
        }
    }

    /// A fast hash of short byte strings, eight bytes at a time.
    @inline(__always)
    static func hash(_ buffer: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let base = buffer.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let count = buffer.count
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var offset = 0
        while offset + 8 <= count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        if offset < count {
            var word: UInt64 = 0
            if count >= 8 {
                word = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else {
                var shift: UInt64 = 0
                while offset < count {
                    word |= UInt64(raw.load(fromByteOffset: offset, as: UInt8.self)) << shift
                    shift += 8
                    offset += 1
                }
            }
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
        }
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    mutating func string(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        intern(buffer).string
    }

    /// The shared string for these bytes, and where its bytes are kept (nil when the table is full).
    private mutating func intern(_ buffer: UnsafeBufferPointer<UInt8>) -> (string: String, offset: Int?) {
        guard buffer.count <= Self.maxLength else { return (String(decoding: buffer, as: UTF8.self), nil) }
        let hash = Self.hash(buffer)
        let (position, found) = probe(buffer, hash: hash)
        if let found { return (strings[Int(found.index)], found.offset) }
        let string = String(decoding: buffer, as: UTF8.self)
        return (string, insert(string, buffer, hash: hash, at: position))
    }

    /// The slot holding these bytes, or the empty slot where they go.
    @inline(__always)
    private func probe(_ buffer: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (position: Int, found: Slot?) {
        var position = Int(hash) & mask
        while let slot = slots[position] {
            if slot.hash == hash, Int(slot.length) == buffer.count, equal(slot, buffer) { return (position, slot) }
            position = (position + 1) & mask
        }
        return (position, nil)
    }

    /// Keeps `string` as the shared one for its bytes, in the empty slot at `position`; where its bytes are
    /// kept, or nil when the table is full.
    private mutating func insert(_ string: String, _ buffer: UnsafeBufferPointer<UInt8>, hash: UInt32, at position: Int) -> Int? {
        guard strings.count < Self.maxEntries else { return nil }
        let offset = bytes.count
        slots[position] = Slot(hash: hash, length: Int32(buffer.count), offset: offset, index: Int32(strings.count))
        bytes.append(contentsOf: buffer)
        strings.append(string)
        if strings.count * 2 > slots.count { grow() }
        return offset
    }

    /// A name from libxml2: an element or attribute name, a prefix, a namespace URI. These come from the
    /// parser's dictionary, where each distinct name is stored once and stays put until the parser is freed
    /// (libxml2's own tree builder keeps these very pointers in its nodes). So within one parse, the same
    /// pointer is the same name, and a small table keyed by the pointer answers without reading the bytes.
    mutating func string(_ pointer: UnsafePointer<UInt8>) -> String {
        let position = Int(truncatingIfNeeded: UInt(bitPattern: pointer) >> 3) & (Self.recentCount - 1)
        if let recent = recentNames[position], recent.pointer == pointer {
            return recent.string
        }
        let string = intern(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).string
        recentNames[position] = RecentName(pointer: pointer, string: string)
        return string
    }

    private struct RecentName {
        var pointer: UnsafePointer<UInt8>
        var string: String
    }

    private static let recentCount = 1024
    private var recentNames = [RecentName?](repeating: nil, count: recentCount)

    @inline(__always)
    private func equal(_ slot: Slot, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return slot.length == 0 }
        return bytes.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress! + slot.offset, base, buffer.count) == 0
        }
    }

    private mutating func grow() {
        var larger = [Slot?](repeating: nil, count: slots.count * 2)
        let largerMask = larger.count - 1
        for case let slot? in slots {
            var position = Int(slot.hash) & largerMask
            while larger[position] != nil { position = (position + 1) & largerMask }
            larger[position] = slot
        }
        slots = larger
        mask = largerMask
    }
}
