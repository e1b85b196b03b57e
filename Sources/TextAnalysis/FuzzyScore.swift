import TMKitCore

/// tmkit's match score, 0–101, as CAT tools show it.
///
/// - **101** (`context`): the segment matches exactly and so did the previous one.
/// - **100** (`exact`): the same text, or the same words with only whitespace differing.
/// - **99**: the same words in the same order, differing only in small things: letter case,
///   punctuation, numbers (which are substituted into the proposed target), Korean particles,
///   or inline codes.
/// - **0–98** (`fuzzy`): `floor(100 × (1 − d / n))`, capped at 98, where `d` is the word-level
///   edit distance (insertion, deletion or substitution of a word costs 1; of a number,
///   punctuation mark or particle 0.2; a change of case alone 0) and `n` the weighted length of
///   the longer segment (words 1, numbers, punctuation and particles 0.2). This is the
///   word-based edit distance OmegaT and SYSTRAN use, with the small differences made cheap.
public struct FuzzyScore: Sendable, Hashable {
    /// The score, from 0 to 101, as the levels above define it.
    public var score: Int
    /// What differs when the score is 99 or 100: `whitespace`, `case`, `punctuation`,
    /// `numbers`, `particles`, `codes`.
    public var differences: [String]
    /// For a numbers-only difference: old number → new number, in order.
    public var numberChanges: [(String, String)]

    /// Whether the scores and the differences are equal; `numberChanges` is not compared.
    public static func == (lhs: FuzzyScore, rhs: FuzzyScore) -> Bool {
        lhs.score == rhs.score && lhs.differences == rhs.differences
    }

    /// Hashes the score and the differences, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(score)
        hasher.combine(differences)
    }

    /// The score of memory segment `candidate` for query `query`.
    public static func score(query: String, candidate: String) -> FuzzyScore {
        score(MatchTokenizer.tokens(query), MatchTokenizer.tokens(candidate), queryText: query, candidateText: candidate)
    }

    /// How many distinct query words a segment scoring `minimumScore` or more can lack. With
    /// `r = 1 − minimumScore/100` and `L` the query's weighted length: at 99 and 100 no word
    /// differs; below, each lacking word costs at least 1 and `d ≤ r × max(L, L')`, while a
    /// longer segment costs at least its extra length (`d ≥ L' − L`, so `L' ≤ L / (1 − r)`);
    /// hence at most `r / (1 − r) × L` words are lacking.
    package static func missableWords(_ queryTokens: [MatchToken], minimumScore: Int) -> Int {
        let r = Swift.min(0.99, Swift.max(0, 1 - Double(minimumScore) / 100))
        let length = queryTokens.reduce(0) { $0 + weight($1) }
        return Int((r / (1 - r) * length + 1e-9).rounded(.down))
    }

    package static func weight(_ token: MatchToken) -> Double {
        token.kind == .word ? 1 : 0.2
    }

    package static func score(_ a: [MatchToken], _ b: [MatchToken], queryText: String, candidateText: String) -> FuzzyScore {
        if queryText == candidateText { return FuzzyScore(score: 100, differences: [], numberChanges: []) }
        // Weighted Levenshtein over tokens, comparing keys (case-folded).
        let n = a.count, m = b.count
        var previous = [Double](repeating: 0, count: m + 1)
        var current = [Double](repeating: 0, count: m + 1)
        for j in 0..<m { previous[j + 1] = previous[j] + weight(b[j]) }
        for i in 0..<n {
            current[0] = previous[0] + weight(a[i])
            for j in 0..<m {
                let same = a[i].key == b[j].key
                let substitution: Double
                if same {
                    substitution = 0
                } else if a[i].kind == b[j].kind && a[i].kind != .word {
                    substitution = 0.2
                } else {
                    substitution = Swift.max(weight(a[i]), weight(b[j]))
                }
                current[j + 1] = Swift.min(previous[j] + substitution, previous[j + 1] + weight(a[i]), current[j] + weight(b[j]))
            }
            swap(&previous, &current)
        }
        let distance = previous[m]
        let wordsA = a.filter { $0.kind == .word }.map(\.key)
        let wordsB = b.filter { $0.kind == .word }.map(\.key)
        if wordsA == wordsB {
            // Same words in the same order: only small differences.
            var differences: [String] = []
            let numbersA = a.filter { $0.kind == .number }, numbersB = b.filter { $0.kind == .number }
            let punctuationA = a.filter { $0.kind == .punctuation }.map(\.key), punctuationB = b.filter { $0.kind == .punctuation }.map(\.key)
            let particlesA = a.filter { $0.kind == .particle }.map(\.key), particlesB = b.filter { $0.kind == .particle }.map(\.key)
            let caseA = a.filter { $0.kind == .word }.map(\.text), caseB = b.filter { $0.kind == .word }.map(\.text)
            if caseA != caseB { differences.append("case") }
            if punctuationA != punctuationB { differences.append("punctuation") }
            if particlesA != particlesB { differences.append("particles") }
            var changes: [(String, String)] = []
            if numbersA.map(\.key) != numbersB.map(\.key) {
                differences.append("numbers")
                if numbersA.count == numbersB.count {
                    changes = zip(numbersB, numbersA).filter { $0.key != $1.key }.map { ($0.text, $1.text) }
                }
            }
            if differences.isEmpty {
                // Only whitespace differs.
                return FuzzyScore(score: 100, differences: ["whitespace"], numberChanges: [])
            }
            return FuzzyScore(score: 99, differences: differences, numberChanges: changes)
        }
        let length = Swift.max(a.reduce(0) { $0 + weight($1) }, b.reduce(0) { $0 + weight($1) })
        guard length > 0 else { return FuzzyScore(score: 0, differences: [], numberChanges: []) }
        let raw = 100 * (1 - distance / length)
        return FuzzyScore(score: Swift.min(98, Swift.max(0, Int(raw.rounded(.down)))), differences: [], numberChanges: [])
    }

    /// `target` with the numbers of a numbers-only difference replaced (memoQ's auto-substitution).
    public func substitutingNumbers(in target: String) -> String {
        var result = target
        for (old, new) in numberChanges {
            if let range = result.firstRange(of: old) { result.replaceSubrange(range, with: new) }
        }
        return result
    }
}
