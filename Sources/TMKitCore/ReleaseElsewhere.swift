import Dispatch

/// Hands `value` to another thread to be freed: a large structure of many small allocations
/// (a document's units) takes a while to free, and the thread that used it need not wait for it.
public func releaseElsewhere<Value: Sendable>(_ value: consuming Value) {
    let owned = value
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
}
