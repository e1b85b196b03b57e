import TextAnalysis
import Foundation
import GRDB
import TMKitCore

extension TranslationMemory {
    /// A memory unit proposed for a segment.
    public struct Match: Sendable {
        /// How a match was found; the raw value is what `x-match-kind` and JSON output show.
        public enum Kind: String, Sendable {
            /// `context`: exact after an exact match (101); `exact`: 100; `fuzzy`: below 100.
            case context, exact, fuzzy
        }

        /// 0–101; see ``FuzzyScore``.
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

    /// The most matches ``lookup(_:from:to:minimumScore:limit:previousWasExact:candidates:)``
    /// returns, and the most hits ``concordance(_:from:to:limit:)`` does.
    public static let maximumLookupLimit = 1000
    /// The most hits ``concordance(_:from:to:limit:)`` returns; a larger `limit` is lowered to it.
    public static let maximumConcordanceLimit = 100_000

    /// The best matches for `text`, best first: exact ones (kind `exact`, or `context` at 101
    /// when `previousWasExact`), then fuzzy ones at or above `minimumScore`.
    ///
    /// Fuzzy candidates come from the word index and are scored exactly until no unscored unit
    /// can beat the `limit`-th score found (see `scoreFuzzyCandidates`); at most `candidates`
    /// are scored.
    public func lookup(
        _ text: String, from source: LanguageTag, to target: LanguageTag, minimumScore: Int = 70, limit: Int = 5,
        previousWasExact: Bool = false, candidates: Int = 3000
    ) throws -> [Match] {
        // Out-of-range arguments mean the nearest sensible ones (scores are 0–101).
        let minimumScore = Swift.min(101, Swift.max(0, minimumScore))
        let limit = Swift.min(Self.maximumLookupLimit, Swift.max(0, limit))
        let candidates = Swift.min(1_000_000, Swift.max(0, candidates))
        return try reading { db in
            // Every variant of each language answers (en-US and en-GB units for en), the
            // requested tag itself ranked first among equal scores.
            let sources = try matchingLanguageIDs(db, source), targets = try matchingLanguageIDs(db, target)
            guard !sources.isEmpty, !targets.isEmpty else { return [] }
            let queryTokens = MatchTokenizer.tokens(text)
            var scored: [Int64: FuzzyScore] = [:]
            // The source language each unit was found in, and that language's rank.
            var foundIn: [Int64: (language: Int64, rank: Int)] = [:]
            let key = stableHash(MatchTokenizer.exactKey(queryTokens))
            for (sourceID, rank) in sources {
                // Exact key.
                for row in try Row.fetchAll(db, sql: "SELECT unit_id, text FROM segments WHERE lang = ? AND key = ?",
                                            arguments: [sourceID, key]) {
                    let candidate: String = row["text"]
                    let unitID: Int64 = row["unit_id"]
                    guard scored[unitID] == nil else { continue }
                    scored[unitID] = FuzzyScore.score(
                        queryTokens, MatchTokenizer.tokens(candidate), queryText: text, candidateText: candidate)
                    foundIn[unitID] = (sourceID, rank)
                }
                // Fuzzy matches from the word postings.
                try scoreFuzzyCandidates(db, language: sourceID, query: text, queryTokens: queryTokens,
                                         minimumScore: minimumScore, limit: limit, maximum: candidates, into: &scored)
                for unitID in scored.keys where foundIn[unitID] == nil { foundIn[unitID] = (sourceID, rank) }
            }
            // Best score first; among equal scores the requested language's own units, then the
            // older unit.
            let kept = scored.filter { $0.value.score >= minimumScore }.sorted {
                ($0.value.score, -(foundIn[$0.key]?.rank ?? 9), -$0.key) > ($1.value.score, -(foundIn[$1.key]?.rank ?? 9), -$1.key)
            }
            let targetList = targets.map { String($0.id) }.joined(separator: ",")
            let targetRank = Dictionary(uniqueKeysWithValues: targets.map { ($0.id, $0.rank) })
            var matches: [Match] = []
            for (unitID, fuzzy) in kept {
                guard matches.count < limit, let sourceID = foundIn[unitID]?.language else { break }
                // The unit's target in the best-ranked target language it has.
                var best: (rank: Int, row: Row)?
                for row in try Row.fetchAll(db, sql: """
                    SELECT s.text AS source, t.text AS target, t.lang AS lang, u.tuid AS tuid FROM segments s
                    JOIN segments t ON t.unit_id = s.unit_id AND t.lang IN (\(targetList))
                    JOIN units u ON u.id = s.unit_id WHERE s.unit_id = ? AND s.lang = ?
                    """, arguments: [unitID, sourceID]) {
                    let rank = targetRank[row["lang"] as Int64] ?? 9
                    if best.map({ rank < $0.rank }) ?? true { best = (rank, row) }
                }
                guard let row = best?.row else { continue }
                var score = fuzzy.score
                var kind: Match.Kind = score >= 100 ? .exact : .fuzzy
                if kind == .exact && previousWasExact {
                    score = 101
                    kind = .context
                }
                let targetText: String = row["target"]
                matches.append(Match(
                    score: score, kind: kind, source: row["source"], target: fuzzy.substitutingNumbers(in: targetText),
                    unitID: unitID, tuid: row["tuid"], differences: fuzzy.differences))
            }
            return matches
        }
    }

    /// Scores, into `scored`, every unit that can be among the `limit` best at or above
    /// `minimumScore`, reading as little of the index as that allows.
    ///
    /// 1. *Prefix filter.* A unit that scores `s` or more lacks at most `M` of the query's words
    ///    (``FuzzyScore/missableWords(_:minimumScore:)``), so it has at least one of the query's
    ///    `M + 1` rarest words: the candidates are the units in those posting lists. The other
    ///    lists only count, for those candidates, the words they share with the query; lists of
    ///    words in more than a fifth of the memory are not read, and their words count as shared.
    /// 2. *Bound.* Each query word a unit lacks, and each of its own words the query lacks,
    ///    needs an edit of cost 1 (one substitution can serve one of each), so with `l` the larger
    ///    of the two counts the unit scores at most `100 × L / (L + l)` (`L` the query's weighted
    ///    length; a longer unit pays for its extra length too). The postings carry each unit's
    ///    distinct-word count for this.
    /// 3. *Threshold search.* Candidates are scored exactly in order of that bound (then inverse
    ///    document frequency), until the bound of the next one cannot beat the `limit`-th score
    ///    found, so the result equals a scan of every unit; `maximum` caps the work.
    func scoreFuzzyCandidates(
        _ db: Database, language: Int64, query: String, queryTokens: [MatchToken], minimumScore: Int, limit: Int,
        maximum: Int, into scored: inout [Int64: FuzzyScore]
    ) throws {
        let words = Array(MatchTokenizer.indexWords(queryTokens))
        guard !words.isEmpty, limit > 0, maximum > 0 else { return }
        let queryWords = Set(queryTokens.filter { $0.kind == .word }.map(\.key))
        let statement = try db.cachedStatement(sql: "SELECT units FROM postings WHERE lang = ? AND token = ?")
        var lists: [(blobs: [Data], count: Int, isWord: Bool)] = []
        for word in words {
            let blobs = try Data.fetchAll(statement, arguments: [language, word])
            let count = blobs.reduce(0) { $0 + Postings.count($1) }
            if count > 0 { lists.append((blobs, count, queryWords.contains(word))) }
        }
        guard !lists.isEmpty else { return }
        lists.sort { $0.count < $1.count }
        let maxID = Int(try Int64.fetchOne(db, sql: "SELECT max(id) FROM units") ?? 0)
        let total = Double(Swift.max(1, try Int.fetchOne(
            db, sql: "SELECT coalesce(sum(units), 0) FROM pairs WHERE source = ? OR target = ?",
            arguments: [language, language]) ?? 1))
        let missable = FuzzyScore.missableWords(queryTokens, minimumScore: minimumScore)
        var prefixEnd = 0, wordsSeen = 0
        while prefixEnd < lists.count && wordsSeen <= missable {
            if lists[prefixEnd].isWord { wordsSeen += 1 }
            prefixEnd += 1
        }
        if wordsSeen <= missable { prefixEnd = lists.count }
        var weights = [Float](repeating: 0, count: maxID + 1)
        var shared = [UInt8](repeating: 0, count: maxID + 1)
        var distinctWords = [UInt8](repeating: 0, count: maxID + 1)
        var touched: [Int32] = []
        // Lists of words in most units (the, a, 이) cost the most to read and tell the least:
        // their words count as possibly shared.
        let cap = Int(total * 0.2)
        var unreadWords = 0
        for (index, list) in lists.enumerated() {
            guard index < prefixEnd || list.count <= cap else {
                if list.isWord { unreadWords += 1 }
                continue
            }
            let idf = Float(log(1 + total / Double(list.count)))
            let opens = index < prefixEnd
            let step: UInt8 = list.isWord ? 1 : 0
            weights.withUnsafeMutableBufferPointer { weights in
                shared.withUnsafeMutableBufferPointer { shared in
                    distinctWords.withUnsafeMutableBufferPointer { distinctWords in
                        for blob in list.blobs {
                            Postings.accumulate(blob, idf: idf, step: step, opens: opens, weights: weights, shared: shared,
                                                distinctWords: distinctWords, touched: &touched)
                        }
                    }
                }
            }
        }
        // Buckets by the bound on the score; the best bucket first.
        let length = queryTokens.reduce(0) { $0 + FuzzyScore.weight($1) }
        var buckets = [[Int32]](repeating: [], count: 101)
        for id in touched {
            let sharing = Int(shared[Int(id)]) + unreadWords
            let lacking = Double(Swift.max(0, queryWords.count - sharing, Int(distinctWords[Int(id)]) - sharing))
            // (A byte counts the words shared: past 255 query words, no bound.)
            let bound = lacking == 0 || queryWords.count > 255 ? 100 : Int((100 * length / (length + lacking)).rounded(.down))
            if bound >= minimumScore { buckets[bound].append(id) }
        }
        var best: [Int] = scored.values.map(\.score).filter { $0 >= minimumScore }.sorted(by: >)
        var budget = maximum
        search: for ceiling in stride(from: 100, through: minimumScore, by: -1) where !buckets[ceiling].isEmpty {
            if ceiling < (best.count >= limit ? best[limit - 1] + 1 : minimumScore) { break }
            let bucket = buckets[ceiling].sorted { weights[Int($0)] > weights[Int($1)] || (weights[Int($0)] == weights[Int($1)] && $0 < $1) }
            var start = 0
            while start < bucket.count {
                guard budget > 0 else { break search }
                if best.count >= limit && ceiling <= best[limit - 1] { break }
                let chunk = bucket[start..<Swift.min(bucket.count, start + Swift.min(budget, 64))]
                    .filter { scored[Int64($0)] == nil }
                start += 64
                guard !chunk.isEmpty else { continue }
                budget -= chunk.count
                let list = chunk.map(String.init).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT unit_id, text FROM segments WHERE lang = ? AND unit_id IN (\(list))",
                                            arguments: [language]) {
                    let candidate: String = row["text"]
                    let score = FuzzyScore.score(queryTokens, MatchTokenizer.tokens(candidate), queryText: query,
                                                 candidateText: candidate)
                    scored[row["unit_id"]] = score
                    if score.score >= minimumScore {
                        let position = best.firstIndex { $0 < score.score } ?? best.count
                        best.insert(score.score, at: position)
                        if best.count > limit { best.removeLast() }
                    }
                }
            }
        }
    }

    /// The score of every unit of the source language (the brute-force scan the index is
    /// checked against in the benchmark).
    public func bruteForceScores(_ text: String, from source: LanguageTag) throws -> [Int] {
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
    public func exhaustiveScan(of language: LanguageTag) throws -> ExhaustiveScan {
        try reading { db in
            var scan = ExhaustiveScan.Builder()
            guard let languages = try filteredLanguageList(db, language, fallback: true) else { return scan.build() }
            let cursor = try String.fetchCursor(db, sql: "SELECT text FROM segments WHERE lang IN \(languages.sql)")
            while let text = try cursor.next() { scan.add(text) }
            return scan.build()
        }
    }

    // MARK: Concordance

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
    }

    /// Units whose text in either language of the pair contains `phrase` (case-insensitive),
    /// best ranked first (BM25): its words in English and other spaced scripts (the last word
    /// also as a prefix), the characters themselves in Korean, Chinese, Japanese and Thai.
    /// See ``ConcordanceIndex``.
    public func concordance(
        _ phrase: String, from source: LanguageTag, to target: LanguageTag, limit: Int = 20
    ) throws -> [ConcordanceHit] {
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

/// The exhaustive scan the fuzzy index is measured against: every segment of a language in
/// memory, scored with ``FuzzyScore`` unless it provably cannot reach the threshold (it lacks
/// more of the query's words than the score allows; see ``FuzzyScore``). No index, no ranking,
/// no candidate limit.
public struct ExhaustiveScan: Sendable {
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

extension TranslationMemory {
    /// One source text that has more than one target in the memory.
    public struct Conflict: Sendable {
        /// The source text as the most recently changed unit writes it.
        public var source: String
        /// The different targets, the most recently changed first; each with the unit it came
        /// from (its tuid, change date and creator when the memory has them).
        public var targets: [Candidate]

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
        }
    }

    /// Sources with different targets between the two languages (`en` takes `en-US` too): the
    /// same exact-match key (case, spacing and punctuation spacing aside) with two or more
    /// distinct target texts. In the order the sources were first imported, at most `limit`.
    /// Sources without a word or number (`—`, `…`, empty) have no key to compare and are left out.
    public func conflicts(from source: LanguageTag, to target: LanguageTag, limit: Int = 1_000) throws -> [Conflict] {
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
            var conflicts: [Conflict] = []
            var currentKey: Int64?
            for row in rows {
                let key: Int64 = row["key"]
                let candidate = Conflict.Candidate(target: row["target"], unitID: row["id"], tuid: row["tuid"], changed: row["changed"])
                if key != currentKey {
                    currentKey = key
                    conflicts.append(Conflict(source: row["source"], targets: [candidate]))
                } else if !conflicts[conflicts.count - 1].targets.contains(where: { $0.target == candidate.target }) {
                    conflicts[conflicts.count - 1].targets.append(candidate)
                }
            }
            return conflicts
        }
    }
}
