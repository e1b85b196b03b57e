import TMKitCore

/// Reads and parses an XML input on a background thread while the caller turns the events
/// of earlier chunks into values (TMX units, XLIFF units): the two halves of the work overlap
/// on two cores.
///
/// The background thread alone uses the parser and `read` (one call at a time); the caller
/// alone uses the items it takes. Items pass through a queue of at most `capacity` chunks, so
/// memory stays bounded whatever the input's size. Call ``stop()`` before `read`'s state goes
/// away. (A `BackgroundProducer` of parsed chunks, from TMKitCore.)
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

    private let producer: BackgroundProducer<Item>

    /// A pipeline that reads `chunkSize` bytes at a time through `read` (an empty array at the
    /// end) into `parser`, keeping at most `capacity` parsed chunks ahead of the caller.
    public init(parser: XMLPushParser, chunkSize: Int = 1 << 18, capacity: Int = 4,
                read: @escaping (Int) throws -> [UInt8]) {
        producer = BackgroundProducer(batchSize: 1, capacity: capacity) { emit in
            var first = true
            while true {
                var item = Item()
                let chunk: [UInt8]
                do {
                    chunk = try read(chunkSize)
                } catch {
                    item.readError = error
                    item.isLast = true
                    try emit(item)
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
                try emit(item)
                if item.isLast { return }
            }
        }
    }

    /// The next chunk's events; starts the background thread on first use. Do not call it again
    /// after an item that ``Item/isLast``.
    public func next() -> Item {
        // The producer throws nothing of its own (a read error travels in an item), and ends
        // with an item that is last.
        (try? producer.next())??.first ?? Item(isLast: true)
    }

    /// Stops the background thread and waits for it (call before the input goes away); calling
    /// it again does nothing.
    public func stop() {
        producer.stop()
    }
}
