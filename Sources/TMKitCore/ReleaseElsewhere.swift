import Dispatch

/// Hands `value` to another thread to be freed: a large structure of many small allocations
/// (a document's units) takes a while to free, and the thread that used it need not wait for it.
///
/// The value travels in a box that the other thread empties: were the closure to hold the value
/// itself, whichever thread let go last would free it, and the other thread, with nothing to
/// do, usually finished first (a merge freed its units on the main thread all the same).
public func releaseElsewhere<Value: Sendable>(_ value: consuming Value) {
    let box = ReleaseBox(consume value)
    DispatchQueue.global(qos: .utility).async { box.empty() }
}

private final class ReleaseBox<Value>: @unchecked Sendable {
    // Written by the initializer, then only by `empty()` on the releasing thread.
    private var value: Value?

    init(_ value: consuming Value) {
        self.value = consume value
    }

    func empty() {
        value = nil
    }
}
