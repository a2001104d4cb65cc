/// Case-insensitive comparison and keys for names (roles, FQDNs, instance names) without building a new string
/// when the name is plain ASCII: the same answers as comparing `lowercased()` strings, at the cost of one pass
/// over the bytes. Names outside ASCII go through `lowercased()` as before.
enum CaseFolding {
    /// True when `a.lowercased() == b.lowercased()`.
    static func equal(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        let answer: Bool? = a.withUTF8 { x in
            b.withUTF8 { y -> Bool? in
                guard x.count == y.count else {
                    // Lengths differ: equal only if some non-ASCII lowercasing changes a length.
                    return isASCII(x) && isASCII(y) ? false : nil
                }
                // Eight bytes at a time: equal words need no lowering (names are mostly compared with
                // themselves or in the same case), others are lowered as words.
                let count = x.count
                var i = 0
                if let p = x.baseAddress, let q = y.baseAddress {
                    let p = UnsafeRawPointer(p), q = UnsafeRawPointer(q)
                    while i + 8 <= count {
                        let u = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        let v = q.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        if (u | v) & 0x8080_8080_8080_8080 != 0 { return nil }
                        if u != v && lowerWord(u) != lowerWord(v) { return false }
                        i += 8
                    }
                }
                while i < count {
                    let p = x[i], q = y[i]
                    if p >= 0x80 || q >= 0x80 { return nil }
                    if p != q && lower(p) != lower(q) { return false }
                    i += 1
                }
                return true
            }
        }
        return answer ?? (a.lowercased() == b.lowercased())
    }

    /// `text.lowercased()`, returning `text` itself when it has nothing to lower (equal value, no allocation).
    static func lowercased(_ text: String) -> String {
        var copy = text
        let plain = copy.withUTF8 { bytes in !bytes.contains { $0 >= 0x80 || ($0 >= 0x41 && $0 <= 0x5A) } }
        return plain ? text : text.lowercased()
    }

    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// Eight ASCII bytes with `A`…`Z` lowered (every byte below 0x80: adding 0x3F or 0x25 carries into no
    /// other byte).
    @inline(__always) static func lowerWord(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeastA = (word &+ 0x3F &* ones) & 0x8080_8080_8080_8080      // byte ≥ 0x41
        let pastZ = (word &+ 0x25 &* ones) & 0x8080_8080_8080_8080         // byte ≥ 0x5B
        return word | ((atLeastA & ~pastZ) >> 2)                          // 0x80 >> 2 = 0x20
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { !bytes.contains { $0 >= 0x80 } }
}

extension String {
    /// `lowercased()`, without a new string when there is nothing to lower (`CaseFolding.lowercased`).
    var folded: String { CaseFolding.lowercased(self) }
}
