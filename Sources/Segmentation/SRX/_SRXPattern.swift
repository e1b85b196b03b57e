/// The part of ICU's regex syntax that tmkit runs itself, in either direction, at a given
/// position: single-character atoms (literals, escapes, `.`, `[...]` classes, `\p{…}`) with
/// quantifiers, groups with alternatives, `\b`, `\B` and `^`. Anything else (look-around,
/// back-references, flags, possessive quantifiers, `$`) leaves the pattern to ICU.
///
/// Atoms keep their ICU source, so membership is always decided by ICU's own reading of the
/// class (computed once for ASCII, cached for other characters).
indirect enum _PatternNode: Hashable {
    case atom(String)
    case wordBoundary(Bool)
    case textStart
    case group([[_PatternItem]])
}

struct _PatternItem: Hashable {
    var node: _PatternNode
    var min: Int
    var max: Int  // Int.max when unbounded
}

enum _PatternParser {
    /// The pattern as items, or `nil` when it uses syntax outside the subset.
    static func parse(_ pattern: String) -> [_PatternItem]? {
        var parser = Cursor(scalars: Array(pattern.unicodeScalars))
        // A leading (?i) makes the whole pattern case-insensitive: every atom carries it.
        if pattern.hasPrefix("(?i)") {
            // Letters outside ASCII in the pattern may fold to several characters (ß, ﬁ): ICU's.
            if !pattern.unicodeScalars.allSatisfy(\.isASCII) || ["\\x", "\\u", "\\U", "\\N"].contains(where: pattern.contains) {
                return nil
            }
            parser.i = 4
            parser.flags = "(?i)"
        }
        guard let alternatives = parser.alternatives(), parser.atEnd else { return nil }
        if alternatives.count == 1 { return alternatives[0] }
        return [_PatternItem(node: .group(alternatives), min: 1, max: 1)]
    }

    private struct Cursor {
        let scalars: [Unicode.Scalar]
        var i = 0
        var flags = ""

        var atEnd: Bool { i >= scalars.count }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            i + offset < scalars.count ? scalars[i + offset] : nil
        }

        /// Alternatives up to the end or an unmatched `)` (not consumed).
        mutating func alternatives() -> [[_PatternItem]]? {
            var result: [[_PatternItem]] = []
            var current: [_PatternItem] = []
            while let c = peek() {
                if c == ")" { break }
                if c == "|" {
                    i += 1
                    result.append(current)
                    current = []
                    continue
                }
                guard var item = atom() else { return nil }
                guard quantifier(&item) else { return nil }
                current.append(item)
            }
            result.append(current)
            return result
        }

        mutating func atom() -> _PatternItem? {
            guard let c = peek() else { return nil }
            func single(_ node: _PatternNode) -> _PatternItem { _PatternItem(node: node, min: 1, max: 1) }
            switch c {
            case "\\":
                return escape()
            case "[":
                let start = i
                guard skipClass() else { return nil }
                return single(.atom(flags + String(String.UnicodeScalarView(scalars[start..<i]))))
            case ".":
                i += 1
                return single(.atom(flags + "."))
            case "^":
                i += 1
                return single(.textStart)
            case "(":
                i += 1
                if peek() == "?" {
                    guard peek(1) == ":" else { return nil }  // look-around, flags, atomic groups: ICU's
                    i += 2
                }
                guard let alternatives = alternatives(), peek() == ")" else { return nil }
                i += 1
                return single(.group(alternatives))
            case "$", "*", "+", "?", "{", ")", "|":
                return nil
            default:
                i += 1
                return single(.atom(flags + Self.literal(c)))
            }
        }

        static func literal(_ c: Unicode.Scalar) -> String {
            "\\x{" + String(c.value, radix: 16) + "}"
        }

        mutating func escape() -> _PatternItem? {
            guard let c = peek(1) else { return nil }
            let start = i
            i += 2
            func single(_ node: _PatternNode) -> _PatternItem { _PatternItem(node: node, min: 1, max: 1) }
            func source() -> String { flags + String(String.UnicodeScalarView(scalars[start..<i])) }
            switch c {
            case "b": return single(.wordBoundary(true))
            case "B": return single(.wordBoundary(false))
            case "A": return single(.textStart)
            case "d", "D", "s", "S", "w", "W", "h", "H", "v", "V", "t", "n", "r", "f", "e", "a":
                return single(.atom(source()))
            case "p", "P", "N":
                if peek() == "{" {
                    while let d = peek(), d != "}" { i += 1 }
                    guard peek() == "}" else { return nil }
                    i += 1
                } else if c == "N" {
                    return nil
                } else {
                    guard peek() != nil else { return nil }
                    i += 1
                }
                return single(.atom(source()))
            case "x":
                if peek() == "{" {
                    while let d = peek(), d != "}" { i += 1 }
                    guard peek() == "}" else { return nil }
                    i += 1
                } else {
                    i += 2
                }
                guard i <= scalars.count else { return nil }
                return single(.atom(source()))
            case "u":
                i += 4
                guard i <= scalars.count else { return nil }
                return single(.atom(source()))
            case "U":
                i += 8
                guard i <= scalars.count else { return nil }
                return single(.atom(source()))
            default:
                // Escaped punctuation is the character itself; other letters and digits
                // (back-references, \Q, \G, \z, \X, \R, …) are ICU's.
                if c.properties.isAlphabetic || c.properties.numericType != nil { return nil }
                return single(.atom(flags + Self.literal(c)))
            }
        }

        /// Moves past a `[...]` class, nested classes and escapes included.
        mutating func skipClass() -> Bool {
            var depth = 0
            while let c = peek() {
                switch c {
                case "\\":
                    i += 2
                case "[":
                    depth += 1
                    i += 1
                    if peek() == "^" { i += 1 }
                    if peek() == "]" { i += 1 }  // a leading ] is literal
                case "]":
                    i += 1
                    depth -= 1
                    if depth == 0 { return true }
                default:
                    i += 1
                }
            }
            return false
        }

        /// Reads a quantifier after `item`, if any. Returns false on syntax outside the subset.
        mutating func quantifier(_ item: inout _PatternItem) -> Bool {
            guard let c = peek() else { return true }
            var min = 1, max = 1
            switch c {
            case "*": min = 0; max = .max; i += 1
            case "+": min = 1; max = .max; i += 1
            case "?": min = 0; max = 1; i += 1
            case "{":
                var j = i + 1
                func number() -> Int? {
                    var value = 0, digits = 0
                    while j < scalars.count, let digit = Int(String(scalars[j])), scalars[j].isASCII {
                        value = value * 10 + digit
                        digits += 1
                        j += 1
                    }
                    return digits > 0 ? value : nil
                }
                guard let low = number() else { return false }
                min = low
                max = low
                if j < scalars.count, scalars[j] == "," {
                    j += 1
                    max = number() ?? .max
                }
                guard j < scalars.count, scalars[j] == "}", max >= min else { return false }
                i = j + 1
            default:
                return true
            }
            if case .atom = item.node {} else if case .group = item.node {} else { return false }
            if peek() == "+" { return false }  // possessive: ICU's
            if peek() == "?" { i += 1 }  // lazy: the same matches exist
            if peek() == "*" || peek() == "+" || peek() == "{" || peek() == "?" { return false }
            item.min = min
            item.max = max
            return true
        }
    }
}

// MARK: - Byte sets

/// 256 bits: which bytes may stand at a position.
struct _ByteSet: Hashable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static let all: _ByteSet = {
        var set = _ByteSet()
        set.words = (~0, ~0, ~0, ~0)
        return set
    }()

    static let highBytes: _ByteSet = {
        var set = _ByteSet()
        set.words = (0, 0, ~0, ~0)
        return set
    }()

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    func union(_ other: _ByteSet) -> _ByteSet {
        var result = self
        result.words = (words.0 | other.words.0, words.1 | other.words.1, words.2 | other.words.2, words.3 | other.words.3)
        return result
    }

    var isAll: Bool { self == .all }

    static func == (a: _ByteSet, b: _ByteSet) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

// MARK: - Character classes

/// One atom's membership: ASCII from a table computed with ICU once, the rest asked of ICU
/// and remembered.
final class _CharClass {
    let source: String
    private(set) var ascii: (UInt64, UInt64) = (0, 0)
    /// Whether the class may hold a character outside ASCII (conservative: true unless sure).
    let mayHoldNonASCII: Bool
    private let regex: _ICURegex
    private var cache: [UInt32: Bool] = [:]

    init?(source: String) {
        guard let regex = try? _ICURegex(source) else { return nil }
        self.source = source
        self.regex = regex
        for value in 0..<128 {
            let member = regex.matchesWhole(String(Character(Unicode.Scalar(UInt8(value)))))
            if member {
                if value < 64 { ascii.0 |= 1 << UInt64(value) } else { ascii.1 |= 1 << UInt64(value - 64) }
            }
        }
        if source.hasPrefix("(?i)") {
            // Case-insensitive: the class also holds the other cases of its letters, and
            // k and s have some outside ASCII (U+212A KELVIN SIGN, U+017F LONG S).
            let letters: (UInt64, UInt64) = (0, 0x07FF_FFFE_07FF_FFFE)
            let hasLetter = ascii.0 & letters.0 != 0 || ascii.1 & letters.1 != 0
            mayHoldNonASCII = hasLetter || Self.mayHoldNonASCII(String(source.dropFirst(4)))
        } else {
            mayHoldNonASCII = Self.mayHoldNonASCII(source)
        }
    }

    /// False only for classes sure to hold ASCII alone: an ASCII literal, or a `[...]` of
    /// ASCII literals and ranges without negation, properties or shorthand classes.
    private static func mayHoldNonASCII(_ source: String) -> Bool {
        if source.hasPrefix("(?") { return true }
        if source.hasPrefix("\\x{") {
            return UInt32(source.dropFirst(3).dropLast(), radix: 16).map { $0 >= 0x80 } ?? true
        }
        guard source.hasPrefix("["), source.unicodeScalars.allSatisfy(\.isASCII) else { return true }
        let scalars = Array(source.unicodeScalars)
        var i = 1
        if scalars.count > 1, scalars[1] == "^" { return true }
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" {
                guard i + 1 < scalars.count else { return true }
                let e = scalars[i + 1]
                if e.properties.isAlphabetic || e.properties.numericType != nil { return true }
                i += 2
                continue
            }
            if c == "[" || c == ":" || c == "&" || c == "{" { return true }
            i += 1
        }
        return false
    }

    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        if scalar < 64 { return ascii.0 & (1 << UInt64(scalar)) != 0 }
        if scalar < 128 { return ascii.1 & (1 << UInt64(scalar - 64)) != 0 }
        if !mayHoldNonASCII { return false }
        if let known = cache[scalar] { return known }
        let member = Unicode.Scalar(scalar).map { regex.matchesWhole(String(Character($0))) } ?? false
        cache[scalar] = member
        return member
    }

    /// The bytes that may start or end a member in UTF-8.
    var byteSet: _ByteSet {
        var set = _ByteSet()
        set.words = (ascii.0, ascii.1, 0, 0)
        return mayHoldNonASCII ? set.union(.highBytes) : set
    }
}
