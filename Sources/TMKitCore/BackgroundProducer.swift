import Dispatch
import Synchronization

/// Runs a producer on a second thread and hands its elements to the caller in batches, so
/// that producing (reading, segmenting) and consuming (rendering, writing) overlap on two cores.
///
/// `produce` runs once, on a background thread started by the first ``next()``, and passes
/// each element to the `emit` it is given. Elements travel in batches of `batchSize` through a
/// queue of at most `capacity` batches: when the caller falls behind, `emit` waits, so memory
/// stays bounded whatever the input's size. An error `produce` throws reaches the caller from
/// ``next()`` after every batch emitted before it. ``stop()`` (call it before what `produce`
/// uses goes away, and when the caller gives up early) makes the waiting or next `emit` throw,
/// so `produce` unwinds, and waits for the thread.
public final class BackgroundProducer<Element: Sendable>: @unchecked Sendable {
    private struct Queue {
        var batches: [[Element]] = []
        var error: (any Error)?
        var cancelled = false
    }

    private struct Cancelled: Error {}

    /// Dropped by the thread when it is done: a caller that lends `produce` non-escaping state
    /// (`withoutActuallyEscaping`) finds no reference left once ``stop()`` returns.
    private var produce: ((_ emit: (Element) throws -> Void) throws -> Void)?
    private let batchSize: Int
    private let queue = Mutex(Queue())
    private let batchesAvailable = DispatchSemaphore(value: 0)
    private let slotsAvailable: DispatchSemaphore
    private let done = DispatchSemaphore(value: 0)
    private var started = false
    private var joined = false

    /// A producer of elements, handed out `batchSize` at a time with at most `capacity` batches
    /// waiting.
    public init(batchSize: Int = 256, capacity: Int = 8,
                produce: @escaping (_ emit: (Element) throws -> Void) throws -> Void) {
        self.produce = produce
        self.batchSize = Swift.max(1, batchSize)
        // Created at 0 and raised: libdispatch traps when a semaphore is freed below the value
        // it was created with, which happens when the caller stops early.
        slotsAvailable = DispatchSemaphore(value: 0)
        for _ in 0..<Swift.max(1, capacity) { slotsAvailable.signal() }
    }

    deinit {
        stop()
    }

    /// Starts the background thread now (the first ``next()`` does otherwise), so that it
    /// runs while the caller prepares; calling it again does nothing.
    public func start() {
        guard !started else { return }
        started = true
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            run()
            produce = nil
            done.signal()
        }
    }

    /// The next batch (never empty), or nil once `produce` has returned and every batch was
    /// taken; throws what `produce` threw, in its place after the earlier batches.
    public func next() throws -> [Element]? {
        start()
        batchesAvailable.wait()
        let taken: Result<[Element]?, any Error> = queue.withLock { queue in
            if !queue.batches.isEmpty { return .success(queue.batches.removeFirst()) }
            if let error = queue.error {
                queue.error = nil
                return .failure(error)
            }
            return .success(nil)
        }
        if case .success(.some) = taken {
            slotsAvailable.signal()
        } else {
            batchesAvailable.signal()  // the end stays visible to later calls
        }
        return try taken.get()
    }

    /// Stops `produce` at its next `emit` and waits for the thread; calling it again does nothing.
    public func stop() {
        guard started, !joined else { return }
        joined = true
        queue.withLock { $0.cancelled = true }
        slotsAvailable.signal()
        done.wait()
    }

    private func run() {
        var batch: [Element] = []
        batch.reserveCapacity(batchSize)
        do {
            try produce? { element in
                batch.append(element)
                if batch.count >= batchSize {
                    try push(batch)
                    batch = []
                    batch.reserveCapacity(batchSize)
                }
            }
            if !batch.isEmpty, !queue.withLock({ $0.cancelled }) { try push(batch) }
        } catch is Cancelled {
        } catch {
            // What was emitted before the error arrives before it.
            if batch.isEmpty || (try? push(batch)) != nil { queue.withLock { $0.error = error } }
        }
        batchesAvailable.signal()
    }

    private func push(_ batch: [Element]) throws {
        slotsAvailable.wait()
        let cancelled = queue.withLock { queue in
            if queue.cancelled { return true }
            queue.batches.append(batch)
            return false
        }
        if cancelled {
            // The wake-up stop() gave is passed on: a producer that catches the error and
            // emits again (or ends with a partial batch) never waits for a slot that will not come.
            slotsAvailable.signal()
            throw Cancelled()
        }
        batchesAvailable.signal()
    }
}
