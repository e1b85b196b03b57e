import Testing
import Documents
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
