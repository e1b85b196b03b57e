import TMKitCore

/// What cuts a document into segments: tmkit's own rules (``SentenceSegmenter``) or a CAT
/// tool's SRX rules (``SRXSegmenter``). Both segment a document piece by piece; the rest
/// follows from that.
public protocol DocumentSegmenter: AnyObject {
    /// The language whose rules apply.
    var language: LanguageTag { get }

    /// Segments one piece of a document read piece by piece (see
    /// ``SentenceSegmenter/forEachSegment(inPiece:at:paragraphs:_:)``).
    func forEachSegment(
        inPiece piece: UnsafeBufferPointer<UInt8>, at position: inout DocumentPosition, paragraphs mode: ParagraphMode,
        _ body: (Segment) -> Void)
}

extension DocumentSegmenter {
    /// The segments of `document`, in order.
    public func segments(of document: TextDocument, paragraphs mode: ParagraphMode = .blankLine) -> [Segment] {
        var result: [Segment] = []
        forEachSegment(in: document, paragraphs: mode) { result.append($0) }
        return result
    }

    /// The segments of `text` as strings (line-break whitespace collapsed, trimmed).
    public func sentences(in text: String, paragraphs mode: ParagraphMode = .blankLine) -> [String] {
        let document = TextDocument(text)
        return segments(of: document, paragraphs: mode).map { document.text(of: $0) }
    }

    /// Calls `body` with each segment of `document`, in order, without collecting them.
    public func forEachSegment(
        in document: TextDocument, paragraphs mode: ParagraphMode = .blankLine, _ body: (Segment) -> Void
    ) {
        var position = DocumentPosition()
        document.utf8.withUnsafeBufferPointer { buffer in
            forEachSegment(inPiece: buffer, at: &position, paragraphs: mode, body)
        }
    }
}

extension SentenceSegmenter: DocumentSegmenter {}

/// The piece-by-piece bookkeeping both segmenters share: each paragraph of `piece` goes to
/// `segmentParagraph`, whose ranges (piece offsets), lines and columns become segments with
/// document-wide offsets, indices and paragraphs; `position` moves past the piece.
func _segmentPiece(
    _ piece: UnsafeBufferPointer<UInt8>, at position: inout DocumentPosition, paragraphs mode: ParagraphMode,
    _ body: (Segment) -> Void,
    paragraph segmentParagraph: (Paragraph, _ emit: (_ range: Range<Int>, _ line: Int, _ column: Int) -> Void) -> Void
) {
    let base = position.byteOffset
    let firstParagraph = position.paragraph
    var index = position.segment
    // Two non-escaping closures meet here; neither outlives the call.
    let scanned = withoutActuallyEscaping(body) { body in
        Paragraphs.forEach(in: piece, mode: mode, firstLine: position.line) { paragraph in
            segmentParagraph(paragraph) { range, line, column in
                body(Segment(
                    index: index, paragraph: firstParagraph + paragraph.index,
                    range: (range.lowerBound + base)..<(range.upperBound + base), line: line, column: column))
                index += 1
            }
        }
    }
    position.byteOffset += piece.count
    position.line = scanned.nextLine
    position.paragraph += scanned.paragraphs
    position.segment = index
}
