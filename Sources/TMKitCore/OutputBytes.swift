import Foundation

/// Bytes written a few at a time, as a writer's output buffer (tmkit's XLIFF writer): an append
/// is a bounds check and a copy.
///
/// `[UInt8].append(contentsOf:)` costs about a hundred instructions however few the bytes (a
/// uniqueness check, then the collection's iterator); a writer makes a dozen appends a unit.
/// This buffer owns its memory alone (it cannot be copied), so nothing is checked but room. Its
/// appends are inlinable, so that a writer in another module pays no call for them.
public struct OutputBytes: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var used = 0

    /// An empty buffer with room for `capacity` bytes (it grows as needed).
    public init(capacity: Int = 256) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// How many bytes are written.
    @inlinable public var count: Int { used }

    /// Whether nothing is written.
    @inlinable public var isEmpty: Bool { used == 0 }

    /// Room for `more` bytes after those written: at least doubles, so appends cost amortized
    /// constant time.
    @usableFromInline
    mutating func grow(_ more: Int) {
        let needed = used + more
        guard needed > capacity else { return }
        let newCapacity = Swift.max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: used)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends `bytes`.
    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return }
        if used + n > capacity { grow(n) }
        (base + used).update(from: source, count: n)
        used += n
    }

    /// Appends the UTF-8 bytes of `literal`.
    @inlinable @inline(__always)
    public mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        if used == capacity { grow(1) }
        base[used] = byte
        used += 1
    }

    /// Appends the UTF-8 bytes of `string`.
    @inlinable
    public mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { append($0) }
    }

    /// Appends again the bytes written at `range` (within ``count``).
    public mutating func appendCopy(of range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= used)
        let n = range.count
        guard n > 0 else { return }
        if used + n > capacity { grow(n) }
        (base + used).update(from: base + range.lowerBound, count: n)  // the two never overlap
        used += n
    }

    /// Forgets the bytes written, keeping the room.
    public mutating func removeAll() {
        used = 0
    }

    /// Calls `body` with the bytes written.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: used))
    }
}
