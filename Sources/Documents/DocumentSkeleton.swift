import TMKitCore

/// Everything of a document but its units' translatable content: enough to rebuild the document
/// from translated units without the original file and without cutting it again. It travels
/// inside XLIFF (`<skl><internal-file>` in 1.2, `<skeleton>` in 2.x) as JSON.
///
/// A document is its pieces in order: skeleton text, and units by id. A unit keeps its raw text
/// (hard wraps, runs of spaces) when that differs from its content as the format writes it, so
/// rebuilding with no translation gives the input back byte for byte.
public struct DocumentSkeleton: Sendable, Hashable {
    public enum Piece: Sendable, Hashable {
        /// Bytes outside every unit, as text.
        case text(String)
        /// A unit: its id, its block, and its raw text when the source's rendering differs from it.
        case unit(id: String, block: Int, raw: String?)
    }

    /// The ``DocumentFormat`` name that rebuilds it (`text`).
    public var format: String
    /// The input's encoding (and byte-order mark), which the rebuilt document gets back.
    public var encoding: TextEncoding
    public var pieces: [Piece]

    public init(format: String, encoding: TextEncoding = .utf8, pieces: [Piece]) {
        self.format = format
        self.encoding = encoding
        self.pieces = pieces
    }

    /// The ids of the units, in document order.
    public var unitIDs: [String] {
        pieces.compactMap { if case .unit(let id, _, _) = $0 { id } else { nil } }
    }

    /// The JSON form: `{"tmkit-skeleton":1,"format":"text","encoding":"UTF-8","pieces":["text",{"unit":"1","block":0},…]}`.
    /// Control characters are escaped, so the JSON survives XML's line-end normalization.
    public var json: String {
        var pieces: [JSONValue] = []
        pieces.reserveCapacity(self.pieces.count)
        for piece in self.pieces {
            switch piece {
            case .text(let text):
                pieces.append(.string(text))
            case .unit(let id, let block, let raw):
                var fields: [(String, JSONValue)] = [("unit", .string(id)), ("block", JSONValue(block))]
                if let raw { fields.append(("raw", .string(raw))) }
                pieces.append(.object(fields))
            }
        }
        return JSONValue.object([
            ("tmkit-skeleton", JSONValue(1)), ("format", .string(format)), ("encoding", .string(encoding.rawValue)),
            ("pieces", .array(pieces)),
        ]).serialized()
    }

    /// Reads the JSON form; a skeleton another tool or another version wrote is an error
    /// saying so.
    public init(json: String) throws(DocumentError) {
        func invalid(_ why: String) -> DocumentError { DocumentError(.invalidSkeleton(why), unit: "") }
        let value: JSONValue
        do {
            value = try JSONValue.parse(json)
        } catch {
            throw invalid("not tmkit's skeleton (\(error.message) at column \(error.column))")
        }
        guard case .number(let version)? = value["tmkit-skeleton"] else { throw invalid("not tmkit's skeleton") }
        guard version == "1" else { throw invalid("skeleton version \(version) is newer than this tmkit reads; update tmkit") }
        guard let format = value["format"]?.stringValue else { throw invalid("the skeleton names no format") }
        guard case .array(let items)? = value["pieces"] else { throw invalid("the skeleton has no pieces") }
        var pieces: [Piece] = []
        pieces.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .string(let text):
                pieces.append(.text(text))
            case .object:
                guard let id = item["unit"]?.stringValue else { throw invalid("a skeleton piece without a unit id") }
                var block = 0
                if case .number(let number)? = item["block"] { block = Int(number) ?? 0 }
                pieces.append(.unit(id: id, block: block, raw: item["raw"]?.stringValue))
            default:
                throw invalid("a skeleton piece that is neither text nor a unit")
            }
        }
        let encodingName = value["encoding"]?.stringValue ?? TextEncoding.utf8.rawValue
        guard let encoding = TextEncoding(rawValue: encodingName) else { throw invalid("unknown encoding '\(encodingName)'") }
        self.init(format: format, encoding: encoding, pieces: pieces)
    }
}

/// How a rebuilt document is laid out where translations replace sources.
public struct RebuildOptions: Sendable, Hashable {
    /// Wrap translated paragraphs at this many columns (a wide character counts two); nil
    /// writes each translated paragraph on one line.
    public var wrap: Int?

    public init(wrap: Int? = nil) {
        self.wrap = wrap
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
