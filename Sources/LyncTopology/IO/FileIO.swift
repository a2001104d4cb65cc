#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing whole files with POSIX calls: reads are capped (a device or a huge file cannot
/// exhaust memory) and writes are atomic (a temporary file in the same folder, then `rename`).
enum FileIO {
    public enum Failure: Error, Sendable, Hashable {
        case cannotOpen(String)
        case tooLarge(Int)
        case cannotWrite(String)
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// Reads a file, or standard input for "-", refusing more than `limit` bytes.
    public static func read(path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            descriptor = 0
        } else {
            descriptor = open(path, O_RDONLY)
            if descriptor < 0 { throw .cannotOpen(errorText(errno)) }
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var info = stat()
        if fstat(descriptor, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotOpen(errorText(EISDIR)) }
            if (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > limit { throw .tooLarge(Int(info.st_size)) }
        }
        var result: [UInt8] = []
        if (info.st_mode & S_IFMT) == S_IFREG {
            // A regular file: read straight into an array of its size (one copy, from the kernel), then go
            // on below in case it grew meanwhile.
            let size = Int(info.st_size)
            var failure: Int32 = 0
            result = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                while initialized < size {
                    let count = systemRead(descriptor, base + initialized, size - initialized)
                    if count < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if count == 0 { return }
                    initialized += count
                }
            }
            if failure != 0 { throw .cannotOpen(errorText(failure)) }
            if result.count < size { return result }
        }
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotOpen(errorText(errno))
            }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
            if result.count > limit { throw .tooLarge(result.count) }
        }
        return result
    }

    /// Writes `bytes` to `path` atomically: into a temporary file beside it, flushed, then renamed over it.
    /// An interruption leaves either the old file or the new one, never half of one.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, failAfterBytes: Int? = nil) throws(Failure) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        var template = Array((directory + "/.lynctopo-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if descriptor < 0 { throw .cannotWrite(errorText(errno)) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        var written = 0
        let total = failAfterBytes.map { min($0, bytes.count) } ?? bytes.count
        while written < total {
            let count = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + written, total - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let text = errorText(errno)
                close(descriptor)
                throw .cannotWrite(text)
            }
            written += count
        }
        if failAfterBytes != nil {
            close(descriptor)
            throw .cannotWrite("write interrupted (simulated)")
        }
        if fsync(descriptor) != 0 {
            let text = errorText(errno)
            close(descriptor)
            throw .cannotWrite(text)
        }
        // Keep the permissions of the file being replaced, or the usual 0644.
        var info = stat()
        let mode: mode_t = stat(path, &info) == 0 ? info.st_mode & 0o777 : 0o644
        fchmod(descriptor, mode)
        close(descriptor)
        if rename(temporary, path) != 0 { throw .cannotWrite(errorText(errno)) }
        ok = true
    }
}

// The C library's read and write, named apart from `FileIO.read` (which would hide them inside `FileIO`).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
