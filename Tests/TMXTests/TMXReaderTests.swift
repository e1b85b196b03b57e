import Foundation
import SharedTestData
import Testing
import TMKitCore
@testable import TMX

@Suite struct TMXReaderTests {
    @Test(.needsSharedData, arguments: Fixtures.corpus)
    func realFilesReadWithTheRightUnitCount(_ name: String, _ count: Int) throws {
        let reader = try TMXReader(path: Fixtures.path("corpus/" + name))
        let (_, units) = try readAll(reader)
        #expect(units.count == count)
        #expect(reader.unitsSeen == count)
        #expect(reader.issues.filter { $0.kind == .skippedUnit }.isEmpty)
    }

    @Test func keepsEverythingAUnitCarries() throws {
        let (header, units) = try readAll(try TMXReader(path: Fixtures.path("inline-codes.tmx")))
        #expect(header.version == "1.4")
        #expect(header.sourceLanguage == "en-US")
        #expect(header.attributes[named: "creationtool"] == "tmkit-tests")
        #expect(header.notes == [Note("Written by hand to cover every TMX 1.4b inline element.")])
        #expect(header.properties == [Property(type: "x-domain", value: "North Korea news")])
        #expect(header.userDefinedEncodings == [UserDefinedEncoding(
            attributes: [Attribute("name", "MacRoman"), Attribute("base", "Macintosh")],
            maps: [[Attribute("unicode", "#xF8FF"), Attribute("code", "#xF0"), Attribute("ent", "Apple_logo"),
                    Attribute("subst", "[Apple]")]])])
        try #require(units.count == 3)

        let first = units[0]
        #expect(first.id == "news-1")
        #expect(first.attributes == [Attribute("srclang", "en-US"), Attribute("usagecount", "3"),
                                     Attribute("creationid", "desk"), Attribute("changedate", "20261102T100000Z")])
        #expect(first.properties == [Property(type: "x-source", value: "Daily NK")])
        #expect(first.notes == [Note("Headline")])
        // Language tags normalized, the spelling in the file kept.
        #expect(first.variants.map(\.language.normalized) == ["en-US", "ko-KR"])
        #expect(first.variants.map(\.language.original) == ["EN-us", "ko_KR"])
        #expect(first.variants[0].attributes == [Attribute("creationdate", "20261101T090000Z")])
        #expect(first.variants[0].notes == [Note("Checked")])
        #expect(first.variants[1].properties == [Property(type: "x-translator", value: "kim")])
        #expect(first.variants[0].content == SegmentContent([
            .code(InlineCode(.bpt, attributes: [Attribute("i", "1"), Attribute("x", "1"), Attribute("type", "bold")],
                             content: SegmentContent(text: "<b>"))),
            .text("Battle"),
            .code(InlineCode(.ept, attributes: [Attribute("i", "1")], content: SegmentContent(text: "</b>"))),
            .text(" against crime"),
        ]))
        #expect(first.variants[1].content.plainText == "범죄와의 전쟁")
    }

    @Test func nestedInlineCodesAreTypedValues() throws {
        let (_, units) = try readAll(try TMXReader(path: Fixtures.path("inline-codes.tmx")))
        let content = units[1].variants[0].content
        let codes = content.allCodes
        #expect(codes.map(\.kind) == [.ph, .sub, .hi, .ph, .it, .ut])
        let link = codes[0]
        #expect(link.x == "2")
        #expect(link.type == "link")
        #expect(link.assoc == "p")
        #expect(link.content == SegmentContent([
            .text("<a href=\""),
            .code(InlineCode(.sub, attributes: [Attribute("type", "x-url")],
                             content: SegmentContent(text: "https://example.org/?a=1&b=2"))),
            .text("\">"),
        ]))
        #expect(codes[2].content.plainText == "full report")
        #expect(codes[4].pos == "end")
        #expect(codes[5].x == "6")
        // The translatable text: runs, hi and sub text; native code left out.
        #expect(content.plainText == "See https://example.org/?a=1&b=2the full report and notes.")
        // Whitespace, escaped characters and a CR reference survive as written.
        #expect(units[1].variants[1].content.plainText == " 앞뒤 공백과 & <기호> 그리고\rCR ")
        // A unit with one variant is valid.
        #expect(units[2].variants.count == 1)
        #expect(units[2].notes == [Note("A source-only unit, still to be translated.", attributes: [Attribute("xml:lang", "en")])])
    }

    @Test(arguments: [(true, true), (false, true), (true, false), (false, false)])
    func utf16WithByteOrderMarkOrDeclaration(bigEndian: Bool, byteOrderMark: Bool) throws {
        let utf8 = String(decoding: try Fixtures.bytes("inline-codes.tmx"), as: UTF8.self)
            .replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        let reader = TMXReader(bytes: utf16(utf8, bigEndian: bigEndian, byteOrderMark: byteOrderMark), name: "utf16.tmx",
                               options: .init(chunkSize: 64))
        let (_, units) = try readAll(reader)
        let (_, expected) = try readAll(try TMXReader(path: Fixtures.path("inline-codes.tmx")))
        #expect(units == expected)
        #expect(reader.encoding == (bigEndian ? "UTF-16BE" : "UTF-16LE"))
    }

    @Test(arguments: [4, 7, 100, 1 << 18])
    func chunkBoundariesDoNotMatter(chunkSize: Int) throws {
        let bytes = try Fixtures.bytes("inline-codes.tmx")
        let (header, units) = try readAll(TMXReader(bytes: bytes, options: .init(chunkSize: chunkSize)))
        let (expectedHeader, expected) = try readAll(TMXReader(bytes: bytes))
        #expect(units == expected)
        #expect(header == expectedHeader)
    }

    @Test func tmx11LangAttributes() throws {
        let (header, units) = try readAll(try TMXReader(path: Fixtures.path("corpus/omegat-3.6-console_export_en-ko_omegat-tmx11.tmx")))
        #expect(header.version == "1.1")
        #expect(units.allSatisfy { $0.variants.map(\.language.normalized) == ["en-US", "ko-KR"] })
        #expect(units.allSatisfy { $0.variants.allSatisfy { !$0.attributes.contains { $0.name == "lang" } } })
    }

    // MARK: Bad input

    @Test func malformedXMLNamesFileLineColumnAndUnit() throws {
        let path = Fixtures.path("malformed.tmx")
        let reader = try TMXReader(path: path)
        _ = try reader.readHeader()
        #expect(try reader.next()?.id == "1")  // units before the error still arrive
        let error = try #require(throws: TMXError.self) { try reader.next() }
        #expect(error.kind == .malformedXML)
        #expect(error.file == path)
        #expect(error.line == 9)
        #expect(error.column == 43)
        #expect(error.unit == 2)
        #expect(error.description == "\(path):9:43: Opening and ending tag mismatch: seg line 9 and sag (unit 2)")
    }

    @Test func invalidUnitsFailByDefault() throws {
        let reader = try TMXReader(path: Fixtures.path("invalid-units.tmx"))
        _ = try reader.readHeader()
        #expect(try reader.next()?.id == "1")
        let error = try #require(throws: TMXError.self) { try reader.next() }
        #expect(error.kind == .invalidUnit)
        #expect(error.unit == 2)
        #expect(error.line == 11)
        #expect(error.message == "<bpt i=\"1\"> has no <ept>")
    }

    @Test func skipInvalidGoesOnAndReportsEachUnit() throws {
        let reader = try TMXReader(path: Fixtures.path("invalid-units.tmx"), options: .init(skipInvalid: true))
        let (_, units) = try readAll(reader)
        #expect(units.map(\.id) == ["1", "5"])
        #expect(reader.unitsSeen == 5)
        let skipped = reader.issues.filter { $0.kind == .skippedUnit }
        #expect(skipped.map(\.unit) == [2, 3, 4])
        #expect(skipped.map(\.message) == [
            "skipped: <bpt i=\"1\"> has no <ept>", "skipped: <tuv> without <seg>", "skipped: <tuv> without xml:lang",
        ])
    }

    @Test func externalEntitiesAndRemoteDTDsAreNeverResolved() throws {
        // Declared entities: the internal subset is refused before any declaration is read.
        let declared = try TMXReader(path: Fixtures.path("xxe.tmx"))
        let refusal = try #require(throws: TMXError.self) { _ = try readAll(declared) }
        #expect(refusal.line == 2)
        #expect(refusal.message.contains("DOCTYPE with an internal subset"))
        #expect(declared.bytesRead < 4096)

        // A remote DTD alone is never fetched; references to entities it might declare stay unexpanded.
        let remote = TMXReader(bytes: Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">
            <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" \
            adminlang="en" srclang="en" datatype="plaintext"/><body>
            <tu tuid="1"><tuv xml:lang="en"><seg>Before &secret; after &remote; end.</seg></tuv></tu>
            </body></tmx>
            """.utf8))
        let (_, units) = try readAll(remote)
        let text = try #require(units.first?.variants.first?.content.plainText)
        #expect(text == "Before  after  end.")
        #expect(remote.issues.filter { $0.kind == .unexpandedEntity }.map(\.message)
            == ["entity &secret; was not expanded", "entity &remote; was not expanded"])
    }

    @Test func entityExpansionBombFailsFast() throws {
        let reader = try TMXReader(path: Fixtures.path("entity-bomb.tmx"))
        let error = try #require(throws: TMXError.self) { _ = try readAll(reader) }
        #expect(error.kind == .malformedXML)
        #expect(error.message.contains("entity"))
        #expect(reader.bytesRead < 4096)
    }

    @Test func notTMXAndEmptyInputs() throws {
        let error = try #require(throws: TMXError.self) { _ = try readAll(try TMXReader(path: Fixtures.path("not-tmx.xml"))) }
        #expect(error.kind == .notTMX)
        #expect(error.line == 2)
        let empty = try #require(throws: TMXError.self) { _ = try readAll(TMXReader(bytes: [], name: "empty.tmx")) }
        #expect(empty.kind == .notTMX)
        #expect(empty.description == "empty.tmx:1:1: no tmx element: the file is empty or not TMX")
        let missing = try #require(throws: TMXError.self) { _ = try TMXReader(path: "/nonexistent/memory.tmx") }
        #expect(missing.kind == .unreadable)
        #expect(missing.description == "/nonexistent/memory.tmx: cannot read: No such file or directory")
    }

    @Test func invalidLanguageCodeIsReported() throws {
        let tmx = """
            <tmx version="1.4"><header srclang="en"/><body>
            <tu><tuv xml:lang="english language"><seg>x</seg></tuv></tu></body></tmx>
            """
        let error = try #require(throws: TMXError.self) { _ = try readAll(TMXReader(bytes: Array(tmx.utf8))) }
        #expect(error.message == "invalid language code 'english language' in <tuv>")
        #expect(error.line == 2)
    }

    @Test func unknownElementsKeepTheirTextAndAreReported() throws {
        let tmx = """
            <tmx version="1.4"><header srclang="en"/><body>
            <tu><tuv xml:lang="en"><seg>A <g id="1">bold</g> move</seg></tuv></tu></body></tmx>
            """
        let reader = TMXReader(bytes: Array(tmx.utf8))
        let (_, units) = try readAll(reader)
        #expect(units[0].variants[0].content.plainText == "A bold move")
        #expect(reader.issues.map(\.kind) == [.unknownElement])
    }
}
