import Testing
@testable import LyncTopology

@Suite("Case-insensitive names")
struct CaseFoldingTests {
    @Test("equal gives the answer of comparing lowercased() strings, for every ASCII byte at every position")
    func equalMatchesLowercased() {
        // Strings of 1 to 19 bytes, so that both the eight-byte words and the bytes after them are checked: at
        // each position every ASCII byte against itself, against it with bit 0x20 flipped (a letter in the
        // other case, or a byte that only looks like one: `@` and `` ` ``, `[` and `{`, `Z` and `z`) and against
        // its neighbour, the rest of the name in the other case.
        let base = Array("Pool01-FE.Contoso.COM".utf8)
        func swapped(_ byte: UInt8) -> UInt8 { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A ? byte ^ 0x20 : byte }
        var checked = 0
        for length in 1...19 {
            let name = Array(base.prefix(length))
            for position in 0..<length {
                for value in UInt8(0)..<128 {
                    for changed in [value, value ^ 0x20, value ^ 0x01] {
                        var first = name, second = name.map(swapped)
                        first[position] = value
                        second[position] = changed
                        let a = String(decoding: first, as: UTF8.self), b = String(decoding: second, as: UTF8.self)
                        if CaseFolding.equal(a, b) != (a.lowercased() == b.lowercased()) {
                            Issue.record("\(a) vs \(b)"); return
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 190 * 128 * 3)
    }

    @Test("names outside ASCII go through lowercased()", arguments: [
        ("Straße.contoso.com", "STRASSE.contoso.com"), ("ÅSA-SQL01.contoso.com", "åsa-sql01.contoso.com"),
        ("İstanbul-pool.contoso.com", "i̇stanbul-pool.contoso.com"), ("ΣQL.contoso.com", "σql.contoso.com"),
        ("pool\u{80}01", "POOL\u{80}01"), ("MSSQLſERVER", "mssqlserver"),
    ])
    func nonASCII(_ pair: (String, String)) {
        #expect(CaseFolding.equal(pair.0, pair.1) == (pair.0.lowercased() == pair.1.lowercased()))
        #expect(CaseFolding.equal(pair.1, pair.0) == (pair.1.lowercased() == pair.0.lowercased()))
    }

    @Test("lowercased and folded return the same value as lowercased()")
    func lowercasedValue() {
        for name in ["pool01.contoso.com", "Pool01.Contoso.COM", "", "ÅSA", "MSSQLSERVER", "a-b_c.d"] {
            #expect(CaseFolding.lowercased(name) == name.lowercased())
            #expect(name.folded == name.lowercased())
        }
    }
}
