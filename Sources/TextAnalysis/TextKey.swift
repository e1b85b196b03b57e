import CICU
import TMKitCore

/// Text normalization shared by term matching, memory lookup and QA: the key two spellings of
/// a word share.
public enum TextKey {
    /// The lookup spelling of a word: curly apostrophes made straight, then NFKC_Casefold
    /// (full-width letters, ligatures and compatibility forms folded; case folded). ASCII and
    /// Hangul syllables, which NFKC leaves as they are, skip ICU.
    public static func normalized(_ text: String) -> String {
        // ASCII without capitals and apostrophes needs nothing.
        if text.utf8.allSatisfy({ $0 < 0x80 && !($0 &- 0x41 < 26) }) { return text }
        // ASCII, Latin-1 letters, Hangul and curly apostrophes (Korean words, People’s, Élysée)
        // are done on the bytes.
        var contiguous = text
        if let simple = contiguous.withUTF8({ utf8 -> String? in
            var key: [UInt8] = []
            key.reserveCapacity(utf8.count)
            return appendSimple(utf8, to: &key) ? String(decoding: key, as: UTF8.self) : nil
        }) {
            return simple
        }
        var result = String.UnicodeScalarView()
        var needsICU = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2019, 0x2018, 0x02BC: result.append("'")
            case 0x41...0x5A: result.append(Unicode.Scalar(scalar.value | 0x20)!)
            case 0..<0x80: result.append(scalar)
            case _ where Hangul.isSyllable(scalar.value): result.append(scalar)
            default:
                result.append(scalar)
                needsICU = true
            }
        }
        let folded = String(result)
        return needsICU ? nfkcCasefold(folded) : folded
    }

    /// Appends the lookup spelling of the UTF-8 word `bytes` to `key` (``normalized(_:)``, as
    /// bytes: no string is built for ASCII, Hangul syllables and curly apostrophes).
    @_spi(Internals) public static func appendNormalized(_ bytes: UnsafeBufferPointer<UInt8>, to key: inout [UInt8]) {
        let start = key.count
        if appendSimple(bytes, to: &key) { return }
        key.removeSubrange(start...)
        key.append(contentsOf: normalized(String(decoding: bytes, as: UTF8.self)).utf8)
    }

    /// What needs no ICU: ASCII lower-cased, Latin-1 letters (U+00C0–U+00FF but × and ÷) folded
    /// as ICU folds them, Hangul syllables as they are (NFKC leaves them), U+2018/U+2019 as `'`.
    /// False (with part of the key appended) at anything else.
    private static func appendSimple(_ bytes: UnsafeBufferPointer<UInt8>, to key: inout [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                key.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
                i += 1
                continue
            }
            if byte == 0xC3, i + 1 < bytes.count {
                // Latin-1 letters (French and German words): what ICU's NFKC case folding makes
                // of them, on the bytes. × and ÷ are no letters: ICU decides.
                let second = bytes[i + 1]
                let value = 0xC0 | UInt32(second & 0x3F)
                guard value != 0xD7, value != 0xF7 else { return false }
                if value < 0xDF {
                    key.append(0xC3)
                    key.append(second &+ 0x20)  // À–Þ to à–þ
                } else if value == 0xDF {
                    key.append(0x73)  // ß to ss
                    key.append(0x73)
                } else {
                    key.append(0xC3)
                    key.append(second)
                }
                i += 2
                continue
            }
            guard byte >= 0xE0, byte < 0xF0, i + 2 < bytes.count else { return false }
            let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            if Hangul.isSyllable(value) {
                key.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + 3)]))
            } else if value == 0x2019 || value == 0x2018 {
                key.append(0x27)
            } else {
                return false
            }
            i += 3
        }
        return true
    }

    static func nfkcCasefold(_ text: String) -> String {
        var input = text
        return input.withUTF8 { bytes in
            let capacity = bytes.count * 4 + 16
            return String(unsafeUninitializedCapacity: capacity) { output in
                let written = bytes.withMemoryRebound(to: CChar.self) { source in
                    output.withMemoryRebound(to: CChar.self) { target in
                        tmk_nfkc_casefold(source.baseAddress!, Int32(source.count), target.baseAddress!, Int32(capacity))
                    }
                }
                if written < 0 {  // cannot happen for valid UTF-8; keep the text as it is
                    _ = output.initialize(fromContentsOf: bytes)
                    return bytes.count
                }
                return Int(written)
            }
        }
    }
}
