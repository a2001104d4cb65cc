import Testing
@testable import LyncTopology

/// The growable byte buffer under the reader's character data and the JSON writer: whatever is appended,
/// and however often it grows, it holds exactly the bytes appended, in order; the string table starts with
/// the namespace constants.
@Suite("Byte buffer and string table")
struct ByteBufferTests {
    @Test("appends of every kind, past many doublings of the capacity, keep every byte in order")
    func growth() {
        var buffer = ByteBuffer(capacity: 1)   // raised to the least capacity, then doubled as it fills
        defer { buffer.release() }
        var expected: [UInt8] = []
        for round in 0..<300 {
            buffer.append(UInt8(round % 251))
            expected.append(UInt8(round % 251))
            let piece = (0..<(round % 37)).map { UInt8(($0 + round) % 256) }
            piece.withUnsafeBufferPointer { buffer.append($0) }
            expected += piece
            buffer.append(repeating: 0x20, count: round % 5)
            expected += [UInt8](repeating: 0x20, count: round % 5)
        }
        buffer.append([UInt8](), 0)   // nothing to add
        #expect(buffer.count == expected.count)
        #expect(Array(buffer.bytes) == expected)
        buffer.count = 0   // emptied for the next piece of text, capacity kept
        buffer.append(7)
        #expect(Array(buffer.bytes) == [7])
    }

    @Test("JSON written into the buffer: pieces, spaces and numbers, as String would write them")
    func jsonPieces() {
        var out = JSONBytes(capacity: 1)
        out.append("{")
        out.append(spaces: 3)
        for value in [0, 7, -7, 10, 99, 100, 12_345, Int.max, Int.min] {
            out.append(decimal: value)
            out.append(0x2C)
        }
        let text = String(repeating: "é", count: 50)
        var copy = text
        copy.withUTF8 { out.append($0) }
        #expect(out.string() == "{   0,7,-7,10,99,100,12345,\(Int.max),\(Int.min)," + text)
    }

    @Test("the reader's string table hands out the namespace constants themselves")
    func namespaceConstants() {
        var interner = StringInterner()
        for constant in TopologyNamespace.all {
            let interned = Array(constant.utf8).withUnsafeBufferPointer { interner.string($0) }
            #expect(interned == constant)
            #expect(interned.utf8.withContiguousStorageIfAvailable { $0.baseAddress }
                    == constant.utf8.withContiguousStorageIfAvailable { $0.baseAddress }, "\(constant)")
        }
    }
}
