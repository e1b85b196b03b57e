import Segmentation
import TMKitCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the files named on the command line.
enum FileInput {
    /// A source for `path`, or for standard input when it is `-`.
    /// `register: false` is for a file read whole before any output, that the command may
    /// deliberately write again (a waiver list updated in place).
    static func open(_ path: String, register: Bool = true) throws -> any ByteSource {
        if path == "-" { return CommandIO.current.openInput() }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CommandError.unreadable(path, errno: errno) }
        if register { CommandInputs.register(path) }
        return FileDescriptorSource(descriptor: descriptor, name: path, closesOnDeinit: true)
    }

    /// Every byte of `path` (or of standard input for `-`), refusing more than `limit` bytes (so
    /// that `/dev/zero` or a wrong file cannot take all memory): `what` names the input in the
    /// error, which says the limit.
    static func readAll(_ path: String, limit: Int, what: String, register: Bool = true) throws -> [UInt8] {
        let source = try open(path, register: register)
        var bytes: [UInt8] = []
        if let size = size(of: source) {
            // A regular file says its size: refused before a byte is read, read without regrowing.
            guard size <= limit else {
                throw CommandError(message: "\(displayName(path)): larger than \(InputLimits.describe(limit)), the limit for \(what)")
            }
            bytes.reserveCapacity(size)
        }
        while true {
            let chunk = try source.read(upTo: 1 << 20)
            if chunk.isEmpty { return bytes }
            guard bytes.count + chunk.count <= limit else {
                throw CommandError(message: "\(displayName(path)): larger than \(InputLimits.describe(limit)), the limit for \(what)")
            }
            bytes += chunk
        }
    }

    /// A reader of `path` a chunk at a time, for the streaming readers (TBX, SRX).
    static func chunks(_ path: String) throws -> (Int) throws -> [UInt8] {
        let source = try open(path)
        return { try source.read(upTo: $0) }
    }

    /// The size of the regular file `source` reads; nil for a pipe, a terminal or a device.
    static func size(of source: any ByteSource) -> Int? {
        var info = stat()
        guard let file = source as? FileDescriptorSource, fstat(file.descriptor, &info) == 0,
              (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// How to name `path` in messages.
    static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Whether `path` names a regular file (or, with `orAbsent`, nothing yet): one that can be
    /// read again, or written again from its start; not standard input, a pipe or a device.
    static func isRegularFile(_ path: String, orAbsent: Bool = false) -> Bool {
        guard path != "-" else { return false }
        var info = stat()
        guard stat(path, &info) == 0 else { return orAbsent && errno == ENOENT }
        return (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// An input read twice: once to check that all of it decodes, once to work on it, so that a
/// command streaming its output writes nothing for an input that turns out bad half-way. A
/// regular file is opened again for the second pass; standard input, a pipe or a device is
/// copied to an unlinked temporary file while the first pass reads it.
final class TwoPassInput {
    let path: String
    private var spool: Int32 = -1

    init(_ path: String) {
        self.path = path
    }

    deinit {
        if spool >= 0 { close(spool) }
    }

    /// The source of the first pass.
    func firstPass() throws -> any ByteSource {
        let source = try FileInput.open(path)
        var info = stat()
        if path != "-", let file = source as? FileDescriptorSource, fstat(file.descriptor, &info) == 0,
           (info.st_mode & S_IFMT) == S_IFREG {
            return source
        }
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/tmkit-input-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CommandError(message: "\(FileInput.displayName(path)): cannot keep a copy in \(directory): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        spool = descriptor
        return SpoolingSource(source: source, spool: descriptor, name: FileInput.displayName(path), directory: directory)
    }

    /// The source of the second pass: the same bytes again.
    func secondPass() throws -> any ByteSource {
        guard spool >= 0 else { return try FileInput.open(path) }
        guard lseek(spool, 0, SEEK_SET) == 0 else { throw CommandError.unreadable(path, errno: errno) }
        return FileDescriptorSource(descriptor: spool, name: FileInput.displayName(path))
    }
}

/// Copies what it reads into a file (the first pass of a ``TwoPassInput``).
private final class SpoolingSource: ByteSource {
    let source: any ByteSource
    let spool: Int32
    let name: String
    let directory: String

    init(source: any ByteSource, spool: Int32, name: String, directory: String) {
        self.source = source
        self.spool = spool
        self.name = name
        self.directory = directory
    }

    func read(upTo maximum: Int) throws -> [UInt8] {
        let chunk = try source.read(upTo: maximum)
        try chunk.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(spool, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw CommandError(message: "\(name): cannot keep a copy in \(directory): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        return chunk
    }
}

/// How much of an input that is read whole a command takes (see the README's "Limits").
/// Streaming inputs (TMX, TBX, SRX, `segment`'s documents) have no size limit; their readers
/// limit what one element may hold instead.
enum InputLimits {
    /// A document that `pretranslate` and `glossary annotate` hold whole.
    static let document = 32 << 20
    /// Each of the two documents `align` holds whole with every sentence's features: at this
    /// size the worst case (one sentence repeated) aligns in about 4 s and 200 MB.
    static let alignedDocument = 4 << 20
    /// A TSV, CSV or JSON Lines memory (read whole: spreadsheet-sized).
    static let tabularMemory = 128 << 20
    /// A glossary in TSV or CSV.
    static let glossaryTable = 64 << 20
    /// An XLIFF that `merge` reads whole.
    static let xliff = 256 << 20
    /// A TMX that `tmx normalize` reads from standard input (it needs two passes).
    static let standardInputTMX = 256 << 20

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? "\(bytes >> 30) GiB" : "\(bytes >> 20) MiB"
    }
}

/// Reads a text input as decoded pieces cut between paragraphs, so that a huge input is
/// processed in memory bounded by the chunk size plus its largest paragraph.
///
/// UTF-8 (with or without a byte-order mark) streams; UTF-16 is read whole and transcoded.
/// Decoding errors carry byte offsets into the input as read, whichever piece they are in.
struct TextPieceReader {
    private let source: any ByteSource
    private let name: String
    private let mode: ParagraphMode
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    private var consumed = 0  // input bytes before `buffer`
    private var started = false
    private var atEnd = false

    init(source: any ByteSource, name: String, mode: ParagraphMode, chunkSize: Int = 1 << 22) {
        self.source = source
        self.name = name
        self.mode = mode
        self.chunkSize = Swift.max(1, chunkSize)
    }

    /// The next piece, or `nil` at the end of the input.
    mutating func next() throws -> TextDocument? {
        if !started {
            started = true
            while buffer.count < 2, !atEnd { try fill() }
            if buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF]) {
                while !atEnd { try fill() }
                return try takePiece(buffer.count)
            }
        }
        while true {
            if atEnd { return buffer.isEmpty ? nil : try takePiece(buffer.count) }
            let cut = buffer.withUnsafeBufferPointer { Paragraphs.lastSafeCut(in: $0, mode: mode) }
            if let cut, cut > 0 { return try takePiece(cut) }
            // No cut yet (a long paragraph): read as much again as is held, so that the
            // buffer is scanned a bounded number of times whatever the paragraph's length.
            try fill(Swift.max(chunkSize, buffer.count))
        }
    }

    private mutating func fill(_ size: Int? = nil) throws {
        let chunk = try source.read(upTo: size ?? chunkSize)
        if chunk.isEmpty { atEnd = true } else { buffer += chunk }
    }

    private mutating func takePiece(_ count: Int) throws -> TextDocument {
        let bytes = Array(buffer[0..<count])
        buffer.removeFirst(count)
        let offset = consumed
        consumed += count
        do {
            // Only the input's first bytes can be a byte-order mark: a later piece that starts
            // with FF FE or EF BB BF is UTF-8 (or invalid), not a change of encoding.
            return offset == 0 ? try TextDocument(decoding: bytes, file: name) : try TextDocument(validatingUTF8: bytes, file: name)
        } catch {
            var located = error
            located.byteOffset += offset
            throw located
        }
    }
}

/// A failure the command line reports as `tmkit: MESSAGE` with an exit code.
struct CommandError: Error {
    var message: String
    var exitCode: Int32 = 2

    static func unreadable(_ path: String, errno code: Int32) -> CommandError {
        let reason = String(cString: strerror(code))
        return CommandError(message: "\(FileInput.displayName(path)): cannot read: \(reason)")
    }
}
