// libFuzzer entry point over the whole pipeline. Compiled into the library module by Fuzz/run.sh with
// -sanitize=fuzzer,address; never part of the normal build.

@_cdecl("LLVMFuzzerTestOneInput")
public func lynctopoFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    FuzzPipeline.run(bytes)
    return 0
}
