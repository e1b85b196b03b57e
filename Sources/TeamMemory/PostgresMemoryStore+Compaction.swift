import Foundation
import NIOCore
import PostgresNIO
import TMKitCore
import TranslationMemory

/// Each import batch appends one postings row per word, so a million units imported in batches
/// of 20,000 leave fifty rows for every common word, each on a page of its own: a lookup read
/// about 1,400 heap pages for the words of one sentence (3 ms of the server's time for the
/// counts alone, as much again for the lists). After an import the rows of the words it touched
/// are merged, size-tiered (see ``rowsToMerge(_:)``). One import's batches end as one row per word;
/// a desk's many small imports leave a few rows per word (each more than twice all newer ones
/// together) instead of one more each time, and a common word's large row is rewritten only once
/// the rows after it have grown to half its size: each byte a logarithmic number of times.
///
/// The merge runs in short transactions under the writers' lock, a few hundred words each: a
/// reader (one snapshot per lookup) sees a word's rows before or after, never half of them.
extension PostgresMemoryStore {
    /// Words per merging transaction.
    static let compactionChunk = 500

    /// The postings keys an import touched, by language tag (collected batch by batch).
    struct TouchedWords: Sendable {
        var words: [LanguageTag: Set<String>] = [:]

        mutating func add(_ batch: SQLiteMemoryStore.PreparedBatch) {
            for (language, postings) in batch.postings {
                for posting in postings { words[language, default: []].insert(PostgresMemoryStore.indexToken(posting.word)) }
            }
        }
    }

    /// Rows this small always merge (a rare word's rows are a few bytes each, of any ratio).
    static let smallRow = 8192

    /// Of a word's rows (batch and byte length, oldest first), the batches to merge, oldest
    /// first: the newest rows from the oldest one that is at most twice as large as all the rows
    /// after it (or small). What stays is a few rows, each more than twice all newer ones
    /// together, so a word has at most a logarithm of rows and a byte is rewritten as often.
    /// Fewer than two: nothing to merge.
    static func rowsToMerge(_ rows: [(batch: Int64, length: Int)]) -> [Int64] {
        var newer = 0, from = rows.count
        for index in rows.indices.reversed() {
            if index < rows.count - 1 && rows[index].length <= Swift.max(2 * newer, smallRow) { from = index }
            newer += rows[index].length
        }
        return from >= rows.count - 1 ? [] : rows[from...].map(\.batch)
    }

    /// Merges the postings rows of `touched` words (see above), and vacuums the table when
    /// `vacuumAfter` rows or more went. Returns how many rows went.
    @discardableResult
    func compactPostings(_ touched: TouchedWords, vacuumAfter: Int = PostgresMemoryStore.vacuumAfter) throws(MemoryError) -> Int {
        let action = "the units were imported, but merging the word index failed (the next import merges it)"
        var removed = 0
        let languages: [(id: Int64, tag: String)]
        do {
            languages = try withSession { try Self.languages($0) }
        } catch {
            throw PostgresSession.failure(error, address: address, doing: action)
        }
        let languageIDs = Dictionary(languages.map { ($0.tag, $0.id) }, uniquingKeysWith: { first, _ in first })
        for (tag, words) in touched.words {
            guard let language = languageIDs[tag.normalized] else { continue }
            let all = words.sorted()
            var start = 0
            while start < all.count {
                let chunk = Array(all[start..<Swift.min(all.count, start + Self.compactionChunk)])
                start += chunk.count
                removed += try writing(action) { session in
                    try Self.compact(words: chunk, language: language, session: session, doing: action)
                }
            }
        }
        // The rows merged away leave their index entries and pages behind until a vacuum, and
        // the lookups right after a large import walk them (the first run after the 1M import
        // measured 16 ms a lookup, with autovacuum at work on the table; 9 ms once it was done).
        if removed >= vacuumAfter {
            do {
                _ = try withSession { session in try session.query("VACUUM (ANALYZE) postings", doing: action) }
            } catch {
                throw PostgresSession.failure(error, address: address, doing: action)
            }
        }
        return removed
    }

    /// Rows merged away past which the import vacuums the postings table itself.
    static let vacuumAfter = 10_000

    /// Merges the rows of `words` in `language` inside the caller's transaction (which holds the
    /// writers' lock); returns how many rows went.
    static func compact(words: [String], language: Int64, session: PostgresSession, doing action: String) throws -> Int {
        var plan: [String: [(batch: Int64, length: Int)]] = [:]
        for row in try session.query("""
            SELECT token, batch, length(units) FROM postings WHERE lang = $1 AND token = ANY($2) ORDER BY token, batch
            """, [language, words], doing: action) {
            plan[try row.value(0, as: String.self), default: []].append(
                (try row.value(1, as: Int64.self), Int(try row.value(2, as: Int32.self))))
        }
        // The rows to merge are each word's newest: from a batch on.
        var tokens: [String] = [], firstBatches: [Int64] = []
        for (word, rows) in plan {
            guard let first = rowsToMerge(rows).first else { continue }
            tokens.append(word)
            firstBatches.append(first)
        }
        guard !tokens.isEmpty else { return 0 }
        // The rows go and come back merged in one transaction; what the DELETE returned is what
        // is merged. (`token = ANY` keeps the plan on the primary key: joined with the
        // parameters' unnest alone, the generic plan scanned the whole table each time.)
        var taken: [String: [(batch: Int64, count: Int64, units: Data)]] = [:]
        for row in try session.query("""
            DELETE FROM postings p USING unnest($2::text[], $3::bigint[]) AS v(token, first_batch)
            WHERE p.lang = $1 AND p.token = ANY($2) AND p.token = v.token AND p.batch >= v.first_batch
            RETURNING p.token, p.batch, p.units_count, p.units
            """, [language, tokens, firstBatches], doing: action) {
            taken[try row.value(0, as: String.self), default: []].append(
                (try row.value(1, as: Int64.self), Int64(try row.value(2, as: Int32.self)), try row.value(3, as: Data.self)))
        }
        var mergedTokens: [String] = [], mergedBatches: [Int64] = [], counts: [Int64] = [], lists: [ByteBuffer] = []
        var removed = 0
        for (word, rows) in taken {
            let ordered = rows.sorted { $0.batch < $1.batch }
            mergedTokens.append(word)
            // The newest batch's key: rows of later imports still sort after it.
            mergedBatches.append(ordered.last!.batch)
            counts.append(ordered.reduce(0) { $0 + $1.count })
            lists.append(ByteBuffer(bytes: Postings.joined(ordered.map(\.units))))
            removed += ordered.count - 1
        }
        try session.query("""
            INSERT INTO postings(lang, token, batch, units_count, units)
            SELECT $1, token, batch, n, units FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bytea[]) AS v(token, batch, n, units)
            """, [language, mergedTokens, mergedBatches, counts, lists], doing: action)
        return removed
    }
}
