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
