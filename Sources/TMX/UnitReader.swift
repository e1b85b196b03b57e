import TMKitCore
import XLIFF

/// A memory file read one unit at a time, whatever its format: what `tm import`, `tmx convert`
/// and every other reader of memories take. ``TMXReader`` streams; TSV, CSV and JSON Lines are
/// parsed whole first (``TableUnitReader``); ``MemoryFormat/reader(document:file:pair:)`` picks
/// by format.
public protocol UnitReader: AnyObject {
    /// The file's header: a TMX's own; for the other formats one naming the source language.
    func readHeader() throws -> TMXHeader
    /// The next unit; nil at the end.
    func next() throws -> TranslationUnit?
    /// Units passed over as invalid (readers told to go on past them).
    var skippedUnits: Int { get }
}

extension TMXReader: UnitReader {}

/// The units of a TSV, CSV or JSON Lines memory, parsed whole (errors name file and line).
public final class TableUnitReader: UnitReader {
    private let header: TMXHeader
    private var units: IndexingIterator<[TranslationUnit]>

    /// A reader that gives `header`, then `units` in order.
    public init(header: TMXHeader, units: [TranslationUnit]) {
        self.header = header
        self.units = units.makeIterator()
    }

    /// The header the reader was made with.
    public func readHeader() -> TMXHeader { header }
    /// The next unit; `nil` after the last.
    public func next() -> TranslationUnit? { units.next() }
    /// Always 0: an invalid row fails when the file is parsed, before the reader exists.
    public var skippedUnits: Int { 0 }
}

extension MemoryFormat {
    /// Whether units stream from the file (TMX) or the file is read whole (the others).
    public var streams: Bool { self == .tmx }

    /// A reader for a memory of this format held whole in `bytes` (every format but TMX,
    /// which streams from its file through ``TMXReader``). Text formats are decoded first
    /// (UTF-8, or UTF-16 with a byte-order mark); XLIFF is XML and declares its own encoding.
    /// XLIFF gives its translated segments (state translated or beyond; see
    /// `XLIFFDocument.translationUnits(pair:minimumState:file:)` in the XLIFF module).
    public func reader(bytes: [UInt8], file: String, pair: (source: LanguageTag, target: LanguageTag)?,
                       minimumState: TranslationState = .translated) throws -> TableUnitReader {
        if self == .xliff {
            let units = try XLIFFReader.read(bytes, file: file).translationUnits(pair: pair, minimumState: minimumState, file: file)
            let source = units.first?.variants.first?.language.normalized ?? pair?.source.normalized ?? "*all*"
            return TableUnitReader(header: .tmkit(sourceLanguage: source), units: units)
        }
        return try reader(document: TextDocument(decoding: bytes, file: file), file: file, pair: pair)
    }

    /// A reader for a memory of this format held whole in `document` (a decoded text format).
    /// TSV and CSV need the language pair to label their columns; JSON Lines carries its own.
    public func reader(document: TextDocument, file: String,
                       pair: (source: LanguageTag, target: LanguageTag)?) throws -> TableUnitReader {
        switch self {
        case .tmx:
            throw MemoryFormatError("a TMX is read by TMXReader, not whole", file: file)
        case .xliff:
            return try reader(bytes: document.utf8, file: file, pair: pair)
        case .tsv, .csv:
            guard let pair else {
                throw MemoryFormatError("the language pair is needed to label the columns of \(rawValue.uppercased()) input",
                                        file: file)
            }
            let units = self == .tsv
                ? try TabularMemory.units(tsv: document, file: file, pair: pair)
                : try TabularMemory.units(csv: document, file: file, pair: pair)
            return TableUnitReader(header: .tmkit(sourceLanguage: pair.source.normalized), units: units)
        case .jsonl:
            return TableUnitReader(header: .tmkit(sourceLanguage: pair?.source.normalized ?? "*all*"),
                                   units: try JSONLMemory.units(document, file: file))
        }
    }
}

extension TabularMemory {
    /// One unit a TSV row (`source<TAB>target[<TAB>note]`, no header).
    public static func units(tsv document: TextDocument, file: String,
                             pair: (source: LanguageTag, target: LanguageTag)) throws -> [TranslationUnit] {
        var units: [TranslationUnit] = []
        try TSV.forEachRow(in: document, file: file) { row in
            if let unit = try unit(cells: row.fields, line: row.line, source: pair.source, target: pair.target, file: file) {
                units.append(unit)
            }
        }
        return units
    }

    /// One unit a CSV row; the header row names the columns (language tags, an optional note).
    public static func units(csv document: TextDocument, file: String,
                             pair: (source: LanguageTag, target: LanguageTag)) throws -> [TranslationUnit] {
        var units: [TranslationUnit] = []
        var columns: (source: Int, target: Int, note: Int?)?
        var width = 0
        try CSV.forEachRow(in: document, file: file) { row in
            guard let found = columns else {
                // The header names the columns: language tags, and optionally a note column.
                let names = row.fields.map { field in String(field.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
                func index(of language: LanguageTag) -> Int? {
                    LanguageTag.bestMatch(for: language, in: names.indices) { LanguageTag(names[$0]) ?? LanguageTag("und")! }
                }
                guard let source = index(of: pair.source), let target = index(of: pair.target) else {
                    let missing = index(of: pair.source) == nil ? pair.source : pair.target
                    throw TableError("the header names no column for \(missing) (columns: \(names.joined(separator: ", ")))",
                                     file: file, line: row.line)
                }
                let note = names.firstIndex { ["note", "notes", "comment", "comments"].contains($0.lowercased()) }
                columns = (source, target, note)
                width = row.fields.count
                return
            }
            if row.fields == [""] { return }  // an empty line
            guard row.fields.count == width else {
                throw TableError("expected \(width) fields as in the header, found \(row.fields.count)", file: file, line: row.line)
            }
            let cells = [row.fields[found.source], row.fields[found.target], found.note.map { row.fields[$0] } ?? ""]
            if let unit = try unit(cells: cells, line: row.line, source: pair.source, target: pair.target, file: file) {
                units.append(unit)
            }
        }
        return units
    }
}

extension JSONLMemory {
    /// One unit a line (blank lines skipped); errors name the line and, for bad JSON, the column.
    public static func units(_ document: TextDocument, file: String) throws -> [TranslationUnit] {
        var units: [TranslationUnit] = []
        var lineNumber = 0
        for line in document.string(in: 0..<document.utf8.count).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let text = line.hasSuffix("\r") ? line.dropLast() : line
            if text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let value: JSONValue
            do {
                value = try JSONValue.parse(String(text))
            } catch {
                throw TableError(error.message, file: file, line: lineNumber, column: error.column)
            }
            do {
                units.append(try decode(value))
            } catch {
                throw TableError(error.message, file: file, line: lineNumber)
            }
        }
        return units
    }
}

/// Another reader's header and units, each rewritten as it comes out (see
/// ``UnitReader/mappingLanguages(_:)`` and ``UnitReader/attributed(to:)``).
public final class RewrittenUnitReader: UnitReader {
    private let base: any UnitReader
    private let header: (TMXHeader) -> TMXHeader
    private let unit: (TranslationUnit) -> TranslationUnit

    /// `base`, its header rewritten by `header` and each unit by `unit`.
    public init(_ base: any UnitReader, header: @escaping (TMXHeader) -> TMXHeader = { $0 },
                unit: @escaping (TranslationUnit) -> TranslationUnit) {
        self.base = base
        self.header = header
        self.unit = unit
    }

    /// `base`'s header, rewritten; throws what `base` throws.
    public func readHeader() throws -> TMXHeader { header(try base.readHeader()) }
    /// `base`'s next unit, rewritten; `nil` at the end.
    public func next() throws -> TranslationUnit? { try base.next().map(unit) }
    /// The units `base` passed over as invalid.
    public var skippedUnits: Int { base.skippedUnits }
}

extension UnitReader {
    /// This reader's header and units with their language tags (`srclang`, the variants')
    /// rewritten by `map`.
    public func mappingLanguages(_ map: LanguageMap) -> RewrittenUnitReader {
        RewrittenUnitReader(self, header: map.apply(to:), unit: map.apply(to:))
    }

    /// This reader's units with who made them: `creationid` and `changeid` set to `user` on
    /// units that name no one (what a team memory records of each unit; units a CAT tool wrote
    /// keep theirs).
    public func attributed(to user: String) -> RewrittenUnitReader {
        RewrittenUnitReader(self) { unit in
            var unit = unit
            for name in ["creationid", "changeid"] where unit.attributes[named: name] == nil {
                unit.attributes.append(Attribute(name, user))
            }
            return unit
        }
    }
}
