import TMKitCore
import TextAnalysis

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts documents into sentences: ICU proposes boundaries over the UTF-8 text, the
/// ``LanguageRules`` decide which of them stand, and a few rules add the boundaries ICU
/// cannot see (a missing space after a full stop, inline lists, list lines, Korean lines
/// that end in a final verb ending without punctuation).
///
/// A segmenter keeps an ICU iterator and scratch buffers: reuse one for many documents,
/// but do not share it between threads.
public final class SentenceSegmenter {
    /// The language whose rules apply.
    public let language: LanguageTag
    /// The rules in force.
    public let rules: LanguageRules

    private let breaker: ICUSentenceBreaker
    private var scratch: UnsafeMutableBufferPointer<UInt8> = .init(start: nil, count: 0)

    /// Per-document working arrays, kept in a local value so the hot loop makes no
    /// exclusivity checks on class properties.
    private struct Work {
        var candidates: [Int] = []
        var forced: [Int] = []
    }

    /// Makes a segmenter for `language`, with `rules` or the built-in rules for it.
    public init(language: LanguageTag = .english, rules: LanguageRules? = nil) throws(SegmentationError) {
        let rules = rules ?? LanguageRules.forLanguage(language)
        self.language = language
        self.rules = rules
        self.breaker = try ICUSentenceBreaker(locale: rules.icuLocale)
    }

    deinit {
        scratch.deallocate()
    }

    /// Segments one piece of a document read piece by piece, so that a huge input needs
    /// memory only for its largest paragraph.
    ///
    /// Cut the document where ``Paragraphs/lastSafeCut(in:mode:)`` says; pass the pieces in
    /// order with the same `position`, which this call advances past the piece. Segments
    /// carry document-wide offsets, lines and indices, exactly as if the whole document had
    /// been segmented at once. The piece must be valid UTF-8.
    public func forEachSegment(
        inPiece piece: UnsafeBufferPointer<UInt8>, at position: inout DocumentPosition,
        paragraphs mode: ParagraphMode = .blankLine, _ body: (Segment) -> Void
    ) {
        var work = Work()
        _segmentPiece(piece, at: &position, paragraphs: mode, body) { paragraph, emit in
            segment(paragraph, in: piece, work: &work, emit)
        }
    }

    // MARK: - One paragraph

    private func segment(
        _ paragraph: Paragraph, in document: UnsafeBufferPointer<UInt8>, work: inout Work,
        _ emit: (_ range: Range<Int>, _ line: Int, _ column: Int) -> Void
    ) {
        let base = paragraph.range.lowerBound
        let count = paragraph.range.count
        let text: UnsafeBufferPointer<UInt8>
        if paragraph.lines.count > 1 {
            // ICU reads a line break as the end of a paragraph; a hard wrap is a space. Copy the
            // paragraph with CR and LF made spaces, so offsets stay those of the document.
            if scratch.count < count {
                scratch.deallocate()
                scratch = .allocate(capacity: Swift.max(count, scratch.count * 2, 4096))
            }
            let source = UnsafeBufferPointer(rebasing: document[paragraph.range])
            _ = UnsafeMutableBufferPointer(rebasing: scratch[0..<count]).initialize(fromContentsOf: source)
            for line in paragraph.lines.dropFirst() {
                var i = line.lowerBound - base - 1
                while i >= 0, scratch[i] == 0x0A || scratch[i] == 0x0D {
                    scratch[i] = 0x20
                    i -= 1
                }
            }
            text = UnsafeBufferPointer(rebasing: scratch[0..<count])
        } else {
            text = UnsafeBufferPointer(rebasing: document[paragraph.range])
        }

        // Boundaries that hold whatever the rules say: list lines, Korean final endings.
        work.forced.removeAll(keepingCapacity: true)
        for line in paragraph.unitStartLines { work.forced.append(paragraph.lines[line].lowerBound - base) }
        if rules.koreanRules, paragraph.lines.count > 1 {
            for k in 1..<paragraph.lines.count where KoreanEndings.endsInFinalEnding(paragraph.lines[k - 1], document) {
                work.forced.append(paragraph.lines[k].lowerBound - base)
            }
            work.forced.sort()
        }

        // Boundaries ICU proposes, and those it cannot see.
        work.candidates.removeAll(keepingCapacity: true)
        breaker.forEachBoundary(in: text) { boundary in
            if boundary < count { work.candidates.append(boundary) }
        }
        if rules.breaksAtMissingSpace, addMissingSpaceCandidates(text, to: &work.candidates) {
            work.candidates.sort()
        }
        let candidates = work.candidates
        let forced = work.forced

        let decider = _BoundaryRules(text: text, rules: rules)
        var emitter = _SegmentEmitter(paragraph, text: text, document: document)
        func emitRange(_ local: Range<Int>) { emitter.emit(local, emit) }

        var start = decider.skipWhitespace(from: 0)
        var listBreak = decider.inlineListBreak(segmentStart: start)
        var c = 0, f = 0
        while true {
            let candidate = c < candidates.count ? candidates[c] : Int.max
            let forcedNext = f < forced.count ? forced[f] : Int.max
            let listNext = listBreak ?? Int.max
            let position = Swift.min(candidate, forcedNext, listNext)
            if position == Int.max { break }
            let isForced = position == forcedNext || position == listNext
            if position == candidate { c += 1 }
            if position == forcedNext { f += 1 }
            if position == listNext { listBreak = nil }
            guard position > start else { continue }
            let cut: Int
            if isForced {
                cut = position
            } else if let decided = decider.decide(at: position, segmentStart: start) {
                cut = decided
            } else {
                continue
            }
            guard cut > start else { continue }
            emitRange(start..<cut)
            start = decider.skipWhitespace(from: cut)
            listBreak = decider.inlineListBreak(segmentStart: start)
        }
        emitRange(start..<count)
    }

    /// Adds a candidate after every full stop that joins a lower-case word to a capitalized
    /// one with no space (`world.Today`), outside e-mail addresses and URLs. Returns whether
    /// any was added.
    private func addMissingSpaceCandidates(_ text: UnsafeBufferPointer<UInt8>, to candidates: inout [Int]) -> Bool {
        guard let base = text.baseAddress else { return false }
        var added = false
        var i = 1
        let limit = text.count - 2
        while i < limit {
            guard let hit = memchr(base + i, 0x2E, limit - i) else { break }
            let dot = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            i = dot + 1
            guard text[dot - 1].isLower, text[dot + 1].isUpper, text[dot + 2].isLower else { continue }
            if _BoundaryRules.isInsideAddress(text, dot) { continue }
            candidates.append(dot + 1)
            added = true
        }
        return added
    }
}

enum KoreanEndings {
    /// Whether the line ends, without punctuation, in a final verb ending: `…했다`, `…이다`,
    /// `…합니다`, `…해요`, `…죠`, `…할까`. Nouns that end in the same syllable (바다, 필요)
    /// do not count: the syllable before must be a verb stem or an ending.
    static func endsInFinalEnding(_ line: Range<Int>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let content = Whitespace.trimmed(line, in: text)
        guard content.count >= 6 else { return false }
        let (last, lastStart) = text.scalar(before: content.upperBound)
        guard Hangul.isSyllable(last), lastStart > content.lowerBound else { return false }
        let (previous, _) = text.scalar(before: lastStart)
        guard Hangul.isSyllable(previous) else { return false }
        switch last {
        case 0xB2E4:  // 다
            // A stem with a final consonant (했다, 있다, 한다, 같다) or an ending (이다, 니다, 하다, 되다, 지다).
            return Hangul.finalConsonant(previous) != 0
                || [0xC774, 0xB2C8, 0xD558, 0xB418, 0xC9C0, 0xB9AC, 0xB974].contains(previous)
        case 0xC694:  // 요: 해요체 endings (어요, 아요, 에요, 해요, 지요, 네요, 세요, 군요, …)
            return [0xC5B4, 0xC544, 0xC5D0, 0xC608, 0xD574, 0xC6CC, 0xC640, 0xC838, 0xC918, 0xBD10, 0xC9C0,
                    0xB124, 0xAD70, 0xC138, 0xB798, 0xB098, 0xAC00, 0xB370, 0xAC8C, 0xAE4C, 0xB77C, 0xB824,
                    0xC11C, 0xAC70, 0xB354, 0xB300, 0xC57C].contains(previous)
        case 0xC8E0:  // 죠
            return true
        case 0xAE4C:  // 까: 습니까, 할까, 일까
            return previous == 0xB2C8 || Hangul.finalConsonant(previous) == 8
        default:
            return false
        }
    }
}
