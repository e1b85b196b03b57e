import Foundation
import Testing
import Documents
import Pretranslation
import Segmentation
import TMKitCore
import TMX
import TranslationMemory
import XLIFF

/// The examples of `Pretranslation.docc`: the shipped article out to XLIFF with the shipped
/// sample memory, and back as the Korean article.
@Suite struct PretranslationExamples {
    @Test func extractingAndMergingADocument() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = try SQLiteMemoryStore(path: folder.appendingPathComponent("news.sqlite").path, access: .write)
        _ = try memory.importUnits(from: TMXReader(path: Checkout.path("TMX/sample.en-ko.tmx")))
        let articleBytes = try Checkout.bytes("Examples/article.en.txt")

        let segmenter = try SentenceSegmenter(language: .english)
        let document = try DocumentFormat.plainText.open(articleBytes, file: "article.en.txt", segmenter: segmenter)
        let pretranslator = Pretranslator(memory: memory, source: .english, target: .korean)
        let xliff = CapturedOutput()
        let writer = XLIFFWriter(sink: xliff, version: .v1_2, sourceLanguage: .english, targetLanguage: .korean)
        let summary = try XLIFFExtraction.write(document, original: "article.en.txt", format: .plainText,
                                                to: writer, pretranslator: pretranslator)
        writer.finish()

        #expect(summary.units == 18)
        #expect(xliff.text.components(separatedBy: "state=\"translated\"").count - 1 == 18)

        let returned = try XLIFFReader.read(xliff.bytes, file: "article.en.xlf")
        let file = returned.files[0]
        let skeleton = try DocumentSkeleton(json: file.skeleton ?? "")
        var sources: [String: SegmentContent] = [:]
        var translations: [String: SegmentContent] = [:]
        for unit in file.units {
            sources[unit.id] = unit.source
            if let target = unit.target, unit.segments.allSatisfy({ $0.effectiveState >= .translated }) {
                translations[unit.id] = target
            }
        }
        let korean = try DocumentFormat.rebuild(skeleton, sources: sources, translations: translations,
                                                options: RebuildOptions(language: .korean))

        #expect(translations.count == 18)
        let text = String(decoding: korean, as: UTF8.self)
        var position = text.startIndex
        for unit in file.units {
            let target = try #require(unit.target?.plainText)
            let found = try #require(text.range(of: target, range: position..<text.endIndex), "\(unit.id) in order")
            position = found.upperBound
        }
        #expect(!text.contains("Pyongyang has called"))
    }
}
