/// A trie's edges, (node << 32 | label) → child, in one open-addressed table: the term matcher
/// looks an edge up for every word (`Dictionary`'s seeded hashing was a tenth of it), the match
/// tokenizer for every Korean word's last syllables.
/// Each slot holds the edge and its child side by side (one cache line a probe).
@_spi(Internals) public struct EdgeTable: Sendable {
    @usableFromInline struct Slot: Sendable, BitwiseCopyable {
        @usableFromInline var key: UInt64
        @usableFromInline var value: Int32

        @usableFromInline init(key: UInt64, value: Int32) {
            self.key = key
            self.value = value
        }
    }
    @usableFromInline var slots: [Slot]
    @usableFromInline let shift: UInt64

    /// An empty table for up to `capacity` edges (at most half full).
    public init(capacity: Int) {
        var size = 16, bits: UInt64 = 4
        while size < capacity * 2 {
            size *= 2
            bits += 1
        }
        slots = Array(repeating: Slot(key: UInt64.max, value: 0), count: size)  // never an edge: nodes are below 2^31
        shift = 64 - bits
    }

    /// The child at `key`, or `next` when there is none yet, which is then added. The table
    /// must have been made for at least as many edges as are added.
    @inlinable
    public mutating func child(_ key: UInt64, orInsert next: Int32) -> Int32 {
        let mask = slots.count - 1
        var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while slots[slot].key != UInt64.max {
            if slots[slot].key == key { return slots[slot].value }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(key: key, value: next)
        return next
    }

    /// The child at `key`, nil when there is none.
    @inlinable @inline(__always)
    public subscript(key: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { Self.child(key, in: $0, shift: shift) }
    }

    /// The child at `key` in `slots` (a table's, or a ``Reader``'s copy), nil when there is none.
    @inlinable @inline(__always)
    static func child(_ key: UInt64, in slots: UnsafeBufferPointer<Slot>, shift: UInt64) -> Int32? {
        let mask = slots.count - 1
        var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let found = slots[slot]
            if found.key == key { return found.value }
            if found.key == UInt64.max { return nil }
            slot = (slot + 1) & mask
        }
    }
}
