/// A place in an input: the file as the user named it, and where known a 1-based line and
/// column (column in Unicode scalars) and a 0-based byte offset.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The path as given on the command line, `<stdin>` for standard input, or `nil`.
    public var file: String?
    /// The 1-based line, or `nil` when unknown.
    public var line: Int?
    /// The 1-based column on that line, in Unicode scalars, or `nil` when unknown.
    public var column: Int?
    /// The 0-based byte offset from the start of the input, or `nil` when unknown.
    public var byteOffset: Int?

    /// A location made of the parts that are known; the others stay `nil`.
    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, byteOffset: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }

    /// `FILE:LINE:COLUMN`, leaving out the parts that are unknown.
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let line {
            parts.append(String(line))
            if let column { parts.append(String(column)) }
        }
        return parts.joined(separator: ":")
    }
}

/// The contract every tmkit module's typed errors follow: a one-line message, and where the
/// problem is when that is known. The command line prints `tmkit: LOCATION: MESSAGE`.
public protocol TMKitError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in one line, without the location.
    var message: String { get }
    /// Where it went wrong, when known.
    var location: SourceLocation? { get }
}

extension TMKitError {
    /// `LOCATION: MESSAGE`, or the message alone when the location is unknown.
    public var description: String {
        guard let location, !location.description.isEmpty else { return message }
        return "\(location): \(message)"
    }
}
