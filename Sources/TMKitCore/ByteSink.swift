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
