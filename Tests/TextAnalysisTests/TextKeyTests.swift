import Foundation
import Testing
@testable @_spi(Internals) import TextAnalysis

/// `TextKey` spells Latin-1 letters (French and German news: é, ü, ß) on the bytes, without ICU;
/// ICU's NFKC case folding is the reference they must equal.
@Suite struct TextKeyTests {
    /// Every character of U+0080–U+00FF, alone, inside a word, capitalised and next to a curly
    /// apostrophe and Hangul: the key made on the bytes equals ICU's.
    @Test func latinOneKeysAreICUs() {
        var checked = 0
        for value in UInt32(0x80)...0xFF {
            let character = String(Character(Unicode.Scalar(value)!))
            for word in [character, "A\(character)b", "\(character)\(character)", "Stra\(character)e", "L’\(character)t\(character)", "북\(character)한"] {
                #expect(TextKey.normalized(word) == TextKey.nfkcCasefold(word.replacingOccurrences(of: "’", with: "'")), "\(word)")
                var key: [UInt8] = []
                Array(word.utf8).withUnsafeBufferPointer { TextKey.appendNormalized($0, to: &key) }
                #expect(String(decoding: key, as: UTF8.self) == TextKey.normalized(word), "\(word)")
                checked += 1
            }
        }
        #expect(checked == 128 * 6)
    }

    /// The words of the French and German news pages the HTML benchmark reads.
    @Test func newsWords() {
        for word in ["Élysée", "été", "À", "Größe", "STRASSE", "Straße", "Ärzte", "Œuvre", "façade", "naïve", "ÿ", "×", "÷", "µm", "ª"] {
            #expect(TextKey.normalized(word) == TextKey.nfkcCasefold(word), "\(word)")
        }
    }
}
