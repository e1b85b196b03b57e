import Testing
import TMKitCore
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

/// `XMLEscaping.appendCDATA` writes text (an XLIFF skeleton) in CDATA sections: libxml2 reads
/// back the text the escaping rules give, a `]]>` never ends a section early, and the bytes are
/// the same however the text is cut into calls between characters (the streaming extract writes
/// a piece at a time).
@Suite struct CDATAWritingTests {
    static func written(_ pieces: [[UInt8]]) -> [UInt8] {
        var buffer = OutputBytes(capacity: 16)  // grown many times: the XLIFF writer's buffer, as it writes
        buffer.append("<a>")
        var state = XMLEscaping.CDATAState()
        for piece in pieces { piece.withUnsafeBufferPointer { XMLEscaping.appendCDATA(bytes: $0, to: &buffer, state: &state) } }
        state.close(&buffer)
        buffer.append("</a>")
        return buffer.withUnsafeBytes { Array($0) }
    }

    static func readBack(_ document: [UInt8]) -> String? {
        var text: [UInt8] = []
        let failure = XMLPushParser()!.parseAll(read: XMLPushParser.chunks(of: document)) { event in
            if event.kind == XMLEvent.characters { text += Array(event.text) }
        }
        return failure == nil ? String(decoding: text, as: UTF8.self) : nil
    }

    /// What reading the text back gives: the text, with characters XML forbids as U+FFFD.
    static func expected(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    @Test func readsBackAsTheTextHoweverItIsCut() {
        let alphabet: [String] = ["a", " ", "]", "]]", "]]>", ">", "<", "&", "\"", "\t", "\n", "\r", "\u{1}", "\u{7F}",
                                  "\u{FFFE}", "가", "é", "😀", "abcdefgh", "<p class=\"x\">", "]]]]>>"]
        var generator = SystemRandomNumberGenerator()
        var texts = alphabet + ["", String(repeating: "]", count: 9) + ">", "{\"a\":\"<![CDATA[x]]>\"}"]
        for _ in 0..<3_000 {
            texts.append((0..<Int.random(in: 1...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let whole = Self.written([bytes])
            #expect(Self.readBack(whole) == Self.expected(text), "\(text.debugDescription)")
            // Cut between characters at one point and at three: the same bytes.
            let boundaries = (0...bytes.count).filter { $0 == bytes.count || bytes[$0] & 0xC0 != 0x80 }
            guard boundaries.count > 2 else { continue }
            let cut = boundaries[Int.random(in: 1..<(boundaries.count - 1), using: &generator)]
            #expect(Self.written([Array(bytes[..<cut]), Array(bytes[cut...])]) == whole, "\(text.debugDescription) cut at \(cut)")
            let cuts = (0..<3).map { _ in boundaries.randomElement(using: &generator)! }.sorted()
            let pieces = [Array(bytes[..<cuts[0]]), Array(bytes[cuts[0]..<cuts[1]]), Array(bytes[cuts[1]..<cuts[2]]), Array(bytes[cuts[2]...])]
            #expect(Self.written(pieces) == whole, "\(text.debugDescription) cut at \(cuts)")
        }
    }

    /// A reader holds a section whole: a long text goes in sections of at most 64 KB, the same
    /// however it is cut, and reads back whole.
    @Test func longTextGoesInBoundedSections() {
        let text = String(repeating: "<p>]]>x</p>\n", count: 40_000) + String(repeating: "]", count: XMLEscaping.sectionLimit + 3) + ">"
        let bytes = Array(text.utf8)
        let whole = Self.written([bytes])
        #expect(Self.readBack(whole) == text)
        #expect(Self.written(stride(from: 0, to: bytes.count, by: 7_919).map { Array(bytes[$0..<min($0 + 7_919, bytes.count)]) }) == whole)
        let sections = String(decoding: whole, as: UTF8.self).components(separatedBy: "<![CDATA[").dropFirst()
        #expect(sections.count > bytes.count / XMLEscaping.sectionLimit)
        #expect(sections.allSatisfy { $0.utf8.count <= XMLEscaping.sectionLimit + 3 + 4 })
    }

    @Test func markupGoesAsItIsAndAnEndMarkerIsSplit() {
        let written = String(decoding: Self.written([Array("<b>x</b> ]]> &amp;".utf8)]), as: UTF8.self)
        #expect(written == "<a><![CDATA[<b>x</b> ]]]]><![CDATA[> &amp;]]></a>")
        #expect(String(decoding: Self.written([Array("é".utf8)]), as: UTF8.self) == "<a>é</a>")
        #expect(String(decoding: Self.written([Array("a\rb".utf8)]), as: UTF8.self) == "<a><![CDATA[a]]>&#13;<![CDATA[b]]></a>")
    }
}
