import Foundation
import Segmentation
import Testing
import TMKitCore

/// Files of the checkout: fixtures beside the tests, samples in Examples/.
enum Checkout {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }
}

/// The boundary marker used inside test inputs: `"He left.│ She stayed."`.
let boundary: Character = "│"

/// A case written with boundary markers: the input without them, and the segments expected.
struct MarkedCase: CustomTestStringConvertible, Sendable {
    let marked: String
    let input: String
    let expected: [String]

    init(_ marked: String) {
        self.marked = marked
        self.input = marked.filter { $0 != boundary }
        self.expected = marked.split(separator: boundary).map { TextDocument(String($0)).collapsedText(in: 0..<$0.utf8.count) }
            .filter { !$0.isEmpty }
    }

    var testDescription: String { marked.replacingOccurrences(of: "\n", with: "⏎") }
}

/// Checks the no-loss invariant: segments are ordered, disjoint, non-empty, trimmed, inside
/// the document, and everything between them is whitespace; so ranges plus separators
/// rebuild the input byte for byte.
func expectNoLoss(_ document: TextDocument, _ segments: [Segment], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    var rebuilt: [UInt8] = []
    var previousEnd = 0
    for (position, segment) in segments.enumerated() {
        #expect(segment.index == position, sourceLocation: sourceLocation)
        #expect(segment.range.lowerBound >= previousEnd, "segment \(position) overlaps", sourceLocation: sourceLocation)
        #expect(!segment.range.isEmpty, sourceLocation: sourceLocation)
        guard segment.range.lowerBound >= previousEnd, segment.range.upperBound <= document.utf8.count else { return }
        let separator = document.string(in: previousEnd..<segment.range.lowerBound)
        #expect(separator.unicodeScalars.allSatisfy { $0.properties.isWhitespace },
                "text lost before segment \(position): \(separator.debugDescription)", sourceLocation: sourceLocation)
        let text = document.string(in: segment.range)
        #expect(text.unicodeScalars.first?.properties.isWhitespace == false, sourceLocation: sourceLocation)
        #expect(text.unicodeScalars.last?.properties.isWhitespace == false, sourceLocation: sourceLocation)
        rebuilt += document.utf8[previousEnd..<segment.range.upperBound]
        previousEnd = segment.range.upperBound
    }
    let tail = document.string(in: previousEnd..<document.utf8.count)
    #expect(tail.unicodeScalars.allSatisfy { $0.properties.isWhitespace }, "text lost at the end", sourceLocation: sourceLocation)
    rebuilt += document.utf8[previousEnd...]
    #expect(rebuilt == document.utf8, sourceLocation: sourceLocation)
}

/// The segment texts of `input` and the invariant checked on the way.
func sentences(_ input: String, language: LanguageTag, paragraphs: ParagraphMode = .blankLine,
               sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String] {
    let document = TextDocument(input)
    let segmenter = try SentenceSegmenter(language: language)
    let segments = segmenter.segments(of: document, paragraphs: paragraphs)
    expectNoLoss(document, segments, sourceLocation: sourceLocation)
    return segments.map { document.text(of: $0) }
}

extension MarkedCase: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self.init(value) }
}
