import ArgumentParser
import Documents
import Foundation
import Glossary
import Segmentation
import TMKitCore
import TMX
import TeamMemory
import TranslationMemory
import Pretranslation

/// `tmkit pretranslate`: a document in, a TMX for the CAT tool out.
struct PretranslateCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "pretranslate",
        abstract: "Segment a document and fill it from the memory, as a TMX a CAT tool picks up.",
        discussion: """
            Each segment gets the best match at or above --min-score (score and kind as \
            props), glossary terms as notes. The TMX holds exact matches (100 and 101) only, \
            so a CAT tool can never insert a fuzzy match as if it were exact: it goes into \
            OmegaT's tm/auto/ folder. --fuzzy-tmx FILE writes the fuzzy matches (below 100) \
            to a second TMX for OmegaT's tm/ folder, where they are offered, not inserted. \
            Segments without a match stay source-only in the first TMX. Prints an analysis by match band (101, 100, 95–99, \
            85–94, 75–84, 50–74, no match) on stdout, or on stderr when -o is '-'. \
            With --srx FILE the document is cut by the CAT tool's own SRX rules, so its \
            segments are the ones the tool will look up.

            Examples:
              tmkit pretranslate Examples/article.en.txt --tm TMX/news.en-ko.tmx -o article.tmx
              tmkit pretranslate Examples/article.en.txt --tm TMX/news.en-ko.tmx --srx Tests/SegmentationTests/Fixtures/omegat_defaults.srx --srx-only -o article.tmx
              tmkit pretranslate Examples/article.en.txt --tm TMX/news.en-ko.tmx -o article.tmx --fuzzy-tmx article.fuzzy.tmx
              tmkit pretranslate Examples/article.en.txt --tm TMX/news.en-ko.tmx --min-score 85 --format json -o article.tmx
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @Argument(help: "The document to pretranslate; '-' reads standard input.")
    var file: String

    @OptionGroup var memoryOptions: MemoryOptions
    @OptionGroup var languages: LanguagePairOptions
    @OptionGroup var glossaryOptions: OptionalGlossaryOptions
    @OptionGroup var srxOptions: SRXOptions

    @Option(name: .shortAndLong, help: "The TMX to write; '-' writes standard output.")
    var output: String

    @Option(help: "The lowest score that fills a segment (0–101).")
    var minScore = 75

    @Option(help: "Write the fuzzy matches (below 100) to this TMX, for OmegaT's tm/ folder.")
    var fuzzyTmx: String?

    func validate() throws {
        try requireRange("--min-score", minScore, 0...101)
        _ = try documentFormat(for: file)
        if let fuzzyTmx, fuzzyTmx == output { throw ValidationError("--fuzzy-tmx and -o name the same file") }
    }

    @Option(help: "Analysis format: text or json.")
    var format: TMLookupCommand.Format = .text

    @Option(name: [.customLong("input-format"), .customLong("document-format")], help: ArgumentHelp(
        "The document's format: \(DocumentFormat.all.map(\.name).joined(separator: ", ")).",
        discussion: "By default chosen by the file's extension; standard input and unknown extensions are read as text."))
    var documentFormat: String?

    func documentFormat(for file: String) throws -> DocumentFormat {
        try Self.format(named: documentFormat, for: file)
    }

    /// The format `--input-format` (or `--document-format`) names, or the one `file`'s extension says (text otherwise).
    static func format(named name: String?, for file: String) throws -> DocumentFormat {
        if let name {
            guard let format = DocumentFormat.named(name) else {
                throw ValidationError("unknown document format '\(name)'; known: \(DocumentFormat.all.map(\.name).joined(separator: ", "))")
            }
            return format
        }
        return DocumentFormat.forPath(file) ?? .plainText
    }

    func run() throws {
        let (memory, close) = try memoryOptions.open()
        defer { close() }
        let pair = try memory.resolvePair(from: languages.from.flatMap(LanguageTag.init), to: languages.to.flatMap(LanguageTag.init))
        let reader = try documentFormat(for: file)
        let bytes = try FileInput.readAll(file, limit: InputLimits.document, what: "a document to pretranslate")
        let glossary = try glossaryOptions.loadOrSayNone(pair: (pair.source, pair.target), without: "no terms are noted")
        let pretranslator = Pretranslator(memory: memory, source: pair.source, target: pair.target, minimumScore: minScore,
                                          glossary: glossary)
        let segmenter = try srxOptions.segmenter(for: pair.source, rules: try srxOptions.rules())
        let document = try reader.open(bytes, file: FileInput.displayName(file), segmenter: segmenter)
        Report.repairs(in: document, file: file)
        var bands: [Pretranslator.Band] = []
        // Exact matches (and source-only units) go to -o, fuzzy ones to --fuzzy-tmx or nowhere.
        func isExact(_ unit: TranslationUnit) -> Bool {
            unit.properties.first { $0.type == "x-match-score" }.flatMap { Int($0.value) }.map { $0 >= 100 } ?? true
        }
        try OutputFile.write(output) { file in
            let writer = TMXWriter(sink: file, header: .tmkit(sourceLanguage: pair.source.normalized))
            func write(fuzzy: TMXWriter?) throws {
                bands = try pretranslator.pretranslate(document) { unit in
                    if isExact(unit) {
                        writer.write(unit)
                    } else {
                        var sourceOnly = unit
                        sourceOnly.variants = Array(unit.variants.prefix(1))
                        sourceOnly.properties = []
                        writer.write(sourceOnly)
                        fuzzy?.write(unit)
                    }
                }
            }
            if let fuzzyTmx {
                try OutputFile.write(fuzzyTmx) { fuzzyFile in
                    let fuzzy = TMXWriter(sink: fuzzyFile, header: .tmkit(sourceLanguage: pair.source.normalized))
                    try write(fuzzy: fuzzy)
                    fuzzy.finish()
                }
            } else {
                try write(fuzzy: nil)
            }
            writer.finish()
        }
        let segments = bands.reduce(0) { $0 + $1.segments }
        let report: String
        if format == .json {
            report = JSONValue.object([
                ("segments", JSONValue(segments)),
                ("bands", .array(bands.map {
                    .object([("band", .string($0.name)), ("segments", JSONValue($0.segments)), ("words", JSONValue($0.words))])
                })),
            ]).serialized() + "\n"
        } else {
            var lines = ["band        segments   words"]
            for band in bands {
                lines.append(band.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                             + String(band.segments).leftPadded(8) + String(band.words).leftPadded(8))
            }
            let words = bands.reduce(0) { $0 + $1.words }
            lines.append("total       " + String(segments).leftPadded(8) + String(words).leftPadded(8))
            report = lines.joined(separator: "\n") + "\n"
        }
        if output == "-" || fuzzyTmx == "-" { CommandIO.current.errorOutput.write(report) } else { CommandIO.current.output.write(report) }
    }
}
