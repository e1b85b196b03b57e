/// A record of a TSV or CSV file: its fields, and the 1-based line it starts on.
public struct TableRow: Sendable, Hashable {
    /// The 1-based line the record starts on (a CSV record with quoted line breaks spans more).
    public var line: Int
    /// The fields in order, with TSV escapes decoded or CSV quotes removed.
    public var fields: [String]

    /// A row of `fields` that starts on 1-based `line`.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// Whether the row has no text at all (an empty line).
    public var isEmpty: Bool { fields.allSatisfy(\.isEmpty) }
}

/// A TSV or CSV input that breaks the format, with its file and line.
public struct TableError: TMKitError, Equatable {
    /// What is wrong, in one line, without the location.
    public var message: String
    /// The input as the user named it, or `nil`.
    public var file: String?
    /// The 1-based line of the problem.
    public var line: Int
    /// The 1-based column, in Unicode scalars, when known.
    public var column: Int?

    /// An error at `line` (and `column`, when known) of `file`.
    public init(_ message: String, file: String? = nil, line: Int, column: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// The file, line and column, as the `FILE:LINE:COLUMN` prefix shows them.
    public var location: SourceLocation? { SourceLocation(file: file, line: line, column: column) }
}

/// Tab-separated values as translation tools write them: one record a line (LF, CRLF or CR),
/// fields separated by tabs, and inside a field `\t`, `\n`, `\r` and `\\` stand for a tab, a
/// line feed, a carriage return and a backslash. No header.
public enum TSV {
    /// Calls `body` with each line's fields, in order (empty lines included, as one empty field).
    /// With `escapes: false` a backslash is an ordinary character (OmegaT's glossary files).
    public static func forEachRow(
        in document: TextDocument, file: String? = nil, escapes: Bool = true, _ body: (TableRow) throws -> Void
    ) throws {
        try document.utf8.withUnsafeBufferPointer { bytes throws in
            _ = try forEachRow(in: bytes, range: 0..<bytes.count, firstLine: 1, file: file, escapes: escapes, body)
        }
    }

    /// Calls `body` with each row of the UTF-8 `bytes[range]`, numbering lines from `firstLine`;
    /// returns the number of rows. `range` starts at a line's start and ends at a line's end or
    /// the input's (never between a CR and its LF, which would count an empty row more).
    @discardableResult
    public static func forEachRow(
        in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, firstLine: Int, file: String? = nil, escapes: Bool = true,
        _ body: (TableRow) throws -> Void
    ) throws -> Int {
        let end = range.upperBound
        var line = firstLine
        var fields: [String] = []
        // A field's bytes are taken from the input as they stand; only a field with escapes
        // is built up in `escaped` (empty for any other field).
        var fieldStart = range.lowerBound
        var escaped: [UInt8] = []
        var i = range.lowerBound
        func endField(at end: Int) {
            let raw = UnsafeBufferPointer(rebasing: bytes[fieldStart..<end])
            if !escaped.isEmpty {
                escaped.append(contentsOf: raw)
                fields.append(String(decoding: escaped, as: UTF8.self))
                escaped.removeAll(keepingCapacity: true)
            } else {
                fields.append(String(decoding: raw, as: UTF8.self))
            }
        }
        func endRecord(at end: Int) throws {
            endField(at: end)
            try body(TableRow(line: line, fields: fields))
            fields.removeAll(keepingCapacity: true)
            line += 1
        }
        while i < end {
            switch bytes[i] {
            case 0x09:
                endField(at: i)
                fieldStart = i + 1
            case 0x0A:
                try endRecord(at: i)
                fieldStart = i + 1
            case 0x0D:
                try endRecord(at: i)
                if i + 1 < end, bytes[i + 1] == 0x0A { i += 1 }
                fieldStart = i + 1
            case 0x5C where escapes:
                guard i + 1 < end else {
                    throw TableError("a backslash ends the line; write \\\\ for a backslash", file: file, line: line)
                }
                let decoded: UInt8
                switch bytes[i + 1] {
                case 0x74: decoded = 0x09
                case 0x6E: decoded = 0x0A
                case 0x72: decoded = 0x0D
                case 0x5C: decoded = 0x5C
                default:
                    let escape = String(decoding: UnsafeBufferPointer(rebasing: bytes[i...(i + 1)]), as: UTF8.self)
                    throw TableError("unknown escape \(escape); write \\\\ for a backslash", file: file, line: line)
                }
                escaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fieldStart..<i]))
                escaped.append(decoded)
                i += 1
                fieldStart = i + 1
            default:
                break
            }
            i += 1
        }
        if fieldStart < end || !escaped.isEmpty || !fields.isEmpty { try endRecord(at: end) }
        return line - firstLine
    }

    /// `field` with tabs, line breaks and backslashes escaped.
    public static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x5C }) else { return field }
        var result = ""
        result.reserveCapacity(field.utf8.count + 8)
        for character in field.unicodeScalars {
            switch character {
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\\": result += "\\\\"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

/// Comma-separated values as RFC 4180 defines them: records end with CRLF (LF and CR are
/// accepted), fields holding a comma, a quote or a line break are quoted, and a quote inside
/// a quoted field is doubled.
public enum CSV {
    /// Calls `body` with each record's fields, in order; `line` is where the record starts.
    public static func forEachRow(
        in document: TextDocument, file: String? = nil, _ body: (TableRow) throws -> Void
    ) throws {
        let bytes = document.utf8
        var line = 1
        var recordLine = 1
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false       // inside a quoted field
        var wasQuoted = false    // the current field was quoted and has closed
        var quoteLine = 1
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() throws {
            endField()
            try body(TableRow(line: recordLine, fields: fields))
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        quoted = false
                        wasQuoted = true
                    }
                } else {
                    if byte == 0x0A || (byte == 0x0D && !(i + 1 < bytes.count && bytes[i + 1] == 0x0A)) { line += 1 }
                    field.append(byte)
                }
                i += 1
                continue
            }
            switch byte {
            case 0x2C:
                endField()
            case 0x0A, 0x0D:
                if byte == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                try endRecord()
                line += 1
                recordLine = line
            case 0x22:
                guard field.isEmpty, !wasQuoted else {
                    throw TableError("a quote inside an unquoted field; quote the field and double the quote",
                                     file: file, line: line)
                }
                quoted = true
                quoteLine = line
            default:
                if wasQuoted {
                    throw TableError("text after the closing quote of a field", file: file, line: line)
                }
                field.append(byte)
            }
            i += 1
        }
        if quoted { throw TableError("a quoted field is never closed", file: file, line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { try endRecord() }
    }

    /// `field` quoted when it holds a comma, a quote, a line break, or space at either end.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        var result = "\""
        for character in field {
            if character == "\"" { result += "\"\"" } else { result.append(character) }
        }
        return result + "\""
    }
}
