/// A JSON value that keeps the order of object keys, so that what tmkit writes is
/// deterministic and what it reads keeps the order the file gave.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number as written (`12`, `-3.5e2`).
    case number(String)
    /// A string, its escapes decoded.
    case string(String)
    /// An array, its elements in order.
    case array([JSONValue])
    /// An object: its members in the order written, duplicate keys kept.
    case object([(String, JSONValue)])

    /// Whether both are the same kind with equal contents: numbers compare as written (`1` and
    /// `1.0` differ), objects member by member in order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// Hashes the compact JSON text, so equal values hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(serialized())
    }

    /// A number holding `number` in decimal digits.
    public init(_ number: Int) { self = .number(String(number)) }

    /// The value of `key` in an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// The text of a `.string`; `nil` for every other kind of value.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    // MARK: Writing

    /// Compact JSON (no spaces, no line breaks), keys in order.
    public func serialized() -> String {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the value's compact JSON text to `output`.
    public func write(to output: inout String) {
        output += serialized()
    }

    /// Appends the value's JSON text to `output` as UTF-8.
    public func write(to output: inout [UInt8]) {
        switch self {
        case .null: Self.append("null", to: &output)
        case .bool(let value): Self.append(value ? "true" : "false", to: &output)
        case .number(let value):
            var value = value
            value.withUTF8 { output.append(contentsOf: $0) }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output.append(0x5B)  // [
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(0x2C) }
                value.write(to: &output)
            }
            output.append(0x5D)
        case .object(let pairs):
            output.append(0x7B)  // {
            for (index, pair) in pairs.enumerated() {
                if index > 0 { output.append(0x2C) }
                Self.writeString(pair.0, to: &output)
                output.append(0x3A)
                pair.1.write(to: &output)
            }
            output.append(0x7D)
        }
    }

    private static func append(_ literal: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// `string` as a JSON string literal: quote, backslash and control characters escaped.
    public static func writeString(_ string: String, to output: inout String) {
        var bytes: [UInt8] = []
        writeString(string, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// `value` in decimal, appended to `output` as ASCII digits (the text `String(value)`
    /// gives, with no string made).
    public static func writeInteger(_ value: Int, to output: inout [UInt8]) {
        var magnitude = value.magnitude
        if value < 0 { output.append(0x2D) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            repeat {
                digits[19 - count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    /// `string` as a JSON string literal, appended to `output` as UTF-8.
    public static func writeString(_ string: String, to output: inout [UInt8]) {
        var string = string
        string.withUTF8 { writeString(utf8: $0, to: &output) }
    }

    /// The valid UTF-8 `bytes` as a JSON string literal, appended to `output`.
    public static func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(0x22)
        var from = 0
        var i = 0
        let count = bytes.count
        while i < count {
            // Eight bytes at a time while none is a control character, a quote or a backslash.
            while i + 8 <= count, let base = bytes.baseAddress {
                let chunk = ASCIIChunk.load(base + i)
                if ASCIIChunk.inRange(chunk, 0x00...0x1F) | ASCIIChunk.anyEqual(chunk, 0x22) | ASCIIChunk.anyEqual(chunk, 0x5C) != 0 { break }
                i &+= 8
            }
            guard i < count else { break }
            let byte = bytes[i]
            defer { i += 1 }
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<i]))
            from = i + 1
            output.append(0x5C)
            switch byte {
            case 0x22, 0x5C: output.append(byte)
            case 0x0A: output.append(0x6E)  // n
            case 0x0D: output.append(0x72)  // r
            case 0x09: output.append(0x74)  // t
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])  // u00XX
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from...]))
        output.append(0x22)
    }

    // MARK: Reading

    /// A JSON text that cannot be parsed; `column` counts Unicode scalars from 1.
    public struct ParseError: Error, Sendable, Equatable {
        /// What is wrong, in one line (`expected : after a key`).
        public var message: String
        /// Where the parser stopped: a 1-based column in Unicode scalars.
        public var column: Int
    }

    /// Parses one JSON value (surrounding whitespace allowed).
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var parser = _JSONParser(bytes: Array(text.utf8))
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }
}

/// A JSON reader over bytes, for ``JSONValue/parse(_:)`` and for readers of one known shape that
/// pull values without building a tree (the document skeleton).
package struct _JSONParser {
    package let bytes: [UInt8]
    package var position = 0
    /// A string with escapes is decoded here, kept between strings (no allocation each).
    private var unescaped: [UInt8] = []

    package init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next byte after whitespace, not consumed; nil at the end.
    package mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Consumes `byte` (after whitespace) or throws `message`.
    package mutating func expect(_ byte: UInt8, _ message: String) throws(JSONValue.ParseError) {
        guard peek() == byte else { throw error(message) }
        position += 1
    }

    /// After an item of an array or object: true when another follows (a comma, consumed),
    /// false at `close` (consumed).
    package mutating func more(closing close: UInt8) throws(JSONValue.ParseError) -> Bool {
        switch peek() {
        case 0x2C: position += 1; return true
        case close?: position += 1; return false
        default: throw error(close == 0x5D ? "expected , or ] in an array" : "expected , or } in an object")
        }
    }

    /// Reads an object whose `{` is next (after whitespace), handing each member's key to
    /// `member`, which reads the value. Errors are the parser's, or what `member` throws.
    package mutating func forEachMember(_ member: (inout _JSONParser, String) throws -> Void) throws {
        try expect(0x7B, "expected an object")
        if peek() == 0x7D {
            position += 1
            return
        }
        repeat {
            guard peek() == 0x22 else { throw error("expected a key in quotes") }
            let key = try string()
            try expect(0x3A, "expected : after a key")
            try member(&self, key)
        } while try more(closing: 0x7D)
    }

    package func error(_ message: String) -> JSONValue.ParseError {
        var column = 1
        for byte in bytes[0..<min(position, bytes.count)] where byte & 0xC0 != 0x80 { column += 1 }
        return JSONValue.ParseError(message: message, column: column)
    }

    package mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    package mutating func value(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        guard depth < 512 else { throw error("nested too deeply") }
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of line") }
        switch bytes[position] {
        case 0x7B: return try object(depth: depth)
        case 0x5B: return try array(depth: depth)
        case 0x22: return .string(try string())
        case 0x74: return try literal("true", .bool(true))
        case 0x66: return try literal("false", .bool(false))
        case 0x6E: return try literal("null", .null)
        case 0x2D, 0x30...0x39: return try number()
        default: throw error("unexpected character")
        }
    }

    mutating func literal(_ word: String, _ value: JSONValue) throws(JSONValue.ParseError) -> JSONValue {
        let utf8 = Array(word.utf8)
        guard position + utf8.count <= bytes.count, Array(bytes[position..<(position + utf8.count)]) == utf8 else {
            throw error("unexpected character")
        }
        position += utf8.count
        return value
    }

    /// The integer next (after whitespace) when it is written plainly (`-12`, `7`: no fraction,
    /// no exponent, at most 18 digits), consumed; nil, with nothing consumed, for anything else.
    package mutating func plainInteger() -> Int? {
        guard let first = peek(), first == 0x2D || (first >= 0x30 && first <= 0x39) else { return nil }
        var index = position
        let negative = first == 0x2D
        if negative { index += 1 }
        var value = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
            digits += 1
        }
        guard digits > 0, digits <= 18 else { return nil }
        if index < bytes.count, bytes[index] == 0x2E || bytes[index] | 0x20 == 0x65 { return nil }
        position = index
        return negative ? -value : value
    }

    package mutating func number() throws(JSONValue.ParseError) -> JSONValue {
        let start = position
        if bytes[position] == 0x2D { position += 1 }
        var digits = 0
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            position += 1
            digits += 1
        }
        guard digits > 0 else { throw error("a number needs digits") }
        if position < bytes.count, bytes[position] == 0x2E {
            position += 1
            var fraction = 0
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                position += 1
                fraction += 1
            }
            guard fraction > 0 else { throw error("a number needs digits after the point") }
        }
        if position < bytes.count, bytes[position] | 0x20 == 0x65 {
            position += 1
            if position < bytes.count, bytes[position] == 0x2B || bytes[position] == 0x2D { position += 1 }
            var exponent = 0
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                position += 1
                exponent += 1
            }
            guard exponent > 0 else { throw error("a number needs digits in its exponent") }
        }
        return .number(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    package mutating func string() throws(JSONValue.ParseError) -> String {
        position += 1  // opening quote
        // Most strings have no escape: one slice.
        var end = position
        while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C, bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == 0x22 {
            defer { position = end + 1 }
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[position..<end]), as: UTF8.self) }
        }
        var output = unescaped
        unescaped = []
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: bytes[position..<end])
        defer { unescaped = output }
        position = end
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case 0x22:
                position += 1
                return String(decoding: output, as: UTF8.self)
            case 0x5C:
                guard position + 1 < bytes.count else { throw error("unfinished escape") }
                let escape = bytes[position + 1]
                position += 2
                switch escape {
                case 0x22: output.append(0x22)
                case 0x5C: output.append(0x5C)
                case 0x2F: output.append(0x2F)
                case 0x62: output.append(0x08)
                case 0x66: output.append(0x0C)
                case 0x6E: output.append(0x0A)
                case 0x72: output.append(0x0D)
                case 0x74: output.append(0x09)
                case 0x75:
                    var scalar = try hex4()
                    if scalar >= 0xD800, scalar <= 0xDBFF {
                        guard position + 1 < bytes.count, bytes[position] == 0x5C, bytes[position + 1] == 0x75 else {
                            throw error("a lone surrogate in \\u escape")
                        }
                        position += 2
                        let low = try hex4()
                        guard low >= 0xDC00, low <= 0xDFFF else { throw error("a lone surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                        throw error("a lone surrogate in \\u escape")
                    }
                    output.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
                default:
                    position -= 1
                    throw error("unknown escape")
                }
            case 0x00..<0x20:
                throw error("a control character inside a string; escape it")
            default:
                output.append(byte)
                position += 1
            }
        }
        throw error("a string is never closed")
    }

    mutating func hex4() throws(JSONValue.ParseError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("\\u needs four hex digits") }
        var value: UInt32 = 0
        for byte in bytes[position..<(position + 4)] {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("\\u needs four hex digits")
            }
            value = value * 16 + digit
        }
        position += 4
        return value
    }

    mutating func array(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        position += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == 0x5D {
            position += 1
            return .array(values)
        }
        while true {
            values.append(try value(depth: depth + 1))
            if try closes(0x5D, "an array") { return .array(values) }
        }
    }

    /// After a member of an array or object: true at its closing bracket `close`, false at a
    /// comma (either is consumed); anything else is an error about `container`.
    private mutating func closes(_ close: UInt8, _ container: String) throws(JSONValue.ParseError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw error("\(container) is never closed") }
        let byte = bytes[position]
        guard byte == 0x2C || byte == close else {
            throw error("expected , or \(close == 0x5D ? "]" : "}") in \(container)")
        }
        position += 1
        return byte == close
    }

    mutating func object(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        position += 1
        var pairs: [(String, JSONValue)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == 0x7D {
            position += 1
            return .object(pairs)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == 0x22 else { throw error("expected a key in quotes") }
            let key = try string()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == 0x3A else { throw error("expected : after a key") }
            position += 1
            pairs.append((key, try value(depth: depth + 1)))
            if try closes(0x7D, "an object") { return .object(pairs) }
        }
    }
}
