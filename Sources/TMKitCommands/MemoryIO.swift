import ArgumentParser
import TMKitCore
import TMX

/// `--from LANG --to LANG`: a language pair (`--source-lang`/`--target-lang` also accepted).
struct LanguagePairOptions: ParsableArguments {
    @Option(name: [.customLong("from"), .customLong("source-lang")], help: "Source language (BCP 47).")
    var from: String?

    @Option(name: [.customLong("to"), .customLong("target-lang")], help: "Target language (BCP 47).")
    var to: String?

    func validate() throws {
        if let from { try LanguageArgument.validate(from, option: "--from") }
        if let to { try LanguageArgument.validate(to, option: "--to") }
        if (from == nil) != (to == nil) { throw ValidationError("give both --from and --to") }
    }

    /// The pair, when both were given.
    var pair: (source: LanguageTag, target: LanguageTag)? {
        guard let from, let to, let source = LanguageTag(from), let target = LanguageTag(to) else { return nil }
        return (source, target)
    }
}

extension MemoryFormat: ExpressibleByArgument {}

/// Units read from a TMX, TSV, CSV or JSONL input, one at a time.
final class UnitInput {
    let header: TMXHeader
    /// The TMX reader behind the units, for progress (`TMXProgress`); nil for other formats,
    /// which are read whole before the first unit.
    let tmxReader: TMXReader?
    private let nextUnit: () throws -> TranslationUnit?
    private let finishReading: () -> Void

    private init(header: TMXHeader, tmxReader: TMXReader? = nil, next: @escaping () throws -> TranslationUnit?,
                 finish: @escaping () -> Void = {}) {
        self.header = header
        self.tmxReader = tmxReader
        self.nextUnit = next
        self.finishReading = finish
    }

    func next() throws -> TranslationUnit? { try nextUnit() }

    /// Tells about what the reader passed over (on standard error).
    func finish() { finishReading() }

    static func open(
        _ path: String, format: MemoryFormat, pair: (source: LanguageTag, target: LanguageTag)?, skipInvalid: Bool
    ) throws -> UnitInput {
        switch format {
        case .tmx:
            let reader = try TMXInput.open(path, options: TMXReader.Options(skipInvalid: skipInvalid))
            let header = try reader.readHeader()
            return UnitInput(header: header, tmxReader: reader, next: { try reader.next() },
                             finish: { TMXInput.reportIssues(reader, file: path) })
        case .tsv, .csv, .jsonl, .xliff:
            let reader = try tableReader(path, format: format, pair: pair)
            return UnitInput(header: reader.readHeader(), next: { reader.next() })
        }
    }

    /// A TSV, CSV or JSONL memory read whole (within ``InputLimits/tabularMemory``) and parsed;
    /// TSV and CSV need the pair to label their columns.
    static func tableReader(
        _ path: String, format: MemoryFormat, pair: (source: LanguageTag, target: LanguageTag)?
    ) throws -> TableUnitReader {
        if format == .tsv || format == .csv, pair == nil {
            throw ValidationError("--from and --to are required to label the columns of \(format.rawValue.uppercased()) input")
        }
        let name = FileInput.displayName(path)
        let bytes = try FileInput.readAll(path, limit: InputLimits.tabularMemory, what: "a \(format.rawValue.uppercased()) memory")
        return try format.reader(bytes: bytes, file: name, pair: pair)
    }
}

/// Units written as TMX, TSV, CSV or JSONL through the library's ``UnitWriter``; reports on
/// standard error what the format could not carry.
final class UnitOutput {
    private let format: MemoryFormat
    private let pair: (source: LanguageTag, target: LanguageTag)?
    private let writer: any UnitWriter

    init(format: MemoryFormat, file: OutputFile, header: TMXHeader, pair: (source: LanguageTag, target: LanguageTag)?) throws {
        self.format = format
        self.pair = pair
        writer = try format.writer(sink: file, header: header, pair: pair)
    }

    var written: Int { writer.unitsWritten }

    func write(_ unit: TranslationUnit) { writer.write(unit) }

    /// Writes what is held back and reports what the format could not carry.
    func finish() throws {
        try writer.finish()
        let losses = writer.losses
        if losses.replacedCharacters > 0 {
            Report.note("\(losses.replacedCharacters) characters XML does not allow were written as U+FFFD")
        }
        for (attribute, count) in losses.droppedAttributes.sorted(by: { $0.key < $1.key }) {
            Report.note("\(count)× \(attribute) left out: TMX 1.4 does not define it")
        }
        if losses.unitsWithoutPair > 0, let pair {
            Report.note("\(losses.unitsWithoutPair) units with neither \(pair.source) nor \(pair.target) were left out")
        }
        if losses.unitsWithCodes > 0 {
            Report.note("\(losses.unitsWithCodes) units had inline codes; \(format.rawValue.uppercased()) keeps only their text")
        }
    }
}
