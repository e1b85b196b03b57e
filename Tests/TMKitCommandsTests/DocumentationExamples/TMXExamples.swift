import Foundation
import Testing
import TMKitCore
import TMX

/// The examples of `TMX.docc`, run on the shipped sample memory.
@Suite struct TMXExamples {
    @Test func readingAndWritingTMX() throws {
        let path = Checkout.path("TMX/sample.en-ko.tmx")

        let reader = try TMXReader(path: path)
        let header = try reader.readHeader()
        var units: [TranslationUnit] = []
        while let unit = try reader.next() {
            units.append(unit)
        }

        #expect(header.sourceLanguage == "en")
        #expect(units.count == 18)

        let korean = units.compactMap { $0.variant(.korean)?.content.plainText }

        #expect(korean.count == 18)
        #expect(korean.allSatisfy { $0.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) } })

        let output = CapturedOutput()
        let writer = TMXWriter(sink: output, header: .tmkit(sourceLanguage: "en"))
        for unit in units where unit.variant(.korean) != nil {
            writer.write(unit)
        }
        writer.finish()

        let again = TMXReader(bytes: output.bytes, name: "written")
        _ = try again.readHeader()
        var read: [TranslationUnit] = []
        while let unit = try again.next() { read.append(unit) }
        #expect(read == units.map(TMXWriter.roundTripped))
    }

    @Test func countingWhatAMemoryHolds() throws {
        let path = Checkout.path("TMX/sample.en-ko.tmx")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let statistics = try TMXStatistics.collect(from: TMXReader(path: path))
        print(statistics.units, statistics.duplicates)

        #expect(printed == ["18 0"])
    }
}
