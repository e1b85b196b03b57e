import TMKitCore

/// The formats `tmkit tmx convert` reads and writes.
public enum MemoryFormat: String, Sendable, CaseIterable {
    /// TMX; TSV and CSV bilingual tables (``TabularMemory``); JSON Lines (``JSONLMemory``);
    /// XLIFF (read 1.0–1.2 and 2.0–2.2, written as 1.2).
    case tmx, tsv, csv, jsonl, xliff

    /// The format a file name's extension says: `.tmx`; `.tsv`, `.tab`, `.txt`; `.csv`;
    /// `.jsonl`, `.ndjson`; `.xlf`, `.xliff`, `.sdlxliff`, `.mqxliff`.
    public init?(path: String) {
        let name = path.lowercased()
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return nil }
        switch name[name.index(after: dot)...] {
        case "tmx": self = .tmx
        case "tsv", "tab", "txt", "utf8": self = .tsv
        case "csv": self = .csv
        case "jsonl", "ndjson": self = .jsonl
        case "xlf", "xliff", "sdlxliff", "mqxliff": self = .xliff
        default: return nil
        }
    }
}

/// Bilingual tables (TSV, CSV) to and from units: one unit a row, the source and target
/// language's text and an optional note.
///
/// A row's empty cells give no variant, so a source-only row gives a source-only unit. Going
/// the other way, a unit gives its first variant in each language (`en` takes `en-US` when
/// there is no plain `en`), as plain text: inline codes have no place in a table, and
/// ``TableCells/droppedCodes`` says when some were left out. Unit notes are joined by line
/// breaks.
public enum TabularMemory {
    /// One unit as a table row: the pair's texts as plain text, and the unit's notes.
    public struct TableCells: Sendable, Hashable {
        /// The text of the unit's source-language variant; empty when it has none.
        public var source: String
        /// The text of the unit's target-language variant; empty when it has none.
        public var target: String
        /// The unit's notes joined by line breaks; empty when it has none.
        public var note: String
        /// Whether inline codes were left out of the text.
        public var droppedCodes: Bool
    }

    /// The unit of a row's cells; `nil` for an empty row. Throws for more than three cells.
    public static func unit(
        cells: [String], line: Int, source: LanguageTag, target: LanguageTag, file: String?
    ) throws(TableError) -> TranslationUnit? {
        guard cells.count <= 3 else {
            throw TableError("expected source, target and an optional note, found \(cells.count) columns",
                             file: file, line: line)
        }
        let sourceText = cells.first ?? ""
        let targetText = cells.count > 1 ? cells[1] : ""
        let note = cells.count > 2 ? cells[2] : ""
        guard !sourceText.isEmpty || !targetText.isEmpty || !note.isEmpty else { return nil }
        var unit = TranslationUnit()
        if !sourceText.isEmpty { unit.variants.append(Variant(language: source, text: sourceText)) }
        if !targetText.isEmpty { unit.variants.append(Variant(language: target, text: targetText)) }
        if !note.isEmpty { unit.notes.append(Note(note)) }
        guard !unit.variants.isEmpty else {
            throw TableError("a note without source or target text", file: file, line: line)
        }
        return unit
    }

    /// The cells of `unit` for the pair; `nil` when it has neither language.
    public static func cells(of unit: TranslationUnit, source: LanguageTag, target: LanguageTag) -> TableCells? {
        let sourceVariant = variant(of: unit, in: source)
        let targetVariant = variant(of: unit, in: target)
        guard sourceVariant != nil || targetVariant != nil else { return nil }
        let dropped = (sourceVariant?.content.hasInlineCodes ?? false) || (targetVariant?.content.hasInlineCodes ?? false)
        return TableCells(
            source: sourceVariant?.content.plainText ?? "", target: targetVariant?.content.plainText ?? "",
            note: unit.notes.map(\.text).joined(separator: "\n"), droppedCodes: dropped)
    }

    /// The variant that answers `language` best (RFC 4647): the same tag, else a more specific
    /// one (`en` → `en-US`), else a shorter one (`en-US` → `en`).
    public static func variant(of unit: TranslationUnit, in language: LanguageTag) -> Variant? {
        LanguageTag.bestMatch(for: language, in: unit.variants, language: \.language)
    }
}

/// Units as JSON Lines, one object a unit, lossless:
///
/// ```json
/// {"id":"news-1","attributes":{"srclang":"en-US"},
///  "props":[{"type":"x-source","value":"Daily NK"}],"notes":["Headline"],
///  "variants":{"en-US":[{"code":"bpt","attributes":{"i":"1"},"content":"<b>"},"Battle",
///                       {"code":"ept","attributes":{"i":"1"},"content":"</b>"}],
///              "ko-KR":"범죄와의 전쟁"}}
/// ```
///
/// - `id` is the `tuid` or `null`; `props`, `notes` and `variants` are always there.
/// - A variant's content is a string when it has no inline code, else an array of strings
///   (text) and code objects: `code` (`bpt`, `ept`, `it`, `ph`, `hi`, `sub`, `ut`),
///   `attributes` (when any) and `content` (the native code or text, in the same form, when
///   not empty).
/// - A prop is `{"type", "value"}` plus `attributes` when it has others; a note is a string,
///   or `{"text", "attributes"}` when it has attributes.
/// - Only when present: `attributes` (unit attributes but `tuid`), `variant_attributes`,
///   `variant_props`, `variant_notes` (objects keyed by language), and `extra_variants`
///   (variants in a language that already has one: objects with `language`, `content` and
///   the same optional keys).
public enum JSONLMemory {
    /// `unit` as one JSON object in the layout described for ``JSONLMemory`` (one line once serialized).
    public static func encode(_ unit: TranslationUnit) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("id", unit.id.map(JSONValue.string) ?? .null)]
        if !unit.attributes.isEmpty { pairs.append(("attributes", encode(unit.attributes))) }
        pairs.append(("props", .array(unit.properties.map(encode))))
        pairs.append(("notes", .array(unit.notes.map(encode))))
        var seen = Set<LanguageTag>()
        var variants: [(String, JSONValue)] = []
        var attributes: [(String, JSONValue)] = []
        var props: [(String, JSONValue)] = []
        var notes: [(String, JSONValue)] = []
        var extra: [JSONValue] = []
        for variant in unit.variants {
            let tag = variant.language.normalized
            if seen.insert(variant.language).inserted {
                variants.append((tag, encode(variant.content)))
                if !variant.attributes.isEmpty { attributes.append((tag, encode(variant.attributes))) }
                if !variant.properties.isEmpty { props.append((tag, .array(variant.properties.map(encode)))) }
                if !variant.notes.isEmpty { notes.append((tag, .array(variant.notes.map(encode)))) }
            } else {
                var object: [(String, JSONValue)] = [("language", .string(tag)), ("content", encode(variant.content))]
                if !variant.attributes.isEmpty { object.append(("attributes", encode(variant.attributes))) }
                if !variant.properties.isEmpty { object.append(("props", .array(variant.properties.map(encode)))) }
                if !variant.notes.isEmpty { object.append(("notes", .array(variant.notes.map(encode)))) }
                extra.append(.object(object))
            }
        }
        pairs.append(("variants", .object(variants)))
        if !attributes.isEmpty { pairs.append(("variant_attributes", .object(attributes))) }
        if !props.isEmpty { pairs.append(("variant_props", .object(props))) }
        if !notes.isEmpty { pairs.append(("variant_notes", .object(notes))) }
        if !extra.isEmpty { pairs.append(("extra_variants", .array(extra))) }
        return .object(pairs)
    }

    /// ``encode(_:)`` of `unit` serialized, written straight to `output` (no tree of values;
    /// what an import does for every unit). With `plainVariantsAsNull`, the content of a variant
    /// without inline codes is `null` (a memory keeps its text in a column of its own). The
    /// parts units rarely have (props, notes, codes, more than one variant a language) go
    /// through ``encode(_:)``'s values.
    package static func write(_ unit: TranslationUnit, plainVariantsAsNull: Bool = false, to output: inout [UInt8]) {
        func literal(_ text: StaticString) {
            output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        /// `{"name":"value",…}` (never called with no attributes).
        func object(_ attributes: [Attribute]) {
            var opening: UInt8 = 0x7B  // `{`, then `,` between pairs
            for attribute in attributes {
                output.append(opening)
                opening = 0x2C
                JSONValue.writeString(attribute.name, to: &output)
                output.append(0x3A)
                JSONValue.writeString(attribute.value, to: &output)
            }
            output.append(0x7D)
        }
        literal("{\"id\":")
        if let id = unit.id { JSONValue.writeString(id, to: &output) } else { literal("null") }
        if !unit.attributes.isEmpty {
            literal(",\"attributes\":")
            object(unit.attributes)
        }
        literal(",\"props\":")
        JSONValue.array(unit.properties.map(encode)).write(to: &output)
        literal(",\"notes\":")
        JSONValue.array(unit.notes.map(encode)).write(to: &output)
        literal(",\"variants\":{")
        var seen: [LanguageTag] = []
        var first: [Int] = []
        var others = false
        for (index, variant) in unit.variants.enumerated() {
            guard !seen.contains(variant.language) else {
                others = true
                continue
            }
            if !seen.isEmpty { output.append(0x2C) }
            seen.append(variant.language)
            first.append(index)
            others = others || !variant.properties.isEmpty || !variant.notes.isEmpty
            JSONValue.writeString(variant.language.normalized, to: &output)
            output.append(0x3A)
            if !variant.content.hasInlineCodes {
                if plainVariantsAsNull { literal("null") } else { JSONValue.writeString(variant.content.plainText, to: &output) }
            } else {
                encode(variant.content).write(to: &output)
            }
        }
        output.append(0x7D)
        var opened = false
        for index in first where !unit.variants[index].attributes.isEmpty {
            literal(opened ? "," : ",\"variant_attributes\":{")
            opened = true
            JSONValue.writeString(unit.variants[index].language.normalized, to: &output)
            output.append(0x3A)
            object(unit.variants[index].attributes)
        }
        if opened { output.append(0x7D) }
        // Variant props and notes, and further variants: as `encode` writes them.
        if others, case .object(let pairs) = encode(unit) {
            for (key, value) in pairs where key == "variant_props" || key == "variant_notes" || key == "extra_variants" {
                output.append(0x2C)
                JSONValue.writeString(key, to: &output)
                output.append(0x3A)
                value.write(to: &output)
            }
        }
        output.append(0x7D)
    }

    /// A variant's content as JSON: a string when it has no inline code, else an array of strings
    /// and code objects.
    public static func encode(_ content: SegmentContent) -> JSONValue {
        guard content.hasInlineCodes else { return .string(content.plainText) }
        return .array(content.elements.map { element in
            switch element {
            case .text(let text): return .string(text)
            case .code(let code):
                var object: [(String, JSONValue)] = [("code", .string(code.kind.rawValue))]
                if !code.attributes.isEmpty { object.append(("attributes", encode(code.attributes))) }
                if !code.content.elements.isEmpty { object.append(("content", encode(code.content))) }
                return .object(object)
            }
        })
    }

    static func encode(_ attributes: [Attribute]) -> JSONValue {
        .object(attributes.map { ($0.name, .string($0.value)) })
    }

    static func encode(_ property: Property) -> JSONValue {
        var object: [(String, JSONValue)] = [("type", .string(property.type)), ("value", .string(property.value))]
        if !property.attributes.isEmpty { object.append(("attributes", encode(property.attributes))) }
        return .object(object)
    }

    static func encode(_ note: Note) -> JSONValue {
        guard !note.attributes.isEmpty else { return .string(note.text) }
        return .object([("text", .string(note.text)), ("attributes", encode(note.attributes))])
    }

    // MARK: Decoding

    /// A JSON value that is not a unit as ``JSONLMemory`` writes them.
    public struct DecodingError: Error, Sendable, Equatable {
        /// What is wrong with the value, in one line, without a line number.
        public var message: String
    }

    /// The unit a JSON object in ``JSONLMemory``'s layout describes. Throws ``DecodingError`` for
    /// anything else: an unknown key, a value of the wrong type, a bad language tag, no variant.
    public static func decode(_ value: JSONValue) throws(DecodingError) -> TranslationUnit {
        guard case .object(let pairs) = value else { throw DecodingError(message: "a unit must be a JSON object") }
        var unit = TranslationUnit()
        var byLanguage: [String: Int] = [:]
        var variantExtras: [(String, String, JSONValue)] = []
        for (key, value) in pairs {
            switch key {
            case "id":
                if case .null = value { break }
                guard let id = value.stringValue else { throw DecodingError(message: "id must be a string or null") }
                unit.id = id
            case "attributes": unit.attributes = try attributes(value, "attributes")
            case "props": unit.properties = try array(value, "props").map(property)
            case "notes": unit.notes = try array(value, "notes").map(note)
            case "variants":
                guard case .object(let variants) = value else { throw DecodingError(message: "variants must be an object") }
                for (tag, content) in variants {
                    byLanguage[tag] = unit.variants.count
                    unit.variants.append(Variant(language: try language(tag), content: try self.content(content)))
                }
            case "variant_attributes", "variant_props", "variant_notes":
                guard case .object(let entries) = value else { throw DecodingError(message: "\(key) must be an object") }
                for (tag, entry) in entries { variantExtras.append((key, tag, entry)) }
            case "extra_variants":
                for item in try array(value, key) {
                    guard let tag = item["language"]?.stringValue, let content = item["content"] else {
                        throw DecodingError(message: "each extra variant needs language and content")
                    }
                    var variant = Variant(language: try language(tag), content: try self.content(content))
                    if let value = item["attributes"] { variant.attributes = try attributes(value, "attributes") }
                    if let value = item["props"] { variant.properties = try array(value, "props").map(property) }
                    if let value = item["notes"] { variant.notes = try array(value, "notes").map(note) }
                    unit.variants.append(variant)
                }
            default:
                throw DecodingError(message: "unknown key \"\(key)\"")
            }
        }
        for (key, tag, value) in variantExtras {
            guard let index = byLanguage[tag] else {
                throw DecodingError(message: "\(key) names \(tag), which is not among the variants")
            }
            switch key {
            case "variant_attributes": unit.variants[index].attributes = try attributes(value, key)
            case "variant_props": unit.variants[index].properties = try array(value, key).map(property)
            default: unit.variants[index].notes = try array(value, key).map(note)
            }
        }
        guard !unit.variants.isEmpty else { throw DecodingError(message: "a unit needs at least one variant") }
        return unit
    }

    /// A variant's content from its JSON form (a string, or an array of strings and code objects);
    /// throws ``DecodingError`` for any other value or an unknown `code`.
    public static func content(_ value: JSONValue) throws(DecodingError) -> SegmentContent {
        switch value {
        case .string(let text): return SegmentContent(text: text)
        case .array(let runs):
            var elements: [SegmentContent.Element] = []
            for run in runs {
                if let text = run.stringValue {
                    elements.append(.text(text))
                    continue
                }
                guard let name = run["code"]?.stringValue, let kind = InlineCode.Kind(rawValue: name) else {
                    throw DecodingError(message: "an inline code needs \"code\": one of bpt, ept, it, ph, hi, sub, ut")
                }
                var code = InlineCode(kind)
                if let value = run["attributes"] { code.attributes = try attributes(value, "attributes") }
                if let value = run["content"] { code.content = try content(value) }
                elements.append(.code(code))
            }
            return SegmentContent(elements)
        default:
            throw DecodingError(message: "a variant's content must be a string or an array")
        }
    }

    static func language(_ tag: String) throws(DecodingError) -> LanguageTag {
        guard let language = LanguageTag(tag) else { throw DecodingError(message: "\(quotedForMessage(tag)) is not a language tag") }
        return language
    }

    static func array(_ value: JSONValue, _ key: String) throws(DecodingError) -> [JSONValue] {
        guard case .array(let values) = value else { throw DecodingError(message: "\(key) must be an array") }
        return values
    }

    static func attributes(_ value: JSONValue, _ key: String) throws(DecodingError) -> [Attribute] {
        guard case .object(let pairs) = value else { throw DecodingError(message: "\(key) must be an object") }
        var result: [Attribute] = []
        for (name, value) in pairs {
            guard let text = value.stringValue else { throw DecodingError(message: "attribute \(name) must be a string") }
            result.append(Attribute(name, text))
        }
        return result
    }

    static func property(_ value: JSONValue) throws(DecodingError) -> Property {
        guard let type = value["type"]?.stringValue, let text = value["value"]?.stringValue else {
            throw DecodingError(message: "a prop needs type and value strings")
        }
        var property = Property(type: type, value: text)
        if let attributes = value["attributes"] { property.attributes = try self.attributes(attributes, "attributes") }
        return property
    }

    static func note(_ value: JSONValue) throws(DecodingError) -> Note {
        if let text = value.stringValue { return Note(text) }
        guard let text = value["text"]?.stringValue else { throw DecodingError(message: "a note needs text") }
        var note = Note(text)
        if let attributes = value["attributes"] { note.attributes = try self.attributes(attributes, "attributes") }
        return note
    }
}
