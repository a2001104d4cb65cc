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
                for i in 0..<x.count {
                    let p = x[i], q = y[i]
                    if p >= 0x80 || q >= 0x80 { return nil }
                    if p != q && lower(p) != lower(q) { return false }
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

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { !bytes.contains { $0 >= 0x80 } }
}
