import Segmentation
import TMKitCore

// Blocks of text with inline markup, cut into sentence units: what HTML and Markdown share.
// A format finds its blocks and their items (text, markup as tags, line breaks that read as a
// space); the builder segments each block's text, never inside a pair of tags, and writes the
// units (raw bytes kept as their layout) and the skeleton between them.

/// One piece of a block.
enum InlineItem {
    case text(Range<Int>)
    /// Bytes that read as one space and nothing else: a line break with what starts the
    /// next line of the block (Markdown's `> ` or list indentation).
    case space(Range<Int>)
    /// A tag (or a protected span, or markup) inside a block: its name (`#` for markup),
    /// whether it opens (`true`), closes (`false`) or stands alone (`nil`), and its bytes.
    case tag(name: String, opens: Bool?, range: Range<Int>)

    var range: Range<Int> {
        switch self {
        case .text(let range), .space(let range), .tag(_, _, let range): range
        }
    }
}

/// Line starts, for the line and column of a unit.
struct LineIndex {
    var starts: [Int] = [0]
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
    }
    /// The last answer, so that offsets asked in order cost only the bytes between them
    /// (minified pages are one long line).
    private var last: (line: Int, offset: Int, column: Int) = (0, 0, 1)

    mutating func location(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var from = starts[low], column = 1
        if last.line == low, last.offset <= offset, last.offset >= from { (from, column) = (last.offset, last.column) }
        for i in from..<offset where bytes[i] & 0xC0 != 0x80 { column += 1 }
        last = (low, offset, column)
        return (low + 1, column)
    }
}

/// Turns blocks into units and skeleton pieces.
struct InlineBlockBuilder {
    let bytes: UnsafeBufferPointer<UInt8>
    let segmenter: any DocumentSegmenter
    let file: String?
    var lines: LineIndex
    /// The text of a `.text` item as the translator reads it (references, escapes decoded),
    /// with the offset in the item each decoded byte came from.
    let decode: (UnsafeBufferPointer<UInt8>) -> (text: String, origins: [Int])
    /// The bytes at which `decode` may read something other than the byte itself (HTML: `&`;
    /// Markdown: `&` and `\`): well-formed text without them is its own decoding, taken as is.
    var decodeTriggers: (UInt8, UInt8) = (0x26, 0x26)

    /// Whether `raw` is its own decoding (no trigger byte, well-formed UTF-8).
    func isVerbatim(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        let (a, b) = decodeTriggers
        for byte in raw where byte == a || byte == b { return false }
        return UTF8Validation.firstInvalidByte(in: raw) == nil
    }
    /// Standalone tags that stand for a word (Markdown's code spans): the segmenter sees U+FFFC
    /// there, so that a sentence ending in one keeps it; a unit of such codes alone stays skeleton.
    var placeholders: Set<String> = []
    /// What a tag starting at a byte offset is written as in a translation, when not as in the
    /// source (Markdown's `[text][]`, whose label a translated text would lose).
    var natives: [Int: String] = [:]
    var blockIndex = 0
    var unitIndex = 0

    mutating func block(_ items: [InlineItem], context: String, position: inout Int,
                        pieces: inout [DocumentSkeleton.Piece], units: inout [DocumentUnit]) {
        guard !items.isEmpty else { return }
        // The block's text as the segmenter sees it, with where each byte came from.
        var plain: [UInt8] = []
        var from: [(item: Int, offset: Int)] = []  // per plain byte: item and raw offset
        // At most the raw bytes (decoding only shortens them) and three a placeholder: no regrowing.
        let room = items.reduce(0) { $0 + $1.range.count + 3 }
        plain.reserveCapacity(room)
        from.reserveCapacity(room)
        var plainStart = [Int](repeating: 0, count: items.count)
        var placeholderBytes = 0
        for (n, item) in items.enumerated() {
            plainStart[n] = plain.count
            switch item {
            case .text(let range):
                let raw = UnsafeBufferPointer(rebasing: bytes[range])
                if isVerbatim(raw) {
                    plain.append(contentsOf: raw)
                    for k in range { from.append((n, k)) }
                } else {
                    let result = decode(raw)
                    let text = Array(result.text.utf8)
                    plain.append(contentsOf: text)
                    for k in 0..<text.count { from.append((n, result.origins[k] + range.lowerBound)) }
                }
            case .space(let range):
                plain.append(0x20)
                from.append((n, range.lowerBound))
            case .tag(let name, _, let range):
                if name == "br" {
                    plain.append(0x20)
                    from.append((n, range.lowerBound))
                } else if placeholders.contains(name) {
                    plain.append(contentsOf: [0xEF, 0xBF, 0xBC])  // U+FFFC
                    for _ in 0..<3 { from.append((n, range.lowerBound)) }
                    placeholderBytes += 3
                }
            }
        }
        let hasText = plain.withUnsafeBufferPointer { !Whitespace.trimmed(0..<$0.count, in: $0).isEmpty }
            && (placeholderBytes == 0 || Self.hasText(plain))
        guard hasText, let plainDocument = try? TextDocument(validatingUTF8: plain) else {
            return  // no text: the block stays skeleton (written with what follows)
        }
        blockIndex += 1
        var ranges = segmenter.segments(of: plainDocument, paragraphs: .blankLine).map(\.range)
        // Pairs of tags: a cut inside one is not taken. Which plain offsets lie strictly inside
        // a pair, by a sweep over the pairs' bounds (linear however many pairs).
        var depthChange = [Int](repeating: 0, count: plain.count + 2)
        var open: [String: [Int]] = [:]
        for (n, item) in items.enumerated() {
            guard case .tag(let name, let opens?, _) = item else { continue }
            if opens {
                open[name, default: []].append(plainStart[n])
            } else if let start = open[name]?.popLast(), plainStart[n] > start + 1 {
                depthChange[start + 1] += 1
                depthChange[plainStart[n]] -= 1
            }
        }
        var insidePair = [Bool](repeating: false, count: plain.count + 1)
        var depth = 0
        for offset in 0...plain.count {
            depth += depthChange[offset]
            insidePair[offset] = depth > 0
        }
        var joined: [Range<Int>] = []
        for range in ranges {
            if let previous = joined.last, insidePair[range.lowerBound] {
                joined[joined.count - 1] = previous.lowerBound..<range.upperBound
            } else {
                joined.append(range)
            }
        }
        ranges = joined
        // Each sentence as an item span: from its first to its last text byte, widened over
        // the tags that open right before it and close right after it.
        for range in ranges {
            guard range.lowerBound < from.count, range.upperBound > 0 else { continue }
            let first = from[range.lowerBound], lastByte = from[range.upperBound - 1]
            var startItem = first.item, endItem = lastByte.item
            var rawStart = first.offset
            var rawEnd = Self.rawEnd(afterPlain: range.upperBound, lastItem: lastByte.item, from: from, items: items)
            // Widen left over opening tags (and standalone ones) right before the text.
            while startItem > 0, case .tag(let name, let opens, let tagRange) = items[startItem - 1],
                  opens == true || (opens == nil && name != "br" && name != "#"), tagRange.upperBound == rawStart {
                startItem -= 1
                rawStart = tagRange.lowerBound
            }
            // Widen right over closing tags whose opening tag is inside.
            while endItem + 1 < items.count, case .tag(let name, false, let tagRange) = items[endItem + 1],
                  tagRange.lowerBound == rawEnd {
                let opened = items[startItem...endItem].contains { item in
                    if case .tag(let other, true, _) = item { other == name } else { false }
                }
                guard opened else { break }
                endItem += 1
                rawEnd = tagRange.upperBound
            }
            guard rawStart >= position, rawEnd > rawStart else { continue }
            if placeholderBytes > 0, !Self.hasText(plain[range]) { continue }  // codes alone: skeleton
            if rawStart > position {
                pieces.append(.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<rawStart]), as: UTF8.self)))
            }
            let content = content(items: items, from: startItem, to: endItem, rawRange: rawStart..<rawEnd, bytes: bytes)
            unitIndex += 1
            let id = String(unitIndex)
            let (line, column) = lines.location(rawStart, in: bytes)
            units.append(DocumentUnit(id: id, source: content,
                                      location: SourceLocation(file: file, line: line, column: column, byteOffset: rawStart),
                                      block: blockIndex - 1, context: context))
            pieces.append(.unit(id: id, block: blockIndex - 1,
                                layout: .raw(String(decoding: UnsafeBufferPointer(rebasing: bytes[rawStart..<rawEnd]), as: UTF8.self))))
            position = rawEnd
        }
    }

    /// The page offset one past a sentence's last decoded byte.
    static func rawEnd(afterPlain end: Int, lastItem: Int, from: [(item: Int, offset: Int)], items: [InlineItem]) -> Int {
        if end < from.count, from[end].item == lastItem { return from[end].offset }
        return items[lastItem].range.upperBound
    }

    /// The unit's content: text with whitespace runs made one space (trimmed at the ends),
    /// tags as codes.
    func content(items: [InlineItem], from startItem: Int, to endItem: Int, rawRange: Range<Int>,
                        bytes: UnsafeBufferPointer<UInt8>) -> SegmentContent {
        var elements: [SegmentContent.Element] = []
        var text = ""
        func flushText() {
            if !text.isEmpty { elements.append(.text(text)) }
            text = ""
        }
        // Pair ids: an opening tag with its closing tag inside the unit (by item, from startItem;
        // -1 for none).
        var pairOf = [Int](repeating: -1, count: endItem - startItem + 1)
        var stacks: [String: [Int]] = [:]
        for n in startItem...endItem {
            guard case .tag(let name, let opens?, _) = items[n] else { continue }
            if opens {
                stacks[name, default: []].append(n)
            } else if let start = stacks[name]?.popLast() {
                pairOf[start - startItem] = n
                pairOf[n - startItem] = start
            }
        }
        var ids = [Int](repeating: 0, count: endItem - startItem + 1)
        var next = 1
        for n in startItem...endItem {
            let clipped = items[n].range.clamped(to: rawRange)
            switch items[n] {
            case .text:
                guard !clipped.isEmpty else { continue }
                let raw = UnsafeBufferPointer(rebasing: bytes[clipped])
                text += isVerbatim(raw) ? String(decoding: raw, as: UTF8.self) : decode(raw).text
            case .space:
                text += " "
            case .tag(let name, let opens, let range):
                flushText()
                let native = SegmentContent(text: natives[range.lowerBound]
                                            ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
                let type = Attribute("type", name == "#" ? "x-comment" : name)
                if let opens, pairOf[n - startItem] >= 0 {
                    let id: Int
                    if opens {
                        id = next
                        next += 1
                        ids[n - startItem] = id
                    } else {
                        id = ids[pairOf[n - startItem] - startItem]
                    }
                    elements.append(.code(InlineCode(opens ? .bpt : .ept, attributes: [Attribute("i", String(id)), type], content: native)))
                } else if let opens {
                    elements.append(.code(InlineCode(.it, attributes: [Attribute("x", String(next)), Attribute("pos", opens ? "begin" : "end"), type],
                                                     content: native)))
                    next += 1
                } else {
                    elements.append(.code(InlineCode(.ph, attributes: [Attribute("x", String(next)), type], content: native)))
                    next += 1
                }
            }
        }
        flushText()
        // Whitespace runs as one space; the ends trimmed.
        var result: [SegmentContent.Element] = []
        for (n, element) in elements.enumerated() {
            guard case .text(let value) = element else {
                result.append(element)
                continue
            }
            let collapsed = value.collapsingHTMLWhitespace().trimmingSpaces(leading: n == 0, trailing: n == elements.count - 1)
            if !collapsed.isEmpty { result.append(.text(collapsed)) }
        }
        return SegmentContent(result)
    }

    /// Whether `plain` holds a character other than whitespace and U+FFFC placeholders.
    static func hasText(_ plain: some Collection<UInt8>) -> Bool {
        String(decoding: plain, as: UTF8.self).unicodeScalars.contains { $0 != "\u{FFFC}" && !$0.properties.isWhitespace }
    }
}
