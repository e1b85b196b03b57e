import Foundation
import XMLEvents

/// HTML as a browser's tokenizer reads it (the WHATWG states news pages use), with the byte
/// range of every token, so that a page can be rebuilt byte for byte: text, start and end tags
/// with attributes, comments, doctypes and other markup declarations, and the raw text of
/// `script`, `style` and the like. Malformed input is read, never refused: a `<` that starts
/// no tag is text, a tag cut off by the end of the input is markup, and each such repair is
/// counted in ``HTMLTokenizer/repairs``. Nothing recurses; memory is the token list.
public struct HTMLTokenizer {
    /// An attribute of a start tag, with where its value stands in the input.
    public struct Attribute: Sendable, Hashable {
        /// Lower-cased name.
        public var name: String
        /// The value with character references decoded; empty when the attribute has none.
        public var value: String
        /// Where the value's bytes are (inside the quotes), when it is quoted.
        public var quotedValue: Range<Int>?
        /// Where the value's bytes are, quoted or not (nil for an attribute without a value).
        public var valueRange: Range<Int>?
    }

    /// One token, with the UTF-8 byte range of the input it covers.
    public enum Token: Sendable, Hashable {
        /// Text between tags, as written (character references not decoded).
        case text(Range<Int>)
        /// `name` lower-cased; `attributes` the bytes after the name up to the tag's end, read with
        /// ``HTMLTokenizer/attributes(_:in:)`` when they are wanted (most tags' never are).
        case startTag(name: String, attributes: Range<Int>, selfClosing: Bool, range: Range<Int>)
        /// `name` lower-cased.
        case endTag(name: String, range: Range<Int>)
        /// Comments, doctypes, processing instructions, CDATA: markup a translator never sees.
        case markup(Range<Int>)
        /// The contents of a raw-text element (`script`, `style`, …), never translated.
        case rawText(Range<Int>)

        /// The UTF-8 byte range of the input the token covers, markup included.
        public var range: Range<Int> {
            switch self {
            case .text(let range), .markup(let range), .rawText(let range): range
            case .startTag(_, _, _, let range), .endTag(_, let range): range
            }
        }
    }

    /// Elements whose contents are raw text up to their end tag.
    static let rawTextElements: Set<String> = ["script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "plaintext"]

    /// The tokens, in input order.
    public private(set) var tokens: [Token] = []
    /// For each token, what its attributes hold that a reader looks for (``AttributeHints``;
    /// empty for all but start tags): found while the tag is read, so that a page's tags are
    /// not scanned again for them.
    private(set) var hints: [AttributeHints] = []

    /// Attributes a reader of the page looks for.
    struct AttributeHints: OptionSet {
        let rawValue: UInt8
        /// A `translate` attribute.
        static let translate = AttributeHints(rawValue: 1)
        /// A quoted attribute named one of ``HTMLDocument/translatableAttributeNames``: a value
        /// that may be translatable (``HTMLDocument`` decides).
        static let mayBeTranslatable = AttributeHints(rawValue: 2)
    }
    /// Malformed spots read the browser's way (a stray `<`, a tag cut off by the end of the input,
    /// an unclosed comment or raw-text element).
    public var repairs: Int { repairOffsets.count }
    /// Where each malformed spot starts (UTF-8 byte offsets, in order).
    public private(set) var repairOffsets: [Int] = []

    /// Tokenizes `bytes` (UTF-8) in one pass, reading malformed spots the browser's way.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var i = 0
        var textStart = 0
        let n = bytes.count
        // About one token per 24 bytes of a news page: the arrays are not grown and copied.
        tokens.reserveCapacity(bytes.count / 24 + 16)
        hints.reserveCapacity(bytes.count / 24 + 16)
        func add(_ token: Token, _ tagHints: AttributeHints = []) {
            tokens.append(token)
            hints.append(tagHints)
        }
        func flushText(to end: Int) {
            if end > textStart { add(.text(textStart..<end)) }
        }
        while i < n {
            guard bytes[i] == 0x3C else {  // <
                // Text runs to the next `<`: memchr finds it (a page is half text).
                if let base = bytes.baseAddress, let found = memchr(base + i, 0x3C, n - i) {
                    i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                } else {
                    i = n
                }
                continue
            }
            let next = i + 1 < n ? bytes[i + 1] : 0
            if next == 0x21 || next == 0x3F {  // <! or <?
                flushText(to: i)
                let end: Int
                if Self.starts(bytes, at: i, with: "<!--") {
                    if let close = Self.find(bytes, "-->", from: i + 4) {
                        end = close + 3
                    } else {
                        end = n
                        repairOffsets.append(i)
                    }
                } else {
                    end = (Self.find(bytes, ">", from: i + 2).map { $0 + 1 }) ?? n
                    if end == n, bytes[n - 1] != 0x3E { repairOffsets.append(i) }
                }
                add(.markup(i..<end))
                i = end
                textStart = i
                continue
            }
            let isEnd = next == 0x2F  // </
            let nameStart = isEnd ? i + 2 : i + 1
            guard nameStart < n, Self.isASCIILetter(bytes[nameStart]) else {
                if isEnd, nameStart < n, bytes[nameStart] == 0x3E {
                    // `</>` is dropped by browsers: markup.
                    flushText(to: i)
                    add(.markup(i..<(nameStart + 1)))
                    i = nameStart + 1
                    textStart = i
                } else {
                    repairOffsets.append(i)  // a `<` that starts no tag is text
                    i += 1
                }
                continue
            }
            flushText(to: i)
            var (tagEnd, name, attributes, selfClosing, tagHints) = Self.tag(bytes, nameStart: nameStart)
            if tagEnd > n {
                tagEnd = n
                repairOffsets.append(i)
            }
            if isEnd {
                add(.endTag(name: name, range: i..<tagEnd))
                i = tagEnd
                textStart = i
                continue
            }
            add(.startTag(name: name, attributes: attributes, selfClosing: selfClosing, range: i..<tagEnd), tagHints)
            i = tagEnd
            textStart = i
            if !selfClosing, HTMLDocument.elementClass(name).contains(.rawText) {
                // Everything up to `</name` is raw text.
                var search = i
                var close: Int?
                while let found = Self.find(bytes, "</", from: search) {
                    if Self.startsCaseInsensitive(bytes, at: found + 2, with: name) {
                        let after = found + 2 + name.utf8.count
                        if after >= n || [0x3E, 0x2F, 0x20, 0x09, 0x0A, 0x0C, 0x0D].contains(bytes[after]) {
                            close = found
                            break
                        }
                    }
                    search = found + 2
                }
                let rawEnd = close ?? n
                if close == nil { repairOffsets.append(i) }
                if rawEnd > i { add(.rawText(i..<rawEnd)) }
                i = rawEnd
                textStart = i
            }
        }
        flushText(to: n)
    }

    /// Reads a tag from its name on: where it ends (one past `>`; past the input when cut off),
    /// its lower-cased name, the range of its attribute bytes, whether it ends with `/>` and
    /// what its attributes hold that a reader looks for.
    static func tag(_ bytes: UnsafeBufferPointer<UInt8>, nameStart: Int) -> (Int, String, Range<Int>, Bool, AttributeHints) {
        let n = bytes.count
        var i = nameStart
        while i < n, !isSpace(bytes[i]), bytes[i] != 0x2F, bytes[i] != 0x3E { i += 1 }
        let name = lowercased(bytes, nameStart..<i)
        var hints: AttributeHints = []
        let (end, selfClosing) = scanAttributes(bytes, from: i) { name, _, quoted in
            if equalsCaseInsensitive(bytes, name, "translate") { hints.insert(.translate) }
            if quoted, HTMLDocument.translatableAttributeNames.contains(where: { equalsCaseInsensitive(bytes, name, $0) }) {
                hints.insert(.mayBeTranslatable)
            }
        }
        return (end, name, i..<Swift.min(end, n), selfClosing, hints)
    }

    /// Walks the attributes of a tag from `start` (just past its name) to its end, handing each
    /// attribute's name bytes, value bytes (nil without a value) and whether the value is quoted
    /// with its closing quote found. Returns where the tag ends (one past `>`; past the input when
    /// cut off) and whether it ends with `/>`. Allocates nothing.
    @inline(__always)
    static func scanAttributes(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                               _ body: (_ name: Range<Int>, _ value: Range<Int>?, _ quoted: Bool) -> Void) -> (Int, Bool) {
        let n = bytes.count
        var i = start
        var selfClosing = false
        while i < n {
            while i < n, isSpace(bytes[i]) { i += 1 }
            guard i < n else { break }
            if bytes[i] == 0x3E { return (i + 1, selfClosing) }
            if bytes[i] == 0x2F {
                selfClosing = i + 1 < n && bytes[i + 1] == 0x3E
                i += 1
                continue
            }
            let attributeStart = i
            i += 1  // a name may start with `=`
            while i < n, !isSpace(bytes[i]), bytes[i] != 0x2F, bytes[i] != 0x3E, bytes[i] != 0x3D { i += 1 }
            let nameRange = attributeStart..<i
            selfClosing = false
            while i < n, isSpace(bytes[i]) { i += 1 }
            var valueRange: Range<Int>?
            var quoted = false
            if i < n, bytes[i] == 0x3D {
                i += 1
                while i < n, isSpace(bytes[i]) { i += 1 }
                if i < n, bytes[i] == 0x22 || bytes[i] == 0x27 {
                    let quote = bytes[i]
                    let valueStart = i + 1
                    i = valueStart
                    if let base = bytes.baseAddress, i < n, let found = memchr(base + i, Int32(quote), n - i) {
                        i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    } else {
                        i = n
                    }
                    valueRange = valueStart..<i
                    if i < n {
                        quoted = true
                        i += 1
                    }
                } else {
                    let valueStart = i
                    while i < n, !isSpace(bytes[i]), bytes[i] != 0x3E { i += 1 }
                    valueRange = valueStart..<i
                }
            }
            body(nameRange, valueRange, quoted)
        }
        return (n + 1, selfClosing)
    }

    /// The attributes in `range` of `bytes` (a start tag's `attributes`), names lower-cased and
    /// values decoded.
    public static func attributes(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> [Attribute] {
        attributes(range, in: bytes) { _ in true }
    }

    /// ``attributes(_:in:)``, only those whose name bytes `wanted` takes (the others' values
    /// are not decoded).
    static func attributes(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>,
                           where wanted: (UnsafeBufferPointer<UInt8>) -> Bool) -> [Attribute] {
        var attributes: [Attribute] = []
        guard !range.isEmpty else { return attributes }
        let part = UnsafeBufferPointer(rebasing: bytes[..<range.upperBound])
        _ = scanAttributes(part, from: range.lowerBound) { name, value, quoted in
            guard wanted(UnsafeBufferPointer(rebasing: part[name])) else { return }
            attributes.append(Attribute(name: lowercased(part, name),
                                        value: value.map { HTMLText.decodedText(UnsafeBufferPointer(rebasing: part[$0])) } ?? "",
                                        quotedValue: quoted ? value : nil, valueRange: value))
        }
        return attributes
    }

    /// Whether `range` of `bytes` is `text` (lower-case ASCII), ASCII case ignored.
    static func equalsCaseInsensitive(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        for k in 0..<range.count {
            let byte = bytes[range.lowerBound + k]
            if (byte &- 0x41 < 26 ? byte | 0x20 : byte) != text.utf8Start[k] { return false }
        }
        return true
    }

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        // A common name (p, a, div, span…) is found in a table, not made again for every tag.
        if slice.count <= 7, let name = CommonNames.name(CommonNames.key(lowercasing: slice)) { return name }
        // Names are mostly lower-case already: no copy to lower them.
        guard slice.contains(where: { $0 &- 0x41 < 26 }) else { return String(decoding: slice, as: UTF8.self) }
        return String(decoding: slice.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        for k in 0..<count where bytes[i + k] != text.utf8Start[k] { return false }
        return true
    }

    static func startsCaseInsensitive(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, with name: String) -> Bool {
        let name = Array(name.utf8)
        guard i + name.count <= bytes.count else { return false }
        for k in 0..<name.count where (bytes[i + k] &- 0x41 < 26 ? bytes[i + k] | 0x20 : bytes[i + k]) != name[k] { return false }
        return true
    }

    static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from start: Int) -> Int? {
        let count = needle.utf8CodeUnitCount
        guard count > 0, start <= bytes.count - count else { return nil }
        let first = needle.utf8Start[0]
        var i = start
        while i <= bytes.count - count {
            if bytes[i] == first {
                var matched = true
                for k in 1..<count where bytes[i + k] != needle.utf8Start[k] {
                    matched = false
                    break
                }
                if matched { return i }
            }
            i += 1
        }
        return nil
    }
}

/// HTML text: character references decoded (with where each decoded byte came from, so that a
/// sentence boundary in the decoded text maps back to the page's bytes), and text escaped to
/// go back into a page.
public enum HTMLText {
    /// The named references news pages use; others stay as written.
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "middot": "·", "bull": "•", "deg": "°", "euro": "€", "pound": "£", "yen": "¥",
        "cent": "¢", "sect": "§", "para": "¶", "times": "×", "divide": "÷", "shy": "\u{AD}", "thinsp": "\u{2009}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "zwnj": "\u{200C}", "zwj": "\u{200D}", "eacute": "é", "egrave": "è",
        "aacute": "á", "agrave": "à", "iacute": "í", "oacute": "ó", "uacute": "ú", "ntilde": "ñ", "ccedil": "ç",
        "uuml": "ü", "ouml": "ö", "auml": "ä", "Uuml": "Ü", "Ouml": "Ö", "Auml": "Ä", "szlig": "ß", "Eacute": "É",
        "iexcl": "¡", "iquest": "¿", "frac12": "½", "frac14": "¼", "frac34": "¾", "sup2": "²", "sup3": "³",
    ]

    /// ``decode(_:inAttribute:)``'s text alone; text without `&` is its own decoding, made into a
    /// string at once.
    public static func decodedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        for byte in bytes where byte == 0x26 { return decode(bytes).text }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `bytes` with character references decoded, and for each byte of the result the offset in
    /// `bytes` it came from (one past the end is `bytes.count`).
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, inAttribute: Bool = false) -> (text: String, origins: [Int]) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var origins: [Int] = []
        origins.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] == 0x26, let (scalarText, length) = reference(bytes, at: i) {
                for byte in scalarText.utf8 {
                    out.append(byte)
                    origins.append(i)
                }
                i += length
                continue
            }
            out.append(bytes[i])
            origins.append(i)
            i += 1
        }
        return (String(decoding: out, as: UTF8.self), origins)
    }

    /// The character reference at `i` (`&amp;`, `&#39;`, `&#x2019;`): its text and length.
    static func reference(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (String, Int)? {
        let n = bytes.count
        var j = i + 1
        guard j < n else { return nil }
        if bytes[j] == 0x23 {  // &#
            j += 1
            var hex = false
            if j < n, bytes[j] | 0x20 == 0x78 {
                hex = true
                j += 1
            }
            let start = j
            var value: UInt32 = 0
            while j < n {
                let byte = bytes[j]
                let digit: UInt32
                if byte &- 0x30 < 10 {
                    digit = UInt32(byte - 0x30)
                } else if hex, (byte | 0x20) &- 0x61 < 6 {
                    digit = UInt32((byte | 0x20) - 0x61 + 10)
                } else {
                    break
                }
                // Past U+10FFFF the value stays too large (a replacement character), whatever the length.
                value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + digit
                j += 1
            }
            guard j > start else { return nil }
            let length = j < n && bytes[j] == 0x3B ? j + 1 - i : j - i
            let scalar = Unicode.Scalar(value == 0 ? 0xFFFD : value) ?? "\u{FFFD}"
            return (String(scalar), length)
        }
        let start = j
        while j < n, j - start < 10, (bytes[j] | 0x20) &- 0x61 < 26 || bytes[j] &- 0x30 < 10 { j += 1 }
        guard j < n, bytes[j] == 0x3B, j > start else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<j]), as: UTF8.self)
        guard let text = named[name] else { return nil }
        return (text, j + 1 - i)
    }

    /// `text` escaped for a quoted attribute value (either quote).
    public static func escapeAttribute(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        XMLEscaping.append(text, attribute: true, to: &out)
        var quoted: [UInt8] = []
        quoted.reserveCapacity(out.count)
        for byte in out {
            if byte == 0x27 { quoted.append(contentsOf: Array("&#39;".utf8)) } else { quoted.append(byte) }
        }
        return String(decoding: quoted, as: UTF8.self)
    }

    /// `text` escaped for HTML text as tmkit's XML writers escape text (`&`, `<`, `>`, a CR as
    /// `&#13;`, characters XML forbids as U+FFFD), which every HTML parser reads back.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        XMLEscaping.append(text, attribute: false, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The element and attribute names most pages use, by their bytes packed in a 64-bit key (at
/// most seven, lower case, and the count in the top byte): looked up in an open-addressed table
/// (one multiply, a probe or two) made once and never freed, read through plain pointers (no
/// reference counting a tag).
enum CommonNames {
    static let list = [
        "a", "abbr", "address", "article", "aside", "audio", "b", "body", "br", "button", "canvas", "caption", "circle",
        "cite", "code", "col", "dd", "defs", "del", "details", "dfn", "div", "dl", "dt", "em", "footer", "form",
        "g", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "iframe", "img", "input", "ins",
        "kbd", "label", "legend", "li", "link", "main", "mark", "meta", "nav", "ol", "option", "p", "path",
        "picture", "polygon", "pre", "q", "rect", "s", "samp", "script", "section", "select", "small", "source", "span",
        "strong", "style", "sub", "summary", "sup", "svg", "symbol", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "title", "tr", "u", "ul", "use", "var", "video", "wbr",
        "alt", "class", "content", "href", "id", "lang", "name", "rel", "src", "srcset", "type", "width", "height",
        "loading", "target", "dir", "charset", "role", "hidden", "sizes",
    ]

    nonisolated(unsafe) static let table: (keys: UnsafeMutablePointer<UInt64>, names: UnsafeMutablePointer<String>) = {
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        keys.initialize(repeating: 0, count: 256)
        let names = UnsafeMutablePointer<String>.allocate(capacity: 256)
        names.initialize(repeating: "", count: 256)
        precondition(list.count < 192, "CommonNames holds a few names")
        for name in list {
            precondition(name.utf8.count <= 7, "CommonNames holds names of at most seven bytes")
            let key = Array(name.utf8).withUnsafeBufferPointer { Self.key(lowercasing: $0) }
            var slot = Self.slot(key)
            while keys[slot] != 0, keys[slot] != key { slot = (slot + 1) & 255 }
            keys[slot] = key
            names[slot] = name
        }
        return (keys, names)
    }()

    /// The key of a name of at most seven bytes, ASCII capitals lowered.
    @inline(__always)
    static func key(lowercasing bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var key = UInt64(bytes.count) << 56
        for k in 0..<bytes.count {
            let byte = bytes[k]
            key |= UInt64(byte &- 0x41 < 26 ? byte | 0x20 : byte) << (8 * k)
        }
        return key
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56) }

    /// The name whose bytes `key` packs, when it is one of the table's.
    @inline(__always)
    static func name(_ key: UInt64) -> String? {
        let (keys, names) = table
        var slot = slot(key)
        while keys[slot] != 0 {
            if keys[slot] == key { return names[slot] }
            slot = (slot + 1) & 255
        }
        return nil
    }
}
