import GRDB
import TMKitCore
import TMX

/// A translation memory wherever it is kept: one SQLite file (``SQLiteMemoryStore``) or a
/// database server a whole desk shares (the TeamMemory module's PostgreSQL store). Commands and
/// pretranslation hold `any MemoryStore` and do not know which; both backends keep the same
/// units, merge duplicates the same way and give the same matches, scores and order.
public protocol MemoryStore: AnyObject, Sendable {
    /// Where the memory is, for messages: a path, or a server address without its password.
    var location: String { get }

    /// Imports every unit of `reader` in transactions of `batchSize` units; `progress` gets the
    /// totals so far as batches commit. A unit with the same languages and texts as one in the
    /// memory updates its dates and usage count instead of adding a copy; each batch commits
    /// whole. Throws a ``MemoryError``, or what `reader` throws (a malformed file's error).
    func importUnits(from reader: some UnitReader, batchSize: Int, progress: ((ImportSummary) -> Void)?) throws
        -> ImportSummary

    /// Imports units held in memory (one transaction); `sourceLanguage` is the source of units
    /// that do not name one.
    func importUnits(_ units: [TranslationUnit], sourceLanguage: LanguageTag?) throws(MemoryError) -> ImportSummary

    /// The best matches for `text`, best first (see
    /// ``SQLiteMemoryStore/lookup(_:from:to:minimumScore:limit:previousWasExact:candidates:)``).
    func lookup(_ text: String, from source: LanguageTag, to target: LanguageTag, minimumScore: Int, limit: Int,
                previousWasExact: Bool, candidates: Int) throws(MemoryError) -> [MemoryMatch]

    /// Units whose text in either language of the pair contains `phrase` (case-insensitive), best
    /// first, at most `limit`.
    func concordance(_ phrase: String, from source: LanguageTag, to target: LanguageTag, limit: Int) throws(MemoryError)
        -> [ConcordanceHit]

    /// The language pairs the memory holds, with their unit counts, the largest first.
    func pairs() throws(MemoryError) -> [(source: LanguageTag, target: LanguageTag, units: Int)]

    /// The pair to use: the one given, or the memory's pair that answers the one language given
    /// best, or its only pair.
    func resolvePair(from: LanguageTag?, to: LanguageTag?) throws(MemoryError) -> (source: LanguageTag, target: LanguageTag)

    /// Counts the memory's units, pairs and languages and measures its storage.
    func statistics() throws(MemoryError) -> MemoryStatistics

    /// Writes every unit (or those with a variant in `language`) to `writer`, as imported, in
    /// the order they were first imported; returns how many.
    func export(to writer: TMXWriter, language: LanguageTag?) throws(MemoryError) -> Int

    /// What ``delete(containing:language:tuid:)`` would delete, deleting nothing: how many units,
    /// and the first `limit` with their tuid and the text that matched.
    func unitsToDelete(containing text: String?, language: LanguageTag?, tuid: String?, limit: Int) throws(MemoryError)
        -> (count: Int, first: [(tuid: String?, text: String)])

    /// Deletes the units whose variant in `language` contains `text` (case-insensitive; the empty
    /// text: every unit with a variant in `language`), or that have the given `tuid`; returns how
    /// many.
    func delete(containing text: String?, language: LanguageTag?, tuid: String?) throws(MemoryError) -> Int

    /// Sources with two or more different targets between the two languages, at most `limit`.
    func conflicts(from source: LanguageTag, to target: LanguageTag, limit: Int) throws(MemoryError) -> [MemoryConflict]

    /// The memory's units in the order they were first imported, read a page at a time (what
    /// `tm import` reads from another memory).
    func unitReader() throws(MemoryError) -> StoredUnitReader

    /// Closes the memory; it cannot be used afterwards.
    func close() throws(MemoryError)
}

extension SQLiteMemoryStore: MemoryStore {
    /// The memory file's path.
    public var location: String { path }
}

/// A memory's units in the order they were first imported, read a page at a time: what
/// `tm import` reads when its input is another memory (a file into a server, a server into a
/// file), losslessly: each unit comes back as it was imported.
public final class StoredUnitReader: UnitReader {
    private let header: TMXHeader
    private let page: (_ after: Int64, _ limit: Int) throws -> [(id: Int64, unit: TranslationUnit)]
    private var buffer: [(id: Int64, unit: TranslationUnit)] = []
    private var position = 0
    private var last: Int64 = 0
    private var finished = false

    /// A reader that gives `header`, then the units `page` returns (those after an id, at most a
    /// limit, in id order) until it returns none.
    public init(header: TMXHeader, page: @escaping (_ after: Int64, _ limit: Int) throws -> [(id: Int64, unit: TranslationUnit)]) {
        self.header = header
        self.page = page
    }

    /// The header the reader was made with.
    public func readHeader() -> TMXHeader { header }

    /// The next unit; nil after the last.
    public func next() throws -> TranslationUnit? {
        if position == buffer.count {
            guard !finished else { return nil }
            buffer = try page(last, 2000)
            position = 0
            guard let end = buffer.last else {
                finished = true
                return nil
            }
            last = end.id
        }
        position += 1
        return buffer[position - 1].unit
    }

    /// Always 0: every stored unit is valid.
    public var skippedUnits: Int { 0 }
}

extension MemoryStore {
    /// The header of a memory read as a file: its only pair's source language, else `*all*`.
    public func storedHeader() throws(MemoryError) -> TMXHeader {
        let pairs = try pairs()
        return .tmkit(sourceLanguage: Set(pairs.map(\.source)).count == 1 ? pairs[0].source.normalized : "*all*")
    }
}

extension SQLiteMemoryStore {
    /// The memory's units as a `UnitReader` (see ``StoredUnitReader``).
    public func unitReader() throws(MemoryError) -> StoredUnitReader {
        StoredUnitReader(header: try storedHeader()) { [self] after, limit in try units(after: after, limit: limit) }
    }

    /// Up to `limit` units with an id above `after`, in id order.
    func units(after: Int64, limit: Int) throws(MemoryError) -> [(id: Int64, unit: TranslationUnit)] {
        try reading { db in
            var tags: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM languages") { tags[row["id"]] = row["tag"] }
            let bodies = try Row.fetchAll(db, sql: "SELECT id, body FROM units WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, limit])
                .map { (id: $0["id"] as Int64, body: $0["body"] as String) }
            guard let first = bodies.first?.id, let last = bodies.last?.id else { return [] }
            var texts: [Int64: [String: String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT unit_id, lang, text FROM segments WHERE unit_id BETWEEN ? AND ?",
                                        arguments: [first, last]) {
                if let tag = tags[row["lang"]] { texts[row["unit_id"], default: [:]][tag] = row["text"] }
            }
            return try bodies.map { ($0.id, try Self.decode($0.body, texts: texts[$0.id] ?? [:])) }
        }
    }
}
