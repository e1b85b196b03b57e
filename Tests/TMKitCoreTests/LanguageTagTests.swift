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

    /// What a person types for --from/--to/--lang: tags of real languages pass (normalized),
    /// names and country codes are refused with the code to use.
    @Test(arguments: [
        ("en", "en"), ("ko-KR", "ko-KR"), ("en_US", "en-US"), ("KO", "ko"), ("zh-Hant-TW", "zh-Hant-TW"),
        ("yue", "yue"), ("x-house", "x-house"), ("i-klingon", "i-klingon"), ("kr", "kr"), ("iw", "iw"),
    ])
    func validatesWhatPeopleType(_ input: String, _ expected: String) throws {
        #expect(try LanguageTag(validating: input).normalized == expected)
    }

    @Test(arguments: [
        ("english", LanguageTagError.Kind.unknownLanguage(suggestion: "en")),
        ("Korean", .unknownLanguage(suggestion: "ko")),
        ("jp", .unknownLanguage(suggestion: "ja")),
        ("klingon", .unknownLanguage(suggestion: nil)),
        ("qq", .unknownLanguage(suggestion: nil)),
        ("kor", .longForm("ko")),
        ("eng-US", .longForm("en-US")),
        ("e n", .malformed),
        ("", .malformed),
        ("en--US", .malformed),
    ])
    func refusesWithTheCodeToUse(_ input: String, _ kind: LanguageTagError.Kind) {
        #expect(throws: LanguageTagError(kind, value: input)) { try LanguageTag(validating: input) }
    }

    @Test func messagesSayWhatToWrite() {
        #expect(LanguageTagError(.unknownLanguage(suggestion: "en"), value: "english").message == "'english' is not a language code; use en")
        #expect(LanguageTagError(.longForm("ko"), value: "kor").message == "'kor' has a two-letter code, which BCP 47 requires; use ko")
        #expect(LanguageTag("kr")!.caution == "'kr' is Kanuri; Korean is ko")
        #expect(LanguageTag("ko")!.caution == nil)
    }

    /// RFC 4647: the same tag first, then a more specific one, then the shorter one a request falls
    /// back to; another region never answers.
    @Test func bestMatchFollowsRFC4647() {
        let tags = ["en-GB", "en", "ko-KR", "en-US", "ko-KP"].map { LanguageTag($0)! }
        func best(_ requested: String) -> String? {
            LanguageTag.bestMatch(for: LanguageTag(requested)!, in: tags, language: { $0 })?.normalized
        }
        #expect(best("en") == "en")
        #expect(best("en-US") == "en-US")
        #expect(best("en-AU") == "en")
        #expect(best("ko") == "ko-KR")  // two more specific ones: the first
        #expect(best("ko-KP") == "ko-KP")
        #expect(best("ko-CN") == nil)
        #expect(best("ja") == nil)
        #expect(LanguageTag("en-US")!.matches(LanguageTag("en")!))
        #expect(LanguageTag("en")!.matches(LanguageTag("en-US")!))
        #expect(!LanguageTag("en-GB")!.matches(LanguageTag("en-US")!))
    }
}
