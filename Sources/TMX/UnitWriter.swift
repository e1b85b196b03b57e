import Glibc
import TMKitCore
import XLIFF

/// A memory file written one unit at a time, whatever its format: the other half of
/// ``UnitReader``. Every format streams: memory stays flat however many units are written
/// (CSV, whose header depends on whether any unit has a note, spools its rows to an unlinked
/// temporary file until ``finish()``). Nothing is printed; ``losses`` says what the format
/// could not carry, for the caller to report.
public protocol UnitWriter: AnyObject {
    /// Writes `unit`, or leaves it out and counts it in ``losses`` when the format cannot hold it.
    func write(_ unit: TranslationUnit)
    /// Writes what is held back and ends the document.
    func finish() throws
    /// Units written so far (units the format could not hold at all are not counted).
    var unitsWritten: Int { get }
    /// What the format could not carry of the units written so far.
    var losses: UnitWriterLosses { get }
}

/// A memory file that cannot be read or written in the form asked (no language pair for a
/// table, no room for a temporary file).
public struct MemoryFormatError: TMKitError, Equatable {
    /// What is wrong, in one line, without the file name.
    public var message: String
    /// The file concerned, when there is one (no line: the problem is the whole file).
    public var location: SourceLocation?

    /// An error about `file` (the path as given; `nil` when no file is concerned).
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
        case .xliff:
            guard let pair else { throw MemoryFormatError("the language pair is needed to choose source and target of XLIFF output") }
            return XLIFFUnitWriter(sink: sink, pair: pair)
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
    /// The TMX writer the units go to, with its own counts.
    public let writer: TMXWriter
    /// Writes units through `writer` (which has already written the header).
    public init(_ writer: TMXWriter) { self.writer = writer }
    /// Writes `unit` as one `tu`.
    public func write(_ unit: TranslationUnit) { writer.write(unit) }
    /// Closes the document and hands the last bytes to the sink.
    public func finish() { writer.finish() }
    /// Units written so far.
    public var unitsWritten: Int { writer.unitsWritten }
    /// Characters written as U+FFFD and attributes TMX 1.4 does not define; no unit is left out.
    public var losses: UnitWriterLosses {
        UnitWriterLosses(replacedCharacters: writer.replacedCharacters, droppedAttributes: writer.droppedAttributes)
    }
}

/// One JSON object a line (``JSONLMemory``), lossless.
public final class JSONLUnitWriter: UnitWriter {
    private var out: OutputBuffer
    /// Units written so far.
    public private(set) var unitsWritten = 0
    /// Always none: JSON Lines holds everything a unit carries.
    public var losses: UnitWriterLosses { UnitWriterLosses() }

    /// A writer into `sink`; nothing is written before the first unit.
    public init(sink: any ByteSink) { out = OutputBuffer(sink: sink) }

    /// Writes `unit` as one JSON object and an LF.
    public func write(_ unit: TranslationUnit) {
        out.append(JSONLMemory.encode(unit).serialized())
        out.appendByte(0x0A)
        unitsWritten += 1
    }

    /// Hands the buffered lines to the sink.
    public func finish() { out.flush() }
}

/// `source<TAB>target[<TAB>note]`, escaped (`TSV`), LF.
public final class TSVUnitWriter: UnitWriter {
    private var out: OutputBuffer
    private let pair: (source: LanguageTag, target: LanguageTag)
    /// Rows written so far.
    public private(set) var unitsWritten = 0
    /// Units left out for want of either language of the pair, and units whose codes were dropped.
    public private(set) var losses = UnitWriterLosses()

    /// A writer of the pair's source and target columns into `sink` (no header row).
    public init(sink: any ByteSink, pair: (source: LanguageTag, target: LanguageTag)) {
        out = OutputBuffer(sink: sink)
        self.pair = pair
    }

    /// Writes `unit` as one row, or counts it in ``losses`` when it has neither language of the pair.
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

    /// Hands the buffered rows to the sink.
    public func finish() { out.flush() }
}

/// RFC 4180, CRLF, a header naming the language columns and, when any unit has one, a note
/// column. Rows wait in an unlinked temporary file (not in memory) until ``finish()`` knows
/// the header.
public final class CSVUnitWriter: UnitWriter {
    private var out: OutputBuffer
    private let pair: (source: LanguageTag, target: LanguageTag)
    private let spool: Spool
    private var hasNotes = false
    /// Rows written so far (to the temporary file until ``finish()``).
    public private(set) var unitsWritten = 0
    /// Units left out for want of either language of the pair, and units whose codes were dropped.
    public private(set) var losses = UnitWriterLosses()

    /// A writer of the pair's columns into `sink`; throws ``MemoryFormatError`` when no temporary
    /// file can be made for the rows.
    public init(sink: any ByteSink, pair: (source: LanguageTag, target: LanguageTag)) throws {
        out = OutputBuffer(sink: sink)
        self.pair = pair
        spool = try Spool()
    }

    /// Spools `unit` as one row, or counts it in ``losses`` when it has neither language of the pair.
    public func write(_ unit: TranslationUnit) {
        guard let cells = TabularMemory.cells(of: unit, source: pair.source, target: pair.target) else {
            losses.unitsWithoutPair += 1
            return
        }
        if cells.droppedCodes { losses.unitsWithCodes += 1 }
        // A record: the row without its note column, then the note field (empty: none).
        if !cells.note.isEmpty { hasNotes = true }
        spool.append(record: CSV.escape(cells.source) + "," + CSV.escape(cells.target),
                     cells.note.isEmpty ? "" : CSV.escape(cells.note))
        unitsWritten += 1
    }

    /// Writes the header row, then every spooled row, to the sink; throws ``MemoryFormatError``
    /// when the temporary file cannot be read back.
    public func finish() throws {
        out.append(pair.source.normalized + "," + pair.target.normalized + (hasNotes ? ",note" : "") + "\r\n")
        try spool.replay { row, note in
            out.append(bytes: row)
            if hasNotes {
                out.appendByte(0x2C)
                out.append(bytes: note)
            }
            out.appendByte(0x0D)
            out.appendByte(0x0A)
        }
        out.flush()
    }
}

/// Records of two byte strings in a ``TemporaryFile``, appended then read back once.
final class Spool {
    private let file: TemporaryFile
    private var pending: [UInt8] = []

    init() throws {
        do {
            file = try TemporaryFile()
        } catch {
            throw MemoryFormatError(error.message)
        }
    }

    func append(record first: String, _ second: String) {
        for part in [first, second] {
            var length = UInt32(part.utf8.count).littleEndian
            withUnsafeBytes(of: &length) { pending.append(contentsOf: $0) }
            pending.append(contentsOf: part.utf8)
        }
        if pending.count >= 1 << 16 {
            file.write(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Calls `body` with each record's two parts, in order.
    func replay(_ body: (ArraySlice<UInt8>, ArraySlice<UInt8>) -> Void) throws {
        file.write(pending)
        pending.removeAll()
        var buffer: [UInt8] = []
        /// The part starting at `offset`, if the buffer holds it whole, and where the next begins.
        func part(at offset: Int) -> (ArraySlice<UInt8>, Int)? {
            guard buffer.count - offset >= 4 else { return nil }
            let length = Int(UInt32(buffer[offset]) | UInt32(buffer[offset + 1]) << 8
                             | UInt32(buffer[offset + 2]) << 16 | UInt32(buffer[offset + 3]) << 24)
            guard buffer.count - offset - 4 >= length else { return nil }
            return (buffer[(offset + 4)..<(offset + 4 + length)], offset + 4 + length)
        }
        do {
            try file.replay { chunk in
                buffer.append(contentsOf: chunk)
                var start = 0
                while let (first, middle) = part(at: start), let (second, next) = part(at: middle) {
                    body(first, second)
                    start = next
                }
                buffer.removeFirst(start)
            }
        } catch let error as TemporaryFileError {
            throw MemoryFormatError(error.message)
        }
    }
}

/// Units as XLIFF 1.2: one `<trans-unit>` a unit (its `tuid`, or its position), the pair's
/// source and target variants (``TabularMemory/variant(of:in:)``), the target's state
/// `translated`, notes kept. Units without a source variant are left out.
public final class XLIFFUnitWriter: UnitWriter {
    private let writer: XLIFFWriter
    private let pair: (source: LanguageTag, target: LanguageTag)
    /// Units written so far as `trans-unit`s.
    public private(set) var unitsWritten = 0
    private var skipped = 0

    /// A writer of the pair into `sink`; the document and its one `<file>` (`original="memory"`)
    /// start at once.
    public init(sink: any ByteSink, pair: (source: LanguageTag, target: LanguageTag)) {
        self.pair = pair
        writer = XLIFFWriter(sink: sink, version: .v1_2, sourceLanguage: pair.source, targetLanguage: pair.target)
        writer.beginFile(original: "memory", datatype: "plaintext", skeleton: nil as [UInt8]?)
    }

    /// Writes `unit` as one `<trans-unit>`, or counts it in ``losses`` when it has no source variant.
    public func write(_ unit: TranslationUnit) {
        guard let source = TabularMemory.variant(of: unit, in: pair.source) else {
            skipped += 1
            return
        }
        let target = TabularMemory.variant(of: unit, in: pair.target)
        unitsWritten += 1
        writer.write(XLIFFUnit(id: unit.id ?? String(unitsWritten),
                               segments: [XLIFFSegment(source: source.content, target: target?.content,
                                                       state: target == nil ? nil : .translated)],
                               notes: unit.notes.map(\.text)))
    }

    /// Ends the `<file>` and the document and hands the last bytes to the sink.
    public func finish() throws {
        writer.finish()
    }

    /// Units without a source variant (left out) and characters written as U+FFFD.
    public var losses: UnitWriterLosses {
        var losses = UnitWriterLosses()
        losses.unitsWithoutPair = skipped
        losses.replacedCharacters = writer.replacedCharacters
        return losses
    }
}
