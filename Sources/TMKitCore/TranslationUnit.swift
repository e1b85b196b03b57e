/// An XML attribute as found in the input, in document order: names are qualified
/// (`xml:lang`, `creationdate`), values are the decoded text.
public struct Attribute: Sendable, Hashable {
    public var name: String
    public var value: String

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
    public var value: String
    /// Other attributes (`xml:lang`, `o-encoding`), in document order.
    public var attributes: [Attribute]

    public init(type: String, value: String, attributes: [Attribute] = []) {
        self.type = type
        self.value = value
        self.attributes = attributes
    }
}

/// A note (`<note>Checked by the desk</note>`).
public struct Note: Sendable, Hashable {
    public var text: String
    /// Attributes (`xml:lang`, `o-encoding`), in document order.
    public var attributes: [Attribute]

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
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case bpt, ept, it, ph, hi, sub, ut
    }

    public var kind: Kind
    /// All attributes in document order (`i`, `x`, `type`, `pos`, `assoc`, `datatype`, …).
    public var attributes: [Attribute]
    public var content: SegmentContent

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

/// The content of a segment: text interleaved with inline codes.
public struct SegmentContent: Sendable, Hashable {
    public enum Element: Sendable, Hashable {
        case text(String)
        case code(InlineCode)
    }

    public var elements: [Element]

    public init(_ elements: [Element] = []) {
        self.elements = elements
    }

    public init(text: String) {
        self.elements = text.isEmpty ? [] : [.text(text)]
    }

    /// The translatable text: text runs, and the text inside `hi` and `sub`; native code left out.
    public var plainText: String {
        if elements.count == 1, case .text(let text) = elements[0] { return text }
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
    public var language: LanguageTag
    /// Attributes other than the language (`creationdate`, `changeid`, `usagecount`, …), in order.
    public var attributes: [Attribute]
    public var properties: [Property]
    public var notes: [Note]
    public var content: SegmentContent

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
    public var properties: [Property]
    public var notes: [Note]
    public var variants: [Variant]

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
