/// An XML attribute as found in the input, in document order: names are qualified
/// (`xml:lang`, `creationdate`), values are the decoded text.
public struct Attribute: Sendable, Hashable {
    /// The qualified name as written (`xml:lang`, `creationdate`).
    public var name: String
    /// The value, with entity and character references decoded.
    public var value: String

    /// An attribute `name` with `value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension [Attribute] {
    /// The value of the first attribute named `name`.
    public subscript(named name: String) -> String? {
        get { first { $0.name == name }?.value }
        set {
            if let index = firstIndex(where: { $0.name == name }) {
                if let newValue { self[index].value = newValue } else { remove(at: index) }
            } else if let newValue {
                append(Attribute(name, newValue))
            }
        }
    }
}

/// A property (`<prop type="x-domain">News</prop>`).
public struct Property: Sendable, Hashable {
    /// The `type` attribute.
    public var type: String
    /// The text content of the `prop`.
    public var value: String
    /// Other attributes (`xml:lang`, `o-encoding`), in document order.
    public var attributes: [Attribute]

    /// A property of `type` holding `value`.
    public init(type: String, value: String, attributes: [Attribute] = []) {
        self.type = type
        self.value = value
        self.attributes = attributes
    }
}

/// A note (`<note>Checked by the desk</note>`).
public struct Note: Sendable, Hashable {
    /// The note's text content.
    public var text: String
    /// Attributes (`xml:lang`, `o-encoding`), in document order.
    public var attributes: [Attribute]

    /// A note holding `text`.
    public init(_ text: String, attributes: [Attribute] = []) {
        self.text = text
        self.attributes = attributes
    }
}

/// An inline code inside a segment: TMX's `bpt`, `ept`, `it`, `ph`, `hi`, `sub` and `ut`.
///
/// For `bpt`, `ept`, `it`, `ph` and `ut` the content is the native code (`<b>`), which may
/// hold `sub` codes with translatable text; for `hi` and `sub` it is text that may hold
/// further codes.
public struct InlineCode: Sendable, Hashable {
    /// Which TMX element a code is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `bpt` and `ept` begin and end a paired code, `it` is an isolated one, `ph` a placeholder,
        /// `hi` highlighted text, `sub` text inside a code, `ut` an unknown code.
        case bpt, ept, it, ph, hi, sub, ut
    }

    /// Which TMX element the code is.
    public var kind: Kind
    /// All attributes in document order (`i`, `x`, `type`, `pos`, `assoc`, `datatype`, …).
    public var attributes: [Attribute]
    /// The native code (`bpt`, `ept`, `it`, `ph`, `ut`) or the text (`hi`, `sub`), nested codes
    /// included.
    public var content: SegmentContent

    /// A code of `kind`; no attributes and empty content by default.
    public init(_ kind: Kind, attributes: [Attribute] = [], content: SegmentContent = SegmentContent()) {
        self.kind = kind
        self.attributes = attributes
        self.content = content
    }

    /// `i`: pairs a `bpt` with its `ept`.
    public var i: String? { attributes[named: "i"] }
    /// `x`: matches the code with the same code in another variant.
    public var x: String? { attributes[named: "x"] }
    /// `type`: the kind of formatting (`bold`, `link`, `x-…`).
    public var type: String? { attributes[named: "type"] }
    /// `pos` of an `it`: `begin` or `end`.
    public var pos: String? { attributes[named: "pos"] }
    /// `assoc` of a `ph`: `p`, `f` or `b`.
    public var assoc: String? { attributes[named: "assoc"] }
}

extension InlineCode {
    /// Whether ``SegmentContent/plainText`` reads text inside the code: `hi` and `sub`, and a
    /// native code holding a `sub`.
    var hasTextInside: Bool {
        switch kind {
        case .hi, .sub: return true
        default:
            for case .code(let inner) in content.elements where inner.kind == .sub { return true }
            return false
        }
    }
}

/// The content of a segment: text interleaved with inline codes.
public struct SegmentContent: Sendable, Hashable {
    /// One piece of the content.
    public enum Element: Sendable, Hashable {
        /// A run of text.
        case text(String)
        /// An inline code.
        case code(InlineCode)
    }

    /// Text runs and codes, in document order.
    public var elements: [Element]

    /// Content made of `elements`; empty by default.
    public init(_ elements: [Element] = []) {
        self.elements = elements
    }

    /// Content holding `text` as one run; no elements when `text` is empty.
    public init(text: String) {
        self.elements = text.isEmpty ? [] : [.text(text)]
    }

    /// The translatable text: text runs, and the text inside `hi` and `sub`; native code left out.
    public var plainText: String {
        if elements.count == 1, case .text(let text) = elements[0] { return text }
        // Codes with no text inside (a web page's tags): the runs copied into one string at
        // once, not appended one by one (a unit of a page has a run between each two codes).
        var length = 0
        for element in elements {
            switch element {
            case .text(let text): length += text.utf8.count
            case .code(let code) where code.hasTextInside: return builtPlainText()
            case .code: continue
            }
        }
        guard length > 0 else { return "" }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var at = 0
            for case .text(var text) in elements {
                text.withUTF8 { utf8 in
                    guard let source = utf8.baseAddress else { return }
                    (buffer.baseAddress! + at).initialize(from: source, count: utf8.count)
                    at += utf8.count
                }
            }
            return at
        }
    }

    private func builtPlainText() -> String {
        var result = ""
        appendPlainText(to: &result)
        return result
    }

    func appendPlainText(to result: inout String) {
        for element in elements {
            switch element {
            case .text(let text): result += text
            case .code(let code):
                switch code.kind {
                case .hi, .sub: code.content.appendPlainText(to: &result)
                default:
                    for case .code(let sub) in code.content.elements where sub.kind == .sub {
                        sub.content.appendPlainText(to: &result)
                    }
                }
            }
        }
    }

    /// Whether any inline code occurs.
    public var hasInlineCodes: Bool {
        elements.contains { if case .code = $0 { true } else { false } }
    }

    /// Every code, nested ones included, depth first.
    public var allCodes: [InlineCode] {
        var result: [InlineCode] = []
        func visit(_ content: SegmentContent) {
            for case .code(let code) in content.elements {
                result.append(code)
                visit(code.content)
            }
        }
        visit(self)
        return result
    }
}

/// One language's version of a unit (TMX `tuv`).
public struct Variant: Sendable, Hashable {
    /// The variant's language, from `xml:lang` (or `lang` in older TMX).
    public var language: LanguageTag
    /// Attributes other than the language (`creationdate`, `changeid`, `usagecount`, …), in order.
    public var attributes: [Attribute]
    /// The variant's `prop` elements, in document order.
    public var properties: [Property]
    /// The variant's `note` elements, in document order.
    public var notes: [Note]
    /// The segment (`seg`): text and inline codes.
    public var content: SegmentContent

    /// A variant in `language` holding `content`, with no metadata unless given.
    public init(
        language: LanguageTag, content: SegmentContent, attributes: [Attribute] = [],
        properties: [Property] = [], notes: [Note] = []
    ) {
        self.language = language
        self.content = content
        self.attributes = attributes
        self.properties = properties
        self.notes = notes
    }

    /// A variant in `language` holding plain `text`, with no metadata.
    public init(language: LanguageTag, text: String) {
        self.init(language: language, content: SegmentContent(text: text))
    }
}

/// A translation unit: the same content in one or more languages, with its metadata.
public struct TranslationUnit: Sendable, Hashable {
    /// `tuid`, when the unit has one.
    public var id: String?
    /// Attributes other than `tuid` (`srclang`, `creationdate`, `usagecount`, …), in order.
    public var attributes: [Attribute]
    /// The unit's `prop` elements, in document order.
    public var properties: [Property]
    /// The unit's `note` elements, in document order.
    public var notes: [Note]
    /// The unit's variants (`tuv`), in document order.
    public var variants: [Variant]

    /// A unit with the given `tuid`, metadata and variants; each empty unless given.
    public init(
        id: String? = nil, attributes: [Attribute] = [], properties: [Property] = [], notes: [Note] = [],
        variants: [Variant] = []
    ) {
        self.id = id
        self.attributes = attributes
        self.properties = properties
        self.notes = notes
        self.variants = variants
    }

    /// The first variant in `language`.
    public func variant(_ language: LanguageTag) -> Variant? {
        variants.first { $0.language == language }
    }

    /// `srclang`, as written.
    public var sourceLanguage: String? { attributes[named: "srclang"] }
}
