import Testing
import TMKitCore
import TMX

/// `tmx merge`'s duplicate policy, in the library.
@Suite struct MemoryMergeTests {
    static func unit(_ english: String, _ korean: String, changed: String?) -> TranslationUnit {
        TranslationUnit(attributes: changed.map { [Attribute("changedate", $0)] } ?? [],
                        variants: [Variant(language: .english, text: english), Variant(language: .korean, text: korean)])
    }

    /// Two memories: the second has a newer copy of the first one's unit (whitespace aside).
    static let memories: [[TranslationUnit]] = [
        [unit("The border was sealed.", "국경이 봉쇄됐다.", changed: "20240101T000000Z"),
         unit("Prices rose.", "가격이 올랐다.", changed: nil)],
        [unit("The border  was sealed. ", "국경이 봉쇄됐다.", changed: "20250101T000000Z"),
         unit("Traders left.", "상인들이 떠났다.", changed: nil)],
    ]

    static func merged(_ policy: DuplicatePolicy) -> [String?] {
        var merge = MemoryMerge(policy: policy)
        if policy.needsSurvey {
            for (file, units) in memories.enumerated() {
                for (index, unit) in units.enumerated() { merge.survey(unit, file: file, index: index) }
            }
        }
        var kept: [String?] = []
        for (file, units) in memories.enumerated() {
            for (index, unit) in units.enumerated() where merge.keeps(unit, file: file, index: index) {
                kept.append(unit.attributes.first?.value)
            }
        }
        #expect(merge.kept == kept.count)
        #expect(merge.kept + merge.dropped == 4)
        return kept
    }

    @Test func eachPolicyKeepsWhatItSays() {
        #expect(Self.merged(.newest) == [nil, "20250101T000000Z", nil])
        #expect(Self.merged(.first) == ["20240101T000000Z", nil, nil])
        #expect(Self.merged(.all).count == 4)
    }

    @Test func theHeaderIsTheFirstOnesWithAllLanguagesWhenTheyDisagree() {
        let english = TMXHeader.tmkit(sourceLanguage: "en"), korean = TMXHeader.tmkit(sourceLanguage: "ko")
        #expect(MemoryMerge.header(of: [english, english]).sourceLanguage == "en")
        #expect(MemoryMerge.header(of: [english, korean]).sourceLanguage == "*all*")
    }
}

@Suite struct DuplicateKeyTests {
    /// Units are duplicates when their languages and whitespace-collapsed texts are the same,
    /// whatever the kind of space; any other difference keeps them apart.
    @Test func keysFollowTheCollapsedText() {
        func key(_ en: String, _ ko: String) -> Int {
            TranslationUnit(variants: [Variant(language: .english, text: en), Variant(language: .korean, text: ko)]).duplicateKey
        }
        let base = key("The border was sealed.", "국경이 봉쇄됐다.")
        #expect(key("  The border\twas\n sealed. ", "국경이\u{3000}봉쇄됐다.") == base)
        #expect(key("The border\u{A0}was sealed.", "국경이  봉쇄됐다.\u{2028}") == base)
        #expect(key("The border was sealed", "국경이 봉쇄됐다.") != base)
        #expect(key("The borderwas sealed.", "국경이 봉쇄됐다.") != base)
        #expect(key("The border was sealed.", "국경이 봉쇄됐다") != base)
        // The two texts are not one run: moving a word from one to the other changes the key.
        #expect(key("The border was", "sealed. 국경이 봉쇄됐다.") != key("The border was sealed.", "국경이 봉쇄됐다."))
    }
}
