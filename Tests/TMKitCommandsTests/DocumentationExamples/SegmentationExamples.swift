import Foundation
import Testing
import Segmentation
import TMKitCore

/// The examples of `Segmentation.docc`, run on the shipped article.
@Suite struct SegmentationExamples {
    @Test func segmentingADocument() throws {
        let bytes = try Checkout.bytes("Examples/article.en.txt")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let document = try TextDocument(decoding: bytes, file: "article.en.txt")
        let segmenter = try SentenceSegmenter(language: .english)
        for segment in segmenter.segments(of: document) {
            print(segment.line, segment.column, document.text(of: segment))
        }

        #expect(printed.count == 18)
        #expect(printed.allSatisfy { !$0.contains("\n") })
        #expect(printed.first?.hasPrefix("1 1 ") == true)
    }

    @Test func addingAnAbbreviation() throws {
        var rules = LanguageRules.english
        rules.addAbbreviation("Chmn", kind: .title)
        let newsroom = try SentenceSegmenter(language: .english, rules: rules)
        let sentences = newsroom.sentences(in: "Chmn. Kim arrived. He spoke.")

        #expect(sentences == ["Chmn. Kim arrived.", "He spoke."])
        #expect(try SentenceSegmenter(language: .english).sentences(in: "Chmn. Kim arrived. He spoke.").count == 3)
    }

    @Test func segmentingAsACATToolDoes() throws {
        let srxBytes = try Checkout.bytes("Tests/SegmentationTests/Fixtures/omegat_defaults.srx")

        let srx = try SRXRules.read(srxBytes, file: "segmentation.srx")
        let cat = try SRXSegmenter(rules: srx, language: .english, icuFallback: false)
        let catSentences = cat.sentences(in: "Dr. Kim left. He ran.")

        #expect(catSentences == ["Dr. Kim left.", "He ran."])
    }
}
