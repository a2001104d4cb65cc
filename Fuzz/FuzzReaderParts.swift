// Not part of any product. Compiled into the library module by Fuzz/run.sh (see FuzzTarget.swift).

/// The reader's read in two parts (`XMLReader.readInParts`), against its read in one: the bytes split at a
/// third and at two thirds of the input must give the same tree, positions and self-closing style of every
/// element included, or the same error; and so must the read pruned for the model, which also fails exactly
/// where the whole read fails. A difference traps.
enum FuzzReaderParts {
    static func run(_ bytes: [UInt8]) {
        let whole = outcome(bytes, .never)
        for third in 1...2 {
            precondition(outcome(bytes, .near(bytes.count * third / 3)) == whole, "a read in two parts differs from the read in one")
        }
        // Pruned as for the model (`TopologyDecoder.pruning`): it fails exactly where and how the whole read fails,
        // and reads the same in two parts as in one.
        let pruned = outcome(bytes, .never, pruning: TopologyDecoder.pruning)
        switch (whole, pruned) {
        case (.error(let expected), _): precondition(pruned == .error(expected), "a pruned read fails otherwise than the whole read")
        case (.document, .error(let error)): preconditionFailure("a pruned read fails where the whole read does not: \(error)")
        case (.document, .document): break
        }
        for third in 1...2 {
            precondition(outcome(bytes, .near(bytes.count * third / 3), pruning: TopologyDecoder.pruning) == pruned,
                         "a pruned read in two parts differs from the pruned read in one")
        }
    }

    /// What a read gave: the document and what equality of trees leaves out (positions, self-closing style), or the error.
    static func outcome(_ bytes: [UInt8], _ parts: XMLReader.Parts, pruning: XMLPruning? = nil) -> Outcome {
        do {
            let document = try XMLReader(pruning: pruning).read(bytes, parts: parts).document
            var elements: [Element] = []
            func walk(_ element: XMLElement) {
                elements.append(Element(location: element.location, isSelfClosing: element.isSelfClosing,
                                        spaceBeforeSelfClose: element.spaceBeforeSelfClose))
                for case .element(let child) in element.children { walk(child) }
            }
            walk(document.root)
            return .document(document, elements)
        } catch {
            return .error(error)
        }
    }

    struct Element: Equatable {
        var location: SourceLocation
        var isSelfClosing: Bool
        var spaceBeforeSelfClose: Bool
    }

    enum Outcome: Equatable {
        case document(XMLDocument, [Element])
        case error(XMLParseError)
    }
}
