import Dispatch
import Synchronization

/// Reads and parses an XML input on a background thread while the caller turns the events
/// of earlier chunks into values (TMX units, XLIFF units): the two halves of the work overlap
/// on two cores.
///
/// The background thread alone uses the parser and `read` (one call at a time); the caller
/// alone uses the items it takes. Items pass through a queue of at most `capacity` chunks, so
/// memory stays bounded whatever the input's size. Call ``stop()`` before `read`'s state goes
/// away.
public final class XMLParsingPipeline: @unchecked Sendable {
    /// One chunk's worth of parsing.
    public struct Item: Sendable {
        /// The chunk's events.
        public var batch: XMLBatch?
        /// The first bytes of the input (in the first item only), for encoding detection.
        public var head: [UInt8] = []
        /// The chunk's size in bytes.
        public var byteCount = 0
        /// The fatal error parsing stopped at, if it did.
        public var failure: XMLPushParser.Failure?
        /// What `read` threw, if it did.
        public var readError: (any Error)?
        /// Whether this is the last item (end of input, a fatal error or a read error).
        public var isLast = false
    }

    private struct Queue {
        var items: [Item] = []
        var cancelled = false
    }

    private let parser: XMLPushParser
    /// Dropped by the thread when it is done: a caller that lends `read` non-escaping state
    /// (`withoutActuallyEscaping`) finds no reference left once ``stop()`` returns.
    private var read: ((Int) throws -> [UInt8])?
    private let chunkSize: Int
    private let queue = Mutex(Queue())
    private let itemsAvailable = DispatchSemaphore(value: 0)
    private let slotsAvailable: DispatchSemaphore
    private let done = DispatchSemaphore(value: 0)
    private var started = false
    private var joined = false

    /// A pipeline that reads `chunkSize` bytes at a time through `read` (an empty array at the
    /// end) into `parser`, keeping at most `capacity` parsed chunks ahead of the caller.
    public init(parser: XMLPushParser, chunkSize: Int = 1 << 18, capacity: Int = 4,
                read: @escaping (Int) throws -> [UInt8]) {
        self.parser = parser
        self.chunkSize = chunkSize
        self.read = read
        // Created at 0 and raised to `capacity`: libdispatch traps when a semaphore is freed
        // below the value it was created with, which happens whenever the caller stops early
        // (an invalid unit, an error) while the producer still holds slots.
        self.slotsAvailable = DispatchSemaphore(value: 0)
        for _ in 0..<Swift.max(1, capacity) { slotsAvailable.signal() }
    }

    /// The next chunk's events; starts the background thread on first use. Do not call it again
    /// after an item that ``Item/isLast``.
    public func next() -> Item {
        if !started {
            started = true
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                produce()
                read = nil
                done.signal()
            }
        }
        itemsAvailable.wait()
        let item = queue.withLock { $0.items.removeFirst() }
        slotsAvailable.signal()
        return item
    }

    /// Stops the background thread and waits for it (call before the input goes away); calling
    /// it again does nothing.
    public func stop() {
        guard started, !joined else { return }
        joined = true
        queue.withLock { $0.cancelled = true }
        slotsAvailable.signal()
        done.wait()
    }

    private func produce() {
        var first = true
        while true {
            slotsAvailable.wait()
            if queue.withLock({ $0.cancelled }) { return }
            var item = Item()
            let chunk: [UInt8]
            do {
                chunk = try read?(chunkSize) ?? []
            } catch {
                item.readError = error
                item.isLast = true
                push(item)
                return
            }
            if first {
                item.head = Array(chunk.prefix(256))
                first = false
            }
            item.byteCount = chunk.count
            item.failure = chunk.withUnsafeBytes { parser.parse($0, terminate: chunk.isEmpty) }
            item.batch = parser.takeBatch()
            item.isLast = chunk.isEmpty || item.failure != nil
            push(item)
            if item.isLast { return }
        }
    }

    private func push(_ item: Item) {
        queue.withLock { $0.items.append(item) }
        itemsAvailable.signal()
    }
}
