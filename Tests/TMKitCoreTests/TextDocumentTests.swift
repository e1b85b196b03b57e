import Testing
import TMKitCore

@Suite struct TextDocumentTests {
    @Test func plainUTF8() throws {
        let document = try TextDocument(decoding: Array("Héllo 세계".utf8))
        #expect(document.encoding == .utf8)
        #expect(document.string(in: 0..<document.utf8.count) == "Héllo 세계")
    }

    @Test func byteOrderMarkIsRemovedFromOffsets() throws {
        let document = try TextDocument(decoding: [0xEF, 0xBB, 0xBF] + Array("Hi.".utf8))
        #expect(document.encoding == .utf8WithBOM)
        #expect(document.utf8 == Array("Hi.".utf8))
    }

    @Test(arguments: [true, false])
    func utf16WithByteOrderMark(bigEndian: Bool) throws {
        let text = "Kim said “안녕” 🙂.\r\n"
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let pair = [UInt8(unit >> 8), UInt8(unit & 0xFF)]
            bytes += bigEndian ? pair : pair.reversed()
        }
        let document = try TextDocument(decoding: bytes)
        #expect(document.encoding == (bigEndian ? .utf16BigEndian : .utf16LittleEndian))
        #expect(document.utf8 == Array(text.utf8))
    }

    @Test(arguments: [
        ([0x41, 0x42, 0xFF], 2),                    // a byte that never occurs in UTF-8
        ([0x41, 0xC0, 0x80], 1),                    // overlong NUL
        ([0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0xED, 0xA0, 0x80], 9),  // surrogate, after the ASCII fast path
        ([0xE2, 0x80], 0),                          // truncated at the end
        ([0x41, 0xF5, 0x80, 0x80, 0x80], 1),        // beyond U+10FFFF
        ([0x41, 0x80], 1),                          // stray continuation byte
        ([0xEF, 0xBB, 0xBF, 0x41, 0xC3], 4),        // offset counts the BOM
    ] as [([UInt8], Int)])
    func invalidUTF8ReportsTheByteOffset(_ bytes: [UInt8], _ offset: Int) {
        #expect(throws: TextDecodingError(kind: .invalidUTF8, byteOffset: offset, file: "x.txt")) {
            try TextDocument(decoding: bytes, file: "x.txt")
        }
        let error = TextDecodingError(kind: .invalidUTF8, byteOffset: offset, file: "x.txt")
        #expect(error.description == "x.txt: invalid UTF-8 at byte \(offset)")
    }

    @Test func invalidUTF16() {
        // A lone low surrogate at byte 4, and an odd byte count.
        #expect(throws: TextDecodingError(kind: .invalidUTF16, byteOffset: 4)) {
            try TextDocument(decoding: [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xDC])
        }
        #expect(throws: TextDecodingError(kind: .invalidUTF16, byteOffset: 4)) {
            try TextDocument(decoding: [0xFF, 0xFE, 0x41, 0x00, 0x42])
        }
    }

    @Test func unsupportedEncodingsAreNamed() {
        #expect(throws: TextDecodingError(kind: .unsupportedEncoding("UTF-16 without a byte-order mark"), byteOffset: 0)) {
            try TextDocument(decoding: [0x41, 0x00, 0x42, 0x00])
        }
        #expect(throws: TextDecodingError(kind: .unsupportedEncoding("UTF-32"), byteOffset: 0)) {
            try TextDocument(decoding: [0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00])
        }
    }

    @Test func collapsedTextJoinsLineBreakRunsOnly() {
        let document = TextDocument("  two  spaces stay,\n  a wrap \r\n goes\u{A0}\n\t ")
        #expect(document.collapsedText(in: 0..<document.utf8.count) == "two  spaces stay, a wrap goes")
    }
}

@Suite struct JSONWritingTests {
    @Test func stringsAreEscapedAsJSONRequires() throws {
        let value = JSONValue.object([
            ("text", .string("say \"hi\"\\ \n\r\t\u{1}\u{1F} 평양 ’")), ("n", JSONValue(42)), ("ok", .bool(true)), ("none", .null),
            ("list", .array([.string(""), .string("a")])),
        ])
        let text = value.serialized()
        #expect(text == #"{"text":"say \"hi\"\\ \n\r\t\u0001\u001f 평양 ’","n":42,"ok":true,"none":null,"list":["","a"]}"#)
        #expect(try JSONValue.parse(text) == value)
        var legacy = ""
        value.write(to: &legacy)
        #expect(legacy == text)
    }

    /// Annotate writes record numbers straight into its output: the same text `String(value)` gives.
    @Test func integersAreWrittenAsStringWritesThem() {
        var values = [0, 1, -1, 9, 10, 99, 100, 12345, -12345, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 { values.append(Int.random(in: Int.min...Int.max, using: &generator) >> Int.random(in: 0..<63, using: &generator)) }
        for value in values {
            var bytes: [UInt8] = [0x5B]  // written after what is there
            JSONValue.writeInteger(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "[" + String(value))
        }
    }
}


@Suite struct WhitespaceCollapsingTests {
    /// Line-break runs become one space and nothing else changes, the text scanned eight bytes at
    /// a time: breaks (LF, CR, VT, FF, NEL, U+2028, U+2029) and look-alikes (NBSP and other
    /// characters with the lead bytes C2 and E2) at every offset of a chunk.
    @Test func lineBreakCollapsingFindsBreaksAtEveryOffset() {
        func reference(_ text: String) -> String {
            let breaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]
            var result = String.UnicodeScalarView(), run = String.UnicodeScalarView()
            var runBreaks = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace {
                    run.append(scalar)
                    runBreaks = runBreaks || breaks.contains(scalar.value)
                } else {
                    if !run.isEmpty, !result.isEmpty { result.append(contentsOf: runBreaks ? " ".unicodeScalars : run) }
                    run = String.UnicodeScalarView()
                    runBreaks = false
                    result.append(scalar)
                }
            }
            return String(result)
        }
        let pieces = ["a", "bc", "defghij", " ", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{A0}", "é", "’", "—", "평양"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...30, using: &generator) { text += pieces.randomElement(using: &generator)! }
            var utf8 = text
            #expect(utf8.withUTF8 { Whitespace.collapsingLineBreaks($0) } == reference(text), "\(text.debugDescription)")
        }
    }

    /// The byte-level collapse equals the scalar definition (Unicode White_Space runs made one
    /// space, ends trimmed) on every kind of space, and leaves clean text as it is.
    @Test func collapsingMatchesTheScalarDefinition() {
        func reference(_ text: String) -> String {
            var result = String.UnicodeScalarView()
            var pending = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace {
                    pending = !result.isEmpty
                } else {
                    if pending { result.append(" ") }
                    pending = false
                    result.append(scalar)
                }
            }
            return String(result)
        }
        let samples = ["", " ", "   ", "a", "a b", "a  b", " a", "a ", "\ta\nb\r\n", "a\u{3000}b", "a\u{A0}\u{A0}b", "한국 어",
                       "x\u{2028}y\u{2029}z", "a\u{200B}b", "a\u{85}b", "a\u{1680}b\u{2000}c\u{200A}d\u{202F}e\u{205F}f",
                       "People’s  Security", "e\u{301} \u{1F600}  x", "\u{3000}앞뒤\u{3000}"]
        for sample in samples {
            #expect(sample.collapsingWhitespace() == reference(sample), "\(sample.debugDescription)")
            #expect(Array(sample.collapsingWhitespace().utf8) == Array(reference(sample).utf8), "\(sample.debugDescription)")
        }
    }
}
