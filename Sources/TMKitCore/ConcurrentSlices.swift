import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many threads work on every core uses: the processors online, at most 8 (past that the
/// batches are too small to share out).
public var concurrentWorkers: Int { Swift.max(1, Swift.min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }

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

/// A value computed on another thread while this one goes on: `value` waits for it.
///
/// For work that can start early and is needed late (a document's skeleton, parsed while its
/// units are still being read), so that the thread that needs it does not do it in between.
public final class BackgroundValue<Value: Sendable>: Sendable {
    private let done = DispatchGroup()
    private let result = Mutex<Value?>(nil)

    /// Starts `body` at once on a global queue.
    public init(_ body: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global().async { [self] in
            let value = body()
            result.withLock { $0 = value }
            done.leave()
        }
    }

    /// The value, once `body` has returned.
    public var value: Value {
        done.wait()
        return result.withLock { $0! }
    }
}
