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
    let beforeSignature: [_ByteSet]
    /// Bytes that must stand from the position on, nearest first.
    let afterSignature: [_ByteSet]
    /// When `beforebreak` ends in optional characters after a required one: scanning back
    /// over `optional`, a byte of `required` must come before any other byte.
    let beforeRun: (optional: _ByteSet, required: _ByteSet)?
    /// The rule can never decide at a position inside a text (`^` in `afterbreak`, …).
    let neverMatches: Bool

    private let beforeSource: String
    private let afterSource: String
    private let before: [_Item]?
    private let after: [_Item]?
    private var beforeLookBehind: _ICURegex?
    private var beforePlain: _ICURegex?
    private var afterRegex: _ICURegex?
    private var unknown = false

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
            }
        }
        if !rule.afterBreak.isEmpty { afterRegex = try _ICURegex(rule.afterBreak) }

        before = _PatternParser.parse(rule.beforeBreak).flatMap { Self.resolve($0, classes) }.map(Self.trimLeading)
        after = _PatternParser.parse(rule.afterBreak).flatMap { Self.resolve($0, classes) }.map(Self.trimTrailing)
        let backward = before.map { Self.signature(Array($0.reversed()), reversed: true) }
        beforeSignature = backward?.sets ?? []
        beforeRun = backward?.run
        afterSignature = after.map { Self.signature($0, reversed: false).sets } ?? []
        var never = false
        if let after, case .textStart = after.first?.node { never = true }
        if let before, case .textStart = before.last?.node, before.count >= 1 { never = true }
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

    /// Byte sets for the positions nearest the break, walking `items` away from it (the
    /// `beforebreak` items reversed, or the `afterbreak` items as they are).
    private static func signature(_ items: [_Item], reversed: Bool) -> (sets: [_ByteSet], run: (_ByteSet, _ByteSet)?) {
        var sets: [_ByteSet] = []
        var pending: _ByteSet?
        for item in items {
            if sets.count >= 6 { break }
            switch item.node {
            case .wordBoundary:
                continue
            case .textStart:
                return (sets, nil)
            case .atom(let made):
                let bytes = made.byteSet
                if item.min == 0 {
                    pending = (pending ?? _ByteSet()).union(bytes)
                    continue
                }
                if let optional = pending {
                    if sets.isEmpty && reversed { return ([optional.union(bytes)], (optional, bytes)) }
                    sets.append(optional.union(bytes))
                    return (sets, nil)
                }
                if made.mayHoldNonASCII {
                    sets.append(bytes)
                    return (sets, nil)
                }
                for _ in 0..<Swift.min(item.min, 6) { sets.append(bytes) }
                if item.max != item.min { return (sets, nil) }
            case .group(let alternatives):
                if item.min == 0 {
                    pending = (pending ?? _ByteSet()).union(allBytes(item.node))
                    continue
                }
                let walked = alternatives.map { signature(reversed ? Array($0.reversed()) : $0, reversed: reversed).sets }
                guard let shortest = walked.map(\.count).min(), shortest > 0 else { return (sets, nil) }
                var common = (0..<shortest).map { position in walked.reduce(_ByteSet()) { $0.union($1[position]) } }
                if let optional = pending {
                    common = [common[0].union(optional)]
                }
                sets.append(contentsOf: common)
                return (sets, nil)
            }
        }
        return (sets, nil)
    }

    // MARK: - Matching

    /// Whether `beforebreak` matches the text ending at `p` and `afterbreak` the text from `p`.
    @inline(__always)
    func matches(at p: Int, context: inout _MatchContext) -> Bool {
        let text = context.text
        if neverMatches { return false }
        var k = 1
        while k < beforeSignature.count {
            let i = p - 1 - k
            if i < 0 || !beforeSignature[k].contains(text[i]) { return false }
            k += 1
        }
        k = 0
        while k < afterSignature.count {
            let i = p + k
            if i >= text.count || !afterSignature[k].contains(text[i]) { return false }
            k += 1
        }
        if let (optional, required) = beforeRun {
            var i = p - 1
            var found = false
            while i >= 0, p - i <= 64 {
                let byte = text[i]
                if required.contains(byte) {
                    found = true
                    break
                }
                if !optional.contains(byte) { return false }
                i -= 1
            }
            if !found && (i < 0) { return false }
        }
        return matchesBefore(p, context) && matchesAfter(p, context)
    }

    private func matchesBefore(_ p: Int, _ context: _MatchContext) -> Bool {
        if beforeSource.isEmpty { return true }
        if let before {
            unknown = false
            guard backward(before[...], p, context.text, { _ in true }) else { return false }
            if !unknown { return true }
        }
        if let regex = beforeLookBehind {
            if regex.textGeneration != context.generation { regex.setText(context.text, generation: context.generation) }
            return regex.matches(startingAt: p)
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
        if let after {
            unknown = false
            guard forward(after[...], p, context.text, { _ in true }) else { return false }
            if !unknown { return true }
        }
        guard let regex = afterRegex else { return false }
        if regex.textGeneration != context.generation { regex.setText(context.text, generation: context.generation) }
        return regex.matches(startingAt: p)
    }

    /// ICU's `\b` for ASCII neighbours; `nil` when a neighbour is not ASCII (ICU decides).
    @inline(__always)
    private func isWordBoundary(_ i: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        let previous: UInt8 = i > 0 ? text[i - 1] : 0x20
        let next: UInt8 = i < text.count ? text[i] : 0x20
        if previous >= 0x80 || next >= 0x80 { return nil }
        return Self.isWordByte(previous) != Self.isWordByte(next)
    }

    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    /// Whether `items` can match text ending at `end`, with `rest` deciding where it starts.
    private func backward(
        _ items: ArraySlice<_Item>, _ end: Int, _ text: UnsafeBufferPointer<UInt8>, _ rest: (Int) -> Bool
    ) -> Bool {
        guard let item = items.last else { return rest(end) }
        let earlier = items.dropLast()
        switch item.node {
        case .wordBoundary(let wanted):
            guard let boundary = isWordBoundary(end, text) else {
                unknown = true
                return backward(earlier, end, text, rest)
            }
            return boundary == wanted && backward(earlier, end, text, rest)
        case .textStart:
            return end == 0 && backward(earlier, end, text, rest)
        case .atom(let made):
            var position = end
            var count = 0
            while true {
                if count >= item.min, backward(earlier, position, text, rest) { return true }
                guard count < item.max, position > 0 else { return false }
                let (scalar, start) = text.scalar(before: position)
                guard made.contains(scalar) else { return false }
                position = start
                count += 1
            }
        case .group(let alternatives):
            return backwardGroup(alternatives, item, count: 0, end, earlier, text, rest)
        }
    }

    private func backwardGroup(
        _ alternatives: [[_Item]], _ item: _Item, count: Int, _ end: Int, _ earlier: ArraySlice<_Item>,
        _ text: UnsafeBufferPointer<UInt8>, _ rest: (Int) -> Bool
    ) -> Bool {
        if count >= item.min, backward(earlier, end, text, rest) { return true }
        guard count < item.max else { return false }
        for alternative in alternatives {
            let found = backward(alternative[...], end, text) { start in
                (start < end || count < item.min)
                    && backwardGroup(alternatives, item, count: count + 1, start, earlier, text, rest)
            }
            if found { return true }
        }
        return false
    }

    /// Whether `items` can match text starting at `start`, with `rest` deciding where it ends.
    private func forward(
        _ items: ArraySlice<_Item>, _ start: Int, _ text: UnsafeBufferPointer<UInt8>, _ rest: (Int) -> Bool
    ) -> Bool {
        guard let item = items.first else { return rest(start) }
        let later = items.dropFirst()
        switch item.node {
        case .wordBoundary(let wanted):
            guard let boundary = isWordBoundary(start, text) else {
                unknown = true
                return forward(later, start, text, rest)
            }
            return boundary == wanted && forward(later, start, text, rest)
        case .textStart:
            return start == 0 && forward(later, start, text, rest)
        case .atom(let made):
            var position = start
            var count = 0
            while true {
                if count >= item.min, forward(later, position, text, rest) { return true }
                guard count < item.max, position < text.count else { return false }
                let (scalar, length) = text.scalar(at: position)
                guard made.contains(scalar) else { return false }
                position += length
                count += 1
            }
        case .group(let alternatives):
            return forwardGroup(alternatives, item, count: 0, start, later, text, rest)
        }
    }

    private func forwardGroup(
        _ alternatives: [[_Item]], _ item: _Item, count: Int, _ start: Int, _ later: ArraySlice<_Item>,
        _ text: UnsafeBufferPointer<UInt8>, _ rest: (Int) -> Bool
    ) -> Bool {
        if count >= item.min, forward(later, start, text, rest) { return true }
        guard count < item.max else { return false }
        for alternative in alternatives {
            let found = forward(alternative[...], start, text) { end in
                (end > start || count < item.min)
                    && forwardGroup(alternatives, item, count: count + 1, end, later, text, rest)
            }
            if found { return true }
        }
        return false
    }
}
