import Foundation
import Testing
import TMKitCore
import XLIFF

/// The examples of `XLIFF.docc`: a file written for the translator, and one read back.
@Suite struct XLIFFExamples {
    @Test func writingAndReadingAFile() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let sink = CapturedOutput()
        let writer = XLIFFWriter(sink: sink, version: .v1_2, sourceLanguage: .english, targetLanguage: .korean)
        writer.beginFile(original: "news.txt", datatype: "plaintext", openSkeleton: false)
        let match = XLIFFMatch(score: 99, origin: "tmkit memory",
                               source: SegmentContent(text: "Rice prices in Hyesan rose to 6,200 won per kilogram this week."),
                               target: SegmentContent(text: "이번 주 혜산의 쌀값은 1kg당 6,200원으로 올랐다."))
        let source = SegmentContent(text: "Rice prices in Hyesan rose to 6,500 won per kilogram this week.")
        writer.write(XLIFFUnit(id: "1", segments: [XLIFFSegment(source: source)], matches: [match]))
        writer.finish()

        let written = sink.text
        #expect(written.contains(#"<xliff version="1.2""#))
        #expect(written.contains(#"<trans-unit id="1""#))
        #expect(written.contains("<source>Rice prices in Hyesan rose to 6,500 won per kilogram this week.</source>"))
        #expect(written.contains(#"match-quality="99""#) && written.contains(#"origin="tmkit memory""#))
        // The only target is the match's, inside its alt-trans: the unit has none of its own.
        #expect(written.components(separatedBy: "<target").count == 2)
        #expect(written.range(of: "<target")!.lowerBound > written.range(of: "<alt-trans")!.lowerBound)
        // What a CAT tool makes of it: the same unit, read back, with no target yet.
        let unread = try XLIFFReader.read(sink.bytes, file: "news.en.xlf")
        #expect(unread.files.first?.units.first?.matches.first?.score == 99)
        #expect(unread.files.first?.units.first?.segments.first?.effectiveState == .initial)

        // The translator's file: the same unit with the Korean sentence as its target.
        let saved = CapturedOutput()
        let translator = XLIFFWriter(sink: saved, version: .v1_2, sourceLanguage: .english, targetLanguage: .korean)
        translator.beginFile(original: "news.txt", datatype: "plaintext", openSkeleton: false)
        translator.write(XLIFFUnit(
            id: "1", segments: [XLIFFSegment(source: source, target: SegmentContent(text: "이번 주 혜산의 쌀값은 1kg당 6,500원으로 올랐다."),
                                             state: .translated)],
            matches: [match]))
        translator.finish()
        let returned = saved.bytes

        let xliff = try XLIFFReader.read(returned, file: "news.ko.xlf")
        for unit in xliff.files[0].units {
            print(unit.id, unit.segments[0].effectiveState, unit.target?.plainText ?? "")
        }
        let translated = try xliff.translationUnits(pair: nil)

        #expect(printed == ["1 translated 이번 주 혜산의 쌀값은 1kg당 6,500원으로 올랐다."])
        #expect(xliff.files[0].units[0].matches.count == 1)
        #expect(xliff.files[0].sourceLanguage == .english && xliff.files[0].targetLanguage == .korean)
        #expect(translated.count == 1)
        #expect(translated.first?.id == "1")
        #expect(translated.first?.variant(.english)?.content.plainText == "Rice prices in Hyesan rose to 6,500 won per kilogram this week.")
        #expect(translated.first?.variant(.korean)?.content.plainText == "이번 주 혜산의 쌀값은 1kg당 6,500원으로 올랐다.")
    }
}
