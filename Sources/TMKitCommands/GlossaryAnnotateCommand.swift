import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import Documents
import Glossary
import Segmentation
import TMKitCore
import TMX
#if canImport(Glibc)
import Glibc
#endif

/// `tmkit glossary annotate FILE`.
struct GlossaryAnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Segment a document and list the glossary terms in each segment.",
        discussion: """
            JSONL: one object per segment: index, start, end, text, terms; each term has \
            text (as in the document), start, end (document byte offsets), source (the \
            glossary's spelling), entry (id) and targets ([{term, lang, status}]).

            HTML and Markdown (by extension, or --input-format html|markdown) are cut as \
            extract cuts them; terms are found in each sentence's text with the markup left \
            out (<b>State Security</b> Department is one term), and a term's start and end \
            count bytes of the segment's text.

            Examples:
              tmkit glossary annotate Examples/article.en.txt
              tmkit glossary annotate --format jsonl Examples/article.ko.txt --to en
              tmkit glossary annotate Examples/news.en.html
            """
    )

    @Argument(help: "The document; '-' reads standard input.")
    var file: String = "-"

    @OptionGroup var language: LanguageOption
    @OptionGroup var glossaryOptions: GlossaryOptions

    @Option(help: "The language of the translations to list (default: the other of en and ko).")
    var to: String?

    @Option(help: "Output format: text or jsonl.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @Option(help: ArgumentHelp(
        "The document's format: \(DocumentFormat.all.map(\.name).joined(separator: ", ")).",
        discussion: "By default chosen by the file's extension; standard input and unknown extensions are read as text."))
    var inputFormat: String?

    func validate() throws {
        if let to { try LanguageArgument.validate(to, option: "--to") }
        _ = try MarkedUpDocument.format(named: inputFormat, for: file)
    }

    func run() throws {
        if let documentFormat = try MarkedUpDocument.format(named: inputFormat, for: file) {
            return try annotateUnits(of: documentFormat)
        }
        let document = try TextDocument(decoding: try FileInput.readAll(file, limit: InputLimits.document, what: "a document to annotate"), file: FileInput.displayName(file))
        let source = language.resolve(for: document)
        let target = try to.map(GlossaryLookupCommand.tag) ?? (source.isWithin(.korean) ? .english : .korean)
        let segmenter = try ParallelSegmenter { () throws(SegmentationError) in try SentenceSegmenter(language: source) }
        // Segments are cut in order on a second thread, from the start: while the glossary is
        // read and its matcher built here, then while earlier batches' terms are found and
        // written on every core (the batch's output in order; memory stays a few batches).
        // The document is in memory already: its segments (a few dozen bytes each) may all wait,
        // so that cutting ends while the glossary is read instead of after it.
        let cutting = BackgroundProducer<Segmentation.Segment>(
            batchSize: Self.batchSize, capacity: Swift.max(4, document.utf8.count / (Self.batchSize * 16))
        ) { emit in
            var stopped = false
            segmenter.forEachSegment(in: document) { segment in
                guard !stopped else { return }
                do { try emit(segment) } catch { stopped = true }  // stop(): the rest is not wanted
            }
        }
        cutting.start()
        defer { cutting.stop() }
        let glossary = try glossaryOptions.load()
        let matcher = TermMatcher(glossary: glossary, language: source)
        var out = OutputBuffer(sink: CommandIO.current.output)
        let jsonl = format == .jsonl
        // More slices than cores: a core that the cutting thread holds up takes fewer of them.
        let workers = concurrentWorkers * 4
        while let batch = try cutting.next() {
            for part in Self.render(batch, workers: workers, { segment, bytes, scratch in
                Self.write(segment, document: document, matcher: matcher, target: target, jsonl: jsonl, to: &bytes, scratch: &scratch)
            }) {
                out.append(bytes: part)
            }
        }
        out.flush()
        releaseElsewhere((consume glossary, consume matcher))  // 100,000 entries take a while to free
    }

    static let batchSize = 4096

    /// The output of `segments`, rendered by `render` in up to `workers` contiguous slices run
    /// on every core (each slice with matcher buffers of its own); the slices' bytes in order.
    static func render(
        _ segments: [Segmentation.Segment], workers: Int,
        _ render: @escaping @Sendable (Segmentation.Segment, inout [UInt8], inout TermMatcher.Scratch) -> Void
    ) -> [[UInt8]] {
        concurrentSlices(count: segments.count, workers: workers, minimumSlice: 256) { range in
            // Room for about what a JSON Lines record of each segment takes (the text twice over
            // and the keys): the slice's bytes are not copied again and again as they grow.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(segments[range].reduce(0) { $0 + 2 * $1.range.count + 64 })
            var scratch = TermMatcher.Scratch()
            for index in range { render(segments[index], &bytes, &scratch) }
            return bytes
        }
    }

    /// One segment's annotation: a JSON Lines record, or in text the segment and its terms
    /// (nothing when it has none).
    static func write(
        _ segment: Segmentation.Segment, document: TextDocument, matcher: TermMatcher, target: LanguageTag, jsonl: Bool,
        to bytes: inout [UInt8], scratch: inout TermMatcher.Scratch
    ) {
        let matches = document.utf8.withUnsafeBufferPointer { matcher.matches(in: $0, range: segment.range, scratch: &scratch) }
        if jsonl {
            // Written straight to bytes (the same text JSONValue writes, in the same key order):
            // no tree of values a segment.
            func literal(_ text: StaticString) {
                bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            }
            func number(_ value: Int) { JSONValue.writeInteger(value, to: &bytes) }
            /// The document's text in `range` as a JSON string, its line breaks collapsed
            /// (`TextDocument.collapsedText(in:)`), with no string made.
            func text(_ range: Range<Int>) {
                document.utf8.withUnsafeBufferPointer { utf8 in
                    Whitespace.withLineBreaksCollapsed(UnsafeBufferPointer(rebasing: utf8[range])) {
                        JSONValue.writeString(utf8: $0, to: &bytes)
                    }
                }
            }
            /// `,"start":N,"end":M`.
            func span(_ range: Range<Int>) {
                literal(#","start":"#)
                number(range.lowerBound)
                literal(#","end":"#)
                number(range.upperBound)
            }
            literal(#"{"index":"#)
            number(segment.index)
            span(segment.range)
            literal(#","text":"#)
            text(segment.range)
            literal(#","terms":["#)
            for (index, match) in matches.enumerated() {
                if index > 0 { bytes.append(0x2C) }
                literal(#"{"text":"#)
                text(match.range)
                span(match.range)
                literal(#","source":"#)
                JSONValue.writeString(match.term.text, to: &bytes)
                literal(#","entry":"#)
                let entry = matcher.entry(of: match)
                if let id = entry.id { JSONValue.writeString(id, to: &bytes) } else { literal("null") }
                literal(#","targets":["#)
                for (index, (tag, term)) in entry.terms(in: target).enumerated() {
                    if index > 0 { bytes.append(0x2C) }
                    literal(#"{"term":"#)
                    JSONValue.writeString(term.text, to: &bytes)
                    literal(#","lang":"#)
                    JSONValue.writeString(tag.normalized, to: &bytes)
                    literal(#","status":"#)
                    JSONValue.writeString(term.effectiveStatus.rawValue, to: &bytes)
                    bytes.append(0x7D)
                }
                literal("]}")
            }
            literal("]}\n")
        } else if !matches.isEmpty {
            var text = "\(segment.index + 1): \(document.text(of: segment))\n"
            for match in matches {
                let entry = matcher.entry(of: match)
                let targets = entry.terms(in: target).filter { $0.term.effectiveStatus.isAllowed }.map(\.term.text)
                text += "    \(document.collapsedText(in: match.range)) → \(targets.isEmpty ? "(no \(target) term)" : targets.joined(separator: ", "))\n"
            }
            bytes.append(contentsOf: text.utf8)
        }
    }

    /// An HTML or Markdown document: terms in each unit's text.
    func annotateUnits(of documentFormat: DocumentFormat) throws {
        let input = try MarkedUpDocument(file, format: documentFormat, language: language.explicit, limit: InputLimits.document,
                                         what: "a document to annotate")
        let source = input.language
        let target = try to.map(GlossaryLookupCommand.tag) ?? (source.isWithin(.korean) ? .english : .korean)
        let matcher = TermMatcher(glossary: try glossaryOptions.load(), language: source)
        let ends = input.ends
        var out = OutputBuffer(sink: CommandIO.current.output)
        for (index, unit) in input.document.units.enumerated() {
            let text = unit.text
            let bytes = Array(text.utf8)
            let matches = bytes.withUnsafeBufferPointer { matcher.matches(in: $0, range: 0..<$0.count) }
            func shown(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
            if format == .jsonl {
                let terms: [JSONValue] = matches.map { match in
                    let entry = matcher.entry(of: match)
                    return .object([
                        ("text", .string(shown(match.range))),
                        ("start", JSONValue(match.range.lowerBound)), ("end", JSONValue(match.range.upperBound)),
                        ("source", .string(match.term.text)), ("entry", entry.id.map(JSONValue.string) ?? .null),
                        ("targets", entry.termsJSON(in: target, notes: false)),
                    ])
                }
                let start = unit.location.byteOffset ?? 0
                out.appendJSONLine(JSONValue.object([
                    ("index", JSONValue(index)), ("start", JSONValue(start)), ("end", JSONValue(ends[unit.id] ?? start)),
                    ("text", .string(text)), ("context", unit.context.map(JSONValue.string) ?? .null), ("terms", .array(terms)),
                ]))
            } else if !matches.isEmpty {
                out.append("\(index + 1): \(text)\n")
                for match in matches {
                    let targets = matcher.entry(of: match).terms(in: target).filter { $0.term.effectiveStatus.isAllowed }.map(\.term.text)
                    out.append("    \(shown(match.range)) → \(targets.isEmpty ? "(no \(target) term)" : targets.joined(separator: ", "))\n")
                }
            }
        }
        out.flush()
    }
}
