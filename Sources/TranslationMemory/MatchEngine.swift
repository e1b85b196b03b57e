import Foundation
import Synchronization
import GRDB
import TMKitCore

/// A lookup's request: the segment, the language pair and how many matches of what score.
/// Out-of-range numbers mean the nearest sensible ones (scores are 0–101).
package struct MatchQuery: Sendable {
    package var text: String
    package var source: LanguageTag
    package var target: LanguageTag
    package var minimumScore: Int
    package var limit: Int
    package var previousWasExact: Bool
    package var candidates: Int

    /// A query of the arguments of `MemoryStore.lookup`, in their order.
    package init(_ text: String, _ source: LanguageTag, _ target: LanguageTag, _ minimumScore: Int, _ limit: Int,
                 _ previousWasExact: Bool, _ candidates: Int) {
        self.text = text
        self.source = source
        self.target = target
        self.minimumScore = Swift.min(101, Swift.max(0, minimumScore))
        self.limit = Swift.min(SQLiteMemoryStore.maximumLookupLimit, Swift.max(0, limit))
        self.previousWasExact = previousWasExact
        self.candidates = Swift.min(1_000_000, Swift.max(0, candidates))
    }
}

/// A posting list as a backend stores it: the units of one word in one language, in one or more
/// encoded rows (``Postings``), and how many units they hold in all.
package struct PostingList {
    package var count: Int
    /// The encoded rows; nil when the backend counted without reading them (they are then read
    /// with ``MatchIndexReader/postingRows(language:words:)`` only if the lookup needs them).
    package var rows: [Data]?

    package init(count: Int, rows: [Data]?) {
        self.count = count
        self.rows = rows
    }
}

/// What a lookup reads from a memory's storage: one implementation per backend (the SQLite file,
/// the PostgreSQL server), one algorithm (``MatchEngine``), so that both give the same matches.
/// Each call happens inside the lookup's one read transaction.
package protocol MatchIndexReader {
    /// Every language of the memory, by id.
    func languages() throws -> [(id: Int64, tag: String)]
    /// The units with a segment in `language` whose exact-match key is `key`, with that segment.
    func segments(language: Int64, key: Int64) throws -> [(unit: Int64, text: String)]
    /// The posting lists of `words` in `language` (words without units left out).
    func postingLists(language: Int64, words: [String]) throws -> [String: PostingList]
    /// The encoded rows of `words`' lists in `language` (those ``postingLists(language:words:)``
    /// did not read).
    func postingRows(language: Int64, words: [String]) throws -> [String: [Data]]
    /// The largest unit id the postings can hold (ids are never reused), and how many units the
    /// language pairs with `language` on either side count.
    func corpusSize(language: Int64) throws -> (largestUnitID: Int, pairUnits: Int)
    /// The segments in `language` of `units`.
    func segments(language: Int64, units: [Int64]) throws -> [(unit: Int64, text: String)]
    /// Each unit's segment in its source language beside each of its segments in `targets`, with
    /// its tuid.
    func translations(of units: [(unit: Int64, source: Int64)], targets: [Int64]) throws
        -> [(unit: Int64, source: String, target: String, language: Int64, tuid: String?)]
}

/// Exact and fuzzy lookup over any ``MatchIndexReader``.
package enum MatchEngine {
    /// The memory's languages that answer a request for `tag` (``LanguageTag/matchRank(for:)``:
    /// `en` finds `en`, `en-US`, `en-GB`; `en-US` finds `en-US`, then `en`), best first.
    package static func matchingLanguages(_ languages: [(id: Int64, tag: String)], _ tag: LanguageTag) -> [(id: Int64, rank: Int)] {
        var found: [(id: Int64, rank: Int)] = []
        for (id, text) in languages {
            guard let language = LanguageTag(text), let rank = language.matchRank(for: tag) else { continue }
            found.append((id, rank))
        }
        return found.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
    }

    /// The best matches for the query, best first (see ``SQLiteMemoryStore/lookup(_:from:to:minimumScore:limit:previousWasExact:candidates:)``).
    package static func lookup(_ query: MatchQuery, in index: some MatchIndexReader) throws -> [MemoryMatch] {
        let text = query.text, minimumScore = query.minimumScore, limit = query.limit
        // Every variant of each language answers (en-US and en-GB units for en), the requested
        // tag itself ranked first among equal scores.
        let languages = try index.languages()
        let sources = matchingLanguages(languages, query.source), targets = matchingLanguages(languages, query.target)
        guard !sources.isEmpty, !targets.isEmpty else { return [] }
        let queryTokens = MatchTokenizer.tokens(text)
        var scored: [Int64: FuzzyScore] = [:]
        // The source language each unit was found in, and that language's rank.
        var foundIn: [Int64: (language: Int64, rank: Int)] = [:]
        let key = stableHash(MatchTokenizer.exactKey(queryTokens))
        for (sourceID, rank) in sources {
            // Exact key.
            for (unitID, candidate) in try index.segments(language: sourceID, key: key) {
                guard scored[unitID] == nil else { continue }
                scored[unitID] = FuzzyScore.score(
                    queryTokens, MatchTokenizer.tokens(candidate), queryText: text, candidateText: candidate)
                foundIn[unitID] = (sourceID, rank)
            }
            // Fuzzy matches from the word postings.
            try scoreFuzzyCandidates(index, language: sourceID, query: text, queryTokens: queryTokens,
                                     minimumScore: minimumScore, limit: limit, maximum: query.candidates, into: &scored)
            for unitID in scored.keys where foundIn[unitID] == nil { foundIn[unitID] = (sourceID, rank) }
        }
        // Best score first; among equal scores the requested language's own units, then the
        // newer unit (ids grow with every unit stored: when two translators stored different
        // targets for one source, the later one comes first).
        let kept = scored.filter { $0.value.score >= minimumScore }.sorted {
            ($0.value.score, -(foundIn[$0.key]?.rank ?? 9), $0.key) > ($1.value.score, -(foundIn[$1.key]?.rank ?? 9), $1.key)
        }
        let targetIDs = targets.map(\.id)
        let targetRank = Dictionary(uniqueKeysWithValues: targets.map { ($0.id, $0.rank) })
        var matches: [MemoryMatch] = []
        // The targets of the best units, read together (a few more than needed: some units may
        // have no target in the language asked for).
        var rows: [Int64: [(unit: Int64, source: String, target: String, language: Int64, tuid: String?)]] = [:]
        var read = 0
        for (unitID, fuzzy) in kept {
            guard matches.count < limit, foundIn[unitID] != nil else { break }
            if rows[unitID] == nil {
                let next = kept[read...].prefix(Swift.max(limit - matches.count + 2, 1)).compactMap { candidate in
                    foundIn[candidate.key].map { (unit: candidate.key, source: $0.language) }
                }
                read += next.count
                for unit in next { rows[unit.unit] = [] }
                for row in try index.translations(of: next, targets: targetIDs) { rows[row.unit, default: []].append(row) }
            }
            // The unit's target in the best-ranked target language it has.
            var best: (rank: Int, row: (unit: Int64, source: String, target: String, language: Int64, tuid: String?))?
            for row in rows[unitID] ?? [] {
                let rank = targetRank[row.language] ?? 9
                if best.map({ rank < $0.rank }) ?? true { best = (rank, row) }
            }
            guard let row = best?.row else { continue }
            var score = fuzzy.score
            var kind: MemoryMatch.Kind = score >= 100 ? .exact : .fuzzy
            if kind == .exact && query.previousWasExact {
                score = 101
                kind = .context
            }
            matches.append(MemoryMatch(
                score: score, kind: kind, source: row.source, target: fuzzy.substitutingNumbers(in: row.target),
                unitID: unitID, tuid: row.tuid, differences: fuzzy.differences))
        }
        return matches
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
    static func scoreFuzzyCandidates(
        _ index: some MatchIndexReader, language: Int64, query: String, queryTokens: [MatchToken], minimumScore: Int, limit: Int,
        maximum: Int, into scored: inout [Int64: FuzzyScore]
    ) throws {
        let words = Array(MatchTokenizer.indexWords(queryTokens))
        guard !words.isEmpty, limit > 0, maximum > 0 else { return }
        let queryWords = Set(queryTokens.filter { $0.kind == .word }.map(\.key))
        let found = try index.postingLists(language: language, words: words)
        var lists: [(word: String, rows: [Data]?, count: Int, isWord: Bool)] = []
        for word in words {
            if let list = found[word], list.count > 0 { lists.append((word, list.rows, list.count, queryWords.contains(word))) }
        }
        guard !lists.isEmpty else { return }
        lists.sort { $0.count < $1.count }
        let size = try index.corpusSize(language: language)
        let maxID = size.largestUnitID
        let total = Double(Swift.max(1, size.pairUnits))
        let missable = FuzzyScore.missableWords(queryTokens, minimumScore: minimumScore)
        var prefixEnd = 0, wordsSeen = 0
        while prefixEnd < lists.count && wordsSeen <= missable {
            if lists[prefixEnd].isWord { wordsSeen += 1 }
            prefixEnd += 1
        }
        if wordsSeen <= missable { prefixEnd = lists.count }
        // Lists of words in most units (the, a, 이) cost the most to read and tell the least:
        // their words count as possibly shared.
        let cap = Int(total * 0.2)
        let read = lists.indices.filter { $0 < prefixEnd || lists[$0].count <= cap }
        let unread = read.filter { lists[$0].rows == nil }.map { lists[$0].word }
        if !unread.isEmpty {
            let rows = try index.postingRows(language: language, words: unread)
            for position in read where lists[position].rows == nil { lists[position].rows = rows[lists[position].word] ?? [] }
        }
        // Per-unit arrays (weights, words shared, distinct words) from the pool, all zero; only
        // the touched units are written, and zeroed again when the lookup hands them back.
        let scratch = _LookupScratch.take(count: maxID + 1)
        var touched: [Int32] = []
        defer { scratch.giveBack(clearing: touched) }
        let weights = UnsafeMutableBufferPointer(rebasing: scratch.weights[0..<(maxID + 1)])
        let shared = UnsafeMutableBufferPointer(rebasing: scratch.shared[0..<(maxID + 1)])
        let distinctWords = UnsafeMutableBufferPointer(rebasing: scratch.distinctWords[0..<(maxID + 1)])
        var unreadWords = 0
        for (position, list) in lists.enumerated() {
            guard position < prefixEnd || list.count <= cap else {
                if list.isWord { unreadWords += 1 }
                continue
            }
            let idf = Float(log(1 + total / Double(list.count)))
            let opens = position < prefixEnd
            let step: UInt8 = list.isWord ? 1 : 0
            for row in list.rows ?? [] {
                Postings.accumulate(row, idf: idf, step: step, opens: opens, weights: weights, shared: shared,
                                    distinctWords: distinctWords, touched: &touched)
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
                for (unitID, candidate) in try index.segments(language: language, units: chunk.map { Int64($0) }) {
                    let score = FuzzyScore.score(queryTokens, MatchTokenizer.tokens(candidate), queryText: query,
                                                 candidateText: candidate)
                    scored[unitID] = score
                    if score.score >= minimumScore {
                        let position = best.firstIndex { $0 < score.score } ?? best.count
                        best.insert(score.score, at: position)
                        if best.count > limit { best.removeLast() }
                    }
                }
            }
        }
    }
}

/// The per-unit arrays a fuzzy lookup fills, kept between lookups: at a million units they are
/// 6 MB, and allocating them zeroed (the kernel's fresh pages) cost each lookup more than most
/// of its work. A lookup takes a set (all zero), writes only the units it touches and zeroes
/// those before giving it back; a few sets wait for concurrent lookups, the largest kept.
final class _LookupScratch: @unchecked Sendable {
    private(set) var weights: UnsafeMutableBufferPointer<Float>
    private(set) var shared: UnsafeMutableBufferPointer<UInt8>
    private(set) var distinctWords: UnsafeMutableBufferPointer<UInt8>

    private init(count: Int) {
        weights = .allocate(capacity: count)
        weights.initialize(repeating: 0)
        shared = .allocate(capacity: count)
        shared.initialize(repeating: 0)
        distinctWords = .allocate(capacity: count)
        distinctWords.initialize(repeating: 0)
    }

    deinit {
        weights.deallocate()
        shared.deallocate()
        distinctWords.deallocate()
    }

    /// Sets waiting for a lookup (at most ``kept``).
    private static let pool = Mutex<[_LookupScratch]>([])
    static let kept = 4

    /// A set of at least `count` units, all zero.
    static func take(count: Int) -> _LookupScratch {
        if let found = pool.withLock({ sets in sets.firstIndex { $0.weights.count >= count }.map { sets.remove(at: $0) } }) {
            return found
        }
        return _LookupScratch(count: Swift.max(count, 1))
    }

    /// Zeroes the `touched` units and puts the set back; when enough wait, it takes the place of
    /// a smaller one, or is freed.
    func giveBack(clearing touched: [Int32]) {
        for id in touched {
            let slot = Int(id)
            weights[slot] = 0
            shared[slot] = 0
            distinctWords[slot] = 0
        }
        Self.pool.withLock { sets in
            if sets.count < Self.kept {
                sets.append(self)
            } else if let smallest = sets.indices.min(by: { sets[$0].weights.count < sets[$1].weights.count }),
                      sets[smallest].weights.count < weights.count {
                sets[smallest] = self
            }
        }
    }
}

/// The SQLite file's side of ``MatchIndexReader``, inside one read transaction.
struct SQLiteMatchIndex: MatchIndexReader {
    let db: Database

    func languages() throws -> [(id: Int64, tag: String)] {
        try Row.fetchAll(db, sql: "SELECT id, tag FROM languages").map { ($0["id"], $0["tag"]) }
    }

    func segments(language: Int64, key: Int64) throws -> [(unit: Int64, text: String)] {
        try Row.fetchAll(db, sql: "SELECT unit_id, text FROM segments WHERE lang = ? AND key = ?", arguments: [language, key])
            .map { ($0["unit_id"], $0["text"]) }
    }

    /// Counted from the rows' unit counts: the lists themselves are read only when the lookup
    /// needs them (``postingRows(language:words:)``).
    func postingLists(language: Int64, words: [String]) throws -> [String: PostingList] {
        let statement = try db.cachedStatement(sql: "SELECT sum(units_count) FROM postings WHERE lang = ? AND token = ?")
        var lists: [String: PostingList] = [:]
        for word in words where lists[word] == nil {
            let count = try Int.fetchOne(statement, arguments: [language, word]) ?? 0
            if count > 0 { lists[word] = PostingList(count: count, rows: nil) }
        }
        return lists
    }

    func postingRows(language: Int64, words: [String]) throws -> [String: [Data]] {
        let statement = try db.cachedStatement(sql: "SELECT units FROM postings WHERE lang = ? AND token = ? ORDER BY batch")
        var rows: [String: [Data]] = [:]
        for word in words where rows[word] == nil {
            rows[word] = try Data.fetchAll(statement, arguments: [language, word])
        }
        return rows
    }

    func corpusSize(language: Int64) throws -> (largestUnitID: Int, pairUnits: Int) {
        (Int(try Int64.fetchOne(db, sql: "SELECT max(id) FROM units") ?? 0),
         try Int.fetchOne(db, sql: "SELECT coalesce(sum(units), 0) FROM pairs WHERE source = ? OR target = ?",
                          arguments: [language, language]) ?? 0)
    }

    func segments(language: Int64, units: [Int64]) throws -> [(unit: Int64, text: String)] {
        let list = units.map(String.init).joined(separator: ",")
        return try Row.fetchAll(db, sql: "SELECT unit_id, text FROM segments WHERE lang = ? AND unit_id IN (\(list))",
                                arguments: [language]).map { ($0["unit_id"], $0["text"]) }
    }

    func translations(of units: [(unit: Int64, source: Int64)], targets: [Int64]) throws
        -> [(unit: Int64, source: String, target: String, language: Int64, tuid: String?)]
    {
        let list = targets.map(String.init).joined(separator: ",")
        let statement = try db.cachedStatement(sql: """
            SELECT s.text AS source, t.text AS target, t.lang AS lang, u.tuid AS tuid FROM segments s
            JOIN segments t ON t.unit_id = s.unit_id AND t.lang IN (\(list))
            JOIN units u ON u.id = s.unit_id WHERE s.unit_id = ? AND s.lang = ? ORDER BY t.lang
            """)
        var rows: [(unit: Int64, source: String, target: String, language: Int64, tuid: String?)] = []
        for (unit, source) in units {
            for row in try Row.fetchAll(statement, arguments: [unit, source]) {
                rows.append((unit, row["source"], row["target"], row["lang"], row["tuid"]))
            }
        }
        return rows
    }
}
