/// The open elements, outermost first, in memory of its own: an element is built once when its start tag
/// is read, completed in place and moved (not copied) out when it ends.
struct ElementStack {
    private(set) var base: UnsafeMutablePointer<XMLElement>
    private(set) var childStarts: UnsafeMutablePointer<Int>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
        childStarts = .allocate(capacity: capacity)
    }

    var isEmpty: Bool { count == 0 }

    mutating func push(_ element: consuming XMLElement, childStart: Int) {
        if count == capacity {
            let larger = UnsafeMutablePointer<XMLElement>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = larger
            let starts = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 2)
            starts.moveInitialize(from: childStarts, count: count)
            childStarts.deallocate()
            childStarts = starts
            capacity *= 2
        }
        (base + count).initialize(to: consume element)
        childStarts[count] = childStart
        count += 1
    }

    /// The innermost open element, to complete in place.
    var top: UnsafeMutablePointer<XMLElement> { base + (count - 1) }

    /// Where the children of the innermost open element start on the node stack.
    var topChildStart: Int { childStarts[count - 1] }

    /// Moves the innermost open element out (the stack must not be empty).
    mutating func pop() -> XMLElement {
        count -= 1
        return (base + count).move()
    }

    mutating func release() {
        base.deinitialize(count: count)
        base.deallocate()
        childStarts.deallocate()
        count = 0
        capacity = 0
    }
}
