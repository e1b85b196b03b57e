import Testing
@_spi(Internals) import TMKitCore
@_spi(Internals) @testable import TextAnalysis

/// Term words read ASCII letters and digits eight bytes at a time (`ASCIIChunk`); these tests
/// hold the chunk tests to the byte-by-byte definitions and the words they cut to the word
/// policy, at every place a word can start or end inside a chunk.
@Suite struct TermWordsChunkTests {
    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    @Test func everyByteValueAtEveryPositionIsClassifiedAsAlone() {
        for filler: UInt8 in [0x00, 0x61, 0x5A, 0xFF, 0x20] {
            for position in 0..<8 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = UInt8(value)
                    let chunk = bytes.withUnsafeBufferPointer { ASCIIChunk.load($0.baseAddress!) }
                    let words = ASCIIChunk.lettersAndDigits(chunk)
                    let capitals = ASCIIChunk.capitals(chunk)
                    for k in 0..<8 {
                        let byte = bytes[k]
                        let shift = UInt64(8 * k)
                        #expect((words >> shift) & 0xFF == (Self.isLetterOrDigit(byte) ? 0x80 : 0), "byte \(byte) at \(k)")
                        #expect((capitals >> shift) & 0xFF == (byte >= 0x41 && byte <= 0x5A ? 0x80 : 0), "byte \(byte) at \(k)")
                        #expect((ASCIIChunk.inRange(chunk, 0x0A...0x0D) >> shift) & 0xFF == (byte >= 0x0A && byte <= 0x0D ? 0x80 : 0))
                    }
                    for probe: UInt8 in [0x00, 0x0A, 0x22, 0x61, 0xC2, 0xE2, 0xFF] {
                        #expect((ASCIIChunk.anyEqual(chunk, probe) != 0) == bytes.contains(probe), "\(bytes) \(probe)")
                    }
                }
            }
        }
    }

    /// Words cut from texts of letters, digits, apostrophes, hyphens, spaces, Hangul and
    /// full-width capitals, so that words start and end at every offset of a chunk: each word
    /// is maximal, holds no ASCII character but letters, digits and inner apostrophes, covers
    /// every ASCII letter and digit of the text between them, and is an acronym exactly when
    /// it is two capitals or more and nothing else.
    @Test func wordsCutEightBytesAtATimeFollowThePolicy() {
        let pieces = ["A", "B", "Z", "a", "q", "z", "0", "7", " ", "-", "'", "’", ".", ",", "é", "가", "Ｎ", "NK", "ABCDEFGH", "abcdefgh", "Party's"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...40, using: &generator) { text += pieces.randomElement(using: &generator)! }
            var utf8 = Array(text.utf8)
            utf8.withUnsafeMutableBufferPointer { mutable in
                let bytes = UnsafeBufferPointer(mutable)
                var covered = [Bool](repeating: false, count: bytes.count)
                var previousEnd = 0
                TermWords.forEach(in: bytes, range: 0..<bytes.count) { word in
                    let range = word.range
                    #expect(range.lowerBound >= previousEnd && !range.isEmpty, "\(text)")
                    previousEnd = range.upperBound
                    for i in range { covered[i] = true }
                    // Maximal: no ASCII letter or digit right before or after (Hangul after a
                    // digit starts a word of its own: 70주년 is 70 and 주년).
                    let startsWithHangul = bytes[range.lowerBound] >= 0xEA && bytes[range.lowerBound] <= 0xED
                    if range.lowerBound > 0, !startsWithHangul {
                        #expect(!Self.isLetterOrDigit(bytes[range.lowerBound - 1]), "\(text)")
                    }
                    if range.upperBound < bytes.count {
                        #expect(!Self.isLetterOrDigit(bytes[range.upperBound]), "\(text) \(range)")
                    }
                    let raw = Array(bytes[range])
                    for byte in raw where byte < 0x80 {
                        #expect(Self.isLetterOrDigit(byte) || byte == 0x27, "\(text)")
                    }
                    #expect(word.isASCII == raw.allSatisfy { $0 < 0x80 }, "\(text)")
                    let scalars = String(decoding: raw, as: UTF8.self).unicodeScalars
                    let capitals = scalars.allSatisfy { ($0.value >= 0x41 && $0.value <= 0x5A) || ($0.value >= 0xFF21 && $0.value <= 0xFF3A) }
                    #expect(word.isAcronym == (capitals && raw.count >= 2), "\(text): \(String(decoding: raw, as: UTF8.self))")
                }
                for i in bytes.indices where Self.isLetterOrDigit(bytes[i]) {
                    #expect(covered[i], "\(text): byte \(i) in no word")
                }
            }
        }
    }
}
