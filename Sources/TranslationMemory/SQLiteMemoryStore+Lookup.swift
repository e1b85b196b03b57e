import TextAnalysis
import Foundation
import GRDB
import TMKitCore

extension SQLiteMemoryStore {
    /// The most matches ``lookup(_:from:to:minimumScore:limit:previousWasExact:candidates:)``
    /// returns, and the most hits ``concordance(_:from:to:limit:)`` does.
    public static let maximumLookupLimit = 1000
    /// The most hits ``concordance(_:from:to:limit:)`` returns; a larger `limit` is lowered to it.
    public static let maximumConcordanceLimit = 100_000

    /// The best matches for `text`, best first: exact ones (kind `exact`, or `context` at 101
    /// when `previousWasExact`), then fuzzy ones at or above `minimumScore`.
    ///
    /// Fuzzy candidates come from the word index and are scored exactly until no unscored unit
    /// can beat the `limit`-th score found (see `MatchEngine`); at most `candidates` are scored.
    public func lookup(
        _ text: String, from source: LanguageTag, to target: LanguageTag, minimumScore: Int = 70, limit: Int = 5,
        previousWasExact: Bool = false, candidates: Int = 3000
    ) throws(MemoryError) -> [MemoryMatch] {
        let query = MatchQuery(text, source, target, minimumScore, limit, previousWasExact, candidates)
        return try reading { db in try MatchEngine.lookup(query, in: SQLiteMatchIndex(db: db)) }
    }

    /// The score of every unit of the source language (the brute-force scan the index is
    /// checked against in the benchmark).
    @_spi(Internals) public func bruteForceScores(_ text: String, from source: LanguageTag) throws(MemoryError) -> [Int] {
        try reading { db in
            guard let sources = try filteredLanguageList(db, source, fallback: true) else { return [] }
            let queryTokens = MatchTokenizer.tokens(text)
            var scores: [Int] = []
            let cursor = try String.fetchCursor(db, sql: "SELECT text FROM segments WHERE lang IN \(sources.sql)")
            while let candidate = try cursor.next() {
                scores.append(FuzzyScore.score(queryTokens, MatchTokenizer.tokens(candidate), queryText: text,
                                               candidateText: candidate).score)
            }
            return scores.sorted(by: >)
        }
    }

    /// Every source segment of `language`, held in memory for ``ExhaustiveScan``.
    @_spi(Internals) public func exhaustiveScan(of language: LanguageTag) throws(MemoryError) -> ExhaustiveScan {
        try reading { db in
            var scan = ExhaustiveScan.Builder()
            guard let languages = try filteredLanguageList(db, language, fallback: true) else { return scan.build() }
            let cursor = try String.fetchCursor(db, sql: "SELECT text FROM segments WHERE lang IN \(languages.sql)")
            while let text = try cursor.next() { scan.add(text) }
            return scan.build()
        }
    }

    // MARK: Concordance

    /// Units whose text in either language of the pair contains `phrase` (case-insensitive),
    /// shortest segment first: its words in English and other spaced scripts (the last word
    /// also as a prefix), the characters themselves in Korean, Chinese, Japanese and Thai.
    /// See `ConcordanceIndex`.
    public func concordance(
        _ phrase: String, from source: LanguageTag, to target: LanguageTag, limit: Int = 20
    ) throws(MemoryError) -> [ConcordanceHit] {
        let limit = Swift.min(Self.maximumConcordanceLimit, Swift.max(0, limit))
        return try reading { db in
            // Every tag that answers the request (en: en, en-US, en-GB), the closest first.
            let sources = try matchingLanguageIDs(db, source), targets = try matchingLanguageIDs(db, target)
            guard !sources.isEmpty, !targets.isEmpty else { return [] }
            var languages: [Int64: LanguageTag] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM languages") {
                languages[row["id"]] = LanguageTag(row["tag"] as String)
            }
            let sourceIDs = Set(sources.map(\.id))
            let rows = try ConcordanceIndex.search(db, phrase: phrase, languages: Array(sourceIDs.union(targets.map(\.id))),
                                                   limit: limit)
            return try rows.map { row in
                // The other side: the unit's text in the closest tag of the other language.
                let others = sourceIDs.contains(row.language) ? targets : sources
                var translation: String?
                for other in others where other.id != row.language {
                    translation = try String.fetchOne(db, sql: "SELECT text FROM segments WHERE unit_id = ? AND lang = ?",
                                                      arguments: [row.unitID, other.id])
                    if translation != nil { break }
                }
                let lower = row.text.lowercased()
                var range = 0..<0
                if let found = lower.range(of: phrase.lowercased()) {
                    let start = lower.utf8.distance(from: lower.startIndex, to: found.lowerBound)
                    range = start..<(start + lower[found].utf8.count)
                }
                return ConcordanceHit(unitID: row.unitID, language: languages[row.language] ?? source, text: row.text,
                                      range: range, translation: translation)
            }
        }
    }
}

/// A concordance hit: a unit whose source or target contains the words searched.
public struct ConcordanceHit: Sendable {
    /// The unit's row id in this memory.
    public var unitID: Int64
    /// The language tag of `text` as the memory holds it (`en-US` when `en` was asked for).
    public var language: LanguageTag
    /// The segment that contains the words.
    public var text: String
    /// UTF-8 byte range of the first occurrence in `text`.
    public var range: Range<Int>
    /// The same unit in the other language of the pair.
    public var translation: String?

    package init(unitID: Int64, language: LanguageTag, text: String, range: Range<Int>, translation: String?) {
        self.unitID = unitID
        self.language = language
        self.text = text
        self.range = range
        self.translation = translation
    }
}

/// A memory unit proposed for a segment.
public struct MemoryMatch: Sendable {
    /// How a match was found; the raw value is what `x-match-kind` and JSON output show.
    public enum Kind: String, Sendable {
        /// `context`: exact after an exact match (101); `exact`: 100; `fuzzy`: below 100.
        case context, exact, fuzzy
    }

    /// 0–101; see `FuzzyScore`.
    public var score: Int
    /// How the match was found: in context, exact, or fuzzy.
    public var kind: Kind
    /// The unit's source text as the memory holds it.
    public var source: String
    /// The target, numbers substituted when only numbers differ.
    public var target: String
    /// The unit's row id in this memory (shown when the unit has no `tuid`).
    public var unitID: Int64
    /// The unit's `tuid` from the TMX it was imported from, when it has one.
    public var tuid: String?
    /// What differs at 99 and 100 (`case`, `punctuation`, `numbers`, `whitespace`, …).
    public var differences: [String]
}

/// The exhaustive scan the fuzzy index is measured against: every segment of a language in
/// memory, scored with `FuzzyScore` unless it provably cannot reach the threshold (it lacks
/// more of the query's words than the score allows; see `FuzzyScore`). No index, no ranking,
/// no candidate limit.
@_spi(Internals) public struct ExhaustiveScan: Sendable {
    struct Builder {
        var texts: [String] = []
        var words: [[Int32]] = []
        var dictionary: [String: Int32] = [:]

        mutating func add(_ text: String) {
            var ids = Set<Int32>()
            for token in MatchTokenizer.tokens(text) where token.kind == .word {
                if let id = dictionary[token.key] {
                    ids.insert(id)
                } else {
                    let id = Int32(dictionary.count)
                    dictionary[token.key] = id
                    ids.insert(id)
                }
            }
            texts.append(text)
            words.append(Array(ids))
        }

        func build() -> ExhaustiveScan {
            ExhaustiveScan(texts: texts, words: words, dictionary: dictionary)
        }
    }

    let texts: [String]
    let words: [[Int32]]
    let dictionary: [String: Int32]

    /// How many segments are held.
    public var count: Int { texts.count }

    /// Every score at or above `minimumScore`, best first.
    public func scores(_ text: String, minimumScore: Int) -> [Int] {
        let queryTokens = MatchTokenizer.tokens(text)
        let missable = FuzzyScore.missableWords(queryTokens, minimumScore: minimumScore)
        var queryWords = Set<String>()
        for token in queryTokens where token.kind == .word { queryWords.insert(token.key) }
        var inQuery = [Bool](repeating: false, count: dictionary.count)
        for word in queryWords { if let id = dictionary[word] { inQuery[Int(id)] = true } }
        var results: [Int] = []
        for (index, ids) in words.enumerated() {
            var shared = 0
            for id in ids where inQuery[Int(id)] { shared += 1 }
            guard queryWords.count - shared <= missable else { continue }
            let candidate = texts[index]
            let score = FuzzyScore.score(queryTokens, MatchTokenizer.tokens(candidate), queryText: text,
                                         candidateText: candidate).score
            if score >= minimumScore { results.append(score) }
        }
        return results.sorted(by: >)
    }
}

// MARK: Conflicts

extension SQLiteMemoryStore {
    /// Sources with different targets between the two languages (`en` takes `en-US` too): the
    /// same exact-match key (case, spacing and punctuation spacing aside) with two or more
    /// distinct target texts. In the order the sources were first imported, at most `limit`.
    /// Sources without a word or number (`—`, `…`, empty) have no key to compare and are left out.
    public func conflicts(from source: LanguageTag, to target: LanguageTag, limit: Int = 1_000) throws(MemoryError) -> [MemoryConflict] {
        try reading { db in
            let sources = try matchingLanguageIDs(db, source).map(\.id), targets = try matchingLanguageIDs(db, target).map(\.id)
            guard !sources.isEmpty, !targets.isEmpty else { return [] }
            let sourceList = sources.map(String.init).joined(separator: ","), targetList = targets.map(String.init).joined(separator: ",")
            // Keys with two or more target texts, then their units, newest change first.
            let rows = try Row.fetchAll(db, sql: """
                WITH conflicting AS (
                    SELECT s.key, min(s.unit_id) AS first FROM segments s JOIN segments t ON t.unit_id = s.unit_id
                    WHERE s.lang IN (\(sourceList)) AND t.lang IN (\(targetList)) AND s.key != ?
                    GROUP BY s.key HAVING count(DISTINCT t.text) > 1
                    ORDER BY first LIMIT ?
                )
                SELECT c.key, c.first, s.text AS source, t.text AS target, u.id, u.tuid, u.changed
                FROM conflicting c JOIN segments s ON s.key = c.key AND s.lang IN (\(sourceList))
                JOIN segments t ON t.unit_id = s.unit_id AND t.lang IN (\(targetList))
                JOIN units u ON u.id = s.unit_id
                ORDER BY c.first, c.key, coalesce(u.changed, '') DESC, u.id DESC
                """, arguments: [stableHash(""), Swift.max(0, limit)])
            var conflicts: [MemoryConflict] = []
            var currentKey: Int64?
            for row in rows {
                let key: Int64 = row["key"]
                let candidate = MemoryConflict.Candidate(target: row["target"], unitID: row["id"], tuid: row["tuid"], changed: row["changed"])
                if key != currentKey {
                    currentKey = key
                    conflicts.append(MemoryConflict(source: row["source"], targets: [candidate]))
                } else if !conflicts[conflicts.count - 1].targets.contains(where: { $0.target == candidate.target }) {
                    conflicts[conflicts.count - 1].targets.append(candidate)
                }
            }
            return conflicts
        }
    }
}

/// One source text that has more than one target in the memory.
public struct MemoryConflict: Sendable {
    /// The source text as the most recently changed unit writes it.
    public var source: String
    /// The different targets, the most recently changed first; each with the unit it came
    /// from (its tuid, change date and creator when the memory has them).
    public var targets: [Candidate]

    package init(source: String, targets: [Candidate]) {
        self.source = source
        self.targets = targets
    }

    /// One of the conflicting targets, and the unit it came from.
    public struct Candidate: Sendable {
        /// This target, as the unit writes it.
        public var target: String
        /// The unit's row id in this memory.
        public var unitID: Int64
        /// The unit's `tuid`, when it has one.
        public var tuid: String?
        /// The unit's latest `changedate` or `creationdate` (`YYYYMMDDThhmmssZ`); nil when it has none.
        public var changed: String?

        package init(target: String, unitID: Int64, tuid: String?, changed: String?) {
            self.target = target
            self.unitID = unitID
            self.tuid = tuid
            self.changed = changed
        }
    }
}
