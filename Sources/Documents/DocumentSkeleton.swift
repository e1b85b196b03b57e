@_spi(Internals) import TMKitCore

/// Everything of a document but its units' translatable content: enough to rebuild the document
/// from translated units without the original file and without cutting it again. It travels
/// inside XLIFF (`<skl><internal-file>` in 1.2, `<skeleton>` in 2.x) as JSON.
///
/// A document is its pieces in order: skeleton text, and units by id. A unit keeps its raw text
/// (hard wraps, runs of spaces) when that differs from its content as the format writes it, so
/// rebuilding with no translation gives the input back byte for byte.
public struct DocumentSkeleton: Sendable, Hashable {
    /// One piece of a document, in document order: skeleton text or a unit.
    public enum Piece: Sendable, Hashable {
        /// Bytes outside every unit, as text.
        case text(String)
        /// A unit: its id, its block, and how its raw text differs from its source as rendered
        /// (nil: not at all).
        case unit(id: String, block: Int, layout: UnitLayout?)
    }

    /// How a unit's raw text differs from its rendered source.
    public enum UnitLayout: Sendable, Hashable {
        /// The rendered text with some of its spaces standing for whitespace runs with line
        /// breaks (hard wraps): at each UTF-8 offset, the run that replaces the space there.
        case wraps([Wrap])
        /// The raw text itself (any other difference).
        case raw(String)

        /// One hard wrap: the whitespace run, line break included, that stands where the rendered
        /// text has a single space.
        public struct Wrap: Sendable, Hashable {
            /// UTF-8 byte offset of that space in the rendered text.
            public var offset: Int
            /// The raw whitespace run written in place of the space.
            public var whitespace: String
            /// A wrap writing `whitespace` in place of the space at UTF-8 byte `offset` of the rendered text.
            public init(offset: Int, whitespace: String) {
                self.offset = offset
                self.whitespace = whitespace
            }
        }

        /// The layout that turns `rendered` into `raw`: wraps when `raw` differs only by whitespace
        /// runs with line breaks collapsed to one space, raw otherwise; nil when they are equal.
        public static func of(raw: UnsafeBufferPointer<UInt8>, rendered: String) -> UnitLayout? {
            var rendered = rendered
            return rendered.withUTF8 { renderedBytes -> UnitLayout? in
                if hasXMLForbidden(raw) { return .raw(String(decoding: raw, as: UTF8.self)) }
                if raw.elementsEqual(renderedBytes) { return nil }
                var wraps: [Wrap] = []
                var i = 0
                var offset = 0
                while i < raw.count {
                    let length = Whitespace.length(at: i, in: raw)
                    if length == 0 {
                        offset += 1
                        i += 1
                        continue
                    }
                    let start = i
                    let hasLineBreak: Bool
                    (i, hasLineBreak) = Whitespace.run(at: i, in: raw, end: raw.count)
                    if hasLineBreak {
                        wraps.append(Wrap(offset: offset, whitespace: String(decoding: UnsafeBufferPointer(rebasing: raw[start..<i]), as: UTF8.self)))
                        offset += 1
                    } else {
                        offset += i - start
                    }
                }
                // The walk above mirrors Whitespace.collapsingLineBreaks; if the rendered text is
                // not what it predicts, keep the raw text instead (the round-trip tests hold both).
                guard offset == renderedBytes.count else { return .raw(String(decoding: raw, as: UTF8.self)) }
                return .wraps(wraps)
            }
        }

        /// A unit's raw text rendered (whitespace runs with a line break made one space, as
        /// `Whitespace.collapsingLineBreaks` does) together with its layout, in one pass: what
        /// documents read at speed use.
        public static func render(raw p: UnsafeBufferPointer<UInt8>) -> (text: String, layout: UnitLayout?) {
            guard Whitespace.trimmed(0..<p.count, in: p) == 0..<p.count else {
                let text = Whitespace.collapsingLineBreaks(p)
                return (text, of(raw: p, rendered: text))
            }
            // One scan for line breaks and for characters XML cannot carry (C0 controls but tab,
            // LF, CR; U+FFFE, U+FFFF), which would come back from XLIFF as U+FFFD: such a unit keeps
            // its raw text in the skeleton (JSON escapes them).
            var hasLineBreak = false
            var forbidden = false
            var i = 0
            while i < p.count {
                // Eight bytes at a time while they are all printable ASCII (no byte below 0x20, none
                // above 0x7F): most of a news text.
                if i + 8 <= p.count {
                    let word = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    let low = (word &- 0x2020_2020_2020_2020) & ~word
                    if (word | low) & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                }
                let byte = p[i]
                if byte < 0x20 {
                    if (byte &- 0x0A) < 4 { hasLineBreak = true }
                    if byte != 0x09, byte != 0x0A, byte != 0x0D { forbidden = true }
                } else if byte >= 0xC2 {
                    if (byte == 0xC2 || byte == 0xE2) && Whitespace.isLineBreak(at: i, in: p) { hasLineBreak = true }
                    if byte == 0xEF, i + 2 < p.count, p[i + 1] == 0xBF, p[i + 2] >= 0xBE { forbidden = true }
                }
                i += 1
            }
            if forbidden {
                let text = Whitespace.collapsingLineBreaks(p)
                return (text, .raw(String(decoding: p, as: UTF8.self)))
            }
            guard hasLineBreak else { return (String(decoding: p, as: UTF8.self), nil) }
            var output: [UInt8] = []
            output.reserveCapacity(p.count)
            var wraps: [Wrap] = []
            wraps.reserveCapacity(p.count / 64 + 1)  // a hard-wrapped line is rarely shorter
            var copied = 0  // bytes before this are in output; the rest is copied in one go at the next wrap
            i = 0
            while i < p.count {
                let byte = p[i]
                if byte > 0x20 && byte < 0x80 { i += 1; continue }
                // A lone space between words, the commonest whitespace of all.
                if byte == 0x20, i + 1 < p.count, p[i + 1] > 0x20, p[i + 1] < 0x80 { i += 2; continue }
                if Whitespace.length(at: i, in: p) == 0 { i += 1; continue }
                let runStart = i
                var runHasLineBreak = false
                while i < p.count {
                    let length = Whitespace.length(at: i, in: p)
                    if length == 0 { break }
                    if Whitespace.isLineBreak(at: i, in: p) { runHasLineBreak = true }
                    i += length
                }
                guard runHasLineBreak else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<runStart]))
                let whitespace = UnsafeBufferPointer(rebasing: p[runStart..<i])
                // A lone line feed, the commonest wrap, needs no decoding.
                wraps.append(Wrap(offset: output.count,
                                  whitespace: whitespace.count == 1 && whitespace[0] == 0x0A ? "\n" : String(decoding: whitespace, as: UTF8.self)))
                output.append(0x20)
                copied = i
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied...]))
            return (String(decoding: output, as: UTF8.self), .wraps(wraps))
        }

        static func hasXMLForbidden(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            for i in 0..<p.count {
                let byte = p[i]
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return true }
                if byte == 0xEF, i + 2 < p.count, p[i + 1] == 0xBF, p[i + 2] >= 0xBE { return true }
            }
            return false
        }

        /// Appends the raw text this layout makes of `rendered` to `bytes` (no string in
        /// between); false, with `bytes` as it was, when the layout does not fit `rendered`.
        public func append(_ rendered: String, to bytes: inout [UInt8]) -> Bool {
            switch self {
            case .raw(let raw):
                bytes.append(contentsOf: raw.utf8)
                return true
            case .wraps(let wraps):
                var rendered = rendered
                return rendered.withUTF8 { text in
                    let start = bytes.count
                    var position = 0
                    for wrap in wraps {
                        guard wrap.offset >= position, wrap.offset < text.count, text[wrap.offset] == 0x20 else {
                            bytes.removeSubrange(start...)
                            return false
                        }
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[position..<wrap.offset]))
                        bytes.append(contentsOf: wrap.whitespace.utf8)
                        position = wrap.offset + 1
                    }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[position...]))
                    return true
                }
            }
        }
    }

    /// The ``DocumentFormat`` name that rebuilds it (`text`).
    public var format: String
    /// The input's encoding (and byte-order mark), which the rebuilt document gets back.
    public var encoding: TextEncoding
    /// A legacy character set the input was in (`windows-1252`, `Shift_JIS`, …; the pieces are
    /// UTF-8 all the same), which the rebuilt document is written in again when it can hold it.
    public var charset: String?
    /// Skeleton text and units by id, in document order; together they make the whole document.
    public var pieces: [Piece]

    /// A skeleton of `pieces`; `format` is the ``DocumentFormat`` name that rebuilds it, `charset` a
    /// legacy character set to write the document back in (nil: `encoding` alone).
    public init(format: String, encoding: TextEncoding = .utf8, charset: String? = nil, pieces: [Piece]) {
        self.format = format
        self.encoding = encoding
        self.charset = charset
        self.pieces = pieces
    }

    /// The ids of the units, in document order.
    public var unitIDs: [String] {
        pieces.compactMap { if case .unit(let id, _, _) = $0 { id } else { nil } }
    }

    /// The JSON form: `{"tmkit-skeleton":1,"format":"text","encoding":"UTF-8","pieces":["text",{"unit":"1","block":0,"wraps":[41,"\n"]},…]}`.
    /// Control characters are escaped, so the JSON survives XML's line-end normalization.
    public var json: String { String(decoding: jsonBytes(), as: UTF8.self) }

    /// ``json`` as UTF-8, written straight into bytes (documents have many pieces).
    public func jsonBytes() -> [UInt8] {
        var out = SkeletonJSONWriter.header(format: format, encoding: encoding, charset: charset)
        out.reserveCapacity(pieces.count * 32 + 128)
        var writer = SkeletonJSONWriter()
        for piece in pieces { writer.append(piece, into: &out) }
        out.append(contentsOf: SkeletonJSONWriter.footer)
        return out
    }

    /// Reads the JSON form; a skeleton another tool or another version wrote is an error
    /// saying so. Pulled straight into pieces (no JSON tree: a long document has a piece per
    /// unit and per gap); keys may come in any order, unknown keys are skipped.
    public init(json: String) throws(DocumentError) {
        func invalid(_ why: String) -> DocumentError { DocumentError(.invalidSkeleton(why), unit: "") }
        var reader = _JSONParser(bytes: Array(json.utf8))
        var version: String?
        var format: String?
        var encodingName: String?
        var charset: String?
        var pieces: [Piece]?
        do {
            try reader.forEachMember { reader, key in
                switch key {
                case "tmkit-skeleton":
                    if case .number(let number) = try reader.value(depth: 1) { version = number } else { version = "" }
                case "format": format = try reader.value(depth: 1).stringValue
                case "encoding": encodingName = try reader.value(depth: 1).stringValue
                case "charset": charset = try reader.value(depth: 1).stringValue
                case "pieces":
                    guard reader.peek() == 0x5B else { throw invalid("the skeleton has no pieces") }
                    pieces = try Self.pieces(&reader)
                default: _ = try reader.value(depth: 1)
                }
            }
            reader.skipWhitespace()
            guard reader.position == reader.bytes.count else { throw reader.error("unexpected text after the value") }
        } catch let error as DocumentError {
            throw error
        } catch let error as JSONValue.ParseError {
            throw invalid("not tmkit's skeleton (\(error.message) at column \(error.column))")
        } catch {
            throw invalid("\(error)")
        }
        guard let version else { throw invalid("not tmkit's skeleton") }
        guard version == "1" else { throw invalid("skeleton version \(version) is newer than this tmkit reads; update tmkit") }
        guard let format else { throw invalid("the skeleton names no format") }
        guard let pieces else { throw invalid("the skeleton has no pieces") }
        let name = encodingName ?? TextEncoding.utf8.rawValue
        guard let encoding = TextEncoding(rawValue: name) else { throw invalid("unknown encoding '\(name)'") }
        self.init(format: format, encoding: encoding, charset: charset, pieces: pieces)
    }

    /// The `pieces` array: strings (text) and `{"unit":…,"block":…,"raw"|"wraps":…}` objects;
    /// JSON and shape errors go to the one catch of ``init(json:)``.
    private static func pieces(_ reader: inout _JSONParser) throws -> [Piece] {
        func invalid(_ why: String) -> DocumentError { DocumentError(.invalidSkeleton(why), unit: "") }
        var pieces: [Piece] = []
        pieces.reserveCapacity(reader.bytes.count / 24)
        reader.position += 1
        if reader.peek() == 0x5D {
            reader.position += 1
            return pieces
        }
        repeat {
            switch reader.peek() {
            case 0x22:
                pieces.append(.text(try reader.string()))
            case 0x7B:
                var id: String?
                var block = 0
                var layout: UnitLayout?
                try reader.forEachMember { reader, key in
                    switch key {
                    case "unit": id = try reader.value(depth: 2).stringValue
                    case "block":
                        if let number = reader.plainInteger() {
                            block = number
                        } else if case .number(let number) = try reader.value(depth: 2) {
                            block = Int(number) ?? 0
                        }
                    case "raw":
                        if let raw = try reader.value(depth: 2).stringValue { layout = .raw(raw) }
                    case "wraps" where reader.peek() == 0x5B:
                        reader.position += 1
                        var wraps: [UnitLayout.Wrap] = []
                        if reader.peek() == 0x5D {
                            reader.position += 1
                        } else {
                            repeat {
                                let offset: Int?
                                if let plain = reader.plainInteger() {
                                    offset = plain
                                } else if case .number(let number) = try reader.value(depth: 3) {
                                    offset = Int(number)
                                } else {
                                    offset = nil
                                }
                                guard let at = offset, at >= 0, try reader.more(closing: 0x5D), reader.peek() == 0x22 else {
                                    throw invalid("unit \(id ?? "?"): malformed wraps")
                                }
                                wraps.append(UnitLayout.Wrap(offset: at, whitespace: try reader.string()))
                            } while try reader.more(closing: 0x5D)
                        }
                        if case .raw? = layout {} else { layout = .wraps(wraps) }
                    default: _ = try reader.value(depth: 2)
                    }
                }
                guard let id else { throw invalid("a skeleton piece without a unit id") }
                pieces.append(.unit(id: id, block: block, layout: layout))
            default:
                throw invalid("a skeleton piece that is neither text nor a unit")
            }
        } while try reader.more(closing: 0x5D)
        return pieces
    }
}

/// A skeleton's JSON written piece by piece, for documents read piece by piece: `header(format:encoding:)`,
/// then each piece, then ``footer``; the same bytes as ``DocumentSkeleton/jsonBytes()``.
public struct SkeletonJSONWriter {
    private var count = 0

    /// A writer that has written no piece yet: the first one gets no comma before it.
    public init() {}

    /// The JSON up to the `[` that opens `pieces`: the skeleton version, `format`, `encoding` and,
    /// when given, `charset`.
    public static func header(format: String, encoding: TextEncoding, charset: String? = nil) -> [UInt8] {
        var out = Array(#"{"tmkit-skeleton":1,"format":"#.utf8)
        JSONBytes.string(format, into: &out)
        out.append(contentsOf: #","encoding":"#.utf8)
        JSONBytes.string(encoding.rawValue, into: &out)
        if let charset {
            out.append(contentsOf: #","charset":"#.utf8)
            JSONBytes.string(charset, into: &out)
        }
        out.append(contentsOf: #","pieces":["#.utf8)
        return out
    }

    /// The JSON after the last piece: `]}`, closing `pieces` and the object.
    public static let footer: [UInt8] = Array("]}".utf8)

    /// Appends `piece` (after a comma unless it is the first) to `out`.
    public mutating func append(_ piece: DocumentSkeleton.Piece, into out: inout [UInt8]) {
        if count > 0 { out.append(0x2C) }
        count += 1
        switch piece {
        case .text(let text):
            JSONBytes.string(text, into: &out)
        case .unit(let id, let block, let layout):
            out.append(contentsOf: #"{"unit":"#.utf8)
            JSONBytes.string(id, into: &out)
            out.append(contentsOf: #","block":"#.utf8)
            JSONValue.writeInteger(block, to: &out)
            switch layout {
            case nil:
                break
            case .raw(let raw)?:
                out.append(contentsOf: #","raw":"#.utf8)
                JSONBytes.string(raw, into: &out)
            case .wraps(let wraps)?:
                out.append(contentsOf: #","wraps":["#.utf8)
                for (n, wrap) in wraps.enumerated() {
                    if n > 0 { out.append(0x2C) }
                    JSONValue.writeInteger(wrap.offset, to: &out)
                    out.append(0x2C)
                    JSONBytes.string(wrap.whitespace, into: &out)
                }
                out.append(0x5D)
            }
            out.append(0x7D)
        }
    }
}

/// JSON strings written straight into bytes: `"`, `\` and control characters escaped, and
/// every character outside ASCII as `\uXXXX` (two for one beyond the BMP). An ASCII skeleton
/// keeps libxml2 on its fast path when a CAT tool or `merge` reads the XLIFF: one no-break space
/// near the start of the skeleton's text sent the rest of it through libxml2's character-by-
/// character path.
enum JSONBytes {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func string(_ text: String, into out: inout [UInt8]) {
        var text = text
        out.append(0x22)
        text.withUTF8 { bytes in
            // Written in place into room for the most a part can take (six bytes a control
            // character), then appended at once: an HTML skeleton escapes a quote every few
            // bytes, and an append a run cost more than the run. Parts of at most 4 KB, cut
            // between characters, keep the room small whatever the text's length.
            var start = 0
            while start < bytes.count {
                var end = Swift.min(bytes.count, start + 4096)
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: (end - start) * 6) { room in
                    let written = write(UnsafeBufferPointer(rebasing: bytes[start..<end]), into: room.baseAddress!)
                    out.append(contentsOf: UnsafeBufferPointer(start: room.baseAddress!, count: written))
                }
                start = end
            }
        }
        out.append(0x22)
    }

    /// `bytes` (whole characters) as the inside of a JSON string at `out` (room for six bytes a
    /// byte); returns how many bytes it wrote.
    private static func write(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var w = 0
        @inline(__always) func put(_ byte: UInt8) {
            out[w] = byte
            w += 1
        }
        @inline(__always) func escape(_ unit: UInt16) {
            put(0x5C)
            put(0x75)
            put(hex[Int(unit >> 12)])
            put(hex[Int(unit >> 8 & 0xF)])
            put(hex[Int(unit >> 4 & 0xF)])
            put(hex[Int(unit & 0xF)])
        }
        var i = 0
        let count = bytes.count
        while i < count {
            // Eight bytes at a time while none needs escaping (no control character, `"`, `\`
            // or byte outside ASCII).
            if i + 8 <= count {
                let chunk = ASCIIChunk.load(bytes.baseAddress! + i)
                let flagged = ((chunk &- 0x2020_2020_2020_2020) & ~chunk | chunk) & 0x8080_8080_8080_8080
                    | ASCIIChunk.anyEqual(chunk, 0x22) | ASCIIChunk.anyEqual(chunk, 0x5C)
                // The eight go out whole; those before the first that needs escaping count
                // (the lowest flag is exact; the room holds the rest until it is overwritten).
                UnsafeMutableRawPointer(out + w).copyMemory(from: bytes.baseAddress! + i, byteCount: 8)
                let clean = flagged == 0 ? 8 : flagged.trailingZeroBitCount / 8
                w += clean
                i += clean
                if clean > 0 { continue }
            }
            let byte = bytes[i]
            switch byte {
            case 0x22, 0x5C:
                put(0x5C)
                put(byte)
                i += 1
            case 0x0A, 0x0D, 0x09:
                put(0x5C)
                put(byte == 0x0A ? 0x6E : byte == 0x0D ? 0x72 : 0x74)
                i += 1
            case ..<0x20:
                escape(UInt16(byte))
                i += 1
            case ..<0x80:
                put(byte)
                i += 1
            default:
                // A String's bytes are valid UTF-8: a lead byte and its continuation bytes.
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                var scalar = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
                for k in 1..<length { scalar = scalar << 6 | UInt32(bytes[i + k] & 0x3F) }
                if scalar > 0xFFFF {
                    let value = scalar - 0x10000
                    escape(UInt16(0xD800 + (value >> 10)))
                    escape(UInt16(0xDC00 + (value & 0x3FF)))
                } else {
                    escape(UInt16(scalar))
                }
                i += length
            }
        }
        return w
    }
}

extension Array where Element == DocumentSkeleton.Piece {
    /// The pieces with adjacent text pieces joined into one (as a whole document writes them).
    public func joiningAdjacentText() -> [DocumentSkeleton.Piece] {
        var joined: [DocumentSkeleton.Piece] = []
        joined.reserveCapacity(count)
        for piece in self {
            if case .text(let text) = piece, case .text(let previous)? = joined.last {
                joined[joined.count - 1] = .text(previous + text)
            } else {
                joined.append(piece)
            }
        }
        return joined
    }
}

/// How a rebuilt document is laid out where translations replace sources.
public struct RebuildOptions: Sendable, Hashable {
    /// Wrap translated paragraphs at this many columns (a wide character counts two); nil
    /// writes each translated paragraph on one line.
    public var wrap: Int?
    /// The translation's language, for formats that record it (HTML's `lang`).
    public var language: LanguageTag?

    /// Options with a wrap width in columns (nil: each translated paragraph on one line) and the
    /// translation's language (nil: the document's language markup left as it is).
    public init(wrap: Int? = nil, language: LanguageTag? = nil) {
        self.wrap = wrap
        self.language = language
    }
}

extension DocumentSkeleton {
    /// Checks `translations` against the skeleton and the units' sources: every id must be a
    /// unit of the document, and a translation must carry its source's inline codes.
    public func check(translations: [String: SegmentContent], sources: [String: SegmentContent]) throws(DocumentError) {
        guard !translations.isEmpty else { return }
        let ids = Set(unitIDs)
        for id in translations.keys.sorted() {
            guard ids.contains(id) else { throw DocumentError(.unknownUnit, unit: id) }
            if let source = sources[id], let translation = translations[id] {
                try InlineCodeCheck.check(translation, against: source, unit: id, location: nil)
            }
        }
    }
}
