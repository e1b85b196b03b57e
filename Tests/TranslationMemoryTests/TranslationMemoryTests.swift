import Foundation
import Segmentation
import Testing
import TMKitCore
import TMX
@testable import TranslationMemory

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
    let memory: TranslationMemory

    init() throws {
        scratch = try Scratch()
        memory = try TranslationMemory(path: scratch.path("memory.sqlite"))
    }

    @Test func importExportIsLossless() throws {
        let reader = try TMXReader(path: root.appendingPathComponent("Tests/TMXTests/Fixtures/inline-codes.tmx").path)
        let summary = try memory.importUnits(from: reader)
        #expect(summary == TranslationMemory.ImportSummary(added: 3, updated: 0, skipped: 0))
        let sink = MemorySink()
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

    @Test func duplicatesUpdateUsageInsteadOfAddingCopies() throws {
        _ = try memory.importUnits([unit("The border was sealed.", "국경이 봉쇄됐다.", date: "20150101T000000Z")], sourceLanguage: .english)
        let second = try memory.importUnits([unit("The  border was sealed.", "국경이 봉쇄됐다.", date: "20160101T000000Z")],
                                            sourceLanguage: .english)
        #expect(second == TranslationMemory.ImportSummary(added: 0, updated: 1, skipped: 0))
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

    @Test func deleteAndStats() throws {
        _ = try memory.importUnits([unit("One.", "하나."), unit("Two test.", "둘."), unit("Three test.", "셋.")],
                                   sourceLanguage: .english)
        #expect(try memory.delete(containing: "test", language: .english) == 2)
        let statistics = try memory.statistics()
        #expect(statistics.units == 1)
        #expect(statistics.schemaVersion == TranslationMemory.schemaVersion)
        #expect(statistics.pairs.first?.source == .english)
        #expect(try memory.lookup("Two test.", from: .english, to: .korean).isEmpty)
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

final class MemorySink: ByteSink, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [UInt8] = []
    func write(_ bytes: UnsafeRawBufferPointer) {
        lock.lock()
        storage.append(contentsOf: bytes)
        lock.unlock()
    }
    var bytes: [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
