import Foundation
import PostgresNIO
import TMKitCore
import TMX
import TranslationMemory

extension PostgresMemoryStore {
    // MARK: Export

    /// Writes every unit (or those with a variant in `language`) to `writer`, as imported, in
    /// the order they were first imported, from one snapshot, a page of units at a time.
    public func export(to writer: TMXWriter, language: LanguageTag? = nil) throws(MemoryError) -> Int {
        try reading { session in
            var filter: [Int64]?
            if let language {
                filter = try Self.languageIDs(session, language)
                if filter?.isEmpty == true { return 0 }
            }
            var tags: [Int64: String] = [:]
            for (id, tag) in try Self.languages(session) { tags[id] = tag }
            var count = 0
            var last: Int64 = 0
            let page: Int64 = 5000
            while true {
                let condition = filter == nil ? "" : "AND EXISTS (SELECT 1 FROM segments f WHERE f.unit_id = u.id AND f.lang = ANY($3))"
                var values: [any PostgresEncodable & Sendable] = [last, page]
                if let filter { values.append(filter) }
                let units = try session.query("""
                    SELECT u.id, u.body FROM units u WHERE u.id > $1 \(condition) ORDER BY u.id LIMIT $2
                    """, values)
                guard !units.rows.isEmpty else { break }
                var bodies: [(id: Int64, body: String)] = []
                for row in units { bodies.append((try row.value(0, as: Int64.self), try row.value(1, as: String.self))) }
                var texts: [Int64: [String: String]] = [:]
                for row in try session.query("SELECT unit_id, lang, text FROM segments WHERE unit_id = ANY($1)", [bodies.map(\.id)]) {
                    if let tag = tags[try row.value(1, as: Int64.self)] {
                        texts[try row.value(0, as: Int64.self), default: [:]][tag] = try row.value(2, as: String.self)
                    }
                }
                for (id, body) in bodies {
                    writer.write(try SQLiteMemoryStore.decode(body, texts: texts[id] ?? [:]))
                    count += 1
                }
                last = bodies[bodies.count - 1].id
            }
            return count
        }
    }

    // MARK: Delete

    /// The ids of the units whose variant in `language` contains `text` (case-insensitive; the
    /// empty text: every unit with a variant in `language`), or that have the given `tuid`.
    private func unitIDs(_ session: PostgresSession, containing text: String?, language: LanguageTag?, tuid: String?) throws -> [Int64] {
        var ids: [Int64] = []
        if let tuid {
            ids += try session.query("SELECT id FROM units WHERE tuid = $1 ORDER BY id", [tuid]).map { try $0.value(0, as: Int64.self) }
        }
        if let text {
            var sql = "SELECT unit_id FROM segments WHERE strpos(lower(text), lower($1)) > 0"
            var values: [any PostgresEncodable & Sendable] = [text]
            if let language {
                let languages = try Self.languageIDs(session, language)
                guard !languages.isEmpty else { return ids }
                sql += " AND lang = ANY($2)"
                values.append(languages)
            }
            ids += try session.query(sql + " ORDER BY unit_id, lang", values).map { try $0.value(0, as: Int64.self) }
        }
        return ids.uniqued()
    }

    /// What ``delete(containing:language:tuid:)`` would delete, deleting nothing: how many units,
    /// and the first `limit` (in the memory's order) with their tuid and the text of the variant
    /// that matched (else their first variant).
    public func unitsToDelete(containing text: String? = nil, language: LanguageTag? = nil, tuid: String? = nil, limit: Int = 10)
        throws(MemoryError) -> (count: Int, first: [(tuid: String?, text: String)])
    {
        try reading { session in
            let ids = try unitIDs(session, containing: text, language: language, tuid: tuid).sorted()
            // One query for the units listed, each with the variant that matched (else its first).
            let rows = try session.query("""
                SELECT u.tuid, (SELECT s.text FROM segments s WHERE s.unit_id = u.id
                                ORDER BY strpos(lower(s.text), lower($2)) = 0, s.lang LIMIT 1)
                FROM units u WHERE u.id = ANY($1) ORDER BY u.id
                """, [Array(ids.prefix(limit)), text ?? ""])
            let first = try rows.map { row in (try row.value(0, as: String?.self), try row.value(1, as: String?.self) ?? "") }
            return (ids.count, first)
        }
    }

    /// Deletes the units whose variant in `language` contains `text` (case-insensitive; the empty
    /// text: every unit with a variant in `language`), or that have the given `tuid`, and takes
    /// them out of the pair counts, in one transaction; returns how many.
    public func delete(containing text: String? = nil, language: LanguageTag? = nil, tuid: String? = nil) throws(MemoryError) -> Int {
        try writing("cannot delete") { session in
            let ids = try unitIDs(session, containing: text, language: language, tuid: tuid)
            guard !ids.isEmpty else { return 0 }
            try session.query("""
                UPDATE pairs p SET units = p.units - d.n FROM (
                    SELECT u.source_lang AS source, s.lang AS target, count(*) AS n FROM units u JOIN segments s ON s.unit_id = u.id
                    WHERE u.id = ANY($1) AND s.lang != u.source_lang GROUP BY u.source_lang, s.lang) d
                WHERE p.source = d.source AND p.target = d.target
                """, [ids], doing: "cannot delete")
            try session.query("DELETE FROM pairs WHERE units <= 0", doing: "cannot delete")
            // Postings keep the ids, which are never given again; lookups skip ids without a segment.
            try session.query("DELETE FROM segments WHERE unit_id = ANY($1)", [ids], doing: "cannot delete")
            try session.query("DELETE FROM units WHERE id = ANY($1)", [ids], doing: "cannot delete")
            return ids.count
        }
    }

    // MARK: Conflicts

    /// Sources with different targets between the two languages (see
    /// `SQLiteMemoryStore/conflicts(from:to:limit:)`): the same exact-match key with two or
    /// more distinct target texts, in the order the sources were first imported, the most
    /// recently changed target first.
    public func conflicts(from source: LanguageTag, to target: LanguageTag, limit: Int = 1_000) throws(MemoryError) -> [MemoryConflict] {
        try reading { session in
            let languages = try Self.languages(session)
            let sources = MatchEngine.matchingLanguages(languages, source).map(\.id)
            let targets = MatchEngine.matchingLanguages(languages, target).map(\.id)
            guard !sources.isEmpty, !targets.isEmpty else { return [] }
            let rows = try session.query("""
                WITH conflicting AS (
                    SELECT s.key, min(s.unit_id) AS first FROM segments s JOIN segments t ON t.unit_id = s.unit_id
                    WHERE s.lang = ANY($1) AND t.lang = ANY($2) AND s.key != $3
                    GROUP BY s.key HAVING count(DISTINCT t.text) > 1
                    ORDER BY first LIMIT $4
                )
                SELECT c.key, s.text, t.text, u.id, u.tuid, u.changed
                FROM conflicting c JOIN segments s ON s.key = c.key AND s.lang = ANY($1)
                JOIN segments t ON t.unit_id = s.unit_id AND t.lang = ANY($2)
                JOIN units u ON u.id = s.unit_id
                ORDER BY c.first, c.key, coalesce(u.changed, '') COLLATE "C" DESC, u.id DESC
                """, [sources, targets, stableHash(""), Int64(Swift.max(0, limit))])
            var conflicts: [MemoryConflict] = []
            var currentKey: Int64?
            for row in rows {
                let key = try row.value(0, as: Int64.self)
                let candidate = MemoryConflict.Candidate(
                    target: try row.value(2, as: String.self), unitID: try row.value(3, as: Int64.self),
                    tuid: try row.value(4, as: String?.self), changed: try row.value(5, as: String?.self))
                if key != currentKey {
                    currentKey = key
                    conflicts.append(MemoryConflict(source: try row.value(1, as: String.self), targets: [candidate]))
                } else if !conflicts[conflicts.count - 1].targets.contains(where: { $0.target == candidate.target }) {
                    conflicts[conflicts.count - 1].targets.append(candidate)
                }
            }
            return conflicts
        }
    }
}

extension PostgresMemoryStore {
    /// The memory's units as a `UnitReader` (see `StoredUnitReader`), a page at a time.
    public func unitReader() throws(MemoryError) -> StoredUnitReader {
        StoredUnitReader(header: try storedHeader()) { [self] after, limit in try units(after: after, limit: limit) }
    }

    /// Up to `limit` units with an id above `after`, in id order.
    func units(after: Int64, limit: Int) throws -> [(id: Int64, unit: TranslationUnit)] {
        try reading { session in
            var tags: [Int64: String] = [:]
            for (id, tag) in try Self.languages(session) { tags[id] = tag }
            var bodies: [(id: Int64, body: String)] = []
            for row in try session.query("SELECT id, body FROM units WHERE id > $1 ORDER BY id LIMIT $2", [after, Int64(limit)]) {
                bodies.append((try row.value(0, as: Int64.self), try row.value(1, as: String.self)))
            }
            guard !bodies.isEmpty else { return [] }
            var texts: [Int64: [String: String]] = [:]
            for row in try session.query("SELECT unit_id, lang, text FROM segments WHERE unit_id = ANY($1)", [bodies.map(\.id)]) {
                if let tag = tags[try row.value(1, as: Int64.self)] {
                    texts[try row.value(0, as: Int64.self), default: [:]][tag] = try row.value(2, as: String.self)
                }
            }
            return try bodies.map { ($0.id, try SQLiteMemoryStore.decode($0.body, texts: texts[$0.id] ?? [:])) }
        }
    }
}
