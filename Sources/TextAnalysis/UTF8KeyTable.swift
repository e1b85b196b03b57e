#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strings to small integers, hashed and compared by their UTF-8 bytes: Swift's `String`
/// hashing normalizes (NFC) every non-ASCII key, which made Korean lookups the matcher's main
/// cost. Terms and words are normalized (``TextKey``) before they get here, so bytes suffice.
/// Open addressing over one flat array of slots, each holding a key's hash beside its id: a
/// word that is no key (most words of a text) is told apart in the one cache line of its slot,
/// and the key's bytes are compared only when the hashes agree.
@_spi(Internals) public struct UTF8KeyTable: Sendable {
    /// Every key's bytes, one after another; key `id` is `storage[starts[id]..<starts[id + 1]]`.
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var starts: [Int32] = [0]
    /// hash << 32 | (id + 1) of the key in each slot, 0 for an empty slot; the count is a power of two.
    @usableFromInline var slots: [UInt64] = Array(repeating: 0, count: 16)
    /// One bit for each value of a hash's top 18 bits, set when a key has it (32 KB): most words
    /// of a text are no key, and most of those are told so here, in a table that stays in the
    /// core's cache, without a probe into `slots`.
    @usableFromInline var filter = [UInt64](repeating: 0, count: 1 << 12)
    // Ids run from 0 to count - 1.
    @usableFromInline var keyCount = 0
    /// How many keys the table holds.
    public var count: Int { keyCount }

    /// An empty table.
    public init() {}

    /// FNV-1a of the bytes (with `lowercasing`, of the bytes with ASCII capitals in lower case:
    /// an ASCII word hashes as its key), folded to 32 bits.
    @inlinable @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, lowercasing: Bool = false) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            let byte = lowercasing && byte &- 0x41 < 26 ? byte | 0x20 : byte
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// The id of `key`, added with the next id when new.
    public mutating func insert(_ key: String) -> Int32 {
        var key = key
        return key.withUTF8 { insert(bytes: $0) }
    }

    /// The id of the key `bytes`, added when new.
    @inlinable
    public mutating func insert(bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        if let id = find(bytes, hash: hash) { return id }
        let id = Int32(keyCount)
        storage.append(contentsOf: bytes)
        starts.append(Int32(storage.count))
        keyCount += 1
        if keyCount * 2 > slots.count {
            let old = slots
            slots = Array(repeating: 0, count: slots.count * 2)
            for slot in old where slot != 0 { place(slot) }
        }
        place(UInt64(hash) << 32 | UInt64(id + 1))
        filter[Int(hash >> 20)] |= 1 << UInt64(hash >> 14 & 63)
        return id
    }

    @inlinable
    mutating func place(_ entry: UInt64) {
        let mask = slots.count - 1
        var slot = Int(entry >> 32) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    /// The id of `key`, nil when the table does not hold it.
    public subscript(key: String) -> Int32? {
        var key = key
        return key.withUTF8 { self[bytes: $0] }
    }

    /// The id of the key `bytes`, nil when the table does not hold it.
    @inlinable @inline(__always)
    public subscript(bytes bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        find(bytes, hash: Self.hash(bytes))
    }

    /// Whether the table may hold the lower-case key of the ASCII `word` (false: it holds no
    /// such key), told from the word's hash and the filter, with no key written.
    @inlinable @inline(__always)
    public func mayContain(lowercasing word: UnsafeBufferPointer<UInt8>) -> Bool {
        mayContain(Self.hash(word, lowercasing: true))
    }

    @inlinable @inline(__always)
    func mayContain(_ hash: UInt32) -> Bool {
        filter.withUnsafeBufferPointer { $0[Int(hash >> 20)] & 1 << UInt64(hash >> 14 & 63) != 0 }
    }

    @inlinable @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
        guard mayContain(hash) else { return nil }
        return slots.withUnsafeBufferPointer { slots in
            starts.withUnsafeBufferPointer { starts in
                storage.withUnsafeBufferPointer { storage in
                    Self.find(bytes, hash: hash, slots: slots, starts: starts, storage: storage)
                }
            }
        }
    }

    /// The id of `bytes` (whose hash is `hash`) in a table's arrays (its own, or a ``Reader``'s
    /// copies), nil when it holds no such key.
    @inlinable @inline(__always)
    static func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32, slots: UnsafeBufferPointer<UInt64>,
                     starts: UnsafeBufferPointer<Int32>, storage: UnsafeBufferPointer<UInt8>) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let id = Int(UInt32(truncatingIfNeeded: entry)) - 1
                let from = Int(starts[id]), to = Int(starts[id + 1])
                if to - from == bytes.count
                    && (bytes.isEmpty || memcmp(storage.baseAddress! + from, bytes.baseAddress!, bytes.count) == 0) {
                    return Int32(id)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with the bytes of the key `id` (0 ..< ``count``).
    @inlinable
    public func withKey<Result>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBufferPointer { storage in
            try body(UnsafeBufferPointer(rebasing: storage[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])]))
        }
    }
}
