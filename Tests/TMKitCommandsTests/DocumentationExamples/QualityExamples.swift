import Foundation
import Testing
import Glossary
import Quality
import TMKitCore

/// The examples of `Quality.docc`, run on the shipped QA pairs and the bundled glossary.
@Suite struct QualityExamples {
    @Test func checkingAFileOfPairs() throws {
        let bytes = try Checkout.bytes("Examples/qa.en-ko.tsv")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let table = try TextDocument(decoding: bytes, file: "qa.en-ko.tsv")
        var checker = QualityChecker(source: .english, target: .korean)
        var findings: [QualityFinding] = []
        try TSV.forEachRow(in: table, file: "qa.en-ko.tsv") { row in
            guard row.fields.count >= 2 else { return }
            findings += checker.check(unit: String(row.line), source: SegmentContent(text: row.fields[0]),
                                      target: SegmentContent(text: row.fields[1]))
        }
        findings += checker.finish()
        for finding in findings {
            print("unit \(finding.unit): \(finding.check) (\(finding.severity)): \(finding.message)")
        }

        #expect(checker.unitsChecked == 8)
        #expect(printed.count == findings.count)
        #expect(printed.contains("unit 2: numbers (error): 70 of the source is not in the target (it has 60)"), "\(printed)")
        func found(_ unit: String, _ check: QualityCheck) -> Bool { findings.contains { $0.unit == unit && $0.check == check } }
        #expect(found("3", .dates) && found("4", .punctuation) && found("5", .urls))
        #expect(found("6", .untranslated) && found("7", .consistency))
        let number = try #require(findings.first { $0.unit == "2" && $0.check == .numbers })
        #expect(number.severity == .error)
        #expect(number.source?.text == "70" && number.source?.column == 9)
    }

    @Test func checkingTerms() throws {
        let tbx = try Checkout.bytes("Glossaries/north-korea-news.tbx")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let glossary = try GlossaryFormat.read(tbx, format: .tbx, file: "north-korea-news.tbx")
        var desk = QualityChecker(source: .english, target: .korean, glossary: glossary)
        var terms = desk.check(unit: "1", source: SegmentContent(text: "Officials said the launch failed."),
                               target: SegmentContent(text: "관리들은 발사가 실패했다고 말했다."))
        terms += desk.finish()
        for finding in terms {
            print(finding.message)
        }

        #expect(terms.contains { $0.check == .terminology && $0.severity == .warning
                                 && $0.message == "'Officials' needs 간부 in the target" }, "\(terms)")
        #expect(printed.contains("'Officials' needs 간부 in the target"))
        #expect(desk.unitsChecked == 1)
    }
}
