import Glossary
import TMKitCore

/// A segment cut into the units fuzzy matching compares: words, numbers, punctuation, and for
/// Korean the particle after a word as a token of its own (인민보안부가 → 인민보안부, ~가), so
/// that a different particle costs little.
struct MatchToken: Hashable, Sendable {
    enum Kind: UInt8, Sendable { case word, number, punctuation, particle }

    var kind: Kind
    /// The comparison form: NFKC case-folded.
    var key: String
    /// The text as written (for case checks and number substitution).
    var text: String
}

enum MatchTokenizer {
    /// The tokens of `text`.
    static func tokens(_ text: String) -> [MatchToken] {
        var tokens: [MatchToken] = []
        var current = ""
        var currentKind: MatchToken.Kind?
        func flush() {
            guard let kind = currentKind, !current.isEmpty else { return }
            if kind == .word, let (stem, particle) = splitParticle(current) {
                tokens.append(MatchToken(kind: .word, key: normalized(stem), text: stem))
                tokens.append(MatchToken(kind: .particle, key: particle, text: particle))
            } else {
                tokens.append(MatchToken(kind: kind, key: kind == .word ? normalized(current) : current, text: current))
            }
            current = ""
            currentKind = nil
        }
        for scalar in text.unicodeScalars {
            let kind = classify(scalar, after: currentKind)
            // Digits inside a number (1,000 3.5) stay in it.
            if currentKind == .number, scalar == "," || scalar == "." {
                current.unicodeScalars.append(scalar)
                continue
            }
            if kind != currentKind || kind == .punctuation || kind == nil {
                flush()
            }
            if let kind {
                currentKind = kind
                current.unicodeScalars.append(scalar)
            }
        }
        flush()
        // A number may not end with the separator it swallowed ("in 2015." → "2015", ".").
        var result: [MatchToken] = []
        for token in tokens {
            if token.kind == .number, let last = token.text.last, last == "." || last == "," {
                let number = String(token.text.dropLast())
                result.append(MatchToken(kind: .number, key: number, text: number))
                result.append(MatchToken(kind: .punctuation, key: String(last), text: String(last)))
            } else {
                result.append(token)
            }
        }
        return result
    }

    /// The kind of token a scalar belongs to (`nil` for whitespace); ASCII and Hangul without
    /// Unicode property lookups.
    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar, after previous: MatchToken.Kind?) -> MatchToken.Kind? {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x30...0x39: return .number
            case 0x41...0x5A, 0x61...0x7A: return .word
            case 0x27: return previous == .word ? .word : .punctuation
            case 0x09...0x0D, 0x20: return nil
            default: return .punctuation
            }
        }
        if value >= 0xAC00 && value <= 0xD7A3 { return .word }
        if value == 0x2019 { return previous == .word ? .word : .punctuation }
        let properties = scalar.properties
        if properties.isWhitespace { return nil }
        if properties.numericType != nil && value < 0x2460 { return .number }
        if properties.isAlphabetic { return .word }
        return .punctuation
    }

    static func normalized(_ word: String) -> String {
        TermMatcher.normalizedKey(word)
    }

    /// A Korean word's stem and particle, when it ends in a particle after at least one syllable.
    /// The last syllables of the particles: a word ending in another syllable has none.
    static let particleEndings: Set<UInt32> = Set(KoreanParticles.all.compactMap { $0.unicodeScalars.last?.value })

    static func splitParticle(_ word: String) -> (String, String)? {
        guard let last = word.unicodeScalars.last, last.value >= 0xAC00, last.value <= 0xD7A3,
              particleEndings.contains(last.value) else { return nil }
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2 else { return nil }
        for cut in 1..<scalars.count where scalars.count - cut <= 6 {
            let suffix = String(String.UnicodeScalarView(scalars[cut...]))
            if KoreanParticles.all.contains(suffix) {
                return (String(String.UnicodeScalarView(scalars[..<cut])), suffix)
            }
        }
        return nil
    }

    /// The index words of a segment (what the fuzzy index posts): word and number keys.
    static func indexWords(_ tokens: [MatchToken]) -> Set<String> {
        Set(tokens.filter { $0.kind == .word || $0.kind == .number }.map(\.key))
    }

    /// The exact-match key: words and numbers only, NFKC case-folded, one space apart.
    static func exactKey(_ tokens: [MatchToken]) -> String {
        tokens.filter { $0.kind != .punctuation }.map(\.key).joined(separator: " ")
    }
}
