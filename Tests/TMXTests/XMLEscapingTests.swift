import Testing
import XMLEvents

/// `XMLEscaping` skips eight bytes at a time where none needs a replacement; it must escape
/// exactly as a character-by-character escaper does, in text and in attributes.
@Suite struct XMLEscapingTests {
    /// The rules, one scalar at a time (see `XMLEscaping`).
    static func reference(_ text: String, attribute: Bool) -> (String, Int) {
        var result = "", replaced = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where attribute: result += "&quot;"
            case "\t" where attribute: result += "&#9;"
            case "\n" where attribute: result += "&#10;"
            case "\r": result += "&#13;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}":
                result += "\u{FFFD}"
                replaced += 1
            default: result.unicodeScalars.append(scalar)
            }
        }
        return (result, replaced)
    }

    @Test func escapesAsTheCharacterByCharacterRules() {
        let alphabet: [String] = ["a", "Z", " ", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{1}", "\u{1F}", "\u{7F}",
                                  "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{FEFF}", "가", "é", "😀", "abcdefgh", "0123456789"]
        var generator = SystemRandomNumberGenerator()
        var texts = alphabet + ["", String(repeating: "x", count: 64), String(repeating: "가", count: 20) + "&"]
        for _ in 0..<20_000 {
            texts.append((0..<Int.random(in: 1...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            for attribute in [false, true] {
                var buffer: [UInt8] = []
                let replaced = XMLEscaping.append(text, attribute: attribute, to: &buffer)
                let (expected, expectedReplaced) = Self.reference(text, attribute: attribute)
                #expect(String(decoding: buffer, as: UTF8.self) == expected, "\(text.debugDescription) attribute \(attribute)")
                #expect(replaced == expectedReplaced)
            }
        }
    }
}
