import XMLEvents
import TMKitCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a TMX file as a stream: the header, then one `TranslationUnit` at a time, in
/// memory bounded by a chunk of input plus the units it completes.
///
/// Reads TMX 1.1 to 1.4b (`xml:lang` or `lang`), in UTF-8 (with or without a byte-order
/// mark) or UTF-16 (with a byte-order mark or a declaration), and keeps everything a TMX
/// unit can carry. External DTDs and entities are never loaded; only the predefined
/// entities and character references are expanded.
///
/// ```swift
/// let reader = try TMXReader(path: "memory.tmx")
/// let header = try reader.readHeader()
/// while let unit = try reader.next() { … }
/// ```
public final class TMXReader {
    /// How a ``TMXReader`` reads: whether it goes past invalid units, what it reports, how many
    /// bytes it reads at a time and what one input may hold.
    public struct Options: Sendable {
        /// Go on past units TMX does not allow, reporting each in ``TMXReader/issues``,
        /// instead of failing on the first.
        public var skipInvalid: Bool
        /// Also report, in ``TMXReader/issues``, what TMX 1.4b does not allow but reading can
        /// pass over (attributes the DTD does not define, `lang`/`xml:lang` for the wrong version,
        /// language codes not in BCP 47 form).
        public var checkConformance: Bool
        /// How many bytes to read and parse at a time.
        public var chunkSize: Int

        /// What one input may hold.
        public var limits: Limits

        /// Options as given; by default the reader fails on the first invalid unit, checks no
        /// conformance and reads 256 KiB at a time.
        public init(skipInvalid: Bool = false, checkConformance: Bool = false, chunkSize: Int = 1 << 18,
                    limits: Limits = Limits()) {
            self.skipInvalid = skipInvalid
            self.checkConformance = checkConformance
            self.chunkSize = chunkSize
            self.limits = limits
        }
    }

    /// What one input may hold before the reader calls it invalid. Whatever the input, the
    /// reader's memory stays within a chunk of input plus these.
    public struct Limits: Sendable {
        /// Elements nested deeper are passed over, and the unit holding them is invalid.
        public var depth = 256
        /// Inline codes (`hi` in `hi` …) nested deeper make the unit invalid.
        public var inlineDepth = 32
        /// UTF-8 bytes of text in one segment (its codes included), property or note.
        public var textBytes = 1 << 20
        /// Issues kept in ``TMXReader/issues``; later ones are only counted.
        public var issues = 10_000

        /// The default limits: 256 levels of elements, 32 of inline codes, 1 MiB of text, 10,000 issues.
        public init() {}
    }

    /// The input's name in errors (the path as given).
    public let name: String?
    /// The options the reader was made with.
    public let options: Options
    /// Units skipped, entities not expanded, unknown elements: everything passed over (the
    /// first ``Limits/issues`` of them; ``issuesNotKept`` counts the rest).
    public private(set) var issues: [TMXIssue] = []
    /// Issues beyond ``Limits/issues``, counted but not kept.
    public private(set) var issuesNotKept = 0
    /// Invalid units passed over (with ``Options/skipInvalid``).
    public private(set) var skippedUnits = 0
    /// How many `tu` elements have been read so far, skipped ones included.
    public private(set) var unitsSeen = 0
    /// Input bytes read so far, and the input's size when known (for progress).
    public private(set) var bytesRead = 0
    /// The input's size in bytes, when known (a regular file, bytes in memory); `nil` for a pipe
    /// or an empty file.
    public let totalBytes: Int?

    /// Called after each chunk with the bytes read so far and the total when known.
    public var progress: ((_ bytesRead: Int, _ totalBytes: Int?) -> Void)?

    private let producer: XMLParsingPipeline
    private let descriptor: Int32?
    private var firstBytes: [UInt8] = []
    private var state = _TMXParseState()
    private var delivered = 0
    private var finished = false

    /// Opens the TMX file at `path`.
    public convenience init(path: String, options: Options = Options()) throws(TMXError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TMXError(.unreadable, "cannot read: \(String(cString: strerror(errno)))", file: path)
        }
        var info = stat()
        let hasInfo = fstat(descriptor, &info) == 0
        if hasInfo, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw TMXError(.unreadable, "cannot read: Is a directory", file: path)
        }
        let size = hasInfo && info.st_size > 0 ? Int(info.st_size) : nil
        self.init(name: path, totalBytes: size, options: options, descriptor: descriptor) { maximum in
            var chunk = [UInt8](repeating: 0, count: maximum)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, maximum) }
                if count >= 0 {
                    chunk.removeSubrange(count...)
                    return chunk
                }
                if errno != EINTR { throw TMXReadFailure(message: String(cString: strerror(errno))) }
            }
        }
    }

    /// Reads TMX held in memory; `name` is used in errors.
    public convenience init(bytes: [UInt8], name: String? = nil, options: Options = Options()) {
        var offset = 0
        self.init(name: name, totalBytes: bytes.count, options: options) { maximum in
            let end = Swift.min(bytes.count, offset + maximum)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }

    /// Reads TMX from `read`, which returns up to the given number of bytes, and an empty
    /// array at the end (standard input, a pipe, a decompressor). `read` is called on a
    /// background thread, one call at a time, while earlier chunks are turned into units.
    public convenience init(
        name: String?, totalBytes: Int? = nil, options: Options = Options(),
        read: @escaping (_ maximum: Int) throws -> [UInt8]
    ) {
        self.init(name: name, totalBytes: totalBytes, options: options, descriptor: nil, read: read)
    }

    private init(
        name: String?, totalBytes: Int?, options: Options, descriptor: Int32?,
        read: @escaping (_ maximum: Int) throws -> [UInt8]
    ) {
        self.name = name
        self.totalBytes = totalBytes
        self.options = options
        self.descriptor = descriptor
        self.producer = XMLParsingPipeline(parser: XMLPushParser()!, chunkSize: Swift.max(4, options.chunkSize), read: read)
        state.skipInvalid = options.skipInvalid
        state.checkConformance = options.checkConformance
        state.limits = options.limits
    }

    deinit {
        producer.stop()
        if let descriptor { close(descriptor) }
    }

    /// The header (reading up to its end). A file without a `header` element gives an empty one.
    public func readHeader() throws(TMXError) -> TMXHeader {
        while !state.headerDone && !finished { try feed() }
        if let error = state.error, !state.headerDone { throw located(error) }
        return state.header
    }

    /// The next unit, or `nil` at the end of the file.
    public func next() throws(TMXError) -> TranslationUnit? {
        while delivered >= state.units.count {
            state.units.removeAll(keepingCapacity: true)
            state.unitLocations.removeAll(keepingCapacity: true)
            delivered = 0
            if let error = state.error { throw located(error) }
            if finished { return nil }
            try feed()
        }
        lastUnitLocation = state.unitLocations[delivered]
        defer { delivered += 1 }
        return state.units[delivered]
    }

    /// Reads the rest of the file counting its units instead of returning them: each is
    /// validated as ``next()`` validates it (the same errors, and the same skipping with
    /// ``Options/skipInvalid``), but no value is built. Call it before any other read; the
    /// header is read as ``readHeader()`` reads it.
    func countUnits(keepingKeys: Bool = false) throws(TMXError) -> _TMXCounts {
        precondition(delivered == 0 && state.units.isEmpty && bytesRead == 0, "countUnits() before any other read")
        state.countOnly = true
        if keepingKeys { state.counts.keys = [] }
        while true {
            if let error = state.error { throw located(error) }
            if finished { return state.counts }
            try feed()
            // The header as readHeader() returns it: as it stands after the chunk that ends it.
            if countedHeader == nil, state.headerDone { countedHeader = state.header }
        }
    }

    /// The header as ``readHeader()`` would have returned it, after ``countUnits(keepingKeys:)``.
    private(set) var countedHeader: TMXHeader?

    /// Where the unit most recently returned by ``next()`` starts (line, column).
    public private(set) var lastUnitLocation: (line: Int, column: Int) = (0, 0)

    /// Where the `header` element starts; `nil` when the file has none (read the header first).
    public var headerLocation: (line: Int, column: Int)? { state.headerLocation }

    /// The encoding of the input: `UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `UTF-16BE`, or the
    /// name its XML declaration gives.
    public var encoding: String {
        _TMXEncoding.detect(firstBytes)
    }

    private func located(_ error: TMXError) -> TMXError {
        var error = error
        error.file = name
        return error
    }

    private func feed() throws(TMXError) {
        let item = producer.next()
        if let error = item.readError {
            finished = true
            throw TMXError(.unreadable, "cannot read: \(error)", file: name)
        }
        if !item.head.isEmpty { firstBytes = item.head }
        bytesRead += item.byteCount
        // Work on a local copy: no exclusivity checks on a class property per event.
        var local = _TMXParseState()
        swap(&local, &state)
        item.batch?.forEachEvent { (event: borrowing XMLEvent) in local.handle(event) }
        swap(&local, &state)
        if let failure = item.failure, state.error == nil {
            state.error = TMXError(
                .malformedXML, failure.message, line: failure.line, column: failure.column,
                unit: state.insideUnit ? state.unitsSeen : nil)
        }
        unitsSeen = state.unitsSeen
        issues = state.issues
        issuesNotKept = state.issuesNotKept
        skippedUnits = state.skippedUnits
        progress?(bytesRead, totalBytes)
        if item.isLast {
            finished = true
            if bytesRead == 0 || (state.error == nil && !state.sawRoot) {
                state.error = TMXError(.notTMX, "no tmx element: the file is empty or not TMX", line: 1, column: 1)
            }
        }
    }
}

struct TMXReadFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

enum _TMXEncoding {
    static func detect(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8 with BOM" }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return "UTF-16LE" }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return "UTF-16BE" }
        // <?xml version="1.0" encoding="…"?>
        let head = String(decoding: bytes.prefix(200), as: UTF8.self)
        if head.hasPrefix("<?xml"), let declarationEnd = head.firstRange(of: "?>"),
           let key = head[..<declarationEnd.lowerBound].firstRange(of: "encoding") {
            let rest = head[key.upperBound..<declarationEnd.lowerBound].drop { $0 == " " || $0 == "=" }
            if let quote = rest.first, quote == "\"" || quote == "'" {
                let value = rest.dropFirst().prefix { $0 != quote }
                if !value.isEmpty { return value.uppercased() }
            }
        }
        return "UTF-8"
    }
}
