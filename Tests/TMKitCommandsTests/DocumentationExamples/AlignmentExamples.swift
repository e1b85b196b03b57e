import Foundation
import Testing
import Alignment
import Glossary
import TMKitCore

/// The examples of `Alignment.docc`, run on the shipped article, its translation and the
/// bundled glossary.
@Suite struct AlignmentExamples {
    @Test func aligningTwoDocuments() throws {
        let englishBytes = try Checkout.bytes("Examples/article.en.txt")
        let koreanBytes = try Checkout.bytes("Examples/article.ko.txt")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let english = try TextDocument(decoding: englishBytes, file: "article.en.txt")
        let korean = try TextDocument(decoding: koreanBytes, file: "article.ko.txt")
        let aligner = SentenceAligner(from: .english, to: .korean)
        let alignment = try aligner.align(english, korean)
        for bead in alignment.beads where bead.confidence >= 0.5 {
            print(bead.kind, alignment.sourceText(bead), "→", alignment.targetText(bead))
        }

        #expect(alignment.source.count == 18)
        #expect(alignment.beads.reduce(0) { $0 + $1.source.count } == alignment.source.count)
        #expect(alignment.beads.reduce(0) { $0 + $1.target.count } == alignment.target.count)
        #expect(alignment.beads.filter { $0.kind == "1-1" }.count >= 15)
        #expect(printed.count >= 15)
        #expect(printed.first == "1-1 ‘Battle against crime’ ahead of Party Foundation Day → ‘범죄와의 전쟁’ 당 창건일 앞두고")
    }

    @Test func anchoringOnGlossaryTermsAndMeasuring() throws {
        let tbxBytes = try Checkout.bytes("Glossaries/north-korea-news.tbx")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let glossary = try GlossaryFormat.read(tbxBytes, format: .tbx, file: "north-korea-news.tbx")
        let anchored = SentenceAligner(from: .english, to: .korean, glossary: glossary)
        let merged = anchored.align(
            [AlignmentSentence("Kim Jong Un visited Hyesan on Tuesday."), AlignmentSentence("He inspected the border guards."),
             AlignmentSentence("Prices of rice rose to 6,000 won.")],
            [AlignmentSentence("김정은이 화요일 혜산을 방문해 국경경비대를 시찰했다."), AlignmentSentence("쌀값은 6,000원으로 올랐다.")])
        print(merged.beads.map(\.kind))

        #expect(!glossary.entries.isEmpty)
        #expect(merged.beads.map(\.kind) == ["2-1", "1-1"])
        #expect(printed == [#"["2-1", "1-1"]"#])
        #expect(merged.beads.allSatisfy { (0...1).contains($0.confidence) })

        let gold = [Bead(source: 0..<2, target: 0..<1), Bead(source: 2..<3, target: 1..<2)]
        let score = AlignmentScore(predicted: merged.beads, gold: gold)
        print(score)

        #expect(score == AlignmentScore(correct: 2, predicted: 2, gold: 2))
        #expect(score.f1 == 1)
        #expect(printed.last == "precision 1.0 recall 1.0 F1 1.0 (2 of 2 predicted, 2 gold)")
    }
}
