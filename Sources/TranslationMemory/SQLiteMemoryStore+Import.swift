@_spi(Internals) import TextAnalysis
import Foundation
import Synchronization
import GRDB
import TMKitCore
import TMX

extension SQLiteMemoryStore {
    /// Imports every unit of `reader` in transactions of `batchSize` units. A unit with the
    /// same languages and texts as one in the memory updates its dates and usage count. Each
    /// batch (units, segments, fuzzy postings, concordance lists) commits whole, so an
    /// interrupted import leaves the batches before it and nothing half-written.
    public func importUnits(
        from reader: some UnitReader, batchSize: Int = 20000, progress: ((ImportSummary) -> Void)? = nil
    ) throws -> ImportSummary {
        try importUnits(from: reader, batchSize: batchSize, keyLimit: ImportedKeys.limit, progress: progress)
    }

    /// `keyLimit`: how many duplicate keys an import into an empty memory holds before it builds
    /// the unique index (tests make it small).
    package func importUnits(
        from reader: some UnitReader, batchSize: Int, keyLimit: Int, progress: ((ImportSummary) -> Void)?
    ) throws -> ImportSummary {
        guard access == .write else { throw MemoryError("cannot import: the memory was opened read-only", file: path) }
        try beginUse()
        defer { endUse() }
        let header = try reader.readHeader()
        // A bulk import inserts into B-trees keyed by hashes: a large page cache (256 MB) and
        // fewer checkpoints (a WAL of up to 256 MB) keep those pages in memory instead of
        // rewriting them batch after batch.
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 65536")
            }
        } catch {
            throw Self.failure(error, path: path, doing: "cannot import", busyTimeout: busyTimeout)
        }
        defer {
            try? pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000")
                // Fold the WAL (up to 256 MB during an import) back into the file and shrink it.
                try db.checkpoint(.truncate)
            }
        }
        let path = self.path, busyTimeout = self.busyTimeout
        // Into an empty memory, the exact-match index (`segments_by_key`) and the duplicate-key
        // index (`units_by_dup_key`), both of hashes in random order, are built once at the end
        // instead of taking every row as it comes: each batch would touch pages all over them
        // (a million units: 87 s with the first, 65 s + 2.5 s without; 74 s with the second,
        // 68 s without). Meanwhile the import finds its own duplicates in `seen`. Every way out
        // builds both again; a writable open builds them if a killed import did not.
        let deferred: Bool
        do {
            deferred = try pool.write { db in
                guard try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM units)") == true else { return false }
                try db.execute(sql: "DROP INDEX IF EXISTS segments_by_key")
                try db.execute(sql: "DROP INDEX IF EXISTS units_by_dup_key")
                return true
            }
        } catch {
            throw Self.failure(error, path: path, doing: "cannot import", busyTimeout: busyTimeout)
        }
        let seen = Mutex<ImportedKeys?>(deferred ? ImportedKeys(limit: keyLimit) : nil)
        let summary: ImportSummary
        do {
            summary = try Self.importInBatches(
                from: reader, header: header, batchSize: batchSize, progress: progress, label: "tmkit.import.writer",
                write: { [pool] prepared, summary in
                    try pool.write { db in
                        try seen.withLock { seen in try Self.insert(prepared, into: db, summary: &summary, seen: &seen) }
                    }
                },
                failure: { Self.failure($0, path: path, doing: "cannot import", busyTimeout: busyTimeout) })
        } catch {
            if deferred { try? pool.write { db in try Self.buildDeferredIndexes(db) } }
            throw error
        }
        if deferred {
            do {
                try pool.write { db in try Self.buildDeferredIndexes(db) }
            } catch {
                var failure = Self.failure(error, path: path, doing: "cannot index the imported units", busyTimeout: busyTimeout)
                if !failure.isCorruption { failure.message += " (the units are kept; the next command that writes to the memory builds the index)" }
                throw failure
            }
        }
        return summary
    }

    /// The three stages of an import, whatever keeps the memory: this thread reads the next
    /// batch of `batchSize` units while a queue of its own prepares the one before (tokens, keys,
    /// JSON bodies) and `write` commits the one before that on another; at most two batches
    /// are between reading and committed. A failed batch stops the import with `failure`'s
    /// error, saying what the batches before it kept.
    package static func importInBatches(
        from reader: some UnitReader, header: TMXHeader, batchSize: Int, progress: ((ImportSummary) -> Void)?, label: String,
        write: @escaping @Sendable (PreparedBatch, inout ImportSummary) throws -> Void,
        failure: @escaping (any Error) -> MemoryError
    ) throws -> ImportSummary {
        // Any batch size works; the buffer only reserves what a sensible one needs.
        let batchSize = Swift.max(1, batchSize)
        let headerSource = header.sourceLanguage.flatMap(LanguageTag.init)
        let preparer = DispatchQueue(label: label + ".prepare")
        let writer = DispatchQueue(label: label)
        let inFlight = DispatchGroup()
        let slots = DispatchSemaphore(value: 2)
        let outcome = Mutex<(summary: ImportSummary, error: (any Error)?)>((ImportSummary(), nil))
        defer { inFlight.wait() }
        func awaitWriter() throws -> ImportSummary {
            inFlight.wait()
            return try reported()
        }
        /// The summary so far; the error of a failed batch, saying what the ones before kept.
        func reported() throws -> ImportSummary {
            let (summary, error) = outcome.withLock { $0 }
            if let error {
                // Wait for the batches under way (none is written after a failure).
                inFlight.wait()
                // The batches before this one are committed; this one rolled back whole.
                var failure = failure(error)
                let kept = summary.added + summary.updated
                if !failure.isCorruption {
                    failure.message += kept > 0 ? " (the \(kept) units of the batches before are kept; importing again completes it)"
                        : " (nothing was imported)"
                }
                throw failure
            }
            return summary
        }
        var batch: [TranslationUnit] = []
        batch.reserveCapacity(Swift.min(batchSize, 1 << 16))
        var lastReported = ImportSummary()
        func flush() throws {
            guard !batch.isEmpty else { return }
            let units = UnitsCarrier(batch)
            batch = []
            batch.reserveCapacity(Swift.min(batchSize, 1 << 16))
            let summary = try reported()
            if summary != lastReported && summary.added + summary.updated > 0 {
                progress?(summary)
                lastReported = summary
            }
            slots.wait()
            inFlight.enter()
            preparer.async {
                // The units are freed here, once prepared, off the reading thread.
                let prepared = BatchCarrier(prepare(units.take(), sourceLanguage: headerSource))
                writer.async {
                    defer {
                        inFlight.leave()
                        slots.signal()
                    }
                    guard outcome.withLock({ $0.error == nil }) else { return }
                    do {
                        var summary = outcome.withLock { $0.summary }
                        try write(prepared.batch, &summary)
                        outcome.withLock { $0.summary = summary }
                    } catch {
                        outcome.withLock { $0.error = error }
                    }
                    // The batch's many strings and arrays (about 60 M instructions a batch of 20,000
                    // units) are freed on another thread than the writer's.
                    releaseElsewhere(prepared.take())
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
        summary.skipped = reader.skippedUnits
        return summary
    }

    /// A batch of read units on its way to be prepared.
    private final class UnitsCarrier: @unchecked Sendable {
        // Set by the initializer; taken once by the preparing queue.
        private var value: [TranslationUnit]
        init(_ units: consuming [TranslationUnit]) { value = consume units }
        func take() -> [TranslationUnit] {
            var taken: [TranslationUnit] = []
            swap(&taken, &value)
            return taken
        }
    }

    /// A prepared batch on its way to the writer, taken out once written.
    private final class BatchCarrier: @unchecked Sendable {
        // Set by the initializer; read and taken by the writer's queue only.
        private var value: PreparedBatch?
        init(_ batch: consuming PreparedBatch) { value = consume batch }
        var batch: PreparedBatch { value ?? PreparedBatch() }
        func take() -> PreparedBatch? { value.take() }
    }

    /// Imports units held in memory (one transaction).
    public func importUnits(_ units: [TranslationUnit], sourceLanguage: LanguageTag?) throws(MemoryError) -> ImportSummary {
        var summary = ImportSummary()
        let prepared = Self.prepare(units, sourceLanguage: sourceLanguage)
        var seen: ImportedKeys?
        try writing("cannot import") { db in try Self.insert(prepared, into: db, summary: &summary, seen: &seen) }
        return summary
    }

    /// The units an import into an empty memory added, by duplicate key, while the unique index
    /// on `dup_key` waits for the import's end. Memory stays bounded: past `limit` keys the index
    /// is built and the import goes on with it.
    package struct ImportedKeys {
        var ids: [Int64: Int64] = [:]
        var limit: Int
        /// The newest unit id in the memory after this import's last batch.
        var newest: Int64 = 0
        /// The most a dictionary of 2^21 slots holds (32 MB of keys and ids; Swift grows it
        /// past three quarters full).
        package static let limit = 1_500_000
    }

    /// A unit ready to insert: everything that does not need the database, computed off the
    /// writer's thread.
    package struct PreparedUnit: Sendable {
        package struct Segment: Sendable {
            package var language: LanguageTag
            package var text: String
            package var key: Int64
            /// Whether the concordance index keeps its character bigrams (see ``ConcordanceIndex``).
            var grams: Bool
        }

        package var tuid: String?
        package var body: String
        package var dupKey: Int64
        package var created: String?
        package var changed: String?
        /// Who made this version: its `changeid`, else its `creationid`.
        package var changedBy: String?
        package var usage: Int
        package var segments: [Segment]
        /// The unit's source language (its srclang, the file's, or its first variant).
        package var source: LanguageTag
    }

    /// A batch ready to insert: its units, and its fuzzy postings by language, in word order.
    package struct PreparedBatch: Sendable {
        package struct Posting: Sendable {
            package var word: String
            /// Each unit's position in `units` and its segment's distinct-word count.
            package var entries: [(unit: Int32, distinctWords: UInt8)]
            /// The list encoded as if unit ids were position + 1: when the batch's units get
            /// consecutive ids, only the first gap changes.
            var encoded: [UInt8]
        }

        package var units: [PreparedUnit] = []
        package var postings: [(language: LanguageTag, words: [Posting])] = []
    }

    package static func prepare(_ units: [TranslationUnit], sourceLanguage: LanguageTag?) -> PreparedBatch {
        var batch = PreparedBatch()
        batch.units.reserveCapacity(units.count)
        // Each language's words, each with the batch's units that hold it: a batch has one to
        // three languages (a scan beats hashing a tag for every word), and words are looked up
        // by their bytes: word keys are NFKC case-folded and number keys are digits and
        // separators, which NFC leaves alone, so bytes decide as `String`'s canonical
        // equivalence did (whose hashing checks the normalization every time).
        struct LanguageWords {
            var language: LanguageTag
            var words = UTF8KeyTable()
            /// By word id: the units that hold the word, with their segments' distinct-word counts.
            var entries: [[(unit: Int32, distinctWords: UInt8)]] = []
            /// By word id: the last unit that held it (a word counts once a segment).
            var lastUnit: [Int32] = []
        }
        var languages: [LanguageWords] = []
        var segmentWords: [Int32] = []
        // Every variant's exact key, one after the other (``MatchTokenizer/exactKey(_:)``'s bytes).
        var keyBytes: [UInt8] = []
        var keyRanges: [Range<Int>] = []
        for unit in units {
            // The first variant of each language (units have two or three: a scan beats a set).
            var variants: [Variant] = []
            for variant in unit.variants where !variants.contains(where: { $0.language == variant.language }) {
                variants.append(variant)
            }
            guard !variants.isEmpty else { continue }
            let texts = variants.map { ($0.language, $0.content.plainText) }
            let position = Int32(batch.units.count)
            keyBytes.removeAll(keepingCapacity: true)
            keyRanges.removeAll(keepingCapacity: true)
            var segments: [PreparedUnit.Segment] = []
            segments.reserveCapacity(texts.count)
            for (language, text) in texts {
                let slot: Int
                if let found = languages.firstIndex(where: { $0.language == language }) {
                    slot = found
                } else {
                    slot = languages.count
                    languages.append(LanguageWords(language: language))
                }
                // The exact key's bytes (``MatchTokenizer/exactKey(_:)``), and the segment's
                // distinct words and numbers, each posted once with the count of distinct words.
                let keyStart = keyBytes.count
                segmentWords.removeAll(keepingCapacity: true)
                var distinctWords = 0
                var first = true
                // The tokens' keys as bytes (``MatchTokenizer/forEachToken(utf8:_:)``: no string
                // is made for a token).
                var utf8 = text
                utf8.withUTF8 { textBytes in
                    MatchTokenizer.forEachToken(utf8: textBytes) { kind, range, key in
                        guard kind != .punctuation else { return }
                        if !first { keyBytes.append(0x20) }
                        first = false
                        let bytes = key ?? UnsafeBufferPointer(rebasing: textBytes[range])
                        keyBytes.append(contentsOf: bytes)
                        guard kind == .word || kind == .number else { return }
                        let id = languages[slot].words.insert(bytes: bytes)
                        if Int(id) == languages[slot].entries.count {
                            languages[slot].entries.append([])
                            languages[slot].lastUnit.append(-1)
                        }
                        guard languages[slot].lastUnit[Int(id)] != position else { return }
                        languages[slot].lastUnit[Int(id)] = position
                        segmentWords.append(id)
                        if kind == .word { distinctWords += 1 }
                    }
                }
                keyRanges.append(keyStart..<keyBytes.count)
                let distinct = UInt8(Swift.min(255, distinctWords))
                for id in segmentWords { languages[slot].entries[Int(id)].append((position, distinct)) }
                let key = keyBytes.withUnsafeBufferPointer { stableHash(UnsafeBufferPointer(rebasing: $0[keyStart...])) }
                segments.append(PreparedUnit.Segment(language: language, text: text, key: key, grams: ConcordanceIndex.needsGrams(text)))
            }
            // The duplicate key: the parts in language order, each its exact key (its text
            // when the key is empty).
            let order = texts.indices.sorted { texts[$0].0 < texts[$1].0 }
            let dupKey = keyBytes.withUnsafeBufferPointer { keys in
                duplicateKey(order.map { index -> (LanguageTag, UnsafeBufferPointer<UInt8>?, String) in
                    let range = keyRanges[index]
                    return (texts[index].0, range.isEmpty ? nil : UnsafeBufferPointer(rebasing: keys[range]), texts[index].1)
                })
            }
            let declared = unit.sourceLanguage.flatMap(LanguageTag.init) ?? sourceLanguage
            let source = declared.flatMap { declared in LanguageTag.bestMatch(for: declared, in: texts) { $0.0 } }?.0 ?? texts[0].0
            batch.units.append(PreparedUnit(
                tuid: unit.id, body: body(of: unit), dupKey: dupKey,
                created: unit.attributes[named: "creationdate"], changed: unit.latestDate,
                changedBy: unit.attributes[named: "changeid"] ?? unit.attributes[named: "creationid"],
                usage: Int(unit.attributes[named: "usagecount"] ?? "") ?? 0, segments: segments, source: source))
        }
        // In key order (byte order: code point order, as `String` orders normalized keys).
        // Languages none of whose segments had a word or a number post nothing.
        batch.postings = languages.filter { $0.words.count > 0 }.map { language in
            let words = language.words
            let order = (0..<Int32(words.count)).sorted { a, b in
                words.withKey(a) { a in
                    words.withKey(b) { b in
                        let common = Swift.min(a.count, b.count)
                        let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                        return order != 0 ? order < 0 : a.count < b.count
                    }
                }
            }
            return (language.language, order.map { id in
                let entries = language.entries[Int(id)]
                return PreparedBatch.Posting(word: words.withKey(id) { String(decoding: $0, as: UTF8.self) }, entries: entries,
                                             encoded: Postings.encode(entries.map { ($0.unit + 1, $0.distinctWords) }))
            })
        }
        return batch
    }

    /// The key that makes two units duplicates: the hash of each language's tag and exact key
    /// (its `text` when the key is nil: empty), in language order, as `tag U+0001 key` joined by
    /// U+0002 — hashed piece by piece (``stableHash(_:)`` of the joined text, without building it).
    package static func duplicateKey(_ parts: [(LanguageTag, UnsafeBufferPointer<UInt8>?, String)]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func feed(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        @inline(__always) func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes { feed(byte) }
        }
        for (index, (language, key, text)) in parts.enumerated() {
            if index > 0 { feed(0x02) }
            var tag = language.normalized
            tag.withUTF8 { feed($0) }
            feed(0x01)
            if let key {
                feed(key)
            } else {
                var text = text
                text.withUTF8 { feed($0) }
            }
        }
        return Int64(bitPattern: hash)
    }

    /// Inserts a batch in the current transaction. `seen`, for an import into an empty memory,
    /// holds the units it added by duplicate key (the unique index is built at its end); nil,
    /// the index finds duplicates (built first if an import into the empty memory is under way).
    private static func insert(_ batch: PreparedBatch, into db: Database, summary: inout ImportSummary,
                               seen: inout ImportedKeys?) throws {
        // Without the index only while this import is the memory's only writer: when another
        // process added or deleted units since its last batch (two imports into one new memory,
        // each holding its own keys), or when it has seen too many keys, the index is built
        // (before any duplicate can go in) and decides from here on.
        if let keys = seen {
            let newest = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM units") ?? 0
            if newest != keys.newest || keys.ids.count + batch.units.count > keys.limit { seen = nil }
        }
        if seen == nil { try db.execute(sql: dupKeyIndex) }
        // The inserts run once a unit, a segment, a word: bound and stepped directly (`_RawInsert`).
        let insertUnit = try _RawInsert(db, sql: """
            INSERT OR IGNORE INTO units(id, tuid, body, dup_key, created, changed, usage_count, source_lang)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Ids are never reused, even after the newest units were deleted: the word postings keep
        // the ids of deleted units, which must not come to mean other units.
        var nextID = 1 + max(
            try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM tmkit_meta WHERE key = 'max_unit_id'") ?? 0,
            try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM units") ?? 0)
        let firstID = nextID
        let updateUnit = try db.cachedStatement(sql: """
            UPDATE units SET usage_count = max(usage_count, ?),
                changed = CASE WHEN changed IS NULL OR ? > changed THEN ? ELSE changed END
            WHERE id = ?
            """)
        let storedUnit = try db.cachedStatement(sql: "SELECT id, changed, usage_count, body FROM units WHERE dup_key = ?")
        let storedUnitByID = try db.cachedStatement(sql: "SELECT id, changed, usage_count, body FROM units WHERE id = ?")
        let rewriteBody = try db.cachedStatement(sql: "UPDATE units SET body = ? WHERE id = ?")
        let insertSegment = try _RawInsert(db, sql: "INSERT OR IGNORE INTO segments(unit_id, lang, text, key) VALUES (?, ?, ?, ?)")
        // The concordance lists of segments in unspaced scripts (spaced ones are found through
        // the word postings), made here as the units get their ids.
        var grams = ConcordanceIndex.GramBatch()
        let countPair = try db.cachedStatement(sql: """
            INSERT INTO pairs(source, target, units) VALUES (?, ?, ?)
            ON CONFLICT(source, target) DO UPDATE SET units = units + excluded.units
            """)
        var languageIDs: [LanguageTag: Int64] = [:]
        func id(_ tag: LanguageTag) throws -> Int64 {
            if let id = languageIDs[tag] { return id }
            let id = try languageID(db, tag)
            languageIDs[tag] = id
            return id
        }
        struct PairKey: Hashable { var source: Int64, target: Int64 }
        var pairCounts: [PairKey: Int] = [:]
        // The id each unit of the batch got; 0 for one already in the memory.
        var unitIDs = [Int64](repeating: 0, count: batch.units.count)
        for (position, unit) in batch.units.enumerated() {
            // The unit this one duplicates, when the import added it (`seen`) and it is still
            // there (a delete of another process may have taken it).
            let added = try seen?.ids[unit.dupKey].flatMap { try Row.fetchOne(storedUnitByID, arguments: [$0]) }
            let inserted = added != nil ? 0 : try insertUnit.run(
                .integer(nextID), .text(unit.tuid), .text(unit.body), .integer(unit.dupKey), .text(unit.created),
                .text(unit.changed), .integer(Int64(unit.usage)), .integer(try id(unit.source)))
            guard inserted > 0 else {
                // What is exported says so too: the newer version's date and author, the usage
                // (decided by the columns, which count the variants' dates too).
                guard let stored = try added ?? Row.fetchOne(storedUnit, arguments: [unit.dupKey]) else { continue }
                let storedID: Int64 = stored["id"]
                if let merged = Self.mergedBody(stored["body"], storedChanged: stored["changed"], storedUsage: stored["usage_count"],
                                                changed: unit.changed, changedBy: unit.changedBy, usage: unit.usage) {
                    try rewriteBody.execute(arguments: [merged, storedID])
                }
                try updateUnit.execute(arguments: [unit.usage, unit.changed ?? "", unit.changed, storedID])
                summary.updated += 1
                continue
            }
            let unitID = nextID
            nextID += 1
            seen?.ids[unit.dupKey] = unitID
            unitIDs[position] = unitID
            summary.added += 1
            for segment in unit.segments {
                let languageID = try id(segment.language)
                try insertSegment.run(.integer(unitID), .integer(languageID), .text(segment.text), .integer(segment.key))
                if segment.grams { grams.add(unit: unitID, language: languageID, text: segment.text) }
            }
            for segment in unit.segments where segment.language != unit.source {
                pairCounts[PairKey(source: try id(unit.source), target: try id(segment.language)), default: 0] += 1
            }
        }
        if nextID > firstID { seen?.newest = nextID - 1 }
        for (pair, count) in pairCounts {
            try countPair.execute(arguments: [pair.source, pair.target, count])
        }
        // This batch's postings, one row per word, in key order: appended, never rewritten.
        let batchNumber = (try Int64.fetchOne(db, sql: """
            SELECT CAST(value AS INTEGER) + 1 FROM tmkit_meta WHERE key = 'postings_batch'
            """)) ?? 1
        try db.execute(sql: "INSERT OR REPLACE INTO tmkit_meta(key, value) VALUES ('max_unit_id', ?)",
                       arguments: [String(nextID - 1)])
        try db.execute(sql: "INSERT OR REPLACE INTO tmkit_meta(key, value) VALUES ('postings_batch', ?)",
                       arguments: [String(batchNumber)])
        try grams.write(db, batch: batchNumber)
        let insertPosting = try _RawInsert(db, sql: "INSERT INTO postings(lang, token, batch, units_count, units) VALUES (?, ?, ?, ?, ?)")
        // Consecutive ids (no unit of the batch was there already): the lists encoded while
        // preparing need only their first gap rewritten.
        let base = unitIDs.first ?? 0
        let consecutive = base > 0 && unitIDs.last == base + Int64(unitIDs.count - 1) && !unitIDs.contains(0)
        var entries: [(id: Int32, distinctWords: UInt8)] = []
        for (language, words) in batch.postings {
            let languageID = try id(language)
            for posting in words {
                let blob: [UInt8]
                let count: Int
                if consecutive, let first = posting.entries.first {
                    blob = Postings.rebased(posting.encoded, firstID: UInt32(truncatingIfNeeded: base + Int64(first.unit)))
                    count = posting.entries.count
                } else {
                    entries.removeAll(keepingCapacity: true)
                    for entry in posting.entries where unitIDs[Int(entry.unit)] != 0 {
                        entries.append((Int32(truncatingIfNeeded: unitIDs[Int(entry.unit)]), entry.distinctWords))
                    }
                    guard !entries.isEmpty else { continue }
                    blob = Postings.encode(entries)
                    count = entries.count
                }
                try insertPosting.run(.integer(languageID), .text(posting.word), .integer(batchNumber), .integer(Int64(count)),
                                      .blob(blob))
            }
        }
    }

    /// The body of a stored unit that an import met again (same languages and texts), as it
    /// should now be exported. The stored unit's latest date and usage count are its columns'
    /// (`storedChanged`, `storedUsage`: the variants' dates count too). A version `changed`
    /// later gives its `changedate` and author (`changedBy`; none when it names no one); a
    /// larger `usage` its `usagecount`. Nil when nothing changes or the body cannot be read (it
    /// is kept as it is).
    package static func mergedBody(_ body: String, storedChanged: String?, storedUsage: Int,
                                   changed: String?, changedBy: String?, usage: Int) -> String? {
        let newer = changed.map { date in storedChanged.map { date > $0 } ?? true } ?? false
        let usage = usage > storedUsage ? usage : nil
        guard newer || usage != nil, case .object(var pairs)? = try? JSONValue.parse(body) else { return nil }
        // A unit imported without attributes (from a table) has no `attributes` yet.
        let index: Int
        if let found = pairs.firstIndex(where: { $0.0 == "attributes" }) {
            index = found
        } else {
            index = (pairs.firstIndex { $0.0 == "id" }).map { $0 + 1 } ?? 0
            pairs.insert(("attributes", .object([])), at: index)
        }
        guard case .object(var attributes) = pairs[index].1 else { return nil }
        func set(_ name: String, _ text: String?) {
            let at = attributes.firstIndex { $0.0 == name }
            switch (at, text) {
            case (let at?, let text?): attributes[at].1 = .string(text)
            case (nil, let text?): attributes.append((name, .string(text)))
            case (let at?, nil): attributes.remove(at: at)
            case (nil, nil): break
            }
        }
        if newer, let changed {
            set("changedate", changed)
            set("changeid", changedBy)
        }
        if let usage { set("usagecount", String(usage)) }
        pairs[index].1 = .object(attributes)
        return JSONValue.object(pairs).serialized()
    }

    // MARK: Export

    /// Writes every unit (or those with a variant in `language`) to `writer`, as imported.
    public func export(to writer: TMXWriter, language: LanguageTag? = nil) throws(MemoryError) -> Int {
        try reading { db in
            var filter = ""
            let arguments: StatementArguments = []
            if let language {
                guard let languages = try filteredLanguageList(db, language) else { return 0 }
                filter = "WHERE u.id IN (SELECT unit_id FROM segments WHERE lang IN \(languages.sql))"
            }
            var tags: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM languages") { tags[row["id"]] = row["tag"] }
            // One row per segment, in unit order: a unit's rows come together.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT u.id AS id, u.body AS body, s.lang AS lang, s.text AS text
                FROM units u LEFT JOIN segments s ON s.unit_id = u.id \(filter) ORDER BY u.id
                """, arguments: arguments)
            var count = 0
            var current: (id: Int64, body: String, texts: [String: String])?
            func flush() throws {
                guard let unit = current else { return }
                writer.write(try Self.decode(unit.body, texts: unit.texts))
                count += 1
            }
            while let row = try rows.next() {
                let id: Int64 = row["id"]
                if current?.id != id {
                    try flush()
                    current = (id, row["body"], [:])
                }
                if let language: Int64 = row["lang"], let tag = tags[language] {
                    current?.texts[tag] = row["text"]
                }
            }
            try flush()
            return count
        }
    }

    /// A unit's body: the unit as ``JSONLMemory`` writes it, except that a variant whose text
    /// has no inline codes is `null`: its text is the segment's, stored once.
    static func body(of unit: TranslationUnit) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        JSONLMemory.write(unit, plainVariantsAsNull: true, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``body(of:)`` through a tree of JSON values (what the test compares it with).
    package static func bodyThroughValues(of unit: TranslationUnit) -> String {
        guard case .object(var pairs) = JSONLMemory.encode(unit) else { return "" }
        for index in pairs.indices where pairs[index].0 == "variants" {
            if case .object(let variants) = pairs[index].1 {
                pairs[index].1 = .object(variants.map { tag, content in
                    if case .string = content { (tag, .null) } else { (tag, content) }
                })
            }
        }
        return JSONValue.object(pairs).serialized()
    }

    /// The unit of a body, its `null` variants filled with the segments' `texts` by language tag.
    package static func decode(_ body: String, texts: [String: String]) throws -> TranslationUnit {
        do {
            guard case .object(var pairs) = try JSONValue.parse(body) else {
                throw MemoryError("a unit in the memory cannot be read: not a JSON object")
            }
            for index in pairs.indices where pairs[index].0 == "variants" {
                if case .object(let variants) = pairs[index].1 {
                    pairs[index].1 = .object(try variants.map { tag, content in
                        guard case .null = content else { return (tag, content) }
                        guard let text = texts[tag] else {
                            throw MemoryError("a unit in the memory cannot be read: its \(tag) segment is missing")
                        }
                        return (tag, .string(text))
                    })
                }
            }
            return try JSONLMemory.decode(.object(pairs))
        } catch let error as MemoryError {
            throw error
        } catch {
            throw MemoryError("a unit in the memory cannot be read: \(error)")
        }
    }

    // MARK: Delete

    /// The ids of the units whose variant in `language` contains `text` (case-insensitive; the
    /// empty text: every unit with a variant in `language`), or that have the given `tuid`.
    private func unitIDs(_ db: Database, containing text: String?, language: LanguageTag?, tuid: String?) throws -> [Int64] {
        var ids: [Int64] = []
        if let tuid {
            ids += try Int64.fetchAll(db, sql: "SELECT id FROM units WHERE tuid = ?", arguments: [tuid])
        }
        if let text {
            var sql = "SELECT unit_id FROM segments WHERE instr(lower(text), lower(?)) > 0"
            let arguments: StatementArguments = [text]
            if let language {
                guard let languages = try filteredLanguageList(db, language) else { return ids }
                sql += " AND lang IN \(languages.sql)"
            }
            ids += try Int64.fetchAll(db, sql: sql, arguments: arguments)
        }
        return ids.uniqued()
    }

    /// What ``delete(containing:language:tuid:)`` would delete, deleting nothing: how many
    /// units, and the first `limit` of them (in the memory's order) with their tuid and the text
    /// of the variant that matched (else their first variant).
    public func unitsToDelete(containing text: String? = nil, language: LanguageTag? = nil, tuid: String? = nil, limit: Int = 10)
        throws(MemoryError) -> (count: Int, first: [(tuid: String?, text: String)])
    {
        try reading { db in
            let ids = try unitIDs(db, containing: text, language: language, tuid: tuid).sorted()
            // One statement for the units listed (ids are integers, written into the SQL), each
            // with the variant that matched, else its first.
            let listed = ids.prefix(limit).map(String.init).joined(separator: ",")
            let rows = try Row.fetchAll(db, sql: """
                SELECT u.tuid, (SELECT s.text FROM segments s WHERE s.unit_id = u.id
                                ORDER BY instr(lower(s.text), lower(?)) = 0, s.lang LIMIT 1)
                FROM units u WHERE u.id IN (\(listed)) ORDER BY u.id
                """, arguments: [text ?? ""])
            let first = rows.map { row -> (tuid: String?, text: String) in (row[0], row[1] ?? "") }
            return (ids.count, first)
        }
    }

    /// Deletes the units whose variant in `language` contains `text` (case-insensitive; the
    /// empty text: every unit with a variant in `language`), or that have the given `tuid`;
    /// returns how many.
    public func delete(containing text: String? = nil, language: LanguageTag? = nil, tuid: String? = nil) throws(MemoryError) -> Int {
        try writing("cannot delete") { db in
            let ids = try unitIDs(db, containing: text, language: language, tuid: tuid)
            let uncount = try db.makeStatement(sql: "UPDATE pairs SET units = units - 1 WHERE source = ? AND target = ?")
            for id in ids {
                let source = try Int64.fetchOne(db, sql: "SELECT source_lang FROM units WHERE id = ?", arguments: [id])
                for language in try Int64.fetchAll(db, sql: "SELECT lang FROM segments WHERE unit_id = ?", arguments: [id]) {
                    if let source, language != source { try uncount.execute(arguments: [source, language]) }
                }
                try db.execute(sql: "DELETE FROM segments WHERE unit_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM units WHERE id = ?", arguments: [id])
            }
            try db.execute(sql: "DELETE FROM pairs WHERE units <= 0")
            // The word postings and the concordance's bigram lists keep deleted ids; lookups and
            // concordance skip ids that no longer have a segment.
            return ids.count
        }
    }
}

/// How many units an import added, updated and skipped; the progress callback of
/// `importUnits(from:batchSize:progress:)` gets the totals so far as batches commit.
public struct ImportSummary: Sendable, Equatable {
    /// Units added.
    public var added = 0
    /// Units already in the memory (same languages, same texts): dates and usage count updated.
    public var updated = 0
    /// Units skipped as invalid by the reader.
    public var skipped = 0

    package init(added: Int = 0, updated: Int = 0, skipped: Int = 0) {
        self.added = added
        self.updated = updated
        self.skipped = skipped
    }
}

/// Posting lists: for each unit, ascending, the gap from the previous unit id as an LEB128
/// varint (one or two bytes in practice instead of four), then one byte: how many distinct
/// words the unit's segment has (at most 255), which bounds its score before it is read.
package enum Postings {
    /// `value` as an LEB128 varint: seven bits a byte, the high bit set on all but the last.
    @inline(__always)
    static func appendVarint(_ value: UInt32, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    package static func encode(_ entries: [(id: Int32, distinctWords: UInt8)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 4)
        var previous: UInt32 = 0
        for (id, distinctWords) in entries {
            appendVarint(UInt32(bitPattern: id) &- previous, to: &bytes)
            previous = UInt32(bitPattern: id)
            bytes.append(distinctWords)
        }
        return bytes
    }

    /// An encoded list with its first id (the gap from 0) replaced by `firstID`.
    static func rebased(_ encoded: [UInt8], firstID: UInt32) -> [UInt8] {
        var firstLength = 0
        while firstLength < encoded.count && encoded[firstLength] & 0x80 != 0 { firstLength += 1 }
        firstLength += 1
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count + 4)
        appendVarint(firstID, to: &bytes)
        bytes.append(contentsOf: encoded[firstLength...])
        return bytes
    }

    /// Encoded lists, each with its first id as a gap from 0, as one list holding every unit
    /// of each in turn: each list's first gap counted again from the last id of the list before
    /// it. The gaps wrap as the reader's sum does, so lists in any order of ids join.
    package static func joined(_ lists: [Data]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lists.reduce(0) { $0 + $1.count } + 5 * lists.count)
        var last: UInt32 = 0
        for list in lists {
            list.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                // The first gap's end and value, and the list's last id.
                var index = 0, end = 0, firstEnd = -1
                var first: UInt32 = 0, previous: UInt32 = 0
                while index < raw.count {
                    var value = UInt32(raw[index] & 0x7F)
                    var shift: UInt32 = 7
                    while raw[index] & 0x80 != 0 && index + 1 < raw.count {
                        index += 1
                        value |= UInt32(raw[index] & 0x7F) << shift
                        shift &+= 7
                    }
                    guard index + 1 < raw.count else { break }
                    if firstEnd < 0 {
                        firstEnd = index + 1
                        first = value
                    }
                    previous &+= value
                    index += 2
                    end = index
                }
                guard firstEnd >= 0 else { return }
                appendVarint(first &- last, to: &bytes)
                // The rest as it is, up to the last whole entry.
                bytes.append(contentsOf: raw[firstEnd..<end])
                last = previous
            }
        }
        return bytes
    }

    /// Calls `body` with each unit of an encoded list, in order: its id and its byte (the
    /// distinct-word count, or for the concordance's bigram lists the segment's length). A
    /// truncated last entry is left out.
    @inline(__always)
    static func forEachEntry(_ data: Data, _ body: (UInt32, UInt8) -> Void) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            let count = raw.count
            var index = 0
            var previous: UInt32 = 0
            while index < count {
                var value = UInt32(base[index] & 0x7F)
                var shift: UInt32 = 7
                while base[index] & 0x80 != 0 {
                    index += 1
                    guard index < count else { return }
                    value |= UInt32(base[index] & 0x7F) << shift
                    shift &+= 7
                }
                guard index + 1 < count else { return }
                previous &+= value
                body(previous, base[index + 1])
                index += 2
            }
        }
    }

    /// Appends each unit of an encoded list to `list` as `id << 8 | byte` (``forEachEntry(_:_:)``).
    static func decode(_ data: Data, into list: inout [UInt64]) {
        forEachEntry(data) { id, byte in list.append(UInt64(id) << 8 | UInt64(byte)) }
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
        let limit = weights.count
        forEachEntry(data) { id, words in
            let slot = Int(id)
            guard slot < limit else { return }
            if weights[slot] == 0 {
                guard opens else { return }
                touched.append(Int32(bitPattern: id))
                distinctWords[slot] = words
            }
            weights[slot] += idf
            shared[slot] &+= step
        }
    }
}


extension SQLiteMemoryStore {
    /// A memory in a folder of its own under the temporary directory, holding every unit of a
    /// memory file: what `--tm FILE.tmx` looks things up in. The folder goes with ``discard()``
    /// or when the value goes away.
    public final class Temporary {
        /// The temporary memory, opened for writing and holding the file's units.
        public let memory: SQLiteMemoryStore
        private let folder: URL

        fileprivate init(memory: SQLiteMemoryStore, folder: URL) {
            self.memory = memory
            self.folder = folder
        }

        /// Deletes the folder and the memory in it; the memory cannot be used afterwards.
        public func discard() { try? FileManager.default.removeItem(at: folder) }

        deinit { discard() }
    }

    /// Loads every unit of `reader` into a new temporary memory; nothing is left behind when
    /// reading or loading fails.
    public static func temporary(loading reader: some UnitReader) throws -> Temporary {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            let memory = try SQLiteMemoryStore(path: folder.appendingPathComponent("memory.sqlite").path)
            _ = try memory.importUnits(from: reader)
            return Temporary(memory: memory, folder: folder)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }
}
