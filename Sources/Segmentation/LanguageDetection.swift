import TMKitCore
@_spi(Internals) import TextAnalysis

/// Guesses a document's language for `--lang auto`.
public enum LanguageDetection {
    /// Korean when Hangul syllables make up at least 30% of the letters in the first
    /// megabyte (Korean news carries Latin names, numbers and abbreviations), else English.
    public static func guess(_ document: TextDocument) -> LanguageTag {
        document.utf8.withUnsafeBufferPointer { text in
            let limit = Swift.min(text.count, 1 << 20)
            var hangul = 0
            var latin = 0
            var i = 0
            while i < limit {
                let byte = text[i]
                if byte < 0x80 {
                    if byte.isLetter { latin += 1 }
                    i += 1
                    continue
                }
                guard i + 3 <= text.count || byte < 0xE0 else { break }
                let (scalar, length) = text.scalar(at: i)
                if Hangul.isSyllable(scalar) { hangul += 1 }
                i += length
            }
            return hangul > 0 && hangul * 10 >= (hangul + latin) * 3 ? .korean : .english
        }
    }
}
