import CICU
import Foundation
import SharedTestData
import Testing

/// ICU iterates a paragraph as a UTF-16 copy, its boundaries turned back into UTF-8 offsets
/// through a table kept every 64 units (`tmk_breaker_set_utf8_icu`); paragraphs over 1 MB and
/// ill-formed ones are iterated over UTF-8 in place. Both paths must give the same boundaries.
/// `tmk_breaker_set_utf8` gives most text to tmkit's own rules instead: they must give ICU's.
@Suite struct ICUBreakerTests {
    static func boundaries(of bytes: [UInt8], locale: String, converted: Bool) -> [Int32] {
        var status: Int32 = 0
        guard let breaker = tmk_sentence_breaker_open(locale, &status) else { return [-2] }
        defer { tmk_breaker_close(breaker) }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { text in
                let base = text.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let error = converted
                    ? tmk_breaker_set_utf8_icu(breaker, base, Int64(text.count))
                    : tmk_breaker_set_utf8_unconverted(breaker, base, Int64(text.count))
                guard error == 0 else { return [-3] }
                var result: [Int32] = []
                while true {
                    let next = tmk_breaker_next(breaker)
                    if next < 0 { return result }
                    result.append(next)
                }
            }
        }
    }

    /// Texts of every length around the table's 64-unit steps (the first version read a stale
    /// entry when a paragraph's UTF-16 length was a multiple of 64), in ASCII, Hangul, CJK,
    /// combining marks and characters beyond the BMP (two UTF-16 units, four UTF-8 bytes).
    @Test func theUTF16CopyGivesTheBoundariesOfTheUTF8Text() {
        let pieces = ["Hello. ", "Dr. Kim said so. ", "U.S. troops left! ", "한국어 문장입니다. ", "“Quote.” ", "😀 Emoji. ",
                      "𝐁old math? ", "e\u{301} combining. ", "中文句子。", "日本語の文。", "Ünïcödé? ", "a", "가", "😀", "\n", " "]
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = ["", ".", "😀", String(repeating: "a", count: 64), String(repeating: "가", count: 64), String(repeating: "😀", count: 32)]
        for _ in 0..<2000 {
            var text = ""
            let target = Int.random(in: 1...300, using: &generator)
            while text.utf16.count < target { text += pieces.randomElement(using: &generator)! }
            texts.append(text)
        }
        for text in texts {
            let bytes = Array(text.utf8)
            for locale in ["en", "ko"] {
                let converted = Self.boundaries(of: bytes, locale: locale, converted: true)
                let direct = Self.boundaries(of: bytes, locale: locale, converted: false)
                #expect(converted == direct, "\(locale) \(text.utf16.count) units: \(text.debugDescription)")
            }
        }
    }

    /// One breaker serves a whole document, paragraph after paragraph, as segmentation uses it:
    /// ASCII, Hangul, beyond the BMP, ill-formed and over the copy's 1 MB limit, one after the
    /// other (its buffers grow and its mode changes between them).
    @Test func oneBreakerReusedGivesEachTextItsBoundaries() {
        let long = String(repeating: "Another sentence here. 한국어 문장. ", count: 40_000)  // over 1 MB
        let texts: [[UInt8]] = [Array("Short one. Two.".utf8), Array("평양에서 왔다. 그리고 갔다.".utf8), Array(long.utf8),
                                Array("😀 Emoji. 𝐁old? Yes.".utf8), [0x41, 0x2E, 0x20, 0xFF, 0x42, 0x2E], Array("A. B. C.".utf8),
                                Array(String(repeating: "가나다. ", count: 500).utf8)]
        var status: Int32 = 0
        guard let breaker = tmk_sentence_breaker_open("en", &status) else {
            Issue.record("no breaker: \(status)")
            return
        }
        defer { tmk_breaker_close(breaker) }
        for bytes in texts {
            let reused: [Int32] = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { text in
                    guard tmk_breaker_set_utf8_icu(breaker, text.baseAddress!, Int64(text.count)) == 0 else { return [-3] }
                    var result: [Int32] = []
                    while true {
                        let next = tmk_breaker_next(breaker)
                        if next < 0 { return result }
                        result.append(next)
                    }
                }
            }
            #expect(reused == Self.boundaries(of: bytes, locale: "en", converted: false), "\(bytes.count) bytes")
        }
    }

    /// Ill-formed UTF-8 is not converted: ICU reads it in place as before.
    @Test func illFormedTextIsReadAsBefore() {
        let samples: [[UInt8]] = [[0x41, 0x2E, 0x20, 0xFF, 0x42, 0x2E], [0xE2, 0x82], Array("Hi. ".utf8) + [0xC0, 0x80] + Array(" Yes.".utf8)]
        for bytes in samples {
            #expect(Self.boundaries(of: bytes, locale: "en", converted: true) == Self.boundaries(of: bytes, locale: "en", converted: false))
        }
    }

    // MARK: - tmkit's own sentence rules (UAX #29) beside ICU's iterator

    /// The boundaries `tmk_breaker_set_utf8` gives (tmkit's rules when the text allows them)
    /// and ICU's iterator's on the same bytes.
    static func ownAndICU(_ bytes: [UInt8], locale: String) -> (own: [Int32], icu: [Int32], mode: Int32) {
        var status: Int32 = 0
        guard let breaker = tmk_sentence_breaker_open(locale, &status) else { return ([-2], [], -1) }
        defer { tmk_breaker_close(breaker) }
        let (own, mode): ([Int32], Int32) = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { text in
                let base = text.baseAddress ?? UnsafePointer(bitPattern: 1)!
                guard tmk_breaker_set_utf8(breaker, base, Int64(text.count)) == 0 else { return ([-3], -1) }
                let mode = tmk_breaker_mode(breaker)
                var result: [Int32] = []
                while true {
                    let next = tmk_breaker_next(breaker)
                    if next < 0 { return (result, mode) }
                    result.append(next)
                }
            }
        }
        return (own, boundaries(of: bytes, locale: locale, converted: false), mode)
    }

    /// Whether every character of `text` is one tmkit's rules cover (in the BMP, not Extend or
    /// Format): then the rules, not ICU, must have given the boundaries.
    static func covered(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            guard scalar.value < 0x10000 else { return false }
            let sentenceBreak = tmk_test_sentence_break(scalar.value)
            return sentenceBreak != 3 && sentenceBreak != 12  // U_SB_FORMAT, U_SB_EXTEND
        }
    }

    /// English and Korean run ICU's root rules, so the text tmkit's rules cover never reaches
    /// ICU's iterator; Greek has a question mark of its own and keeps ICU for everything.
    @Test func ownRulesServeTheRootLocalesOnly() {
        var status: Int32 = 0
        for (locale, expected) in [("en", Int32(1)), ("ko", 1), ("", 1), ("en_US", 1), ("el", 0), ("en@ss=standard", 0)] {
            guard let breaker = tmk_sentence_breaker_open(locale, &status) else {
                Issue.record("no breaker for \(locale): \(status)")
                continue
            }
            #expect(tmk_breaker_uses_own_rules(breaker) == expected, "\(locale)")
            tmk_breaker_close(breaker)
        }
    }

    /// Every sequence of up to three characters from one representative of each Sentence_Break
    /// class the rules cover (and a second of the busiest ones), then 200,000 random strings of
    /// up to 40 of them: tmkit's rules break exactly where ICU's iterator does, and none of them
    /// went to ICU.
    @Test func ownRulesBreakWhereICUDoes() {
        let alphabet: [String] = [".", "?", "!", "。", "\"", "'", ")", "(", "”", "’", "«", "a", "z", "é", "A", "Ü", "가", "中", "5",
                                  " ", "\u{A0}", "\u{3000}", ",", "-", ":", "–", "、", "\n", "\r", "\u{2028}", "\u{85}", "#", "…", "\u{2024}"]
        var mismatches = 0, viaICU = 0
        func check(_ text: String) {
            let (own, icu, mode) = Self.ownAndICU(Array(text.utf8), locale: "en")
            if mode != 4 { viaICU += 1 }
            if own != icu {
                mismatches += 1
                if mismatches <= 10 { Issue.record("\(text.debugDescription): own \(own), ICU \(icu)") }
            }
        }
        let short = [""] + alphabet
        for a in short { for b in short { for c in short { check(a + b + c) } } }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let count = Int.random(in: 1...40, using: &generator)
            check((0..<count).map { _ in alphabet.randomElement(using: &generator)! }.joined())
        }
        #expect(mismatches == 0)
        // Every representative is covered: no text went to ICU's iterator.
        #expect(viaICU == 0)
    }

    /// A paragraph over 1 MB that the rules cover is checked whole, then read a boundary at a
    /// time; one with a character beyond them (here an emoji) goes to ICU.
    @Test func ownRulesOnLongParagraphs() {
        let long = String(repeating: "Another sentence here. 한국어 문장. “Quoted.” ", count: 30_000)
        let (own, icu, mode) = Self.ownAndICU(Array(long.utf8), locale: "en")
        #expect(mode == 3)
        #expect(own == icu)
        #expect(own.count == 90_000)  // three sentences a repetition
        let mixed = long + "😀 Emoji."
        let (ownMixed, icuMixed, modeMixed) = Self.ownAndICU(Array(mixed.utf8), locale: "en")
        #expect(modeMixed == 0)
        #expect(ownMixed == icuMixed)
    }

    /// Real text: the UD English and Korean dev sets (a paragraph per document paragraph) and the
    /// English corpus, with their characters beyond the rules (emoji, combining marks) going to ICU.
    @Test(.needsSharedData, arguments: ["segmentation/ud/en_ewt-dev.json", "segmentation/ud/ko_gsd-dev.json"])
    func ownRulesOnRealText(_ path: String) throws {
        struct Set: Decodable {
            struct Document: Decodable { let paragraphs: [[String]] }
            let documents: [Document]
        }
        let set = try JSONDecoder().decode(Set.self, from: Data(SharedData.bytes(path)))
        var paragraphs = set.documents.flatMap { $0.paragraphs.map { $0.joined(separator: " ") } }
        paragraphs += String(decoding: try SharedData.bytes("segmentation/corpus_en.txt"), as: UTF8.self)
            .components(separatedBy: "\n\n").map { String($0) }
        var covered = 0
        for paragraph in paragraphs {
            let bytes = Array(paragraph.utf8)
            let (own, icu, mode) = Self.ownAndICU(bytes, locale: path.contains("ko_") ? "ko" : "en")
            #expect(own == icu, "\(paragraph.debugDescription)")
            if Self.covered(paragraph) && !bytes.isEmpty {
                #expect(mode == 4, "\(paragraph.debugDescription)")
                covered += 1
            }
        }
        #expect(covered > paragraphs.count * 9 / 10)
    }
}
