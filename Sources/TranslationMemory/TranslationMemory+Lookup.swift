import Foundation
import GRDB
import TMKitCore

extension TranslationMemory {
    /// A memory unit proposed for a segment.
    public struct Match: Sendable {
        public enum Kind: String, Sendable {
            case context, exact, fuzzy
        }

        /// 0–101; see ``FuzzyScore``.
        public var score: Int
        public var kind: Kind
        public var source: String
        /// The target, numbers substituted when only numbers differ.
        public var target: String
        public var unitID: Int64
        public var tuid: String?
        /// What differs at 99 and 100 (`case`, `punctuation`, `numbers`, `whitespace`, …).
        public var differences: [String]
    }

    /// The best matches for `text`, best first: exact ones (kind `exact`, or `context` at 101
    /// when `previousWasExact`), then fuzzy ones at or above `minimumScore`.
    ///
    /// Fuzzy candidates come from the word index: every word of the query adds its inverse
    /// document frequency to each unit that has it; the `candidates` best are scored exactly.
    public func lookup(
        _ text: String, from source: LanguageTag, to target: LanguageTag, minimumScore: Int = 70, limit: Int = 5,
        previousWasExact: Bool = false, candidates: Int = 400
    ) throws -> [Match] {
        try pool.read { db in
            guard let sourceID = try existingLanguageID(db, source), let targetID = try existingLanguageID(db, target) else {
                return []
            }
            let queryTokens = MatchTokenizer.tokens(text)
            var scored: [Int64: FuzzyScore] = [:]
            // Exact key.
            let key = stableHash(MatchTokenizer.exactKey(queryTokens))
            for row in try Row.fetchAll(db, sql: "SELECT unit_id, text FROM segments WHERE lang = ? AND key = ?",
                                        arguments: [sourceID, key]) {
                let candidate: String = row["text"]
                scored[row["unit_id"]] = FuzzyScore.score(
                    queryTokens, MatchTokenizer.tokens(candidate), queryText: text, candidateText: candidate)
            }
            // Fuzzy candidates from the word postings.
            let words = MatchTokenizer.indexWords(text)
            if !words.isEmpty {
                let total = Double(try Int.fetchOne(db, sql: "SELECT count(*) FROM segments WHERE lang = ?",
                                                   arguments: [sourceID]) ?? 1)
                var weights: [Int32: Float] = [:]
                let statement = try db.cachedStatement(sql: "SELECT units FROM postings WHERE lang = ? AND token = ?")
                for word in words {
                    let blobs = try Data.fetchAll(statement, arguments: [sourceID, word])
                    var ids: [Int32] = []
                    for blob in blobs { Postings.forEach(blob) { ids.append($0) } }
                    guard !ids.isEmpty else { continue }
                    let idf = Float(log(1 + total / Double(ids.count)))
                    for id in ids { weights[id, default: 0] += idf }
                }
                let best = weights.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                    .prefix(candidates).map { Int64($0.key) }.filter { scored[$0] == nil }
                if !best.isEmpty {
                    let list = best.map(String.init).joined(separator: ",")
                    for row in try Row.fetchAll(db, sql: "SELECT unit_id, text FROM segments WHERE lang = ? AND unit_id IN (\(list))",
                                                arguments: [sourceID]) {
                        let candidate: String = row["text"]
                        scored[row["unit_id"]] = FuzzyScore.score(
                            queryTokens, MatchTokenizer.tokens(candidate), queryText: text, candidateText: candidate)
                    }
                }
            }
            let kept = scored.filter { $0.value.score >= minimumScore }
                .sorted { $0.value.score > $1.value.score || ($0.value.score == $1.value.score && $0.key < $1.key) }
            var matches: [Match] = []
            for (unitID, fuzzy) in kept {
                guard matches.count < limit else { break }
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT s.text AS source, t.text AS target, u.tuid AS tuid FROM segments s
                    JOIN segments t ON t.unit_id = s.unit_id AND t.lang = ?
                    JOIN units u ON u.id = s.unit_id WHERE s.unit_id = ? AND s.lang = ?
                    """, arguments: [targetID, unitID, sourceID]) else { continue }
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

    /// The score of every unit of the source language (the brute-force scan the index is
    /// checked against in the benchmark).
    public func bruteForceScores(_ text: String, from source: LanguageTag) throws -> [Int] {
        try pool.read { db in
            guard let sourceID = try existingLanguageID(db, source) else { return [] }
            let queryTokens = MatchTokenizer.tokens(text)
            var scores: [Int] = []
            let cursor = try String.fetchCursor(db, sql: "SELECT text FROM segments WHERE lang = ?", arguments: [sourceID])
            while let candidate = try cursor.next() {
                scores.append(FuzzyScore.score(queryTokens, MatchTokenizer.tokens(candidate), queryText: text,
                                               candidateText: candidate).score)
            }
            return scores.sorted(by: >)
        }
    }

    // MARK: Concordance

    /// A concordance hit: a unit whose source or target contains the words searched.
    public struct ConcordanceHit: Sendable {
        public var unitID: Int64
        public var language: LanguageTag
        /// The segment that contains the words.
        public var text: String
        /// UTF-8 byte range of the first occurrence in `text`.
        public var range: Range<Int>
        /// The same unit in the other language of the pair.
        public var translation: String?
    }

    /// Units whose text in either language of the pair contains `phrase` (case-insensitive),
    /// best ranked first (FTS5 trigram index; BM25). Phrases shorter than three characters,
    /// which the trigram index cannot serve, are found by a scan.
    public func concordance(
        _ phrase: String, from source: LanguageTag, to target: LanguageTag, limit: Int = 20
    ) throws -> [ConcordanceHit] {
        try pool.read { db in
            guard let sourceID = try existingLanguageID(db, source), let targetID = try existingLanguageID(db, target) else {
                return []
            }
            let languages: [Int64: LanguageTag] = [sourceID: source, targetID: target]
            var rows: [(unitID: Int64, language: Int64, text: String)] = []
            if phrase.unicodeScalars.count >= 3 {
                let quoted = "\"" + phrase.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                for row in try Row.fetchAll(db, sql: """
                    SELECT f.rowid AS rowid, s.text AS text FROM segments_fts f
                    JOIN segments s ON s.unit_id = f.rowid >> 8 AND s.lang = f.rowid & 255
                    WHERE segments_fts MATCH ? AND (f.rowid & 255) IN (?, ?)
                    ORDER BY f.rank LIMIT ?
                    """, arguments: [quoted, sourceID, targetID, limit]) {
                    let rowid: Int64 = row["rowid"]
                    rows.append((rowid >> 8, rowid & 255, row["text"]))
                }
            } else {
                for row in try Row.fetchAll(db, sql: """
                    SELECT unit_id, lang, text FROM segments WHERE lang IN (?, ?) AND instr(lower(text), lower(?)) > 0
                    ORDER BY length(text) LIMIT ?
                    """, arguments: [sourceID, targetID, phrase, limit]) {
                    rows.append((row["unit_id"], row["lang"], row["text"]))
                }
            }
            return try rows.map { row in
                let other = row.language == sourceID ? targetID : sourceID
                let translation = try String.fetchOne(db, sql: "SELECT text FROM segments WHERE unit_id = ? AND lang = ?",
                                                      arguments: [row.unitID, other])
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
