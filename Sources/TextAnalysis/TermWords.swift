@_spi(Internals) import TMKitCore

/// The words term matching sees (``TermWords/forEach(in:range:_:)``): letters and digits of any
/// script in one class (`A4`, `G20` are one word each; `3.5` two), except that Hangul after a
/// digit starts a word (`70주년` is `70` and `주년`, so the counter 주년 is a term of its own), an apostrophe inside a
/// Latin word (`People’s`) or after a plural's `s` (`Workers’`), never after Hangul (`‘전투’를`
/// ends the word before the quote); every other character separates. Words join into a
/// multi-word term across whitespace and hyphens only (``TermWords/joins(_:_:_:)``).
///
/// This is the glossary's word policy. Fuzzy matching cuts text differently, into
/// ``MatchToken``s (numbers with their separators, punctuation as tokens, Korean particles
/// split off), because it scores edits, not term boundaries.
@_spi(Internals) public struct TermWord {
    @inlinable
    @_spi(Internals) public init(range: Range<Int>, hasHangul: Bool, isAcronym: Bool, isASCII: Bool) {
        self.range = range
        self.hasHangul = hasHangul
        self.isAcronym = isAcronym
        self.isASCII = isASCII
    }

    /// The word's UTF-8 bytes in the text.
    @_spi(Internals) public var range: Range<Int>
    /// Whether the word has a three-byte character of U+A000–U+DFFF, which in practice means a
    /// Hangul syllable: a particle may follow its stem.
    @_spi(Internals) public var hasHangul: Bool
    /// Two bytes or more, all ASCII or full-width capitals (`NK`, `ＮＫ`): matched as written (a
    /// lone full-width `Ｎ` counts too; no glossary acronym is one letter, so it matches as a word).
    @_spi(Internals) public var isAcronym: Bool
    /// Whether every byte of the word is ASCII.
    @_spi(Internals) public var isASCII: Bool

    /// The word as written in the text.
    @inlinable
    @_spi(Internals) public func raw(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Appends the word's lookup spelling (``TextKey/normalized(_:)``: lower case, straight
    /// apostrophes, full-width Latin as ASCII) to `key` as UTF-8.
    @inlinable
    @_spi(Internals) public func appendKey(_ bytes: UnsafeBufferPointer<UInt8>, to key: inout [UInt8]) {
        if isASCII {
            withASCIIKey(bytes) { key.append(contentsOf: $0) }
            return
        }
        TextKey.appendNormalized(UnsafeBufferPointer(rebasing: bytes[range]), to: &key)
    }

    /// Calls `body` with the lookup spelling of an ASCII word (lower case), written on the stack.
    @inlinable @inline(__always)
    @_spi(Internals) public func withASCIIKey<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: range.count) { key in
            for (k, i) in range.enumerated() {
                let byte = bytes[i]
                key[k] = byte &- 0x41 < 26 ? byte | 0x20 : byte
            }
            return body(UnsafeBufferPointer(key))
        }
    }

    /// Whether the word can be an inflected form: Korean (particles), or English ending in
    /// s, an apostrophe, -ing or -ed.
    @inlinable @inline(__always)
    @_spi(Internals) public func mayBeInflected(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if hasHangul { return true }
        guard range.count >= 3 else { return false }
        let last = bytes[range.upperBound - 1] | 0x20
        return last == 0x73 || last == 0x67 || last == 0x64 || bytes[range.upperBound - 1] == 0x27
            || bytes[range.upperBound - 1] == 0x99
    }
}

/// Cuts text into term words (``TermWord``) and tells whether two words join into a term.
@_spi(Internals) public enum TermWords {
    /// Whether the gap between two words lets a multi-word term go on: whitespace and hyphens only.
    @inlinable
    @_spi(Internals) public static func joins(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var i = from
        while i < to {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x2D || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                i += 1
                continue
            }
            let length = Whitespace.length(at: i, in: bytes)
            if length > 0 {
                i += length
                continue
            }
            // ‐ ‑ – (hyphens and en dash)
            if byte == 0xE2, i + 2 < to, bytes[i + 1] == 0x80, bytes[i + 2] >= 0x90 && bytes[i + 2] <= 0x93 {
                i += 3
                continue
            }
            return false
        }
        return true
    }

    /// Calls `body` with each word: letters and digits, apostrophes between letters.
    @inlinable
    @_spi(Internals) public static func forEach(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, _ body: (TermWord) -> Void) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            // Skip to a word character.
            let (isWord, length) = wordCharacter(bytes, i, end)
            if !isWord {
                i += length
                continue
            }
            let start = i
            var hasHangul = false
            var ascii = true
            var allUpper = true
            while i < end {
                // ASCII letters and digits, the bulk of English text, eight at a time.
                if i + 8 <= end {
                    let chunk = ASCIIChunk.load(bytes.baseAddress! + i)
                    let word = ASCIIChunk.lettersAndDigits(chunk)
                    let run = (~word & 0x8080_8080_8080_8080).trailingZeroBitCount >> 3  // 8 when all are
                    if run > 0 {
                        let kept: UInt64 = run == 8 ? ~0 : (1 << UInt64(8 * run)) &- 1
                        if ASCIIChunk.capitals(chunk) & kept != word & kept { allUpper = false }
                        i += run
                        continue
                    }
                }
                let (isWord, length) = wordCharacter(bytes, i, end)
                if isWord {
                    let byte = bytes[i]
                    // A number before Hangul is a word of its own: a counter or a term after it
                    // starts a word (70주년 = 70 + 주년, 100일 전투 = 100 + 일 + 전투).
                    if byte >= 0xEA, byte <= 0xED, i > start, bytes[i - 1] &- 0x30 < 10, length == 3,
                       Hangul.isSyllable(UInt32(byte & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)) {
                        break
                    }
                    if byte >= 0x80 {
                        ascii = false
                        // Full-width capitals (Ｎ, U+FF21–FF3A) keep a word an acronym.
                        let fullWidthCapital = length == 3 && byte == 0xEF && bytes[i + 1] == 0xBC
                            && bytes[i + 2] >= 0xA1 && bytes[i + 2] <= 0xBA
                        if !fullWidthCapital { allUpper = false }
                        if length == 3, byte >= 0xEA, byte <= 0xED { hasHangul = true }
                    } else if !(byte &- 0x41 < 26) {
                        allUpper = false
                    }
                    i += length
                    continue
                }
                // An apostrophe between two letters of a Latin word stays inside it (People’s);
                // after Hangul it is a closing quote before a particle (‘전투’를).
                if i > start, !hasHangul, isApostrophe(bytes, i, end), i + length < end, wordCharacter(bytes, i + length, end).0 {
                    ascii = ascii && bytes[i] < 0x80
                    allUpper = false
                    i += length
                    continue
                }
                break
            }
            // A possessive plural keeps its apostrophe: Workers’ Party, defectors’ families.
            if !hasHangul, i < end, i > start, bytes[i - 1] | 0x20 == 0x73, isApostrophe(bytes, i, end) {
                ascii = ascii && bytes[i] < 0x80
                allUpper = false
                i += bytes[i] < 0x80 ? 1 : 3
            }
            body(TermWord(range: start..<i, hasHangul: hasHangul, isAcronym: allUpper && i - start >= 2, isASCII: ascii))
        }
    }

    /// Whether a straight or curly apostrophe (U+0027, U+2019, U+2018) starts at `i`.
    @inlinable @inline(__always)
    @_spi(Internals) public static func isApostrophe(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        if bytes[i] == 0x27 { return true }
        return bytes[i] == 0xE2 && i + 2 < end && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x99 || bytes[i + 2] == 0x98)
    }

    /// Whether a letter or digit starts at `i`, and the length of the scalar there.
    @inlinable @inline(__always)
    @_spi(Internals) public static func wordCharacter(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (Bool, Int) {
        let byte = bytes[i]
        if byte < 0x80 {
            return ((byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10, 1)
        }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        guard i + length <= end else { return (false, 1) }
        var value: UInt32
        switch length {
        case 2: value = UInt32(byte & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        case 3: value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        default:
            value = UInt32(byte & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F)
        }
        if Hangul.isSyllable(value) { return (true, length) }  // Hangul syllables
        guard let scalar = Unicode.Scalar(value) else { return (false, length) }
        let properties = scalar.properties
        return (properties.isAlphabetic || properties.numericType != nil, length)
    }
}
