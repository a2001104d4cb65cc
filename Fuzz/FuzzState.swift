// The state-file fuzz targets (see FuzzTarget.swift). Compiled into the library module by Fuzz/run.sh.

enum FuzzState {
    static func run(_ target: FuzzTarget, _ bytes: [UInt8]) {
        switch target {
        case .stateCSV, .stateJSON, .mirrorStateCSV:
            _ = try? StateFile.parse(bytes, path: "fuzz")
        case .pipeline:
            break
        }
    }
}
