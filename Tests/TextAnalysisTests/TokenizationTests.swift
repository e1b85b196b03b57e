import Testing
@_spi(Internals) @testable import TextAnalysis

/// The two word policies tmkit has, side by side on the strings where they differ: fuzzy
/// matching's tokens (edits are scored, so numbers keep their separators and Korean particles
/// are tokens of their own) and the glossary's term words (term boundaries: letters and digits
/// of any script in one class).
@Suite struct TokenizationTests {
    func matchTokens(_ text: String) -> [String] {
        MatchTokenizer.tokens(text).map { "\($0.kind):\($0.text)" }
    }

    func termWords(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var words: [String] = []
            TermWords.forEach(in: bytes, range: 0..<bytes.count) { words.append($0.raw(bytes)) }
            return words
        }
    }

    @Test(arguments: [
        ("don't", ["word:don't"], ["don't"]),
        ("U.S.", ["word:U", "punctuation:.", "word:S", "punctuation:."], ["U", "S"]),
        ("70주년", ["number:70", "word:주년"], ["70", "주년"]),
        ("3.5 billion", ["number:3.5", "word:billion"], ["3", "5", "billion"]),
        ("1,000 won.", ["number:1,000", "word:won", "punctuation:."], ["1", "000", "won"]),
        ("in 2015.", ["word:in", "number:2015", "punctuation:."], ["in", "2015"]),
        ("인민보안부가", ["word:인민보안부", "particle:가"], ["인민보안부가"]),
        ("‘전투’를", ["punctuation:‘", "word:전투’", "particle:를"], ["전투", "를"]),
        ("Workers’ Party", ["word:Workers’", "word:Party"], ["Workers’", "Party"]),
        ("北韓 e-mail", ["word:北韓", "word:e", "punctuation:-", "word:mail"], ["北韓", "e", "mail"]),
    ])
    func thePoliciesCutAsDocumented(_ text: String, _ tokens: [String], _ words: [String]) {
        #expect(matchTokens(text) == tokens)
        #expect(termWords(text) == words)
    }

    @Test func wordsJoinAcrossSpacesAndHyphensOnly() {
        var text = "anti-aircraft gun, Kim"
        text.withUTF8 { bytes in
            var ranges: [Range<Int>] = []
            TermWords.forEach(in: bytes, range: 0..<bytes.count) { ranges.append($0.range) }
            #expect(ranges.count == 4)
            #expect(TermWords.joins(bytes, ranges[0].upperBound, ranges[1].lowerBound))  // "-"
            #expect(TermWords.joins(bytes, ranges[1].upperBound, ranges[2].lowerBound))  // " "
            #expect(!TermWords.joins(bytes, ranges[2].upperBound, ranges[3].lowerBound))  // ", "
        }
    }

    @Test func scriptTests() {
        #expect(Hangul.isSyllable(Unicode.Scalar("가")) && Hangul.isSyllable(Unicode.Scalar("힣")))
        #expect(!Hangul.isSyllable(0xD7A4) && !Hangul.isSyllable(0xABFF))
        #expect(Hangul.isHangul(Unicode.Scalar("ㅋ").value) && !Hangul.isSyllable(Unicode.Scalar("ㅋ")))
        #expect(Hangul.finalConsonant(Unicode.Scalar("말").value) == 8)  // ㄹ
        #expect(Hangul.finalConsonant(Unicode.Scalar("가").value) == 0)
        #expect(Hangul.hasSyllable("North 조선") && !Hangul.hasSyllable("ㅋㅋ only jamo"))
        #expect(Script.isUnspaced("北") && Script.isUnspaced("か") && Script.isUnspaced("ก") && !Script.isUnspaced("a"))
        #expect(Script.isASCIILetter(UInt8(ascii: "Z")) && !Script.isASCIILetter(UInt8(ascii: "@")) && !Script.isASCIILetter(0xC3))
    }
}
