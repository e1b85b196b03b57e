import TMKitCore
import TMX

/// A translation memory wherever it is kept: one SQLite file (``TranslationMemory``) or a
/// database server a whole desk shares (the TeamMemory module's PostgreSQL store). Commands and
/// pretranslation hold `any MemoryStore` and do not know which; both backends keep the same
/// units, merge duplicates the same way and give the same matches, scores and order.
public protocol MemoryStore: AnyObject, Sendable {
    /// Where the memory is, for messages: a path, or a server address without its password.
    var location: String { get }

    /// Imports every unit of `reader` in transactions of `batchSize` units; `progress` gets the
    /// totals so far as batches commit. A unit with the same languages and texts as one in the
    /// memory updates its dates and usage count instead of adding a copy; each batch commits
    /// whole.
    func importUnits(from reader: some UnitReader, batchSize: Int, progress: ((TranslationMemory.ImportSummary) -> Void)?) throws
        -> TranslationMemory.ImportSummary

    /// Imports units held in memory (one transaction); `sourceLanguage` is the source of units
    /// that do not name one.
    func importUnits(_ units: [TranslationUnit], sourceLanguage: LanguageTag?) throws -> TranslationMemory.ImportSummary

    /// The best matches for `text`, best first (see
    /// ``TranslationMemory/lookup(_:from:to:minimumScore:limit:previousWasExact:candidates:)``).
    func lookup(_ text: String, from source: LanguageTag, to target: LanguageTag, minimumScore: Int, limit: Int,
                previousWasExact: Bool, candidates: Int) throws -> [TranslationMemory.Match]

    /// Units whose text in either language of the pair contains `phrase` (case-insensitive), best
    /// first, at most `limit`.
    func concordance(_ phrase: String, from source: LanguageTag, to target: LanguageTag, limit: Int) throws
        -> [TranslationMemory.ConcordanceHit]

    /// The language pairs the memory holds, with their unit counts, the largest first.
    func pairs() throws -> [(source: LanguageTag, target: LanguageTag, units: Int)]

    /// The pair to use: the one given, or the memory's pair that answers the one language given
    /// best, or its only pair.
    func resolvePair(from: LanguageTag?, to: LanguageTag?) throws -> (source: LanguageTag, target: LanguageTag)

    /// Counts the memory's units, pairs and languages and measures its storage.
    func statistics() throws -> TranslationMemory.Statistics

    /// Writes every unit (or those with a variant in `language`) to `writer`, as imported, in
    /// the order they were first imported; returns how many.
    func export(to writer: TMXWriter, language: LanguageTag?) throws -> Int

    /// What ``delete(containing:language:tuid:)`` would delete, deleting nothing: how many units,
    /// and the first `limit` with their tuid and the text that matched.
    func unitsToDelete(containing text: String?, language: LanguageTag?, tuid: String?, limit: Int) throws
        -> (count: Int, first: [(tuid: String?, text: String)])

    /// Deletes the units whose variant in `language` contains `text` (case-insensitive; the empty
    /// text: every unit with a variant in `language`), or that have the given `tuid`; returns how
    /// many.
    func delete(containing text: String?, language: LanguageTag?, tuid: String?) throws -> Int

    /// Sources with two or more different targets between the two languages, at most `limit`.
    func conflicts(from source: LanguageTag, to target: LanguageTag, limit: Int) throws -> [TranslationMemory.Conflict]

    /// Closes the memory; it cannot be used afterwards.
    func close() throws
}

extension TranslationMemory: MemoryStore {
    /// The memory file's path.
    public var location: String { path }
}
