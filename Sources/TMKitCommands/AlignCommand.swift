import Alignment
import ArgumentParser
import Documents
import Segmentation
import TMKitCore
import TMX

/// `tmkit align`: a document and its translation in, sentence pairs out.
struct AlignCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Align a document with its translation, sentence by sentence, into TMX, TSV or JSONL.",
        discussion: """
            Both documents are segmented with tmkit's segmenter for their languages, then \
            paired in beads of 1-1, 2-1, 1-2, 2-2 sentences, or 1-0 and 0-1 for a sentence \
            left out on one side. The aligner weighs sentence lengths, glossary terms found \
            on both sides (the bundled Glossaries/ unless --glossary is given), numbers and \
            dates, Latin-script names and quotations, and paragraph breaks. Each bead gets a \
            confidence from 0 to 1.

            TMX holds the beads with text on both sides and a confidence at or above \
            --min-confidence (as the prop x-alignment-confidence); the others are listed on \
            stderr. TSV and JSONL list every bead for review. JSONL: one object per bead \
            with source, target (sentences joined by one space; "" for an empty side), \
            source_indices, target_indices (0-based), confidence and bead ("2-1").

            HTML and Markdown (by extension, or --input-format html|markdown for both) are \
            cut as extract cuts them: the sentences of their blocks, markup left out, each \
            block a paragraph (attribute values such as alt are not aligned).

            Examples:
              tmkit align Examples/article.en.txt Examples/article.ko.txt --from en --to ko -o article.tmx
              tmkit align news.en.html news.ko.html --from en --to ko --format tsv
              tmkit align en.txt ko.txt --from en --to ko --format jsonl | jq 'select(.confidence < 0.5)'
              tmkit align en.txt ko.txt --from en --to ko -o pairs.tmx && tmkit tm import pairs.tmx
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tmx, tsv, jsonl
    }

    @Argument(help: "The source document; '-' reads standard input.")
    var source: String

    @Argument(help: "Its translation.")
    var target: String

    @Option(name: [.customLong("from"), .customLong("source-lang")], help: "Source language (BCP 47).")
    var from: String

    @Option(name: [.customLong("to"), .customLong("target-lang")], help: "Target language (BCP 47).")
    var to: String

    @OptionGroup var glossaryOptions: OptionalGlossaryOptions

    @Flag(help: "Align on sentence lengths only (Gale–Church), without glossary, number or paragraph anchors.")
    var lengthOnly = false

    @Option(help: "Output format: tmx, tsv or jsonl.")
    var format: Format = .tmx

    @Option(name: .shortAndLong, help: "The file to write; '-' (the default) writes standard output.")
    var output = "-"

    @Option(help: ArgumentHelp(
        "The documents' format: \(DocumentFormat.all.map(\.name).joined(separator: ", ")).",
        discussion: "By default chosen by each file's extension; standard input and unknown extensions are read as text."))
    var inputFormat: String?

    @Option(help: "The lowest confidence a bead needs to go into the TMX (0–1).")
    var minConfidence = 0.5

    func validate() throws {
        try LanguageArgument.validate(from, option: "--from")
        try LanguageArgument.validate(to, option: "--to")
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1") }
        if source == "-" && target == "-" { throw ValidationError("only one of the documents can be read from '-'") }
        _ = try MarkedUpDocument.format(named: inputFormat, for: source)
        _ = try MarkedUpDocument.format(named: inputFormat, for: target)
    }

    func run() throws {
        guard let sourceLanguage = LanguageTag(from), let targetLanguage = LanguageTag(to) else { return }
        func sentences(_ file: String, _ language: LanguageTag) throws -> [AlignmentSentence] {
            if let format = try MarkedUpDocument.format(named: inputFormat, for: file) {
                let document = try MarkedUpDocument(file, format: format, language: language, limit: InputLimits.alignedDocument,
                                                    what: "a document to align")
                return document.sentences.map { AlignmentSentence($0.text, paragraph: $0.block) }
            }
            let document = try TextDocument(decoding: try FileInput.readAll(file, limit: InputLimits.alignedDocument, what: "a document to align"),
                                             file: FileInput.displayName(file))
            let segmenter = try ParallelSegmenter { () throws(SegmentationError) in try SentenceSegmenter(language: language) }
            return segmenter.segments(of: document).map { AlignmentSentence(document.text(of: $0), paragraph: $0.paragraph) }
        }
        // The glossary first: what loading it reports does not break the progress line.
        let glossary = lengthOnly ? nil : try glossaryOptions.loadOrSayNone(pair: (sourceLanguage, targetLanguage), without: "no terms anchor the sentences")
        let meter = ProgressMeter(total: nil, output: output)
        defer { meter?.finish() }
        meter?.phase("segmenting \(FileInput.displayName(source))")
        let sourceSentences = try sentences(source, sourceLanguage)
        meter?.phase("segmenting \(FileInput.displayName(target))")
        let targetSentences = try sentences(target, targetLanguage)
        let aligner = SentenceAligner(from: sourceLanguage, to: targetLanguage, glossary: glossary,
                                      options: lengthOnly ? .lengthOnly : .init())
        meter?.phase("aligning \(ProgressMeter.grouped(sourceSentences.count)) × \(ProgressMeter.grouped(targetSentences.count)) sentences")
        let alignment = aligner.align(sourceSentences, targetSentences)
        meter?.finish()
        try OutputFile.write(output) { file in
            switch format {
            case .tmx:
                let writer = TMXWriter(sink: file, header: .tmkit(sourceLanguage: sourceLanguage.normalized))
                for (number, bead) in alignment.beads.enumerated() {
                    // Compared as shown (three decimals), so the notes agree with the threshold.
                    let shown = (bead.confidence * 1000).rounded() / 1000
                    if !bead.source.isEmpty && !bead.target.isEmpty && shown >= minConfidence {
                        writer.write(TranslationUnit(
                            properties: [Property(type: "x-alignment-confidence", value: Self.format(bead.confidence)),
                                         Property(type: "x-alignment-bead", value: bead.kind)],
                            variants: [Variant(language: sourceLanguage, text: alignment.sourceText(bead)),
                                       Variant(language: targetLanguage, text: alignment.targetText(bead))]))
                    } else {
                        Report.note("bead \(number + 1) (\(bead.kind), confidence \(Self.format(bead.confidence))) left out: "
                                    + "\(Self.excerpt(alignment.sourceText(bead))) | \(Self.excerpt(alignment.targetText(bead)))")
                    }
                }
                writer.finish()
            case .tsv:
                var text = "bead\tconfidence\t\(sourceLanguage.normalized)\t\(targetLanguage.normalized)\n"
                for bead in alignment.beads {
                    text += "\(bead.kind)\t\(Self.format(bead.confidence))\t\(TSV.escape(alignment.sourceText(bead)))"
                        + "\t\(TSV.escape(alignment.targetText(bead)))\n"
                }
                file.write(text)
            case .jsonl:
                for bead in alignment.beads {
                    let object = JSONValue.object([
                        ("source", .string(alignment.sourceText(bead))),
                        ("target", .string(alignment.targetText(bead))),
                        ("source_indices", .array(bead.source.map { JSONValue($0) })),
                        ("target_indices", .array(bead.target.map { JSONValue($0) })),
                        ("confidence", .number(Self.format(bead.confidence))),
                        ("bead", .string(bead.kind)),
                    ])
                    file.write(object.serialized() + "\n")
                }
            }
        }
    }

    static func format(_ confidence: Double) -> String {
        let rounded = (confidence * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func excerpt(_ text: String) -> String {
        text.isEmpty ? "∅" : (text.count > 60 ? String(text.prefix(57)) + "…" : text)
    }
}
