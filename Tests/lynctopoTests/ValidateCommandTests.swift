import Foundation
import Testing

@Suite("lynctopo validate")
struct ValidateCommandTests {
    static let mirrored = "topologies/enterprise-mirrored.xml"

    /// enterprise-mirrored.xml with edits (the first occurrence of each text; every one with `all`), as bytes
    /// for standard input.
    static func edited(_ edits: [(String, String)], all: [(String, String)] = []) throws -> Data {
        var text = try String(contentsOfFile: paths.sample("enterprise-mirrored.xml"), encoding: .utf8)
        for (old, new) in edits {
            let range = try #require(text.range(of: old), "\(old)")
            text.replaceSubrange(range, with: new)
        }
        for (old, new) in all {
            #expect(text.contains(old), "\(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return Data(text.utf8)
    }

    static let underscore = [(#"Fqdn="fe02.contoso.com""#, #"Fqdn="fe_02.contoso.com""#)]
    /// An unknown dependency Usage: a warning (DEP001), no error.
    static let warningOnly = [(#"<Dependency Usage="Witness">"#, #"<Dependency Usage="Standby">"#)]

    @Test("a clean sample exits 0, prints no finding, and a summary on standard error")
    func clean() throws {
        for path in [Self.mirrored, "topologies/standard-edition.xml", "topologies/pool-edit.tbxml",
                     "topologies/alwayson-pool.xml", "topologies/paired-pools.xml"] {
            let result = try lynctopo(["validate", path])
            #expect(result.status == 0, "\(path): \(result.stdout)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "\(path): 0 errors, 0 warnings, 0 notes\n")
        }
    }

    @Test("errors exit 1 with path:line:column: severity: [RULE] message lines")
    func errors() throws {
        let result = try lynctopo(["validate", "-"], stdin: Self.edited(Self.underscore))
        #expect(result.status == 1)
        #expect(result.stdout == "<stdin>:20:7: error: [FQDN001] machine FQDN 'fe_02.contoso.com' in pool01.contoso.com contains an underscore\n")
        #expect(result.stderr.contains("1 error, 0 warnings"))
    }

    @Test("warnings exit 0, and 1 with --strict")
    func strict() throws {
        let input = try Self.edited(Self.warningOnly)
        let lenient = try lynctopo(["validate", "-"], stdin: input)
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains(": warning: [DEP001] "))
        let strict = try lynctopo(["validate", "-", "--strict"], stdin: input)
        #expect(strict.status == 1)
        #expect(strict.stdout == lenient.stdout)
    }

    @Test("a note alone never fails, even with --strict", .needsCorpus)
    func noteOnly() throws {
        let result = try lynctopo(["validate", Corpus.path("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml"), "--strict"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(": note: [CMS003] "))
    }

    @Test("JSON has the keys of the command-line contract")
    func jsonShape() throws {
        let result = try lynctopo(["validate", "-", "--format", "json"], stdin: Self.edited(Self.underscore + Self.warningOnly))
        #expect(result.status == 1)
        let object = try json(result.stdout)
        #expect(Set(["document", "product", "findings", "errors", "warnings"]).isSubset(of: Set(object.keys)))
        #expect(object["document"] as? String == "<stdin>")
        #expect(object["product"] as? String == "Skype for Business Server 2015")
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 2)
        #expect(Set(findings[0].keys).isSuperset(of: ["rule", "severity", "message", "line", "column", "path"]))
        #expect(findings[0]["rule"] as? String == "FQDN001")
        #expect(findings[0]["severity"] as? String == "error")
        #expect(findings[0]["line"] as? Int == 20)
        #expect(findings[0]["column"] as? Int == 7)
        #expect(findings[0]["path"] as? String == "<stdin>")
        #expect(findings[1]["rule"] as? String == "DEP001")
    }

    @Test("JSON of a clean document: empty findings, zero counts, exit 0")
    func jsonClean() throws {
        let result = try lynctopo(["validate", Self.mirrored, "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect((object["findings"] as? [Any])?.isEmpty == true)
        #expect(object["errors"] as? Int == 0 && object["warnings"] as? Int == 0)
    }

    @Test("SARIF 2.1.0 is structurally valid: driver, rules, results with rule ids, levels, locations")
    func sarif() throws {
        let stdin = try Self.edited(Self.underscore + Self.warningOnly, all: [(#"ServiceVersion="7""#, #"ServiceVersion="8""#)])
        let result = try lynctopo(["validate", "-", "--format", "sarif"], stdin: stdin)
        #expect(result.status == 1)
        let log = try json(result.stdout)
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let tool = try #require(runs[0]["tool"] as? [String: Any])
        let driver = try #require(tool["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "lynctopo")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids.count == rules.count && Set(ids).count == ids.count)
        for id in ["FQDN001", "FQDN002", "FQDN003", "SQL001", "SQL002", "REF001", "REF002", "REF003", "REF004", "REF005",
                   "PLACE001", "PLACE002", "PLACE003", "MIRROR001", "MIRROR002", "MIRROR003", "MIRROR004", "MIRROR005",
                   "MIRROR006", "MIRROR007", "MIRROR008", "CMS001", "CMS002", "CMS003", "SCHEMA001", "DEP001", "STORE001", "STORE002"] {
            #expect(ids.contains(id), "\(id)")
        }
        for rule in rules {
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(((rule["fullDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(["error", "warning", "note"].contains(level ?? ""))
        }
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == 5, "FQDN001, DEP001, three MIRROR006")
        for item in results {
            let ruleId = try #require(item["ruleId"] as? String)
            let index = try #require(item["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == ruleId)
            #expect(["error", "warning", "note", "none"].contains(item["level"] as? String ?? ""))
            #expect(((item["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let locations = try #require(item["locations"] as? [[String: Any]])
            let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
            #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "stdin")
            let region = try #require(physical["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1)
            #expect((region["startColumn"] as? Int ?? 0) >= 1)
        }
        #expect(results.map { $0["ruleId"] as? String } == ["FQDN001", "MIRROR006", "DEP001", "MIRROR006", "MIRROR006"])
        #expect(results.map { $0["level"] as? String } == ["error", "error", "warning", "error", "error"])
    }

    @Test("SARIF names a relative document by its relative path, as code-scanning tools expect", .needsCorpus)
    func sarifRelativeURI() throws {
        let result = try lynctopo(["validate", Self.mirrored, "--format", "sarif"])
        #expect(result.status == 0)
        let runs = try #require(try json(result.stdout)["runs"] as? [[String: Any]])
        #expect((runs[0]["results"] as? [Any])?.isEmpty == true)
        let broken = try lynctopo(["validate", Corpus.path("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml"), "--format", "sarif"])
        let results = try #require(try json(broken.stdout)["runs"] as? [[String: Any]]).first?["results"] as? [[String: Any]]
        let location = (results?.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect((location?["artifactLocation"] as? [String: Any])?["uri"] as? String
                == Corpus.path("05-tbxml-new-enterprise-pool-edge-pool-separate-sql.tbxml"))
    }

    @Test("unreadable, missing and bad arguments: 65, 66, 64")
    func exitCodes() throws {
        let malformed = try lynctopo(["validate", "Tests/LyncTopologyTests/Fixtures/truncated.xml", "--format", "sarif"])
        #expect(malformed.status == 65)
        #expect(malformed.stdout.isEmpty)
        #expect(malformed.stderr.hasPrefix("Tests/LyncTopologyTests/Fixtures/truncated.xml:4:"))
        let missing = try lynctopo(["validate", "no/such.xml"])
        #expect(missing.status == 66)
        #expect(try lynctopo(["validate", Self.mirrored, "--format", "yaml"]).status == 64)
        #expect(try lynctopo(["validate"]).status == 64)
    }
}
