/// Byte-level whitespace classification over UTF-8, shared by every module that trims or
/// collapses text without building `String`s first.
public enum Whitespace {
    /// The length in bytes of the whitespace character starting at `i` (0 if there is none).
    /// Whitespace here is Unicode White_Space: ASCII spaces and controls, NEL, no-break
    /// space, Ogham space, U+2000–U+200A, line and paragraph separators, U+202F, U+205F and
    /// the ideographic space U+3000.
    @inlinable @inline(__always)
    public static func length(at i: Int, in p: UnsafeBufferPointer<UInt8>) -> Int {
        let b = p[i]
        if b < 0x80 { return (b == 0x20 || (b >= 0x09 && b <= 0x0D)) ? 1 : 0 }
        // Only C2 (NEL, no-break space), E1 (Ogham space), E2 (U+2000 block) and E3 (U+3000)
        // start whitespace: letters such as Hangul (EA–ED) are answered here.
        guard b == 0xC2 || (b >= 0xE1 && b <= 0xE3) else { return 0 }
        return nonASCIILength(at: i, in: p)
    }

    /// Writes `p` into `out` (room for `p.count` bytes) with every whitespace run made one space
    /// and both ends trimmed; returns the number of bytes written.
    @inlinable
    public static func collapse(_ p: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = 0
        var pendingSpace = false
        var i = 0
        while i < p.count {
            let space = length(at: i, in: p)
            if space > 0 {
                pendingSpace = n > 0
                i += space
                continue
            }
            if pendingSpace {
                out[n] = 0x20
                n += 1
                pendingSpace = false
            }
            out[n] = p[i]
            n += 1
            i += 1
        }
        return n
    }

    @usableFromInline
    static func nonASCIILength(at i: Int, in p: UnsafeBufferPointer<UInt8>) -> Int {
        let n = p.count
        switch p[i] {
        case 0xC2:
            if i + 1 < n, p[i + 1] == 0xA0 || p[i + 1] == 0x85 { return 2 }
        case 0xE1:
            if i + 2 < n, p[i + 1] == 0x9A, p[i + 2] == 0x80 { return 3 }
        case 0xE2:
            guard i + 2 < n else { return 0 }
            let b1 = p[i + 1], b2 = p[i + 2]
            if b1 == 0x80, b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF { return 3 }
            if b1 == 0x81, b2 == 0x9F { return 3 }
        case 0xE3:
            if i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0x80 { return 3 }
        default:
            break
        }
        return 0
    }

    /// The whitespace run starting at `i` (before `end`): where it ends, and whether it holds
    /// a line break.
    public static func run(at i: Int, in p: UnsafeBufferPointer<UInt8>, end: Int) -> (end: Int, hasLineBreak: Bool) {
        var i = i
        var hasLineBreak = false
        while i < end {
            let length = length(at: i, in: p)
            if length == 0 { break }
            if isLineBreak(at: i, in: p) { hasLineBreak = true }
            i += length
        }
        return (i, hasLineBreak)
    }

    /// Whether the whitespace character at `i` breaks a line: LF, CR, VT, FF, NEL, U+2028, U+2029.
    @inlinable @inline(__always)
    public static func isLineBreak(at i: Int, in p: UnsafeBufferPointer<UInt8>) -> Bool {
        let b = p[i]
        if b < 0x80 { return b >= 0x0A && b <= 0x0D }
        if b == 0xC2 { return i + 1 < p.count && p[i + 1] == 0x85 }
        return b == 0xE2 && i + 2 < p.count && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)
    }

    /// The range `range` without whitespace at either end.
    @inlinable
    public static func trimmed(_ range: Range<Int>, in p: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper {
            let length = length(at: lower, in: p)
            if length == 0 { break }
            lower += length
        }
        while upper > lower {
            // Step back one scalar, then test it.
            var start = upper - 1
            while start > lower && p[start] & 0xC0 == 0x80 { start -= 1 }
            if length(at: start, in: p) == 0 { break }
            upper = start
        }
        return lower..<upper
    }

    /// The text of `p`, trimmed, with every whitespace run that holds a line break made one space.
    public static func collapsingLineBreaks(_ p: UnsafeBufferPointer<UInt8>) -> String {
        withLineBreaksCollapsed(p) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 of ``collapsingLineBreaks(_:)``: `p`'s own bytes when it
    /// has no line break inside (no copy, no string), else a collapsed copy.
    public static func withLineBreaksCollapsed<R>(_ p: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let range = trimmed(0..<p.count, in: p)
        // Fast path: no line break inside (LF, VT, FF, CR, NEL, U+2028/9), so the text is the bytes.
        var hasLineBreak = false
        var scan = range.lowerBound
        // Eight bytes at a time while none can start a line break (0x0A–0x0D, or the lead
        // bytes 0xC2 and 0xE2 of NEL, U+2028 and U+2029).
        while scan + 8 <= range.upperBound {
            let chunk = ASCIIChunk.load(p.baseAddress! + scan)
            if ASCIIChunk.inRange(chunk, 0x0A...0x0D) | ASCIIChunk.anyEqual(chunk, 0xC2) | ASCIIChunk.anyEqual(chunk, 0xE2) != 0 { break }
            scan += 8
        }
        for i in scan..<range.upperBound {
            let byte = p[i]
            if (byte &- 0x0A) < 4 || ((byte == 0xC2 || byte == 0xE2) && isLineBreak(at: i, in: p)) {
                hasLineBreak = true
                break
            }
        }
        if !hasLineBreak { return body(UnsafeBufferPointer(rebasing: p[range])) }
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let length = length(at: i, in: p)
            if length == 0 {
                output.append(p[i])
                i += 1
                continue
            }
            // A whitespace run: copy it unless it holds a line break.
            let runStart = i
            let hasLineBreak: Bool
            (i, hasLineBreak) = run(at: i, in: p, end: range.upperBound)
            if hasLineBreak {
                output.append(0x20)
            } else {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i]))
            }
        }
        return output.withUnsafeBufferPointer(body)
    }
}

extension StringProtocol {
    /// The text with every whitespace run made one space and both ends trimmed.
    public func collapsingWhitespace() -> String {
        var text = String(self)
        let original = text
        return text.withUTF8 { bytes -> String in
            // Read over the bytes (``Whitespace``'s White_Space set, the same as
            // `Unicode.Scalar.Properties.isWhitespace`): most texts have single spaces only and
            // come back as they are.
            var clean = true
            var i = 0
            var previousSpace = true  // a space at the start is to trim
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0x20 {
                    if previousSpace {
                        clean = false
                        break
                    }
                    previousSpace = true
                    i += 1
                    continue
                }
                // Other characters are passed over whole.
                if Whitespace.length(at: i, in: bytes) > 0 {
                    clean = false
                    break
                }
                previousSpace = false
                i += byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            }
            if clean, !previousSpace || bytes.isEmpty { return original }
            return String(unsafeUninitializedCapacity: bytes.count) { Whitespace.collapse(bytes, into: $0) }
        }
    }
}
