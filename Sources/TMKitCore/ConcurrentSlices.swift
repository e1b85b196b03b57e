import Dispatch
import Synchronization

/// Work on every core over a batch: `count` items cut into contiguous slices (at most `workers`,
/// none smaller than `minimumSlice` items unless there is only one), `body` run on each slice's
/// range at once, the results in slice order. One slice runs on the calling thread without
/// dispatching.
public func concurrentSlices<T: Sendable>(
    count: Int, workers: Int, minimumSlice: Int, _ body: @Sendable (Range<Int>) -> T
) -> [T] {
    let slices = Swift.min(Swift.max(1, workers), Swift.max(1, count / Swift.max(1, minimumSlice)))
    guard slices > 1 else { return [body(0..<count)] }
    let results = Mutex<[T?]>(Array(repeating: nil, count: slices))
    DispatchQueue.concurrentPerform(iterations: slices) { slice in
        let part = body((count * slice / slices)..<(count * (slice + 1) / slices))
        results.withLock { $0[slice] = part }
    }
    return results.withLock { $0.map { $0! } }
}
