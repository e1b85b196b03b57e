import TMKitCore

/// A translation unit cut from a document: where it is, byte-exactly, and how to show it.
public struct Segment: Sendable, Hashable {
    /// 0-based position among all segments of the document.
    public var index: Int
    /// 0-based index of the paragraph it belongs to.
    public var paragraph: Int
    /// The raw UTF-8 byte range in the document, whitespace at both ends excluded. The
    /// ranges of a document's segments are ordered and disjoint, and what lies between
    /// them is whitespace only.
    public var range: Range<Int>
    /// 1-based line of the first character.
    public var line: Int
    /// 1-based column of the first character, in Unicode scalars.
    public var column: Int

    /// Creates a segment at `range` (UTF-8 byte offsets) starting at 1-based `line` and `column`.
    public init(index: Int, paragraph: Int, range: Range<Int>, line: Int, column: Int) {
        self.index = index
        self.paragraph = paragraph
        self.range = range
        self.line = line
        self.column = column
    }
}

/// Where the next piece of a document read piece by piece begins.
public struct DocumentPosition: Sendable, Hashable {
    /// UTF-8 bytes before the piece.
    public var byteOffset: Int
    /// The 1-based line the piece starts on.
    public var line: Int
    /// Paragraphs before the piece.
    public var paragraph: Int
    /// Segments before the piece.
    public var segment: Int

    /// Creates a position; the defaults are the start of a document (line 1, nothing before it).
    public init(byteOffset: Int = 0, line: Int = 1, paragraph: Int = 0, segment: Int = 0) {
        self.byteOffset = byteOffset
        self.line = line
        self.paragraph = paragraph
        self.segment = segment
    }
}

extension TextDocument {
    /// The segment's text as a translator sees it: line-break whitespace collapsed to one
    /// space, trimmed.
    public func text(of segment: Segment) -> String {
        collapsedText(in: segment.range)
    }
}
