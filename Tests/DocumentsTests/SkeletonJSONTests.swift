import Documents
import Testing
import TMKitCore

/// The skeleton's JSON as it travels inside XLIFF: written and read back, in any key order,
/// and refused with a reason when it is not tmkit's.
@Suite struct SkeletonJSONTests {
    static let skeleton = DocumentSkeleton(format: "text", encoding: .utf8WithBOM, charset: nil, pieces: [
        .unit(id: "1", block: 0, layout: nil),
        .text("\n\n"),
        .unit(id: "2", block: 1, layout: .wraps([.init(offset: 12, whitespace: "\r\n  "), .init(offset: 30, whitespace: "\n")])),
        .text(" \u{A0}\t\"quoted\" \\ back"),
        .unit(id: "3", block: 1, layout: .raw("raw\u{1}text 한국어 😀")),
        .text("\n"),
    ])

    @Test func writtenJSONReadsBackTheSame() throws {
        let json = Self.skeleton.json
        #expect(!json.contains("\n"))  // control characters escaped: XML's line-end rules cannot touch it
        #expect(try DocumentSkeleton(json: json) == Self.skeleton)
    }

    /// libxml2 2.9 reads a text node byte by byte from its first character outside ASCII on: a
    /// skeleton with a no-break space near its start was read that way to its end.
    @Test func writtenJSONIsASCIIWithEveryOtherCharacterEscaped() throws {
        let json = Self.skeleton.json
        #expect(json.utf8.allSatisfy { $0 < 0x80 })
        #expect(json.contains(#"" \u00a0\t\"quoted\" \\ back""#))
        #expect(json.contains(#""raw\u0001text \ud55c\uad6d\uc5b4 \ud83d\ude00""#))
        #expect(try DocumentSkeleton(json: json) == Self.skeleton)
    }

    /// Text pieces of every kind (runs of eight clean bytes, a quote or control at each place in
    /// eight, characters outside ASCII of two to four bytes) come back from the JSON as written.
    @Test func textPiecesOfEveryKindReadBackAsWritten() throws {
        let alphabet: [String] = ["a", "<p class=", "\"", "\\", "\n", "\t", "\r", "\u{1}", "\u{1F}", "\u{7F}", "é", "한",
                                  "😀", "abcdefgh", "0123456789abcdef", " ", "/"]
        var generator = SystemRandomNumberGenerator()
        // Long texts too: written in parts of 4 KB, cut between characters.
        let long = [String(repeating: "한\"", count: 3_000), "a" + String(repeating: "😀", count: 2_000), String(repeating: "x", count: 9_000)]
        for k in 0..<2_003 {
            let text = k < long.count ? long[k]
                : (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let skeleton = DocumentSkeleton(format: "text", encoding: .utf8, pieces: [.text(text), .unit(id: "1", block: 0, layout: nil)])
            let json = skeleton.json
            #expect(json.utf8.allSatisfy { $0 < 0x80 && $0 >= 0x20 }, "\(text.debugDescription)")
            #expect(try DocumentSkeleton(json: json) == skeleton, "\(text.debugDescription)")
        }
    }

    @Test func keysInAnyOrderUnknownKeysAndEscapesRead() throws {
        let json = """
            { "pieces" : [ {"block": 0, "x-note": {"a": [1, 2, null]}, "unit": "1"}, "\\n\\u00a0\\ud83d\\ude00",
              {"wraps": [3, "\\n"], "unit": "2", "block": 1} ],
              "encoding": "UTF-8", "x-future": true, "format": "text", "tmkit-skeleton": 1 }
            """
        let skeleton = try DocumentSkeleton(json: json)
        #expect(skeleton.format == "text")
        #expect(skeleton.pieces == [
            .unit(id: "1", block: 0, layout: nil), .text("\n\u{A0}😀"),
            .unit(id: "2", block: 1, layout: .wraps([.init(offset: 3, whitespace: "\n")])),
        ])
    }

    @Test(arguments: [
        ("", "not tmkit's skeleton (expected an object"),
        ("[1]", "not tmkit's skeleton (expected an object"),
        ("{\"format\":\"text\",\"pieces\":[]}", "not tmkit's skeleton"),
        ("{\"tmkit-skeleton\":2,\"format\":\"text\",\"pieces\":[]}", "skeleton version 2 is newer than this tmkit reads"),
        ("{\"tmkit-skeleton\":1,\"pieces\":[]}", "the skeleton names no format"),
        ("{\"tmkit-skeleton\":1,\"format\":\"text\"}", "the skeleton has no pieces"),
        ("{\"tmkit-skeleton\":1,\"format\":\"text\",\"pieces\":[3]}", "a skeleton piece that is neither text nor a unit"),
        ("{\"tmkit-skeleton\":1,\"format\":\"text\",\"pieces\":[{\"block\":1}]}", "a skeleton piece without a unit id"),
        ("{\"tmkit-skeleton\":1,\"format\":\"text\",\"pieces\":[{\"unit\":\"1\",\"wraps\":[\"x\",1]}]}", "unit 1: malformed wraps"),
        ("{\"tmkit-skeleton\":1,\"format\":\"text\",\"pieces\":[{\"unit\":\"1\",\"wraps\":[4]}]}", "unit 1: malformed wraps"),
        ("{\"tmkit-skeleton\":1,\"format\":\"text\",\"pieces\":[\"a\"", "not tmkit's skeleton (expected , or ] in an array"),
        ("{\"tmkit-skeleton\":1,\"format\":\"text\",\"pieces\":[]} x", "not tmkit's skeleton (unexpected text after the value"),
        ("{\"tmkit-skeleton\":1,\"format\":\"text\",\"encoding\":\"EBCDIC\",\"pieces\":[]}", "unknown encoding 'EBCDIC'"),
    ])
    func notTmkitsSkeletonIsRefusedWithAReason(_ json: String, _ reason: String) {
        do {
            _ = try DocumentSkeleton(json: json)
            Issue.record("read: \(json)")
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }
}
