/// Hangul as every module tests it: syllables, jamo, a syllable's parts.
@_spi(Internals) public enum Hangul {
    /// A precomposed Hangul syllable (가–힣, U+AC00–U+D7A3).
    @inlinable
    @_spi(Internals) public static func isSyllable(_ scalar: UInt32) -> Bool { scalar &- 0xAC00 <= 0xD7A3 - 0xAC00 }

    /// A precomposed Hangul syllable (가–힣).
    @inlinable
    @_spi(Internals) public static func isSyllable(_ scalar: Unicode.Scalar) -> Bool { isSyllable(scalar.value) }

    /// Hangul syllables, jamo (U+1100–U+11FF) and compatibility jamo (U+3130–U+318F: ㅋㅋ, ㅎㅎ).
    @inlinable
    @_spi(Internals) public static func isHangul(_ scalar: UInt32) -> Bool {
        isSyllable(scalar) || (scalar >= 0x1100 && scalar <= 0x11FF) || (scalar >= 0x3130 && scalar <= 0x318F)
    }

    /// Whether `text` has a Hangul syllable.
    @_spi(Internals) public static func hasSyllable(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { isSyllable($0.value) }
    }

    /// The final consonant (jongseong) index of a syllable: 0 when it has none, 8 for ㄹ.
    @inlinable
    @_spi(Internals) public static func finalConsonant(_ syllable: UInt32) -> UInt32 { (syllable - 0xAC00) % 28 }
}

/// Script tests beyond Hangul.
package enum Script {
    /// An ASCII letter (A–Z, a–z).
    @inlinable
    package static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    /// A scalar of a script written without spaces between words, or whose words a word index
    /// cannot split: Thai, Lao, Myanmar, Khmer, kana, Han, and Hangul (jamo and the whole
    /// syllable block, U+AC00–U+D7AF). Text with such characters is searched by character
    /// n-grams, not by words.
    package static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0EFF,  // Thai, Lao
             0x1000...0x109F,  // Myanmar
             0x1100...0x11FF,  // Hangul Jamo
             0x1780...0x17FF,  // Khmer
             0x3040...0x30FF,  // Hiragana, Katakana
             0x3130...0x318F,  // Hangul compatibility Jamo
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F,  // Han
             0xA960...0xA97F, 0xAC00...0xD7AF:  // Hangul
            return true
        default:
            return false
        }
    }
}
