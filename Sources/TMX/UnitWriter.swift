import Glibc
import TMKitCore

/// A memory file written one unit at a time, whatever its format: the other half of
/// ``UnitReader``. Every format streams: memory stays flat however many units are written
/// (CSV, whose header depends on whether any unit has a note, spools its rows to an unlinked
/// temporary file until ``finish()``). Nothing is printed; ``losses`` says what the format
/// could not carry, for the caller to report.
public protocol UnitWriter: AnyObject {
    func write(_ unit: TranslationUnit)
    /// Writes what is held back and ends the document.
    func finish() throws
    /// Units written so far (units the format could not hold at all are not counted).
    var unitsWritten: Int { get }
    var losses: UnitWriterLosses { get }
}

/// A memory file that cannot be read or written in the form asked (no language pair for a
/// table, no room for a temporary file).
public struct MemoryFormatError: TMKitError, Equatable {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, file: String? = nil) {
        self.message = message
        location = file.map { SourceLocation(file: $0) }
    }
}

/// What a writer left out, for the caller to report.
public struct UnitWriterLosses: Sendable, Equatable {
    /// Units with neither language of the pair (TSV, CSV): left out.
    public var unitsWithoutPair = 0
    /// Units whose inline codes a table cannot hold (written as plain text).
    public var unitsWithCodes = 0
    /// Characters XML 1.0 does not allow, written as U+FFFD (TMX).
    public var replacedCharacters = 0
    /// Attributes TMX 1.4 does not define, by `element@attribute`, left out.
    public var droppedAttributes: [String: Int] = [:]
}

extension MemoryFormat {
    /// A writer of this format into `sink`. TSV and CSV need the language pair (which
    /// variant goes in which column); TMX uses `header`.
    public func writer(sink: any ByteSink, header: TMXHeader,
                       pair: (source: LanguageTag, target: LanguageTag)?) throws -> any UnitWriter {
        switch self {
        case .tmx: return TMXUnitWriter(TMXWriter(sink: sink, header: header))
        case .jsonl: return JSONLUnitWriter(sink: sink)
        case .tsv, .csv:
            guard let pair else {
                throw MemoryFormatError("the language pair is needed to choose the columns of \(rawValue.uppercased()) output")
            }
            return self == .tsv ? TSVUnitWriter(sink: sink, pair: pair) : try CSVUnitWriter(sink: sink, pair: pair)
        }
    }
}

/// ``TMXWriter`` as a ``UnitWriter``.
public final class TMXUnitWriter: UnitWriter {
    public let writer: TMXWriter
    public init(_ writer: TMXWriter) { self.writer = writer }
    public func write(_ unit: TranslationUnit) { writer.write(unit) }
    public func finish() { writer.finish() }
    public var unitsWritten: Int { writer.unitsWritten }
    public var losses: UnitWriterLosses {
        UnitWriterLosses(replacedCharacters: writer.replacedCharacters, droppedAttributes: writer.droppedAttributes)
    }
}

/// Bytes gathered and handed to a sink in large writes.
struct SinkBuffer {
    private var bytes: [UInt8] = []
    let sink: any ByteSink

    init(sink: any ByteSink) {
        self.sink = sink
        bytes.reserveCapacity(1 << 16)
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { sink.write($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// One JSON object a line (``JSONLMemory``), lossless.
public final class JSONLUnitWriter: UnitWriter {
    private var out: SinkBuffer
    public private(set) var unitsWritten = 0
    public var losses: UnitWriterLosses { UnitWriterLosses() }

    public init(sink: any ByteSink) { out = SinkBuffer(sink: sink) }

    public func write(_ unit: TranslationUnit) {
        out.append(JSONLMemory.encode(unit).serialized() + "\n")
        unitsWritten += 1
    }

    public func finish() { out.flush() }
}

/// `source<TAB>target[<TAB>note]`, escaped (``TSV``), LF.
public final class TSVUnitWriter: UnitWriter {
    private var out: SinkBuffer
    private let pair: (source: LanguageTag, target: LanguageTag)
    public private(set) var unitsWritten = 0
    public private(set) var losses = UnitWriterLosses()

    public init(sink: any ByteSink, pair: (source: LanguageTag, target: LanguageTag)) {
        out = SinkBuffer(sink: sink)
        self.pair = pair
    }

    public func write(_ unit: TranslationUnit) {
        guard let cells = TabularMemory.cells(of: unit, source: pair.source, target: pair.target) else {
            losses.unitsWithoutPair += 1
            return
        }
        if cells.droppedCodes { losses.unitsWithCodes += 1 }
        out.append(TSV.escape(cells.source) + "\t" + TSV.escape(cells.target)
                   + (cells.note.isEmpty ? "" : "\t" + TSV.escape(cells.note)) + "\n")
        unitsWritten += 1
    }

    public func finish() { out.flush() }
}

/// RFC 4180, CRLF, a header naming the language columns and, when any unit has one, a note
/// column. Rows wait in an unlinked temporary file (not in memory) until ``finish()`` knows
/// the header.
public final class CSVUnitWriter: UnitWriter {
    private var out: SinkBuffer
    private let pair: (source: LanguageTag, target: LanguageTag)
    private let spool: Spool
    private var hasNotes = false
    public private(set) var unitsWritten = 0
    public private(set) var losses = UnitWriterLosses()

    public init(sink: any ByteSink, pair: (source: LanguageTag, target: LanguageTag)) throws {
        out = SinkBuffer(sink: sink)
        self.pair = pair
        spool = try Spool()
    }

    public func write(_ unit: TranslationUnit) {
        guard let cells = TabularMemory.cells(of: unit, source: pair.source, target: pair.target) else {
            losses.unitsWithoutPair += 1
            return
        }
        if cells.droppedCodes { losses.unitsWithCodes += 1 }
        // A record: the row without its note column, then the note field (empty: none).
        let row = CSV.escape(cells.source) + "," + CSV.escape(cells.target)
        let note = cells.note.isEmpty ? "" : CSV.escape(cells.note)
        if !note.isEmpty { hasNotes = true }
        spool.append(record: Array(row.utf8), Array(note.utf8))
        unitsWritten += 1
    }

    public func finish() throws {
        out.append(pair.source.normalized + "," + pair.target.normalized + (hasNotes ? ",note" : "") + "\r\n")
        try spool.replay { row, note in
            out.append(String(decoding: row, as: UTF8.self) + (hasNotes ? "," + String(decoding: note, as: UTF8.self) : "") + "\r\n")
        }
        out.flush()
    }
}

/// Records of two byte strings in an unlinked temporary file, appended then read back once.
final class Spool {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    private var failure: Int32?

    init() throws {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((folder + "/tmkit-spool-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw MemoryFormatError("cannot make a temporary file in \(folder) (set TMPDIR): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    func append(record first: [UInt8], _ second: [UInt8]) {
        for part in [first, second] {
            var length = UInt32(part.count).littleEndian
            withUnsafeBytes(of: &length) { pending.append(contentsOf: $0) }
            pending.append(contentsOf: part)
        }
        if pending.count >= 1 << 16 { flush() }
    }

    private func flush() {
        var offset = 0
        while offset < pending.count, failure == nil {
            let written = pending.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno != EINTR { failure = errno }
            } else {
                offset += written
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with each record, in order.
    func replay(_ body: ([UInt8], [UInt8]) -> Void) throws {
        flush()
        if let failure {
            throw MemoryFormatError("cannot write a temporary file (set TMPDIR): \(String(cString: strerror(failure)))")
        }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw MemoryFormatError("cannot read a temporary file back: \(String(cString: strerror(errno)))")
        }
        var buffer: [UInt8] = []
        var start = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var parts: [[UInt8]] = []
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw MemoryFormatError("cannot read a temporary file back: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            buffer.removeFirst(start)
            start = 0
            buffer.append(contentsOf: chunk[0..<count])
            while buffer.count - start >= 4 {
                let length = Int(UInt32(buffer[start]) | UInt32(buffer[start + 1]) << 8
                                 | UInt32(buffer[start + 2]) << 16 | UInt32(buffer[start + 3]) << 24)
                guard buffer.count - start - 4 >= length else { break }
                parts.append(Array(buffer[(start + 4)..<(start + 4 + length)]))
                start += 4 + length
                if parts.count == 2 {
                    body(parts[0], parts[1])
                    parts.removeAll(keepingCapacity: true)
                }
            }
        }
    }
}
