import TMKitCore

/// A user-defined encoding (`ude`) and its `map` entries, attributes in document order.
public struct UserDefinedEncoding: Sendable, Hashable {
    /// The `ude` element's attributes (`name`, `base`), in document order.
    public var attributes: [Attribute]
    /// The attributes of each `map` child (`unicode`, `code`, `ent`, `subst`), in document order.
    public var maps: [[Attribute]]

    /// A `ude` from its attributes and its `map` entries (none by default).
    public init(attributes: [Attribute], maps: [[Attribute]] = []) {
        self.attributes = attributes
        self.maps = maps
    }
}

/// The `tmx` element's version and the `header`: its attributes in document order, its
/// properties, notes and user-defined encodings.
public struct TMXHeader: Sendable, Hashable {
    /// The `version` attribute of `tmx` as written (`1.4`, `1.1`), `nil` when absent.
    public var version: String?
    /// The `header` element's attributes (`srclang`, `segtype`, `creationtool`, …), in document order.
    public var attributes: [Attribute]
    /// The header's `prop` elements, in document order.
    public var properties: [Property]
    /// The header's `note` elements, in document order.
    public var notes: [Note]
    /// The header's `ude` elements, in document order.
    public var userDefinedEncodings: [UserDefinedEncoding]

    /// A header from its parts; by default a TMX 1.4 header with no attributes and no content.
    public init(
        version: String? = "1.4", attributes: [Attribute] = [], properties: [Property] = [], notes: [Note] = [],
        userDefinedEncodings: [UserDefinedEncoding] = []
    ) {
        self.version = version
        self.attributes = attributes
        self.properties = properties
        self.notes = notes
        self.userDefinedEncodings = userDefinedEncodings
    }

    /// `srclang` as written: a language tag or `*all*`.
    public var sourceLanguage: String? {
        get { attributes[named: "srclang"] }
        set { attributes[named: "srclang"] = newValue }
    }

    /// A header for a new memory written by tmkit.
    public static func tmkit(sourceLanguage: String, segmentType: String = "sentence", dataType: String = "plaintext")
        -> TMXHeader
    {
        TMXHeader(attributes: [
            Attribute("segtype", segmentType), Attribute("adminlang", "en"),
            Attribute("srclang", sourceLanguage), Attribute("datatype", dataType),
        ])
    }
}
