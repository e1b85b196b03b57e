import TMKitCore

/// A document as translation sees it: the units a translator translates, each text with inline
/// codes, and the skeleton around them, so that the translated document is rebuilt from
/// translated units without cutting it again.
///
/// Every document format (plain text and HTML; Markdown next) conforms, and the
/// commands see only this contract: `pretranslate`, `extract` and `merge` do not know which
/// format they hold. Formatting a translator must keep (bold, links, line breaks inside a
/// block) is inline codes in the units' content, in the TMX model (`bpt`/`ept` pairs joined
/// by `i`, standalone `ph`, each with `x` to match it across languages), so units go to TMX,
/// XLIFF and the memory with their codes.
public protocol TranslatableDocument: Sendable {
    /// The units to translate, in document order. Ids are unique and stable: the same input
    /// cut by the same rules gives the same ids.
    var units: [DocumentUnit] { get }

    /// The document without its units' content, as ``DocumentSkeleton``: what XLIFF carries so
    /// that `merge` rebuilds the document without the original file.
    var skeleton: DocumentSkeleton { get }

    /// The document with each unit that has a translation (by id) replaced by it, as bytes
    /// ready to write. Units without a translation keep their source. A translation must
    /// carry the source's inline codes, each once (it may move them, and paired codes must
    /// stay paired in order); an id the document does not have is an error.
    func rebuilt(translations: [String: SegmentContent]) throws(DocumentError) -> [UInt8]

    /// ``rebuilt(translations:)`` with the layout `options` asks for, where the format has that
    /// layout (a plain-text paragraph wrapped, a page's `lang` set); a format without it ignores it.
    func rebuilt(translations: [String: SegmentContent], options: RebuildOptions) throws(DocumentError) -> [UInt8]

    /// How many malformed spots the reader read the forgiving way (HTML tag soup: unclosed
    /// tags, stray `<`), for a warning; 0 for formats that cannot be malformed.
    var repairs: Int { get }
}

extension TranslatableDocument {
    /// 0: a format that does not count repairs has none.
    public var repairs: Int { 0 }

    /// ``rebuilt(translations:options:)`` with default options.
    public func rebuilt(translations: [String: SegmentContent]) throws(DocumentError) -> [UInt8] {
        try rebuilt(translations: translations, options: RebuildOptions())
    }

    /// ``rebuilt(translations:)`` for translations without inline codes.
    @_disfavoredOverload
    public func rebuilt(translations: [String: String]) throws(DocumentError) -> [UInt8] {
        try rebuilt(translations: translations.mapValues { SegmentContent(text: $0) })
    }

    /// Runs a format's rebuild with the units' sources by id, giving an error about a unit the
    /// unit's place in the input.
    func locatingErrors(_ rebuild: ([String: SegmentContent]) throws(DocumentError) -> [UInt8]) throws(DocumentError) -> [UInt8] {
        let sources = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.source) })
        do {
            return try rebuild(sources)
        } catch {
            var located = error
            located.location = located.location ?? units.first { $0.id == error.unit }?.location
            throw located
        }
    }
}

/// One unit of a document: what the translator translates.
public struct DocumentUnit: Sendable, Hashable {
    /// Stable id, unique in the document (`tuid` in TMX, `id` in XLIFF).
    public var id: String
    /// The source: text with inline codes.
    public var source: SegmentContent
    /// Where the unit starts in the input (line and column of its first character).
    public var location: SourceLocation
    /// 0-based index of the block (paragraph, list item, cell…) the unit belongs to.
    public var block: Int
    /// What kind of block it comes from, when the format has kinds (`p`, `h1`, `title`,
    /// `img/@alt`); nil for plain text.
    public var context: String?

    /// A unit; `context` is the kind of block it comes from, nil for plain text.
    public init(id: String, source: SegmentContent, location: SourceLocation, block: Int, context: String? = nil) {
        self.id = id
        self.source = source
        self.location = location
        self.block = block
        self.context = context
    }

    /// The source's translatable text, codes left out: what memory lookup and term matching see.
    public var text: String { source.plainText }
}

/// Why a document could not be rebuilt from its translations.
public struct DocumentError: TMKitError, Equatable {
    /// What went wrong, with the code or the reason it concerns.
    public enum Kind: Sendable, Hashable {
        /// A translation names a unit the document does not have.
        case unknownUnit
        /// The translation leaves out a code of the source (described as `<bpt i="1">`, `<ph x="2">`).
        case missingCode(String)
        /// The translation has a code the source does not have, or has one twice.
        case extraCode(String)
        /// A paired code's end comes before its start in the translation.
        case misorderedCode(String)
        /// The skeleton a document is rebuilt from cannot be used (why).
        case invalidSkeleton(String)
        /// The skeleton names a document format this tmkit does not know.
        case unknownFormat(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The unit concerned.
    public var unit: String
    /// Where the unit starts in the input; nil when unknown (a rebuild from a skeleton alone, or an
    /// error about no unit).
    public var location: SourceLocation?

    /// An error of `kind` about unit `unit` (empty when it concerns no unit), at `location` when known.
    public init(_ kind: Kind, unit: String, location: SourceLocation? = nil) {
        self.kind = kind
        self.unit = unit
        self.location = location
    }

    /// The error as one line for users, naming the unit and the code concerned.
    public var message: String {
        switch kind {
        case .unknownUnit: "unit \(unit) is not in this document (was the translation made from another version?)"
        case .missingCode(let code): "unit \(unit): the translation leaves out the source's inline code \(code)"
        case .extraCode(let code): "unit \(unit): the translation has inline code \(code), which the source does not have"
        case .misorderedCode(let code): "unit \(unit): inline code \(code) ends before it starts in the translation"
        case .invalidSkeleton(let why): "the document skeleton: \(why)"
        case .unknownFormat(let name): "the skeleton is of a '\(name)' document, which this tmkit cannot rebuild; update tmkit"
        }
    }
}

/// The inline codes of a content, as the rebuild check compares them: paired codes by
/// their `i` (the pairing), standalone ones by kind and `x` (or `i`), each with a count.
enum InlineCodeCheck {
    struct Key: Hashable, CustomStringConvertible {
        var kind: InlineCode.Kind
        var id: String
        var description: String {
            switch kind {
            case .bpt, .ept, .it: "<\(kind.rawValue) i=\"\(id)\">"
            default: "<\(kind.rawValue) x=\"\(id)\">"
            }
        }
    }

    static func keys(of content: SegmentContent) -> [Key] {
        var keys: [Key] = []
        var position = 0
        for code in content.allCodes where code.kind != .sub && code.kind != .hi {
            position += 1
            let id: String
            switch code.kind {
            case .bpt, .ept, .it: id = code.i ?? code.x ?? "#\(position)"
            default: id = code.x ?? code.i ?? "#\(position)"
            }
            keys.append(Key(kind: code.kind, id: id))
        }
        return keys
    }

    /// Throws when `translation` does not carry `source`'s codes exactly once each, or ends a
    /// pair before starting it.
    static func check(_ translation: SegmentContent, against source: SegmentContent, unit: String,
                      location: SourceLocation?) throws(DocumentError) {
        let sourceKeys = keys(of: source)
        let translationKeys = keys(of: translation)
        if sourceKeys.isEmpty && translationKeys.isEmpty { return }
        var counts: [Key: Int] = [:]
        for key in sourceKeys { counts[key, default: 0] += 1 }
        var open = Set<String>()
        for key in translationKeys {
            guard let remaining = counts[key], remaining > 0 else {
                throw DocumentError(.extraCode(key.description), unit: unit, location: location)
            }
            counts[key] = remaining - 1
            if key.kind == .bpt { open.insert(key.id) }
            if key.kind == .ept, counts[Key(kind: .bpt, id: key.id)] != nil, !open.contains(key.id) {
                throw DocumentError(.misorderedCode(key.description), unit: unit, location: location)
            }
        }
        if let missing = sourceKeys.first(where: { (counts[$0] ?? 0) > 0 }) {
            throw DocumentError(.missingCode(missing.description), unit: unit, location: location)
        }
    }
}
