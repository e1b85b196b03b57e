import Synchronization

/// Where written bytes go: a file, standard output, or memory in tests.
public protocol ByteSink: Sendable {
    /// Writes `bytes` after everything written before. It never throws: a sink that can fail
    /// records the error in `writeFailure`.
    func write(_ bytes: UnsafeRawBufferPointer)
    /// The error number of the first write that failed (a full disk, a closed pipe), after
    /// which the sink writes nothing more; `nil` while every write succeeded.
    var writeFailure: Int32? { get }
}

extension ByteSink {
    /// Always `nil`: the default for sinks that cannot fail, such as memory.
    public var writeFailure: Int32? { nil }

    /// Writes `string` as UTF-8.
    public func write(_ string: String) {
        var string = string
        string.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes `bytes` as they are.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }
}

/// Collects written bytes in memory (what a command or writer wrote, in tests).
public final class CapturedOutput: ByteSink {
    private let storage = Mutex<[UInt8]>([])

    /// An empty capture.
    public init() {}

    /// Appends `bytes` to what has been captured; never fails.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        storage.withLock { $0.append(contentsOf: bytes) }
    }

    /// Everything written so far.
    public var bytes: [UInt8] { storage.withLock { $0 } }
    /// Everything written so far, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Buffers output and hands it to a sink in large writes.
public struct OutputBuffer: ~Copyable {
    private var bytes: [UInt8] = []
    private let sink: any ByteSink
    private let threshold = 1 << 16

    /// A buffer that hands its bytes to `sink` whenever 64 KiB have piled up, and the rest on
    /// ``flush()`` or when the buffer goes away.
    public init(sink: any ByteSink) {
        self.sink = sink
        bytes.reserveCapacity(threshold + 4096)
    }

    /// Appends `string` as UTF-8.
    public mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
        flushIfFull()
    }

    /// Appends one byte. It never hands a full buffer to the sink; the next other append does.
    public mutating func appendByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends `more` as they are.
    public mutating func append(bytes more: some Collection<UInt8>) {
        bytes.append(contentsOf: more)
        flushIfFull()
    }

    /// Appends `more` as they are; a piece of 64 KiB or more goes to the sink as it is, after
    /// what was buffered, instead of being copied into the buffer first.
    public mutating func append(bytes more: [UInt8]) {
        guard more.count >= threshold else { return append(bytes: more[...]) }
        flush()
        more.withUnsafeBytes { sink.write($0) }
    }

    /// Appends `number` in decimal digits (`-42`).
    public mutating func append(_ number: Int) {
        append(String(number))
    }

    /// Appends `string` as a JSON string literal.
    public mutating func appendJSONString(_ string: String) {
        JSONValue.writeString(string, to: &bytes)
        flushIfFull()
    }

    /// Appends `value`'s JSON text and a line feed: one JSON Lines record.
    public mutating func appendJSONLine(_ value: JSONValue) {
        value.write(to: &bytes)
        bytes.append(0x0A)
        flushIfFull()
    }

    private mutating func flushIfFull() {
        if bytes.count >= threshold { flush() }
    }

    /// Hands everything buffered to the sink now; does nothing when the buffer is empty.
    public mutating func flush() {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { sink.write($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    deinit {
        if !bytes.isEmpty { bytes.withUnsafeBytes { sink.write($0) } }
    }
}
