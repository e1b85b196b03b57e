import TMKitCore

/// Character classes shared by the rules of one segmenter, one per distinct ICU source.
final class _ClassTable {
    private var classes: [String: _CharClass] = [:]

    func `class`(_ source: String) -> _CharClass? {
        if let known = classes[source] { return known }
        guard let made = _CharClass(source: source) else { return nil }
        classes[source] = made
        return made
    }
}

/// A pattern item with its classes resolved.
indirect enum _Node {
    case atom(_CharClass)
    case wordBoundary(Bool)
    case textStart
    case group([[_Item]])
}

struct _Item {
    var node: _Node
    var min: Int
    var max: Int
}

/// The paragraph being segmented, seen by every rule.
struct _MatchContext {
    let text: UnsafeBufferPointer<UInt8>
    let generation: Int
    let classes: _ClassTable
}

/// One SRX rule ready to run: cheap byte checks first, then tmkit's own matcher when the
/// pattern is in its subset, else ICU.
final class _CompiledRule {
    let isBreak: Bool
    /// Bytes that must stand just before the position, nearest first.
    let beforeSignature: _Signature
    /// Bytes that must stand from the position on, nearest first.
    let afterSignature: _Signature
    /// For a `beforebreak` that starts with `^`: the bytes the text may start with.
    let anchoredFirst: _ByteSet
    /// The rule can never decide at a position inside a text (`^` in `afterbreak`, …).
    let neverMatches: Bool

    private let beforeSource: String
    private let afterSource: String
    private let before: [_Item]?
    private let after: [_Item]?
    private var beforeLookBehind: _ICURegex?
    private var beforePlain: _ICURegex?
    /// `(?:BEFORE)\z`, searched in `0..<p`: one ICU call for an unbounded `beforebreak`
    /// (not when the pattern has its own end anchors, which the region end would move).
    private var beforeEnding: _ICURegex?
    private var afterRegex: _ICURegex?
    private let beforeProgram: _Program?
    private let afterProgram: _Program?

    init(_ rule: SRXRules.Rule, classes: _ClassTable) throws(_ICURegex.CompileError) {
        isBreak = rule.isBreak
        beforeSource = rule.beforeBreak
        afterSource = rule.afterBreak
        // Compile with ICU first: it is the judge of what is valid.
        if !rule.beforeBreak.isEmpty {
            if let lookBehind = try? _ICURegex("(?<=" + rule.beforeBreak + ")") {
                beforeLookBehind = lookBehind
            } else {
                beforePlain = try _ICURegex(rule.beforeBreak)
                let source = rule.beforeBreak
                if !source.contains("$"), !source.contains("\\z"), !source.contains("\\Z") {
                    beforeEnding = try? _ICURegex("(?:" + source + ")\\z")
                }
            }
        }
        if !rule.afterBreak.isEmpty { afterRegex = try _ICURegex(rule.afterBreak) }

        before = _PatternParser.parse(rule.beforeBreak).flatMap { Self.resolve($0, classes) }.map(Self.trimLeading)
        after = _PatternParser.parse(rule.afterBreak).flatMap { Self.resolve($0, classes) }.map(Self.trimTrailing)
        beforeSignature = before.map { Self.signature(Array($0.reversed()), reversed: true) } ?? _Signature()
        afterSignature = after.map { Self.signature($0, reversed: false) } ?? _Signature()
        if let before, case .textStart = before.first?.node {
            anchoredFirst = Self.firstBytes(before.dropFirst(), reversed: false) ?? .all
        } else {
            anchoredFirst = .all
        }
        beforeProgram = before.map { _Program($0) }
        afterProgram = after.map { _Program($0) }
        var never = false
        if let after, case .textStart = after.first?.node { never = true }
        if let before, case .textStart = before.last?.node { never = true }
        neverMatches = never
    }

    private static func resolve(_ items: [_PatternItem], _ classes: _ClassTable) -> [_Item]? {
        var result: [_Item] = []
        for item in items {
            let node: _Node
            switch item.node {
            case .atom(let source):
                guard let made = classes.class(source) else { return nil }
                node = .atom(made)
            case .wordBoundary(let value): node = .wordBoundary(value)
            case .textStart: node = .textStart
            case .group(let alternatives):
                var resolved: [[_Item]] = []
                for alternative in alternatives {
                    guard let items = resolve(alternative, classes) else { return nil }
                    resolved.append(items)
                }
                node = .group(resolved)
            }
            result.append(_Item(node: node, min: item.min, max: item.max))
        }
        return result
    }

    /// A match ending at a position exists with `X*` or `X+` leading the pattern iff one
    /// exists with nothing or one `X` there: drop what cannot matter.
    private static func trimLeading(_ items: [_Item]) -> [_Item] {
        var items = items
        while let first = items.first, case .atom = first.node {
            if first.min == 0 {
                items.removeFirst()
                continue
            }
            items[0].max = first.min
            break
        }
        return items
    }

    /// The same for the end of an `afterbreak` pattern.
    private static func trimTrailing(_ items: [_Item]) -> [_Item] {
        Array(trimLeading(items.reversed()).reversed())
    }

    /// All bytes a node may consume.
    private static func allBytes(_ node: _Node) -> _ByteSet {
        switch node {
        case .atom(let made): made.byteSet
        case .wordBoundary, .textStart: _ByteSet()
        case .group(let alternatives):
            alternatives.joined().reduce(_ByteSet()) { $0.union(allBytes($1.node)) }
        }
    }

    /// The bytes that may stand first when `items` match, walking them in order (nearest
    /// the break first); `nil` when they may match nothing or start the text.
    private static func firstBytes(_ items: ArraySlice<_Item>, reversed: Bool) -> _ByteSet? {
        var pending = _ByteSet()
        for item in items {
            if case .wordBoundary = item.node { continue }
            guard let bytes = leadingBytes(item.node, reversed: reversed) else { return nil }
            pending = pending.union(bytes)
            if item.min > 0 { return pending }
        }
        return nil
    }

    /// The bytes one match of `node` may start with; `nil` for the start of the text, or a
    /// group with an alternative that may match nothing.
    private static func leadingBytes(_ node: _Node, reversed: Bool) -> _ByteSet? {
        switch node {
        case .wordBoundary: _ByteSet()
        case .textStart: nil
        case .atom(let made): made.byteSet
        case .group(let alternatives):
            alternatives.reduce(_ByteSet() as _ByteSet?) { union, alternative in
                let walked = reversed ? Array(alternative.reversed())[...] : alternative[...]
                return union.flatMap { union in firstBytes(walked, reversed: reversed).map(union.union) }
            }
        }
    }

    /// Byte checks for the positions nearest the break, walking `items` away from it (the
    /// `beforebreak` items reversed, or the `afterbreak` items as they are).
    static func signature(_ items: [_Item], reversed: Bool) -> _Signature {
        var signature = _Signature()
        var pending: _ByteSet?
        var index = 0
        while index < items.count, signature.sets.count < 6 {
            let item = items[index]
            index += 1
            switch item.node {
            case .wordBoundary:
                continue
            case .textStart:
                return signature
            case .atom(let made):
                let bytes = made.byteSet
                if item.min == 0 {
                    pending = (pending ?? _ByteSet()).union(bytes)
                    continue
                }
                if let optional = pending {
                    signature.run = (optional, bytes)
                    return signature
                }
                if made.mayHoldNonASCII {
                    signature.sets.append(bytes)
                    // The rest of a run of X goes on with high bytes skipped, so alignment holds.
                    if item.max != 1, let then = firstBytes(items[index...], reversed: reversed) {
                        signature.run = (bytes, then)
                    }
                    return signature
                }
                for _ in 0..<Swift.min(item.min, 6) { signature.sets.append(bytes) }
                if item.max != item.min {
                    if let then = firstBytes(items[index...], reversed: reversed) { signature.run = (bytes, then) }
                    return signature
                }
            case .group(let alternatives):
                if item.min == 0 {
                    pending = (pending ?? _ByteSet()).union(allBytes(item.node))
                    continue
                }
                if let optional = pending {
                    if let then = firstBytes([item][...], reversed: reversed) { signature.run = (optional, then) }
                    return signature
                }
                let walked = alternatives.map { Self.signature(reversed ? Array($0.reversed()) : $0, reversed: reversed) }
                guard let shortest = walked.map(\.sets.count).min(), shortest > 0 else {
                    // Some alternative has no fixed byte: the union of what each may start with.
                    let first = walked.reduce(_ByteSet()) { $0.union($1.first) }
                    if !first.isAll { signature.sets.append(first) }
                    return signature
                }
                signature.sets.append(contentsOf: (0..<shortest).map { position in
                    walked.reduce(_ByteSet()) { $0.union($1.sets[position]) }
                })
                return signature
            }
        }
        return signature
    }

    // MARK: - Matching

    /// Whether `beforebreak` matches the text ending at `p` and `afterbreak` the text from
    /// `p`; the caller has checked the rule's ``_RuleFilter``.
    func matches(at p: Int, context: _MatchContext) -> Bool {
        matchesBefore(p, context) && matchesAfter(p, context)
    }

    /// The same answer from ICU alone, every filter and tmkit's matcher left out: the
    /// reference the tests hold the fast path to.
    func matchesWithICUOnly(at p: Int, context: _MatchContext) -> Bool {
        if !beforeSource.isEmpty {
            if let regex = beforeLookBehind {
                if regex.textGeneration != context.generation { regex.setText(context.text, generation: context.generation) }
                guard regex.matches(startingAt: p) else { return false }
            } else if let regex = beforePlain {
                if regex.textGeneration != context.generation { regex.setText(context.text, generation: context.generation) }
                var start = p
                while !regex.matches(exactly: start..<p) {
                    if start == 0 { return false }
                    start = context.text.scalarStart(before: start)
                }
            }
        }
        if let regex = afterRegex {
            if regex.textGeneration != context.generation { regex.setText(context.text, generation: context.generation) }
            return regex.matches(startingAt: p)
        }
        return true
    }

    private func matchesBefore(_ p: Int, _ context: _MatchContext) -> Bool {
        if beforeSource.isEmpty { return true }
        if let beforeProgram, let known = beforeProgram.matchesEnding(at: p, in: context.text) { return known }
        if let regex = beforeLookBehind {
            if regex.textGeneration != context.generation { regex.setText(context.text, generation: context.generation) }
            return regex.matches(startingAt: p)
        }
        return matchesBeforeWithoutLookBehind(p, context)
    }

    /// A `beforebreak` too long for a look-behind: searched in the text up to `p`.
    private func matchesBeforeWithoutLookBehind(_ p: Int, _ context: _MatchContext) -> Bool {
        if let regex = beforeEnding {
            if regex.textGeneration != context.generation { regex.setText(context.text, generation: context.generation) }
            return regex.finds(anchoredIn: 0..<p)
        }
        guard let regex = beforePlain else { return false }
        if regex.textGeneration != context.generation { regex.setText(context.text, generation: context.generation) }
        var start = p
        while true {
            if regex.matches(exactly: start..<p) { return true }
            if start == 0 { return false }
            start = context.text.scalarStart(before: start)
        }
    }

    private func matchesAfter(_ p: Int, _ context: _MatchContext) -> Bool {
        if afterSource.isEmpty { return true }
        if let afterProgram, let known = afterProgram.matchesStarting(at: p, in: context.text) { return known }
        guard let regex = afterRegex else { return false }
        if regex.textGeneration != context.generation { regex.setText(context.text, generation: context.generation) }
        return regex.matches(startingAt: p)
    }
}

/// Checks on bytes a rule's patterns need, in order of distance from the break: fixed
/// positions, then a run (`skip*` and then one byte of `then`, scanned at most 64 bytes).
struct _Signature {
    var sets: [_ByteSet] = []
    var run: (skip: _ByteSet, then: _ByteSet)?

    /// The bytes that may stand nearest the break.
    var first: _ByteSet { sets.first ?? run.map { $0.skip.union($0.then) } ?? .all }
}

/// A rule's byte checks in plain values, read in the hot loop without reference counting.
struct _RuleFilter {
    var isBreak: Bool
    var neverMatches: Bool
    var afterFirst: _ByteSet
    var anchoredFirst: _ByteSet
    var beforeSets: (start: Int32, count: Int32)
    var afterSets: (start: Int32, count: Int32)
    var beforeRun: (skip: _ByteSet, then: _ByteSet)?
    var afterRun: (skip: _ByteSet, then: _ByteSet)?

    /// Whether the rule may match at `p`, judged from bytes alone.
    @inline(__always)
    func admits(_ p: Int, _ text: UnsafeBufferPointer<UInt8>, _ sets: UnsafeMutableBufferPointer<_ByteSet>) -> Bool {
        if neverMatches { return false }
        if !anchoredFirst.contains(text[0]) { return false }
        var k = 1
        let beforeCount = Int(beforeSets.count), beforeStart = Int(beforeSets.start)
        while k < beforeCount {
            let i = p - 1 - k
            if i < 0 || !sets[beforeStart + k].contains(text[i]) { return false }
            k += 1
        }
        k = 0
        let afterCount = Int(afterSets.count), afterStart = Int(afterSets.start)
        while k < afterCount {
            let i = p + k
            if i >= text.count || !sets[afterStart + k].contains(text[i]) { return false }
            k += 1
        }
        if let (skip, then) = beforeRun {
            var i = p - 1 - beforeCount
            let limit = Swift.max(-1, i - 64)
            while true {
                if i < 0 { return false }
                if i == limit { break }
                let byte = text[i]
                if then.contains(byte) { break }
                if !skip.contains(byte) { return false }
                i -= 1
            }
        }
        if let (skip, then) = afterRun {
            var i = p + afterCount
            let limit = i + 64
            while true {
                if i >= text.count { return false }
                if i == limit { break }
                let byte = text[i]
                if then.contains(byte) { break }
                if !skip.contains(byte) { return false }
                i += 1
            }
        }
        return true
    }
}
