import TMKitCore

/// Cuts documents into segments with a CAT tool's SRX rules, as Okapi does: at each position
/// where some rule could break, the rules of the language are tried in order and the first
/// whose `beforebreak` matches the text ending there and whose `afterbreak` matches the text
/// starting there decides (break or no break). ICU's sentence boundaries act as one more
/// break rule after them (moved back before the whitespace ICU leaves at the end of a
/// sentence, where SRX rules decide); `icuFallback: false` uses the SRX rules alone, as OmegaT does.
///
/// Paragraphs are found as by ``SentenceSegmenter``, hard wraps read as spaces; each paragraph
/// is the text the rules see (`^` is its start). Rules are compiled once; only positions where
/// a break rule's first characters fit are tested, and at each only the rules whose last and
/// next characters fit, most of them without calling ICU.
///
/// Not thread-safe: give each thread its own.
public final class SRXSegmenter: DocumentSegmenter {
    /// The language segmented: the rules were chosen for it, and it sets ICU's locale for the fallback.
    public let language: LanguageTag
    /// The rules in force, in the order they are tried.
    public let rules: [SRXRules.Rule]
    /// Whether ICU's boundaries break where no rule decides.
    public let usesICUFallback: Bool

    private let compiled: [_CompiledRule]
    private let breaker: ICUSentenceBreaker?
    private let classes: _ClassTable
    // The hot loop reads plain memory only: no reference counting, no exclusivity checks.
    /// Bit `prev << 8 | next` is set when some break rule may match between those bytes.
    private let breakPairs: UnsafeMutableBufferPointer<UInt64>
    /// Each rule's byte checks, and the byte sets they point into.
    private let filters: UnsafeMutableBufferPointer<_RuleFilter>
    private let sets: UnsafeMutableBufferPointer<_ByteSet>
    /// For each byte before a position, the rules whose `beforebreak` may end with it, in
    /// order: `bucketRules[bucketStarts[byte]..<bucketStarts[byte + 1]]`.
    private let bucketStarts: UnsafeMutableBufferPointer<Int32>
    private let bucketRules: UnsafeMutableBufferPointer<Int32>
    /// The same for the two bytes before a position (`before << 8 | last`).
    private let pairStarts: UnsafeMutableBufferPointer<Int32>
    private let pairRules: UnsafeMutableBufferPointer<Int32>
    private var scratch: UnsafeMutableBufferPointer<UInt8> = .init(start: nil, count: 0)
    private var textGeneration = 0

    /// Prepares `rules` for `language` (its language maps, with cascading as the file says).
    public convenience init(rules: SRXRules, language: LanguageTag, icuFallback: Bool = true) throws(SegmentationError) {
        try self.init(orderedRules: rules.rules(for: language), language: language, icuFallback: icuFallback)
    }

    /// Prepares an ordered list of rules, already chosen for `language`.
    public init(orderedRules: [SRXRules.Rule], language: LanguageTag, icuFallback: Bool = true) throws(SegmentationError) {
        self.language = language
        self.rules = orderedRules
        self.usesICUFallback = icuFallback
        let classes = _ClassTable()
        self.classes = classes
        var compiled: [_CompiledRule] = []
        for (index, rule) in orderedRules.enumerated() {
            do {
                compiled.append(try _CompiledRule(rule, classes: classes))
            } catch {
                throw .invalidSRX(
                    message: "invalid regular expression in rule \(index + 1): \(error.reason)",
                    location: SourceLocation(line: rule.line, column: rule.column))
            }
        }
        self.compiled = compiled
        breaker = icuFallback
            ? try ICUSentenceBreaker(locale: String(language.normalized.map { $0 == "-" ? "_" : $0 })) : nil

        var pairs = [UInt64](repeating: 0, count: 1024)
        var buckets = [[Int32]](repeating: [], count: 256)
        var allSets: [_ByteSet] = []
        var ruleFilters: [_RuleFilter] = []
        for (index, rule) in compiled.enumerated() {
            let last = rule.beforeSignature.first
            let next = rule.afterSignature.first
            let beforeStart = Int32(allSets.count)
            allSets += rule.beforeSignature.sets
            let afterStart = Int32(allSets.count)
            allSets += rule.afterSignature.sets
            ruleFilters.append(_RuleFilter(
                isBreak: rule.isBreak, neverMatches: rule.neverMatches, afterFirst: next, anchoredFirst: rule.anchoredFirst,
                beforeSets: (beforeStart, Int32(rule.beforeSignature.sets.count)),
                afterSets: (afterStart, Int32(rule.afterSignature.sets.count)),
                beforeRun: rule.beforeSignature.run, afterRun: rule.afterSignature.run))
            for byte in 0..<256 where last.contains(UInt8(byte)) {
                buckets[byte].append(Int32(index))
            }
            guard rule.isBreak, !rule.neverMatches else { continue }
            for a in 0..<256 where last.contains(UInt8(a)) {
                for b in 0..<256 where next.contains(UInt8(b)) && (b < 0x80 || b >= 0xC0) {
                    let bit = a << 8 | b
                    pairs[bit >> 6] |= 1 << UInt64(bit & 63)
                }
            }
        }
        breakPairs = .allocate(capacity: pairs.count)
        _ = breakPairs.initialize(from: pairs)
        filters = .allocate(capacity: Swift.max(ruleFilters.count, 1))
        _ = filters.initialize(from: ruleFilters)
        sets = .allocate(capacity: Swift.max(allSets.count, 1))
        _ = sets.initialize(from: allSets)
        (bucketStarts, bucketRules) = Self.flattened(256) { byte, flat in flat += buckets[byte] }
        // Two bytes back: a rule joins the bucket when its second set (if any) holds the byte.
        (pairStarts, pairRules) = Self.flattened(65536) { pair, flat in
            let second = UInt8(pair >> 8)
            for index in buckets[pair & 0xFF] {
                let signature = compiled[Int(index)].beforeSignature
                if signature.sets.count < 2 || signature.sets[1].contains(second) { flat.append(index) }
            }
        }
    }

    /// `count` lists of rule indices in one buffer (`rules`), list `k` at
    /// `rules[starts[k]..<starts[k + 1]]`; `append(k, &flat)` appends list `k` to the buffer.
    private static func flattened(
        _ count: Int, _ append: (Int, inout [Int32]) -> Void
    ) -> (starts: UnsafeMutableBufferPointer<Int32>, rules: UnsafeMutableBufferPointer<Int32>) {
        let starts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count + 1)
        var flat: [Int32] = []
        for key in 0..<count {
            starts[key] = Int32(flat.count)
            append(key, &flat)
        }
        starts[count] = Int32(flat.count)
        let rules = UnsafeMutableBufferPointer<Int32>.allocate(capacity: Swift.max(flat.count, 1))
        _ = rules.initialize(from: flat)
        return (starts, rules)
    }

    deinit {
        scratch.deallocate()
        breakPairs.deallocate()
        filters.deallocate()
        sets.deallocate()
        bucketStarts.deallocate()
        bucketRules.deallocate()
        pairStarts.deallocate()
        pairRules.deallocate()
    }

    /// Segments one piece of a document read piece by piece; see
    /// ``SentenceSegmenter/forEachSegment(inPiece:at:paragraphs:_:)``.
    public func forEachSegment(
        inPiece piece: UnsafeBufferPointer<UInt8>, at position: inout DocumentPosition,
        paragraphs mode: ParagraphMode = .blankLine, _ body: (Segment) -> Void
    ) {
        var breaks: [Int] = []
        _segmentPiece(piece, at: &position, paragraphs: mode, body) { paragraph, emit in
            let text = paragraphText(paragraph, in: piece)
            breaks.removeAll(keepingCapacity: true)
            findBreaks(in: text, into: &breaks)
            _SegmentEmitter.emit(paragraph, text: text, document: piece, breaks: breaks, emit)
        }
    }

    /// The positions (UTF-8 offsets into `text`) where the rules break `text`, one paragraph.
    public func breaks(in text: String) -> [Int] {
        var text = text
        var result: [Int] = []
        text.withUTF8 { findBreaks(in: $0, into: &result) }
        return result
    }

    /// The break positions of one paragraph found the slow way: every rule tried with ICU at
    /// every position. For tests of the fast path.
    func referenceBreaks(in text: String) -> [Int] {
        var text = text
        return text.withUTF8 { text in
            guard text.count > 1 else { return [] }
            textGeneration &+= 1
            let context = _MatchContext(text: text, generation: textGeneration, classes: classes)
            var icu: Set<Int> = []
            breaker?.forEachBoundary(in: text) { boundary in
                guard boundary < text.count else { return }
                var position = boundary
                while position > 0, Whitespace.length(at: text.scalarStart(before: position), in: text) > 0 {
                    position = text.scalarStart(before: position)
                }
                if position > 0 { icu.insert(position) }
            }
            var result: [Int] = []
            for p in 1..<text.count where text[p] & 0xC0 != 0x80 {
                if let rule = compiled.first(where: { $0.matchesWithICUOnly(at: p, context: context) }) {
                    if rule.isBreak { result.append(p) }
                } else if icu.contains(p) {
                    result.append(p)
                }
            }
            return result
        }
    }

    /// The paragraph's bytes, hard wraps made spaces (offsets stay those of the document).
    private func paragraphText(_ paragraph: Paragraph, in document: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let count = paragraph.range.count
        guard paragraph.lines.count > 1 else { return UnsafeBufferPointer(rebasing: document[paragraph.range]) }
        if scratch.count < count {
            scratch.deallocate()
            scratch = .allocate(capacity: Swift.max(count, scratch.count * 2, 4096))
        }
        let base = paragraph.range.lowerBound
        _ = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
            .initialize(fromContentsOf: UnsafeBufferPointer(rebasing: document[paragraph.range]))
        for line in paragraph.lines.dropFirst() {
            var i = line.lowerBound - base - 1
            while i >= 0, scratch[i] == 0x0A || scratch[i] == 0x0D {
                scratch[i] = 0x20
                i -= 1
            }
        }
        return UnsafeBufferPointer(rebasing: scratch[0..<count])
    }

    // MARK: - Deciding

    private func findBreaks(in text: UnsafeBufferPointer<UInt8>, into breaks: inout [Int]) {
        let count = text.count
        guard count > 1 else { return }
        textGeneration &+= 1
        let context = _MatchContext(text: text, generation: textGeneration, classes: classes)

        // ICU's proposals, moved back before the whitespace that ends a sentence.
        var icu: [Int] = []
        if let breaker {
            breaker.forEachBoundary(in: text) { boundary in
                guard boundary < count else { return }
                var position = boundary
                while position > 0, Whitespace.length(at: text.scalarStart(before: position), in: text) > 0 {
                    position = text.scalarStart(before: position)
                }
                if position > 0, icu.last != position { icu.append(position) }
            }
        }

        var nextICU = 0
        var previous = Int(text[0])
        var p = 1
        while p < count {
            let byte = Int(text[p])
            let pair = previous << 8 | byte
            previous = byte
            let isICU = nextICU < icu.count && icu[nextICU] == p
            if isICU { nextICU += 1 }
            if breakPairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 || isICU {
                if let decided = decide(at: p, context: context) {
                    if decided { breaks.append(p) }
                } else if isICU {
                    breaks.append(p)
                }
            }
            p += 1
        }
    }

    /// The decision of the first rule that matches at `p`, or `nil` when none does.
    @inline(__always)
    private func decide(at p: Int, context: _MatchContext) -> Bool? {
        let text = context.text
        let last = Int(text[p - 1])
        let next = text[p]
        let (starts, rules) = p >= 2 ? (pairStarts, pairRules) : (bucketStarts, bucketRules)
        let key = p >= 2 ? Int(text[p - 2]) << 8 | last : last
        var k = Int(starts[key])
        let end = Int(starts[key + 1])
        while k < end {
            let index = Int(rules[k])
            k += 1
            let filter = filters[index]
            guard filter.afterFirst.contains(next), filter.admits(p, text, sets) else { continue }
            if compiled[index].matches(at: p, context: context) { return filter.isBreak }
        }
        return nil
    }
}

/// Turns a paragraph's ranges into trimmed segments with document offsets, lines and columns.
/// Lines and columns advance with the segments, so each byte is counted once.
struct _SegmentEmitter {
    let paragraph: Paragraph
    let text: UnsafeBufferPointer<UInt8>
    let document: UnsafeBufferPointer<UInt8>
    private var lineCursor = 0
    private var columnPosition: Int
    private var column = 1

    init(_ paragraph: Paragraph, text: UnsafeBufferPointer<UInt8>, document: UnsafeBufferPointer<UInt8>) {
        self.paragraph = paragraph
        self.text = text
        self.document = document
        columnPosition = paragraph.lines[0].lowerBound
    }

    /// Emits `local` (a range of `text`) trimmed, unless only whitespace is left.
    mutating func emit(_ local: Range<Int>, _ body: (_ range: Range<Int>, _ line: Int, _ column: Int) -> Void) {
        let trimmed = Whitespace.trimmed(local, in: text)
        guard !trimmed.isEmpty else { return }
        let base = paragraph.range.lowerBound
        let start = trimmed.lowerBound + base
        while lineCursor + 1 < paragraph.lines.count, paragraph.lines[lineCursor + 1].lowerBound <= start {
            lineCursor += 1
            columnPosition = paragraph.lines[lineCursor].lowerBound
            column = 1
        }
        for i in columnPosition..<start where document[i] & 0xC0 != 0x80 { column += 1 }
        columnPosition = start
        body(start..<(trimmed.upperBound + base), paragraph.firstLineNumber + lineCursor, column)
    }

    /// Emits the segments between consecutive `breaks`.
    static func emit(
        _ paragraph: Paragraph, text: UnsafeBufferPointer<UInt8>, document: UnsafeBufferPointer<UInt8>,
        breaks: [Int], _ body: (_ range: Range<Int>, _ line: Int, _ column: Int) -> Void
    ) {
        var emitter = _SegmentEmitter(paragraph, text: text, document: document)
        var start = 0
        for cut in breaks where cut > start {
            emitter.emit(start..<cut, body)
            start = cut
        }
        emitter.emit(start..<text.count, body)
    }
}
