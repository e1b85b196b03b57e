import Foundation
@testable import Glossary
import Testing
import TMKitCore

@Suite struct TermMatcherTests {
    static let glossary: TermBase = {
        var glossary = TermBase()
        func add(_ en: [String], _ ko: [String], id: String) {
            var entry = GlossaryEntry(id: id)
            for term in en { entry.add(Term(term), language: .english) }
            for term in ko { entry.add(Term(term), language: .korean) }
            glossary.entries.append(entry)
        }
        add(["Ministry of People's Security", "MPS"], ["인민보안부"], id: "mps")
        add(["State Security Department", "SSD"], ["국가안전보위부", "보위부"], id: "ssd")
        add(["100-day battle"], ["100일 전투"], id: "100")
        add(["defector"], ["탈북자"], id: "defector")
        add(["security agency"], ["보안기관"], id: "agency")
        add(["smuggle"], ["밀수"], id: "smuggle")
        add(["Party"], ["당"], id: "party")
        add(["Daily NK"], ["데일리NK"], id: "dnk")
        add(["party secretary"], ["당비서"], id: "secretary")
        add(["Pyongyang"], ["평양"], id: "pyongyang")
        add(["new"], ["새"], id: "new")
        return glossary
    }()

    func found(_ text: String, _ language: LanguageTag = .english) -> [String] {
        let matcher = TermMatcher(glossary: Self.glossary, language: language)
        return matcher.matches(in: text).map { match in
            String(decoding: Array(text.utf8)[match.range], as: UTF8.self) + "=" + (Self.glossary.entries[match.entryIndex].id ?? "")
        }
    }

    // English

    @Test func multiWordCaseInsensitiveLeftmostLongest() {
        #expect(found("The ministry of people's security and the party secretary met.")
            == ["ministry of people's security=mps", "party secretary=secretary"])
        #expect(found("The Party Secretary's office") == ["Party Secretary's=secretary"])
    }

    @Test func acronymsMatchOnlyAsWritten() {
        #expect(found("MPS and SSD agents") == ["MPS=mps", "SSD=ssd"])
        #expect(found("mps and ssd, Daily nk") == [])
        #expect(found("DAILY NK reported") == ["DAILY NK=dnk"])  // only the all-capital word keeps its case
    }

    @Test func apostrophesQuotesAndHyphens() {
        #expect(found("Ministry of People’s Security") == ["Ministry of People’s Security=mps"])
        #expect(found("a 100 day battle and a 100-day battle") == ["100 day battle=100", "100-day battle=100"])
        #expect(found("a 100-day\nbattle") == ["100-day\nbattle=100"])
        #expect(found("a 100-day, battle") == [])
    }

    @Test func pluralsPossessivesAndLightInflection() {
        #expect(found("Defectors and the defector’s family; defectors’ families") ==
            ["Defectors=defector", "defector’s=defector", "defectors’=defector"])
        #expect(found("security agencies") == ["security agencies=agency"])
        #expect(found("smuggling, smuggled and smuggles") == ["smuggling=smuggle", "smuggled=smuggle", "smuggles=smuggle"])
        #expect(found("100-day battles") == ["100-day battles=100"])
        #expect(found("the Party’s line") == ["Party’s=party"])
    }

    @Test func unrelatedWordsDoNotMatch() {
        #expect(found("partying, parts, Pyongyangese, renew, newsroom") == [])
        #expect(found("smuggler") == [])
    }

    @Test func unicodeNormalization() {
        // NFKC: full-width letters, ligatures; full-width capitals stay an acronym.
        #expect(found("Ｐｙｏｎｇｙａｎｇ") == ["Ｐｙｏｎｇｙａｎｇ=pyongyang"])
        #expect(found("Ｄａｉｌｙ ＮＫ and the ＭＰＳ") == ["Ｄａｉｌｙ ＮＫ=dnk", "ＭＰＳ=mps"])
        #expect(found("the ﬁrst new defector") == ["new=new", "defector=defector"])
        #expect(found("ＤＥＦＥＣＴＯＲ") == ["ＤＥＦＥＣＴＯＲ=defector"])
    }

    // Korean

    @Test func koreanTermsWithParticles() {
        #expect(found("인민보안부가 평양에서 국가안전보위부의 지시를", .korean) == ["인민보안부=mps", "평양=pyongyang", "국가안전보위부=ssd"])
        #expect(found("보안기관들에 대한 보위부와의 협력", .korean) == ["보안기관=agency", "보위부=ssd"])
        #expect(found("‘100일 전투’를 벌였다", .korean) == ["100일 전투=100"])
        #expect(found("데일리NK가 전했다", .korean) == ["데일리NK=dnk"])
        // Cut from the key's bytes: the plural alone, a one-syllable term with a particle, a
        // word that is only a particle, the longest particles.
        #expect(found("탈북자들 모두 왔다", .korean) == ["탈북자=defector"])
        #expect(found("당이 결정했다 이 가 는", .korean) == ["당=party"])
        #expect(found("평양에서부터 밀수조차", .korean) == ["평양=pyongyang", "밀수=smuggle"])
    }

    /// A word whose key is shorter than its text (full-width Latin keys as ASCII): the term
    /// before the particle ends where the text's term ends, never inside a character.
    @Test func aKoreanTermSpelledWiderThanItsKeyEndsOnACharacter() {
        #expect(found("데일리ＮＫ가 전했다", .korean) == ["데일리ＮＫ=dnk"])
        #expect(found("평양의 데일리ｎｋ에서도", .korean) == ["평양=pyongyang", "데일리ｎｋ=dnk"])
    }

    @Test func aKoreanTermInsideALongerWordDoesNotMatch() {
        #expect(found("사회보위부가 당비서를 만나 당국에 보고했다", .korean) == ["당비서=secretary"])
        #expect(found("탈북자들이 밀수꾼과", .korean) == ["탈북자=defector"])
    }

    @Test func spansPointIntoTheText() {
        let text = "Kim met MPS officers. 평양에서"
        let matcher = TermMatcher(glossary: Self.glossary, language: .english)
        let match = try! #require(matcher.matches(in: text).first)
        #expect(Array(text.utf8)[match.range] == Array("MPS".utf8)[...])
        #expect(match.range == 8..<11)
        #expect(match.term.text == "MPS")
        #expect(match.language == .english)
    }

    // Both directions and QA

    @Test func termCheckFindsMissingTargetsAndForbiddenTerms() throws {
        var glossary = Self.glossary
        var defector = glossary.entries[3]
        defector.add(Term("배신자", status: .forbidden), language: .korean)
        glossary.entries[3] = defector
        let check = TermCheck(glossary: glossary, source: .english, target: .korean)
        #expect(check.check(source: "The MPS arrested a defector.", target: "인민보안부가 탈북자를 체포했다.").isEmpty)
        let issues = check.check(source: "The MPS arrested a defector.", target: "보안원이 배신자를 체포했다.")
        // The forbidden word stands where the allowed one should: both are reported.
        #expect(issues.map(\.description) == [
            "'MPS' (4–7) needs 인민보안부 in the target",
            "'defector' (19–27) needs 탈북자 in the target",
            "'배신자' (13–22) is not to be used; use 탈북자",
        ])
        let reverse = TermCheck(glossary: glossary, source: .korean, target: .english)
        #expect(reverse.check(source: "평양에서", target: "In Pyongyang").isEmpty)
        #expect(reverse.check(source: "평양에서", target: "In the capital").map(\.kind) == [.missingTarget])
    }

    @Test func theMasterGlossaryFindsTheSampleArticlesTerms() throws {
        let glossary = try Fixtures.glossary()
        for (file, language) in [("en", LanguageTag.english), ("ko", .korean)] {
            let expected = String(decoding: try Fixtures.bytes("Examples/article.\(file).terms.tsv"), as: UTF8.self)
                .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line -> String in
                    let fields = line.split(separator: "\t")
                    return "\(fields[0])\t\(fields[1])\t\(fields[2])"
                }
            let document = try TextDocument(decoding: Fixtures.bytes("Examples/article.\(file).txt"))
            let matcher = TermMatcher(glossary: glossary, language: language)
            var counts: [String: Int] = [:]
            var order: [String] = []
            document.utf8.withUnsafeBufferPointer { bytes in
                for match in matcher.matches(in: bytes, range: 0..<bytes.count) {
                    let key = "\(glossary.entries[match.entryIndex].id ?? "")\t\(match.term.text)"
                    if counts[key] == nil { order.append(key) }
                    counts[key, default: 0] += 1
                }
            }
            #expect(order.map { "\($0)\t\(counts[$0]!)" } == expected, "article.\(file)")
        }
    }

    @Test func englishInflectionsAreCutFromBytes() {
        func stems(_ word: String) -> [String] {
            var word = word
            var stems: [String] = []
            word.withUTF8 { TermMatcher.forEachEnglishStem($0) { stems.append(String(decoding: $0, as: UTF8.self) + ($1 ? "+v" : "")) } }
            return stems
        }
        #expect(stems("agencies") == ["agency", "agenci", "agencie"])
        #expect(stems("party's") == ["party"])
        #expect(stems("workers'") == ["workers", "worker"])
        #expect(stems("running") == ["runn+v", "runne+v", "run+v"])
        #expect(stems("smuggled") == ["smuggl+v", "smuggle+v"])
        #expect(stems("carried") == ["carri+v", "carrie+v", "carry+v"])
        #expect(stems("glass") == [])  // -ss is not a plural
        #expect(stems("bus") == [])  // too short to inflect
        #expect(stems("cafés") == ["café"])  // lengths count letters, not bytes
    }

    @Test func thousandsOfTermsAreAllFound() {
        // Enough terms that the byte tables grow and rehash many times.
        var glossary = TermBase()
        var words: [String] = []
        for index in 0..<5_000 {
            var entry = GlossaryEntry(id: "t\(index)")
            let word = "zorb\(String(index, radix: 26))"
            entry.add(Term("\(word) unit"), language: .english)
            entry.add(Term("조르\(index)호"), language: .korean)
            glossary.entries.append(entry)
            words.append(word)
        }
        let english = TermMatcher(glossary: glossary, language: .english)
        #expect(english.termCount == 5_000)
        let text = words.map { "The \($0) units left." }.joined(separator: " ")
        let found = english.matches(in: text)
        #expect(found.map(\.entryIndex) == Array(0..<5_000))
        let korean = TermMatcher(glossary: glossary, language: .korean)
        let koreanText = (0..<5_000).map { "조르\($0)호가 떠났다." }.joined(separator: " ")
        #expect(korean.matches(in: koreanText).map(\.entryIndex) == Array(0..<5_000))
        #expect(english.matches(in: "zorbzz unit zorb unit").isEmpty)
    }

    /// A counter after a number is a term of its own (70주년); 간 "between" may follow a term
    /// (북한간의) as particles do; a term inside a longer word still does not match.
    @Test func koreanCountersAndBetween() {
        var glossary = TermBase()
        for (id, en, ko) in [("anniversary", "anniversary", "주년"), ("nk", "North Korea", "북한"), ("battle", "100-day battle", "100일 전투")] {
            var entry = GlossaryEntry(id: id)
            entry.add(Term(en), language: .english)
            entry.add(Term(ko), language: .korean)
            glossary.entries.append(entry)
        }
        let matcher = TermMatcher(glossary: glossary, language: .korean)
        func found(_ text: String) -> [String] {
            matcher.matches(in: text).map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) }
        }
        #expect(found("노동당 창건 70주년을 앞두고") == ["주년"])
        #expect(found("‘범죄와의 100일 전투’를") == ["100일 전투"])
        #expect(found("2100일 전투") == [])
        #expect(found("라이스 국무장관과 북한간의 회담") == ["북한"])
        #expect(found("남북한 정상") == [])
        // 간 only after two syllables or more, and not where it ends a word of its own.
        var more = glossary
        for (id, en, ko) in [("general", "general", "대장"), ("city", "city", "시")] {
            var entry = GlossaryEntry(id: id)
            entry.add(Term(en), language: .english)
            entry.add(Term(ko), language: .korean)
            more.entries.append(entry)
        }
        let wider = TermMatcher(glossary: more, language: .korean)
        #expect(wider.matches(in: "마을 대장간에서 시간을 보냈다").isEmpty)
        #expect(wider.matches(in: "대장과 시에서").count == 2)
    }
}

