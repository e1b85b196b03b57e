import Segmentation
import SharedTestData
import Testing
import TMKitCore

/// Segmenting never loses text: over every fixture, and over generated documents.
@Suite struct NoLossTests {
    @Test(arguments: ["Examples/article.en.txt", "Examples/article.ko.txt"])
    func fixtures(_ path: String) throws {
        try expectNoLossInAnyMode(TextDocument(decoding: Checkout.bytes(path)))
    }

    @Test(.needsSharedData) func goldenRules() throws {
        try expectNoLossInAnyMode(TextDocument(decoding: SharedData.bytes("segmentation/golden_rules_en.json")))
    }

    func expectNoLossInAnyMode(_ document: TextDocument) throws {
        for language in [LanguageTag.english, .korean, LanguageTag("de")!] {
            for mode in ParagraphMode.allCases {
                expectNoLoss(document, try SentenceSegmenter(language: language).segments(of: document, paragraphs: mode))
            }
        }
    }

    @Test func everyMarkedCase() throws {
        for testCase in EnglishCaseTests.cases + KoreanCaseTests.cases {
            _ = try sentences(testCase.input, language: .english)
            _ = try sentences(testCase.input, language: .korean)
        }
    }

    /// Documents stitched from fragments that stress the rules: every combination of a
    /// seeded generator's choices, with odd whitespace, lists, quotes and Hangul.
    @Test(arguments: 0..<200)
    func generated(seed: Int) throws {
        let fragments = [
            "Mr.", "U.S.", "a.m.", "K.", "J.", "Kim", "said", "it", "rose", "3.5%", "1,000.", "p.", "55.", "“Why?”",
            "she", "asked.", "...", ". . .", "[...]", "•", "1.", "2)", "a.", "-", "했다.", "”고", "“좋다.”", "美·中",
            "\n", "\r\n", "\n\n", "\u{A0}\n", "\u{3000}", "\t", "  ", "e-mail@x.org.", "https://x.org/a.html.",
            "Hello", "world.Today", "(MPS)", "St.", "Inc.", "vs.", "?", "!", "’", ")", "\"", "끝났다", "있다\n",
        ]
        var state = UInt64(seed &+ 1) &* 0x9E37_79B9_7F4A_7C15
        func nextRandom() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(Int.max))
        }
        var text = ""
        for _ in 0..<(20 + nextRandom() % 60) {
            text += fragments[nextRandom() % fragments.count]
            if nextRandom() % 3 != 0 { text += " " }
        }
        let document = TextDocument(text)
        for language in [LanguageTag.english, .korean] {
            for mode in ParagraphMode.allCases {
                expectNoLoss(document, try SentenceSegmenter(language: language).segments(of: document, paragraphs: mode))
            }
        }
    }
}
