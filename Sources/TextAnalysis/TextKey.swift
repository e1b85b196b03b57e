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
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
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
