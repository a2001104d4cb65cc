// libFuzzer entry point. Compiled into the library module by Fuzz/run.sh with -sanitize=fuzzer,address and
// -D LYNCTOPO_FUZZ_IN_MODULE; never part of the normal build. One binary holds every target; the environment
// variable LYNCTOPO_FUZZ_TARGET (set by run.sh) chooses which one runs:
//   pipeline          a topology document through every command (FuzzPipeline)
//   state-csv         the generic CSV layer and the Test-CsDatabase CSV reader
//   state-json        the JSON reader and the JSON state list
//   mirror-state-csv  the Get-CsDatabaseMirrorState CSV reader
//   archive           a CsConfiguration.zip: the archive checks, inflating, the search for the topology
//   reader-parts      the XML reader's read in two parts against its read in one (FuzzReaderParts)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FuzzTarget: String, CaseIterable {
    case pipeline, stateCSV = "state-csv", stateJSON = "state-json", mirrorStateCSV = "mirror-state-csv", archive,
         readerParts = "reader-parts"

    static let selected: FuzzTarget = {
        let name = getenv("LYNCTOPO_FUZZ_TARGET").map { String(cString: $0) } ?? "pipeline"
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            fputs("LYNCTOPO_FUZZ_TARGET=\(name): unknown target (targets: \(names))\n", stderr)
            exit(64)
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .pipeline: FuzzPipeline.run(bytes)
        case .stateCSV, .stateJSON, .mirrorStateCSV: FuzzState.run(self, bytes)
        case .archive: FuzzArchive.run(bytes)
        case .readerParts: FuzzReaderParts.run(bytes)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func lynctopoFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    FuzzTarget.selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
