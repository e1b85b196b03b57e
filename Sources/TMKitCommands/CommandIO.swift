import TMKitCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to a file descriptor (1 for standard output, 2 for standard error). The first failed
/// write is remembered (``writeFailure``) and nothing more is written: the command reports it
/// and exits 2 instead of claiming success over lost output.
public struct FileDescriptorSink: ByteSink {
    /// The file descriptor written to (1 for standard output, 2 for standard error).
    public let descriptor: Int32
    private let failure = FailureBox()

    private final class FailureBox: Sendable {
        let code = Atomic<Int32>(0)
    }

    /// Writes to the open file descriptor `descriptor`; the sink never closes it.
    public init(descriptor: Int32) { self.descriptor = descriptor }

    /// The `errno` of the first write that failed (a full disk, a closed pipe); nil while every
    /// write has succeeded.
    public var writeFailure: Int32? {
        let code = failure.code.load(ordering: .relaxed)
        return code == 0 ? nil : code
    }

    /// Writes all of `bytes`, retrying after interrupted and partial writes; does nothing once a
    /// write has failed.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure.code.load(ordering: .relaxed) == 0, var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                failure.code.store(errno, ordering: .relaxed)
                return
            }
            pointer += written
            remaining -= written
        }
    }
}

/// Where a command's input bytes come from, read a chunk at a time.
public protocol ByteSource: AnyObject {
    /// Up to `maximum` bytes; an empty array at the end of the input.
    func read(upTo maximum: Int) throws -> [UInt8]
}

/// Reads a file descriptor (0 for standard input).
public final class FileDescriptorSource: ByteSource {
    let descriptor: Int32
    let name: String
    let closesOnDeinit: Bool

    /// Reads `descriptor`, naming it `name` in errors; with `closesOnDeinit` the source closes the
    /// descriptor when it goes away.
    public init(descriptor: Int32, name: String, closesOnDeinit: Bool = false) {
        self.descriptor = descriptor
        self.name = name
        self.closesOnDeinit = closesOnDeinit
    }

    /// Up to `maximum` bytes, retrying an interrupted read; an empty array at the end of the input.
    /// Throws `CommandError` when the descriptor cannot be read.
    public func read(upTo maximum: Int) throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, maximum) }
            if count >= 0 {
                chunk.removeSubrange(count...)
                return chunk
            }
            if errno != EINTR { throw CommandError.unreadable(name, errno: errno) }
        }
    }

    deinit {
        if closesOnDeinit { close(descriptor) }
    }
}

/// Hands out bytes held in memory, for tests.
public final class BytesSource: ByteSource {
    private var bytes: ArraySlice<UInt8>

    /// Hands out `bytes`, then the end of the input.
    public init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    /// The next `maximum` bytes or fewer; an empty array once every byte has been handed out.
    public func read(upTo maximum: Int) throws -> [UInt8] {
        let chunk = bytes.prefix(maximum)
        bytes = bytes.dropFirst(chunk.count)
        return Array(chunk)
    }
}

/// When progress is shown: on a terminal only (`auto`), always, or never.
public enum ProgressMode: String, Sendable, CaseIterable {
    /// `auto`: only when standard error is a terminal; `always`: even when it is not; `never`: not at all.
    case auto, always, never
}

/// The terminal a command talks to: standard output and error, standard input, and
/// whether standard error is a terminal (progress is shown only then). Commands reach it
/// through ``CommandIO/current``; tests bind their own with ``TMKitCommand/run(arguments:io:)``.
public struct CommandIO: Sendable {
    /// Where results go: standard output, or captured bytes in tests.
    public var output: any ByteSink
    /// Where notes, warnings, progress and errors go: standard error, or captured bytes in tests.
    public var errorOutput: any ByteSink
    /// Opens standard input.
    public var openInput: @Sendable () -> any ByteSource
    /// Whether standard error is a terminal, so that `--progress auto` shows progress.
    public var errorIsTerminal: Bool
    /// Whether standard output is a terminal: a command that streams findings there shows no
    /// progress under `--progress auto`, whose line would break theirs.
    public var outputIsTerminal = false
    /// `--progress`: when long work reports its progress on standard error.
    public var progress: ProgressMode = .auto
    /// `--quiet`: no closing summaries or progress on standard error (findings, warnings and
    /// errors stay).
    public var quiet = false

    /// Whether progress lines go to standard error.
    public var showsProgress: Bool {
        !quiet && (progress == .always || progress == .auto && errorIsTerminal)
    }

    /// Streams from their parts: `openInput` opens standard input when a command reads it, and
    /// `errorIsTerminal` (false by default) says whether progress may show.
    public init(
        output: any ByteSink, errorOutput: any ByteSink,
        openInput: @escaping @Sendable () -> any ByteSource, errorIsTerminal: Bool = false
    ) {
        self.output = output
        self.errorOutput = errorOutput
        self.openInput = openInput
        self.errorIsTerminal = errorIsTerminal
    }

    /// Streams for tests: captured output, `input` as standard input.
    public init(output: any ByteSink, errorOutput: any ByteSink, input: [UInt8]) {
        self.init(output: output, errorOutput: errorOutput, openInput: { BytesSource(input) })
    }

    /// The process's own standard streams.
    public static let standard: CommandIO = {
        var io = CommandIO(
            output: FileDescriptorSink(descriptor: 1),
            errorOutput: FileDescriptorSink(descriptor: 2),
            openInput: { FileDescriptorSource(descriptor: 0, name: "<stdin>") },
            errorIsTerminal: isatty(2) == 1
        )
        io.outputIsTerminal = isatty(1) == 1
        return io
    }()

    /// The streams of the command running in this task.
    @TaskLocal public static var current: CommandIO = .standard
}
