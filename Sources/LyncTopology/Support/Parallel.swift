import Dispatch

/// Whether the library may use the machine's other cores for the work a call asked for. By default it does
/// not: every entry point computes on the caller's thread and starts no thread of its own. A caller that wants
/// the work side by side says so for a scope:
///
/// ```swift
/// let findings = Parallelism.$current.withValue(.sideBySide) { TopologyValidator.validate(document) }
/// ```
///
/// The command line does, for every command. Side by side, the two halves of a large document's text (see
/// `XMLReader.read`), the slices of its services, the rules of the validator with the publish simulation beside
/// them, the members of a large JSON answer and the two documents of a diff are computed on Dispatch's worker
/// threads while the calling thread waits or does its own share; results come back in the same order, so the
/// output is the same either way.
public enum Parallelism: Sendable, Hashable {
    /// On the caller's thread only (the default).
    case serial
    /// On the machine's cores (Dispatch's concurrent queue), the caller's thread waiting for the pieces.
    case sideBySide

    /// The setting in force for the current task or thread (a task-local value: scoped, never global).
    @TaskLocal public static var current: Parallelism = .serial
}

/// Independent pieces of work, run side by side when `Parallelism.current` allows it, one after the other
/// otherwise.
///
/// Used where the work is pure (values in, values out): the slices of a large document's services, the rules
/// of the validator and the publish simulation beside them, the members of a JSON answer, the two documents of
/// a diff. Results come back in a fixed order, so the output never depends on which piece ended first.
enum Parallel {
    /// `body(0)`, `body(1)`, … `body(count - 1)`, computed at the same time, returned in index order.
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        guard Parallelism.current == .sideBySide else { return (0..<count).map(body) }
        return map(count, body, alongside: {}).0
    }

    /// `body(0)` … `body(count - 1)` in index order, and `extra()`, all computed at the same time. `extra` starts
    /// first: give it the longest piece.
    static func map<T: Sendable, E: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T,
                                              alongside extra: @Sendable () -> E) -> ([T], E) {
        guard Parallelism.current == .sideBySide else {
            let other = extra()
            return ((0..<count).map(body), other)
        }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        var result: E?
        withUnsafeMutablePointer(to: &result) { result in
            let shared = Disjoint((slots, result))   // each iteration writes its own slot only
            DispatchQueue.concurrentPerform(iterations: count + 1) { index in
                if index == 0 { shared.value.1.pointee = extra() } else { shared.value.0[index - 1] = body(index - 1) }
            }
        }
        return (slots.map { $0! }, result!)
    }
}

/// Memory handed to the threads of `Parallel` (and of `XMLReader.readInParts`), each of which writes a part no
/// other touches.
struct Disjoint<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
