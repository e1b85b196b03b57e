import Documents
import Segmentation
import TMKitCore

/// A document of a format with markup (HTML, Markdown) read whole through the document
/// contract, for the commands that work on its sentences: `segment`, `glossary annotate` and
/// `align` see its units (text without markup), where plain text is segmented as it streams.
struct MarkedUpDocument {
    let document: any TranslatableDocument
    let language: LanguageTag

    /// The format `--input-format` names or `file`'s extension says, when it is not plain text.
    static func format(named name: String?, for file: String) throws -> DocumentFormat? {
        let format = try PretranslateCommand.format(named: name, for: file)
        return format == .plainText ? nil : format
    }

    /// Opens `file` as `format`, cut with the segmenter for `language`, or for the language of
    /// its text when `language` is nil (Korean when Hangul makes up 30% of its letters).
    init(_ file: String, format: DocumentFormat, language: LanguageTag?, limit: Int, what: String,
         segmenter: (LanguageTag) throws -> any DocumentSegmenter = { try SentenceSegmenter(language: $0) }) throws {
        let bytes = try FileInput.readAll(file, limit: limit, what: what)
        let name = FileInput.displayName(file)
        var tag = language ?? .english
        var document = try format.open(bytes, file: name, segmenter: try segmenter(tag))
        if language == nil {
            // Markup is Latin letters: the language is guessed from the units' text alone.
            let guessed = LanguageDetection.guess(TextDocument(document.units.map(\.text).joined(separator: "\n")))
            if guessed != tag {
                tag = guessed
                document = try format.open(bytes, file: name, segmenter: try segmenter(tag))
            }
        }
        self.document = document
        self.language = tag
        Report.repairs(in: document, file: file)
    }

    /// Each unit's end in the document (UTF-8 byte offset), from its raw text in the skeleton.
    var ends: [String: Int] {
        var ends: [String: Int] = [:]
        let starts = Dictionary(uniqueKeysWithValues: document.units.map { ($0.id, $0.location.byteOffset ?? 0) })
        for case .unit(let id, _, let layout) in document.skeleton.pieces {
            guard let start = starts[id] else { continue }
            if case .raw(let raw)? = layout { ends[id] = start + raw.utf8.count }
        }
        return ends
    }

    /// The units of running text (attribute values such as `alt` left out), as sentences to align.
    var sentences: [(text: String, block: Int)] {
        document.units.filter { $0.block >= 0 }.map { ($0.text, $0.block) }
    }
}

extension LanguageOption {
    /// The language `--lang` names, or nil for `auto`.
    var explicit: LanguageTag? { lang == "auto" ? nil : LanguageTag(lang) ?? .english }
}

extension Report {
    /// The warning for a document read the forgiving way (HTML tag soup), when it was.
    static func repairs(in document: any TranslatableDocument, file: String) {
        repairs(document.repairs, file: file)
    }

    static func repairs(_ count: Int, file: String) {
        guard count > 0 else { return }
        note("warning: \(FileInput.displayName(file)): \(count) malformed spot\(count == 1 ? "" : "s") "
             + "(unclosed tags or comments, stray '<') read as a browser reads them")
    }
}
