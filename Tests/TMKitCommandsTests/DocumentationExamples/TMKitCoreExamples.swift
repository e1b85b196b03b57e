import Foundation
import Testing
import TMKitCore

/// The examples of `TMKitCore.docc`, run on the shipped article.
@Suite struct TMKitCoreExamples {
    @Test func decodingATextFile() throws {
        let bytes = try Checkout.bytes("Examples/article.en.txt")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let document = try TextDocument(decoding: bytes, file: "article.en.txt")
        print(document.encoding, document.utf8.count)
        print(document.collapsedText(in: 0..<56))

        #expect(document.encoding == .utf8)
        #expect(printed == ["utf8 \(bytes.count)", "‘Battle against crime’ ahead of Party Foundation Day"])

        do {
            _ = try TextDocument(decoding: [0x41, 0x42, 0xFF], file: "broken.txt")
        } catch {
            print(error)
        }

        #expect(printed.count == 3)
        #expect(printed.last == "broken.txt: invalid UTF-8 at byte 2")
    }

    @Test func readingLanguageTags() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let tag = LanguageTag("EN_us")!
        print(tag.normalized, tag.language)
        print(tag.matchRank(for: .english) ?? -1, LanguageTag.english.matchRank(for: tag) ?? -1)
        let northKorean = try LanguageTag(validating: "ko_KP")
        let name = try? LanguageTag(validating: "korean")

        #expect(printed == ["en-US en", "1 2"])
        #expect(northKorean.normalized == "ko-KP")
        #expect(name == nil)
        #expect(throws: LanguageTagError(.unknownLanguage(suggestion: "ko"), value: "korean")) {
            try LanguageTag(validating: "korean")
        }
    }

    @Test func buildingAUnitWithInlineCodes() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let source = SegmentContent([
            .text("The "),
            .code(InlineCode(.bpt, attributes: [Attribute("i", "1")], content: SegmentContent(text: "<b>"))),
            .text("State Security Department"),
            .code(InlineCode(.ept, attributes: [Attribute("i", "1")], content: SegmentContent(text: "</b>"))),
            .text(" sent agents."),
        ])
        let unit = TranslationUnit(id: "news-1", variants: [
            Variant(language: .english, content: source),
            Variant(language: .korean, text: "국가안전보위부가 요원들을 보냈다."),
        ])
        print(unit.variant(.english)?.content.plainText ?? "")
        print(source.allCodes.map(\.kind.rawValue))

        #expect(printed == ["The State Security Department sent agents.", #"["bpt", "ept"]"#])
        #expect(source.hasInlineCodes)
        #expect(source.allCodes.map(\.i) == ["1", "1"])
        #expect(unit.variant(.korean)?.content.plainText == "국가안전보위부가 요원들을 보냈다.")
        #expect(unit.variants.count == 2)
    }
}
