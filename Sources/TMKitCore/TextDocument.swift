/// How the bytes of a text input were encoded.
public enum TextEncoding: String, Sendable, Hashable {
    /// UTF-8 without a byte-order mark.
    case utf8 = "UTF-8"
    /// UTF-8 after the byte-order mark EF BB BF.
    case utf8WithBOM = "UTF-8 with BOM"
    /// UTF-16, little-endian, after the byte-order mark FF FE.
    case utf16LittleEndian = "UTF-16LE"
    /// UTF-16, big-endian, after the byte-order mark FE FF.
    case utf16BigEndian = "UTF-16BE"

    /// `text` in this encoding, with the byte-order mark the encoding's inputs carry (UTF-16
    /// is read only with one, so it is written with one).
    public func encode(_ text: some StringProtocol) -> [UInt8] {
        switch self {
        case .utf8: return Array(text.utf8)
        case .utf8WithBOM: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .utf16LittleEndian, .utf16BigEndian:
            var bytes: [UInt8] = self == .utf16LittleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
            bytes.reserveCapacity(2 + text.utf8.count * 2)
            for unit in text.utf16 {
                if self == .utf16LittleEndian {
                    bytes.append(UInt8(unit & 0xFF))
                    bytes.append(UInt8(unit >> 8))
                } else {
                    bytes.append(UInt8(unit >> 8))
                    bytes.append(UInt8(unit & 0xFF))
                }
            }
            return bytes
        }
    }
}

/// A text input that could not be decoded. `byteOffset` counts from the first byte of the
/// input as read (a byte-order mark included), so it matches what `xxd` or `od` show.
public struct TextDecodingError: TMKitError, Equatable {
    /// What was wrong with the bytes.
    public enum Kind: Sendable, Hashable {
        /// Bytes that are not valid UTF-8.
        case invalidUTF8
        /// Code units that are not valid UTF-16: an unpaired surrogate, or an odd byte at the end.
        case invalidUTF16
        /// UTF-16 without a byte-order mark, UTF-32, or another encoding tmkit does not read.
        case unsupportedEncoding(String)
    }

    /// What was wrong.
    public var kind: Kind
    /// The 0-based offset of the first bad byte, counted from the start of the input as read
    /// (byte-order mark included); 0 when the encoding as a whole is refused.
    public var byteOffset: Int
    /// The input as the user named it, or `nil`.
    public var file: String?

    /// An error of `kind` at `byteOffset` in `file`.
    public init(kind: Kind, byteOffset: Int, file: String? = nil) {
        self.kind = kind
        self.byteOffset = byteOffset
        self.file = file
    }

    /// The problem in one line, with the byte offset or the encoding found
    /// (`invalid UTF-8 at byte 12`).
    public var message: String {
        switch kind {
        case .invalidUTF8: "invalid UTF-8 at byte \(byteOffset)"
        case .invalidUTF16: "invalid UTF-16 at byte \(byteOffset)"
        case .unsupportedEncoding(let name): "unsupported encoding \(name); convert the file to UTF-8"
        }
    }

    /// The file and byte offset; `nil` when no file was named.
    public var location: SourceLocation? { file.map { SourceLocation(file: $0, byteOffset: byteOffset) } }
}

/// A decoded text document: its content as UTF-8 without a byte-order mark, and the
/// encoding it arrived in. Every offset tmkit reports is a byte offset into `utf8`.
public struct TextDocument: Sendable {
    /// The content as UTF-8, byte-order mark removed. Always valid UTF-8.
    public let utf8: [UInt8]
    /// The encoding the input arrived in.
    public let encoding: TextEncoding

    /// Decodes UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark.
    /// - Parameters:
    ///   - bytes: the whole text as read from its file.
    ///   - file: the name to put into errors.
    public init(decoding bytes: [UInt8], file: String? = nil) throws(TextDecodingError) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(bytes[3...])
            if let bad = UTF8Validation.firstInvalidByte(in: body) {
                throw TextDecodingError(kind: .invalidUTF8, byteOffset: bad + 3, file: file)
            }
            self.utf8 = body
            self.encoding = .utf8WithBOM
        } else if bytes.starts(with: [0xFF, 0xFE, 0, 0]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
            throw TextDecodingError(kind: .unsupportedEncoding("UTF-32"), byteOffset: 0, file: file)
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let bigEndian = bytes[0] == 0xFE
            do {
                self.utf8 = try UTF16Transcoding.utf8(fromUTF16: bytes, startingAt: 2, bigEndian: bigEndian)
            } catch {
                throw TextDecodingError(kind: .invalidUTF16, byteOffset: error.byteOffset, file: file)
            }
            self.encoding = bigEndian ? .utf16BigEndian : .utf16LittleEndian
        } else {
            if bytes.count >= 4, (bytes[0] == 0) != (bytes[1] == 0), (bytes[2] == 0) != (bytes[3] == 0),
               (bytes[0] == 0) == (bytes[2] == 0) {
                throw TextDecodingError(
                    kind: .unsupportedEncoding("UTF-16 without a byte-order mark"), byteOffset: 0, file: file)
            }
            if let bad = UTF8Validation.firstInvalidByte(in: bytes) {
                throw TextDecodingError(kind: .invalidUTF8, byteOffset: bad, file: file)
            }
            self.utf8 = bytes
            self.encoding = .utf8
        }
    }

    /// Takes `bytes` as UTF-8 without looking for a byte-order mark or another encoding: for a
    /// part of an input after its first bytes (EF BB BF there is U+FEFF; FF FE is invalid).
    public init(validatingUTF8 bytes: [UInt8], file: String? = nil) throws(TextDecodingError) {
        if let bad = UTF8Validation.firstInvalidByte(in: bytes) {
            throw TextDecodingError(kind: .invalidUTF8, byteOffset: bad, file: file)
        }
        self.utf8 = bytes
        self.encoding = .utf8
    }

    /// A document holding `text`, as if read from a UTF-8 file.
    public init(_ text: String) {
        self.utf8 = Array(text.utf8)
        self.encoding = .utf8
    }

    /// The raw text of a byte range (which must fall on scalar boundaries).
    public func string(in range: Range<Int>) -> String {
        utf8.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// The text of a byte range as a segment shows it: every whitespace run that contains a
    /// line break becomes one space, and whitespace at both ends is removed.
    public func collapsedText(in range: Range<Int>) -> String {
        utf8.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[range])
            return Whitespace.collapsingLineBreaks(slice)
        }
    }
}

package enum UTF8Validation {
    /// The offset of the first byte of the first ill-formed sequence, or `nil`.
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidByte(in: $0) }
    }

    package static func firstInvalidByte(in p: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = p.baseAddress else { return nil }
        let n = p.count
        var i = 0
        @inline(__always) func isContinuation(_ at: Int) -> Bool { at < n && p[at] & 0xC0 == 0x80 }
        while i < n {
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i &+= 8
            }
            guard i < n else { return nil }
            let b0 = p[i]
            if b0 < 0x80 {
                i &+= 1
            } else if b0 < 0xC2 {
                return i
            } else if b0 < 0xE0 {
                guard isContinuation(i + 1) else { return i }
                i &+= 2
            } else if b0 < 0xF5 {
                // Three or four bytes; the second byte's range rules out overlong forms,
                // surrogates (after ED) and code points above U+10FFFF (after F4).
                let length = b0 < 0xF0 ? 3 : 4
                guard i + 1 < n else { return i }
                let b1 = p[i + 1]
                let low: UInt8 = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80
                let high: UInt8 = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF
                guard b1 >= low, b1 <= high, isContinuation(i + 2), length == 3 || isContinuation(i + 3) else { return i }
                i &+= length
            } else {
                return i
            }
        }
        return nil
    }
}

enum UTF16Transcoding {
    struct Failure: Error { var byteOffset: Int }

    /// Transcodes UTF-16 code units (from byte `start`) to UTF-8.
    static func utf8(fromUTF16 bytes: [UInt8], startingAt start: Int, bigEndian: Bool) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count - start) * 3 / 2)
        var i = start
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
        }
        while i < bytes.count {
            guard i + 1 < bytes.count else { throw Failure(byteOffset: i) }
            var scalar = unit(i)
            let unitStart = i
            i += 2
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard i + 1 < bytes.count else { throw Failure(byteOffset: unitStart) }
                let low = unit(i)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw Failure(byteOffset: unitStart) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                i += 2
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw Failure(byteOffset: unitStart)
            }
            switch scalar {
            case 0..<0x80:
                output.append(UInt8(scalar))
            case 0x80..<0x800:
                output.append(UInt8(0xC0 | scalar >> 6))
                output.append(UInt8(0x80 | scalar & 0x3F))
            case 0x800..<0x10000:
                output.append(UInt8(0xE0 | scalar >> 12))
                output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                output.append(UInt8(0x80 | scalar & 0x3F))
            default:
                output.append(UInt8(0xF0 | scalar >> 18))
                output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
                output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                output.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return output
    }
}
