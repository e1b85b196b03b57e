import Foundation
@testable import Segmentation
import SharedTestData
import Testing
import TMKitCore

/// An SRX 2.0 file around `languageRules` and `maps` (XML fragments).
func srxFile(cascade: Bool, _ languageRules: String, maps: String) -> [UInt8] {
    Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <srx xmlns="http://www.lisa.org/srx20" version="2.0">
        <header segmentsubflows="yes" cascade="\(cascade ? "yes" : "no")"/>
        <body>
        <languagerules>
        \(languageRules)
        </languagerules>
        <maprules>
        \(maps)
        </maprules>
        </body>
        </srx>
        """.utf8)
}

/// The segments of `text` under `rules` for `language`, the no-loss invariant checked.
func srxSentences(
    _ text: String, _ rules: SRXRules, language: LanguageTag = .english, icuFallback: Bool = false,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> [String] {
    let document = TextDocument(text)
    let segmenter = try SRXSegmenter(rules: rules, language: language, icuFallback: icuFallback)
    let segments = segmenter.segments(of: document)
    expectNoLoss(document, segments, sourceLocation: sourceLocation)
    return segments.map { document.text(of: $0) }
}

@Suite struct SRXApplyTests {
    static let abbreviations = try! SRXRules.read(srxFile(cascade: false, """
        <languagerule languagerulename="en">
          <rule break="no"><beforebreak>\\b(Mr|Dr)\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
          <rule break="yes"><beforebreak>[.?!]</beforebreak><afterbreak>\\s</afterbreak></rule>
        </languagerule>
        """, maps: #"<languagemap languagepattern=".*" languagerulename="en"/>"#))

    @Test func noBreakBeforeBreak() throws {
        #expect(try srxSentences("Mr. Smith met Dr. Kim. They talked! Then? Mrs. Lee left.", Self.abbreviations)
            == ["Mr. Smith met Dr. Kim.", "They talked!", "Then?", "Mrs.", "Lee left."])
    }

    @Test func breakBeforeNoBreakWins() throws {
        // The same rules in the other order: the break rule decides first everywhere.
        let rules = try SRXRules.read(srxFile(cascade: false, """
            <languagerule languagerulename="en">
              <rule break="yes"><beforebreak>[.?!]</beforebreak><afterbreak>\\s</afterbreak></rule>
              <rule break="no"><beforebreak>\\b(Mr|Dr)\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            </languagerule>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="en"/>"#))
        #expect(try srxSentences("Mr. Smith met Dr. Kim. They talked.", rules)
            == ["Mr.", "Smith met Dr.", "Kim.", "They talked."])
    }

    @Test func lookBehind() throws {
        // A negative look-behind inside beforebreak, and a positive one.
        let rules = try SRXRules.read(srxFile(cascade: false, """
            <languagerule languagerulename="en">
              <rule break="yes"><beforebreak>(?&lt;!\\bNo)\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
              <rule break="yes"><beforebreak>(?&lt;=\\d)%</beforebreak><afterbreak>\\s+\\p{Lu}</afterbreak></rule>
            </languagerule>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="en"/>"#))
        #expect(try srxSentences("Room No. 5 is here. Go now. It rose 5% Then fell 5% again.", rules)
            == ["Room No. 5 is here.", "Go now.", "It rose 5%", "Then fell 5% again."])
    }

    @Test func unboundedPatternOutsideTheSubset() throws {
        // Look-around and an unbounded repeat: neither tmkit's matcher nor an ICU look-behind
        // can take it, so ICU searches the text before the position.
        let rules = try SRXRules.read(srxFile(cascade: false, """
            <languagerule languagerulename="en">
              <rule break="yes"><beforebreak>(?&lt;!\\d)[a-z]+(?:ing|ed)\\.(?!\\.)</beforebreak><afterbreak>\\s</afterbreak></rule>
            </languagerule>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="en"/>"#))
        let text = "He was walking. Then he stopped. Now 5ed. Or x.. Done."
        #expect(try srxSentences(text, rules) == ["He was walking.", "Then he stopped.", "Now 5ed. Or x.. Done."])
        let segmenter = try SRXSegmenter(rules: rules, language: .english, icuFallback: false)
        #expect(segmenter.breaks(in: text) == segmenter.referenceBreaks(in: text))
    }

    @Test func onlyAfterBreak() throws {
        let rules = try SRXRules.read(srxFile(cascade: false, """
            <languagerule languagerulename="any">
              <rule break="yes"><afterbreak>•</afterbreak></rule>
            </languagerule>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="any"/>"#))
        #expect(try srxSentences("Items: • one • two•three", rules) == ["Items:", "• one", "• two", "•three"])
    }

    @Test func onlyBeforeBreak() throws {
        let rules = try SRXRules.read(srxFile(cascade: false, """
            <languagerule languagerulename="any">
              <rule break="yes"><beforebreak>;</beforebreak></rule>
            </languagerule>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="any"/>"#))
        #expect(try srxSentences("a; b;c;", rules) == ["a;", "b;", "c;"])
    }

    static func cascading(_ cascade: Bool) throws -> SRXRules {
        try SRXRules.read(srxFile(cascade: cascade, """
            <languagerule languagerulename="English">
              <rule break="no"><beforebreak>\\bDr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            </languagerule>
            <languagerule languagerulename="Default">
              <rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            </languagerule>
            """, maps: """
            <languagemap languagepattern="[Ee][Nn].*" languagerulename="English"/>
            <languagemap languagepattern=".*" languagerulename="Default"/>
            """))
    }

    @Test func cascadeOn() throws {
        let rules = try Self.cascading(true)
        #expect(rules.maps(for: .english).map(\.ruleName) == ["English", "Default"])
        #expect(try srxSentences("Dr. Kim left. He ran.", rules) == ["Dr. Kim left.", "He ran."])
        #expect(try srxSentences("Dr. Kim ging. Er lief.", rules, language: LanguageTag("de")!)
            == ["Dr.", "Kim ging.", "Er lief."])
    }

    @Test func cascadeOff() throws {
        let rules = try Self.cascading(false)
        #expect(rules.maps(for: .english).map(\.ruleName) == ["English"])
        // Only the English rules: no rule breaks at all.
        #expect(try srxSentences("Dr. Kim left. He ran.", rules) == ["Dr. Kim left. He ran."])
        // With ICU as the fallback, ICU breaks where English says nothing.
        #expect(try srxSentences("Dr. Kim left. He ran.", rules, icuFallback: true) == ["Dr. Kim left.", "He ran."])
        #expect(try srxSentences("Dr. Kim ging. Er lief.", rules, language: LanguageTag("de")!)
            == ["Dr.", "Kim ging.", "Er lief."])
    }

    static func ordered(_ first: String, _ second: String, cascade: Bool) throws -> SRXRules {
        try SRXRules.read(srxFile(cascade: cascade, """
            <languagerule languagerulename="semicolon">
              <rule break="yes"><beforebreak>;</beforebreak><afterbreak>\\s</afterbreak></rule>
              <rule break="no"><beforebreak>\\.</beforebreak><afterbreak>\\s\\p{Ll}</afterbreak></rule>
            </languagerule>
            <languagerule languagerulename="stop">
              <rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            </languagerule>
            """, maps: """
            <languagemap languagepattern="\(first)" languagerulename="semicolon"/>
            <languagemap languagepattern="\(second)" languagerulename="stop"/>
            """))
    }

    @Test func mapOrder() throws {
        let text = "One; two. three. Four."
        // Without cascade the first map that matches wins, whichever it is.
        #expect(try srxSentences(text, Self.ordered("en.*", ".*", cascade: false)) == ["One;", "two. three. Four."])
        #expect(try srxSentences(text, Self.ordered(".*", "en.*", cascade: false)) == ["One;", "two. three. Four."])
        #expect(try srxSentences(text, Self.ordered("ko.*", ".*", cascade: false)) == ["One; two.", "three.", "Four."])
        // With cascade the maps' rules are tried in map order: the no-break before a lower-case
        // word comes first, so only "three." breaks.
        #expect(try srxSentences(text, Self.ordered("en.*", ".*", cascade: true)) == ["One;", "two. three.", "Four."])
        let swapped = try SRXRules.read(srxFile(cascade: true, """
            <languagerule languagerulename="semicolon">
              <rule break="yes"><beforebreak>;</beforebreak><afterbreak>\\s</afterbreak></rule>
              <rule break="no"><beforebreak>\\.</beforebreak><afterbreak>\\s\\p{Ll}</afterbreak></rule>
            </languagerule>
            <languagerule languagerulename="stop">
              <rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            </languagerule>
            """, maps: """
            <languagemap languagepattern=".*" languagerulename="stop"/>
            <languagemap languagepattern="en.*" languagerulename="semicolon"/>
            """))
        #expect(try srxSentences(text, swapped) == ["One;", "two.", "three.", "Four."])
    }

    @Test func icuFallbackYieldsToRules() throws {
        // ICU breaks after "Dr. " only where no rule decides; a no-break rule at the full stop wins.
        let rules = try SRXRules.read(srxFile(cascade: false, """
            <languagerule languagerulename="en">
              <rule break="no"><beforebreak>\\bProf\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            </languagerule>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="en"/>"#))
        #expect(try srxSentences("Prof. Kim came. He left.", rules, icuFallback: true) == ["Prof. Kim came.", "He left."])
        #expect(try srxSentences("Prof. Kim came. He left.", rules, icuFallback: false) == ["Prof. Kim came. He left."])
    }

    @Test func nonASCII() throws {
        let rules = try SRXRules.read(srxFile(cascade: false, """
            <languagerule languagerulename="any">
              <rule break="no"><beforebreak>\\b\\p{Lu}\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
              <rule break="yes"><beforebreak>[.?!。]</beforebreak><afterbreak>\\s*\\P{Ll}</afterbreak></rule>
            </languagerule>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="any"/>"#))
        #expect(try srxSentences("Émile É. Zola vint. Ça va. 終わった。次だ。", rules)
            == ["Émile É. Zola vint.", "Ça va.", "終わった。", "次だ。"])
    }
}

@Suite struct SRXFileTests {
    static func okapi() throws -> SRXRules {
        try SRXRules.read(SharedData.bytes("segmentation/okapi_default_icu4j.srx"), file: "okapi.srx")
    }

    static func omegat() throws -> SRXRules {
        try SRXRules.read(Checkout.bytes("Tests/SegmentationTests/Fixtures/omegat_defaults.srx"), file: "omegat.srx")
    }

    @Test(.needsSharedData) func okapiLoads() throws {
        let rules = try Self.okapi()
        #expect(rules.cascade)
        #expect(rules.segmentSubflows)
        #expect(rules.formatHandles.count == 3)
        #expect(rules.languageRules.map(\.name)
            == ["English", "Spanish", "French", "Russian", "Dutch", "Portuguese", "Italian", "German", "Default"])
        #expect(rules.languageRules.reduce(0) { $0 + $1.rules.count } == 2223)
        #expect(rules.maps(for: .english).map(\.ruleName) == ["English", "Default"])
        #expect(rules.maps(for: .korean).map(\.ruleName) == ["Default"])
        #expect(rules.rules(for: .english).count == 168)
    }

    /// Okapi's rules on sentences from its own sample, each decided by a named rule.
    @Test(.needsSharedData) func okapiSegments() throws {
        let rules = try Self.okapi()
        // "Dr." no-break; "too?" Default break before a capital; "vs." and "Rev." no-break;
        // "Nov." no-break before a digit; ":" breaks before a capital (Default); "(e.g.:" no-break.
        let text = "Is Dr. Watson from there too? Yes: both are. Dr. Holmes vs. Rev. Kramer. "
            + "On Nov. 3rd and in Dec. 1934. It's very easy: First you write a check. "
            + "Normal sentence (question in parenthesis?) lowercase end. (e.g.: the cat). Test!?. More."
        let expected = [
            "Is Dr. Watson from there too?", "Yes: both are.", "Dr. Holmes vs. Rev. Kramer.",
            "On Nov. 3rd and in Dec. 1934.", "It's very easy:", "First you write a check.",
            "Normal sentence (question in parenthesis?) lowercase end.", "(e.g.: the cat).", "Test!?.", "More.",
        ]
        #expect(try srxSentences(text, rules, icuFallback: true) == expected)
        #expect(try srxSentences(text, rules, icuFallback: false) == expected)
    }

    @Test(.needsSharedData) func okapiOnTheArticle() throws {
        let rules = try Self.okapi()
        let document = try TextDocument(decoding: Checkout.bytes("Examples/article.en.txt"))
        for (icu, count) in [(true, 19), (false, 18)] {
            let segments = try SRXSegmenter(rules: rules, language: .english, icuFallback: icu).segments(of: document)
            expectNoLoss(document, segments)
            #expect(segments.count == count, "icuFallback: \(icu)")
        }
    }

    @Test(.needsSharedData) func okapiOnTheGoldenRules() throws {
        struct Case: Decodable { let text: String; let expected: [String] }
        let cases = try JSONDecoder().decode(
            [Case].self, from: Data(SharedData.bytes("segmentation/golden_rules_en.json")))
        let rules = try Self.okapi()
        for (icu, passing) in [(true, 37), (false, 38)] {
            let segmenter = try SRXSegmenter(rules: rules, language: .english, icuFallback: icu)
            let passed = cases.filter { segmenter.sentences(in: $0.text) == $0.expected }.count
            #expect(passed == passing, "icuFallback: \(icu)")
        }
    }

    @Test func omegatLoadsAndSegments() throws {
        let rules = try Self.omegat()
        #expect(rules.cascade)
        #expect(rules.maps(for: .english).map(\.ruleName) == ["English", "Default"])
        #expect(rules.maps(for: LanguageTag("ja")!).map(\.ruleName) == ["Japanese", "Default"])
        #expect(rules.maps(for: LanguageTag("fr")!).map(\.ruleName) == ["Default"])
        let text = "Mr. Smith met Dr. K. Jones at 5 p.m. on Friday, e.g. at the U.S. embassy etc. and left. "
            + "He was tired. “Why?” They asked. See No. 5 now! Ok.\n\n1. The list. It ends."
        // “ is no capital letter, so the rules do not break before “Why?”; the list rule holds
        // only at the start of a paragraph.
        #expect(try srxSentences(text, rules) == [
            "Mr. Smith met Dr. K. Jones at 5 p.m. on Friday, e.g. at the U.S. embassy etc. and left.",
            "He was tired. “Why?”", "They asked.", "See No. 5 now!", "Ok.", "1. The list.", "It ends.",
        ])
        #expect(try srxSentences("始まった。終わった。", rules, language: LanguageTag("ja")!) == ["始まった。", "終わった。"])
    }
}

@Suite struct SRXErrorTests {
    func error(_ bytes: [UInt8]) -> SegmentationError? {
        do {
            _ = try SRXRules.read(bytes, file: "rules.srx")
            return nil
        } catch {
            return error
        }
    }

    func error(_ text: String) -> SegmentationError? { error(Array(text.utf8)) }

    @Test func malformedXML() throws {
        let failure = try #require(error("<srx version=\"2.0\">\n<header cascade=\"yes\">\n</srx>\n"))
        #expect(failure.location?.file == "rules.srx")
        #expect(failure.location?.line == 3)
        #expect(failure.location?.column != nil)
    }

    @Test func invalidRegexNamesLineAndRule() throws {
        let failure = try #require(error(srxFile(cascade: false, """
            <languagerule languagerulename="en">
              <rule break="no"><beforebreak>\\bMr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
              <rule break="yes">
                <beforebreak>[.?!</beforebreak>
              </rule>
            </languagerule>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="en"/>"#)))
        #expect(failure.location?.line == 8)
        #expect(failure.location?.column != nil)
        #expect(failure.message.contains("rule 2 of languagerule 'en'"))
        #expect(failure.message.contains("<beforebreak>"))
        #expect(failure.message.contains("U_REGEX_MISSING_CLOSE_BRACKET"))
        #expect(failure.description.hasPrefix("rules.srx:8:"))
    }

    @Test func invalidAfterBreak() throws {
        let failure = try #require(error(srxFile(cascade: false, """
            <languagerule languagerulename="en">
              <rule><afterbreak>(a</afterbreak></rule>
            </languagerule>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="en"/>"#)))
        #expect(failure.location?.line == 7)
        #expect(failure.message.contains("<afterbreak> of rule 1 of languagerule 'en'"))
    }

    @Test func mapToUnknownRuleSet() throws {
        let failure = try #require(error(srxFile(cascade: false, """
            <languagerule languagerulename="en"/>
            """, maps: #"<languagemap languagepattern=".*" languagerulename="English"/>"#)))
        #expect(failure.message.contains("'English'"))
        #expect(failure.location?.line == 9)
    }

    @Test func invalidLanguagePattern() throws {
        let failure = try #require(error(srxFile(cascade: false, """
            <languagerule languagerulename="en"/>
            """, maps: #"<languagemap languagepattern="[en" languagerulename="en"/>"#)))
        #expect(failure.message.contains("languagepattern '[en'"))
        #expect(failure.location?.line == 9)
    }

    @Test func duplicateRuleSetName() throws {
        let failure = try #require(error(srxFile(cascade: false, """
            <languagerule languagerulename="en"/>
            <languagerule languagerulename="en"/>
            """, maps: "")))
        #expect(failure.message.contains("used twice"))
        #expect(failure.location?.line == 7)
    }

    @Test func badBreakValue() throws {
        let failure = try #require(error(srxFile(cascade: false, """
            <languagerule languagerulename="en">
              <rule break="maybe"><beforebreak>\\.</beforebreak></rule>
            </languagerule>
            """, maps: "")))
        #expect(failure.message == "break=\"maybe\" must be \"yes\" or \"no\"")
        #expect(failure.location?.line == 7)
    }

    @Test func badCascadeValue() throws {
        let failure = try #require(error(
            "<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n<header cascade=\"true\"/><body/></srx>"))
        #expect(failure.message.contains("cascade=\"true\""))
        #expect(failure.location?.line == 2)
    }

    @Test func wrongRootAndVersion() throws {
        #expect(error("<tmx version=\"1.4\"/>")?.message == "the root element is <tmx>, not <srx>")
        #expect(error("<srx version=\"1.0\"/>")?.message == "SRX version 1.0 is not supported; tmkit reads SRX 2.0")
        #expect(error("")?.location?.file == "rules.srx")
    }

    @Test func entitiesAreNotExpanded() throws {
        let failure = try #require(error("""
            <?xml version="1.0"?>
            <!DOCTYPE srx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <srx version="2.0"><body><languagerules><languagerule languagerulename="x">
            <rule><beforebreak>&xxe;</beforebreak></rule></languagerule></languagerules></body></srx>
            """))
        // Refused at the DOCTYPE, before the declaration is read.
        #expect(failure.location?.line == 2)
        #expect(failure.message.contains("DOCTYPE with an internal subset"))
    }

    @Test func foreignExtensionsAreIgnored() throws {
        let rules = try SRXRules.read(Array("""
            <srx xmlns="http://www.lisa.org/srx20" xmlns:x="urn:other" version="2.0">
            <header cascade="no"><x:options a="1"><rule break="maybe"/></x:options></header>
            <body><languagerules><languagerule languagerulename="en">
            <x:note>not a rule</x:note>
            <rule break="no"><beforebreak>a</beforebreak><x:comment>c</x:comment></rule>
            </languagerule></languagerules>
            <maprules><languagemap languagepattern=".*" languagerulename="en"/></maprules></body></srx>
            """.utf8))
        #expect(rules.languageRules.map(\.name) == ["en"])
        #expect(rules.languageRules[0].rules == [
            SRXRules.Rule(isBreak: false, beforeBreak: "a", line: 5, column: rules.languageRules[0].rules[0].column),
        ])
    }

    @Test func segmenterReportsRulesICURefuses() throws {
        // Rules built in code skip read(_:file:): the segmenter still refuses a bad pattern.
        #expect(throws: SegmentationError.self) {
            try SRXSegmenter(orderedRules: [SRXRules.Rule(isBreak: true, beforeBreak: "(")], language: .english)
        }
    }
}

/// The fast path (byte filters, candidate positions, tmkit's matcher) against ICU alone
/// trying every rule at every position.
@Suite struct SRXReferenceTests {
    static func paragraphs() throws -> [String] {
        var texts: [String] = []
        for path in ["Examples/article.en.txt", "Examples/article.ko.txt"] {
            let document = try TextDocument(decoding: Checkout.bytes(path))
            texts += Paragraphs.split(document).map { document.string(in: $0.range).replacingOccurrences(of: "\n", with: " ") }
        }
        struct Case: Decodable { let text: String }
        texts += try JSONDecoder().decode(
            [Case].self, from: Data(SharedData.bytes("segmentation/golden_rules_en.json"))).map(\.text)
        texts += EnglishCaseTests.cases.map(\.input) + KoreanCaseTests.cases.map(\.input)
        texts += [
            "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson from there too? Yes: both are. \"Right?\" Yes, indeed.",
            "Dr. Holmes vs. Rev. Kramer. In the U.S.: more to come. Right, e.g.: There is that. (e.g.: the cat). Test!?. More.",
            "Visit https://example.com/a?b=1 now. É. Zola vint. Ça va! 終わった。次だ。 i. ii. iii. 1.2.3 Go.",
            "See ﬁg. 3 and FIG. 4 or fig. 5. Then ß. Approx. Ten. ẞ. E.G. Now.",
            "Look at ﬁg. Three. And FIG. Four. Or ﬀ. Five. Then ǅr. Six.",
            "ÉTÉ. Été. K. Kim. (i) He left.) And... Then… “Why?” she asked. O.J. Simpson. Ph.D. thesis. No. 5. 3.5 km.",
        ]
        // ICU alone is slow (unbounded look-behinds are tried from every start): short texts.
        return texts.filter { $0.utf8.count <= 240 }
    }

    @Test(.needsSharedData, arguments: ["okapi_default_icu4j.srx", "omegat_defaults.srx"])
    func sameBreaksAsICUAlone(_ file: String) throws {
        let bytes = file.hasPrefix("okapi")
            ? try SharedData.bytes("segmentation/" + file) : try Checkout.bytes("Tests/SegmentationTests/Fixtures/" + file)
        let rules = try SRXRules.read(bytes, file: file)
        let texts = try Self.paragraphs()
        #expect(texts.count > 100)
        for language in file.hasPrefix("okapi") ? [LanguageTag.english] : [.english, LanguageTag("ja")!] {
            for icu in [true, false] {
                let segmenter = try SRXSegmenter(rules: rules, language: language, icuFallback: icu)
                for text in texts {
                    #expect(segmenter.breaks(in: text) == segmenter.referenceBreaks(in: text),
                            "\(file) \(language) icu: \(icu): \(text)")
                }
            }
        }
    }
}
