import TMKitCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a document is cut into paragraphs before sentences are found.
public enum ParagraphMode: String, Sendable, CaseIterable {
    /// Blank lines (and lines holding only whitespace, U+00A0 and U+3000 included) end a
    /// paragraph; a single line break inside one is a hard wrap and reads as a space.
    case blankLine = "blank-line"
    /// Every line is a paragraph (corpora with one item a line).
    case line
}

/// A paragraph of a document, with the map back to its lines.
public struct Paragraph: Sendable, Hashable {
    /// 0-based position among the document's paragraphs.
    public var index: Int
    /// From the start of the first line to the end of the last, line terminators excluded.
    public var range: Range<Int>
    /// Each line's content (terminator excluded) as a byte range into the document.
    public var lines: [Range<Int>]
    /// The 1-based line number of `lines[0]`.
    public var firstLineNumber: Int
    /// Indices into `lines` of the lines that start a new unit rather than continue a hard
    /// wrap: list items (`1.`, `1)`, `a)`, `•`, `-`, `*`, …), and every line of a block of
    /// short lines none of which ends a sentence (a menu, an address, a list without marks).
    public var unitStartLines: [Int]

    /// Creates a paragraph from its position, byte ranges, first line number and unit-start lines.
    public init(index: Int, range: Range<Int>, lines: [Range<Int>], firstLineNumber: Int, unitStartLines: [Int]) {
        self.index = index
        self.range = range
        self.lines = lines
        self.firstLineNumber = firstLineNumber
        self.unitStartLines = unitStartLines
    }
}

/// Splits documents into paragraphs.
public enum Paragraphs {
    /// The paragraphs of `document`, in order.
    public static func split(_ document: TextDocument, mode: ParagraphMode = .blankLine) -> [Paragraph] {
        var result: [Paragraph] = []
        _ = document.utf8.withUnsafeBufferPointer { buffer in
            forEach(in: buffer, mode: mode) { result.append($0) }
        }
        return result
    }

    /// Where `text`, the start of a longer input, can be cut without splitting a paragraph:
    /// just after the last complete line that ends a paragraph (a blank line, or any line in
    /// `.line` mode). `nil` when there is no such place yet: read more.
    public static func lastSafeCut(in text: UnsafeBufferPointer<UInt8>, mode: ParagraphMode) -> Int? {
        var end = text.count
        while end > 0 {
            // The last newline before `end` closes a complete line.
            var newline = end - 1
            while newline >= 0, text[newline] != 0x0A { newline -= 1 }
            guard newline >= 0 else { return nil }
            if mode == .line { return newline + 1 }
            var lineStart = newline
            while lineStart > 0, text[lineStart - 1] != 0x0A { lineStart -= 1 }
            if Whitespace.trimmed(lineStart..<newline, in: text).isEmpty { return newline + 1 }
            end = lineStart
        }
        return nil
    }

    /// Calls `body` with each paragraph of `text`, whose first line is line `firstLine`.
    /// The value passed in is reused between calls (its arrays keep their storage), so copy
    /// it to keep it. Returns the number of the line after the text and the paragraph count.
    @discardableResult
    static func forEach(
        in text: UnsafeBufferPointer<UInt8>, mode: ParagraphMode, firstLine: Int = 1,
        _ body: (inout Paragraph) -> Void
    ) -> (nextLine: Int, paragraphs: Int) {
        var paragraph = Paragraph(index: 0, range: 0..<0, lines: [], firstLineNumber: firstLine, unitStartLines: [])
        var lineNumber = firstLine
        var position = 0
        let count = text.count
        guard let base = text.baseAddress else { return (lineNumber, 0) }

        func emit() {
            guard let first = paragraph.lines.first, let last = paragraph.lines.last else { return }
            paragraph.range = first.lowerBound..<last.upperBound
            if paragraph.lines.count > 1 { markUnitStarts(&paragraph, in: text) }
            body(&paragraph)
            paragraph.index += 1
            paragraph.lines.removeAll(keepingCapacity: true)
            paragraph.unitStartLines.removeAll(keepingCapacity: true)
        }

        while position < count {
            let newline: Int
            if let found = memchr(base + position, 0x0A, count - position) {
                newline = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            } else {
                newline = count
            }
            var end = newline
            if end > position && text[end - 1] == 0x0D { end -= 1 }
            let line = position..<end
            let isBlank = Whitespace.trimmed(line, in: text).isEmpty
            switch mode {
            case .blankLine:
                if isBlank {
                    emit()
                } else {
                    if paragraph.lines.isEmpty { paragraph.firstLineNumber = lineNumber }
                    paragraph.lines.append(line)
                }
            case .line:
                if !isBlank {
                    paragraph.firstLineNumber = lineNumber
                    paragraph.lines.append(line)
                    emit()
                }
            }
            if newline < count { lineNumber += 1 }
            position = newline + 1
        }
        emit()
        return (lineNumber, paragraph.index)
    }

    /// Finds the lines of a multi-line paragraph that start a unit of their own.
    static func markUnitStarts(_ paragraph: inout Paragraph, in text: UnsafeBufferPointer<UInt8>) {
        if isLineList(paragraph.lines, in: text) {
            paragraph.unitStartLines.append(contentsOf: 1..<paragraph.lines.count)
            return
        }
        var inList = ListMarker.startsListItem(paragraph.lines[0], in: text)
        for index in 1..<paragraph.lines.count where ListMarker.startsListItem(paragraph.lines[index], in: text) {
            if !inList && continuesWrappedNumber(paragraph.lines[index - 1], paragraph.lines[index], in: text) { continue }
            paragraph.unitStartLines.append(index)
            inList = true
        }
    }

    /// Whether a line that looks like a list item is the rest of a sentence wrapped before a
    /// number: "on October⏎10. Officials", "rose by 5⏎- 10 percent". It is when the line before
    /// ends inside a sentence (a letter, digit or comma) and the line, not indented, opens with
    /// a number other than 1 and a full stop, or with a dash and a number after a number.
    static func continuesWrappedNumber(_ previous: Range<Int>, _ line: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = previous.upperBound
        while end > previous.lowerBound, text[end - 1] == 0x20 || text[end - 1] == 0x09 || text[end - 1] == 0x0D { end -= 1 }
        guard end > previous.lowerBound, line.count >= 3 else { return false }
        let last = text[end - 1]
        guard last.isLetterOrDigit || last == 0x2C else { return false }
        let first = line.lowerBound
        if text[first] == 0x2D {
            return last.isDigit && first + 2 < line.upperBound && text[first + 1] == 0x20 && text[first + 2].isDigit
        }
        var j = first
        while j < line.upperBound, text[j].isDigit { j += 1 }
        guard j > first, j < line.upperBound, text[j] == 0x2E else { return false }
        return !(j == first + 1 && text[first] == 0x31)
    }

    /// A block of lines none of which ends like a sentence, all but the last short enough not
    /// to be a hard wrap of running text, is a list of items that lack marks.
    static func isLineList(_ lines: [Range<Int>], in text: UnsafeBufferPointer<UInt8>) -> Bool {
        let wrapWidth = 60
        for (index, line) in lines.enumerated() {
            let content = Whitespace.trimmed(line, in: text)
            if Punctuation.endsLikeSentence(content, in: text) { return false }
            if index < lines.count - 1 {
                var scalars = 0
                for i in content where text[i] & 0xC0 != 0x80 { scalars += 1 }
                if scalars >= wrapWidth { return false }
            }
        }
        return true
    }
}
