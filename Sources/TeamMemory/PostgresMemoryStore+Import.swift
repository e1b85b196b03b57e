import Foundation
import NIOCore
import PostgresNIO
import Synchronization
import TMKitCore
import TMX
import TranslationMemory

extension PostgresMemoryStore {
    /// A word as the postings table keys it: itself, or, past 512 bytes (a URL or a run of
    /// symbols, beyond what a B-tree key may hold), its first 400 bytes and a hash of the whole,
    /// still one key per word.
    static func indexToken(_ word: String) -> String {
        guard word.utf8.count > 512 else { return word }
        var prefix = Substring(word).utf8.prefix(400)
        while let last = prefix.last, last & 0xC0 == 0x80 { prefix = prefix.dropLast() }
        if let last = prefix.last, last >= 0xC0 { prefix = prefix.dropLast() }
        return String(decoding: prefix, as: UTF8.self) + "#" + String(UInt64(bitPattern: stableHash(word)), radix: 16)
    }

    /// Imports every unit of `reader` in transactions of `batchSize` units, as
    /// `SQLiteMemoryStore/importUnits(from:batchSize:progress:)` does: this thread reads and
    /// prepares the next batch while the previous one is written. Each batch commits whole; a
    /// killed import leaves the batches before it and nothing of the one it was writing.
    public func importUnits(
        from reader: some UnitReader, batchSize: Int = 20000, progress: ((ImportSummary) -> Void)? = nil
    ) throws -> ImportSummary {
        guard access == .write else { throw MemoryError("cannot import: the memory was opened read-only", file: location) }
        let location = self.location
        let touched = Mutex(TouchedWords())
        let summary: ImportSummary
        do {
            summary = try SQLiteMemoryStore.importInBatches(
                from: reader, header: try reader.readHeader(), batchSize: batchSize, progress: progress, label: "tmkit.team-memory.import",
                write: { [self] prepared, summary in
                    // The concordance keys are found on another thread while the server writes the
                    // batch's units, segments and postings.
                    let concordance = Self.concordanceLists(prepared, on: .global())
                    try writing("cannot import") { session in
                        try Self.insert(prepared, concordance: concordance, session: session, summary: &summary)
                    }
                    touched.withLock { $0.add(prepared) }
                },
                failure: { $0 as? MemoryError ?? MemoryError("cannot import: \($0)", file: location) })
        } catch {
            // The batches committed before the failure are merged all the same; the import's own
            // error is the one reported.
            _ = try? compactPostings(touched.withLock { $0 })
            throw error
        }
        try compactPostings(touched.withLock { $0 })
        return summary
    }

    /// Imports units held in memory (one transaction).
    public func importUnits(_ units: [TranslationUnit], sourceLanguage: LanguageTag?) throws(MemoryError) -> ImportSummary {
        var summary = ImportSummary()
        let prepared = SQLiteMemoryStore.prepare(units, sourceLanguage: sourceLanguage)
        let concordance = Self.concordanceLists(prepared, on: nil)
        try writing("cannot import") { session in
            try Self.insert(prepared, concordance: concordance, session: session, summary: &summary)
        }
        var touched = TouchedWords()
        touched.add(prepared)
        try compactPostings(touched)
        return summary
    }

    /// The concordance keys of a batch's segments, by language tag, with positions in the batch:
    /// found on `queue` (at once without one), and waited for when the returned function is called.
    static func concordanceLists(_ batch: SQLiteMemoryStore.PreparedBatch, on queue: DispatchQueue?)
        -> () -> [LanguageTag: ConcordanceKeys.Lists]
    {
        let find = { @Sendable in
            ConcordanceKeys.lists(batch.units.enumerated().lazy.flatMap { position, unit in
                unit.segments.lazy.map { (id: Int64(position), language: $0.language, text: $0.text) }
            })
        }
        guard let queue else {
            let lists = find()
            return { lists }
        }
        let result = Mutex<[LanguageTag: ConcordanceKeys.Lists]?>(nil)
        let done = DispatchGroup()
        queue.async(group: done) {
            let lists = find()
            result.withLock { $0 = lists }
        }
        return {
            done.wait()
            return result.withLock { $0 ?? [:] }
        }
    }

    /// Writes one prepared batch inside the writers' lock: the ids the SQLite file would give
    /// (one more than any id ever given, in the batch's order), units already there updated.
    static func insert(_ batch: SQLiteMemoryStore.PreparedBatch, concordance: () -> [LanguageTag: ConcordanceKeys.Lists], session: PostgresSession,
                       summary: inout ImportSummary) throws {
        let action = "cannot import"
        var languageIDs: [String: Int64] = [:]
        for (id, tag) in try languages(session) { languageIDs[tag] = id }
        func id(_ tag: LanguageTag) throws -> Int64 {
            if let id = languageIDs[tag.normalized] { return id }
            let id = (languageIDs.values.max() ?? 0) + 1
            try session.query("INSERT INTO languages(id, tag) VALUES ($1, $2)", [id, tag.normalized], doing: action)
            languageIDs[tag.normalized] = id
            return id
        }
        let keys = batch.units.map(\.dupKey)
        var present = Set(try session.query("SELECT dup_key FROM units WHERE dup_key = ANY($1)", [keys], doing: action)
            .map { try $0.value(0, as: Int64.self) })
        let meta = try session.query("""
            SELECT (SELECT value FROM tmkit_meta WHERE key = 'max_unit_id'), (SELECT max(id) FROM units),
                   (SELECT value FROM tmkit_meta WHERE key = 'postings_batch')
            """, doing: action).first
        let largest = Swift.max(Int64(try meta?.value(0, as: String?.self) ?? "0") ?? 0, try meta?.value(1, as: Int64?.self) ?? 0)
        let batchNumber = (Int64(try meta?.value(2, as: String?.self) ?? "0") ?? 0) + 1
        var nextID = largest + 1

        var unitIDs = [Int64](repeating: 0, count: batch.units.count)
        var ids: [Int64] = [], tuids: [String] = [], tuidNull: [Bool] = [], bodies: [String] = [], dupKeys: [Int64] = []
        var created: [String] = [], createdNull: [Bool] = [], changed: [String] = [], changedNull: [Bool] = []
        var usage: [Int64] = [], sources: [Int64] = []
        var segmentUnits: [Int64] = [], segmentLanguages: [Int64] = [], segmentTexts: [String] = [], segmentKeys: [Int64] = []
        struct Update { var usage: Int; var changed: String?; var changedBy: String? }
        var updates: [Int64: Update] = [:]
        struct PairKey: Hashable { var source: Int64, target: Int64 }
        var pairCounts: [PairKey: Int64] = [:]
        for (position, unit) in batch.units.enumerated() {
            if present.contains(unit.dupKey) {
                var update = updates[unit.dupKey] ?? Update(usage: unit.usage, changed: unit.changed, changedBy: unit.changedBy)
                update.usage = Swift.max(update.usage, unit.usage)
                if let date = unit.changed, update.changed.map({ date > $0 }) ?? true {
                    update.changed = date
                    update.changedBy = unit.changedBy
                }
                updates[unit.dupKey] = update
                summary.updated += 1
                continue
            }
            // PostgreSQL's text cannot hold U+0000 (a JSON Lines memory can): refused with the unit
            // named, the batches before kept.
            if unit.body.utf8.contains(0) || unit.segments.contains(where: { $0.text.utf8.contains(0) }) {
                throw MemoryError("\(action): a unit (\(unit.tuid.map { "tuid \($0)" } ?? "\(summary.added + summary.updated + 1) in this import")) holds a NUL character (U+0000), which PostgreSQL cannot store; remove it and import again")
            }
            present.insert(unit.dupKey)
            let unitID = nextID
            nextID += 1
            unitIDs[position] = unitID
            summary.added += 1
            let source = try id(unit.source)
            ids.append(unitID)
            tuids.append(unit.tuid ?? "")
            tuidNull.append(unit.tuid == nil)
            bodies.append(unit.body)
            dupKeys.append(unit.dupKey)
            created.append(unit.created ?? "")
            createdNull.append(unit.created == nil)
            changed.append(unit.changed ?? "")
            changedNull.append(unit.changed == nil)
            usage.append(Int64(unit.usage))
            sources.append(source)
            for segment in unit.segments {
                let language = try id(segment.language)
                segmentUnits.append(unitID)
                segmentLanguages.append(language)
                segmentTexts.append(segment.text)
                segmentKeys.append(segment.key)
                if language != source { pairCounts[PairKey(source: source, target: language), default: 0] += 1 }
            }
        }
        if !ids.isEmpty {
            try session.query("""
                INSERT INTO units(id, tuid, body, dup_key, created, changed, usage_count, source_lang)
                SELECT id, CASE WHEN tn THEN NULL ELSE tuid END, body, dup_key, CASE WHEN cn THEN NULL ELSE created END,
                       CASE WHEN hn THEN NULL ELSE changed END, usage, source
                FROM unnest($1::bigint[], $2::text[], $3::bool[], $4::text[], $5::bigint[], $6::text[], $7::bool[],
                            $8::text[], $9::bool[], $10::bigint[], $11::bigint[])
                     AS v(id, tuid, tn, body, dup_key, created, cn, changed, hn, usage, source)
                """, [ids, tuids, tuidNull, bodies, dupKeys, created, createdNull, changed, changedNull, usage, sources],
                doing: action)
            try session.query("""
                INSERT INTO segments(unit_id, lang, text, key) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[])
                """, [segmentUnits, segmentLanguages, segmentTexts, segmentKeys], doing: action)
        }
        if !updates.isEmpty {
            let keys = Array(updates.keys)
            // What is exported says so too: the newer version's date and author, the usage
            // (the bodies read and rewritten under the write lock this batch holds).
            var merged: [Int64: String] = [:]
            for row in try session.query("SELECT dup_key, changed, usage_count, body FROM units WHERE dup_key = ANY($1)", [keys],
                                         doing: action) {
                let key = try row.value(0, as: Int64.self), update = updates[key]!
                if let body = SQLiteMemoryStore.mergedBody(try row.value(3, as: String.self), storedChanged: try row.value(1, as: String?.self),
                                                           storedUsage: Int(try row.value(2, as: Int64.self)),
                                                           changed: update.changed, changedBy: update.changedBy, usage: update.usage) {
                    merged[key] = body
                }
            }
            try session.query("""
                UPDATE units u SET usage_count = greatest(u.usage_count, v.usage),
                    changed = CASE WHEN NOT v.hn AND (u.changed IS NULL OR v.changed > u.changed COLLATE "C") THEN v.changed
                                   ELSE u.changed END,
                    body = CASE WHEN v.bn THEN u.body ELSE v.body END
                FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bool[], $5::text[], $6::bool[])
                     AS v(dup_key, usage, changed, hn, body, bn)
                WHERE u.dup_key = v.dup_key
                """, [keys, keys.map { Int64(updates[$0]!.usage) }, keys.map { updates[$0]!.changed ?? "" },
                      keys.map { updates[$0]!.changed == nil }, keys.map { merged[$0] ?? "" }, keys.map { merged[$0] == nil }],
                doing: action)
        }
        if !pairCounts.isEmpty {
            let pairs = Array(pairCounts)
            try session.query("""
                INSERT INTO pairs(source, target, units) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])
                ON CONFLICT (source, target) DO UPDATE SET units = pairs.units + excluded.units
                """, [pairs.map(\.key.source), pairs.map(\.key.target), pairs.map(\.value)], doing: action)
        }
        // This batch's postings, one row per word, appended (merged after the import: see
        // `compactPostings(_:)`).
        var postingLanguages: [Int64] = [], tokens: [String] = [], counts: [Int64] = [], lists: [ByteBuffer] = []
        var entries: [(id: Int32, distinctWords: UInt8)] = []
        for (language, words) in batch.postings {
            let languageID = try id(language)
            for posting in words {
                entries.removeAll(keepingCapacity: true)
                for entry in posting.entries where unitIDs[Int(entry.unit)] != 0 {
                    entries.append((Int32(truncatingIfNeeded: unitIDs[Int(entry.unit)]), entry.distinctWords))
                }
                guard !entries.isEmpty else { continue }
                postingLanguages.append(languageID)
                tokens.append(Self.indexToken(posting.word))
                counts.append(Int64(entries.count))
                lists.append(ByteBuffer(bytes: Postings.encode(entries)))
            }
        }
        if !tokens.isEmpty {
            try session.query("""
                INSERT INTO postings(lang, token, batch, units_count, units)
                SELECT lang, token, $5, n, units FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[]) AS v(lang, token, n, units)
                """, [postingLanguages, tokens, counts, lists, batchNumber], doing: action)
        }
        var concordanceByID: [Int64: ConcordanceKeys.Lists] = [:]
        for (language, keys) in concordance() { concordanceByID[try id(language)] = keys }
        try ConcordanceKeys.insert(concordanceByID, unit: { unitIDs[Int($0)] == 0 ? nil : unitIDs[Int($0)] }, batch: batchNumber,
                                   session: session, doing: action)
        try session.query("""
            INSERT INTO tmkit_meta(key, value) VALUES ('max_unit_id', $1), ('postings_batch', $2)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, [String(nextID - 1), String(batchNumber)], doing: action)
    }
}
