import Segmentation
import TMKitCore

/// A Markdown document as translation sees it (CommonMark, with GFM tables and strikethrough):
/// the text of headings, paragraphs, list items, block quotes and table cells cut into
/// sentences; inline syntax (emphasis, links, images, inline HTML, code spans, autolinks,
/// shortcodes) as inline codes; everything else skeleton, kept byte for byte: YAML (`---`) and
/// TOML (`+++`) front matter, fenced and indented code, HTML blocks, link reference
/// definitions, thematic breaks, table delimiter rows, list markers and `>` prefixes.
///
/// A link is a pair of codes around its text: `[` and `](destination "title")` (or `][label]`),
/// so the destination is never offered for translation; an image likewise (`![` … `](src)`),
/// its alt text translated with the sentence. A code span is one code. A line break inside a
/// paragraph reads as a space (with the next line's `>` or indentation); a translated paragraph
/// is written on one line. Markdown is never malformed: what is not syntax is text.
///
/// The block scanner is tmkit's own (a line-based reading of the CommonMark block rules): a
/// byte-exact skeleton needs the span of every inline delimiter, which cmark gives only per
/// block.
public struct MarkdownDocument: TranslatableDocument {
    /// The document as decoded text (UTF-8), with the encoding it arrived in.
    public let document: TextDocument
    /// The units to translate, in document order: the sentences of headings, paragraphs, list items,
    /// block quotes and table cells.
    public let units: [DocumentUnit]
    /// Everything but the units, for XLIFF and `merge` (format `markdown`).
    public let skeleton: DocumentSkeleton

    /// Cuts a decoded document with `segmenter`; `file` goes into the units' locations.
    public init(_ document: TextDocument, file: String? = nil, segmenter: any DocumentSegmenter) {
        self.document = document
        var units: [DocumentUnit] = []
        var pieces: [DocumentSkeleton.Piece] = []
        document.utf8.withUnsafeBufferPointer { bytes in
            var built: [InlinePiece] = []
            var builder = InlineBlockBuilder(bytes: bytes, segmenter: segmenter, file: file, lines: LineIndex(bytes),
                                             decode: { MarkdownText.decode($0) }, decodeTriggers: (0x26, 0x5C),
                                             placeholders: MarkdownInline.words)
            let blocks = MarkdownBlocks(bytes)
            var position = 0
            for block in blocks.blocks {
                let (items, natives) = MarkdownInline.items(in: block.lines, of: bytes, references: blocks.references)
                builder.natives = natives
                builder.block(items, context: block.context, position: &position, pieces: &built, units: &units)
            }
            if position < bytes.count { built.append(.text(position..<bytes.count)) }
            pieces = InlinePiece.pieces(built, in: bytes)
        }
        self.units = units
        self.skeleton = DocumentSkeleton(format: DocumentFormat.markdown.name, encoding: document.encoding, pieces: pieces)
    }

    /// The document with each translated unit written as its text escaped for Markdown and its codes
    /// as the source wrote them; untranslated units keep their bytes. Markdown has no layout
    /// options: `options` is ignored.
    public func rebuilt(translations: [String: SegmentContent], options: RebuildOptions) throws(DocumentError) -> [UInt8] {
        try locatingErrors { sources throws(DocumentError) in
            try Self.rebuild(skeleton, sources: sources, translations: translations)
        }
    }

    /// Rebuilds a document from its skeleton: a translated unit is its text escaped for
    /// Markdown, its codes as the source wrote them; the others keep their bytes.
    static func rebuild(_ skeleton: DocumentSkeleton, sources: [String: SegmentContent],
                        translations: [String: SegmentContent], options: RebuildOptions = RebuildOptions()) throws(DocumentError) -> [UInt8] {
        try skeleton.check(translations: translations, sources: sources)
        var text = ""
        for piece in skeleton.pieces {
            switch piece {
            case .text(let value):
                text += value
            case .unit(let id, _, let layout):
                if let translation = translations[id] {
                    text += HTMLDocument.render(translation, source: sources[id], escape: MarkdownText.escape)
                } else if case .raw(let raw)? = layout {
                    text += raw
                } else {
                    text += HTMLDocument.render(sources[id] ?? SegmentContent(), source: sources[id], escape: MarkdownText.escape)
                }
            }
        }
        return skeleton.encoding.encode(text)
    }
}

/// Markdown text: backslash escapes and character references decoded for the translator, and
/// translated text escaped so that it reads as text.
enum MarkdownText {
    @inline(__always) static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// `bytes` with `\` escapes and references decoded, and where each decoded byte came from.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, origins: [Int]) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var origins: [Int] = []
        origins.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x5C, i + 1 < bytes.count, isPunctuation(bytes[i + 1]) {
                out.append(bytes[i + 1])
                origins.append(i)
                i += 2
                continue
            }
            if byte == 0x26, let (text, length) = HTMLText.reference(bytes, at: i), bytes[i + length - 1] == 0x3B {
                for decoded in text.utf8 {
                    out.append(decoded)
                    origins.append(i)
                }
                i += length
                continue
            }
            out.append(byte)
            origins.append(i)
            i += 1
        }
        return (String(decoding: out, as: UTF8.self), origins)
    }

    /// `text` with the characters that start Markdown syntax escaped (a backslash before ASCII
    /// punctuation always reads as the character): what a translation is written as.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var atStart = true
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            switch character {
            case "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}":
                // A line break would end a table row or a heading: a space.
                out.append(" ")
                atStart = false
                continue
            case "\\", "`", "*", "_", "[", "]", "<", "|", "~":
                out.append("\\")
            case "&":
                // Only where it would start a reference.
                if index + 1 < characters.count, characters[index + 1] == "#" || characters[index + 1].isLetter { out.append("\\") }
            case "#", ">", "+", "-":
                // A heading, quote or list marker only at the start.
                if atStart { out.append("\\") }
            case ".", ")":
                // `1.` at the start would be a list item.
                if index > 0, characters[..<index].allSatisfy({ $0.isASCII && $0.isNumber }) { out.append("\\") }
            default:
                break
            }
            out.append(character)
            atStart = false
        }
        return out
    }
}

/// The blocks of a Markdown document: each block's content as one byte range per line.
struct MarkdownBlocks {
    struct Block {
        /// The content of each line of the block (without its prefix and line end).
        var lines: [Range<Int>]
        /// `p`, `h1`…`h6`, `li`, `blockquote`, `th`, `td`.
        var context: String
    }

    private(set) var blocks: [Block] = []
    /// Labels of link reference definitions, case-folded: `[text]` alone is a link only with one.
    private(set) var references: Set<String> = []

    /// HTML blocks that end at a blank line (CommonMark's block-level names).
    static let htmlBlockNames: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col", "colgroup", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame",
        "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link",
        "main", "menu", "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul",
    ]
    /// HTML blocks that end at their end tag.
    static let htmlRawNames: Set<String> = ["script", "pre", "style", "textarea"]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Lines without their ends.
        var lines: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A || bytes[i] == 0x0D {
                lines.append(start..<i)
                if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }

        var index = 0
        // Front matter: YAML between --- lines, TOML between +++ lines, at the very start.
        if let first = lines.first, first.lowerBound == 0 || (first.lowerBound == 3 && bytes[0] == 0xEF) {
            let text = Self.trimmedEnd(first, bytes)
            let fence: [UInt8]? = Self.equals(text, bytes, "---") ? Array("---".utf8) : Self.equals(text, bytes, "+++") ? Array("+++".utf8) : nil
            if let fence {
                var close = 1
                while close < lines.count {
                    let line = Self.trimmedEnd(lines[close], bytes)
                    if bytes[line].elementsEqual(fence) || (fence[0] == 0x2D && Self.equals(line, bytes, "...")) { break }
                    close += 1
                }
                if close < lines.count { index = close + 1 }
            }
        }

        var listIndents: [Int] = []  // content columns of the open list items
        var paragraph: [Range<Int>] = []
        var paragraphContext = "p"
        var paragraphQuotes = 0
        func endParagraph(as context: String? = nil) {
            if !paragraph.isEmpty { blocks.append(Block(lines: paragraph, context: context ?? paragraphContext)) }
            paragraph = []
        }

        while index < lines.count {
            let line = lines[index]
            // Block quote markers (inside a list item, indented to its content).
            var i = line.lowerBound
            var quotes = 0
            let allowance = 3 + (listIndents.last ?? 0)
            while true {
                var j = i
                while j < line.upperBound, j - i < (quotes == 0 ? allowance : 3), bytes[j] == 0x20 { j += 1 }
                guard j < line.upperBound, bytes[j] == 0x3E else { break }
                quotes += 1
                i = j + 1
                if i < line.upperBound, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            }
            let (indent, textStart) = Self.indentation(bytes, from: i, to: line.upperBound)
            let content = Self.trimmedEnd(textStart..<line.upperBound, bytes)
            if content.isEmpty {  // a blank line (perhaps with > markers)
                endParagraph()
                index += 1
                continue
            }
            // The open list items that hold this line; a paragraph's lazy continuation keeps them all.
            var holding = listIndents
            while let last = holding.last, last > indent { holding.removeLast() }
            let relative = indent - (holding.last ?? 0)
            let first = bytes[content.lowerBound]

            // Fenced code: skeleton through its closing fence (or the end).
            func skipFencedCode(_ fence: (character: UInt8, count: Int)) {
                index += 1
                while index < lines.count {
                    let inner = lines[index]
                    var k = inner.lowerBound
                    while k < inner.upperBound, bytes[k] == 0x20 || bytes[k] == 0x3E || bytes[k] == 0x09 { k += 1 }
                    let closing = Self.trimmedEnd(k..<inner.upperBound, bytes)
                    index += 1
                    if closing.count >= fence.count, bytes[closing].allSatisfy({ $0 == fence.character }) { break }
                }
            }
            if relative < 4, let fence = Self.fence(bytes, content) {
                endParagraph()
                listIndents = holding
                skipFencedCode(fence)
                continue
            }
            // ATX heading.
            if relative < 4, first == 0x23, let heading = Self.atxHeading(bytes, content) {
                endParagraph()
                listIndents = holding
                if !heading.text.isEmpty { blocks.append(Block(lines: [heading.text], context: "h\(heading.level)")) }
                index += 1
                continue
            }
            // Setext underline: the paragraph above is a heading.
            if relative < 4, !paragraph.isEmpty, first == 0x3D || first == 0x2D,
               bytes[content].allSatisfy({ $0 == first }) {
                endParagraph(as: first == 0x3D ? "h1" : "h2")
                index += 1
                continue
            }
            // Thematic break.
            if relative < 4, first == 0x2A || first == 0x2D || first == 0x5F, Self.isThematicBreak(bytes, content) {
                endParagraph()
                listIndents = holding
                index += 1
                continue
            }
            // HTML block.
            if relative < 4, first == 0x3C, let end = Self.htmlBlockEnd(bytes, content, paragraphOpen: !paragraph.isEmpty) {
                endParagraph()
                listIndents = holding
                index += 1
                while index < lines.count {
                    let inner = lines[index]
                    let isBlank = Self.trimmedEnd(inner, bytes).allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 || bytes[$0] == 0x3E }
                    switch end {
                    case .blankLine:
                        if isBlank { break }
                        index += 1
                        continue
                    case .marker(let marker):
                        index += 1
                        if Self.contains(bytes, inner, marker) { break }
                        continue
                    case .found:
                        break
                    }
                    break
                }
                continue
            }
            // List item: the marker is skeleton, the rest starts a block.
            // (Inside a list a sibling item interrupts a paragraph; outside, only a bullet or `1.` does.)
            if relative < 4, let marker = Self.listMarker(bytes, content, paragraphOpen: !paragraph.isEmpty && listIndents.isEmpty) {
                endParagraph()
                listIndents = holding
                let afterMarker = content.lowerBound + marker.width
                let (spaces, itemStart) = Self.indentation(bytes, from: afterMarker, to: content.upperBound)
                let contentColumn = indent + marker.width + (spaces >= 1 && spaces <= 4 ? spaces : 1)
                listIndents.append(contentColumn)
                var itemContent = Self.trimmedEnd(itemStart..<content.upperBound, bytes)
                var quotedItem = false
                if !itemContent.isEmpty, bytes[itemContent.lowerBound] == 0x3E {  // `- > quote`
                    let (_, quoteStart) = Self.indentation(bytes, from: itemContent.lowerBound + 1, to: itemContent.upperBound)
                    itemContent = quoteStart..<itemContent.upperBound
                    quotedItem = true
                }
                if !itemContent.isEmpty {
                    if let heading = bytes[itemContent.lowerBound] == 0x23 ? Self.atxHeading(bytes, itemContent) : nil {
                        if !heading.text.isEmpty { blocks.append(Block(lines: [heading.text], context: "h\(heading.level)")) }
                    } else if let fence = Self.fence(bytes, itemContent) {
                        // A fence opens the item (`- ``` `): its code is skeleton to the closing fence.
                        skipFencedCode(fence)
                        continue
                    } else {
                        paragraph = [itemContent]
                        paragraphQuotes = quotes
                        paragraphContext = quotedItem ? "blockquote" : "li"
                    }
                }
                index += 1
                continue
            }
            // A table: a header row, a delimiter row, then rows until a blank line.
            if paragraph.isEmpty, index + 1 < lines.count, Self.contains(bytes, content, "|"),
               let delimiter = Optional(Self.stripQuotes(lines[index + 1], bytes)), Self.isTableDelimiter(bytes, delimiter) {
                listIndents = holding
                for cell in Self.cells(bytes, content) { blocks.append(Block(lines: [cell], context: "th")) }
                index += 2
                while index < lines.count {
                    let row = Self.trimmedEnd(Self.stripQuotes(lines[index], bytes), bytes)
                    // A blank line or another block (a heading, a fence) ends the table.
                    guard !row.isEmpty, bytes[row.lowerBound] != 0x23 || Self.atxHeading(bytes, row) == nil,
                          Self.fence(bytes, row) == nil else { break }
                    for cell in Self.cells(bytes, row) { blocks.append(Block(lines: [cell], context: "td")) }
                    index += 1
                }
                continue
            }
            // A footnote definition (GFM): `[^1]:` is skeleton, its text a block.
            if first == 0x5B, content.count > 2, bytes[content.lowerBound + 1] == 0x5E,
               let close = MarkdownInline.matchingBracket(bytes, from: content.lowerBound, end: content.upperBound),
               close + 1 < content.upperBound, bytes[close + 1] == 0x3A {
                endParagraph()
                listIndents = holding + [indent + 4]
                let (_, textStart) = Self.indentation(bytes, from: close + 2, to: content.upperBound)
                if textStart < content.upperBound {
                    paragraphQuotes = quotes
                    paragraph = [textStart..<content.upperBound]
                    paragraphContext = "footnote"
                }
                index += 1
                continue
            }
            // A link reference definition.
            if paragraph.isEmpty, first == 0x5B, let label = Self.referenceDefinition(bytes, content) {
                references.insert(label)
                listIndents = holding
                index += 1
                continue
            }
            // Indented code.
            if paragraph.isEmpty, relative >= 4 {
                listIndents = holding
                index += 1
                continue
            }
            // A deeper quote starts a block of its own (a shallower one is a lazy continuation).
            if !paragraph.isEmpty, quotes > paragraphQuotes { endParagraph() }
            // Paragraph text.
            if paragraph.isEmpty {
                paragraphQuotes = quotes
                listIndents = holding
                paragraphContext = quotes > 0 ? "blockquote" : holding.isEmpty ? "p" : "li"
            }
            paragraph.append(content)
            index += 1
        }
        endParagraph()
    }

    // MARK: Line helpers

    /// Columns of leading spaces and tabs from `start` (a tab to the next multiple of 4), and
    /// where the text begins.
    static func indentation(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (Int, Int) {
        var column = 0
        var i = start
        while i < end {
            if bytes[i] == 0x20 { column += 1 } else if bytes[i] == 0x09 { column += 4 - column % 4 } else { break }
            i += 1
        }
        return (column, i)
    }

    static func trimmedEnd(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return range.lowerBound..<end
    }

    static func equals(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount
            && text.withUTF8Buffer { UnsafeBufferPointer(rebasing: bytes[range]).elementsEqual($0) }
    }

    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { needle in
            guard needle.count <= range.count else { return false }
            var i = range.lowerBound
            while i + needle.count <= range.upperBound {
                if bytes[i] == needle[0], UnsafeBufferPointer(rebasing: bytes[i..<(i + needle.count)]).elementsEqual(needle) { return true }
                i += 1
            }
            return false
        }
    }

    static func stripQuotes(_ line: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var i = line.lowerBound
        while i < line.upperBound, bytes[i] == 0x20 || bytes[i] == 0x3E || bytes[i] == 0x09 { i += 1 }
        return i..<line.upperBound
    }

    /// An opening code fence: its character and length.
    static func fence(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) -> (character: UInt8, count: Int)? {
        let first = bytes[content.lowerBound]
        guard first == 0x60 || first == 0x7E else { return nil }
        var i = content.lowerBound
        while i < content.upperBound, bytes[i] == first { i += 1 }
        let count = i - content.lowerBound
        guard count >= 3 else { return nil }
        if first == 0x60, bytes[i..<content.upperBound].contains(0x60) { return nil }  // backticks in a backtick info string
        return (first, count)
    }

    /// An ATX heading's level and text (without the closing `#` sequence).
    static func atxHeading(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) -> (level: Int, text: Range<Int>)? {
        var i = content.lowerBound
        while i < content.upperBound, bytes[i] == 0x23 { i += 1 }
        let level = i - content.lowerBound
        guard level <= 6, i == content.upperBound || bytes[i] == 0x20 || bytes[i] == 0x09 else { return nil }
        while i < content.upperBound, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        var end = content.upperBound
        var k = end
        while k > i, bytes[k - 1] == 0x23 { k -= 1 }
        if k < end, k == i || bytes[k - 1] == 0x20 || bytes[k - 1] == 0x09 {
            end = k
            while end > i, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        }
        return (level, i..<max(i, end))
    }

    static func isThematicBreak(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) -> Bool {
        let first = bytes[content.lowerBound]
        var count = 0
        for i in content {
            if bytes[i] == first { count += 1 } else if bytes[i] != 0x20 && bytes[i] != 0x09 { return false }
        }
        return count >= 3
    }

    enum HTMLEnd { case blankLine, marker(StaticString), found }

    /// How the HTML block starting this line ends, or nil when the line does not start one.
    static func htmlBlockEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>, paragraphOpen: Bool) -> HTMLEnd? {
        let start = content.lowerBound
        func ends(_ marker: StaticString) -> HTMLEnd { contains(bytes, content, marker) ? .found : .marker(marker) }
        if equalsPrefix(bytes, content, "<!--") { return ends("-->") }
        if equalsPrefix(bytes, content, "<?") { return ends("?>") }
        if equalsPrefix(bytes, content, "<![CDATA[") { return ends("]]>") }
        if equalsPrefix(bytes, content, "<!"), start + 2 < content.upperBound, HTMLTokenizer.isASCIILetter(bytes[start + 2]) { return ends(">") }
        var i = start + 1
        if i < content.upperBound, bytes[i] == 0x2F { i += 1 }
        let nameStart = i
        while i < content.upperBound, HTMLTokenizer.isASCIILetter(bytes[i]) || (bytes[i] &- 0x30 < 10 && i > nameStart) { i += 1 }
        guard i > nameStart else { return nil }
        let name = HTMLTokenizer.lowercased(bytes, nameStart..<i)
        let boundary = i == content.upperBound || [0x20, 0x09, 0x3E, 0x2F].contains(bytes[i])
        guard boundary else { return nil }
        if htmlRawNames.contains(name), nameStart == start + 1 {
            for end in ["</script>", "</pre>", "</style>", "</textarea>"] as [StaticString] where containsCaseInsensitive(bytes, content, end) {
                return .found
            }
            switch name {
            case "script": return .marker("</script>")
            case "pre": return .marker("</pre>")
            case "style": return .marker("</style>")
            default: return .marker("</textarea>")
            }
        }
        if htmlBlockNames.contains(name) { return .blankLine }
        // Any other complete tag alone on its line, where it does not interrupt a paragraph.
        guard !paragraphOpen, bytes[content.upperBound - 1] == 0x3E else { return nil }
        return .blankLine
    }

    static func equalsPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { prefix in
            range.count >= prefix.count && UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<(range.lowerBound + prefix.count)]).elementsEqual(prefix)
        }
    }

    static func containsCaseInsensitive(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { needle in
            guard needle.count <= range.count else { return false }
            var i = range.lowerBound
            while i + needle.count <= range.upperBound {
                var k = 0
                while k < needle.count, bytes[i + k] | 0x20 == needle[k] | 0x20 { k += 1 }
                if k == needle.count { return true }
                i += 1
            }
            return false
        }
    }

    /// A list marker at the start of `content` (`-`, `+`, `*`, `1.`, `1)`) followed by a space,
    /// a tab or the line's end: its width.
    static func listMarker(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>, paragraphOpen: Bool) -> (width: Int, ordered: Bool)? {
        let first = bytes[content.lowerBound]
        var i = content.lowerBound
        var ordered = false
        if first == 0x2D || first == 0x2B || first == 0x2A {
            i += 1
        } else {
            while i < content.upperBound, i - content.lowerBound < 9, bytes[i] &- 0x30 < 10 { i += 1 }
            guard i > content.lowerBound, i < content.upperBound, bytes[i] == 0x2E || bytes[i] == 0x29 else { return nil }
            // Only a list starting at 1 interrupts a paragraph.
            if paragraphOpen, !(i == content.lowerBound + 1 && first == 0x31) { return nil }
            ordered = true
            i += 1
        }
        guard i == content.upperBound || bytes[i] == 0x20 || bytes[i] == 0x09 else { return nil }
        // An empty item does not interrupt a paragraph.
        if paragraphOpen, i == content.upperBound { return nil }
        return (i - content.lowerBound, ordered)
    }

    static func isTableDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        let row = trimmedEnd(line, bytes)
        guard !row.isEmpty else { return false }
        var dashes = 0
        var pipes = 0
        for i in row {
            switch bytes[i] {
            case 0x2D: dashes += 1
            case 0x7C: pipes += 1
            case 0x3A, 0x20, 0x09: break
            default: return false
            }
        }
        return dashes > 0 && (pipes > 0 || bytes[row].contains(0x3A))
    }

    /// A table row's cells, trimmed (the outer pipes and `\|` escapes honoured, code spans kept whole).
    static func cells(_ bytes: UnsafeBufferPointer<UInt8>, _ row: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = row.lowerBound
        var i = row.lowerBound
        var inCode = false
        if i < row.upperBound, bytes[i] == 0x7C { i += 1; start = i }
        while i <= row.upperBound {
            if i == row.upperBound || (bytes[i] == 0x7C && !inCode) {
                var a = start, b = i
                while a < b, bytes[a] == 0x20 || bytes[a] == 0x09 { a += 1 }
                while b > a, bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09 { b -= 1 }
                if !(i == row.upperBound && start == i) { result.append(a..<b) }
                start = i + 1
            } else if bytes[i] == 0x5C {
                i += 1
            } else if bytes[i] == 0x60 {
                inCode.toggle()
            }
            i += 1
        }
        return result.filter { !$0.isEmpty }
    }

    /// `[label]: destination "title"`: the label, case-folded.
    static func referenceDefinition(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) -> String? {
        var i = content.lowerBound + 1
        while i < content.upperBound, bytes[i] != 0x5D {
            if bytes[i] == 0x5C {
                i += 2  // an escaped character, whatever it is
                continue
            }
            if bytes[i] == 0x5B { return nil }
            i += 1
        }
        guard i < content.upperBound else { return nil }
        guard i + 1 < content.upperBound, bytes[i + 1] == 0x3A, i > content.lowerBound + 1 else { return nil }
        let label = String(decoding: UnsafeBufferPointer(rebasing: bytes[(content.lowerBound + 1)..<i]), as: UTF8.self)
        return MarkdownInline.normalizedLabel(label)
    }
}

/// Inline syntax of a block's lines as items: text, codes (tags) and the line breaks between.
enum MarkdownInline {
    static func normalizedLabel(_ label: String) -> String {
        label.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    private enum Token {
        case text(Range<Int>)
        case code(name: String, opens: Bool?, range: Range<Int>)
        case delimiter(character: UInt8, range: Range<Int>, canOpen: Bool, canClose: Bool)
    }

    static let voidTags: Set<String> = ["br", "img", "wbr", "hr", "input", "source", "embed", "area", "col"]
    /// Codes that stand for a word of the sentence (`code`, a URL): the segmenter sees a
    /// placeholder there, so that a sentence ending in one keeps it.
    static let words: Set<String> = ["code", "autolink", "footnote", "shortcode"]

    /// The items of a block's lines, and the codes whose translation is written otherwise than
    /// the source has them (by their first byte: a shortcut reference's `]` written `][label]`).
    ///
    /// The lines are scanned as one text, each line break (with the next line's prefix: `> `,
    /// a list item's indentation) standing as one `\n`, so that a link, a code span or inline
    /// HTML may go on to the next line of a hard-wrapped paragraph, as CommonMark has it.
    static func items(in lines: [Range<Int>], of bytes: UnsafeBufferPointer<UInt8>,
                      references: Set<String>) -> (items: [InlineItem], natives: [Int: String]) {
        // The paragraph's text: the lines' bytes, a `\n` between two lines.
        var joined: [UInt8] = []
        var starts: [Int] = []  // where each line starts in `joined`
        joined.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for (n, line) in lines.enumerated() {
            if n > 0 { joined.append(0x0A) }
            starts.append(joined.count)
            joined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line]))
        }
        // The line a position of `joined` is in (a line break: the line before it).
        func line(of position: Int) -> Int {
            var low = 0, high = starts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= position { low = middle } else { high = middle - 1 }
            }
            return low
        }
        // A position of `joined` in the document: in a line, or a line break standing for the
        // break and the next line's prefix (its start: the end of the line before).
        func original(_ position: Int) -> Int {
            let n = line(of: position)
            if position - starts[n] >= lines[n].count, n + 1 < lines.count { return lines[n].upperBound }
            return lines[n].lowerBound + position - starts[n]
        }
        func originalEnd(_ position: Int) -> Int {
            // One past the byte before `position`: a range that ends on a line break ends after it.
            guard position > 0 else { return lines.first?.lowerBound ?? 0 }
            let last = position - 1
            let n = line(of: last)
            if last - starts[n] >= lines[n].count, n + 1 < lines.count { return lines[n + 1].lowerBound }
            return lines[n].lowerBound + last - starts[n] + 1
        }
        var scanned: [Token] = []
        var joinedNatives: [Int: String] = [:]
        joined.withUnsafeBufferPointer { text in
            scan(0..<text.count, text, references: references, into: &scanned, natives: &joinedNatives)
        }
        var natives: [Int: String] = [:]
        for (position, native) in joinedNatives { natives[original(position)] = native }
        // Back to the document's bytes: text split at each line break (the break a code of its
        // own, and a hard break's backslash with it); a code or delimiter that runs over a line
        // break keeps the break and the prefix in its bytes, written back as they are.
        var tokens: [Token] = []
        for token in scanned {
            switch token {
            case .text(let range):
                var start = range.lowerBound
                var n = line(of: start)
                while start < range.upperBound {
                    let lineEnd = starts[n] + lines[n].count  // the `\n` after line n, or the end
                    if start < lineEnd {
                        let end = Swift.min(range.upperBound, lineEnd)
                        tokens.append(.text(original(start)..<originalEnd(end)))
                        start = end
                    } else {
                        // The line break: from the end of line n (less a hard break's backslash)
                        // to the start of the next line's content.
                        var breakStart = lines[n].upperBound
                        if breakStart > lines[n].lowerBound, bytes[breakStart - 1] == 0x5C { breakStart -= 1 }
                        if case .text(let previous)? = tokens.last, previous.upperBound == lines[n].upperBound,
                           breakStart < previous.upperBound {
                            tokens[tokens.count - 1] = .text(previous.lowerBound..<breakStart)
                        }
                        tokens.append(.code(name: "\n", opens: nil, range: breakStart..<lines[n + 1].lowerBound))
                        start += 1
                        n += 1
                    }
                }
            case .code(let name, let opens, let range):
                tokens.append(.code(name: name, opens: opens, range: original(range.lowerBound)..<originalEnd(range.upperBound)))
            case .delimiter(let character, let range, let canOpen, let canClose):
                tokens.append(.delimiter(character: character, range: original(range.lowerBound)..<originalEnd(range.upperBound),
                                         canOpen: canOpen, canClose: canClose))
            }
        }
        tokens.removeAll { if case .text(let range) = $0 { return range.isEmpty } else { return false } }
        // Emphasis: a closing run pairs with the nearest open run of the same character and length.
        var openers: [Int] = []
        var paired = [Bool?](repeating: nil, count: tokens.count)  // true: opens, false: closes
        for (index, token) in tokens.enumerated() {
            guard case .delimiter(let character, let range, let canOpen, let canClose) = token else { continue }
            // (Only the nearest 64 openers are looked at: emphasis farther apart is not worth quadratic time.)
            if canClose, let match = openers.indices.suffix(64).last(where: { opener in
                let opener = openers[opener]
                if case .delimiter(let other, let otherRange, _, _) = tokens[opener] {
                    return other == character && otherRange.count == range.count
                }
                return false
            }) {
                paired[openers[match]] = true
                paired[index] = false
                openers.removeSubrange(match...)
                continue
            }
            if canOpen { openers.append(index) }
        }
        var items: [InlineItem] = []
        func addText(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            if case .text(let previous)? = items.last, previous.upperBound == range.lowerBound {
                items[items.count - 1] = .text(previous.lowerBound..<range.upperBound)
            } else {
                items.append(.text(range))
            }
        }
        for (index, token) in tokens.enumerated() {
            switch token {
            case .text(let range): addText(range)
            case .code("\n", _, let range): items.append(.space(range))
            case .code(let name, let opens, let range): items.append(.tag(name: name, opens: opens, range: range))
            case .delimiter(let character, let range, _, _):
                if let opens = paired[index] {
                    items.append(.tag(name: String(repeating: Character(Unicode.Scalar(character)), count: range.count), opens: opens, range: range))
                } else {
                    addText(range)
                }
            }
        }
        return (items, natives)
    }

    /// Tokens of one line's content.
    private static func scan(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>, references: Set<String>, into tokens: inout [Token],
                             natives: inout [Int: String]) {
        var closes: [Int: (end: Int, name: String)] = [:]  // a link's `]` → where its closing code ends
        // Matches found in one pass each, so that nothing scans the line again per delimiter.
        let codeSpans = Self.codeSpans(bytes, range)
        let quotes = Self.lastQuotes(bytes, range)
        let brackets = Self.bracketMatches(bytes, range, codeSpans: codeSpans, lastQuotes: quotes)
        var unclosed = Set<UInt8>()  // closing marks (}}, %}, -->) not found to the end of the line
        var textStart = range.lowerBound
        var i = range.lowerBound
        let end = range.upperBound
        func flush(_ upTo: Int) {
            if upTo > textStart { tokens.append(.text(textStart..<upTo)) }
        }
        func emit(_ token: Token, through next: Int) {
            flush(i)
            tokens.append(token)
            i = next
            textStart = next
        }
        while i < end {
            let byte = bytes[i]
            switch byte {
            case 0x5C:  // backslash escape: text
                i += (i + 1 < end && MarkdownText.isPunctuation(bytes[i + 1])) ? 2 : 1
            case 0x60:  // code span
                var run = i
                while run < end, bytes[run] == 0x60 { run += 1 }
                if let close = codeSpans[i] {
                    emit(.code(name: "code", opens: nil, range: i..<close), through: close)
                } else {
                    i = run
                }
            case 0x3C:  // autolink, inline HTML
                if let close = autolinkOrTag(bytes, at: i, end: end, commentsClose: !unclosed.contains(0x2D), lastQuotes: quotes) {
                    emit(.code(name: close.name, opens: close.opens, range: i..<close.end), through: close.end)
                } else {
                    // A comment that does not close: none later on the line does either.
                    if MarkdownBlocks.equalsPrefix(bytes, i..<end, "<!--") { unclosed.insert(0x2D) }
                    i += 1
                }
            case 0x21 where i + 1 < end && bytes[i + 1] == 0x5B, 0x5B:
                let image = byte == 0x21
                let bracket = image ? i + 1 : i
                if !image, bracket + 1 < end, bytes[bracket + 1] == 0x5E, let close = brackets[bracket] {
                    emit(.code(name: "footnote", opens: nil, range: i..<(close + 1)), through: close + 1)  // [^1]
                } else if let close = brackets[bracket],
                          let linkEnd = linkTail(bytes, bracket: bracket, close: close, end: end, references: references, brackets: brackets) {
                    let name = image ? "image" : "link"
                    closes[close] = (linkEnd, name)
                    if linkEnd == close + 1 || (linkEnd == close + 3 && bytes[close + 1] == 0x5B) {
                        // `[text]` or `[text][]`: the text is the label, and a translated text
                        // would lose it; the translation is written `[…][text]`.
                        // (A label that wraps is written on one line: labels compare with
                        // whitespace collapsed.)
                        let label = String(decoding: UnsafeBufferPointer(rebasing: bytes[(bracket + 1)..<close]).map { $0 == 0x0A ? 0x20 : $0 },
                                           as: UTF8.self)
                        natives[close] = "][\(label)]"
                    }
                    emit(.code(name: name, opens: true, range: i..<(bracket + 1)), through: bracket + 1)
                } else {
                    i += image ? 2 : 1
                }
            case 0x5D:
                if let close = closes.removeValue(forKey: i) {
                    emit(.code(name: close.name, opens: false, range: i..<close.end), through: close.end)
                } else {
                    i += 1
                }
            case 0x2A, 0x5F, 0x7E:  // emphasis, strikethrough
                var run = i
                while run < end, bytes[run] == byte { run += 1 }
                if byte == 0x7E, run - i != 2 { i = run; continue }
                let before: UInt8 = i > range.lowerBound ? bytes[i - 1] : 0x20
                let after: UInt8 = run < end ? bytes[run] : 0x20
                let beforeSpace = before == 0x20 || before == 0x09 || before == 0x0A
                let afterSpace = after == 0x20 || after == 0x09 || after == 0x0A
                let beforePunct = MarkdownText.isPunctuation(before), afterPunct = MarkdownText.isPunctuation(after)
                let left = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
                let right = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
                let canOpen = byte == 0x5F ? left && (!right || beforePunct) : left
                let canClose = byte == 0x5F ? right && (!left || afterPunct) : right
                if canOpen || canClose {
                    emit(.delimiter(character: byte, range: i..<run, canOpen: canOpen, canClose: canClose), through: run)
                } else {
                    i = run
                }
            case 0x7B where i + 1 < end && (bytes[i + 1] == 0x7B || bytes[i + 1] == 0x25):  // {{ shortcode }}, {% liquid %}
                let closing: StaticString = bytes[i + 1] == 0x25 ? "%}" : "}}"
                if !unclosed.contains(bytes[i + 1]), let close = find(bytes, closing, from: i + 2, end: end) {
                    emit(.code(name: "shortcode", opens: nil, range: i..<close), through: close)
                } else {
                    unclosed.insert(bytes[i + 1])  // none later either
                    i += 2
                }
            default:
                i += 1
            }
        }
        flush(end)
    }

    static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from start: Int, end: Int) -> Int? {
        needle.withUTF8Buffer { needle in
            var i = start
            while i + needle.count <= end {
                if UnsafeBufferPointer(rebasing: bytes[i..<(i + needle.count)]).elementsEqual(needle) { return i + needle.count }
                i += 1
            }
            return nil
        }
    }

    /// One past a run of exactly `length` backticks after `start`.
    static func closingBackticks(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, length: Int) -> Int? {
        var i = start
        while i < end {
            guard bytes[i] == 0x60 else { i += 1; continue }
            var run = i
            while run < end, bytes[run] == 0x60 { run += 1 }
            if run - i == length { return run }
            i = run
        }
        return nil
    }

    /// An autolink (`<https://…>`, `<a@b.c>`), an HTML tag or comment at `i`: its end, a code
    /// name and whether it opens. `commentsClose` false: no `-->` is left on the line.
    /// Where the last `"` and the last `'` of `range` are (-1 when there is none): a quote opened
    /// after those never closes, so a tag scan stops there instead of reading to the end, again
    /// for every `<` that follows.
    static func lastQuotes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (double: Int, single: Int) {
        var double = -1, single = -1
        for i in range {
            if bytes[i] == 0x22 { double = i } else if bytes[i] == 0x27 { single = i }
        }
        return (double, single)
    }

    static func autolinkOrTag(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int, commentsClose: Bool = true,
                              lastQuotes: (double: Int, single: Int)? = nil) -> (end: Int, name: String, opens: Bool?)? {
        guard i + 1 < end else { return nil }
        if bytes[i + 1] == 0x21 {
            if commentsClose, MarkdownBlocks.equalsPrefix(bytes, i..<end, "<!--"), let close = find(bytes, "-->", from: i + 4, end: end) {
                return (close, "#", nil)
            }
            return nil
        }
        var j = i + 1
        let closing = bytes[j] == 0x2F
        if closing { j += 1 }
        let nameStart = j
        while j < end, HTMLTokenizer.isASCIILetter(bytes[j]) || (j > nameStart && (bytes[j] &- 0x30 < 10 || bytes[j] == 0x2D)) { j += 1 }
        guard j > nameStart else { return nil }
        // Autolink: a scheme, then no space or < > up to >.
        if !closing, j < end, bytes[j] == 0x3A || bytes[j] == 0x2B || bytes[j] == 0x2E || bytes[j] == 0x40 {
            var k = j
            while k < end, bytes[k] != 0x3E, bytes[k] != 0x3C, bytes[k] != 0x20, bytes[k] != 0x0A { k += 1 }
            guard k < end, bytes[k] == 0x3E else { return nil }
            return (k + 1, "autolink", nil)
        }
        guard j == end || [0x20, 0x09, 0x0A, 0x3E, 0x2F].contains(bytes[j]) else { return nil }
        // To the tag's end, quotes respected.
        var quote: UInt8 = 0
        var k = j
        while k < end {
            let byte = bytes[k]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == 0x22 || byte == 0x27 {
                if let lastQuotes, k >= (byte == 0x22 ? lastQuotes.double : lastQuotes.single) { return nil }  // never closes
                quote = byte
            } else if byte == 0x3E {
                break
            } else if byte == 0x3C {
                return nil
            }
            k += 1
        }
        guard k < end else { return nil }
        let name = HTMLTokenizer.lowercased(bytes, nameStart..<j)
        let selfClosing = bytes[k - 1] == 0x2F
        return (k + 1, name, closing ? false : (selfClosing || voidTags.contains(name)) ? nil : true)
    }

    /// The code spans of a line: each backtick run that opens one → one past its closing run
    /// (the next run of the same length), in one pass.
    static func codeSpans(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Int: Int] {
        var runs: [(start: Int, end: Int)] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == 0x5C { i += 2; continue }
            guard bytes[i] == 0x60 else { i += 1; continue }
            var run = i
            while run < range.upperBound, bytes[run] == 0x60 { run += 1 }
            runs.append((i, run))
            i = run
        }
        // Runs inside a span do not open another: walk them in order, each length's next run closing.
        var nextOfLength: [Int: [Int]] = [:]  // length → indices of runs, in order
        for (index, run) in runs.enumerated() { nextOfLength[run.end - run.start, default: []].append(index) }
        var cursor: [Int: Int] = [:]  // length → position in its list
        var spans: [Int: Int] = [:]
        var index = 0
        while index < runs.count {
            let length = runs[index].end - runs[index].start
            let list = nextOfLength[length]!
            var k = cursor[length] ?? 0
            while k < list.count, list[k] <= index { k += 1 }
            cursor[length] = k
            if k < list.count {
                let closing = list[k]
                spans[runs[index].start] = runs[closing].end
                index = closing + 1
            } else {
                index += 1
            }
        }
        return spans
    }

    /// Each `[` of a block → its matching `]` (escapes, code spans, inline HTML tags and
    /// autolinks skipped: `<abbr title="a]b">` ends no link), in one pass.
    static func bracketMatches(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, codeSpans: [Int: Int],
                               lastQuotes: (double: Int, single: Int)? = nil) -> [Int: Int] {
        var matches: [Int: Int] = [:]
        var open: [Int] = []
        var commentsClose = true
        var i = range.lowerBound
        while i < range.upperBound {
            switch bytes[i] {
            case 0x5C: i += 2; continue
            case 0x60:
                if let close = codeSpans[i] { i = close; continue }
                while i < range.upperBound, bytes[i] == 0x60 { i += 1 }
                continue
            case 0x3C:
                // (A comment that does not close: none later does either, so it is looked for once.)
                if let tag = autolinkOrTag(bytes, at: i, end: range.upperBound, commentsClose: commentsClose, lastQuotes: lastQuotes) {
                    i = tag.end
                    continue
                }
                if commentsClose, MarkdownBlocks.equalsPrefix(bytes, i..<range.upperBound, "<!--") { commentsClose = false }
            case 0x5B: open.append(i)
            case 0x5D: if let start = open.popLast() { matches[start] = i }
            default: break
            }
            i += 1
        }
        return matches
    }

    /// The `]` matching the `[` at `open`, on the same line (escapes and code spans skipped).
    static func matchingBracket(_ bytes: UnsafeBufferPointer<UInt8>, from open: Int, end: Int) -> Int? {
        var depth = 0
        var i = open
        while i < end {
            switch bytes[i] {
            case 0x5C: i += 1
            case 0x60:
                var run = i
                while run < end, bytes[run] == 0x60 { run += 1 }
                if let close = closingBackticks(bytes, from: run, to: end, length: run - i) { i = close - 1 } else { i = run - 1 }
            case 0x5B: depth += 1
            case 0x5D:
                depth -= 1
                if depth == 0 { return i }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// What follows a link's text: `(destination "title")`, `[label]`, `[]`, or nothing when the
    /// text is a defined label: one past its end, or nil when it is not a link.
    static func linkTail(_ bytes: UnsafeBufferPointer<UInt8>, bracket: Int, close: Int, end: Int, references: Set<String>,
                         brackets: [Int: Int] = [:]) -> Int? {
        let next = close + 1
        if next < end, bytes[next] == 0x28 {
            var depth = 0
            var i = next
            var quote: UInt8 = 0
            while i < end {
                let byte = bytes[i]
                if quote != 0 {
                    if byte == quote { quote = 0 } else if byte == 0x5C { i += 1 }
                } else {
                    switch byte {
                    case 0x5C: i += 1
                    case 0x0A:
                        // A line break outside a title ends the search, as the line's end did
                        // when lines were read one by one: no scan to the block's end per `](`.
                        return nil
                    case 0x22 where depth == 1: quote = 0x22
                    case 0x28: depth += 1
                    case 0x29:
                        depth -= 1
                        if depth == 0 { return i + 1 }
                    default: break
                    }
                }
                i += 1
            }
            return nil
        }
        // (With the block's bracket matches, a `[` without one has none: no second search.)
        if next < end, bytes[next] == 0x5B, let labelEnd = brackets.isEmpty ? matchingBracket(bytes, from: next, end: end) : brackets[next] {
            return labelEnd + 1
        }
        let label = String(decoding: UnsafeBufferPointer(rebasing: bytes[(bracket + 1)..<close]), as: UTF8.self)
        return references.contains(normalizedLabel(label)) ? close + 1 : nil
    }
}
