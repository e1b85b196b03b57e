import TMKitCore

/// A TMX input that cannot be read: where, and in which unit.
public struct TMXError: TMKitError, Equatable {
    /// Why the input cannot be read.
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

    /// What kind of failure this is.
    public var kind: Kind
    /// What went wrong, in one line, without the location.
    public var message: String
    /// The input's name (the path as given), filled in by the reader; `nil` for unnamed input.
    public var file: String?
    /// The 1-based line of the problem; `nil` when the input could not be read at all.
    public var line: Int?
    /// The 1-based column on that line, as libxml2 reports it; `nil` when `line` is.
    public var column: Int?
    /// The 1-based number of the `tu` the error is in, when it is in one.
    public var unit: Int?

    /// An error of `kind` with `message` and, where known, its file, line, column and unit.
    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, unit: Int? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.unit = unit
    }

    /// `file`, `line` and `column` together, for printing as `FILE:LINE:COLUMN`.
    public var location: SourceLocation? {
        SourceLocation(file: file, line: line, column: column)
    }

    /// `FILE:LINE:COLUMN: message` (unknown parts left out), then ` (unit N)` when in a unit.
    public var description: String {
        let place = location.map(\.description) ?? ""
        let inUnit = unit.map { " (unit \($0))" } ?? ""
        return place.isEmpty ? message + inUnit : "\(place): \(message)\(inUnit)"
    }
}

/// Something the reader passed over and tells about: a unit it skipped, an entity it did
/// not expand, an element TMX does not define. Nothing is dropped without one.
public struct TMXIssue: Sendable, Hashable, CustomStringConvertible {
    /// What was passed over.
    public enum Kind: String, Sendable, Hashable {
        /// A unit TMX does not allow, skipped (with ``TMXReader/Options/skipInvalid``).
        case skippedUnit = "skipped-unit"
        /// An entity reference left unexpanded (only predefined entities are expanded).
        case unexpandedEntity = "unexpanded-entity"
        /// An element (or text) where TMX allows none: ignored, or inside a `seg` its text kept.
        case unknownElement = "unknown-element"
        /// A recoverable XML error (namespace errors, undeclared entities): reading went on.
        case xmlProblem = "xml-problem"
        /// Read without loss, but not what TMX 1.4b allows (reported when checking conformance).
        case nonConforming = "non-conforming"
    }

    /// What kind of thing was passed over.
    public var kind: Kind
    /// What happened, in one line (e.g. `entity &nbsp; was not expanded`).
    public var message: String
    /// The 1-based line where the reader noticed it.
    public var line: Int
    /// The 1-based column on that line, as libxml2 reports it.
    public var column: Int
    /// The 1-based number of the `tu`, when the issue is in one.
    public var unit: Int?

    /// An issue of `kind` at `line`:`column`, in the 1-based unit `unit` when there is one.
    public init(kind: Kind, message: String, line: Int, column: Int, unit: Int?) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
        self.unit = unit
    }

    /// `LINE:COLUMN: message`, then ` (unit N)` when the issue is in a unit.
    public var description: String {
        "\(line):\(column): \(message)" + (unit.map { " (unit \($0))" } ?? "")
    }
}
