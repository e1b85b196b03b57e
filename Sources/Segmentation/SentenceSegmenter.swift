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
        }
        if rules.koreanRules {
            KoreanEndings.addUnpunctuatedEnds(in: text, to: &work.forced)
            work.forced.sort()
        }

        // Boundaries ICU proposes, and those it cannot see.
        work.candidates.removeAll(keepingCapacity: true)
        breaker.forEachBoundary(in: text) { boundary in
            if boundary < count { work.candidates.append(boundary) }
        }
        var added = addFullStopCandidates(text, to: &work.candidates)
        if rules.webTextRules, EMailLayout.addBoundaries(in: text, to: &work.candidates) { added = true }
        if added { work.candidates.sort() }
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

    /// Whether the letters right before `dot` are an abbreviation (`approx.20`, `fig.12`).
    private func isAbbreviation(before dot: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = dot
        while start > 0, text[start - 1].isLetter { start -= 1 }
        guard let key = _WordKey(text, start..<dot) else { return false }
        return rules.abbreviationTable[key] != nil
    }

    /// Footnote numbers stuck to a full stop (`consultation.11 12 Take`): where the next
    /// sentence starts, when the word before the stop is a lower-case word of three letters
    /// or more and only numbers of one to three digits stand between it and a capital.
    static func footnoteEnd(_ text: UnsafeBufferPointer<UInt8>, dot: Int) -> Int? {
        var letters = 0
        var w = dot - 1
        while w >= 0, text[w].isLower { letters += 1; w -= 1 }
        guard letters >= 3, w < 0 || text[w] == 0x20 || Punctuation.isOpener(UInt32(text[w])) else { return nil }
        var i = dot + 1
        var numbers = 0
        while i < text.count, text[i].isDigit {
            let start = i
            while i < text.count, text[i].isDigit { i += 1 }
            guard i - start <= 3 else { return nil }
            numbers += 1
            guard i < text.count, text[i] == 0x20 else { return nil }
            while i < text.count, text[i] == 0x20 { i += 1 }
        }
        guard numbers > 0, numbers <= 4, i + 1 < text.count, text[i].isUpper, text[i + 1].isLower else { return nil }
        return i
    }

    /// Adds the candidates ICU cannot see at full stops: after one that joins a lower-case
    /// word to a capitalized one with no space (`world.Today`, outside addresses), after
    /// footnote numbers stuck to one (`consultation.11 12 Take`), and, with the web text
    /// rules, before a lower-case word, an address or a rule after one and a space (ICU never
    /// breaks there; the rules decide); and after a full-width full stop. Returns whether any
    /// was added.
    private func addFullStopCandidates(_ text: UnsafeBufferPointer<UInt8>, to candidates: inout [Int]) -> Bool {
        guard let base = text.baseAddress else { return false }
        let missingSpace = rules.breaksAtMissingSpace, web = rules.webTextRules
        var added = false
        var i = 1
        let limit = text.count - 2
        while i < limit {
            guard let hit = memchr(base + i, 0x2E, limit - i) else { break }
            let dot = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            i = dot + 1
            let after = text[dot + 1]
            if after == 0x20 {
                guard web else { continue }
                var next = dot + 2
                while next < text.count, text[next] == 0x20 { next += 1 }
                guard next < text.count else { continue }
                let before = text[dot - 1]
                if before.isLetter && text[next].isLower
                    || (before.isLetter || before == 0x2E) && _BoundaryRules.startsAddressOrRule(at: next, in: text) {
                    candidates.append(next)
                    added = true
                }
                continue
            }
            guard missingSpace, text[dot - 1].isLower else { continue }
            if after.isDigit, let cut = Self.footnoteEnd(text, dot: dot), !isAbbreviation(before: dot, in: text) {
                candidates.append(cut)
                added = true
                continue
            }
            guard after.isUpper, text[dot + 2].isLower else { continue }
            if _BoundaryRules.isInsideAddress(text, dot) { continue }
            candidates.append(dot + 1)
            added = true
        }
        guard missingSpace else { return added }
        // A full-width full stop ends a sentence even with no space after it: 끝났다．다음
        i = 0
        while i + 3 < text.count {
            guard let hit = memchr(base + i, 0xEF, text.count - 3 - i) else { break }
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            i = at + 1
            guard text[at + 1] == 0xBC, text[at + 2] == 0x8E, at > 0, !text[at - 1].isDigit,
                  at + 3 < text.count, text[at + 3] > 0x20, !text[at + 3].isDigit else { continue }
            // Not a decimal point between full-width digits (１．５), not before a closing mark (．」).
            let (previous, _) = text.scalar(before: at), (next, _) = text.scalar(at: at + 3)
            if (0xFF10...0xFF19).contains(previous) || (0xFF10...0xFF19).contains(next) || Punctuation.isCloser(next) { continue }
            candidates.append(at + 3)
            added = true
        }
        return added
    }
}
