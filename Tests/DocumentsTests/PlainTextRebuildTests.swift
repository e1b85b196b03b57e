@testable import Documents
import Segmentation
import Testing
import TMKitCore

/// A long plain-text document is rebuilt in parts on every core: the parts must give the bytes
/// the whole gives, translated paragraphs (joined on one line, or wrapped) included.
@Suite struct PlainTextRebuildTests {
    /// About 3,000 paragraphs of two or three sentences, hard-wrapped, with no-break-space
    /// separator lines, blank runs and (optionally) CRLF line ends.
    static func document(lineEnd: String, seed: UInt64) -> String {
        var random = seed
        func next(_ bound: Int) -> Int {
            random = random &* 6364136223846793005 &+ 1442695040888963407
            return Int((random >> 33) % UInt64(bound))
        }
        let words = ["Pyongyang", "said", "the", "border", "guards", "were", "told", "to", "seal", "off", "escapes",
                     "ahead", "of", "October", "70th", "anniversary", "‘battle’", "against", "crime", "Daily", "NK"]
        var text = ""
        for paragraph in 0..<3_000 {
            var sentences: [String] = []
            for _ in 0..<(2 + next(2)) {
                var sentence = (0..<(6 + next(14))).map { _ in words[next(words.count)] }.joined(separator: " ")
                sentence = sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
                sentences.append(sentence)
            }
            // Hard wraps: a line break instead of a space every eight words or so.
            var words = sentences.joined(separator: " ").split(separator: " ").map(String.init)
            for index in stride(from: 8, to: words.count, by: 8 + next(3)) { words[index] = lineEnd + words[index] }
            text += words.joined(separator: " ").replacingOccurrences(of: " " + lineEnd, with: lineEnd)
            text += paragraph % 7 == 3 ? lineEnd + "\u{A0}" + lineEnd + lineEnd : lineEnd + lineEnd
        }
        return text
    }

    @Test(arguments: ["\n", "\r\n"], [nil, 40] as [Int?])
    func partsRebuildWhatTheWholeDoes(_ lineEnd: String, _ wrap: Int?) throws {
        let text = Self.document(lineEnd: lineEnd, seed: lineEnd == "\n" ? 7 : 11)
        let document = PlainTextDocument(try TextDocument(decoding: Array(text.utf8)), file: "long.txt",
                                         segmenter: try SentenceSegmenter(language: .english))
        let pieces = document.skeleton.pieces
        let cuts = PlainTextDocument.independentCuts(pieces, parts: 4)
        #expect(cuts.count == 5, "the document is long enough to be cut")
        // Every third unit translated: paragraphs wholly, partly and not translated.
        var translations: [String: SegmentContent] = [:]
        for (index, unit) in document.units.enumerated() where index % 3 == 0 {
            translations[unit.id] = SegmentContent(text: "번역 \(index)번 문장입니다.")
        }
        let sources = Dictionary(uniqueKeysWithValues: document.units.map { ($0.id, $0.source) })
        var blocks = Set<Int>()
        for case .unit(let id, let block, _) in pieces where translations[id] != nil { blocks.insert(block) }
        let whole = try PlainTextDocument.rebuild(pieces, 0..<pieces.count, sources: sources, translations: translations,
                                                  translatedBlocks: blocks, lineEnd: lineEnd, wrap: wrap)
        var parts: [UInt8] = []
        for part in 0..<(cuts.count - 1) {
            parts += try PlainTextDocument.rebuild(pieces, cuts[part]..<cuts[part + 1], sources: sources,
                                                   translations: translations, translatedBlocks: blocks,
                                                   lineEnd: lineEnd, wrap: wrap)
        }
        #expect(Self.firstDifference(parts, whole) == nil)
        // And the public path (which cuts as the machine's cores allow) gives the same.
        #expect(Self.firstDifference(try document.rebuilt(translations: translations, options: RebuildOptions(wrap: wrap)), whole) == nil)
        // Untranslated, the document comes back byte for byte.
        #expect(Self.firstDifference(try document.rebuilt(translations: [String: SegmentContent]()), Array(text.utf8)) == nil)
    }

    /// The first byte offset where `a` and `b` differ (the shorter one's end when one is a
    /// prefix of the other); nil when they are equal. (Comparing megabytes with `==` in an
    /// expectation would print them whole.)
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        if let index = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset { return index }
        return a.count == b.count ? nil : Swift.min(a.count, b.count)
    }
}
