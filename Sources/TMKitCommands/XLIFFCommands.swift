import ArgumentParser
import Documents
import Glossary
import Pretranslation
import Quality
import TMKitCore
import TMX
import TranslationMemory
import XLIFF

extension XLIFFVersion: ExpressibleByArgument {}

extension TMKitCommand {
    /// `tmkit extract`: a document in, XLIFF for the CAT tool out, with its skeleton inside.
    struct Extract: ParsableCommand, ReportsProgress {
        static let configuration = CommandConfiguration(
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
            _ = try Pretranslate.format(named: documentFormat, for: file)
            if let fuzzyTmx, fuzzyTmx == output { throw ValidationError("--fuzzy-tmx and -o name the same file") }
            if fuzzyTmx != nil, memoryPath == nil { throw ValidationError("--fuzzy-tmx needs a memory (--tm MEMORY)") }
            if languages.pair == nil, memoryPath == nil {
                throw ValidationError("give the language pair (--from en --to ko), or a memory to take it from (--tm)")
            }
        }

        func run() throws {
            let format = try Pretranslate.format(named: documentFormat, for: file)
            var memory: (any MemoryStore)?
            var close: () -> Void = {}
            if let memoryPath {
                let opened = try MemoryOptions.open(memoryPath)
                memory = opened.memory
                close = opened.close
            }
            defer { close() }
            let pair = try languages.pair ?? memory!.resolvePair(from: nil, to: nil)
            let glossary = try glossaryOptions.loadIfAny(pair: (pair.source, pair.target))
            let segmenter = try srxOptions.segmenter(for: pair.source, rules: try srxOptions.rules())
            let name = FileInput.displayName(file)
            var pretranslator: Pretranslator?
            if memory != nil || glossary != nil {
                var configured = Pretranslator(memory: memory, source: pair.source, target: pair.target, minimumScore: minScore,
                                               glossary: glossary)
                configured.candidates = candidates
                configured.lookupFloor = minScore  // extract reports no band below --min-score
                configured.countsWords = false  // nor word counts
                pretranslator = configured
            }
            let original = file == "-" ? "stdin.\(format.extensions.first ?? "txt")" : name.split(separator: "/").last.map(String.init) ?? name
            // Formats that can be read piece by piece are: memory stays within a piece whatever the
            // input's size. The others are read whole.
            var source: (stream: any DocumentStream, pieces: TextPieceReader)?
            var whole: (any TranslatableDocument)?
            if let streamer = format.streamer {
                source = (streamer(segmenter, name), TextPieceReader(source: try FileInput.open(file), name: name, mode: .blankLine))
            } else {
                let bytes = try FileInput.readAll(file, limit: InputLimits.document, what: "a document to extract")
                whole = try format.open(bytes, file: name, segmenter: segmenter)
                if let whole { Report.repairs(in: whole, file: file) }
            }
            var result = XLIFFExtraction.Summary(units: 0, bands: [])
            func extract(to writer: XLIFFWriter, fuzzy: ((TranslationUnit) -> Void)?) throws {
                if let whole {
                    result = try XLIFFExtraction.write(whole, original: original, format: format, to: writer,
                                                       pretranslator: pretranslator, copySource: copySource, fuzzy: fuzzy)
                } else if var (stream, pieces) = source {
                    result = try XLIFFExtraction.write(&stream, pieces: { try pieces.next() }, original: original, format: format,
                                                       to: writer, pretranslator: pretranslator, copySource: copySource, fuzzy: fuzzy)
                }
            }
            try OutputFile.write(output) { out in
                let writer = XLIFFWriter(sink: out, version: xliff, sourceLanguage: pair.source, targetLanguage: pair.target)
                if let fuzzyTmx {
                    try OutputFile.write(fuzzyTmx) { fuzzyFile in
                        let fuzzy = TMXWriter(sink: fuzzyFile, header: .tmkit(sourceLanguage: pair.source.normalized))
                        try extract(to: writer, fuzzy: { fuzzy.write($0) })
                        fuzzy.finish()
                    }
                } else {
                    try extract(to: writer, fuzzy: nil)
                }
                writer.finish()
            }
            let bands = result.bands
            let filled = bands.prefix(2).reduce(0) { $0 + $1.segments }
            let fuzzy = bands.dropFirst(2).prefix(4).reduce(0) { $0 + $1.segments }
            var summary = "\(result.units) segments written"
            if memory != nil { summary += "; \(filled) filled from exact matches, \(fuzzy) with fuzzy matches offered" }
            Report.summary(summary)
        }
    }

    /// `tmkit merge`: a translated XLIFF back into the document it was extracted from.
    struct Merge: ParsableCommand, ReportsProgress {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the translated document from an XLIFF that 'tmkit extract' wrote.",
            discussion: """
                The document is rebuilt from the skeleton inside the XLIFF: nothing is cut again \
                and the original file is not needed. A unit whose target has reached --min-state \
                (default translated; below that, a target that differs from its source counts as \
                translated, since OmegaT 3.6 never updates states; a copy of the source never \
                does) replaces its source; the others keep their source and are counted \
                on stderr, or with --require-complete the command writes nothing and exits 1. A \
                translated paragraph is written on one line (the source's hard wraps cannot fit \
                the translation) unless --wrap N breaks it at N columns (Hangul and Han count \
                two). A target must keep its source's inline codes.

                --qa checks the translated units before the document is written, as 'tmkit qa' \
                does (numbers, dates, codes, punctuation, untranslated, consistency, URLs, \
                length; terminology with --glossary): each finding on stderr, then a count. The \
                document is written all the same (exit 0); 'tmkit qa FILE.xlf' gives JSON and \
                exit codes.

                Not to be confused with 'tmkit tmx merge', which joins translation memories.

                Examples:
                  tmkit merge article.en.xlf -o article.ko.txt
                  tmkit merge article.en.xlf -o article.ko.txt --wrap 72 --require-complete
                  tmkit merge article.en.xlf -o - --min-state reviewed
                  tmkit merge article.en.xlf -o article.ko.txt --qa
                """
        )

        @OptionGroup var progressOptions: ProgressOptions

        @Argument(help: "The XLIFF file; '-' reads standard input.")
        var file: String

        @Option(name: .shortAndLong, help: "The document to write; '-' writes standard output.")
        var output: String

        @Flag(help: "Fail (exit 1, nothing written) when a unit has no usable target.")
        var requireComplete = false

        @Option(help: "The state a target needs to be used: translated, reviewed or final.")
        var minState: String = "translated"

        @Option(help: "Wrap translated paragraphs at this many columns (20–1000).")
        var wrap: Int?

        @Flag(help: "Check the translations (as 'tmkit qa' does) and report the findings on stderr.")
        var qa = false

        @OptionGroup var glossaryOptions: GlossaryOptions  // with --qa only: terms are checked against these files

        func validate() throws {
            if !glossaryOptions.files.isEmpty && !qa { throw ValidationError("--glossary is for --qa; give --qa too") }
            guard let state = TranslationState(name: minState), state != .initial else {
                throw ValidationError("--min-state takes translated, reviewed or final (got '\(minState)')")
            }
            if let wrap { try requireRange("--wrap", wrap, 20...1000) }
        }

        func run() throws {
            let minimum = TranslationState(name: minState) ?? .translated
            let name = FileInput.displayName(file)
            // Read a unit at a time: only what the rebuild needs is kept (no matches, no notes).
            let input = try FileInput.chunks(file)
            var total = 0
            let limited: (Int) throws -> [UInt8] = { maximum in
                let chunk = try input(maximum)
                total += chunk.count
                guard total <= InputLimits.xliff else {
                    throw CommandError(message: "\(name): larger than \(InputLimits.describe(InputLimits.xliff)), the limit for an XLIFF to merge")
                }
                return chunk
            }
            var collected: [Int: MergeUnits] = [:]  // by <file>, for the one with a skeleton
            let xliff = try XLIFFReader.forEachUnit(from: limited, file: name, keeping: .segmentsOnly) { index, file, unit in
                guard let skeleton = file.skeleton else { return }
                if collected[index] == nil {
                    // The skeleton comes before the units: room for as many as it names.
                    collected[index] = MergeUnits(capacity: skeleton.utf8.count / 48)
                }
                try collected[index]!.add(unit, minimum: minimum, file: name)
            }
            let withSkeleton = xliff.files.indices.filter { xliff.files[$0].skeleton != nil }
            guard let index = withSkeleton.first, let key = xliff.files[index].skeleton else {
                throw CommandError(message: "\(name): no tmkit skeleton; merge rebuilds documents that 'tmkit extract' cut (other XLIFF goes back through the tool that made it)")
            }
            guard withSkeleton.count == 1 else {
                throw CommandError(message: "\(name): holds \(withSkeleton.count) documents; merge writes one")
            }
            let skeleton: DocumentSkeleton
            do {
                skeleton = try DocumentSkeleton(json: key)
            } catch {
                throw CommandError(message: "\(name): \(error.message)")
            }
            let document = xliff.files[index]
            let units = collected[index] ?? MergeUnits()
            let sources = units.sources, translations = units.translations
            if let lost = skeleton.unitIDs.first(where: { sources[$0] == nil }) {
                throw CommandError(message: "\(name): the skeleton's unit \(lost) is not in the XLIFF (was it deleted?); nothing written")
            }
            let missing = skeleton.unitIDs.filter { translations[$0] == nil }
            if !missing.isEmpty && requireComplete {
                Report.note("\(missing.count) of \(skeleton.unitIDs.count) units have no target at \(minimum) or above (first: unit \(missing[0])); nothing written")
                throw ExitCode(1)
            }
            let rebuilt: [UInt8]
            do {
                rebuilt = try DocumentFormat.rebuild(skeleton, sources: sources, translations: translations,
                                                     options: RebuildOptions(wrap: wrap, language: document.targetLanguage))
            } catch {
                let place = units.places.first { $0.id == error.unit }
                throw CommandError(message: "\(SourceLocation(file: name, line: place?.line, column: place?.column)): \(error.message)")
            }
            // The glossary is read before the document is written: a bad one writes nothing.
            let glossary = qa && !glossaryOptions.files.isEmpty ? try glossaryOptions.load() : nil
            try OutputFile.write(output) { $0.write(rebuilt) }
            if qa { check(units, order: skeleton.unitIDs, document: document, name: name, glossary: glossary) }
            if !missing.isEmpty {
                Report.note("\(missing.count) of \(skeleton.unitIDs.count) units kept their source (no target at \(minimum) or above; first: unit \(missing[0]))")
            }
        }
    }
}

extension TMKitCommand.Merge {
    /// The QA of the translated units, in document order, on stderr (the library's checker,
    /// as `tmkit qa` runs it).
    func check(_ units: MergeUnits, order: [String], document: XLIFFFile, name: String, glossary: TermBase?) {
        guard let source = document.sourceLanguage, let target = document.targetLanguage else {
            Report.note("qa: not checked: \(name) does not say its languages")
            return
        }
        var checks = Set(QualityCheck.allCases)
        if glossary == nil { checks.remove(.terminology) }
        var checker = QualityChecker(source: source, target: target, checks: checks, glossary: glossary,
                                     targetVariant: target.normalized == "ko" ? LanguageTag("ko-KR") : nil)
        var findings: [QualityFinding] = []
        for id in order {
            guard let translation = units.translations[id], let original = units.sources[id] else { continue }
            findings += checker.check(unit: id, source: original, target: translation)
        }
        findings += checker.finish()
        for finding in findings {
            var line = "qa: unit \(finding.unit): \(finding.check.rawValue) (\(finding.severity.rawValue)): \(finding.message)"
            if let span = finding.target ?? finding.source { line += " «\(span.text)»" }
            Report.note(line)
        }
        let units = Set(findings.map(\.unit)).count
        Report.summary(findings.isEmpty ? "qa: no findings in \(checker.unitsChecked) translated units"
                    : "qa: \(findings.count) finding\(findings.count == 1 ? "" : "s") in \(units) of \(checker.unitsChecked) translated units; the document was written")
    }
}

/// What merge keeps of a document's units: sources, usable targets, where each unit is.
struct MergeUnits {
    var sources: [String: SegmentContent] = [:]
    var translations: [String: SegmentContent] = [:]
    /// Where each unit starts, in the order read (only an error looks one up).
    var places: [(id: String, line: Int, column: Int)] = []

    init(capacity: Int = 0) {
        sources.reserveCapacity(capacity)
        translations.reserveCapacity(capacity)
        places.reserveCapacity(capacity)
    }

    mutating func add(_ unit: XLIFFUnit, minimum: TranslationState, file: String) throws {
        guard sources.updateValue(unit.source, forKey: unit.id) == nil else {
            throw CommandError(message: "\(SourceLocation(file: file, line: unit.line, column: unit.column)): unit \(unit.id) appears twice; merge needs each unit once")
        }
        places.append((unit.id, unit.line, unit.column))
        let usable = unit.segments.allSatisfy { $0.target != nil && $0.effectiveState >= minimum }
        guard usable, !unit.segments.isEmpty else { return }
        translations[unit.id] = unit.target
    }
}
