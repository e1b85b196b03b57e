import Testing
import TMKitCore

@Suite struct LanguageTagTests {
    @Test(arguments: [
        ("en", "en"), ("EN", "en"), ("en_US", "en-US"), ("EN-us", "en-US"), ("ko-kp", "ko-KP"),
        ("zh_hant_tw", "zh-Hant-TW"), ("es-419", "es-419"), ("de-CH-1996", "de-CH-1996"),
        ("x-klingon", "x-klingon"), ("en-US-x-Twain", "en-US-x-twain"), (" ko ", "ko"),
    ])
    func normalizes(_ input: String, _ expected: String) throws {
        let tag = try #require(LanguageTag(input))
        #expect(tag.normalized == expected)
        #expect(tag.original == input)
    }

    @Test(arguments: ["", "-", "e", "en_US_", "en--US", "en US", "12", "en-abcdefghi", "*all*"])
    func rejectsMalformedTags(_ input: String) {
        #expect(LanguageTag(input) == nil)
    }

    @Test func equalityIgnoresTheOriginalSpelling() {
        #expect(LanguageTag("en_US") == LanguageTag("EN-us"))
        #expect(Set([LanguageTag("ko")!, LanguageTag("KO")!]).count == 1)
        #expect(LanguageTag("ko-KP")!.language == "ko")
    }
}
