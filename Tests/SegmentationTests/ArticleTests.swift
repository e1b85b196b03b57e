import Foundation
import Segmentation
import Testing
import TMKitCore

/// The sample articles against their committed golden files (texts and byte ranges).
@Suite struct ArticleTests {
    struct Unit: Decodable, Equatable {
        let text: String
        let start: Int
        let end: Int
    }

    @Test(arguments: [("en", LanguageTag.english), ("ko", LanguageTag.korean)])
    func sampleArticleSplitsIntoItsEighteenUnits(language: String, tag: LanguageTag) throws {
        let document = try TextDocument(decoding: Checkout.bytes("Examples/article.\(language).txt"))
        let golden = try JSONDecoder().decode(
            [Unit].self, from: Data(Checkout.bytes("Tests/SegmentationTests/Fixtures/article.\(language).segments.json")))
        let segments = try SentenceSegmenter(language: tag).segments(of: document)
        let units = segments.map { Unit(text: document.text(of: $0), start: $0.range.lowerBound, end: $0.range.upperBound) }
        #expect(units.count == 18)
        #expect(units == golden)
        expectNoLoss(document, segments)
        // The ranges point at the raw text the golden texts came from.
        for unit in golden {
            #expect(document.collapsedText(in: unit.start..<unit.end) == unit.text)
        }
    }

    @Test func englishArticleUnitsBeginAsTheIssueLists() throws {
        let document = try TextDocument(decoding: Checkout.bytes("Examples/article.en.txt"))
        let texts = try SentenceSegmenter(language: .english).segments(of: document).map { document.text(of: $0) }
        let openings = [
            "‘Battle against crime’ ahead", "Pyongyang has called", "This has led", "“Recently, security",
            "“The order, which", "This mandate has", "Officials with security", "“Through this ‘battle’",
            "“In relation to this", "Investigations into", "Authorities are", "‘100-day battles’", "In time for",
            "This most recent", "“Cadres from", "“On the border", "Response on the ground", "*The content of this article",
        ]
        try #require(texts.count == openings.count)
        for (text, opening) in zip(texts, openings) {
            #expect(text.hasPrefix(opening), "\(text.prefix(40)) should begin with \(opening)")
        }
    }

    @Test func articleSegmentsKnowTheirLineAndColumn() throws {
        let document = try TextDocument(decoding: Checkout.bytes("Examples/article.en.txt"))
        let segments = try SentenceSegmenter(language: .english).segments(of: document)
        // "This has led…" starts mid-line 5, after "October. "
        #expect(segments[2].line == 6)
        #expect(segments[2].column == 10)
        #expect(segments[3].line == 12)
        #expect(segments[3].column == 1)
        #expect(segments.map(\.paragraph) == [0, 1, 1, 2, 2, 3, 4, 5, 5, 6, 6, 7, 7, 7, 8, 8, 9, 10])
    }
}
