/// Element-tree surgery for edits: finding elements by position, inserting new elements the way the product
/// writes them (namespace declarations only where the default namespace changes, indentation taken from the
/// surrounding white space) and removing elements with the white space that introduced them, so that an
/// insertion followed by the matching removal gives back the same tree.

/// A position in an element tree: the indices into `children` (nodes, not elements) from the root element.
typealias NodePath = [Int]

/// An element to create: name, namespace, attributes in the order the product writes them, and either
/// child elements or text.
struct XMLFragment: Sendable {
    var localName: String
    var namespaceURI: String
    var attributes: [(String, String)]
    var children: [XMLFragment]
    var text: String?

    init(_ localName: String, _ namespaceURI: String, _ attributes: [(String, String?)] = [], children: [XMLFragment] = [],
         text: String? = nil) {
        self.localName = localName
        self.namespaceURI = namespaceURI
        self.attributes = attributes.compactMap { name, value in value.map { (name, $0) } }
        self.children = children
        self.text = text
    }
}

/// How a document kind places a namespace declaration among an element's attributes: published topologies
/// write `xmlns` first (`<RegistrarService xmlns="…" IsDirector="false" />`), Topology Builder files last
/// (`<RegistrarService IsDirector="false" xmlns="…" />`).
enum DeclarationPlacement: Sendable {
    case first
    case last
}

/// The namespaces in scope at a point of the tree.
struct NamespaceScope: Sendable {
    var defaultNamespace: String?
    var prefixes: [String: String] = [:]   // prefix -> URI

    func applying(_ element: XMLElement) -> NamespaceScope {
        var scope = self
        for attribute in element.attributes where attribute.isNamespaceDeclaration {
            if attribute.prefix == nil { scope.defaultNamespace = attribute.value.isEmpty ? nil : attribute.value }
            else { scope.prefixes[attribute.localName] = attribute.value }
        }
        return scope
    }

    /// The prefix to use for `namespaceURI`, or nil when the default namespace must be declared.
    func prefix(for namespaceURI: String) -> String?? {
        if defaultNamespace == namespaceURI { return .some(nil) }
        if let entry = prefixes.first(where: { $0.value == namespaceURI }) { return .some(entry.key) }
        return nil
    }
}

extension XMLElement {
    /// The element at `path` below this one.
    func element(at path: some Collection<Int>) -> XMLElement? {
        var current = self
        for index in path {
            guard current.children.indices.contains(index), case .element(let child) = current.children[index] else { return nil }
            current = child
        }
        return current
    }

    /// Runs `body` on the element at `path`; false when there is none.
    @discardableResult
    mutating func modifyElement(at path: ArraySlice<Int>, _ body: (inout XMLElement) -> Void) -> Bool {
        guard let first = path.first else {
            body(&self)
            return true
        }
        guard children.indices.contains(first), case .element(var child) = children[first] else { return false }
        children[first] = .text("")   // drop the reference so that the child is modified in place
        let found = child.modifyElement(at: path.dropFirst(), body)
        children[first] = .element(child)
        return found
    }

    /// The node indices of the child elements named so.
    func childIndices(_ localName: String, in namespaceURI: String) -> [Int] {
        var result: [Int] = []
        for (index, node) in children.enumerated() {
            if case .element(let element) = node, element.isNamed(localName, in: namespaceURI) { result.append(index) }
        }
        return result
    }

    /// The node index of the first child element named so.
    func firstChildIndex(_ localName: String, in namespaceURI: String) -> Int? {
        for (index, node) in children.enumerated() {
            if case .element(let element) = node, element.isNamed(localName, in: namespaceURI) { return index }
        }
        return nil
    }

    var elementChildIndices: [Int] {
        children.indices.filter { if case .element = children[$0] { return true } else { return false } }
    }
}

/// Whitespace-aware insertion and removal on one document.
struct TreeEditor: Sendable {
    var document: XMLDocument
    /// How the document declares namespaces on new elements.
    var placement: DeclarationPlacement
    /// One level of indentation ("" for a document written without line breaks between elements).
    let unit: String
    /// Whether elements stand on lines of their own (false for a document written on one line).
    let pretty: Bool

    init(document: XMLDocument, placement: DeclarationPlacement) {
        self.document = document
        self.placement = placement
        unit = Self.indentationUnit(document.root)
        pretty = Self.breaksLines(document.root)
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    }

    /// The text after the last line break of a blank text node, or nil.
    static func indentation(_ node: XMLNode) -> String? {
        guard case .text(let text) = node, isBlank(text), let newline = text.lastIndex(of: "\n") else { return nil }
        return String(text[text.index(after: newline)...])
    }

    /// The indentation step of the document: the white space before the root's first child element.
    static func indentationUnit(_ root: XMLElement) -> String {
        guard let first = root.elementChildIndices.first, first > 0, let inner = indentation(root.children[first - 1]) else { return "" }
        return inner
    }

    /// Whether the document puts elements on lines of their own.
    static func breaksLines(_ root: XMLElement) -> Bool {
        guard let first = root.elementChildIndices.first, first > 0 else { return false }
        return indentation(root.children[first - 1]) != nil
    }

    func element(at path: NodePath) -> XMLElement? { document.root.element(at: path) }

    mutating func modify(_ path: NodePath, _ body: (inout XMLElement) -> Void) {
        document.root.modifyElement(at: path[...], body)
    }

    /// The namespaces in scope inside the element at `path` (its own declarations included).
    func scope(inside path: NodePath) -> NamespaceScope {
        var scope = NamespaceScope().applying(document.root)
        var element = document.root
        for index in path {
            guard element.children.indices.contains(index), case .element(let child) = element.children[index] else { break }
            element = child
            scope = scope.applying(element)
        }
        return scope
    }

    /// The indentation of the element at `path`: the white space on its line before it.
    func indentation(of path: NodePath) -> String {
        guard let last = path.last, last > 0, let parent = element(at: path.dropLast()) else { return "" }
        if let own = Self.indentation(parent.children[last - 1]) { return own }
        return String(repeating: unit, count: path.count)
    }

    /// The indentation of the children of the element at `path`: as its existing children have it, or one
    /// step more than the element itself.
    func childIndentation(of path: NodePath) -> String {
        if let container = element(at: path), let first = container.elementChildIndices.first, first > 0,
           let existing = Self.indentation(container.children[first - 1]) {
            return existing
        }
        return indentation(of: path) + unit
    }

    /// Turns a fragment into an element for a place with this scope and indentation.
    func materialize(_ fragment: XMLFragment, scope: NamespaceScope, indent: String) -> XMLElement {
        var attributes = fragment.attributes.map { XMLAttribute(localName: $0.0, value: $0.1) }
        var prefix: String?
        var inner = scope
        switch scope.prefix(for: fragment.namespaceURI) {
        case .some(let existing):
            prefix = existing
        case .none:
            let declaration = XMLAttribute(localName: "xmlns", value: fragment.namespaceURI)
            switch placement {
            case .first: attributes.insert(declaration, at: 0)
            case .last: attributes.append(declaration)
            }
            inner.defaultNamespace = fragment.namespaceURI
        }
        var element = XMLElement(prefix: prefix, localName: fragment.localName, namespaceURI: fragment.namespaceURI,
                                 attributes: attributes, children: [], isSelfClosing: true)
        if let text = fragment.text {
            element.children = [.text(text)]
            element.isSelfClosing = false
        } else if !fragment.children.isEmpty {
            let childIndent = indent + unit
            for child in fragment.children {
                if pretty { element.children.append(.text("\n" + childIndent)) }
                element.children.append(.element(materialize(child, scope: inner, indent: childIndent)))
            }
            if pretty { element.children.append(.text("\n" + indent)) }
            element.isSelfClosing = false
        }
        return element
    }

    enum Position {
        /// After the last child element.
        case end
        /// After the child element at this node index.
        case after(Int)
        /// Before the child element at this node index.
        case before(Int)
    }

    /// Inserts a new child element into the element at `path`; returns the node index it got.
    @discardableResult
    mutating func insert(_ fragment: XMLFragment, into path: NodePath, at position: Position = .end) -> Int {
        let containerIndent = indentation(of: path)
        let childIndent = childIndentation(of: path)
        let element = materialize(fragment, scope: scope(inside: path), indent: childIndent)
        let pretty = self.pretty
        var inserted = 0
        modify(path) { container in
            let elements = container.elementChildIndices
            if elements.isEmpty {
                if container.children.allSatisfy({ if case .text(let text) = $0 { return Self.isBlank(text) } else { return false } }) {
                    container.children = pretty ? [.text("\n" + childIndent), .element(element), .text("\n" + containerIndent)]
                        : [.element(element)]
                    inserted = pretty ? 1 : 0
                } else {
                    container.children.append(.element(element))
                    inserted = container.children.count - 1
                }
                container.isSelfClosing = false
                return
            }
            switch position {
            case .end, .after:
                var anchor = elements[elements.count - 1]
                if case .after(let index) = position { anchor = index }
                if pretty {
                    container.children.insert(contentsOf: [.text("\n" + childIndent), .element(element)], at: anchor + 1)
                    inserted = anchor + 2
                } else {
                    container.children.insert(.element(element), at: anchor + 1)
                    inserted = anchor + 1
                }
            case .before(let index):
                if pretty {
                    container.children.insert(contentsOf: [.element(element), .text("\n" + childIndent)], at: index)
                } else {
                    container.children.insert(.element(element), at: index)
                }
                inserted = index
            }
        }
        return inserted
    }

    /// Removes the child element at `index` of the element at `path`, with the white space before it; an
    /// element left with no content becomes an empty-element tag again (`<DependsOn />`).
    mutating func remove(_ index: Int, from path: NodePath) {
        modify(path) { container in
            guard container.children.indices.contains(index) else { return }
            container.children.remove(at: index)
            if index > 0, case .text(let text) = container.children[index - 1], Self.isBlank(text) {
                container.children.remove(at: index - 1)
            } else if index < container.children.count, case .text(let text) = container.children[index], Self.isBlank(text),
                      container.elementChildIndices.first.map({ $0 > index }) ?? false {
                container.children.remove(at: index)
            }
            if container.elementChildIndices.isEmpty,
               container.children.allSatisfy({ if case .text(let text) = $0 { return Self.isBlank(text) } else { return false } }) {
                container.children = []
                container.isSelfClosing = true
                container.spaceBeforeSelfClose = true
            }
        }
    }

    /// Sets (or removes) an attribute of the element at `path`, keeping the place of an existing one; a new
    /// one goes last (before a trailing namespace declaration in a Topology Builder file).
    mutating func setAttribute(_ name: String, _ value: String?, at path: NodePath) {
        let placement = self.placement
        modify(path) { element in
            guard let value, element.attribute(name) == nil else {
                element.setAttribute(name, value)
                return
            }
            let attribute = XMLAttribute(localName: name, value: value)
            if placement == .last, element.attributes.count > 1, element.attributes.last?.isNamespaceDeclaration == true {
                element.attributes.insert(attribute, at: element.attributes.count - 1)
            } else {
                element.attributes.append(attribute)
            }
        }
    }
}
