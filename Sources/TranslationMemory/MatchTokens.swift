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
            let properties = scalar.properties
            let kind: MatchToken.Kind?
            if properties.isWhitespace {
                kind = nil
            } else if properties.numericType != nil && scalar.value < 0x2460 {
                kind = .number
            } else if properties.isAlphabetic || ((scalar == "'" || scalar == "’") && currentKind == .word) {
                kind = .word
            } else {
                kind = .punctuation
            }
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

    static func normalized(_ word: String) -> String {
        TermMatcher.normalizedKey(word)
    }

    /// A Korean word's stem and particle, when it ends in a particle after at least one syllable.
    static func splitParticle(_ word: String) -> (String, String)? {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2, let last = scalars.last, last.value >= 0xAC00, last.value <= 0xD7A3 else { return nil }
        for cut in 1..<scalars.count where scalars.count - cut <= 6 {
            let suffix = String(String.UnicodeScalarView(scalars[cut...]))
            if KoreanParticles.all.contains(suffix) {
                return (String(String.UnicodeScalarView(scalars[..<cut])), suffix)
            }
        }
        return nil
    }

    /// The index words of a segment (what the fuzzy index posts): word and number keys.
    static func indexWords(_ text: String) -> Set<String> {
        Set(tokens(text).filter { $0.kind == .word || $0.kind == .number }.map(\.key))
    }

    /// The exact-match key: words and numbers only, NFKC case-folded, one space apart.
    static func exactKey(_ text: String) -> String {
        tokens(text).filter { $0.kind != .punctuation }.map(\.key).joined(separator: " ")
    }
}
