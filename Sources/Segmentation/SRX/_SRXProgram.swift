/// A pattern of tmkit's subset as flat, plain memory, matched backward (does it end at a
/// position?) or forward (does it start there?) without reference counting.
///
/// Matching is existence, not leftmost-first: a backtracking search over every way the
/// quantifiers can split the text, which for patterns without look-around, back-references
/// or possessive quantifiers is what ICU finds too.
final class _Program {
    struct Op {
        enum Kind: UInt8 { case atom, wordBoundary, notWordBoundary, textStart, group }
        var kind: Kind
        var min: Int32
        var max: Int32
        var ascii0: UInt64 = 0
        var ascii1: UInt64 = 0
        /// Index into `classes` for characters outside ASCII; -1 when the class holds none.
        var classIndex: Int32 = -1
        /// `(?i)`: ICU folds case in full (`ss` matches `ß`, `fi` matches `ﬁ`), which this
        /// matcher, one character to one character, cannot; outside ASCII it gives up.
        var foldsCase = false
        /// A group's alternatives: `sequences[alternatives]`.
        var alternativesStart: Int32 = 0
        var alternativesCount: Int32 = 0
    }

    struct Sequence {
        var start: Int32
        var count: Int32
    }

    private let ops: UnsafeMutableBufferPointer<Op>
    private let sequences: UnsafeMutableBufferPointer<Sequence>
    private let top: Int
    private let classes: [_CharClass]
    private let classRefs: UnsafeMutableBufferPointer<Unmanaged<_CharClass>>
    /// [0]: `\b` met a character outside ASCII and was taken as true, so a match found must
    /// be confirmed by ICU; [1]: a case-folding atom met one and gave up, so a match not found
    /// must be looked for by ICU.
    private let unknown: UnsafeMutablePointer<Bool>

    init(_ items: [_Item]) {
        var ops: [Op] = []
        var sequences: [Sequence] = []
        var classes: [_CharClass] = []
        var classIndices: [ObjectIdentifier: Int32] = [:]

        func flatten(_ items: [_Item]) -> Int {
            // Reserve the sequence and its ops first, so a sequence's ops are contiguous.
            let sequenceIndex = sequences.count
            sequences.append(Sequence(start: Int32(ops.count), count: Int32(items.count)))
            let first = ops.count
            ops.append(contentsOf: repeatElement(Op(kind: .atom, min: 0, max: 0), count: items.count))
            for (offset, item) in items.enumerated() {
                var op = Op(kind: .atom, min: Int32(item.min), max: item.max == .max ? .max : Int32(item.max))
                switch item.node {
                case .atom(let made):
                    op.foldsCase = made.source.hasPrefix("(?i)")
                    op.ascii0 = made.ascii.0
                    op.ascii1 = made.ascii.1
                    if made.mayHoldNonASCII {
                        let id = ObjectIdentifier(made)
                        if let known = classIndices[id] {
                            op.classIndex = known
                        } else {
                            op.classIndex = Int32(classes.count)
                            classIndices[id] = op.classIndex
                            classes.append(made)
                        }
                    }
                case .wordBoundary(let wanted):
                    op.kind = wanted ? .wordBoundary : .notWordBoundary
                case .textStart:
                    op.kind = .textStart
                case .group(let alternatives):
                    op.kind = .group
                    // Alternatives' sequence records must be contiguous: reserve them, then fill.
                    var indices: [Int] = []
                    for alternative in alternatives { indices.append(flatten(alternative)) }
                    // Copy the records next to each other.
                    op.alternativesStart = Int32(sequences.count)
                    op.alternativesCount = Int32(indices.count)
                    for index in indices { sequences.append(sequences[index]) }
                }
                ops[first + offset] = op
            }
            return sequenceIndex
        }

        top = flatten(items)
        self.ops = .allocate(capacity: Swift.max(ops.count, 1))
        _ = self.ops.initialize(from: ops)
        self.sequences = .allocate(capacity: sequences.count)
        _ = self.sequences.initialize(from: sequences)
        self.classes = classes
        classRefs = .allocate(capacity: Swift.max(classes.count, 1))
        _ = classRefs.initialize(from: classes.map { Unmanaged.passUnretained($0) })
        unknown = .allocate(capacity: 2)
        unknown.initialize(repeating: false, count: 2)
    }

    deinit {
        ops.deallocate()
        sequences.deallocate()
        classRefs.deallocate()
        unknown.deallocate()
    }

    private var matcher: _Matcher {
        _Matcher(ops: ops, sequences: sequences, classRefs: classRefs, unknown: unknown)
    }

    /// Whether the pattern matches text ending at `end`: true, false, or nil when ICU must decide.
    func matchesEnding(at end: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool? {
        unknown[0] = false
        unknown[1] = false
        let sequence = sequences[top]
        let found = withExtendedLifetime(self) {
            matcher.backward(Int(sequence.start), Int(sequence.count), end, text, { _ in true })
        }
        return verdict(found)
    }

    @inline(__always)
    private func verdict(_ found: Bool) -> Bool? {
        if found { return unknown[0] ? nil : true }
        return unknown[1] ? nil : false
    }

    /// Whether the pattern matches text starting at `start`: true, false, or nil when ICU must decide.
    func matchesStarting(at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool? {
        unknown[0] = false
        unknown[1] = false
        let sequence = sequences[top]
        let from = Int(sequence.start)
        let found = withExtendedLifetime(self) {
            matcher.forward(from, from + Int(sequence.count), start, text, { _ in true })
        }
        return verdict(found)
    }
}

/// The matching itself, over plain pointers only (the owning ``_Program`` keeps them alive).
struct _Matcher {
    typealias Op = _Program.Op
    let ops: UnsafeMutableBufferPointer<Op>
    let sequences: UnsafeMutableBufferPointer<_Program.Sequence>
    let classRefs: UnsafeMutableBufferPointer<Unmanaged<_CharClass>>
    let unknown: UnsafeMutablePointer<Bool>

    @inline(__always)
    private func contains(_ op: Op, _ scalar: UInt32) -> Bool {
        if scalar < 64 { return op.ascii0 & (1 << UInt64(scalar)) != 0 }
        if scalar < 128 { return op.ascii1 & (1 << UInt64(scalar - 64)) != 0 }
        if op.foldsCase {
            unknown[1] = true
            return false
        }
        guard op.classIndex >= 0 else { return false }
        return classRefs[Int(op.classIndex)]._withUnsafeGuaranteedRef { $0.contains(scalar) }
    }

    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    /// ICU's `\b` between ASCII neighbours; nil when one is not ASCII.
    @inline(__always)
    private func isWordBoundary(_ i: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        let previous: UInt8 = i > 0 ? text[i - 1] : 0x20
        let next: UInt8 = i < text.count ? text[i] : 0x20
        if previous >= 0x80 || next >= 0x80 { return nil }
        return Self.isWordByte(previous) != Self.isWordByte(next)
    }

    @inline(__always)
    private func assertion(_ op: Op, _ i: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch op.kind {
        case .textStart:
            return i == 0
        case .wordBoundary, .notWordBoundary:
            guard let boundary = isWordBoundary(i, text) else {
                unknown[0] = true
                return true
            }
            return boundary == (op.kind == .wordBoundary)
        default:
            return true
        }
    }

    /// Whether `ops[start..<start + count]` can match text ending at `end`, `rest` deciding
    /// about where it starts.
    func backward(
        _ start: Int, _ count: Int, _ end: Int, _ text: UnsafeBufferPointer<UInt8>, _ rest: (Int) -> Bool
    ) -> Bool {
        guard count > 0 else { return rest(end) }
        let op = ops[start + count - 1]
        switch op.kind {
        case .atom:
            var position = end
            var matched: Int32 = 0
            while true {
                if matched >= op.min, backward(start, count - 1, position, text, rest) { return true }
                guard matched < op.max, position > 0 else { return false }
                let (scalar, previous) = text.scalar(before: position)
                guard contains(op, scalar) else { return false }
                position = previous
                matched += 1
            }
        case .group:
            return backwardGroup(op, 0, end, start, count - 1, text, rest)
        default:
            return assertion(op, end, text) && backward(start, count - 1, end, text, rest)
        }
    }

    private func backwardGroup(
        _ op: Op, _ matched: Int32, _ end: Int, _ start: Int, _ count: Int, _ text: UnsafeBufferPointer<UInt8>,
        _ rest: (Int) -> Bool
    ) -> Bool {
        repeated(op, matched, then: { backward(start, count, end, text, rest) }) { alternative in
            backward(Int(alternative.start), Int(alternative.count), end, text) { from in
                (from < end || matched < op.min) && backwardGroup(op, matched + 1, from, start, count, text, rest)
            }
        }
    }

    /// A group matched `matched` times so far: what follows it (`then`) once it has matched
    /// often enough, else (or when that fails) one more time through each alternative in turn.
    @inline(__always)
    private func repeated(_ op: Op, _ matched: Int32, then: () -> Bool, again: (_Program.Sequence) -> Bool) -> Bool {
        if matched >= op.min, then() { return true }
        guard matched < op.max else { return false }
        for k in 0..<Int(op.alternativesCount) where again(sequences[Int(op.alternativesStart) + k]) {
            return true
        }
        return false
    }

    /// Whether `ops[index..<limit]` can match text starting at `start`, `rest` deciding
    /// about where it ends.
    func forward(
        _ index: Int, _ limit: Int, _ start: Int, _ text: UnsafeBufferPointer<UInt8>, _ rest: (Int) -> Bool
    ) -> Bool {
        guard index < limit else { return rest(start) }
        let op = ops[index]
        switch op.kind {
        case .atom:
            var position = start
            var matched: Int32 = 0
            while true {
                if matched >= op.min, forward(index + 1, limit, position, text, rest) { return true }
                guard matched < op.max, position < text.count else { return false }
                let (scalar, length) = text.scalar(at: position)
                guard contains(op, scalar) else { return false }
                position += length
                matched += 1
            }
        case .group:
            return forwardGroup(op, 0, start, index + 1, limit, text, rest)
        default:
            return assertion(op, start, text) && forward(index + 1, limit, start, text, rest)
        }
    }

    private func forwardGroup(
        _ op: Op, _ matched: Int32, _ start: Int, _ index: Int, _ limit: Int, _ text: UnsafeBufferPointer<UInt8>,
        _ rest: (Int) -> Bool
    ) -> Bool {
        repeated(op, matched, then: { forward(index, limit, start, text, rest) }) { alternative in
            let from = Int(alternative.start)
            return forward(from, from + Int(alternative.count), start, text) { end in
                (end > start || matched < op.min) && forwardGroup(op, matched + 1, end, index, limit, text, rest)
            }
        }
    }
}
