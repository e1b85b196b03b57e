import Foundation
import GRDB
import Segmentation
import SharedTestData
import Testing
import TMKitCore
import TMX
@_spi(Internals) @testable import TranslationMemory
import Glossary
import Pretranslation

/// A scratch folder for memory files.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-tm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func unit(_ en: String, _ ko: String, id: String? = nil, date: String? = nil) -> TranslationUnit {
    TranslationUnit(id: id, attributes: date.map { [Attribute("changedate", $0)] } ?? [],
                    variants: [Variant(language: .english, text: en), Variant(language: .korean, text: ko)])
}

@Suite struct ScoreTests {
    @Test func exactAndNearExact() {
        #expect(FuzzyScore.score(query: "The order was approved.", candidate: "The order was approved.").score == 100)
        let spaced = FuzzyScore.score(query: "The order  was approved.", candidate: "The order was approved.")
        #expect(spaced.score == 100)
        #expect(spaced.differences == ["whitespace"])
        let cased = FuzzyScore.score(query: "The Order was approved.", candidate: "The order was approved.")
        #expect(cased.score == 99)
        #expect(cased.differences == ["case"])
        #expect(FuzzyScore.score(query: "The order was approved!", candidate: "The order was approved.").differences == ["punctuation"])
    }

    @Test func numbersOnlyScore99AndAreSubstituted() {
        let score = FuzzyScore.score(query: "Rice cost 6,500 won in 2016.", candidate: "Rice cost 6,200 won in 2015.")
        #expect(score.score == 99)
        #expect(score.differences == ["numbers"])
        #expect(score.substitutingNumbers(in: "2015년 쌀값은 6,200원이었다.") == "2016년 쌀값은 6,500원이었다.")
    }

    @Test func koreanParticlesAreSmallDifferences() {
        let score = FuzzyScore.score(query: "인민보안부가 지시를 내렸다.", candidate: "인민보안부는 지시를 내렸다.")
        #expect(score.score == 99)
        #expect(score.differences == ["particles"])
    }

    @Test func fuzzyScoreIsTheDocumentedFormula() {
        // 8 words + 1 full stop (0.2): one word substituted → d = 1, n = 8.2 → floor(87.8) = 87.
        #expect(FuzzyScore.score(query: "The order was approved by the Central Party.",
                                 candidate: "The order was issued by the Central Party.").score == 87)
        // One word deleted: d = 1, n = 8.2 (the longer) → 87.
        #expect(FuzzyScore.score(query: "The order was approved by the Central Party.",
                                 candidate: "The order was approved by the Party.").score == 87)
        #expect(FuzzyScore.score(query: "Completely different words here.", candidate: "The order was approved.").score < 30)
    }
}

@Suite struct MemoryTests {
    let scratch: Scratch
    let memory: SQLiteMemoryStore

    init() throws {
        scratch = try Scratch()
        memory = try SQLiteMemoryStore(path: scratch.path("memory.sqlite"))
    }

    @Test func importExportIsLossless() throws {
        let reader = try TMXReader(path: root.appendingPathComponent("Tests/TMXTests/Fixtures/inline-codes.tmx").path)
        let summary = try memory.importUnits(from: reader)
        #expect(summary == ImportSummary(added: 3, updated: 0, skipped: 0))
        let sink = CapturedOutput()
        let writer = TMXWriter(sink: sink, header: .tmkit(sourceLanguage: "en-US"))
        #expect(try memory.export(to: writer) == 3)
        writer.finish()
        let again = TMXReader(bytes: sink.bytes)
        _ = try again.readHeader()
        var exported: [TranslationUnit] = []
        while let unit = try again.next() { exported.append(unit) }
        let original = try TMXReader(path: root.appendingPathComponent("Tests/TMXTests/Fixtures/inline-codes.tmx").path)
        _ = try original.readHeader()
        var units: [TranslationUnit] = []
        while let unit = try original.next() { units.append(unit) }
        #expect(exported == units)
    }

    /// en answers en, en-US and en-GB in every operation, not only lookup; in lookups en-US
    /// answers en-US and falls back to the plain en, never en-GB.
    @Test func everyOperationMatchesLanguagesAfterRFC4647() throws {
        func tagged(_ en: String, _ enTag: String, _ ko: String, _ koTag: String, id: String) -> TranslationUnit {
            TranslationUnit(id: id, variants: [Variant(language: LanguageTag(enTag)!, text: en),
                                               Variant(language: LanguageTag(koTag)!, text: ko)])
        }
        _ = try memory.importUnits([
            tagged("The border was sealed.", "en", "국경이 봉쇄됐다.", "ko", id: "plain"),
            tagged("The border guards were arrested.", "en-US", "국경경비대원들이 체포됐다.", "ko-KR", id: "us"),
            tagged("The border market reopened.", "en-GB", "국경 시장이 다시 열렸다.", "ko-KR", id: "gb"),
        ], sourceLanguage: .english)
        let english = try memory.concordance("border", from: .english, to: .korean)
        #expect(Set(english.map(\.unitID)).count == 3)
        #expect(Set(english.map(\.language.normalized)) == ["en", "en-US", "en-GB"])
        #expect(english.allSatisfy { $0.translation != nil })
        let american = try memory.concordance("border", from: LanguageTag("en-US")!, to: LanguageTag("ko-KR")!)
        #expect(american.compactMap(\.translation).sorted() == ["국경경비대원들이 체포됐다.", "국경이 봉쇄됐다."])

        func exported(_ language: String) throws -> Int {
            try memory.export(to: TMXWriter(sink: CapturedOutput(), header: .tmkit(sourceLanguage: "en")), language: LanguageTag(language)!)
        }
        // Export and delete select a set (basic filtering): en-US is en-US only, no fallback to en.
        #expect(try exported("en") == 3)
        #expect(try exported("en-US") == 1)
        #expect(try exported("ko-KR") == 2)
        #expect(try exported("ko-KP") == 0)
        #expect(try exported("ja") == 0)
        #expect(try memory.resolvePair(from: LanguageTag("en-GB")!, to: nil).source == LanguageTag("en-GB")!)

        #expect(try memory.delete(containing: "border", language: LanguageTag("en-GB")!) == 1)
        #expect(try memory.delete(containing: "border", language: .english) == 2)
        #expect(try memory.statistics().units == 0)
    }

    @Test func duplicatesUpdateUsageInsteadOfAddingCopies() throws {
        _ = try memory.importUnits([unit("The border was sealed.", "국경이 봉쇄됐다.", date: "20150101T000000Z")], sourceLanguage: .english)
        let second = try memory.importUnits([unit("The  border was sealed.", "국경이 봉쇄됐다.", date: "20160101T000000Z")],
                                            sourceLanguage: .english)
        #expect(second == ImportSummary(added: 0, updated: 1, skipped: 0))
        #expect(try memory.statistics().units == 1)
    }

    @Test func lookupKinds() throws {
        _ = try memory.importUnits([
            unit("The order was approved by the Central Party.", "이번 지시는 중앙당의 비준을 받았다.", id: "a"),
            unit("Rice cost 6,200 won in 2015.", "2015년 쌀값은 6,200원이었다.", id: "b"),
            unit("The source said residents are worried.", "소식통은 주민들이 걱정하고 있다고 말했다.", id: "c"),
        ], sourceLanguage: .english)
        let exact = try memory.lookup("The order was approved by the Central Party.", from: .english, to: .korean)
        #expect(exact.map(\.score) == [100])
        #expect(exact.first?.kind == .exact)
        #expect(exact.first?.tuid == "a")
        let numbers = try memory.lookup("Rice cost 6,500 won in 2016.", from: .english, to: .korean)
        #expect(numbers.first?.score == 99)
        #expect(numbers.first?.target == "2016년 쌀값은 6,500원이었다.")
        let fuzzy = try memory.lookup("The order was issued by the Central Party.", from: .english, to: .korean)
        #expect(fuzzy.first?.score == 87)
        #expect(fuzzy.first?.kind == .fuzzy)
        #expect(try memory.lookup("Nothing like this is stored.", from: .english, to: .korean).isEmpty)
        let context = try memory.lookup("The order was approved by the Central Party.", from: .english, to: .korean,
                                        previousWasExact: true)
        #expect(context.first?.score == 101)
        #expect(context.first?.kind == .context)
        // The other direction.
        #expect(try memory.lookup("소식통은 주민들이 걱정하고 있다고 말했다.", from: .korean, to: .english).first?.target
            == "The source said residents are worried.")
    }

    @Test func concordanceUsesTheIndexAndScansShortPatterns() throws {
        _ = try memory.importUnits([
            unit("Security cadres were dispatched.", "보안 간부들이 파견됐다."),
            unit("The market was closed.", "장마당이 문을 닫았다."),
        ], sourceLanguage: .english)
        let hits = try memory.concordance("cadres were", from: .english, to: .korean)
        #expect(hits.map(\.text) == ["Security cadres were dispatched."])
        #expect(hits.first?.translation == "보안 간부들이 파견됐다.")
        #expect(hits.first?.range == 9..<20)
        let short = try memory.concordance("간부", from: .english, to: .korean)
        #expect(short.map(\.text) == ["보안 간부들이 파견됐다."])
        #expect(short.first?.language == .korean)
    }

    @Test func concordanceFindsKoreanInsideLongerWordsAndEnglishWordBeginnings() throws {
        _ = try memory.importUnits([
            unit("The State Security Department sent agents.", "국가안전보위부가 요원들을 보냈다."),
            unit("New sanctions were announced.", "새로운 대북 제재가 발표됐다."),
            unit("Officials sanctioned the traders.", "간부들이 상인들을 처벌했다."),
            unit("Security agents patrol the border.", "보위원들이 국경을 순찰한다."),
            unit("The sanctuary was closed.", "보호구역이 폐쇄됐다."),
        ], sourceLanguage: .english)
        // A Korean term inside a compound, with the particle attached.
        let compound = try memory.concordance("보위부", from: .english, to: .korean)
        #expect(compound.map(\.text) == ["국가안전보위부가 요원들을 보냈다."])
        #expect(compound.first?.translation == "The State Security Department sent agents.")
        // All the trigrams of 보위원 are not enough: the characters must be contiguous.
        #expect(try memory.concordance("보위원", from: .english, to: .korean).map(\.text) == ["보위원들이 국경을 순찰한다."])
        // The last English word matches as a prefix; the words before it whole.
        #expect(Set(try memory.concordance("sanction", from: .english, to: .korean).map(\.text))
                == ["New sanctions were announced.", "Officials sanctioned the traders."])
        #expect(try memory.concordance("security agents", from: .english, to: .korean).map(\.text)
                == ["Security agents patrol the border."])
        // Latin text inside a Korean segment is found through its characters.
        _ = try memory.importUnits([unit("Daily NK reported it.", "Daily NK가 이를 보도했다.")], sourceLanguage: .english)
        #expect(Set(try memory.concordance("Daily NK", from: .english, to: .korean).map(\.text))
                == ["Daily NK reported it.", "Daily NK가 이를 보도했다."])
        // A short Latin term inside Korean text, as a word of its own.
        _ = try memory.importUnits([unit("The Security Council met.", "UN은 제재를 부과했다."),
                                    unit("A fund was set up.", "기금이 만들어졌다.")], sourceLanguage: .english)
        #expect(try memory.concordance("UN", from: .english, to: .korean).map(\.text) == ["UN은 제재를 부과했다."])
        // Deleted units leave both indexes.
        #expect(try memory.delete(containing: "보위부", language: .korean) == 1)
        #expect(try memory.concordance("보위부", from: .english, to: .korean).isEmpty)
        #expect(try memory.concordance("State Security", from: .english, to: .korean).isEmpty)
    }

    @Test func idsOfDeletedUnitsAreNotReused() throws {
        _ = try memory.importUnits([unit("The first report came in.", "첫 보고가 들어왔다."),
                                    unit("Border guards were moved to Hyesan.", "국경경비대가 혜산으로 이동했다.")],
                                   sourceLanguage: .english)
        let deletedID = try #require(try memory.lookup("Border guards were moved to Hyesan.", from: .english, to: .korean).first?.unitID)
        #expect(try memory.delete(containing: "Hyesan", language: .english) == 1)
        _ = try memory.importUnits([unit("Rice prices rose in the market.", "장마당 쌀값이 올랐다.")], sourceLanguage: .english)
        let added = try #require(try memory.lookup("Rice prices rose in the market.", from: .english, to: .korean).first)
        #expect(added.unitID > deletedID)
        // The deleted unit's postings point nowhere: a query with its words finds nothing.
        #expect(try memory.lookup("Border guards were moved to Hyesan.", from: .english, to: .korean).isEmpty)
    }

    /// Schema 5 makes the duplicate key's uniqueness an index of its own: the units table is
    /// made again without losing a segment (its foreign key would cascade), and the memory
    /// answers and merges as before.
    @Test func aVersion4MemoryGetsItsDuplicateKeyIndex() throws {
        let pairs = [("Security cadres were dispatched to the border.", "국가안전보위부 간부들이 국경에 파견됐다."),
                     ("The market was closed on Tuesday.", "장마당이 화요일에 문을 닫았다."),
                     ("Border guards were dispatched.", "국경경비대가 파견됐다.")]
        _ = try memory.importUnits(pairs.map { unit($0.0, $0.1) }, sourceLanguage: .english)
        func contents(_ store: SQLiteMemoryStore) throws -> [[String]] {
            try store.pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT u.id, u.tuid, u.body, u.dup_key, u.changed, u.usage_count, u.source_lang, s.lang, s.text, s.key
                    FROM units u JOIN segments s ON s.unit_id = u.id ORDER BY u.id, s.lang
                    """).map { row in row.databaseValues.map(\.description) }
            }
        }
        let before = try contents(memory)
        let concordance = try memory.concordance("보위부", from: .english, to: .korean).map(\.text)
        #expect(concordance == ["국가안전보위부 간부들이 국경에 파견됐다."])
        try memory.pool.write { db in try db.execute(sql: SchemaFour.downgrade) }
        let downgraded = try memory.pool.read { db in try db.indexes(on: "units").map(\.name) }
        #expect(!downgraded.contains("units_by_dup_key"))
        try memory.pool.close()
        let migrated = try SQLiteMemoryStore(path: memory.path, create: false)
        #expect(try migrated.statistics().schemaVersion == SQLiteMemoryStore.schemaVersion)
        #expect(try contents(migrated) == before)
        #expect(before.count == 6)
        let (indexes, brokenKeys, keysOn) = try migrated.pool.read { db in
            (try db.indexes(on: "units"), try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"),
             try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(indexes.contains { $0.name == "units_by_dup_key" && $0.isUnique })
        #expect(brokenKeys.isEmpty)
        #expect(keysOn == true)
        #expect(try migrated.check().isSound)
        #expect(try migrated.concordance("보위부", from: .english, to: .korean).map(\.text) == concordance)
        #expect(try migrated.lookup(pairs[1].0, from: .english, to: .korean).first?.score == 100)
        // The same unit again is merged, not added; deleting a unit still takes its segments.
        let again = try migrated.importUnits([unit(pairs[0].0, pairs[0].1)], sourceLanguage: .english)
        #expect(again.added == 0 && again.updated == 1)
        #expect(try migrated.delete(containing: "market", language: .english) == 1)
        #expect(try migrated.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM segments") } == 4)
    }

    /// Schema 4 gives each posting row its unit count: a schema 3 memory gets them from its lists,
    /// and answers every lookup as before.
    @Test func aVersion3MemoryGetsItsPostingCounts() throws {
        let pairs = [("Security cadres were dispatched to the border.", "국가안전보위부 간부들이 국경에 파견됐다."),
                     ("The market was closed on Tuesday.", "장마당이 화요일에 문을 닫았다."),
                     ("The market was closed on Wednesday.", "장마당이 수요일에 문을 닫았다."),
                     ("Border guards were dispatched.", "국경경비대가 파견됐다.")]
        _ = try memory.importUnits(pairs.prefix(2).map { unit($0.0, $0.1) }, sourceLanguage: .english)
        _ = try memory.importUnits(pairs.dropFirst(2).map { unit($0.0, $0.1) }, sourceLanguage: .english)
        let queries = ["The market was closed on Friday.", "Cadres were dispatched to the border.", "Border guards were moved."]
        func answers(_ store: SQLiteMemoryStore) throws -> [[String]] {
            try queries.map { query in
                try store.lookup(query, from: .english, to: .korean, minimumScore: 30).map { "\($0.score) \($0.unitID) \($0.target)" }
            }
        }
        let before = try answers(memory)
        try memory.pool.write { db in try db.execute(sql: SchemaThree.downgrade) }
        try memory.pool.close()
        let migrated = try SQLiteMemoryStore(path: memory.path, create: false)
        #expect(try migrated.statistics().schemaVersion == SQLiteMemoryStore.schemaVersion)
        let rows = try migrated.pool.read { db in try Row.fetchAll(db, sql: "SELECT units_count, units FROM postings") }
        #expect(rows.count > 10)
        for row in rows { #expect(row["units_count"] as Int == Postings.count(row["units"] as Data)) }
        let after = try answers(migrated)
        #expect(after == before)
        #expect(after.allSatisfy { !$0.isEmpty })
    }

    @Test func aVersion1MemoryIsMigrated() throws {
        _ = try memory.importUnits([
            unit("Security cadres were dispatched.", "국가안전보위부 간부들이 파견됐다."),
            unit("The market was closed.", "장마당이 문을 닫았다."),
        ], sourceLanguage: .english)
        // Turn the file back into schema 1: one trigram index, no batch counter.
        try memory.pool.write { db in
            try db.execute(sql: SchemaOne.downgrade)
        }
        try memory.pool.close()
        let migrated = try SQLiteMemoryStore(path: memory.path, create: false)
        #expect(try migrated.statistics().schemaVersion == SQLiteMemoryStore.schemaVersion)
        #expect(try migrated.statistics().pairs.map(\.units) == [2])
        #expect(try migrated.concordance("보위부", from: .english, to: .korean).map(\.text) == ["국가안전보위부 간부들이 파견됐다."])
        #expect(try migrated.concordance("cadres", from: .english, to: .korean).map(\.text) == ["Security cadres were dispatched."])
        // Later imports append posting batches after the migrated ones.
        _ = try migrated.importUnits([unit("The market was closed again.", "장마당이 다시 문을 닫았다.")], sourceLanguage: .english)
        #expect(try migrated.lookup("The market was closed again.", from: .english, to: .korean).first?.score == 100)
        #expect(try migrated.lookup("The market was closed.", from: .english, to: .korean).first?.score == 100)
    }

    /// The memory turned back into schema 2 (no source language a unit), closed and opened
    /// again: migrated to the current schema.
    func reopenedFromSchemaTwo() throws -> SQLiteMemoryStore {
        try memory.pool.write { db in try db.execute(sql: SchemaTwo.downgrade) }
        try memory.pool.close()
        return try SQLiteMemoryStore(path: memory.path, create: false)
    }

    /// A schema-2 memory learns its units' source languages (the file's srclang was not kept:
    /// the one source language its pair counts have) and counts deletions from then on.
    @Test func aVersion2MemoryKeepsItsPairCounts() throws {
        _ = try memory.importUnits([unit("One.", "하나."), unit("Two.", "둘."), unit("Three.", "셋.")], sourceLanguage: .english)
        let reversed = TranslationUnit(id: nil, attributes: [Attribute("srclang", "ko")],
                                       variants: [Variant(language: .english, text: "Four."), Variant(language: .korean, text: "넷.")])
        _ = try memory.importUnits([reversed], sourceLanguage: nil)
        let migrated = try reopenedFromSchemaTwo()
        let pairs = try migrated.statistics().pairs.map { "\($0.source)→\($0.target) \($0.units)" }.sorted()
        #expect(pairs == ["en→ko 3", "ko→en 1"])
        #expect(try migrated.delete(containing: "넷", language: .korean) == 1)
        #expect(try migrated.delete(containing: "One", language: .english) == 1)
        #expect(try migrated.statistics().pairs.map { "\($0.source)→\($0.target) \($0.units)" } == ["en→ko 2"])
    }

    /// With several source languages counted, a unit without srclang whose first variant is not
    /// its source takes the variant in a language the counts had as a source.
    @Test func aVersion2MemoryWithTwoSourcesKeepsDirections() throws {
        let koreanFirst = TranslationUnit(variants: [Variant(language: .korean, text: "하나."), Variant(language: .english, text: "One.")])
        _ = try memory.importUnits([koreanFirst, unit("Two.", "둘.")], sourceLanguage: .english)
        let japanese = TranslationUnit(variants: [Variant(language: LanguageTag("ja")!, text: "三。"), Variant(language: .english, text: "Three.")])
        _ = try memory.importUnits([japanese], sourceLanguage: LanguageTag("ja"))
        let migrated = try reopenedFromSchemaTwo()
        let pairs = try migrated.statistics().pairs.map { "\($0.source)→\($0.target) \($0.units)" }.sorted()
        #expect(pairs == ["en→ko 2", "ja→en 1"])
    }

    /// One source with different targets: listed with both, the most recently changed first;
    /// spacing and case differences in the source are the same source.
    @Test func conflictsListSourcesWithDifferentTargets() throws {
        _ = try memory.importUnits([
            unit("The market was closed.", "장마당이 문을 닫았다.", id: "a", date: "20150101T000000Z"),
            unit("The market  was closed.", "시장이 폐쇄됐다.", id: "b", date: "20160101T000000Z"),
            unit("the market was closed.", "장마당이 문을 닫았다.", id: "c", date: "20140101T000000Z"),
            unit("Border guards moved.", "국경경비대가 이동했다."),
        ], sourceLanguage: .english)
        let conflicts = try memory.conflicts(from: .english, to: .korean)
        #expect(conflicts.count == 1)
        #expect(conflicts.first?.targets.map(\.target) == ["시장이 폐쇄됐다.", "장마당이 문을 닫았다."])
        #expect(conflicts.first?.targets.map(\.tuid) == ["b", "a"])
        #expect(try memory.delete(tuid: "b") == 1)
        #expect(try memory.conflicts(from: .english, to: .korean).isEmpty)
        // Sources without words have no key to compare: "—" and "…" are not one source.
        _ = try memory.importUnits([unit("—", "—"), unit("…", "……")], sourceLanguage: .english)
        #expect(try memory.conflicts(from: .english, to: .korean).isEmpty)
    }

    @Test func deleteAndStats() throws {
        _ = try memory.importUnits([unit("One.", "하나."), unit("Two test.", "둘."), unit("Three test.", "셋.")],
                                   sourceLanguage: .english)
        #expect(try memory.delete(containing: "test", language: .english) == 2)
        let statistics = try memory.statistics()
        #expect(statistics.units == 1)
        #expect(statistics.schemaVersion == SQLiteMemoryStore.schemaVersion)
        #expect(statistics.pairs.first?.source == .english)
        #expect(try memory.lookup("Two test.", from: .english, to: .korean).isEmpty)
        // The pair counts follow every change, in the same transaction.
        #expect(statistics.pairs.map(\.units) == [1])
        #expect(try memory.delete(containing: "One", language: .english) == 1)
        #expect(try memory.statistics().pairs.isEmpty)
        _ = try memory.importUnits([unit("One.", "하나."), unit("Two test.", "둘."), unit("Three test.", "셋.")],
                                   sourceLanguage: .english)
        _ = try memory.importUnits([unit("One.", "하나."), unit("Two test.", "둘.")], sourceLanguage: .english)  // again: no new units
        #expect(try memory.statistics().pairs.map(\.units) == [3])
        #expect(try memory.statistics().units == 3)
    }

    @Test func pretranslationBandsAndContext() throws {
        let reader = try TMXReader(path: root.appendingPathComponent("TMX/sample.en-ko.tmx").path)
        _ = try memory.importUnits(from: reader)
        let document = try TextDocument(decoding: Array(Data(contentsOf: root.appendingPathComponent("Examples/article.en.txt"))))
        let result = try Pretranslator(memory: memory, source: .english, target: .korean)
            .pretranslate(document, segmenter: try SentenceSegmenter(language: .english))
        #expect(result.units.count == 18)
        #expect(result.units.allSatisfy { $0.variants.count == 2 })
        #expect(result.bands[0].segments == 17)  // 101: the previous segment matched too
        #expect(result.bands[1].segments == 1)   // 100: the first
        #expect(result.units[1].properties.first == Property(type: "x-match-score", value: "101"))
    }
}


/// The fuzzy index against the exhaustive scan on a memory dominated by near-duplicates, the
/// shape of a news memory: every sentence of the sample article in many slightly edited copies.
@Suite struct PostingsTests {
    @Test func listsEncodedByPositionRebaseToTheIdsTheUnitsGot() {
        let positions: [(Int32, UInt8)] = [(0, 3), (1, 7), (5, 2), (130, 9), (20000, 255)]
        for base: Int32 in [1, 127, 128, 16_383, 16_384, 2_000_000_000] {
            let encoded = Postings.encode(positions.map { ($0.0 + 1, $0.1) })
            let rebased = Postings.rebased(encoded, firstID: UInt32(base + positions[0].0))
            #expect(rebased == Postings.encode(positions.map { ($0.0 + base, $0.1) }))
            #expect(Postings.count(Data(rebased)) == positions.count)
        }
    }

    /// What the server's merge of a word's rows rests on: lists encoded each on its own (first id
    /// from 0) join into the list of all their units, wherever the ids lie (the decoder's sum wraps).
    @Test func listsEncodedApartJoinIntoOneList() {
        var generator = SplitMix64(seed: 7)
        for round in 0..<50 {
            var ids = Set<Int32>()
            let count = 1 + Int(generator.next() % 400)
            while ids.count < count { ids.insert(Int32(generator.next() % (round % 2 == 0 ? 1000 : 5_000_000))) }
            let entries = ids.sorted().map { (id: $0, distinctWords: UInt8(truncatingIfNeeded: $0 &* 31)) }
            // Cut into runs, ascending (the server's batches) or, every third round, out of order.
            var runs: [[(id: Int32, distinctWords: UInt8)]] = []
            var start = 0
            while start < entries.count {
                let end = Swift.min(entries.count, start + 1 + Int(generator.next() % 60))
                runs.append(Array(entries[start..<end]))
                start = end
            }
            if round % 3 == 0 { runs.reverse() }
            let joined = Postings.joined(runs.map { Data(Postings.encode($0)) })
            #expect(Postings.count(Data(joined)) == entries.count)
            let ordered = runs.flatMap { $0 }
            if round % 3 != 0 {
                #expect(joined == Postings.encode(ordered))
            }
            // Decoded, the same units with the same word counts, whatever the order.
            let size = Int(ids.max()!) + 1
            let weights = UnsafeMutableBufferPointer<Float>.allocate(capacity: size)
            let shared = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
            let distinct = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
            defer { weights.deallocate(); shared.deallocate(); distinct.deallocate() }
            weights.initialize(repeating: 0)
            shared.initialize(repeating: 0)
            distinct.initialize(repeating: 0)
            var touched: [Int32] = []
            Postings.accumulate(Data(joined), idf: 1, step: 1, opens: true, weights: weights, shared: shared,
                                distinctWords: distinct, touched: &touched)
            #expect(touched == ordered.map(\.id))
            #expect(ordered.allSatisfy { distinct[Int($0.id)] == $0.distinctWords && shared[Int($0.id)] == 1 })
        }
        // Empty lists and a cut-off last entry add nothing.
        let whole = Postings.encode([(5, 1), (9, 2)])
        #expect(Postings.joined([Data(), Data(whole), Data(whole.dropLast())])
                == whole + Postings.rebased(Postings.encode([(5, 1)]), firstID: UInt32(5) &- 9))
    }
}

@Suite struct IndexRecallTests {
    typealias Generator = SplitMix64

    /// `sentence` with `edits` words replaced, dropped or duplicated.
    static func edited(_ sentence: String, edits: Int, using generator: inout Generator) -> String {
        var words = sentence.split(separator: " ").map(String.init)
        for _ in 0..<edits where words.count > 2 {
            let index = Int.random(in: 0..<words.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: words[index] = "slot\(Int.random(in: 0..<40, using: &generator))"
            case 1: words.remove(at: index)
            default: words.insert(words[index], at: index)
            }
        }
        return words.joined(separator: " ")
    }

    @Test func lookupFindsWhatScanningEverySegmentFinds() throws {
        let text = try String(contentsOf: root.appendingPathComponent("Examples/article.en.txt"), encoding: .utf8)
        let sentences = text.split(whereSeparator: \.isNewline).flatMap { $0.split(separator: ". ") }
            .map(String.init).filter { $0.split(separator: " ").count >= 6 }
        #expect(sentences.count >= 10)
        var generator = Generator(seed: 42)
        var units: [TranslationUnit] = []
        for copy in 0..<60 {
            for (index, sentence) in sentences.enumerated() {
                let source = copy == 0 ? sentence : Self.edited(sentence, edits: 1 + copy % 4, using: &generator)
                units.append(unit(source, "번역 \(index)-\(copy)"))
            }
        }
        let scratch = try Scratch()
        let memory = try SQLiteMemoryStore(path: scratch.path("recall.sqlite"))
        _ = try memory.importUnits(units, sourceLanguage: .english)
        let scan = try memory.exhaustiveScan(of: .english)
        #expect(scan.count > sentences.count * 50)
        var compared = 0
        for (index, sentence) in sentences.enumerated() {
            let query = Self.edited(sentence, edits: 1 + index % 5, using: &generator)
            let found = try memory.lookup(query, from: .english, to: .korean, limit: 5).map { min($0.score, 100) }
            let expected = Array(scan.scores(query, minimumScore: 70).prefix(5))
            let everything = Array(try memory.bruteForceScores(query, from: .english).prefix { $0 >= 70 }.prefix(5))
            #expect(expected == everything, "the scan skipped a segment that scores: \(query)")
            #expect(found == expected, "\(query)")
            compared += expected.isEmpty ? 0 : 1
        }
        #expect(compared >= sentences.count / 2)
    }

    @Test func aSegmentAtTheThresholdLacksNoMoreWordsThanTheBoundAllows() {
        var generator = Generator(seed: 7)
        let base = "The source said that the provincial party committee ordered every factory to report its output"
        for _ in 0..<2000 {
            let a = Self.edited(base, edits: Int.random(in: 0..<8, using: &generator), using: &generator)
            let b = Self.edited(base, edits: Int.random(in: 0..<8, using: &generator), using: &generator)
            let query = MatchTokenizer.tokens(a), candidate = MatchTokenizer.tokens(b)
            let score = FuzzyScore.score(query, candidate, queryText: a, candidateText: b).score
            let queryWords = Set(query.filter { $0.kind == .word }.map(\.key))
            let lacking = queryWords.subtracting(candidate.filter { $0.kind == .word }.map(\.key)).count
            for threshold in [50, 70, 85] where score >= threshold {
                #expect(lacking <= FuzzyScore.missableWords(query, minimumScore: threshold), "\(a) | \(b)")
            }
        }
    }
}

/// Turns a current memory back into an older schema, to test upgrading an older memory.
enum SchemaFive {
    /// Concordance through two FTS5 tables, as schema 5 kept it.
    static let downgrade = """
        DROP TABLE grams;
        CREATE VIRTUAL TABLE segments_words USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE segments_grams USING fts5(text, content = '', tokenize = 'trigram', detail = 'none');
        INSERT INTO segments_words(rowid, text) SELECT unit_id << 8 | lang, text FROM segments WHERE text NOT GLOB '*[가-힣]*';
        INSERT INTO segments_grams(rowid, text) SELECT unit_id << 8 | lang, text FROM segments WHERE text GLOB '*[가-힣]*';
        DELETE FROM grdb_migrations WHERE identifier = 'v6';
        PRAGMA user_version = 5;
        """
}

enum SchemaFour {
    /// The duplicate key unique as a column. Dropping the units table deletes its segments (the
    /// foreign key cascades): they are kept aside and put back.
    static let downgrade = SchemaFive.downgrade + """
        CREATE TEMP TABLE kept_segments AS SELECT * FROM segments;
        CREATE TABLE units_v4 (id INTEGER PRIMARY KEY, tuid TEXT, body TEXT NOT NULL, dup_key INTEGER NOT NULL UNIQUE,
                               created TEXT, changed TEXT, usage_count INTEGER NOT NULL DEFAULT 0, source_lang INTEGER);
        INSERT INTO units_v4 SELECT id, tuid, body, dup_key, created, changed, usage_count, source_lang FROM units;
        DROP TABLE units;
        ALTER TABLE units_v4 RENAME TO units;
        INSERT INTO segments SELECT * FROM kept_segments;
        DROP TABLE kept_segments;
        DELETE FROM grdb_migrations WHERE identifier = 'v5';
        PRAGMA user_version = 4;
        """
}

enum SchemaThree {
    /// Posting rows without their unit counts.
    static let downgrade = SchemaFour.downgrade + """
        ALTER TABLE postings DROP COLUMN units_count;
        DELETE FROM grdb_migrations WHERE identifier = 'v4';
        PRAGMA user_version = 3;
        """
}

enum SchemaTwo {
    static let downgrade = SchemaThree.downgrade + """
        DELETE FROM grdb_migrations WHERE identifier = 'v3';
        ALTER TABLE units DROP COLUMN source_lang;
        PRAGMA user_version = 2;
        """
}

enum SchemaOne {
    static let downgrade = SchemaThree.downgrade + """
        DROP TABLE segments_words; DROP TABLE segments_grams;
        CREATE VIRTUAL TABLE segments_fts USING fts5(text, content = '', tokenize = 'trigram');
        INSERT INTO segments_fts(rowid, text) SELECT unit_id << 8 | lang, text FROM segments;
        DELETE FROM tmkit_meta WHERE key = 'postings_batch';
        DELETE FROM grdb_migrations WHERE identifier IN ('v2', 'v3', 'v4');
        ALTER TABLE units DROP COLUMN source_lang;
        PRAGMA user_version = 1;
        """
}
