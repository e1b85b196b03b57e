#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory holding copies of arrays that no longer change, for read-only views shared by every
/// thread: a view is plain pointers, so a lookup through it touches no reference count.
///
/// Why: a lookup in a table held by a shared object (the term matcher) makes Swift retain and
/// release that object or the table's buffers around calls and closures. On two cores those
/// atomic counts bounce one cache line between them, and cost more than the lookup itself
/// (`perf`: 14% of `glossary annotate`'s cycles, for 3% of its instructions).
///
/// The views stay valid while the storage lives: keep it in the same object as the views.
@_spi(Internals) public final class FrozenStorage: @unchecked Sendable {
    // Written only while the owner is being built, then never: no lock is needed afterwards.
    private var blocks: [UnsafeMutableRawPointer] = []

    /// Storage holding nothing yet.
    public init() {}

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// A copy of `array` that lives as long as the storage.
    public func copy<Element: BitwiseCopyable>(_ array: [Element]) -> UnsafeBufferPointer<Element> {
        let copy = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(array.count, 1))
        _ = copy.initialize(from: array)
        blocks.append(UnsafeMutableRawPointer(copy.baseAddress!))
        return UnsafeBufferPointer(rebasing: copy[0..<array.count])
    }
}

extension UTF8KeyTable {
    /// The table's lookups through plain pointers into a ``FrozenStorage`` (see there): for a
    /// table that is complete, read by many threads.
    @frozen
    public struct Reader: @unchecked Sendable {
        @usableFromInline let storage: UnsafeBufferPointer<UInt8>
        @usableFromInline let starts: UnsafeBufferPointer<Int32>
        @usableFromInline let slots: UnsafeBufferPointer<UInt64>
        @usableFromInline let filter: UnsafeBufferPointer<UInt64>
        /// The number of keys.
        public let count: Int

        /// The id of `bytes`, nil when the table has no such key.
        @inlinable @inline(__always)
        public subscript(bytes bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
            let hash = UTF8KeyTable.hash(bytes)
            guard mayContain(hash) else { return nil }
            return UTF8KeyTable.find(bytes, hash: hash, slots: slots, starts: starts, storage: storage)
        }

        /// The id of `key`, nil when the table has no such key.
        public subscript(key: String) -> Int32? {
            var key = key
            return key.withUTF8 { self[bytes: $0] }
        }

        /// ``UTF8KeyTable/mayContain(lowercasing:)``.
        @inlinable @inline(__always)
        public func mayContain(lowercasing word: UnsafeBufferPointer<UInt8>) -> Bool {
            mayContain(UTF8KeyTable.hash(word, lowercasing: true))
        }

        @inlinable @inline(__always)
        func mayContain(_ hash: UInt32) -> Bool {
            filter[Int(hash >> 20)] & 1 << UInt64(hash >> 14 & 63) != 0
        }
    }

    /// A reader of the table as it is now, its arrays copied into `storage`.
    public func reader(in storage: FrozenStorage) -> Reader {
        Reader(storage: storage.copy(self.storage), starts: storage.copy(starts), slots: storage.copy(slots),
               filter: storage.copy(filter), count: keyCount)
    }
}

extension EdgeTable {
    /// The table's lookups through a plain pointer into a ``FrozenStorage`` (see there).
    @frozen
    public struct Reader: @unchecked Sendable {
        @usableFromInline let slots: UnsafeBufferPointer<Slot>
        @usableFromInline let shift: UInt64

        /// The child at `key`, nil when there is none.
        @inlinable @inline(__always)
        public subscript(key: UInt64) -> Int32? { EdgeTable.child(key, in: slots, shift: shift) }
    }

    /// A reader of the table as it is now, its slots copied into `storage`.
    public func reader(in storage: FrozenStorage) -> Reader {
        Reader(slots: storage.copy(slots), shift: shift)
    }
}
