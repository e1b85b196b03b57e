import TMKitCore

/// A user-defined encoding (`ude`) and its `map` entries, attributes in document order.
public struct UserDefinedEncoding: Sendable, Hashable {
    public var attributes: [Attribute]
    public var maps: [[Attribute]]

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
    public var attributes: [Attribute]
    public var properties: [Property]
    public var notes: [Note]
    public var userDefinedEncodings: [UserDefinedEncoding]

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
