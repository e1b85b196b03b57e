import ArgumentParser
import Documents
import Segmentation
import TMKitCore
import TMX

/// `tmkit segment`: a document in, its translation units out.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Split a document into translation units (sentences).",
        discussion: """
            Paragraphs end at blank lines and at lines holding only whitespace (U+00A0 and \
            U+3000 included). A single line break inside a paragraph is a hard wrap and reads \
            as a space, except before a list item (1. 1) a) • - *). ICU proposes sentence \
            boundaries; tmkit's rules decide: abbreviations, initials, quotations, lists, \
            ellipses, URLs, numbers, and Korean endings and quotations.

            Output formats:
              text   one segment per line, an empty line between paragraphs
              jsonl  one JSON object per segment: paragraph, index, text, start, end, line, column
              json   the same objects in one array
              tmx    TMX 1.4b with one source-only unit per segment (tuid = index + 1),
                     srclang set, segtype="sentence": a memory to translate in a CAT tool

            --srx FILE replaces tmkit's rules with a CAT tool's SRX 2.0 rules (OmegaT, Trados, \
            memoQ, Okapi): the maps for the language (cascading as the file says), rules tried \
            in order at each position, the first match deciding break or no break, and ICU's \
            sentence boundaries as a last break rule, as Okapi does. --srx-only uses the SRX \
            rules alone, as OmegaT does. Paragraphs and hard wraps are read as above; list lines \
            are not split unless the rules say so.

            start and end are 0-based UTF-8 byte offsets into the decoded input (byte-order \
            mark excluded), end exclusive; line and column are 1-based, the column counted in \
            Unicode scalars. text has line breaks made spaces and is trimmed.

            HTML and Markdown (by extension, or --input-format html|markdown) are cut as \
            extract cuts them: the text of each block in sentences, markup left out of text \
            (and kept as inline codes in tmx output); paragraph is the block, and jsonl adds \
            context (p, h1, li, td, img/@alt, …).

            Examples:
              tmkit segment Examples/article.en.txt
              tmkit segment --format jsonl Examples/article.en.txt | head -3
              printf 'Dr. Kim arrived at 5 p.m. He left.\\n' | tmkit segment -
              tmkit segment --lang ko --format json Examples/article.ko.txt
              tmkit segment --format tmx Examples/article.en.txt > article.tmx
              tmkit segment --paragraphs line corpus.txt > sentences.txt
              tmkit segment --srx Tests/SegmentationTests/Fixtures/omegat_defaults.srx Examples/article.en.txt
              tmkit segment --srx omegat.srx --srx-only --lang en Examples/article.en.txt
              tmkit segment Examples/news.en.html
              tmkit segment --format jsonl Examples/news.en.md
            """
    )

    @Argument(help: "The document: UTF-8 (with or without BOM) or UTF-16 with BOM; '-' reads standard input.")
    var file: String = "-"

    @OptionGroup var language: LanguageOption

    @Option(help: "Output format: text, jsonl, json or tmx.")
    var format: SegmentFormat = .text

    enum SegmentFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl, tmx
    }

    @Option(help: "Paragraphs: 'blank-line' (blank lines end paragraphs) or 'line' (every line is one).")
    var paragraphs: ParagraphMode = .blankLine

    @OptionGroup var srxOptions: SRXOptions

    @Option(help: ArgumentHelp(
        "The document's format: \(DocumentFormat.all.map(\.name).joined(separator: ", ")).",
        discussion: "By default chosen by the file's extension; standard input and unknown extensions are read as text."))
    var inputFormat: String?

    func validate() throws {
        _ = try MarkedUpDocument.format(named: inputFormat, for: file)
    }

    func run() throws {
        if let format = try MarkedUpDocument.format(named: inputFormat, for: file) {
            try segmentUnits(of: format)
        } else {
            try segment(chunkSize: 1 << 22)
        }
    }

    /// An HTML or Markdown document: its units, as extract cuts them.
    func segmentUnits(of documentFormat: DocumentFormat) throws {
        let srxRules = try srxOptions.rules()
        let input = try MarkedUpDocument(file, format: documentFormat, language: language.explicit, limit: InputLimits.document,
                                         what: "a document to segment") { try srxOptions.segmenter(for: $0, rules: srxRules) }
        let units = input.document.units
        var out = OutputBuffer(sink: CommandIO.current.output)
        if format == .tmx {
            let writer = TMXWriter(sink: CommandIO.current.output, header: .tmkit(sourceLanguage: input.language.normalized))
            for (index, unit) in units.enumerated() {
                writer.write(TranslationUnit(id: String(index + 1), variants: [Variant(language: input.language, content: unit.source)]))
            }
            writer.finish()
            return
        }
        let ends = input.ends
        if format == .json { out.append("[") }
        var previousBlock: Int?
        for (index, unit) in units.enumerated() {
            switch format {
            case .text:
                if let previousBlock, previousBlock != unit.block { out.appendByte(0x0A) }
                out.append(unit.text)
                out.appendByte(0x0A)
            case .json, .jsonl:
                if format == .json { out.append(index == 0 ? "\n" : ",\n") }
                let start = unit.location.byteOffset ?? 0
                out.append(JSONValue.object([
                    ("paragraph", JSONValue(unit.block)), ("index", JSONValue(index)), ("text", .string(unit.text)),
                    ("start", JSONValue(start)), ("end", JSONValue(ends[unit.id] ?? start)),
                    ("line", JSONValue(unit.location.line ?? 0)), ("column", JSONValue(unit.location.column ?? 0)),
                    ("context", unit.context.map(JSONValue.string) ?? .null),
                ]).serialized())
                if format == .jsonl { out.appendByte(0x0A) }
            case .tmx:
                break
            }
            previousBlock = unit.block
        }
        if format == .json { out.append(units.isEmpty ? "]\n" : "\n]\n") }
        out.flush()
    }

    /// Streams the input in pieces of about `chunkSize` bytes cut between paragraphs.
    func segment(chunkSize: Int) throws {
        // Nothing is written for an input that turns out bad half-way: a first pass decodes
        // it all (UTF-8 is checked at several hundred MB/s), the second segments it.
        let input = TwoPassInput(file)
        var check = TextPieceReader(
            source: try input.firstPass(), name: FileInput.displayName(file), mode: paragraphs, chunkSize: chunkSize)
        while try check.next() != nil {}
        var reader = TextPieceReader(
            source: try input.secondPass(), name: FileInput.displayName(file), mode: paragraphs,
            chunkSize: chunkSize)
        var out = OutputBuffer(sink: CommandIO.current.output)
        let srxRules = try srxOptions.rules()
        var segmenter: (any DocumentSegmenter)?
        var tmx: TMXWriter?
        var position = DocumentPosition()
        var previousParagraph = -1
        if format == .json { out.append("[") }
        while let piece = try reader.next() {
            if segmenter == nil {
                let tag = language.resolve(for: piece)
                segmenter = try srxOptions.segmenter(for: tag, rules: srxRules)
                if format == .tmx {
                    tmx = TMXWriter(sink: CommandIO.current.output, header: .tmkit(sourceLanguage: tag.normalized))
                }
            }
            let base = position.byteOffset
            piece.utf8.withUnsafeBufferPointer { buffer in
                segmenter?.forEachSegment(inPiece: buffer, at: &position, paragraphs: paragraphs) { segment in
                    let text = piece.collapsedText(
                        in: (segment.range.lowerBound - base)..<(segment.range.upperBound - base))
                    if let tmx {
                        tmx.write(TranslationUnit(
                            id: String(segment.index + 1),
                            variants: [Variant(language: segmenter!.language, text: text)]))
                    } else {
                        write(segment, text: text, previousParagraph: previousParagraph, to: &out)
                    }
                    previousParagraph = segment.paragraph
                }
            }
        }
        if format == .json { out.append(previousParagraph >= 0 ? "\n]\n" : "]\n") }
        if format == .tmx {
            // An empty input still gives a valid, empty memory.
            let writer = tmx ?? TMXWriter(
                sink: CommandIO.current.output, header: .tmkit(sourceLanguage: language.resolve(for: TextDocument(""))
                    .normalized))
            writer.finish()
            if writer.replacedCharacters > 0 {
                CommandIO.current.errorOutput.write(
                    "tmkit: \(writer.replacedCharacters) characters XML does not allow were written as U+FFFD\n")
            }
        }
        out.flush()
    }

    private func write(_ segment: Segmentation.Segment, text: String, previousParagraph: Int, to out: inout OutputBuffer) {
        switch format {
        case .text:
            if previousParagraph >= 0, segment.paragraph != previousParagraph { out.appendByte(0x0A) }
            out.append(text)
            out.appendByte(0x0A)
        case .tmx:
            break
        case .jsonl, .json:
            if format == .json { out.append(segment.index == 0 ? "\n" : ",\n") }
            out.append("{\"paragraph\":")
            out.append(segment.paragraph)
            out.append(",\"index\":")
            out.append(segment.index)
            out.append(",\"text\":")
            out.appendJSONString(text)
            out.append(",\"start\":")
            out.append(segment.range.lowerBound)
            out.append(",\"end\":")
            out.append(segment.range.upperBound)
            out.append(",\"line\":")
            out.append(segment.line)
            out.append(",\"column\":")
            out.append(segment.column)
            out.append(format == .jsonl ? "}\n" : "}")
        }
    }
}
