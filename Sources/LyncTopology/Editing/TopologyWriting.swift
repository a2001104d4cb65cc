#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a document could not be written.
public struct TopologyWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: error: cannot write: reason`.
    public var description: String { "\(path): error: cannot write: \(reason)" }
}

extension TopologyDocument {
    /// Writes the document to `path` atomically (a temporary file in the same folder, then a rename): an
    /// interrupted write leaves the old file, never half of a topology. A symbolic link is followed (the
    /// file it names is replaced, the link stays); an existing device or pipe (`/dev/stdout`) is written in
    /// place, never replaced. `failAfterBytes` simulates an interruption after that many bytes, for tests.
    public func write(to path: String, failAfterBytes: Int? = nil) throws(TopologyWriteError) {
        if let reason = partialContentReason { throw TopologyWriteError(path: path, reason: reason) }
        let bytes = serialized()
        do throws(FileIO.Failure) {
            switch OutputTarget(path) {
            case .file(let target): try FileIO.writeAtomically(bytes, to: target, failAfterBytes: failAfterBytes)
            case .device(let target): try OutputTarget.writeInPlace(bytes, to: target, failAfterBytes: failAfterBytes)
            case .directory: throw FileIO.Failure.cannotWrite(FileIO.errorText(EISDIR))
            }
        } catch {
            switch error {
            case .cannotWrite(let reason), .cannotOpen(let reason): throw TopologyWriteError(path: path, reason: reason)
            case .tooLarge(let size): throw TopologyWriteError(path: path, reason: "\(size) bytes is too large")
            }
        }
    }

    /// A topology with one internal domain and nothing else, to build on with the edits: a published
    /// `Topology`, or a Topology Builder file whose NewTopology is a never-published `PartialTopology`.
    /// Written the way the product writes it: UTF-8 with a byte-order mark, an XML declaration and CRLF for
    /// a .tbxml; UTF-8 with a declaration for a published topology (what `-AsXml | Out-File -Encoding utf8`
    /// gives), LF unless `lineEnding` says otherwise.
    public static func empty(kind: DocumentKind, defaultDomain: String, signature: String = "00000000-0000-0000-0000-000000000000",
                             path: String = "<new>", encoding: XMLDocumentFormat.Encoding = .utf8,
                             lineEnding: XMLDocumentFormat.LineEnding? = nil) throws(TopologyEditError) -> TopologyDocument {
        if let problem = NameSyntax.fqdnProblem(defaultDomain) { throw .invalidFQDN(defaultDomain, problem: problem) }
        typealias NS = TopologyNamespace
        let domains = XMLFragment("InternalDomains", NS.topology, [("AllowAllDomains", "false"), ("DefaultDomain", defaultDomain)], children: [
            XMLFragment("InternalDomain", NS.topology, [("Name", defaultDomain), ("Authoritative", "false"), ("AllowSubDomains", "false")]),
        ])
        let root: XMLFragment
        let placement: DeclarationPlacement
        switch kind {
        case .topology:
            placement = .first
            root = XMLFragment("Topology", NS.topology, [("Signature", signature)], children: [
                domains, XMLFragment("Sites", NS.topology), XMLFragment("Clusters", NS.topology),
                XMLFragment("SqlInstances", NS.topology), XMLFragment("Services", NS.topology),
            ])
        case .tbxml:
            placement = .last
            root = XMLFragment("TopologyBuilder", NS.topologyBuilder, [("IsFreeFromChanges", "false")], children: [
                XMLFragment("NewTopology", NS.topologyBuilder, children: [
                    XMLFragment("PartialTopology", NS.writableTopology, [("IsPublished", "false"), ("Signature", signature)], children: [
                        domains, XMLFragment("CentralSites", NS.writableTopology), XMLFragment("Services", NS.writableTopology),
                    ]),
                ]),
            ])
        }
        let format = XMLDocumentFormat(encoding: encoding, byteOrderMark: kind == .tbxml || encoding != .utf8,
                                       lineEnding: lineEnding ?? (kind == .tbxml ? .crlf : .lf),
                                       declaration: encoding == .utf8 ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>" : nil)
        let placeholder = XMLDocument(format: format, root: XMLElement(localName: "_", namespaceURI: nil, children: [
            .text("\n  "), .element(XMLElement(localName: "_", namespaceURI: nil)), .text("\n"),
        ]))
        var tree = TreeEditor(document: placeholder, placement: placement)
        tree.document.root = tree.materialize(root, scope: NamespaceScope(), indent: "")
        let bytes = XMLWriter().bytes(tree.document)
        do {
            return try TopologyDocument(bytes: bytes, path: path)
        } catch {
            throw .inconsistentResult(error.description)
        }
    }
}

/// What an output path names: a file to replace atomically (a new one, or a regular file, links followed),
/// a device or pipe to write in place, or a folder.
enum OutputTarget: Equatable {
    case file(String)
    case device(String)
    case directory(String)

    init(_ path: String) {
        var resolved = path
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let real = realpath(path, nil) {
            resolved = String(cString: real)
            free(real)
        }
        guard stat(resolved, &info) == 0 else {
            self = .file(resolved)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .file(resolved)
        case S_IFDIR: self = .directory(resolved)
        default: self = .device(resolved)
        }
    }

    /// Writes into an existing device or pipe.
    static func writeInPlace(_ bytes: [UInt8], to path: String, failAfterBytes: Int?) throws(FileIO.Failure) {
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        if descriptor < 0 { throw .cannotWrite(FileIO.errorText(errno)) }
        defer { close(descriptor) }
        let total = failAfterBytes.map { min($0, bytes.count) } ?? bytes.count
        var written = 0
        while written < total {
            let count = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { write(descriptor, $0 + written, total - written) } ?? 0
            }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { throw .cannotWrite(count < 0 ? FileIO.errorText(errno) : "nothing written") }
            written += count
        }
        if failAfterBytes != nil { throw .cannotWrite("write interrupted (simulated)") }
    }
}
