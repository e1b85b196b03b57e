import TMKitCore

/// A TMX input that cannot be read: where, and in which unit.
public struct TMXError: TMKitError, Equatable {
    public enum Kind: String, Sendable, Hashable {
        /// Not well-formed XML (libxml2's message says why).
        case malformedXML
        /// Well-formed, but the root element is not `tmx`.
        case notTMX
        /// A unit TMX does not allow (no language, no `seg`, unpaired `bpt`/`ept`, …).
        case invalidUnit
        /// The file could not be opened or read.
        case unreadable
    }

    public var kind: Kind
    public var message: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// The 1-based number of the `tu` the error is in, when it is in one.
    public var unit: Int?

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, unit: Int? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.unit = unit
    }

    public var location: SourceLocation? {
        SourceLocation(file: file, line: line, column: column)
    }

    public var description: String {
        let place = location.map(\.description) ?? ""
        let inUnit = unit.map { " (unit \($0))" } ?? ""
        return place.isEmpty ? message + inUnit : "\(place): \(message)\(inUnit)"
    }
}

/// Something the reader passed over and tells about: a unit it skipped, an entity it did
/// not expand, an element TMX does not define. Nothing is dropped without one.
public struct TMXIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case skippedUnit = "skipped-unit"
        case unexpandedEntity = "unexpanded-entity"
        case unknownElement = "unknown-element"
        /// A recoverable XML error (namespace errors, undeclared entities): reading went on.
        case xmlProblem = "xml-problem"
        /// Read without loss, but not what TMX 1.4b allows (reported when checking conformance).
        case nonConforming = "non-conforming"
    }

    public var kind: Kind
    public var message: String
    public var line: Int
    public var column: Int
    /// The 1-based number of the `tu`, when the issue is in one.
    public var unit: Int?

    public init(kind: Kind, message: String, line: Int, column: Int, unit: Int?) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
        self.unit = unit
    }

    public var description: String {
        "\(line):\(column): \(message)" + (unit.map { " (unit \($0))" } ?? "")
    }
}
