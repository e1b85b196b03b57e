import Segmentation
import TMKitCore
import Foundation

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

/// A skeleton piece as the builder finds it: a range of the document's bytes, made a string
/// once (``pieces(_:in:)``) after the part is read. (Made strings as they were found, the text
/// between units was made again when the reader split it around attribute values and joined
/// the pieces.)
enum InlinePiece {
    /// Bytes kept as they are.
    case text(Range<Int>)
    /// A unit, its raw bytes kept as its layout.
    case unit(id: String, block: Int, raw: Range<Int>)

    /// The skeleton pieces of `built` (pieces of `bytes`), adjacent text joined.
    static func pieces(_ built: [InlinePiece], in bytes: UnsafeBufferPointer<UInt8>) -> [DocumentSkeleton.Piece] {
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        return joiningAdjacentText(built).map { piece in
            switch piece {
            case .text(let range): .text(text(range))
            case .unit(let id, let block, let raw): .unit(id: id, block: block, layout: .raw(text(raw)))
            }
        }
    }

    /// `built` with each run of adjacent text pieces made one. The builder's are contiguous
    /// (each starts where the one before ends); pieces that are not stay apart.
    static func joiningAdjacentText(_ built: [InlinePiece]) -> [InlinePiece] {
        var joined: [InlinePiece] = []
        joined.reserveCapacity(built.count)
        for piece in built {
            if case .text(let range) = piece, case .text(let previous)? = joined.last, previous.upperBound == range.lowerBound {
                joined[joined.count - 1] = .text(previous.lowerBound..<range.upperBound)
            } else {
                joined.append(piece)
            }
        }
        return joined
    }
}

/// Line starts, for the line and column of a unit.
struct LineIndex {
    var starts: [Int] = [0]
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) {
            offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            starts.append(offset)
        }
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
        column += Self.scalars(in: from..<offset, of: bytes)
        last = (low, offset, column)
        return (low + 1, column)
    }

    /// How many scalars start in `range` of `bytes` (the bytes that are not UTF-8 continuation
    /// bytes), eight bytes at a time.
    static func scalars(in range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0, i = range.lowerBound
        while i + 8 <= range.upperBound {
            let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
            // A continuation byte is 10xxxxxx: its top bit set and the next one clear.
            count += 8 - (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < range.upperBound {
            if bytes[i] & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        return count
    }
}

/// Open tags by name, a stack of positions for each: a block names few elements, so a scan of
/// the names beats hashing them; past 16 names, a dictionary finds them (hostile markup can
/// name thousands).
struct TagStacks {
    private var names: [String] = []
    /// A stack a name; those past `names.count` are empty, kept with their room for the next
    /// block (see ``reset()``).
    private var stacks: [[Int]] = []
    private var index: [String: Int]?

    /// Empties the stacks, keeping their room.
    mutating func reset() {
        for slot in names.indices { stacks[slot].removeAll(keepingCapacity: true) }
        names.removeAll(keepingCapacity: true)
        index = nil
    }

    private mutating func slot(_ name: String, adding: Bool) -> Int? {
        if let index {
            if let found = index[name] { return found }
        } else if let found = names.firstIndex(of: name) {
            return found
        }
        guard adding else { return nil }
        names.append(name)
        if stacks.count < names.count { stacks.append([]) }
        if index != nil {
            index![name] = names.count - 1
        } else if names.count > 16 {
            index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        }
        return names.count - 1
    }

    mutating func push(_ name: String, _ position: Int) {
        stacks[slot(name, adding: true)!].append(position)
    }

    /// The last position pushed under `name` and not popped yet.
    mutating func pop(_ name: String) -> Int? {
        slot(name, adding: false).flatMap { stacks[$0].popLast() }
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

    /// Whether `raw` (a part of `bytes`) is its own decoding: no trigger byte, and well-formed
    /// UTF-8, which a part of `bytes` (a `TextDocument`'s, valid) is when it starts and ends
    /// between characters.
    func isVerbatim(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        let (a, b) = decodeTriggers
        if a == b {
            // HTML's one trigger (`&`): memchr, not a loop a byte.
            if let start = raw.baseAddress, !raw.isEmpty, memchr(start, Int32(a), raw.count) != nil { return false }
        } else {
            for byte in raw where byte == a || byte == b { return false }
        }
        guard let start = raw.baseAddress, let base = bytes.baseAddress, start >= base, start + raw.count <= base + bytes.count else {
            return UTF8Validation.firstInvalidByte(in: raw) == nil
        }
        let end = base.distance(to: start) + raw.count
        return (raw.isEmpty || raw[0] & 0xC0 != 0x80) && (end == bytes.count || bytes[end] & 0xC0 != 0x80)
    }
    /// Standalone tags that stand for a word (Markdown's code spans): the segmenter sees U+FFFC
    /// there, so that a sentence ending in one keeps it; a unit of such codes alone stays skeleton.
    var placeholders: Set<String> = []
    /// What a tag starting at a byte offset is written as in a translation, when not as in the
    /// source (Markdown's `[text][]`, whose label a translated text would lose).
    var natives: [Int: String] = [:]
    var blockIndex = 0
    var unitIndex = 0
    /// Tables sized by a block's or a unit's items, kept from one to the next (most blocks are
    /// small: allocating them each time was a few percent of reading a page).
    var starts: [Int] = [], pairs: [Int] = [], codeIDs: [Int] = []
    /// A block's plain bytes and the open tags of a block or a unit, kept from one to the next
    /// like the tables above.
    var plainBytes: [UInt8] = [], textBytes: [UInt8] = [], tagStacks = TagStacks()

    /// `table` emptied (its room kept) and filled with `count` copies of `value`.
    private static func reset(_ table: inout [Int], count: Int, to value: Int) {
        table.removeAll(keepingCapacity: true)
        table.append(contentsOf: repeatElement(value, count: count))
    }

    /// The decimal text of a code id: small ones made once.
    private static let smallNumbers = (0..<64).map { String($0) }
    private static func decimal(_ number: Int) -> String {
        number >= 0 && number < smallNumbers.count ? smallNumbers[number] : String(number)
    }

    mutating func block(_ items: [InlineItem], context: String, position: inout Int,
                        pieces: inout [InlinePiece], units: inout [DocumentUnit]) {
        guard !items.isEmpty, !holdsOnlySpace(items) else { return }
        // The block's text as the segmenter sees it, with where each byte came from.
        var plain: [UInt8] = []
        swap(&plain, &plainBytes)
        defer {
            plain.removeAll(keepingCapacity: true)
            swap(&plain, &plainBytes)
        }
        // At most the raw bytes (decoding only shortens them) and three a placeholder: no regrowing.
        plain.reserveCapacity(items.reduce(0) { $0 + $1.range.count + 3 })
        // Where each item's bytes start in `plain`; for a decoded text item, the raw offset (in
        // the item) each of its plain bytes came from (see `origin`).
        var plainStart: [Int] = []
        swap(&plainStart, &starts)
        defer { swap(&plainStart, &starts) }
        Self.reset(&plainStart, count: items.count, to: 0)
        var decodedOrigins: [Int: [Int]] = [:]
        var placeholderBytes = 0
        for (n, item) in items.enumerated() {
            plainStart[n] = plain.count
            switch item {
            case .text(let range):
                let raw = UnsafeBufferPointer(rebasing: bytes[range])
                if isVerbatim(raw) {
                    plain.append(contentsOf: raw)
                } else {
                    let result = decode(raw)
                    plain.append(contentsOf: result.text.utf8)
                    decodedOrigins[n] = result.origins
                }
            case .space:
                plain.append(0x20)
            case .tag(let name, _, _):
                if name == "br" {
                    plain.append(0x20)
                } else if !placeholders.isEmpty, placeholders.contains(name) {
                    plain.append(contentsOf: [0xEF, 0xBF, 0xBC])  // U+FFFC
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
        /// The item a plain byte came from and its offset in the page: the last item starting at
        /// or before it (items that add no bytes start where the next one does).
        func origin(_ offset: Int) -> (item: Int, offset: Int) {
            var low = 0, high = items.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if plainStart[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            guard case .text(let range) = items[low] else { return (low, items[low].range.lowerBound) }
            let inItem = offset - plainStart[low]
            return (low, range.lowerBound + (decodedOrigins[low].map { $0[inItem] } ?? inItem))
        }
        // Pairs of tags: a cut inside one is not taken. The plain offsets strictly inside a pair,
        // as intervals (few: no table over the block's bytes), merged in order.
        var inside: [Range<Int>] = []
        tagStacks.reset()
        for (n, item) in items.enumerated() {
            guard case .tag(let name, let opens?, _) = item else { continue }
            if opens {
                tagStacks.push(name, plainStart[n])
            } else if let start = tagStacks.pop(name), plainStart[n] > start + 1 {
                inside.append((start + 1)..<plainStart[n])
            }
        }
        if !inside.isEmpty {
            inside.sort { $0.lowerBound < $1.lowerBound }
            var merged: [Range<Int>] = []
            for interval in inside {
                if let last = merged.last, interval.lowerBound <= last.upperBound {
                    merged[merged.count - 1] = last.lowerBound..<Swift.max(last.upperBound, interval.upperBound)
                } else {
                    merged.append(interval)
                }
            }
            // The sentences are in order: one walk over both lists.
            var joined: [Range<Int>] = []
            var next = 0
            for range in ranges {
                while next < merged.count, merged[next].upperBound <= range.lowerBound { next += 1 }
                if let previous = joined.last, next < merged.count, merged[next].lowerBound <= range.lowerBound {
                    joined[joined.count - 1] = previous.lowerBound..<range.upperBound
                } else {
                    joined.append(range)
                }
            }
            ranges = joined
        }
        // Each sentence as an item span: from its first to its last text byte, widened over
        // the tags that open right before it and close right after it.
        for range in ranges {
            guard range.lowerBound < plain.count, range.upperBound > 0 else { continue }
            let first = origin(range.lowerBound), lastByte = origin(range.upperBound - 1)
            var startItem = first.item, endItem = lastByte.item
            var rawStart = first.offset
            // One past the sentence's last decoded byte.
            var rawEnd = items[lastByte.item].range.upperBound
            if range.upperBound < plain.count, case let after = origin(range.upperBound), after.item == lastByte.item {
                rawEnd = after.offset
            }
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
            if rawStart > position { pieces.append(.text(position..<rawStart)) }
            let content = content(items: items, from: startItem, to: endItem, rawRange: rawStart..<rawEnd, bytes: bytes)
            unitIndex += 1
            let id = String(unitIndex)
            let (line, column) = lines.location(rawStart, in: bytes)
            units.append(DocumentUnit(id: id, source: content,
                                      location: SourceLocation(file: file, line: line, column: column, byteOffset: rawStart),
                                      block: blockIndex - 1, context: context))
            pieces.append(.unit(id: id, block: blockIndex - 1, raw: rawStart..<rawEnd))
            position = rawEnd
        }
    }

    /// The unit's content: text with whitespace runs made one space (trimmed at the ends),
    /// tags as codes.
    mutating func content(items: [InlineItem], from startItem: Int, to endItem: Int, rawRange: Range<Int>,
                          bytes: UnsafeBufferPointer<UInt8>) -> SegmentContent {
        var elements: [SegmentContent.Element] = []
        elements.reserveCapacity(endItem - startItem + 1)  // at most one element an item
        // The text since the last code, as bytes (one string made a run, its whitespace runs
        // made one space, and the unit's ends trimmed).
        var text: [UInt8] = []
        swap(&text, &textBytes)
        defer {
            text.removeAll(keepingCapacity: true)
            swap(&text, &textBytes)
        }
        func flushText(last: Bool) {
            guard !text.isEmpty else { return }
            if let run = Self.collapsedRun(&text, leading: elements.isEmpty, trailing: last) { elements.append(.text(run)) }
            text.removeAll(keepingCapacity: true)
        }
        // Pair ids: an opening tag with its closing tag inside the unit (by item, from startItem;
        // -1 for none).
        var pairOf: [Int] = [], ids: [Int] = []
        swap(&pairOf, &pairs)
        swap(&ids, &codeIDs)
        defer {
            swap(&pairOf, &pairs)
            swap(&ids, &codeIDs)
        }
        Self.reset(&pairOf, count: endItem - startItem + 1, to: -1)
        tagStacks.reset()
        for n in startItem...endItem {
            guard case .tag(let name, let opens?, _) = items[n] else { continue }
            if opens {
                tagStacks.push(name, n)
            } else if let start = tagStacks.pop(name) {
                pairOf[start - startItem] = n
                pairOf[n - startItem] = start
            }
        }
        Self.reset(&ids, count: endItem - startItem + 1, to: 0)
        var next = 1
        for n in startItem...endItem {
            let clipped = items[n].range.clamped(to: rawRange)
            switch items[n] {
            case .text:
                guard !clipped.isEmpty else { continue }
                let raw = UnsafeBufferPointer(rebasing: bytes[clipped])
                if isVerbatim(raw) { text.append(contentsOf: raw) } else { text.append(contentsOf: decode(raw).text.utf8) }
            case .space:
                text.append(0x20)
            case .tag(let name, let opens, let range):
                flushText(last: false)
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
                    elements.append(.code(InlineCode(opens ? .bpt : .ept, attributes: [Attribute("i", Self.decimal(id)), type], content: native)))
                } else if let opens {
                    elements.append(.code(InlineCode(.it, attributes: [Attribute("x", Self.decimal(next)), Attribute("pos", opens ? "begin" : "end"), type],
                                                     content: native)))
                    next += 1
                } else {
                    elements.append(.code(InlineCode(.ph, attributes: [Attribute("x", Self.decimal(next)), type], content: native)))
                    next += 1
                }
            }
        }
        flushText(last: true)
        return SegmentContent(elements)
    }

    /// A run of a unit's text with HTML's whitespace runs (space, tab, LF, FF, CR) made one
    /// space (other spaces, such as no-break ones, kept), its leading or trailing spaces left out
    /// when it starts or ends the unit; nil when nothing is left. `bytes` is overwritten.
    static func collapsedRun(_ bytes: inout [UInt8], leading: Bool, trailing: Bool) -> String? {
        bytes.withUnsafeMutableBufferPointer { buffer -> String? in
            var kept = 0
            var inRun = false
            for i in 0..<buffer.count {
                let byte = buffer[i]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                    if !inRun {
                        buffer[kept] = 0x20
                        kept += 1
                    }
                    inRun = true
                } else {
                    buffer[kept] = byte
                    kept += 1
                    inRun = false
                }
            }
            var start = 0, end = kept
            if leading { while start < end, buffer[start] == 0x20 { start += 1 } }
            if trailing { while end > start, buffer[end - 1] == 0x20 { end -= 1 } }
            return start == end ? nil : String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
    }

    /// Whether a block's items are whitespace and tags alone, read from the raw bytes (ASCII
    /// whitespace; no reference, escape or placeholder): most blocks of a page hold no text (a
    /// list item of a linked image, an empty cell), and these need nothing built to be found so.
    func holdsOnlySpace(_ items: [InlineItem]) -> Bool {
        for item in items {
            switch item {
            case .text(let range):
                for offset in range {
                    let byte = bytes[offset]
                    guard byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) else { return false }
                }
            case .space:
                continue
            case .tag(let name, _, _):
                if !placeholders.isEmpty, placeholders.contains(name) { return false }
            }
        }
        return true
    }

    /// Whether `plain` holds a character other than whitespace and U+FFFC placeholders.
    static func hasText(_ plain: some Collection<UInt8>) -> Bool {
        String(decoding: plain, as: UTF8.self).unicodeScalars.contains { $0 != "\u{FFFC}" && !$0.properties.isWhitespace }
    }
}
