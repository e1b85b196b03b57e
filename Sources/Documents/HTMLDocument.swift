import Segmentation
import TMKitCore

/// An HTML page as translation sees it: the text of its blocks (`p`, `h1`–`h6`, `li`, `td`,
/// `title`, …) cut into sentences, inline markup (`b`, `i`, `a`, `span`, `br`, `img`, …) as
/// inline codes, everything else — the head, scripts, styles, `pre`, `code`, elements marked
/// `translate="no"` — skeleton, kept byte for byte.
///
/// A unit's source is its text with character references decoded and whitespace runs made one
/// space, its markup as codes: a start and end tag both inside the unit are a `bpt`/`ept` pair,
/// `br`, `img`, comments and protected spans a `ph`, a tag whose partner lies outside the unit an
/// `it`; each code's content is the tag as written. A sentence boundary inside a paired element
/// is not taken. Rebuilding writes a translated unit's text escaped and its codes as the source
/// had them; an untranslated unit keeps its bytes.
public struct HTMLDocument: TranslatableDocument {
    /// The page as decoded text (UTF-8), with the encoding it arrived in.
    public let document: TextDocument
    /// The units to translate, in document order: the sentences of block text and the translatable
    /// attribute values (`alt`, `title`, `placeholder`, `aria-label`, a description `meta`'s `content`).
    public let units: [DocumentUnit]
    /// Everything but the units, for XLIFF and `merge` (format `html`, and the legacy charset the page was in).
    public let skeleton: DocumentSkeleton
    /// Malformed spots the tokenizer read the browser's way.
    public let repairs: Int

    /// Inline elements: part of a sentence, as codes.
    static let inline: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "data", "del", "dfn", "em", "font", "i", "img", "ins", "kbd",
        "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    ]
    /// Elements without an end tag.
    static let void: Set<String> = ["br", "img", "wbr", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "param"]
    /// Elements whose contents are never translated.
    static let protected: Set<String> = ["pre", "code", "svg", "math", "template", "kbd", "samp", "var"]

    /// What the reader needs to know of an element, found with one lookup a tag (not one a set).
    struct ElementClass: OptionSet {
        let rawValue: UInt8
        static let inline = ElementClass(rawValue: 1)
        static let void = ElementClass(rawValue: 2)
        static let protected = ElementClass(rawValue: 4)
        static let rawText = ElementClass(rawValue: 8)
    }

    /// The classes of the names above, in buckets by length and first and last byte: a lookup
    /// compares a name with one or two others instead of hashing it (every tag of a page is
    /// looked up, a tenth of reading it with a dictionary).
    static let classes: [[(name: String, kind: ElementClass)]] = {
        var classes: [String: ElementClass] = [:]
        for (set, kind) in [(inline, ElementClass.inline), (void, .void), (protected, .protected),
                            (HTMLTokenizer.rawTextElements, .rawText)] {
            for name in set { classes[name, default: []].insert(kind) }
        }
        var buckets = [[(name: String, kind: ElementClass)]](repeating: [], count: 128)
        for (name, kind) in classes.sorted(by: { $0.key < $1.key }) { buckets[bucket(name)].append((name, kind)) }
        return buckets
    }()

    @inline(__always)
    static func bucket(_ name: String) -> Int {
        var name = name  // names are small strings: read in place, not copied
        return name.withUTF8 { utf8 in
            guard let first = utf8.first, let last = utf8.last else { return 0 }
            return (utf8.count &* 31 &+ Int(first) &* 7 &+ Int(last)) & 127
        }
    }

    @inline(__always)
    static func elementClass(_ name: String) -> ElementClass {
        for entry in classes[bucket(name)] where entry.name == name { return entry.kind }
        return []
    }

    /// Reads a page's bytes: UTF-8 (with or without a byte-order mark) or UTF-16 with one as they
    /// are; otherwise the character set its `<meta>` declares (windows-1252, as browsers, when it
    /// declares none), through ICU, remembered to write the page back in.
    public static func open(_ bytes: [UInt8], file: String?, segmenter: any DocumentSegmenter) throws(TextDecodingError) -> HTMLDocument {
        let utf8Error: TextDecodingError
        do {
            return HTMLDocument(try TextDocument(decoding: bytes, file: file), file: file, segmenter: segmenter)
        } catch {
            utf8Error = error
        }
        let charset = Charsets.declared(in: bytes) ?? "windows-1252"
        guard !["utf-8", "utf8", "unicode-1-1-utf-8"].contains(charset.lowercased()), utf8Error.kind == .invalidUTF8 else { throw utf8Error }
        let decoded = Charsets.decode(bytes, charset: charset)
        guard let utf8 = decoded.utf8 else {
            throw TextDecodingError(kind: .unsupportedEncoding(decoded.failure == nil ? charset : "\(charset) (a byte that does not convert)"),
                                    byteOffset: decoded.failure ?? 0, file: file)
        }
        return HTMLDocument(try TextDocument(validatingUTF8: utf8, file: file), file: file, segmenter: segmenter, charset: charset)
    }

    /// Cuts a decoded page with `segmenter`; `file` goes into the units' locations. `charset` is the
    /// legacy character set the page was decoded from (``open(_:file:segmenter:)`` passes it), kept to write it back in.
    public init(_ document: TextDocument, file: String? = nil, segmenter: any DocumentSegmenter, charset: String? = nil) {
        self.document = document
        var state = ReadState()
        let read = document.utf8.withUnsafeBufferPointer { Self.read($0, file: file, segmenter: segmenter, state: &state, final: true) }
        self.units = read.units
        self.skeleton = DocumentSkeleton(format: DocumentFormat.html.name, encoding: document.encoding, charset: charset,
                                         pieces: read.pieces)
        self.repairs = state.repairs
    }

    /// What reading a page part by part (``HTMLStream``) carries from one part to the next: the
    /// part's place in the page, the block it is in, and the numbering of blocks and units.
    struct ReadState {
        /// The last block element started (the context of the text that follows).
        var blockName = "body"
        var blockIndex = 0
        var builderUnits = 0
        /// The id of the next unit.
        var nextID = 1
        /// Where the part starts in the page: UTF-8 byte offset, line, column (Unicode scalars).
        var offset = 0
        var line = 1
        var column = 1
        /// Malformed spots in the parts read.
        var repairs = 0
    }

    /// Reads `bytes`, the page or a part of it that starts where `state` says, into skeleton
    /// pieces and units (ids final, locations in the page). With `final`, all of it; otherwise
    /// up to the end of the last block-level tag (a `</p>`, a `<div>`: no sentence, inline
    /// markup or protected span is open there), and `consumed` says how far (0: no such tag
    /// yet); `state` is advanced to there.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String?, segmenter: any DocumentSegmenter, state: inout ReadState,
                     final: Bool) -> (pieces: [DocumentSkeleton.Piece], units: [DocumentUnit], consumed: Int) {
        var units: [DocumentUnit] = []
        var pieces: [InlinePiece] = []
        var attributeValues: [(range: Range<Int>, context: String, value: String)] = []
        let tokenizer = HTMLTokenizer(bytes)
        var builder = InlineBlockBuilder(bytes: bytes, segmenter: segmenter, file: file, lines: LineIndex(bytes), decode: { HTMLText.decode($0) })
        builder.blockIndex = state.blockIndex
        builder.unitIndex = state.builderUnits
        var items: [InlineItem] = []
        var blockName = state.blockName
        var position = 0  // bytes before this are in pieces or units
        let tokens = tokenizer.tokens
        var index = 0
        // Where the part may end: after a block-level tag, with what has been read up to it.
        var cut: (end: Int, tokens: Int, pieces: Int, units: Int, position: Int, blockIndex: Int, builderUnits: Int, blockName: String)?
        func flush() {
            builder.block(items, context: blockName, position: &position, pieces: &pieces, units: &units)
            items.removeAll(keepingCapacity: true)
        }
        func mayCut(after range: Range<Int>) {
            // A tag cut off by the end of the part is not one yet.
            guard !final, range.upperBound < bytes.count else { return }
            cut = (range.upperBound, index + 1, pieces.count, units.count, position, builder.blockIndex, builder.unitIndex, blockName)
        }
        while index < tokens.count {
            let token = tokens[index]
            switch token {
            case .text(let range):
                items.append(.text(range))
            case .markup(let range):
                if items.isEmpty { flush() } else { items.append(.tag(name: "#", opens: nil, range: range)) }
            case .rawText:
                flush()
            case .startTag(let name, let attributes, let selfClosing, let range):
                let noTranslate = tokenizer.hints[index].contains(.translate)
                    && HTMLTokenizer.attributes(attributes, in: bytes).contains { $0.name == "translate" && $0.value.lowercased() == "no" }
                let kind = Self.elementClass(name)
                if (kind.contains(.protected) || noTranslate), !selfClosing, !kind.contains(.void) {
                    // Skip to the matching end tag; inline, the whole span is one code.
                    let spanIsInline = kind.contains(.inline) || name == "code"
                    var depth = 1
                    var end = index + 1
                    var spanEnd = bytes.count
                    while end < tokens.count, depth > 0 {
                        switch tokens[end] {
                        case .startTag(let other, _, let closing, let range):
                            if other == name, !closing { depth += 1 }
                            // An inline span left open ends with its block, not with the page.
                            if spanIsInline, !Self.elementClass(other).contains(.inline), other != "code" { spanEnd = range.lowerBound; depth = 0; continue }
                        case .endTag(let other, let range):
                            if other == name { depth -= 1 }
                            if spanIsInline, depth > 0, !Self.elementClass(other).contains(.inline), other != "code" { spanEnd = range.lowerBound; depth = 0; continue }
                        default:
                            break
                        }
                        if depth == 0 { spanEnd = tokens[end].range.upperBound }
                        end += 1
                    }
                    if spanIsInline {
                        items.append(.tag(name: name, opens: nil, range: range.lowerBound..<spanEnd))
                    } else {
                        flush()
                    }
                    index = end
                    continue
                }
                if kind.contains(.inline) {
                    let standalone = kind.contains(.void) || selfClosing
                    items.append(.tag(name: name, opens: standalone ? nil : true, range: range))
                } else {
                    flush()
                    blockName = name
                    // Not inside a script or style: what follows is read as raw text from here.
                    if selfClosing || !kind.contains(.rawText) { mayCut(after: range) }
                }
            case .endTag(let name, let range):
                let kind = Self.elementClass(name)
                if kind.contains(.inline), !kind.contains(.void) {
                    items.append(.tag(name: name, opens: false, range: range))
                } else {
                    flush()
                    mayCut(after: range)
                }
            }
            index += 1
        }
        let consumed: Int
        var attributeTokens = tokens[...]
        if final {
            flush()
            if position < bytes.count { pieces.append(.text(position..<bytes.count)) }
            consumed = bytes.count
            state.repairs += tokenizer.repairs
        } else {
            guard let cut else { return ([], [], 0) }
            // What was read after the cut is read again with the next part.
            pieces.removeSubrange(cut.pieces...)
            units.removeSubrange(cut.units...)
            if cut.position < cut.end { pieces.append(.text(cut.position..<cut.end)) }
            builder.blockIndex = cut.blockIndex
            builder.unitIndex = cut.builderUnits
            blockName = cut.blockName
            attributeTokens = tokens[..<cut.tokens]
            consumed = cut.end
            state.repairs += tokenizer.repairOffsets.prefix { $0 < cut.end }.count
        }
        // Translatable attribute values, from the same tokens (alt, title, meta description, …).
        for index in attributeTokens.indices where tokenizer.hints[index].contains(.mayBeTranslatable) {
            guard case .startTag(let name, let attributeBytes, _, _) = tokens[index] else { continue }
            // Only the names `isTranslatable` looks at: the values of the others (links, classes)
            // are not decoded.
            let tagAttributes = HTMLTokenizer.attributes(attributeBytes, in: bytes) { name in
                Self.attributeNamesLookedAt.contains { HTMLTokenizer.equalsCaseInsensitive(name, 0..<name.count, $0) }
            }
            for attribute in tagAttributes {
                guard let range = attribute.quotedValue, Self.isTranslatable(attribute, of: name, among: tagAttributes) else { continue }
                let value = attribute.value.collapsingHTMLWhitespace().trimmingSpaces(leading: true, trailing: true)
                guard value.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { continue }
                attributeValues.append((range, "\(name)/@\(attribute.name)", value))
            }
        }
        // Translatable attributes become units of their own: in the skeleton, where they stand; in
        // a sentence's markup (a link's title), after the sentence, patched into it when it is
        // written. Then every unit is numbered in document order.
        var finalPieces: [DocumentSkeleton.Piece] = []
        var finalUnits: [DocumentUnit] = []
        // The builder's units come in the order of their pieces: taken in turn, with a
        // dictionary only for one out of turn.
        var nextUnit = 0
        var outOfTurn: [String: DocumentUnit]?
        func unit(withID id: String) -> DocumentUnit? {
            if outOfTurn == nil, nextUnit < units.count, units[nextUnit].id == id {
                nextUnit += 1
                return units[nextUnit - 1]
            }
            if outOfTurn == nil {
                outOfTurn = Dictionary(uniqueKeysWithValues: units[nextUnit...].map { ($0.id, $0) })
            }
            return outOfTurn!.removeValue(forKey: id)
        }
        var offset = 0
        var next = 0  // the next attribute value
        var lines = builder.lines
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        /// The attribute values within `offset..<end`, each as a unit and its piece.
        func attributes(before end: Int, block: Int, gap: ((Range<Int>) -> Void)?) {
            var position = offset
            while next < attributeValues.count, attributeValues[next].range.lowerBound < end {
                let (range, context, value) = attributeValues[next]
                next += 1
                guard range.lowerBound >= position, range.upperBound <= end else { continue }
                if range.lowerBound > position { gap?(position..<range.lowerBound) }
                let id = "attribute-\(range.lowerBound)"
                let (line, column) = lines.location(range.lowerBound, in: bytes)
                finalUnits.append(DocumentUnit(id: id, source: SegmentContent(text: value),
                                               location: SourceLocation(file: file, line: line, column: column, byteOffset: range.lowerBound),
                                               block: Self.attributeBlock, context: context))
                finalPieces.append(.unit(id: id, block: block, layout: .raw(text(range))))
                position = range.upperBound
            }
            if position < end { gap?(position..<end) }
        }
        // The pieces cover the part's bytes in order, each made a string here, once.
        for piece in InlinePiece.joiningAdjacentText(pieces) {
            switch piece {
            case .text(let range):
                let end = offset + range.count
                attributes(before: end, block: Self.attributeBlock) { finalPieces.append(.text(text($0))) }
                offset = end
            case .unit(let id, let block, let raw):
                if let unit = unit(withID: id) { finalUnits.append(unit) }
                finalPieces.append(.unit(id: id, block: block, layout: .raw(text(raw))))
                let end = offset + raw.count
                attributes(before: end, block: Self.nestedAttributeBlock, gap: nil)
                offset = end
            }
        }
        // Numbered from the part's first id, located in the page (a line and column of the part
        // are the page's past the part's start).
        func inPage(line: Int, column: Int) -> (line: Int, column: Int) {
            (state.line + line - 1, line == 1 ? state.column + column - 1 : column)
        }
        // Each unit's piece comes in the units' order: the k-th unit piece naming the k-th
        // unit's id takes its new id (a piece whose unit was not found keeps its id).
        let ids = finalUnits.indices.map { String(state.nextID + $0) }
        var renumbered = 0
        for index in finalPieces.indices {
            guard case .unit(let id, let block, let layout) = finalPieces[index], renumbered < finalUnits.count,
                  finalUnits[renumbered].id == id else { continue }
            finalPieces[index] = .unit(id: ids[renumbered], block: block, layout: layout)
            renumbered += 1
        }
        for index in finalUnits.indices {
            finalUnits[index].id = ids[index]
            if state.offset > 0, let line = finalUnits[index].location.line, let column = finalUnits[index].location.column {
                (finalUnits[index].location.line, finalUnits[index].location.column) = inPage(line: line, column: column)
                finalUnits[index].location.byteOffset = finalUnits[index].location.byteOffset.map { $0 + state.offset }
            }
        }
        // The next part starts where this one ends.
        state.nextID += finalUnits.count
        state.blockName = blockName
        state.blockIndex = builder.blockIndex
        state.builderUnits = builder.unitIndex
        let end = lines.location(consumed, in: bytes)
        (state.line, state.column) = inPage(line: end.line, column: end.column)
        state.offset += consumed
        return (finalPieces, finalUnits, consumed)
    }

    /// The block attribute units carry: they are written back escaped for an attribute value.
    static let attributeBlock = -1
    /// The block of an attribute unit inside the markup of the sentence unit before it: it writes
    /// nothing itself; the sentence is written with the attribute's translation in place.
    static let nestedAttributeBlock = -2

    /// Whether `i` lies inside a tag (after a `<` with no `>` between): an attribute value, not
    /// quoted text of the sentence.
    static func insideTag(_ bytes: [UInt8], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0 {
            if bytes[j] == 0x3E { return false }
            if bytes[j] == 0x3C { return true }
            j -= 1
        }
        return false
    }

    /// `written` (a sentence unit as written) with each nested attribute that has a translation
    /// replaced: its value as the source wrote it, quoted, found in order.
    static func patchingAttributes(_ written: String, _ nested: [(raw: String, translation: SegmentContent?)]) -> String {
        guard nested.contains(where: { $0.translation != nil }) else { return written }
        var out = Array(written.utf8)
        var searchFrom = 0
        for (raw, translation) in nested {
            let needle = Array(raw.utf8)
            // The value between quotes (the tag as written), the first after the previous one.
            var found: Int?
            var i = searchFrom
            while i + needle.count <= out.count {
                if i > 0, out[i - 1] == 0x22 || out[i - 1] == 0x27, i + needle.count < out.count,
                   out[i + needle.count] == out[i - 1], out[i..<(i + needle.count)].elementsEqual(needle),
                   Self.insideTag(out, at: i) {
                    found = i
                    break
                }
                i += 1
            }
            guard let found else { continue }
            if let translation {
                let replacement = Array(HTMLText.escapeAttribute(translation.plainText).utf8)
                out.replaceSubrange(found..<(found + needle.count), with: replacement)
                searchFrom = found + replacement.count
            } else {
                searchFrom = found + needle.count
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The attributes ``isTranslatable(_:of:among:)`` may take (the tokenizer marks tags with
    /// one quoted: ``HTMLTokenizer/AttributeHints/mayBeTranslatable``).
    static let translatableAttributeNames: [StaticString] = ["alt", "title", "placeholder", "aria-label", "content"]
    /// The attributes ``isTranslatable(_:of:among:)`` looks at: those it may take, and the name
    /// of a `meta`.
    static let attributeNamesLookedAt: [StaticString] = translatableAttributeNames + ["name", "property"]

    /// Attributes whose values a reader sees: offered for translation as units of their own
    /// when they stand in the skeleton (not inside a sentence's markup) and are quoted.
    static func isTranslatable(_ attribute: HTMLTokenizer.Attribute, of tag: String, among all: [HTMLTokenizer.Attribute]) -> Bool {
        switch attribute.name {
        case "alt": return ["img", "area", "input"].contains(tag)
        case "title", "placeholder", "aria-label": return true
        case "content":
            guard tag == "meta" else { return false }
            let name = (all.first { $0.name == "name" || $0.name == "property" }?.value ?? "").lowercased()
            return ["description", "keywords", "og:title", "og:description", "twitter:title", "twitter:description"].contains(name)
        default: return false
        }
    }

    /// ``rebuilt(translations:)`` with the translation's language for the page's `lang` (default
    /// options leave it as it is).
    public func rebuilt(translations: [String: SegmentContent], options: RebuildOptions) throws(DocumentError) -> [UInt8] {
        try locatingErrors { sources throws(DocumentError) in
            try Self.rebuild(skeleton, sources: sources, translations: translations, options: options)
        }
    }

    /// Rebuilds a page from its skeleton: translated units written as escaped text with their
    /// source's markup, the others as they were.
    static func rebuild(_ skeleton: DocumentSkeleton, sources: [String: SegmentContent],
                        translations: [String: SegmentContent], options: RebuildOptions = RebuildOptions()) throws(DocumentError) -> [UInt8] {
        try skeleton.check(translations: translations, sources: sources)
        var text = ""
        var languageSet = translations.isEmpty || options.language == nil
        let pieces = skeleton.pieces
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case .text(let value):
                if !languageSet, let language = options.language, let changed = settingLanguage(language, in: value) {
                    text += changed
                    languageSet = true
                } else {
                    text += value
                }
            case .unit(_, nestedAttributeBlock, _):
                continue  // written with its sentence
            case .unit(let id, let block, let layout):
                let written: String
                if let translation = translations[id] {
                    written = block == attributeBlock ? HTMLText.escapeAttribute(translation.plainText) : render(translation, source: sources[id])
                } else if case .raw(let raw)? = layout {
                    written = raw
                } else {
                    written = render(sources[id] ?? SegmentContent(), source: sources[id])
                }
                // The attributes of its markup that follow it, translated in place.
                var nested: [(raw: String, translation: SegmentContent?)] = []
                var next = index + 1
                while next < pieces.count, case .unit(let nestedID, nestedAttributeBlock, let nestedLayout) = pieces[next] {
                    if case .raw(let raw)? = nestedLayout { nested.append((raw, translations[nestedID])) }
                    next += 1
                }
                text += nested.isEmpty ? written : patchingAttributes(written, nested)
            }
        }
        if let charset = skeleton.charset {
            // Back in the page's character set; a translation it cannot hold (Hangul in
            // windows-1252) makes the page UTF-8, its declaration updated.
            if let encoded = Charsets.encode(text, charset: charset) { return encoded }
            return Array(declaringUTF8(in: text).utf8)
        }
        return skeleton.encoding.encode(text)
    }

    /// `text` with the charset its first `<meta>` declares changed to utf-8 (one added after
    /// `<head>` when there is none, or after `<html>` or the doctype when there is no `<head>`).
    static func declaringUTF8(in text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            var out = Array(bytes)
            var head: Range<Int>?
            var html: Range<Int>?
            var doctype: Range<Int>?
            for token in HTMLTokenizer(bytes).tokens {
                if case .markup(let range) = token, doctype == nil, html == nil,
                   HTMLTokenizer.startsCaseInsensitive(bytes, at: range.lowerBound, with: "<!doctype") { doctype = range }
                guard case .startTag(let name, let attributeBytes, _, let range) = token else { continue }
                let attributes = name == "meta" ? HTMLTokenizer.attributes(attributeBytes, in: bytes) : []
                if name == "meta", let value = attributes.first(where: { $0.name == "charset" })?.quotedValue {
                    out.replaceSubrange(value, with: Array("utf-8".utf8))
                    return String(decoding: out, as: UTF8.self)
                }
                if name == "meta", attributes.contains(where: { $0.name == "http-equiv" && $0.value.lowercased() == "content-type" }),
                   let value = attributes.first(where: { $0.name == "content" })?.quotedValue {
                    out.replaceSubrange(value, with: Array("text/html; charset=utf-8".utf8))
                    return String(decoding: out, as: UTF8.self)
                }
                if name == "head", head == nil { head = range }
                if name == "html", html == nil { html = range }
            }
            // Inside <head>; without one, after <html> (where the head is implied), the doctype, or at the start.
            out.insert(contentsOf: Array("<meta charset=\"utf-8\">".utf8), at: (head ?? html ?? doctype)?.upperBound ?? 0)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `text` with the `lang` of its `<html>` start tag set to `language` (added when missing), or
    /// nil when it holds no `<html>` start tag. A right-to-left language also gets `dir="rtl"`.
    static func settingLanguage(_ language: LanguageTag, in text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            for token in HTMLTokenizer(bytes).tokens {
                guard case .startTag("html", let attributeBytes, _, let range) = token else { continue }
                let attributes = HTMLTokenizer.attributes(attributeBytes, in: bytes)
                let rtl = ["ar", "he", "fa", "ur", "yi", "ps"].contains(language.language)
                var out = Array(bytes[..<range.lowerBound])
                var tag = Array(bytes[range])
                // Replace the value of lang (and dir) in place, or add them after the name.
                func set(_ name: String, _ value: String) {
                    if let attribute = attributes.first(where: { $0.name == name }), let valueRange = attribute.valueRange, !valueRange.isEmpty {
                        tag.replaceSubrange((valueRange.lowerBound - range.lowerBound)..<(valueRange.upperBound - range.lowerBound),
                                            with: Array(value.utf8))
                    } else if !attributes.contains(where: { $0.name == name }) {
                        tag.insert(contentsOf: Array(" \(name)=\"\(value)\"".utf8), at: 5)  // after "<html"
                    }
                }
                // dir first: its value range lies after lang's or before; replace from the end.
                let dirAfterLang = (attributes.first { $0.name == "dir" }?.valueRange?.lowerBound ?? 0)
                    > (attributes.first { $0.name == "lang" }?.valueRange?.lowerBound ?? 0)
                if dirAfterLang {
                    if rtl || attributes.contains(where: { $0.name == "dir" }) { set("dir", rtl ? "rtl" : "ltr") }
                    set("lang", language.normalized)
                } else {
                    set("lang", language.normalized)
                    if rtl || attributes.contains(where: { $0.name == "dir" }) { set("dir", rtl ? "rtl" : "ltr") }
                }
                out += tag
                out += bytes[range.upperBound...]
                return String(decoding: out, as: UTF8.self)
            }
            return nil
        }
    }

    /// A unit's content as HTML (or, with Markdown's `escape`, as Markdown): text escaped, each code as the source wrote it (a translation
    /// read from XLIFF 2 carries no native markup; the source's code with the same id does).
    static func render(_ content: SegmentContent, source: SegmentContent?, escape: (String) -> String = HTMLText.escape) -> String {
        var native: [String: String] = [:]
        for code in source?.allCodes ?? [] {
            native["\(code.kind.rawValue)#\(code.i ?? code.x ?? "")"] = code.content.plainText
        }
        var out = ""
        for element in content.elements {
            switch element {
            case .text(let text):
                out += escape(text)
            case .code(let code):
                let key = "\(code.kind.rawValue)#\(code.i ?? code.x ?? "")"
                out += native[key] ?? code.content.plainText
            }
        }
        return out
    }
}

extension String {
    /// The string without ASCII spaces at the start (`leading`) and the end (`trailing`).
    func trimmingSpaces(leading: Bool, trailing: Bool) -> String {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        if leading { while start < end, bytes[start] == 0x20 { start = bytes.index(after: start) } }
        if trailing {
            while end > start, bytes[bytes.index(before: end)] == 0x20 { end = bytes.index(before: end) }
        }
        return start == bytes.startIndex && end == bytes.endIndex ? self : String(self[start..<end])
    }

    /// HTML's whitespace (space, tab, LF, FF, CR) runs made one space; other spaces (no-break) kept.
    func collapsingHTMLWhitespace() -> String {
        var text = self
        return text.withUTF8 { bytes -> String in
            // Most text has single spaces only: itself.
            var clean = true
            var previousSpace = false
            for byte in bytes {
                let space = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
                if space && (byte != 0x20 || previousSpace) { clean = false; break }
                previousSpace = space
            }
            if clean { return self }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var inRun = false
            for byte in bytes {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                    if !inRun { out.append(0x20) }
                    inRun = true
                } else {
                    out.append(byte)
                    inRun = false
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
