import Foundation
import SharedTestData
import Testing
import TMKitCore
import TMX
@testable import TranslationMemory

/// A unit's stored body is written straight to bytes (`JSONLMemory.write`); it must be the
/// JSON the tree of values (`JSONLMemory.encode`) gives, byte for byte.
@Suite struct UnitBodyTests {
    static func units(_ path: String) -> [TranslationUnit] {
        guard let reader = try? TMXReader(path: path, options: .init(skipInvalid: true)) else { return [] }
        var units: [TranslationUnit] = []
        while let unit = try? reader.next() { units.append(unit) }
        return units
    }

    static func check(_ units: [TranslationUnit]) {
        for unit in units {
            #expect(SQLiteMemoryStore.body(of: unit) == SQLiteMemoryStore.bodyThroughValues(of: unit), "\(unit.id ?? "-")")
            var bytes: [UInt8] = []
            JSONLMemory.write(unit, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == JSONLMemory.encode(unit).serialized(), "\(unit.id ?? "-")")
        }
    }

    /// Units with every optional part: attributes on the unit and its variants, props and notes
    /// on both, inline codes, two variants in one language, no tuid, characters JSON escapes.
    @Test func everyPartOfAUnit() {
        let coded = SegmentContent([.text("Press "), .code(InlineCode(.bpt, attributes: [Attribute("i", "1")], content: SegmentContent(text: "<b>"))),
                                    .text("Save \"now\"\n"), .code(InlineCode(.ept, attributes: [Attribute("i", "1")], content: SegmentContent(text: "</b>")))])
        var english = Variant(language: .english, text: "Tab\there, quote \" and \\ and \u{1}")
        english.attributes = [Attribute("creationdate", "20240101T000000Z")]
        var korean = Variant(language: .korean, content: coded)
        korean.properties = [Property(type: "x-origin", value: "MT")]
        korean.notes = [Note("checked"), Note("with attributes", attributes: [Attribute("xml:lang", "en")])]
        let second = Variant(language: LanguageTag("ko-KR")!, text: "두 번째")
        Self.check([
            TranslationUnit(id: nil, variants: [Variant(language: .english, text: "Plain."), Variant(language: .korean, text: "평문.")]),
            TranslationUnit(id: "a\"b", attributes: [Attribute("changedate", "20240102T000000Z"), Attribute("usagecount", "3")],
                            properties: [Property(type: "x-client", value: "desk")], notes: [Note("unit note")],
                            variants: [english, korean, second, Variant(language: .korean, text: "again")]),
            TranslationUnit(id: "only-attributes", variants: [english, Variant(language: .korean, text: "속성")]),
        ])
    }

    /// Every unit of the real memories other tools wrote and of tmkit's own fixtures.
    @Test(.needsSharedData) func realMemories() throws {
        let folder = SharedData.path("tmx/corpus")
        var count = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".tmx") {
            let units = Self.units("\(folder)/\(name)")
            count += units.count
            Self.check(units)
        }
        for name in ["TMX/news.en-ko.tmx", "TMX/sample.en-ko.tmx", "Tests/TMXTests/Fixtures/inline-codes.tmx"] {
            let units = Self.units(root.appendingPathComponent(name).path)
            count += units.count
            Self.check(units)
        }
        #expect(count > 1000)
    }
}
