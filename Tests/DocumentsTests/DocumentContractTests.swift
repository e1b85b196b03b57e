@testable import Documents
import Segmentation
import Testing
import TMKitCore

/// The document contract every format keeps: stable ids, byte-exact rebuild without
/// translations, inline codes checked on the way back, unknown units refused.
@Suite struct DocumentContractTests {
    /// Every registered format, opened on a small document of ours in that format.
    static let samples: [(DocumentFormat, String)] = [
        (.plainText, "Pyongyang, Nov. 30 (Yonhap) -- North Korea fired a missile.\nIt flew 70 km.\n\u{A0}\nSeoul said so.\n"),
        (.html, "<html><head><title>Missile</title></head><body>\n<p>North Korea fired a <b>missile</b>. It flew 70&nbsp;km.</p>\n</body></html>\n"),
        (.markdown, "# Missile\n\nNorth Korea fired a **missile**. It flew\n70 km.\n\n- Seoul said so.\n"),
    ]

    @Test func everyFormatHasASample() {
        #expect(Set(Self.samples.map(\.0.name)) == Set(DocumentFormat.all.map(\.name)))
    }

    @Test(arguments: samples.indices)
    func idsAreStableAndTheDocumentComesBackUnchanged(_ index: Int) throws {
        let (format, text) = Self.samples[index]
        let segmenter = try SentenceSegmenter(language: .english)
        let one = try format.open(Array(text.utf8), file: "sample", segmenter: segmenter)
        let two = try format.open(Array(text.utf8), file: "sample", segmenter: segmenter)
        #expect(!one.units.isEmpty)
        #expect(one.units == two.units)
        #expect(Set(one.units.map(\.id)).count == one.units.count)
        #expect(one.units.allSatisfy { $0.location.file == "sample" && $0.location.line != nil })
        #expect(try one.rebuilt(translations: [String: SegmentContent]()) == Array(text.utf8))
    }

    @Test(arguments: samples.indices)
    func aTranslationForAUnitTheDocumentLacksIsRefused(_ index: Int) throws {
        let (format, text) = Self.samples[index]
        let document = try format.open(Array(text.utf8), file: "sample", segmenter: try SentenceSegmenter(language: .english))
        #expect(throws: DocumentError(.unknownUnit, unit: "999")) {
            try document.rebuilt(translations: ["999": "없는 문장"])
        }
    }

    @Test func plainTextUnitsCarryLineColumnAndBlock() throws {
        let text = "North Korea fired a missile. It flew\n70 km.\n\nSeoul said so.\n"
        let document = try DocumentFormat.plainText.open(Array(text.utf8), file: "news.txt",
                                                         segmenter: try SentenceSegmenter(language: .english))
        #expect(document.units.map(\.text) == ["North Korea fired a missile.", "It flew 70 km.", "Seoul said so."])
        #expect(document.units.map(\.id) == ["1", "2", "3"])
        #expect(document.units.map(\.block) == [0, 0, 1])
        #expect(document.units.map { $0.location.description } == ["news.txt:1:1", "news.txt:1:30", "news.txt:4:1"])
    }

    @Test func plainTextKeepsAByteOrderMarkAndRefusesInlineCodes() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("It flew 70 km.\n".utf8)
        let document = try DocumentFormat.plainText.open(bytes, file: "bom.txt", segmenter: try SentenceSegmenter(language: .english))
        #expect(try document.rebuilt(translations: [String: String]()) == bytes)
        #expect(try document.rebuilt(translations: ["1": "70km를 날았다."]) == [0xEF, 0xBB, 0xBF] + Array("70km를 날았다.\n".utf8))
        let bold = SegmentContent([.code(InlineCode(.bpt, attributes: [Attribute("i", "1")])), .text("70km"),
                                   .code(InlineCode(.ept, attributes: [Attribute("i", "1")]))])
        #expect(throws: DocumentError(.extraCode("<bpt i=\"1\">"), unit: "1",
                                      location: SourceLocation(file: "bom.txt", line: 1, column: 1, byteOffset: 0))) {
            try document.rebuilt(translations: ["1": bold])
        }
    }

    @Test func undecodableTextIsATypedErrorNamingTheFile() throws {
        #expect(throws: TextDecodingError(kind: .invalidUTF8, byteOffset: 3, file: "bad.txt")) {
            _ = try DocumentFormat.plainText.open([0x41, 0x42, 0x43, 0xFF], file: "bad.txt",
                                                  segmenter: try SentenceSegmenter(language: .english))
        }
    }

    @Test func formatsAreFoundByNameAndExtension() {
        #expect(DocumentFormat.named("TEXT") == .plainText)
        #expect(DocumentFormat.named("docx") == nil)
        #expect(DocumentFormat.forPath("Examples/article.en.txt") == .plainText)
        #expect(DocumentFormat.forPath("NOTES.TXT") == .plainText)
        #expect(DocumentFormat.forPath("article") == nil)
        #expect(DocumentFormat.forPath(".txt") == nil)
        #expect(DocumentFormat.forPath("dir.txt/article") == nil)
    }

    // The inline-code check formats with codes (XLIFF, HTML, Markdown) rely on.

    static func code(_ kind: InlineCode.Kind, _ attribute: String, _ value: String) -> SegmentContent.Element {
        .code(InlineCode(kind, attributes: [Attribute(attribute, value)]))
    }

    /// `Press <b>Save</b> now.<br>` as TMX codes.
    static let source = SegmentContent([
        .text("Press "), code(.bpt, "i", "1"), .text("Save"), code(.ept, "i", "1"), .text(" now."), code(.ph, "x", "2"),
    ])

    @Test func codesMayMoveButMustAllComeBackOnceAndInOrder() throws {
        let moved = SegmentContent([
            .text("지금 "), Self.code(.bpt, "i", "1"), .text("저장"), Self.code(.ept, "i", "1"), .text("을 누르세요."), Self.code(.ph, "x", "2"),
        ])
        try InlineCodeCheck.check(moved, against: Self.source, unit: "7", location: nil)
        let phFirst = SegmentContent([Self.code(.ph, "x", "2"), Self.code(.bpt, "i", "1"), .text("저장"), Self.code(.ept, "i", "1")])
        try InlineCodeCheck.check(phFirst, against: Self.source, unit: "7", location: nil)

        let missing = SegmentContent([.text("저장을 누르세요."), Self.code(.ph, "x", "2")])
        #expect(throws: DocumentError(.missingCode("<bpt i=\"1\">"), unit: "7")) {
            try InlineCodeCheck.check(missing, against: Self.source, unit: "7", location: nil)
        }
        let twice = SegmentContent([Self.code(.ph, "x", "2"), Self.code(.bpt, "i", "1"), Self.code(.ept, "i", "1"), Self.code(.ph, "x", "2")])
        #expect(throws: DocumentError(.extraCode("<ph x=\"2\">"), unit: "7")) {
            try InlineCodeCheck.check(twice, against: Self.source, unit: "7", location: nil)
        }
        let reversed = SegmentContent([Self.code(.ept, "i", "1"), .text("저장"), Self.code(.bpt, "i", "1"), Self.code(.ph, "x", "2")])
        #expect(throws: DocumentError(.misorderedCode("<ept i=\"1\">"), unit: "7")) {
            try InlineCodeCheck.check(reversed, against: Self.source, unit: "7", location: nil)
        }
        let foreign = SegmentContent([Self.code(.bpt, "i", "1"), Self.code(.ept, "i", "1"), Self.code(.ph, "x", "9")])
        #expect(throws: DocumentError(.extraCode("<ph x=\"9\">"), unit: "7")) {
            try InlineCodeCheck.check(foreign, against: Self.source, unit: "7", location: nil)
        }
    }

    @Test func errorsReadAsOneLineWithTheUnit() {
        let error = DocumentError(.missingCode("<bpt i=\"1\">"), unit: "7", location: SourceLocation(file: "page.html", line: 12, column: 5))
        #expect(error.description == "page.html:12:5: unit 7: the translation leaves out the source's inline code <bpt i=\"1\">")
    }
}

/// Plain text read piece by piece gives what the whole document gives: the same units and the
/// same skeleton pieces, whatever the cuts (between paragraphs, as the command line cuts).
@Suite struct PlainTextStreamTests {
    static func events(_ bytes: [UInt8], cuts: [Int]) throws -> (units: [DocumentUnit], skeleton: DocumentSkeleton) {
        let result = try streamed(PlainTextStream(segmenter: try SentenceSegmenter(language: .english), file: "doc.txt"), bytes,
                                  cuts: cuts, format: "text")
        return (result.units, result.skeleton)
    }

    @Test(arguments: ["Examples/article.en.txt", "Examples/article.ko.txt"])
    func streamingGivesTheWholeDocumentsUnitsAndSkeleton(_ path: String) throws {
        let bytes = try Checkout.bytes(path)
        let whole = PlainTextDocument(try TextDocument(decoding: bytes), file: "doc.txt",
                                      segmenter: try SentenceSegmenter(language: .english))
        // Every safe cut between paragraphs, one at a time, and all of them at once.
        let cuts = bytes.indices.filter { index in
            index > 0 && bytes.withUnsafeBufferPointer { Paragraphs.lastSafeCut(in: UnsafeBufferPointer(rebasing: $0[0..<index]), mode: .blankLine) == index }
        }
        #expect(!cuts.isEmpty)
        for cutSet in cuts.map({ [$0] }) + [cuts] {
            let streamed = try Self.events(bytes, cuts: cutSet)
            #expect(streamed.units == whole.units, "cuts \(cutSet)")
            #expect(streamed.skeleton == whole.skeleton, "cuts \(cutSet)")
        }
    }
}
