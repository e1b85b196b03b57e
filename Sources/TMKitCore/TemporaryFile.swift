#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// A temporary file nobody else can see (unlinked at once, gone when closed): bytes written
/// now, read back once later. What writers use when a format needs something at its start
/// that is known only at the end (a CSV header, an XLIFF skeleton before its units).
public final class TemporaryFile: ByteSink {
    private struct State {
        var pending: [UInt8] = []
        var failure: Int32?
    }

    private let descriptor: Int32
    private let state = Mutex(State())

    /// Makes the file in `$TMPDIR` (or `/tmp`).
    public init() throws(TemporaryFileError) {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((folder + "/tmkit-spool-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw TemporaryFileError(folder: folder, code: errno, reading: false) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Appends `bytes`, kept in memory and written to the file 64 KiB at a time. A failed write
    /// is recorded in `writeFailure` and thrown by ``replay(_:)``; bytes after it are dropped.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        state.withLock { state in
            state.pending.append(contentsOf: bytes)
            if state.pending.count >= 1 << 16 { Self.flush(&state, descriptor) }
        }
    }

    /// The `errno` of the first write to the file that failed, or `nil`.
    public var writeFailure: Int32? { state.withLock { $0.failure } }

    private static func flush(_ state: inout State, _ descriptor: Int32) {
        var offset = 0
        while offset < state.pending.count, state.failure == nil {
            let written = state.pending.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno != EINTR { state.failure = errno }
            } else {
                offset += written
            }
        }
        state.pending.removeAll(keepingCapacity: true)
    }

    /// Reads everything written back from the start, a chunk at a time, into `body`.
    public func replay(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let failure = state.withLock { state -> Int32? in
            Self.flush(&state, descriptor)
            return state.failure
        }
        if let failure { throw TemporaryFileError(folder: nil, code: failure, reading: false) }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw TemporaryFileError(folder: nil, code: errno, reading: true) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw TemporaryFileError(folder: nil, code: errno, reading: true)
            }
            if count == 0 { return }
            try chunk.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }
}

/// A temporary file that could not be made, written or read back.
public struct TemporaryFileError: TMKitError, Equatable {
    /// The folder the file could not be made in (`$TMPDIR` or `/tmp`); `nil` when writing or
    /// reading back failed.
    public var folder: String?
    /// The `errno` of the failure.
    public var code: Int32
    /// Whether reading back failed, rather than making or writing the file.
    public var reading: Bool

    /// The failure in one line, with the system's reason and, where it helps, a hint to set `TMPDIR`.
    public var message: String {
        let reason = String(cString: strerror(code))
        if let folder { return "cannot make a temporary file in \(folder) (set TMPDIR): \(reason)" }
        return reading ? "cannot read a temporary file back: \(reason)" : "cannot write a temporary file (set TMPDIR): \(reason)"
    }

    /// Always `nil`: the file is tmkit's own, not an input.
    public var location: SourceLocation? { nil }
}
