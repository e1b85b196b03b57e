import Documents
import Foundation
import Segmentation
import SharedTestData
import Testing
import TMKitCore
import XLIFF

/// extract → XLIFF → merge with no translation gives the input back byte for byte, in either
/// XLIFF version: the sample articles and 500 generated documents (hard wraps, no-break-space
/// lines, CRLF, tabs, byte-order marks, UTF-16).
@Suite struct RoundTripTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The document through XLIFF and back, with `translations` by unit id.
    static func roundTrip(_ bytes: [UInt8], version: XLIFFVersion, language: LanguageTag = .english,
                          translations: [String: String] = [:], sourcesSurvive: Bool = true) throws -> [UInt8] {
        let segmenter = try SentenceSegmenter(language: language)
        let document = try DocumentFormat.plainText.open(bytes, file: "doc.txt", segmenter: segmenter)
        let sink = CapturedOutput()
        let writer = XLIFFWriter(sink: sink, version: version, sourceLanguage: language, targetLanguage: .korean)
        writer.beginFile(original: "doc.txt", datatype: "plaintext", skeleton: document.skeleton.json)
        for unit in document.units {
            let target = translations[unit.id].map { SegmentContent(text: $0) }
            writer.write(XLIFFUnit(id: unit.id, segments: [XLIFFSegment(source: unit.source, target: target)]))
        }
        writer.finish()
        let xliff = try XLIFFReader.read(sink.bytes, file: "doc.xlf")
        let file = try #require(xliff.files.first)
        let skeleton = try DocumentSkeleton(json: try #require(file.skeleton))
        var sources: [String: SegmentContent] = [:]
        var targets: [String: SegmentContent] = [:]
        for unit in file.units {
            sources[unit.id] = unit.source
            if let target = unit.segments.first?.target { targets[unit.id] = target }
        }
        #expect(file.units.map(\.id) == document.units.map(\.id))
        if sourcesSurvive { #expect(file.units.map(\.source) == document.units.map(\.source)) }
        return try DocumentFormat.rebuild(skeleton, sources: sources, translations: targets)
    }

    @Test(arguments: ["Examples/article.en.txt", "Examples/article.ko.txt"], XLIFFVersion.allCases)
    func theSampleArticlesComeBackByteForByte(_ path: String, _ version: XLIFFVersion) throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent(path)))
        let language: LanguageTag = path.contains(".ko.") ? .korean : .english
        #expect(try Self.roundTrip(bytes, version: version, language: language) == bytes)
    }

    @Test(.needsSharedData) func theSeedArticleComesBackByteForByte() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: SharedData.path("../seed/article.txt"))))
        #expect(try Self.roundTrip(bytes, version: .v1_2) == bytes)
    }

    /// Characters XML cannot carry (a form feed, a bell, U+FFFF) inside a sentence come back too:
    /// the unit keeps its raw text in the skeleton.
    @Test(arguments: XLIFFVersion.allCases)
    func charactersXMLCannotCarryComeBack(_ version: XLIFFVersion) throws {
        let bytes = Array("Bell \u{07} here. Form\u{0C}feed and \u{FFFF} too.\nNext\u{FFFE} line.\n".utf8)
        // The XLIFF's sources show U+FFFD for them (XML cannot hold them); the document does not.
        #expect(try Self.roundTrip(bytes, version: version, sourcesSurvive: false) == bytes)
    }

    /// A skeleton whose hard wraps do not fit the source (tampered with) is an error, not a
    /// document with letters replaced.
    @Test func wrapsThatDoNotFitAreRefused() throws {
        let skeleton = DocumentSkeleton(format: "text", pieces: [.unit(id: "1", block: 0, layout: .wraps([.init(offset: 1, whitespace: "\n")]))])
        #expect(throws: DocumentError.self) {
            try DocumentFormat.rebuild(skeleton, sources: ["1": SegmentContent(text: "Third line.")], translations: [:])
        }
    }

    /// 500 generated documents, each through both versions.
    @Test func generatedDocumentsComeBackByteForByte() throws {
        var random = SplitMix64(seed: 13)
        var failures = 0
        for index in 0..<500 {
            let bytes = GeneratedDocument.make(&random)
            let version: XLIFFVersion = index % 2 == 0 ? .v1_2 : .v2_1
            let back = try Self.roundTrip(bytes, version: version)
            if back != bytes {
                failures += 1
                if failures <= 3 { Issue.record("document \(index) (\(version.rawValue)) differs: \(bytes.prefix(200))") }
            }
        }
        #expect(failures == 0)
    }

    /// With every sentence translated, the English article becomes the Korean one: paragraphs in
    /// place, each on one line, the Korean sentences in order.
    @Test func translatedArticleFromXLIFF() throws {
        let english = Array(try Data(contentsOf: Self.root.appendingPathComponent("Examples/article.en.txt")))
        let korean = try TextDocument(decoding: Array(try Data(contentsOf: Self.root.appendingPathComponent("Examples/article.ko.txt"))))
        let sentences = try SentenceSegmenter(language: .korean).segments(of: korean).map { korean.text(of: $0) }
        #expect(sentences.count == 18)
        var translations: [String: String] = [:]
        for (index, sentence) in sentences.enumerated() { translations[String(index + 1)] = sentence }
        for version in XLIFFVersion.allCases {
            let rebuilt = try Self.roundTrip(english, version: version, translations: translations)
            let text = String(decoding: rebuilt, as: UTF8.self)
            let again = try SentenceSegmenter(language: .korean).sentences(in: text)
            #expect(again == sentences)
            // Paragraphs: as many no-break-space separator lines as in the source.
            let separators = { (text: String) in text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0 == "\u{A0}" }.count }
            #expect(separators(text) == separators(String(decoding: english, as: UTF8.self)))
            #expect(!text.contains("surveillance"))
        }
    }
}

/// Plain-text documents as news desks get them: paragraphs of sentences, hard-wrapped at a
/// random width, separated by blank lines or no-break-space lines, LF or CRLF, sometimes tabs,
/// runs of spaces, trailing spaces, a byte-order mark, UTF-16.
enum GeneratedDocument {
    static let sentences = [
        "North Korea fired a missile on Tuesday.", "Rice prices in Hyesan rose to 6,500 won per kilogram.",
        "“We are watching closely,” a source said.", "The U.S. and Japan condemned the launch.",
        "Kim Jong Un visited the site (state media said).", "It flew 70 km.", "Dr. Lee left at 3 p.m. yesterday.",
        "평양이 모든 국가 기관에 지시를 내렸다.", "소식통은 “단속이 강화됐다”고 말했다.", "Is that all?", "Yes!",
        "The border was sealed... for now.", "Prices: 1.2 million won.", "See www.dailynk.com for more.",
    ]

    static func make(_ random: inout SplitMix64) -> [UInt8] {
        let crlf = Int.random(in: 0..<4, using: &random) == 0
        let lineEnd = crlf ? "\r\n" : "\n"
        var text = ""
        if Int.random(in: 0..<8, using: &random) == 0 { text += lineEnd }
        let paragraphs = Int.random(in: 1...6, using: &random)
        for p in 0..<paragraphs {
            var paragraph = ""
            for s in 0..<Int.random(in: 1...5, using: &random) {
                if s > 0 { paragraph += Int.random(in: 0..<6, using: &random) == 0 ? "  " : " " }
                paragraph += sentences[Int.random(in: 0..<sentences.count, using: &random)]
            }
            // Hard wrap at a random width.
            let width = Int.random(in: 20...90, using: &random)
            var line = 0
            var wrapped = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                if line > 0, line + word.count > width {
                    wrapped += (Int.random(in: 0..<5, using: &random) == 0 ? " " : "") + lineEnd
                    line = 0
                } else if line > 0 {
                    wrapped += " "
                    line += 1
                }
                wrapped += word
                line += word.count
            }
            if Int.random(in: 0..<10, using: &random) == 0 { wrapped = "\t" + wrapped }
            text += wrapped
            if p < paragraphs - 1 {
                switch Int.random(in: 0..<3, using: &random) {
                case 0: text += lineEnd + lineEnd
                case 1: text += lineEnd + "\u{A0}" + lineEnd
                default: text += lineEnd + "\u{A0}" + lineEnd + lineEnd
                }
            }
        }
        if Int.random(in: 0..<2, using: &random) == 0 { text += lineEnd }
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return TextEncoding.utf8WithBOM.encode(text)
        case 1: return TextEncoding.utf16LittleEndian.encode(text)
        case 2: return TextEncoding.utf16BigEndian.encode(text)
        default: return TextEncoding.utf8.encode(text)
        }
    }
}
