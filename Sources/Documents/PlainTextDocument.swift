import Segmentation
import TMKitCore

/// A plain-text document as translation sees it: its segments, each a unit with a stable id,
/// and the skeleton around them.
///
/// The skeleton is every byte outside the segments' ranges: paragraph breaks, the no-break-space
/// lines news articles separate paragraphs with, the spaces and line breaks between sentences.
/// It is kept byte for byte; a translated segment replaces its source's range (hard wraps
/// inside a source sentence go with it). Rebuilding with no translation gives the document's
/// bytes back exactly (a UTF-8 byte-order mark included; UTF-16 input comes back as UTF-8).
/// Plain text has no inline codes, so a translation with codes is refused.
public struct PlainTextDocument: TranslatableDocument {
    /// One piece of the document, in order: skeleton bytes or a segment.
    public enum Piece: Sendable, Equatable {
        case skeleton(Range<Int>)
        case segment(id: String, range: Range<Int>)
    }

    public let document: TextDocument
    public let segments: [Segment]
    public let units: [DocumentUnit]

    /// Cuts `document` with `segmenter`; `file` goes into the units' locations.
    public init(_ document: TextDocument, file: String? = nil, segmenter: any DocumentSegmenter,
                paragraphs: ParagraphMode = .blankLine) {
        self.document = document
        segments = segmenter.segments(of: document, paragraphs: paragraphs)
        units = segments.map { segment in
            DocumentUnit(
                id: Self.id(of: segment), source: SegmentContent(text: document.text(of: segment)),
                location: SourceLocation(file: file, line: segment.line, column: segment.column,
                                         byteOffset: segment.range.lowerBound),
                block: segment.paragraph)
        }
    }

    /// The id of a segment: its 1-based position, as `pretranslate` writes it (`tuid`).
    public static func id(of segment: Segment) -> String { String(segment.index + 1) }

    /// The segment's text as a translator sees it (line-break whitespace collapsed, trimmed).
    public func text(of segment: Segment) -> String { document.text(of: segment) }

    /// The document as skeleton and segments, in order; together they cover it exactly.
    public var pieces: [Piece] {
        var pieces: [Piece] = []
        var position = 0
        for segment in segments {
            if segment.range.lowerBound > position { pieces.append(.skeleton(position..<segment.range.lowerBound)) }
            pieces.append(.segment(id: Self.id(of: segment), range: segment.range))
            position = segment.range.upperBound
        }
        if position < document.utf8.count { pieces.append(.skeleton(position..<document.utf8.count)) }
        return pieces
    }

    public func rebuilt(translations: [String: SegmentContent]) throws(DocumentError) -> [UInt8] {
        if !translations.isEmpty {
            let known = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })
            for (id, translation) in translations {
                guard let unit = known[id] else { throw DocumentError(.unknownUnit, unit: id) }
                try InlineCodeCheck.check(translation, against: unit.source, unit: id, location: unit.location)
            }
        }
        var bytes: [UInt8] = document.encoding == .utf8WithBOM ? [0xEF, 0xBB, 0xBF] : []
        bytes.reserveCapacity(document.utf8.count * 2)
        for piece in pieces {
            switch piece {
            case .skeleton(let range):
                bytes.append(contentsOf: document.utf8[range])
            case .segment(let id, let range):
                if let translation = translations[id] {
                    bytes.append(contentsOf: translation.plainText.utf8)
                } else {
                    bytes.append(contentsOf: document.utf8[range])
                }
            }
        }
        return bytes
    }
}
