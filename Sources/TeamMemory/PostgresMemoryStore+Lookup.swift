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
    /// `SQLiteMemoryStore/lookup(_:from:to:minimumScore:limit:previousWasExact:candidates:)`
    /// with the same units (one algorithm, `MatchEngine`), read in one snapshot.
    public func lookup(
        _ text: String, from source: LanguageTag, to target: LanguageTag, minimumScore: Int = 70, limit: Int = 5,
        previousWasExact: Bool = false, candidates: Int = 3000
    ) throws(MemoryError) -> [MemoryMatch] {
        let query = MatchQuery(text, source, target, minimumScore, limit, previousWasExact, candidates)
        return try readingReplica { session, isPrimary in
            try MatchEngine.lookup(query, in: PostgresMatchIndex(session: session, store: isPrimary ? self : nil))
        }
    }
}
