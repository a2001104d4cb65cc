@testable import LyncTopology
import LyncTopologyTesting

/// Rule tests start from a real document (a sample or a corpus file), plant one defect by editing its text in
/// memory, and check the finding's rule, severity and line. Edits must match exactly where intended: a needle
/// that is missing or ambiguous fails the test instead of silently testing nothing.
struct PlantError: Error, CustomStringConvertible {
    var description: String
}

/// A document's text, decoded (UTF-8 with or without a byte-order mark, UTF-16LE with one), CRLF turned into LF
/// (line numbers are unchanged).
func documentText(path: String) throws -> String {
    let bytes = try FileIO.read(path: path, limit: 1 << 26)
    var text: String
    if bytes.starts(with: [0xFF, 0xFE]) {
        var units: [UInt16] = []
        var index = 2
        while index + 1 < bytes.count {
            units.append(UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
            index += 2
        }
        text = String(decoding: units, as: UTF16.self)
    } else {
        text = String(decoding: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, as: UTF8.self)
    }
    return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" }))
}

func sampleText(_ name: String) throws -> String { try documentText(path: paths.sample(name)) }
func corpusText(_ name: String) throws -> String { try documentText(path: paths.corpusDocument(name)) }

/// The sample every mirror rule starts from: pool01 with its back end on sql01\rtc, mirrored to sql02\rtc,
/// witness sql03\witness, CMS in pool01 (Skype for Business Server 2015).
func mirroredText() throws -> String { try sampleText("enterprise-mirrored.xml") }

/// The range of the `occurrence`-th (1-based) match of `needle`, or of the only one when `occurrence` is nil.
func range(of needle: String, in text: String, occurrence: Int? = nil) throws -> Range<String.Index> {
    let ranges = text.ranges(of: needle)
    if let occurrence {
        guard occurrence >= 1, occurrence <= ranges.count else {
            throw PlantError(description: "'\(needle)' occurs \(ranges.count) times, not \(occurrence)")
        }
        return ranges[occurrence - 1]
    }
    guard ranges.count == 1, let only = ranges.first else {
        throw PlantError(description: "'\(needle)' occurs \(ranges.count) times; expected exactly once")
    }
    return only
}

/// Replaces one occurrence of `old` (the only one, or the `occurrence`-th).
func plant(_ text: String, _ old: String, _ new: String, occurrence: Int? = nil) throws -> String {
    var result = text
    result.replaceSubrange(try range(of: old, in: text, occurrence: occurrence), with: new)
    return result
}

/// Replaces every occurrence of `old` (there must be one at least).
func plantAll(_ text: String, _ old: String, _ new: String) throws -> String {
    guard text.contains(old) else { throw PlantError(description: "'\(old)' does not occur") }
    return text.replacing(old, with: new)
}

/// Inserts `insertion` just before the only occurrence of `anchor`.
func insert(_ insertion: String, before anchor: String, in text: String) throws -> String {
    var result = text
    result.insert(contentsOf: insertion, at: try range(of: anchor, in: text).lowerBound)
    return result
}

/// The 1-based line where `needle` starts.
func line(of needle: String, in text: String, occurrence: Int? = nil) throws -> Int {
    let start = try range(of: needle, in: text, occurrence: occurrence).lowerBound
    return text[..<start].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
}

/// Everything the validator says about a document given as text.
func validate(_ text: String) throws -> [Finding] {
    TopologyValidator.validate(try read(text))
}

/// The findings of one rule.
func findings(_ rule: String, in text: String) throws -> [Finding] {
    try validate(text).filter { $0.rule == rule }
}

/// The errors of a document, as `RULE@line` strings, for readable failure messages.
func errorSummary(_ findings: [Finding]) -> [String] {
    findings.filter { $0.severity == .error }.map { "\($0.rule)@\($0.location?.line ?? 0)" }
}
