import Foundation
import PostgresNIO
import TMKitCore
import TranslationMemory

/// The server's side of ``MatchIndexReader``, inside one read transaction. The word lists are
/// counted first (their rows carry their unit counts) and read only when the lookup needs them:
/// the lists of the commonest words never cross the network.
struct PostgresMatchIndex: MatchIndexReader {
    let session: PostgresSession
    /// The store whose language cache to use; nil for a replica (which may lag: read every time).
    let store: PostgresMemoryStore?

    func languages() throws -> [(id: Int64, tag: String)] {
        try store?.cachedLanguages(session) ?? PostgresMemoryStore.languages(session)
    }

    func segments(language: Int64, key: Int64) throws -> [(unit: Int64, text: String)] {
        try session.query("SELECT unit_id, text FROM segments WHERE lang = $1 AND key = $2", [language, key])
            .map { (try $0.value(0, as: Int64.self), try $0.value(1, as: String.self)) }
    }

    func postingLists(language: Int64, words: [String]) throws -> [String: PostingList] {
        let keys = Self.keys(words)
        var lists: [String: PostingList] = [:]
        for row in try session.query("""
            SELECT token, sum(units_count)::bigint FROM postings WHERE lang = $1 AND token = ANY($2) GROUP BY token
            """, [language, Array(keys.keys)]) {
            guard let word = keys[try row.value(0, as: String.self)] else { continue }
            lists[word] = PostingList(count: Int(try row.value(1, as: Int64.self)), rows: nil)
        }
        return lists
    }

    func postingRows(language: Int64, words: [String]) throws -> [String: [Data]] {
        let keys = Self.keys(words)
        var rows: [String: [Data]] = [:]
        for row in try session.query("SELECT token, units FROM postings WHERE lang = $1 AND token = ANY($2) ORDER BY token, batch",
                                     [language, Array(keys.keys)]) {
            guard let word = keys[try row.value(0, as: String.self)] else { continue }
            rows[word, default: []].append(try row.value(1, as: Data.self))
        }
        return rows
    }

    /// The postings keys of `words`, each with its word.
    static func keys(_ words: [String]) -> [String: String] {
        var keys: [String: String] = [:]
        for word in words { keys[PostgresMemoryStore.indexToken(word)] = word }
        return keys
    }

    func corpusSize(language: Int64) throws -> (largestUnitID: Int, pairUnits: Int) {
        let row = try session.query("""
            SELECT (SELECT coalesce(max(id), 0) FROM units),
                   (SELECT coalesce(sum(units), 0)::bigint FROM pairs WHERE source = $1 OR target = $1)
            """, [language]).first
        return (Int(try row?.value(0, as: Int64.self) ?? 0), Int(try row?.value(1, as: Int64.self) ?? 0))
    }

    func segments(language: Int64, units: [Int64]) throws -> [(unit: Int64, text: String)] {
        try session.query("SELECT unit_id, text FROM segments WHERE lang = $1 AND unit_id = ANY($2)", [language, units])
            .map { (try $0.value(0, as: Int64.self), try $0.value(1, as: String.self)) }
    }

    func translations(of units: [(unit: Int64, source: Int64)], targets: [Int64]) throws
        -> [(unit: Int64, source: String, target: String, language: Int64, tuid: String?)]
    {
        guard !units.isEmpty else { return [] }
        return try session.query("""
            SELECT s.unit_id, s.text, t.text, t.lang, u.tuid
            FROM unnest($1::bigint[], $2::bigint[]) AS w(unit_id, lang)
            JOIN segments s ON s.unit_id = w.unit_id AND s.lang = w.lang
            JOIN segments t ON t.unit_id = s.unit_id AND t.lang = ANY($3)
            JOIN units u ON u.id = s.unit_id ORDER BY s.unit_id, t.lang
            """, [units.map(\.unit), units.map(\.source), targets]).map { row in
            (try row.value(0, as: Int64.self), try row.value(1, as: String.self), try row.value(2, as: String.self),
             try row.value(3, as: Int64.self), try row.value(4, as: String?.self))
        }
    }
}

extension PostgresMemoryStore {
    /// The best matches for `text`, best first: the same as the SQLite file's
    /// ``TranslationMemory/lookup(_:from:to:minimumScore:limit:previousWasExact:candidates:)``
    /// with the same units (one algorithm, ``MatchEngine``), read in one snapshot.
    public func lookup(
        _ text: String, from source: LanguageTag, to target: LanguageTag, minimumScore: Int = 70, limit: Int = 5,
        previousWasExact: Bool = false, candidates: Int = 3000
    ) throws -> [TranslationMemory.Match] {
        let query = MatchQuery(text: text, source: source, target: target, minimumScore: minimumScore, limit: limit,
                               previousWasExact: previousWasExact, candidates: candidates)
        return try readingReplica { session, isPrimary in
            try MatchEngine.lookup(query, in: PostgresMatchIndex(session: session, store: isPrimary ? self : nil))
        }
    }

    /// Units whose text in either language of the pair contains `phrase` (case-insensitive),
    /// found through the trigram index: in English and other spaced scripts the phrase starts a
    /// word (its last word of four or more letters may go on: `sanction` finds `sanctions`); in
    /// Korean and other unspaced scripts it may sit anywhere. The shortest segments first.
    public func concordance(
        _ phrase: String, from source: LanguageTag, to target: LanguageTag, limit: Int = 20
    ) throws -> [TranslationMemory.ConcordanceHit] {
        let limit = Swift.min(TranslationMemory.maximumConcordanceLimit, Swift.max(0, limit))
        let phrase = phrase.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !phrase.isEmpty, limit > 0 else { return [] }
        return try readingReplica { session, _ in
            let languages = try Self.languages(session)
            let sources = MatchEngine.matchingLanguages(languages, source), targets = MatchEngine.matchingLanguages(languages, target)
            guard !sources.isEmpty, !targets.isEmpty else { return [] }
            var tags: [Int64: LanguageTag] = [:]
            for (id, tag) in languages { tags[id] = LanguageTag(tag) }
            let sourceIDs = Set(sources.map(\.id))
            let searched = Array(sourceIDs.union(targets.map(\.id))).sorted()
            let pattern = Self.likeEscaped(phrase)
            let unspaced = phrase.unicodeScalars.contains(where: Script.isUnspaced)
            let words = phrase.split { !($0.isLetter || $0.isNumber) }
            let prefixAllowed = (words.last?.count ?? 0) >= 4
            var hits: [TranslationMemory.ConcordanceHit] = []
            var offset = 0
            let page = Swift.max(limit * 2, 64)
            while hits.count < limit {
                let rows = try session.query("""
                    SELECT unit_id, lang, text FROM segments WHERE lang = ANY($1) AND lower(text) LIKE '%' || lower($2) || '%'
                    ORDER BY length(text), unit_id, lang LIMIT $3 OFFSET $4
                    """, [searched, pattern, Int64(page), Int64(offset)])
                for row in rows where hits.count < limit {
                    let unitID = try row.value(0, as: Int64.self), language = try row.value(1, as: Int64.self)
                    let text = try row.value(2, as: String.self)
                    guard let range = Self.wordRange(of: phrase, in: text, unspaced: unspaced, prefixAllowed: prefixAllowed)
                    else { continue }
                    let others = sourceIDs.contains(language) ? targets : sources
                    var translation: String?
                    for other in others where other.id != language {
                        translation = try session.query("SELECT text FROM segments WHERE unit_id = $1 AND lang = $2",
                                                        [unitID, other.id]).first?.value(0, as: String.self)
                        if translation != nil { break }
                    }
                    hits.append(TranslationMemory.ConcordanceHit(
                        unitID: unitID, language: tags[language] ?? source, text: text, range: range, translation: translation))
                }
                guard rows.count == page else { break }
                offset += page
            }
            return hits
        }
    }

    /// `text` with LIKE's wildcards and its escape character taken literally.
    static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The UTF-8 byte range of the first occurrence of `phrase` in `text` (case-insensitive) that
    /// starts a word, and ends one unless `prefixAllowed`; any occurrence when `unspaced`.
    static func wordRange(of phrase: String, in text: String, unspaced: Bool, prefixAllowed: Bool) -> Range<Int>? {
        let lower = text.lowercased()
        let wanted = phrase.lowercased()
        // Lowercasing can change lengths (İ); the range is then given in the lowered text.
        var searchRange = lower.startIndex..<lower.endIndex
        func isWordCharacter(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
        while let found = lower.range(of: wanted, range: searchRange) {
            let before = found.lowerBound > lower.startIndex
                ? lower.unicodeScalars[lower.unicodeScalars.index(before: found.lowerBound)] : nil
            let after = found.upperBound < lower.endIndex ? lower.unicodeScalars[found.upperBound] : nil
            let startsWord = !isWordCharacter(before) || !isWordCharacter(wanted.unicodeScalars.first)
            let endsWord = prefixAllowed || !isWordCharacter(after) || !isWordCharacter(wanted.unicodeScalars.last)
            if unspaced || (startsWord && endsWord) {
                let start = lower.utf8.distance(from: lower.startIndex, to: found.lowerBound)
                return start..<(start + lower[found].utf8.count)
            }
            searchRange = lower.unicodeScalars.index(after: found.lowerBound)..<lower.endIndex
        }
        return nil
    }
}
