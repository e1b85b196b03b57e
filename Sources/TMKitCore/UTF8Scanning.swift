/// Scalar-level reading of valid UTF-8 in place, without building `String`s (segmentation's
/// rules and the fuzzy-match tokenizer read bytes through it).
extension UnsafeBufferPointer<UInt8> {
    /// The scalar starting at `i` and its length in bytes.
    @inlinable @inline(__always)
    package func scalar(at i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(self[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(self[i + 1]) & 0x3F, 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | (UInt32(self[i + 1]) & 0x3F) << 6 | UInt32(self[i + 2]) & 0x3F, 3)
        }
        let value = (b0 & 0x07) << 18 | (UInt32(self[i + 1]) & 0x3F) << 12
            | (UInt32(self[i + 2]) & 0x3F) << 6 | UInt32(self[i + 3]) & 0x3F
        return (value, 4)
    }

    /// The start of the scalar that ends at `i` (which must be > 0).
    @inlinable @inline(__always)
    package func scalarStart(before i: Int) -> Int {
        var start = i - 1
        while start > 0 && self[start] & 0xC0 == 0x80 { start -= 1 }
        return start
    }

    /// The scalar that ends at `i` and where it starts.
    @inlinable @inline(__always)
    package func scalar(before i: Int) -> (value: UInt32, start: Int) {
        let start = scalarStart(before: i)
        return (scalar(at: start).value, start)
    }
}

/// Eight bytes of text classified at once (SWAR): each function takes eight bytes loaded
/// little-endian (byte k in bits 8k..<8k+8) and returns 0x80 in the byte of each position
/// that qualifies, 0 elsewhere. Bytes of 0x80 and above (UTF-8 beyond ASCII) never qualify.
@_spi(Internals) public enum ASCIIChunk {
    @usableFromInline static let high: UInt64 = 0x8080_8080_8080_8080
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101

    /// The eight bytes at `pointer`, byte k in bits 8k..<8k+8 whatever the machine's order.
    @inlinable @inline(__always)
    @_spi(Internals) public static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// 0x80 where the byte is ASCII and at least `low` (`low` at most 0x80).
    @inlinable @inline(__always)
    static func atLeast(_ ascii: UInt64, _ low: UInt8) -> UInt64 {
        // Each byte is below 0x80, so (byte | 0x80) - low never borrows from the next one.
        ((ascii | high) &- ones &* UInt64(low)) & high
    }

    /// 0x80 where the byte is ASCII and within `range` (its bounds below 0x80).
    @inlinable @inline(__always)
    @_spi(Internals) public static func inRange(_ chunk: UInt64, _ range: ClosedRange<UInt8>) -> UInt64 {
        let x = chunk & ~high
        return atLeast(x, range.lowerBound) & ~atLeast(x, range.upperBound + 1) & ~chunk & high
    }

    /// Nonzero when some byte of the chunk equals `byte` (a byte after an equal one may be
    /// marked too: the answer "any" is exact, the positions are not).
    @inlinable @inline(__always)
    @_spi(Internals) public static func anyEqual(_ chunk: UInt64, _ byte: UInt8) -> UInt64 {
        let x = chunk ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & high
    }

    /// 0x80 where the byte is an ASCII letter or digit.
    @inlinable @inline(__always)
    @_spi(Internals) public static func lettersAndDigits(_ chunk: UInt64) -> UInt64 {
        let ascii = ~chunk & high  // 0x80 where the byte is ASCII
        let x = chunk & ~high
        let digit = atLeast(x, 0x30) & ~atLeast(x, 0x3A)
        let folded = x | ones &* 0x20
        let letter = atLeast(folded, 0x61) & ~atLeast(folded, 0x7B)
        return (digit | letter) & ascii
    }

    /// 0x80 where the byte is an ASCII capital letter.
    @inlinable @inline(__always)
    @_spi(Internals) public static func capitals(_ chunk: UInt64) -> UInt64 {
        let x = chunk & ~high
        return atLeast(x, 0x41) & ~atLeast(x, 0x5B) & ~chunk & high
    }
}
