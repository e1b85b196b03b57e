import Foundation
import Documents
import Segmentation
import Testing
import TMKitCore

/// The plain-text document contract: segments and skeleton, rebuilt from translations without
/// segmenting again.
@Suite struct PlainTextDocumentTests {
    static func article(_ language: String) throws -> TextDocument {
        try TextDocument(decoding: Checkout.bytes("Examples/article.\(language).txt"), file: "article.\(language).txt")
    }

    @Test(arguments: [
        "Examples/article.en.txt", "Examples/article.ko.txt",
    ])
    func withoutTranslationsTheDocumentComesBackByteForByte(_ path: String) throws {
        let document = try TextDocument(decoding: Checkout.bytes(path))
        let segmented = PlainTextDocument(document, segmenter: try SentenceSegmenter(language: path.contains(".ko.") ? .korean : .english))
        #expect(try segmented.rebuilt(translations: [String: String]()) == document.utf8)
        // The pieces cover the document exactly, in order; the skeleton is whitespace only.
        var position = 0
        for piece in segmented.pieces {
            switch piece {
            case .skeleton(let range):
                #expect(range.lowerBound == position)
                let text = document.string(in: range)
                #expect(text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }, "\(text.debugDescription)")
                position = range.upperBound
            case .segment(_, let range):
                #expect(range.lowerBound == position)
                position = range.upperBound
            }
        }
        #expect(position == document.utf8.count)
    }

    /// The hard-wrapped English article, each of its 18 sentences replaced by our Korean one:
    /// paragraphs and the no-break-space lines between them stay where they were, and the
    /// Korean segmenter finds exactly the 18 Korean sentences in the result.
    @Test func theTranslatedArticleKeepsItsLayout() throws {
        let english = PlainTextDocument(try Self.article("en"), segmenter: try SentenceSegmenter(language: .english))
        let korean = PlainTextDocument(try Self.article("ko"), segmenter: try SentenceSegmenter(language: .korean))
        #expect(english.segments.count == 18 && korean.segments.count == 18)
        var translations: [String: String] = [:]
        for (source, target) in zip(english.segments, korean.segments) {
            translations[PlainTextDocument.id(of: source)] = korean.text(of: target)
        }
        let rebuilt = try english.rebuilt(translations: translations)
        let text = String(decoding: rebuilt, as: UTF8.self)
        let original = String(decoding: english.document.utf8, as: UTF8.self)
        func separatorLines(_ text: String) -> Int {
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0 == "\u{A0}" || $0 == "\u{A0}\r" }.count
        }
        #expect(separatorLines(text) == separatorLines(original))
        #expect(separatorLines(text) > 0)
        let again = PlainTextDocument(try TextDocument(decoding: rebuilt), segmenter: try SentenceSegmenter(language: .korean))
        #expect(again.segments.map(again.text(of:)) == korean.segments.map(korean.text(of:)))
        #expect(again.segments.map(\.paragraph) == english.segments.map(\.paragraph))
        // Untranslated segments keep their bytes: only the first sentence translated.
        let one = try english.rebuilt(translations: ["1": "제목"])
        #expect(String(decoding: one, as: UTF8.self).hasPrefix("제목"))
        #expect(one.count < english.document.utf8.count)
    }
}
