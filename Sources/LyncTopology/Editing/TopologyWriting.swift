/// Why a document could not be written (exit 73).
public struct TopologyWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var exitCode: Int32 { 73 }

    /// `path: error: cannot write: reason`.
    public var description: String { "\(path): error: cannot write: \(reason)" }
}

extension TopologyDocument {
    /// Writes the document to `path` atomically (a temporary file in the same folder, then a rename): an
    /// interrupted write leaves the old file, never half of a topology. `failAfterBytes` simulates an
    /// interruption after that many bytes, for tests.
    public func write(to path: String, failAfterBytes: Int? = nil) throws(TopologyWriteError) {
        do {
            try FileIO.writeAtomically(serialized(), to: path, failAfterBytes: failAfterBytes)
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
