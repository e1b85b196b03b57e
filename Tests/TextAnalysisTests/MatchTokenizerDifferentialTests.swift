import Foundation
import Testing
@testable @_spi(Internals) import TextAnalysis
import SharedTestData

/// `MatchTokenizer.tokens` reads bytes (an import tokenizes every segment of a memory); the
/// tokenizer it replaced built each token scalar by scalar. That one is kept here as the
/// reference, and both must cut every text alike: tokens, kinds, keys and texts, and the exact
/// keys made from them.
@Suite struct MatchTokenizerDifferentialTests {
    /// A Korean word's stem and particle, when it ends in a particle (the longest one, of at
    /// most six syllables) after at least one syllable: found by trying every suffix against
    /// `KoreanParticles.all`, with no trie (the tokenizer's byte walk,
    /// `MatchTokenizer.particleStart`, walks one).
    static let particleScalars = Set(KoreanParticles.all.map { $0.unicodeScalars.map(\.value) })

    static func referenceSplitParticle(_ word: String) -> (String, String)? {
        let scalars = Array(word.unicodeScalars)
        guard let last = scalars.last, Hangul.isSyllable(last) else { return nil }
        for length in stride(from: Swift.min(6, scalars.count - 1), through: 1, by: -1) {
            let suffix = scalars[(scalars.count - length)...]
            // Scalar by scalar, as the trie compares (not `String`'s canonical equivalence).
            if particleScalars.contains(suffix.map(\.value)) {
                return (String(String.UnicodeScalarView(scalars[..<(scalars.count - length)])), String(String.UnicodeScalarView(suffix)))
            }
        }
        return nil
    }

    /// The scalar-by-scalar tokenizer the byte reader replaced.
    static func referenceTokens(_ text: String) -> [MatchToken] {
        var tokens: [MatchToken] = []
        var current = ""
        var currentKind: MatchToken.Kind?
        func flush() {
            guard let kind = currentKind, !current.isEmpty else { return }
            if kind == .word, let (stem, particle) = referenceSplitParticle(current) {
                tokens.append(MatchToken(kind: .word, key: TextKey.normalized(stem), text: stem))
                tokens.append(MatchToken(kind: .particle, key: particle, text: particle))
            } else {
                tokens.append(MatchToken(kind: kind, key: kind == .word ? TextKey.normalized(current) : current, text: current))
            }
            current = ""
            currentKind = nil
        }
        for scalar in text.unicodeScalars {
            let kind = MatchTokenizer.classify(scalar, after: currentKind)
            if currentKind == .number, scalar == "," || scalar == "." {
                current.unicodeScalars.append(scalar)
                continue
            }
            if kind != currentKind || kind == .punctuation || kind == nil { flush() }
            if let kind {
                currentKind = kind
                current.unicodeScalars.append(scalar)
            }
        }
        flush()
        var result: [MatchToken] = []
        for token in tokens {
            if token.kind == .number, let last = token.text.last, last == "." || last == "," {
                let number = String(token.text.dropLast())
                result.append(MatchToken(kind: .number, key: number, text: number))
                result.append(MatchToken(kind: .punctuation, key: String(last), text: String(last)))
            } else {
                result.append(token)
            }
        }
        return result
    }

    static func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let tokens = MatchTokenizer.tokens(text), expected = referenceTokens(text)
        #expect(tokens == expected, "\(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(MatchTokenizer.exactKey(tokens) == expected.filter { $0.kind != .punctuation }.map(\.key).joined(separator: " "),
                sourceLocation: sourceLocation)
    }

    @Test func writtenCases() {
        let texts = [
            "", " ", "a", "A", "don't", "DON’T", "U.S.", "1,000 won.", "in 2015.", "in 2015.,", "3.5 billion", "1.2.3", "5,",
            "1,,,2", "½.", "²", "70주년", "인민보안부가", "보안기관들에", "‘전투’를", "Workers’ Party", "北韓 e-mail",
            "Ｎｏｒｔｈ　Ｋｏｒｅａ ＮＫ", "café CAFÉ cafe\u{301}", "İstanbul", "ß straße", "ﬁne", "Ⅻ", "①②", "٣٤٥ ١٢",
            "emoji 👍🏽 ok", "tab\tand\nnew\r\nlines", "a\u{00A0}b\u{2009}c", "x\u{200B}y", "ㅋㅋㅋ", "가\u{0301}",
            "한국은행(BOK)은 3.5%를, 2020년엔 1,000억 원을", "Kim Jong-un’s 2nd visit", "'quoted' “double” «guillemets»",
            "e.g. i.e. etc.", "$5.99 €10,50 ₩1,000", "10:30 a.m.", "2026-12-02", "3 1/2", "0.5.", "1.", ",1", ".5",
        ]
        for text in texts { Self.expectSame(text) }
    }

    /// Random strings over an alphabet of every kind of scalar the tokenizer tells apart.
    @Test func generatedStrings() {
        let alphabet: [String] = ["a", "Z", "é", "Ｎ", "가", "를", "들", "은", "주년", "1", "9", "½", "٣", ",", ".", "'", "’", "-",
                                  " ", "\t", "\n", "\u{00A0}", "!", "(", "“", "北", "👍", "\u{301}", "ﬁ", "İ", "ß", "ㅋ"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for _ in 0..<3000 {
            let text = (0..<(next() % 24)).map { _ in alphabet[next() % alphabet.count] }.joined()
            Self.expectSame(text)
        }
    }

    /// Real sentences: the Universal Dependencies English and Korean dev sets.
    @Test(.needsSharedData) func realSentences() throws {
        struct UDSet: Decodable {
            struct Document: Decodable { var paragraphs: [[String]] }
            var documents: [Document]
        }
        for file in ["segmentation/ud/en_ewt-dev.json", "segmentation/ud/ko_gsd-dev.json"] {
            let set = try JSONDecoder().decode(UDSet.self, from: Data(SharedData.bytes(file)))
            let sentences = set.documents.flatMap { $0.paragraphs.joined() }
            for sentence in sentences { Self.expectSame(sentence) }
            #expect(sentences.count > 900)
        }
    }
}
