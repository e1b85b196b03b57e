import Foundation
import SharedTestData
import Testing
import TMKitCore
@testable import TMX

@Suite struct TMXWriterTests {
    @Test(.needsSharedData, arguments: Fixtures.corpus.map { "corpus/" + $0.0 } + ["inline-codes.tmx"])
    func roundTripGivesEqualUnitsAndAValidFile(_ name: String) throws {
        let (header, units) = try readAll(try TMXReader(path: Fixtures.path(name)))
        let bytes = written(units, header: header)
        let (_, again) = try readAll(TMXReader(bytes: bytes, name: "written"))
        #expect(again == units.map(TMXWriter.roundTripped))
        let (status, messages) = try xmllintDTDValid(bytes)
        #expect(status == 0, "\(messages)")
    }

    @Test(.needsSharedData) func readingDTDValidFilesNeedsNoProjection() throws {
        for (name, _) in Fixtures.corpus where name != "okapi_html_test.tmx" {
            let (_, units) = try readAll(try TMXReader(path: Fixtures.path("corpus/" + name)))
            #expect(units.map(TMXWriter.roundTripped) == units, "\(name)")
        }
    }

    @Test func headerAndLayout() throws {
        let unit = TranslationUnit(
            id: "7", attributes: [Attribute("usagecount", "2"), Attribute("x-custom", "dropped")],
            variants: [Variant(language: .english, text: "Kim said: \"Go\" & left <now>."),
                       Variant(language: LanguageTag("ko_KR")!, text: "김은 \t떠났다.")])
        let text = String(decoding: written([unit], header: .tmkit(sourceLanguage: "en")), as: UTF8.self)
        #expect(text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE tmx SYSTEM "tmx14.dtd">
            <tmx version="1.4">
              <header creationtool="tmkit" creationtoolversion="\(TMKitVersion.current)" segtype="sentence" o-tmf="tmkit" adminlang="en" srclang="en" datatype="plaintext" creationdate="20261129T000000Z"/>
              <body>
                <tu tuid="7" usagecount="2">
                  <tuv xml:lang="en">
                    <seg>Kim said: "Go" &amp; left &lt;now&gt;.</seg>
                  </tuv>
                  <tuv xml:lang="ko-KR">
                    <seg>김은 \t떠났다.</seg>
                  </tuv>
                </tu>
              </body>
            </tmx>

            """)
    }

    @Test(.needsSharedData) func forbiddenCharactersAreReplacedAndCounted() throws {
        let sink = CapturedOutput()
        let writer = TMXWriter(sink: sink, header: .tmkit(sourceLanguage: "en"), options: .init(creationDate: "20261129T000000Z"))
        writer.write(TranslationUnit(variants: [Variant(language: .english, text: "bell\u{7} and \u{FFFF} end\r")]))
        writer.finish()
        #expect(writer.replacedCharacters == 2)
        let text = String(decoding: sink.bytes, as: UTF8.self)
        #expect(text.contains("<seg>bell\u{FFFD} and \u{FFFD} end&#13;</seg>"))
        let (status, messages) = try xmllintDTDValid(sink.bytes)
        #expect(status == 0, "\(messages)")
    }

    @Test(.needsSharedData) func attributesTheDTDDoesNotDefineAreDroppedAndCounted() throws {
        let sink = CapturedOutput()
        let writer = TMXWriter(sink: sink, header: TMXHeader(attributes: [Attribute("x-tool", "y")]))
        writer.write(TranslationUnit(attributes: [Attribute("x-custom", "1")],
                                     properties: [Property(type: "", value: "untyped")],
                                     variants: [Variant(language: .english, text: "a")]))
        writer.finish()
        #expect(writer.droppedAttributes == ["header@x-tool": 1, "tu@x-custom": 1])
        #expect(String(decoding: sink.bytes, as: UTF8.self).contains("<prop type=\"x-unspecified\">untyped</prop>"))
        let (status, messages) = try xmllintDTDValid(sink.bytes)
        #expect(status == 0, "\(messages)")
    }

    @Test func sameUnitsGiveTheSameBytes() throws {
        let (header, units) = try readAll(try TMXReader(path: Fixtures.path("inline-codes.tmx")))
        #expect(written(units, header: header) == written(units, header: header))
    }

    @Test func currentDateHasTheTMXForm() {
        let date = TMXWriter.now()
        #expect(date.count == 16)
        #expect(date.hasSuffix("Z"))
        #expect(date.dropFirst(8).first == "T")
        #expect(date.allSatisfy { $0.isNumber || $0 == "T" || $0 == "Z" })
    }
}

@Suite struct TMXStatisticsTests {
    @Test(.needsSharedData) func countsLanguagesCodesPropertiesAndDuplicates() throws {
        let statistics = try TMXStatistics.collect(from: try TMXReader(path: Fixtures.path("inline-codes.tmx")))
        #expect(statistics.units == 3)
        #expect(statistics.languages.map(\.normalized) == ["en-US", "ko-KR"])
        #expect(statistics.variants == [LanguageTag("en-US")!: 3, LanguageTag("ko-KR")!: 2])
        #expect(statistics.unitsWithInlineCodes == 2)
        #expect(statistics.properties == 2)
        #expect(statistics.notes == 3)
        #expect(statistics.duplicates == 0)
        #expect(statistics.version == "1.4")
        #expect(statistics.encoding == "UTF-8")
        let sample = try TMXStatistics.collect(from: try TMXReader(path: Fixtures.path("corpus/okapi_sample14b.tmx")))
        #expect(sample.duplicates == 1)
    }
}

@Suite struct TMXValidationTests {
    func findings(_ name: String, requireTarget: Bool = false) throws -> [String] {
        let reader = try TMXReader(path: Fixtures.path(name), options: .init(skipInvalid: true, checkConformance: true))
        return try TMXValidation.validate(reader, options: .init(requireTarget: requireTarget)).findings.map(\.description)
    }

    @Test(.needsSharedData) func cleanFileHasNoFindings() throws {
        #expect(try findings("corpus/okapi_sample14b.tmx") == [])
    }

    @Test func invalidUnitsMalformedXMLAndConformance() throws {
        #expect(try findings("invalid-units.tmx") == [
            "11:10: skipped: <bpt i=\"1\"> has no <ept> (unit 2)",
            "13:32: skipped: <tuv> without <seg> (unit 3)",
            "16:11: skipped: <tuv> without xml:lang (unit 4)",
        ])
        #expect(try findings("malformed.tmx") == ["9:43: Opening and ending tag mismatch: seg line 9 and sag (unit 2)"])
        let inline = try findings("inline-codes.tmx")
        // Positions are where the parser stood: the end of the start tag.
        #expect(inline == ["19:28: language code 'ko_KR' is not BCP 47; write 'ko-KR' (unit 1)"])
    }

    @Test func requireTargetFindsSourceOnlyUnits() throws {
        let all = try findings("inline-codes.tmx", requireTarget: true)
        #expect(all.contains("32:22: unit 3 has no target (source: en-US)"))
    }

    @Test func headerChecks() throws {
        let tmx = """
            <tmx version="1.4"><header creationtool="x" srclang="de" segtype="chapter"/><body>
            <tu><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>
            """
        let reader = TMXReader(bytes: Array(tmx.utf8), options: .init(skipInvalid: true, checkConformance: true))
        let messages = try TMXValidation.validate(reader).findings.map(\.message)
        #expect(messages.contains("header has no creationtoolversion attribute (required)"))
        #expect(messages.contains("header segtype 'chapter' is not block, paragraph, sentence or phrase"))
        #expect(messages.contains("header srclang 'de' is the language of no variant"))
    }
}
