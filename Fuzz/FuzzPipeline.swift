// Not part of any product. Compiled into the library module by Fuzz/run.sh (all library sources plus Fuzz/*.swift
// in one swiftc invocation, -D LYNCTOPO_FUZZ_IN_MODULE), and into the test target through the symbolic link
// Tests/LyncTopologyTests/FuzzPipeline.swift (the mutation tests), where it uses the public API only.
#if !LYNCTOPO_FUZZ_IN_MODULE
import LyncTopology
#endif

/// Runs every stage of the pipeline on arbitrary bytes, for the fuzzer and the mutation tests: read (whole, and
/// for the model only, which must give the same model or the same error), decode,
/// show, validate (text, JSON, SARIF), publish, restore of every server (text, JSON, PowerShell), diff
/// against the original or itself, diagrams, and format followed by a second read. Never throws; a crash, a
/// hang or a sanitizer report in here is a bug.
public enum FuzzPipeline {
    /// Returns the read error, or nil when the bytes were a readable topology document.
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> TopologyError? {
        let document: TopologyDocument
        do {
            document = try TopologyDocument(bytes: bytes, path: "fuzz.xml")
        } catch {
            _ = error.description
            // Read for its model only, the document fails the same way.
            do {
                _ = try TopologyDocument(bytes: bytes, path: "fuzz.xml", content: .model)
                preconditionFailure("a document read for its model where the whole read failed: \(error)")
            } catch let modelError {
                precondition(modelError == error, "the read for the model failed otherwise: \(modelError) against \(error)")
            }
            return error
        }
        let topology = document.topology
        do {
            let model = try TopologyDocument(bytes: bytes, path: "fuzz.xml", content: .model)
            precondition(model.topology == topology && model.original == document.original && model.kind == document.kind,
                         "the model of a document read for its model differs from the whole read's")
        } catch {
            preconditionFailure("a document read whole failed when read for its model: \(error)")
        }
        _ = ShowRendering.json(document).rendered()
        _ = ShowRendering.text(document)

        let findings = TopologyValidator.validate(topology)
        _ = ValidateRendering.text(findings, path: document.path)
        _ = ValidateRendering.json(findings, document: document).rendered()
        _ = ValidateRendering.sarif(findings, path: document.path).rendered()

        let plan = PublishSimulator.simulate(document)
        _ = PublishRendering.json(plan, path: document.path).rendered()
        _ = PublishRendering.text(plan, path: document.path)

        // Restore and publish for each server (bounded, so that a huge input stays quick).
        for cluster in topology.clusters.prefix(8) {
            let restore = RestorePlanner.plan(document, failed: [cluster.fqdn])
            _ = RestoreRendering.text(restore, path: document.path)
            _ = RestoreRendering.json(restore, path: document.path).rendered()
            _ = RestoreRendering.powerShell(restore, path: document.path)
            let failed = PublishSimulator.simulate(document, options: PublishOptions(existing: ExistingDatabases(
                source: .failedServers([cluster.fqdn]), failedServers: [cluster.fqdn])))
            _ = PublishRendering.text(failed, path: document.path)
            if let highlighting = try? DiagramHighlighting.failedServers([cluster.fqdn], in: topology) {
                _ = DiagramRendering.dot(document, highlighting: highlighting)
            }
        }
        _ = RestorePlanner.plan(document, failed: ["not-in-the-topology.example.com"])

        let report = TopologyDiff.report(old: document.original ?? topology, new: topology)
        let sides = (DiffRendering.Side(path: document.path, part: "OriginalTopology"), DiffRendering.Side(path: document.path, part: "NewTopology"))
        _ = DiffRendering.text(report, old: sides.0, new: sides.1)
        _ = DiffRendering.json(report, old: sides.0, new: sides.1).rendered()
        precondition(TopologyDiff.compare(old: topology, new: topology).isEmpty, "a topology differs from itself")

        _ = DiagramRendering.dot(document)
        _ = DiagramRendering.mermaid(document)

        // Written back and read again: must read, and must be the same tree.
        let written = document.serialized()
        if let again = try? TopologyDocument(bytes: written, path: "fuzz-rewritten.xml") {
            precondition(again.xml == document.xml, "format changed the document")
        } else {
            preconditionFailure("a document that read could not be read again after writing")
        }
        return nil
    }
}
