import Foundation
import Segmentation
import SharedTestData
import Testing
import TMKitCore

/// Cut on several threads, a document gives exactly the segments one segmenter gives (offsets,
/// lines, columns, paragraph and segment indices), whatever the part size, in both paragraph
/// modes, read whole or piece by piece.
@Suite struct ParallelSegmenterTests {
    /// Every segment of `document`, cut by `segmenter` in pieces of about `pieceSize` bytes
    /// (between paragraphs, as the command line reads), or whole.
    static func segments(_ document: TextDocument, _ segmenter: any DocumentSegmenter, mode: ParagraphMode,
                         pieceSize: Int? = nil) -> [Segment] {
        var result: [Segment] = []
        var position = DocumentPosition()
        document.utf8.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < bytes.count {
                var end = bytes.count
                if let pieceSize, start + pieceSize < bytes.count,
                   let cut = Paragraphs.lastSafeCut(in: UnsafeBufferPointer(rebasing: bytes[start..<(start + pieceSize)]), mode: mode),
                   cut > 0 {
                    end = start + cut
                }
                segmenter.forEachSegment(inPiece: UnsafeBufferPointer(rebasing: bytes[start..<end]), at: &position,
                                         paragraphs: mode) { result.append($0) }
                start = end
            }
        }
        #expect(position.byteOffset == document.utf8.count)
        return result
    }

    func expectSame(_ document: TextDocument, language: LanguageTag, parts: [Int],
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for mode in ParagraphMode.allCases {
            let expected = Self.segments(document, try SentenceSegmenter(language: language), mode: mode)
            for part in parts {
                for threads in [2, 3] {
                    let parallel = try ParallelSegmenter(threads: threads, minimumPart: part) { () throws(SegmentationError) in
                        try SentenceSegmenter(language: language)
                    }
                    let whole = Self.segments(document, parallel, mode: mode)
                    #expect(whole == expected, "\(mode), parts of \(part) bytes, \(threads) threads", sourceLocation: sourceLocation)
                    let pieces = Self.segments(document, parallel, mode: mode, pieceSize: part * 5)
                    #expect(pieces == expected, "\(mode), pieces, parts of \(part) bytes, \(threads) threads",
                            sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test(arguments: ["Examples/article.en.txt", "Examples/article.ko.txt"])
    func articles(_ path: String) throws {
        let document = try TextDocument(decoding: Checkout.bytes(path))
        let language: LanguageTag = path.contains(".ko.") ? .korean : .english
        // The article many times over, with CRLF in every other copy: lines and paragraphs
        // counted across parts.
        let text = String(decoding: document.utf8, as: UTF8.self)
        let copies = (0..<12).map { $0.isMultiple(of: 2) ? text : text.replacingOccurrences(of: "\n", with: "\r\n") }
        try expectSame(TextDocument(copies.joined(separator: "\n\n")), language: language, parts: [64, 700, 4096])
    }

    /// Real web text and Korean news sentences (UD dev sets), one paragraph per line of the
    /// sets' paragraphs.
    @Test(.needsSharedData, arguments: ["segmentation/ud/en_ewt-dev.json", "segmentation/ud/ko_gsd-dev.json"])
    func universalDependencies(_ path: String) throws {
        struct Set: Decodable {
            struct Document: Decodable { let paragraphs: [[String]] }
            let documents: [Document]
        }
        let set = try JSONDecoder().decode(Set.self, from: Data(SharedData.bytes(path)))
        let text = set.documents.prefix(150).map { $0.paragraphs.map { $0.joined(separator: " ") }.joined(separator: "\n\n") }
            .joined(separator: "\n\n")
        try expectSame(TextDocument(text), language: path.contains("ko_") ? .korean : .english, parts: [512, 8192])
    }

    /// A paragraph longer than a part stays whole in one part; a document of one line; an empty one.
    @Test func longParagraphsAndEdges() throws {
        let sentence = "The delegation arrived in Pyongyang on Tuesday, officials said. "
        let long = String(repeating: sentence, count: 200)
        let text = ["Short one.", long, "\u{A0}", "Another short one. And more.", long, long].joined(separator: "\n\n")
        try expectSame(TextDocument(text), language: .english, parts: [100, 3000])
        try expectSame(TextDocument(long), language: .english, parts: [100])
        try expectSame(TextDocument(""), language: .english, parts: [1])
        try expectSame(TextDocument("\n\n\n \n"), language: .english, parts: [1])
    }
}
