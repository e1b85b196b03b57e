import Segmentation
import TMKitCore

/// A document read piece by piece, for inputs too large to hold: the same units and skeleton
/// pieces as the whole-document form (``TranslatableDocument``), handed out in document order
/// as the pieces arrive, so memory stays within a piece whatever the input's size.
public protocol DocumentStream {
    /// Takes the next piece of the input (decoded; cut between paragraphs) and hands out what
    /// it completes, in order.
    mutating func feed(_ piece: TextDocument, _ emit: (DocumentStreamEvent) throws -> Void) rethrows
    /// Ends the input and hands out what is left.
    mutating func finish(_ emit: (DocumentStreamEvent) throws -> Void) rethrows
    /// Where the input may be cut into pieces: between paragraphs (plain text, the default) or
    /// at any line end (a stream that finds its own places to cut, like ``HTMLStream``).
    var pieceBoundary: ParagraphMode { get }
    /// Malformed spots read the way a browser reads them in what has been handed out (HTML).
    var repairs: Int { get }
}

extension DocumentStream {
    /// Between paragraphs (blank lines).
    public var pieceBoundary: ParagraphMode { .blankLine }
    /// None: plain text has no markup to repair.
    public var repairs: Int { 0 }
}

/// One thing a ``DocumentStream`` hands out.
public enum DocumentStreamEvent: Sendable {
    /// The skeleton's header facts, before anything else: the format and the input's encoding.
    case start(format: String, encoding: TextEncoding)
    /// A skeleton piece (``DocumentSkeleton/Piece``); a unit piece comes with its unit.
    case piece(DocumentSkeleton.Piece)
    /// A unit, right after its skeleton piece.
    case unit(DocumentUnit)
}

/// Plain text as a ``DocumentStream``: the same units (ids, text, locations, blocks) and the same
/// skeleton pieces as ``PlainTextDocument`` gives for the whole input.
public struct PlainTextStream: DocumentStream {
    private let segmenter: any DocumentSegmenter
    private let file: String?
    private let paragraphs: ParagraphMode
    private var position = DocumentPosition()
    /// Input bytes after the last segment, not yet handed out (whitespace only).
    private var pending: [UInt8] = []
    private var started = false

    /// A stream cutting plain text with `segmenter`; `file` goes into the units' locations,
    /// `paragraphs` says what ends a paragraph (blank lines by default).
    public init(segmenter: any DocumentSegmenter, file: String? = nil, paragraphs: ParagraphMode = .blankLine) {
        self.segmenter = segmenter
        self.file = file
        self.paragraphs = paragraphs
    }

    /// Cuts the next decoded piece and hands out its units and skeleton pieces (``DocumentStreamEvent/start(format:encoding:)``
    /// first of all); whitespace after the piece's last unit is held back until the next unit or ``finish(_:)``.
    public mutating func feed(_ piece: TextDocument, _ emit: (DocumentStreamEvent) throws -> Void) rethrows {
        if !started {
            started = true
            try emit(.start(format: DocumentFormat.plainText.name, encoding: piece.encoding))
        }
        let base = position.byteOffset
        var segments: [Segment] = []
        piece.utf8.withUnsafeBufferPointer { buffer in
            segmenter.forEachSegment(inPiece: buffer, at: &position, paragraphs: paragraphs) { segments.append($0) }
        }
        try piece.utf8.withUnsafeBufferPointer { bytes in
            var local = 0
            for segment in segments {
                let range = (segment.range.lowerBound - base)..<(segment.range.upperBound - base)
                pending.append(contentsOf: bytes[local..<range.lowerBound])
                if !pending.isEmpty {
                    try emit(.piece(.text(String(decoding: pending, as: UTF8.self))))
                    pending.removeAll(keepingCapacity: true)
                }
                let (unit, layout) = Self.unit(of: segment, raw: UnsafeBufferPointer(rebasing: bytes[range]), file: file)
                try emit(.piece(.unit(id: unit.id, block: unit.block, layout: layout)))
                try emit(.unit(unit))
                local = range.upperBound
            }
            pending.append(contentsOf: bytes[local...])
        }
    }

    /// A segment as a unit (its text rendered, its location) and its layout in the skeleton:
    /// the same for a document read whole or piece by piece.
    static func unit(of segment: Segment, raw: UnsafeBufferPointer<UInt8>, file: String?) -> (DocumentUnit, DocumentSkeleton.UnitLayout?) {
        let (text, layout) = DocumentSkeleton.UnitLayout.render(raw: raw)
        let unit = DocumentUnit(
            id: PlainTextDocument.id(of: segment), source: SegmentContent(text: text),
            location: SourceLocation(file: file, line: segment.line, column: segment.column, byteOffset: segment.range.lowerBound),
            block: segment.paragraph)
        return (unit, layout)
    }

    /// Ends the input: hands out the start event if no piece came (UTF-8 then), and the whitespace
    /// held back after the last unit.
    public mutating func finish(_ emit: (DocumentStreamEvent) throws -> Void) rethrows {
        if !started {
            started = true
            try emit(.start(format: DocumentFormat.plainText.name, encoding: .utf8))
        }
        if !pending.isEmpty {
            try emit(.piece(.text(String(decoding: pending, as: UTF8.self))))
            pending.removeAll()
        }
    }
}
