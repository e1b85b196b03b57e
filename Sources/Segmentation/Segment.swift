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

    public init(index: Int, paragraph: Int, range: Range<Int>, line: Int, column: Int) {
        self.index = index
        self.paragraph = paragraph
        self.range = range
        self.line = line
        self.column = column
    }
}

extension TextDocument {
    /// The segment's text as a translator sees it: line-break whitespace collapsed to one
    /// space, trimmed.
    public func text(of segment: Segment) -> String {
        collapsedText(in: segment.range)
    }
}
