import ArgumentParser
import Documents
import Glossary
import Pretranslation
import Quality
import TMKitCore
import TMX
import TranslationMemory
import XLIFF

/// `tmkit extract`: a document in, XLIFF for the CAT tool out, with its skeleton inside.
struct ExtractCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Cut a document into tmkit's segments as XLIFF for a CAT tool, with memory matches and terms.",
        discussion: """
            One XLIFF unit per segment (ids 1, 2, … as pretranslate writes them; the same \
            input and rules give the same ids). The document's skeleton (paragraphs, hard \
            wraps, the no-break-space lines between paragraphs) travels inside the XLIFF, so \
            'tmkit merge' rebuilds the translated document from the XLIFF alone, without \
            cutting it again. With --tm, an exact match (100, 101) fills the target \
            (state translated); every match at or above --min-score is offered as a \
            candidate (XLIFF 1.2 <alt-trans>, 2.1 <mtc:match>) and never fills the target. \
            Glossary terms found in a segment are notes (1.2) or glossary entries (2.1).

            XLIFF 1.2 (the default) is what OmegaT, Okapi, memoQ, Trados and translate-toolkit \
            read. A unit without an exact match gets a copy of its source as target, state \
            needs-translation, because OmegaT 3.6 translates only units that have a target \
            (--no-copy-source leaves them without one); merge and import never take such a \
            copy for a translation. OmegaT 3.6 shows neither <alt-trans> nor XLIFF 2: give --fuzzy-tmx FILE and \
            put that TMX in the project's tm/ folder to see the fuzzy matches there. In OmegaT, \
            turn sentence segmentation off for the project (the XLIFF is already segmented).

            Examples:
              tmkit extract Examples/article.en.txt --from en --to ko -o article.en.xlf
              tmkit extract Examples/article.en.txt --from en --to ko --tm TMX/news.en-ko.tmx -o article.en.xlf
              tmkit extract Examples/article.en.txt --tm TMX/news.en-ko.tmx --xliff 2.1 -o article.en.xlf
              tmkit extract Examples/article.en.txt --tm TMX/news.en-ko.tmx -o article.en.xlf --fuzzy-tmx article.fuzzy.tmx
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @Argument(help: "The document; '-' reads standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "The XLIFF to write; '-' writes standard output.")
    var output: String

    @OptionGroup var languages: LanguagePairOptions

    @Option(name: .customLong("tm"), help: "A memory to fill exact matches from and offer fuzzy ones (a tmkit memory, .tmx or .jsonl).")
    var memoryPath: String?

    @OptionGroup var glossaryOptions: OptionalGlossaryOptions
    @OptionGroup var srxOptions: SRXOptions

    @Option(help: "XLIFF version: 1.2 or 2.1.")
    var xliff: XLIFFVersion = .v1_2

    @Option(help: "The lowest score a memory match needs to be offered (0–101).")
    var minScore = 75

    @Option(help: "How many memory matches to offer a segment (1–10).")
    var candidates = 3

    @Option(help: "Write the segments whose best match is fuzzy (below 100) to this TMX, for OmegaT's tm/ folder.")
    var fuzzyTmx: String?

    @Flag(inversion: .prefixedNo, help: "Give units without an exact match their source as target, state needs-translation (OmegaT 3.6 translates only units with a target).")
    var copySource = true

    @Option(name: [.customLong("input-format"), .customLong("document-format")], help: ArgumentHelp(
        "The document's format: \(DocumentFormat.all.map(\.name).joined(separator: ", ")).",
        discussion: "By default chosen by the file's extension; standard input and unknown extensions are read as text."))
    var documentFormat: String?

    func validate() throws {
        try requireRange("--min-score", minScore, 0...101)
        try requireRange("--candidates", candidates, 1...10)
        _ = try PretranslateCommand.format(named: documentFormat, for: file)
        if let fuzzyTmx, fuzzyTmx == output { throw ValidationError("--fuzzy-tmx and -o name the same file") }
        if fuzzyTmx != nil, memoryPath == nil { throw ValidationError("--fuzzy-tmx needs a memory (--tm MEMORY)") }
        if languages.pair == nil, memoryPath == nil {
            throw ValidationError("give the language pair (--from en --to ko), or a memory to take it from (--tm)")
        }
    }

    func run() throws {
        let format = try PretranslateCommand.format(named: documentFormat, for: file)
        var memory: (any MemoryStore)?
        var close: () -> Void = {}
        if let memoryPath {
            let opened = try MemoryOptions.open(memoryPath)
            memory = opened.memory
            close = opened.close
        }
        defer { close() }
        let pair = try languages.pair ?? memory!.resolvePair(from: nil, to: nil)
        let segmenter = try srxOptions.segmenter(for: pair.source, rules: try srxOptions.rules())
        let name = FileInput.displayName(file)
        // The glossary is read when the extraction asks for the pretranslator: a streamed
        // document's reading has started by then (reading the bundled glossary is 21 M
        // instructions, once before any of the document). Made once, should the document be
        // read twice.
        var made: Pretranslator??
        func makePretranslator() throws -> Pretranslator? {
            if let made { return made }
            let glossary = try glossaryOptions.loadOrSayNone(pair: (pair.source, pair.target), without: "no terms are noted")
            var pretranslator: Pretranslator?
            if memory != nil || glossary != nil {
                var configured = Pretranslator(memory: memory, source: pair.source, target: pair.target, minimumScore: minScore,
                                               glossary: glossary)
                configured.candidates = candidates
                configured.lookupFloor = minScore  // extract reports no band below --min-score
                configured.countsWords = false  // nor word counts
                pretranslator = configured
            }
            made = .some(pretranslator)
            return pretranslator
        }
        let original = file == "-" ? "stdin.\(format.extensions.first ?? "txt")" : name.split(separator: "/").last.map(String.init) ?? name
        // Formats that can be read piece by piece are: memory stays within a piece whatever the
        // input's size. The others are read whole.
        var source: (stream: any DocumentStream, pieces: TextPieceReader)?
        var whole: (any TranslatableDocument)?
        let meter = ProgressMeter(total: nil, output: output)
        defer { meter?.finish() }
        // A format that may come in a legacy character set (HTML) streams from a regular file
        // into regular files only: a document found not to be UTF-8 while streaming is read
        // again whole and its output written again, which a pipe or a device cannot be.
        let legacy = format.readsLegacyCharsets
        let rereadable = FileInput.isRegularFile(file) && FileInput.isRegularFile(output, orAbsent: true)
            && (fuzzyTmx.map { FileInput.isRegularFile($0, orAbsent: true) } ?? true)
        if let streamer = format.streamer, !legacy || rereadable {
            var input = try FileInput.open(file)
            if let meter { input = MeteredSource(input, meter: meter) }
            let stream = streamer(segmenter, name)
            // Pieces of 256 KB: the thread that cuts them and the one that writes them overlap from the start.
            source = (stream, TextPieceReader(source: input, name: name, mode: stream.pieceBoundary, chunkSize: 1 << 18))
        } else {
            let bytes = try FileInput.readAll(file, limit: InputLimits.document, what: "a document to extract")
            whole = try format.open(bytes, file: name, segmenter: segmenter)
            if let whole { Report.repairs(in: whole, file: file) }
        }
        var result = XLIFFExtraction.Summary(units: 0, bands: [])
        func extract(to writer: XLIFFWriter, fuzzy: ((TranslationUnit) -> Void)?) throws {
            if let whole {
                result = try XLIFFExtraction.write(whole, original: original, format: format, to: writer,
                                                   pretranslator: try makePretranslator(), copySource: copySource, fuzzy: fuzzy)
            } else if var (stream, pieces) = source {
                result = try XLIFFExtraction.write(&stream, pieces: { try pieces.next() }, original: original, format: format,
                                                   to: writer, making: makePretranslator, copySource: copySource, fuzzy: fuzzy)
                Report.repairs(stream.repairs, file: file)
            }
        }
        do {
            try writeOutput((pair.source, pair.target), extract)
        } catch let error as TextDecodingError where legacy && source != nil && error.kind == .invalidUTF8 {
            // Not UTF-8: read whole, in the character set it declares (an HTML page: windows-1252 when none).
            source = nil
            let bytes = try FileInput.readAll(file, limit: InputLimits.document, what: "a document to extract")
            whole = try format.open(bytes, file: name, segmenter: segmenter)
            if let whole { Report.repairs(in: whole, file: file) }
            try writeOutput((pair.source, pair.target), extract)
        }
        meter?.finish()
        let bands = result.bands
        let filled = bands.prefix(2).reduce(0) { $0 + $1.segments }
        let fuzzy = bands.dropFirst(2).prefix(4).reduce(0) { $0 + $1.segments }
        var summary = "\(result.units) segments written"
        if memory != nil { summary += "; \(filled) filled from exact matches, \(fuzzy) with fuzzy matches offered" }
        Report.summary(summary)
    }

    /// The XLIFF (and the fuzzy matches' TMX) written by `extract`.
    private func writeOutput(_ pair: (source: LanguageTag, target: LanguageTag),
                             _ extract: (XLIFFWriter, ((TranslationUnit) -> Void)?) throws -> Void) throws {
        try OutputFile.write(output) { out in
            let writer = XLIFFWriter(sink: out, version: xliff, sourceLanguage: pair.source, targetLanguage: pair.target)
            if let fuzzyTmx {
                try OutputFile.write(fuzzyTmx) { fuzzyFile in
                    let fuzzy = TMXWriter(sink: fuzzyFile, header: .tmkit(sourceLanguage: pair.source.normalized))
                    try extract(writer, { fuzzy.write($0) })
                    fuzzy.finish()
                }
            } else {
                try extract(writer, nil)
            }
            writer.finish()
        }
    }
}
