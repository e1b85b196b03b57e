import Foundation
import Testing
import TMX
import TranslationMemory

/// The examples of `TranslationMemory.docc`, run on the shipped news memory.
@Suite struct TranslationMemoryExamples {
    @Test func lookingUpAMemory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let memoryPath = folder.appendingPathComponent("news.sqlite").path
        let tmxPath = Checkout.path("TMX/news.en-ko.tmx")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let memory = try SQLiteMemoryStore(path: memoryPath, access: .write)
        let summary = try memory.importUnits(from: TMXReader(path: tmxPath))

        #expect(summary.added == 30)

        let matches = try memory.lookup(
            "Residents say the market in Hyesan was closed for two days.",
            from: .english, to: .korean, minimumScore: 50)
        for match in matches {
            print(match.score, match.kind, match.target)
        }

        let best = try #require(matches.first)
        #expect(best.kind == .fuzzy && (50..<99).contains(best.score))
        #expect(best.source == "Residents say the market in Sinuiju was closed for three days.")
        #expect((80..<90).contains(best.score))
        #expect(printed.count == matches.count)

        let hits = try memory.concordance("State Security Department", from: .english, to: .korean)
        for hit in hits {
            print(hit.text, "→", hit.translation ?? "")
        }

        #expect(!hits.isEmpty)
        #expect(hits.allSatisfy { $0.text.contains("State Security Department") && $0.translation != nil })
    }
}
