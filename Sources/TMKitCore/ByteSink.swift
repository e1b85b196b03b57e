import Synchronization

/// Where written bytes go: a file, standard output, or memory in tests.
public protocol ByteSink: Sendable {
    func write(_ bytes: UnsafeRawBufferPointer)
    /// The error number of the first write that failed (a full disk, a closed pipe), after
    /// which the sink writes nothing more; `nil` while every write succeeded.
    var writeFailure: Int32? { get }
}

extension ByteSink {
    public var writeFailure: Int32? { nil }

    public func write(_ string: String) {
        var string = string
        string.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }
}

/// Collects written bytes in memory (what a command or writer wrote, in tests).
public final class CapturedOutput: ByteSink {
    private let storage = Mutex<[UInt8]>([])

    public init() {}

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

    public init(sink: any ByteSink) {
        self.sink = sink
        bytes.reserveCapacity(threshold + 4096)
    }

    public mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
        flushIfFull()
    }

    public mutating func appendByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    public mutating func append(bytes more: some Collection<UInt8>) {
        bytes.append(contentsOf: more)
        flushIfFull()
    }

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

    public mutating func flush() {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { sink.write($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    deinit {
        if !bytes.isEmpty { bytes.withUnsafeBytes { sink.write($0) } }
    }
}
