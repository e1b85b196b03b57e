/// A word packed into two machine words, ASCII letters folded to lower case, so that rule
/// tables can be probed straight from the UTF-8 bytes of a document.
struct _WordKey: Hashable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    static let maximumLength = 16

    /// Packs `text[range]`; `nil` when it is empty or longer than 16 bytes (no table word is).
    @inline(__always)
    init?(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !range.isEmpty, range.count <= Self.maximumLength else { return nil }
        var shift: UInt64 = 0
        for i in range {
            var byte = text[i]
            if byte &- 0x41 < 26 { byte |= 0x20 }
            if shift < 64 {
                low |= UInt64(byte) << shift
            } else {
                high |= UInt64(byte) << (shift - 64)
            }
            shift += 8
        }
    }

    init?(_ word: String) {
        let bytes = Array(word.utf8)
        guard let key = bytes.withUnsafeBufferPointer({ _WordKey($0, 0..<$0.count) }) else { return nil }
        self = key
    }
}
