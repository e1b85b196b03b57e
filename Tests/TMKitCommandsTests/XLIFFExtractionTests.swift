import Testing
import Documents
import Glossary
import Pretranslation
import Segmentation
import TMKitCore
import XLIFF

/// Extraction of a document read piece by piece (cut and segmented on a second thread while
/// the XLIFF is written) gives the bytes the whole document gives.
@Suite struct XLIFFExtractionTests {
    @Test(arguments: [XLIFFVersion.v1_2, .v2_1])
    func piecesOnASecondThreadWriteTheWholeDocumentsBytes(_ version: XLIFFVersion) throws {
        let article = try Checkout.bytes("Examples/article.en.txt")
        let copies = 40
        let separator = Array("\n\n".utf8)
        let bytes = Array(Array(repeating: article, count: copies).joined(separator: separator))
        let segmenter = try SentenceSegmenter(language: .english)

        let whole = CapturedOutput()
        let wholeWriter = XLIFFWriter(sink: whole, version: version, sourceLanguage: .english, targetLanguage: .korean)
        let document = try DocumentFormat.plainText.open(bytes, file: "set.txt", segmenter: segmenter)
        let wholeSummary = try XLIFFExtraction.write(document, original: "set.txt", format: .plainText, to: wholeWriter,
                                                     pretranslator: nil, copySource: true)
        wholeWriter.finish()

        // One piece per copy of the article, each ending with the blank line after it.
        var next = 0
        let streamed = CapturedOutput()
        let streamWriter = XLIFFWriter(sink: streamed, version: version, sourceLanguage: .english, targetLanguage: .korean)
        var stream = PlainTextStream(segmenter: segmenter, file: "set.txt")
        let streamSummary = try XLIFFExtraction.write(&stream, pieces: {
            guard next < copies else { return nil }
            defer { next += 1 }
            let piece = next < copies - 1 ? article + separator : article
            return next == 0 ? try TextDocument(decoding: piece) : try TextDocument(validatingUTF8: piece)
        }, original: "set.txt", format: .plainText, to: streamWriter, pretranslator: nil, copySource: true)
        streamWriter.finish()

        #expect(wholeSummary.units == copies * 18)
        #expect(streamSummary.units == wholeSummary.units)
        #expect(streamed.bytes == whole.bytes)
    }

    /// With a glossary, the terms found on both cores ahead of the writing are the terms the
    /// leverager finds unit by unit, in the same units, for a whole document and a streamed one.
    @Test func termsFoundOnBothCoresAreTheTermsFoundOneByOne() throws {
        let article = try Checkout.bytes("Examples/article.en.txt")
        let copies = 12  // 216 units: more than one slice
        let separator = Array("\n\n".utf8)
        let bytes = Array(Array(repeating: article, count: copies).joined(separator: separator))
        let segmenter = try SentenceSegmenter(language: .english)
        let glossary = try TBX.read(try Checkout.bytes("Glossaries/north-korea-news.tbx"), file: "north-korea-news.tbx")
        let pretranslator = Pretranslator(memory: nil, source: .english, target: .korean, glossary: glossary)
        let document = try DocumentFormat.plainText.open(bytes, file: "set.txt", segmenter: segmenter)

        // One by one: the leverager finds each unit's terms itself.
        let expected = CapturedOutput()
        let serial = XLIFFWriter(sink: expected, version: .v1_2, sourceLanguage: .english, targetLanguage: .korean)
        serial.beginFile(original: "set.txt", datatype: DocumentFormat.plainText.datatype, skeleton: document.skeleton.jsonBytes())
        var leverager = Pretranslator.Leverager(pretranslator)
        var termsFound = 0
        for unit in document.units {
            let leverage = try leverager.leverage(unit)
            termsFound += leverage.terms.count
            serial.write(XLIFFExtraction.unit(leverage))
        }
        serial.endFile()
        serial.finish()
        #expect(termsFound > 100)

        let whole = CapturedOutput()
        let wholeWriter = XLIFFWriter(sink: whole, version: .v1_2, sourceLanguage: .english, targetLanguage: .korean)
        _ = try XLIFFExtraction.write(document, original: "set.txt", format: .plainText, to: wholeWriter, pretranslator: pretranslator)
        wholeWriter.finish()
        #expect(whole.bytes == expected.bytes)

        var next = 0
        let streamed = CapturedOutput()
        let streamWriter = XLIFFWriter(sink: streamed, version: .v1_2, sourceLanguage: .english, targetLanguage: .korean)
        var stream = PlainTextStream(segmenter: segmenter, file: "set.txt")
        _ = try XLIFFExtraction.write(&stream, pieces: {
            guard next < copies else { return nil }
            defer { next += 1 }
            let piece = next < copies - 1 ? article + separator : article
            return next == 0 ? try TextDocument(decoding: piece) : try TextDocument(validatingUTF8: piece)
        }, original: "set.txt", format: .plainText, to: streamWriter, pretranslator: pretranslator)
        streamWriter.finish()
        #expect(streamed.bytes == expected.bytes)
    }

    /// A piece that cannot be decoded stops the extraction with its error, after the pieces before it.
    @Test func aBadPieceStopsTheExtractionWithItsError() throws {
        let segmenter = try SentenceSegmenter(language: .english)
        let writer = XLIFFWriter(sink: CapturedOutput(), version: .v1_2, sourceLanguage: .english, targetLanguage: .korean)
        var stream = PlainTextStream(segmenter: segmenter, file: "bad.txt")
        var next = 0
        #expect(throws: TextDecodingError.self) {
            _ = try XLIFFExtraction.write(&stream, pieces: {
                defer { next += 1 }
                switch next {
                case 0: return try TextDocument(decoding: Array("One sentence.\n\n".utf8))
                case 1: return try TextDocument(validatingUTF8: [0x41, 0xFF, 0x42])
                default: return nil
                }
            }, original: "bad.txt", format: .plainText, to: writer, pretranslator: nil)
        }
        #expect(next == 2)
    }
}
