/// Joins names into one string, the way a document's keys are built (`SiteId-RoleName-Instance`,
/// `SiteId-Number`, `cluster\instance`). String interpolation costs about 300 instructions for such a key
/// and the decoder builds a few for every service and dependency (about 3 % of `publish` on a generated
/// document); copying the bytes into a string of the right size costs a fraction of that. The result is the
/// same string.
enum Joining {
    static func join(_ a: String, _ separator: UInt8, _ b: String) -> String {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                String(unsafeUninitializedCapacity: x.count + 1 + y.count) { out in
                    var end = copy(x, into: out, at: 0)
                    out[end] = separator
                    end = copy(y, into: out, at: end + 1)
                    return end
                }
            }
        }
    }

    static func join(_ a: String, _ separator: UInt8, _ b: String, _ c: String) -> String {
        var a = a, b = b, c = c
        return a.withUTF8 { x in
            b.withUTF8 { y in
                c.withUTF8 { z in
                    String(unsafeUninitializedCapacity: x.count + y.count + z.count + 2) { out in
                        var end = copy(x, into: out, at: 0)
                        out[end] = separator
                        end = copy(y, into: out, at: end + 1)
                        out[end] = separator
                        end = copy(z, into: out, at: end + 1)
                        return end
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return start }
        (out.baseAddress! + start).update(from: base, count: bytes.count)
        return start + bytes.count
    }
}
