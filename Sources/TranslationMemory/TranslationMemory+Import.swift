import Foundation
import Synchronization
import GRDB
import TMKitCore
import TMX

extension TranslationMemory {
    public struct ImportSummary: Sendable, Equatable {
        /// Units added.
        public var added = 0
        /// Units already in the memory (same languages, same texts): dates and usage count updated.
        public var updated = 0
        /// Units skipped as invalid by the reader.
        public var skipped = 0
    }

    /// Imports every unit of `reader` in transactions of `batchSize` units. A unit with the
    /// same languages and texts as one in the memory updates its dates and usage count. Each
    /// batch (units, segments, fuzzy postings, full-text rows) commits whole, so an
    /// interrupted import leaves the batches before it and nothing half-written.
    public func importUnits(
        from reader: TMXReader, batchSize: Int = 20000, progress: ((ImportSummary) -> Void)? = nil
    ) throws -> ImportSummary {
        let header = try reader.readHeader()
        // A bulk import inserts into B-trees keyed by hashes: a large page cache and fewer
        // checkpoints keep those pages in memory instead of rewriting them batch after batch.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384")
        }
        defer {
            try? pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000")
                try db.checkpoint(.passive)
            }
        }
        let headerSource = header.sourceLanguage.flatMap(LanguageTag.init)
        // Two stages: this thread reads and prepares (tokens, keys, JSON bodies) the next batch
        // while the writer queue commits the previous one.
        let writer = DispatchQueue(label: "tmkit.import.writer")
        let inFlight = DispatchGroup()
        let outcome = Mutex<(summary: ImportSummary, error: (any Error)?)>((ImportSummary(), nil))
        defer { inFlight.wait() }
        func awaitWriter() throws -> ImportSummary {
            inFlight.wait()
            let (summary, error) = outcome.withLock { $0 }
            if let error { throw error }
            return summary
        }
        var batch: [TranslationUnit] = []
        batch.reserveCapacity(batchSize)
        func flush() throws {
            guard !batch.isEmpty else { return }
            let prepared = Self.prepare(batch, sourceLanguage: headerSource)
            batch.removeAll(keepingCapacity: true)
            let summary = try awaitWriter()
            if summary.added + summary.updated > 0 { progress?(summary) }
            inFlight.enter()
            writer.async { [pool] in
                defer { inFlight.leave() }
                do {
                    var summary = outcome.withLock { $0.summary }
                    try pool.write { db in try Self.insert(prepared, into: db, summary: &summary) }
                    outcome.withLock { $0.summary = summary }
                } catch {
                    outcome.withLock { $0.error = error }
                }
            }
        }
        while let unit = try reader.next() {
            batch.append(unit)
            if batch.count >= batchSize { try flush() }
        }
        try flush()
        var summary = try awaitWriter()
        progress?(summary)
        summary.skipped = reader.issues.filter { $0.kind == .skippedUnit }.count
        return summary
    }

    /// Imports units held in memory (one transaction).
    public func importUnits(_ units: [TranslationUnit], sourceLanguage: LanguageTag?) throws -> ImportSummary {
        var summary = ImportSummary()
        let prepared = Self.prepare(units, sourceLanguage: sourceLanguage)
        try pool.write { db in try Self.insert(prepared, into: db, summary: &summary) }
        return summary
    }

    /// A unit ready to insert: everything that does not need the database, computed off the
    /// writer's thread.
    struct PreparedUnit: Sendable {
        struct Segment: Sendable {
            var language: LanguageTag
            var text: String
            var key: Int64
            var words: Set<String>
            var distinctWords: UInt8
        }

        var tuid: String?
        var body: String
        var dupKey: Int64
        var created: String?
        var changed: String?
        var usage: Int
        var segments: [Segment]
        /// The unit's source language (its srclang, the file's, or its first variant).
        var source: LanguageTag
    }

    static func prepare(_ units: [TranslationUnit], sourceLanguage: LanguageTag?) -> [PreparedUnit] {
        units.compactMap { unit in
            var seen = Set<LanguageTag>()
            let variants = unit.variants.filter { seen.insert($0.language).inserted }
            guard !variants.isEmpty else { return nil }
            let texts = variants.map { ($0.language, $0.content.plainText) }
            let tokens = texts.map { MatchTokenizer.tokens($0.1) }
            let keys = tokens.map(MatchTokenizer.exactKey)
            let dupKey = stableHash(zip(texts, keys).sorted { $0.0.0 < $1.0.0 }
                .map { "\($0.0.0)\u{1}\($0.1.isEmpty ? $0.0.1 : $0.1)" }.joined(separator: "\u{2}"))
            let segments = texts.indices.map { index in
                PreparedUnit.Segment(
                    language: texts[index].0, text: texts[index].1, key: stableHash(keys[index]),
                    words: MatchTokenizer.indexWords(tokens[index]),
                    distinctWords: UInt8(Swift.min(255, Set(tokens[index].lazy.filter { $0.kind == .word }.map(\.key)).count)))
            }
            let declared = unit.sourceLanguage.flatMap(LanguageTag.init) ?? sourceLanguage
            let source = texts.first { declared.map($0.0.isWithin) ?? false }?.0 ?? texts[0].0
            return PreparedUnit(
                tuid: unit.id, body: JSONLMemory.encode(unit).serialized(), dupKey: dupKey,
                created: unit.attributes[named: "creationdate"], changed: unit.latestDate,
                usage: Int(unit.attributes[named: "usagecount"] ?? "") ?? 0, segments: segments, source: source)
        }
    }

    private static func insert(_ units: [PreparedUnit], into db: Database, summary: inout ImportSummary) throws {
        let insertUnit = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO units(tuid, body, dup_key, created, changed, usage_count) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let updateUnit = try db.cachedStatement(sql: """
            UPDATE units SET usage_count = usage_count + ?,
                changed = CASE WHEN changed IS NULL OR ? > changed THEN ? ELSE changed END
            WHERE dup_key = ?
            """)
        let insertSegment = try db.cachedStatement(sql: "INSERT OR IGNORE INTO segments(unit_id, lang, text, key) VALUES (?, ?, ?, ?)")
        let insertText = try db.cachedStatement(sql: "INSERT INTO segments_fts(rowid, text) VALUES (?, ?)")
        let countPair = try db.cachedStatement(sql: """
            INSERT INTO pairs(source, target, units) VALUES (?, ?, 1)
            ON CONFLICT(source, target) DO UPDATE SET units = units + 1
            """)
        var languageIDs: [LanguageTag: Int64] = [:]
        func id(_ tag: LanguageTag) throws -> Int64 {
            if let id = languageIDs[tag] { return id }
            let id = try languageID(db, tag)
            languageIDs[tag] = id
            return id
        }
        var postings: [Int64: [String: [(Int32, UInt8)]]] = [:]
        for unit in units {
            try insertUnit.execute(arguments: [unit.tuid, unit.body, unit.dupKey, unit.created, unit.changed, unit.usage])
            guard db.changesCount > 0 else {
                try updateUnit.execute(arguments: [unit.usage, unit.changed ?? "", unit.changed, unit.dupKey])
                summary.updated += 1
                continue
            }
            let unitID = db.lastInsertedRowID
            summary.added += 1
            for segment in unit.segments {
                let languageID = try id(segment.language)
                try insertSegment.execute(arguments: [unitID, languageID, segment.text, segment.key])
                try insertText.execute(arguments: [unitID << 8 | languageID, segment.text])
                for word in segment.words {
                    postings[languageID, default: [:]][word, default: []]
                        .append((Int32(truncatingIfNeeded: unitID), segment.distinctWords))
                }
            }
            for segment in unit.segments where segment.language != unit.source {
                try countPair.execute(arguments: [try id(unit.source), try id(segment.language)])
            }
        }
        // This batch's postings, one row per word: appended, never rewritten.
        let batch = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(batch), 0) + 1 FROM postings")) ?? 1
        let insertPosting = try db.cachedStatement(sql: "INSERT INTO postings(lang, token, batch, units) VALUES (?, ?, ?, ?)")
        for (language, words) in postings {
            for (word, ids) in words {
                try insertPosting.execute(arguments: [language, word, batch, Postings.encode(ids)])
            }
        }
    }

    // MARK: Export

    /// Writes every unit (or those with a variant in `language`) to `writer`, as imported.
    public func export(to writer: TMXWriter, language: LanguageTag? = nil) throws -> Int {
        try pool.read { db in
            var count = 0
            let sql: String
            var arguments: StatementArguments = []
            if let language, let id = try existingLanguageID(db, language) {
                sql = "SELECT body FROM units WHERE id IN (SELECT unit_id FROM segments WHERE lang = ?) ORDER BY id"
                arguments = [id]
            } else {
                sql = "SELECT body FROM units ORDER BY id"
            }
            let cursor = try String.fetchCursor(db, sql: sql, arguments: arguments)
            while let body = try cursor.next() {
                writer.write(try Self.decode(body))
                count += 1
            }
            return count
        }
    }

    static func decode(_ body: String) throws -> TranslationUnit {
        do {
            return try JSONLMemory.decode(JSONValue.parse(body))
        } catch {
            throw MemoryError("a unit in the memory cannot be read: \(error)")
        }
    }

    // MARK: Delete

    /// Deletes the units whose variant in `language` contains `text` (case-insensitive), or that
    /// have the given `tuid`; returns how many.
    public func delete(containing text: String? = nil, language: LanguageTag? = nil, tuid: String? = nil) throws -> Int {
        try pool.write { db in
            var ids: [Int64] = []
            if let tuid {
                ids += try Int64.fetchAll(db, sql: "SELECT id FROM units WHERE tuid = ?", arguments: [tuid])
            }
            if let text {
                var sql = "SELECT unit_id FROM segments WHERE instr(lower(text), lower(?)) > 0"
                var arguments: StatementArguments = [text]
                if let language {
                    guard let id = try existingLanguageID(db, language) else { return 0 }
                    sql += " AND lang = ?"
                    arguments += [id]
                }
                ids += try Int64.fetchAll(db, sql: sql, arguments: arguments)
            }
            for id in Set(ids) {
                // A contentless full-text table forgets a row when told its old text.
                let segments = try Row.fetchAll(db, sql: "SELECT lang, text FROM segments WHERE unit_id = ?", arguments: [id])
                for row in segments {
                    let language: Int64 = row["lang"]
                    let text: String = row["text"]
                    try db.execute(sql: "INSERT INTO segments_fts(segments_fts, rowid, text) VALUES ('delete', ?, ?)",
                                   arguments: [id << 8 | language, text])
                }
                try db.execute(sql: "DELETE FROM segments WHERE unit_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM units WHERE id = ?", arguments: [id])
            }
            // Postings keep deleted ids; lookups skip ids that no longer have a segment.
            return Set(ids).count
        }
    }
}

/// Posting lists: for each unit, ascending, the gap from the previous unit id as an LEB128
/// varint (one or two bytes in practice instead of four), then one byte: how many distinct
/// words the unit's segment has (at most 255), which bounds its score before it is read.
enum Postings {
    static func encode(_ entries: [(id: Int32, distinctWords: UInt8)]) -> Data {
        var data = Data()
        data.reserveCapacity(entries.count * 3)
        var previous: UInt32 = 0
        for (id, distinctWords) in entries {
            var gap = UInt32(bitPattern: id) &- previous
            previous = UInt32(bitPattern: id)
            while gap >= 0x80 {
                data.append(UInt8(gap & 0x7F) | 0x80)
                gap >>= 7
            }
            data.append(UInt8(gap))
            data.append(distinctWords)
        }
        return data
    }

    /// How many units an encoded list holds.
    static func count(_ data: Data) -> Int {
        data.withUnsafeBytes { raw in
            var count = 0, index = 0
            while index < raw.count {
                if raw[index] & 0x80 == 0 {
                    count += 1
                    index += 2
                } else {
                    index += 1
                }
            }
            return count
        }
    }

    /// Adds `idf` to `weights` and `step` to `shared` for each unit of an encoded list, and
    /// records its distinct-word count in `distinctWords`; units not seen before are appended
    /// to `touched` when `opens`, and otherwise skipped.
    static func accumulate(
        _ data: Data, idf: Float, step: UInt8, opens: Bool, weights: UnsafeMutableBufferPointer<Float>,
        shared: UnsafeMutableBufferPointer<UInt8>, distinctWords: UnsafeMutableBufferPointer<UInt8>,
        touched: inout [Int32]
    ) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            let count = raw.count, limit = weights.count
            var index = 0
            var previous: UInt32 = 0
            while index < count {
                var value = UInt32(base[index] & 0x7F)
                var shift: UInt32 = 7
                while base[index] & 0x80 != 0 {
                    index += 1
                    guard index < count else { return }
                    value |= UInt32(base[index] & 0x7F) << shift
                    shift += 7
                }
                guard index + 1 < count else { return }
                let words = base[index + 1]
                index += 2
                previous &+= value
                let slot = Int(previous)
                guard slot < limit else { continue }
                if weights[slot] == 0 {
                    guard opens else { continue }
                    touched.append(Int32(bitPattern: previous))
                    distinctWords[slot] = words
                }
                weights[slot] += idf
                shared[slot] &+= step
            }
        }
    }
}
