import Foundation
import SharedTestData
import Testing
import TMKitCommands

/// `tmkit segment --srx` and `tmkit srx check`, end to end.
@Suite struct SRXCommandTests {
    static let okapi = SharedData.path("segmentation/okapi_default_icu4j.srx")
    static let omegat = Checkout.path("Tests/SegmentationTests/Fixtures/omegat_defaults.srx")
    static let article = Checkout.path("Examples/article.en.txt")

    static func srx(cascade: Bool = false, _ rules: String, maps: String = #"<languagemap languagepattern=".*" languagerulename="r"/>"#) -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <srx xmlns="http://www.lisa.org/srx20" version="2.0">
            <header cascade="\(cascade ? "yes" : "no")"/>
            <body><languagerules>
            <languagerule languagerulename="r">
            \(rules)
            </languagerule>
            </languagerules><maprules>\(maps)</maprules></body></srx>
            """.utf8)
    }

    @Test(.needsSharedData) func segmentWithOkapiRules() {
        let withICU = tmkit(["segment", "--srx", Self.okapi, "--format", "jsonl", Self.article])
        #expect(withICU.code == 0)
        #expect(withICU.errors == "")
        #expect(withICU.output.split(separator: "\n").count == 19)
        let alone = tmkit(["segment", "--srx", Self.okapi, "--srx-only", "--format", "jsonl", Self.article])
        #expect(alone.code == 0)
        #expect(alone.output.split(separator: "\n").count == 18)
    }

    @Test func segmentWithRulesFromStandardInputText() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("rules.srx", Self.srx("""
            <rule break="no"><beforebreak>\\bDr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            <rule break="yes"><beforebreak>[.?!]</beforebreak><afterbreak>\\s+\\p{Lu}</afterbreak></rule>
            """))
        let result = tmkit("segment", "--srx", file, "--srx-only", "-", stdin: "Dr. Kim left. He ran! why? Yes.\n")
        #expect(result.code == 0)
        #expect(result.output == "Dr. Kim left.\nHe ran! why?\nYes.\n")
    }

    @Test func segmentWithOmegaTRulesAsTMX() {
        let result = tmkit(["segment", "--srx", Self.omegat, "--srx-only", "--lang", "en", "--format", "tmx", "-"],
                           stdin: Array("Mr. Smith left. He ran.\n".utf8))
        #expect(result.code == 0)
        #expect(result.output.contains("<seg>Mr. Smith left.</seg>"))
        #expect(result.output.contains("<seg>He ran.</seg>"))
    }

    @Test func srxOnlyNeedsSRX() {
        let result = tmkit(["segment", "--srx-only", Self.article])
        #expect(result.code == 2)
        #expect(result.errors.contains("--srx-only needs --srx FILE"))
    }

    @Test func missingAndBrokenRuleFiles() throws {
        let missing = tmkit(["segment", "--srx", "/nonexistent/rules.srx", Self.article])
        #expect(missing.code == 2)
        #expect(missing.errors.hasPrefix("tmkit: "))
        #expect(missing.output == "")

        let scratch = try ScratchDirectory()
        let file = try scratch.write("bad.srx", Self.srx("""
            <rule break="yes">
              <beforebreak>[.?!</beforebreak>
            </rule>
            """))
        let bad = tmkit(["segment", "--srx", file, Self.article])
        #expect(bad.code == 2)
        #expect(bad.errors.hasPrefix("tmkit: \(file):6:"))
        #expect(bad.errors.contains("invalid regular expression in <beforebreak> of rule 1 of languagerule 'r'"))
        #expect(bad.output == "")

        let malformed = try scratch.write("malformed.srx", Array("<srx version=\"2.0\">\n<body>\n</srx>\n".utf8))
        let broken = tmkit(["srx", "check", malformed])
        #expect(broken.code == 2)
        #expect(broken.errors.hasPrefix("tmkit: \(malformed):3:"))
    }

    @Test func warnsWhenNoMapCoversTheLanguage() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("en.srx", Self.srx(
            #"<rule><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>"#,
            maps: #"<languagemap languagepattern="en.*" languagerulename="r"/>"#))
        let result = tmkit("segment", "--srx", file, "--lang", "ko", "-", stdin: "하나. 둘.\n")
        #expect(result.code == 0)
        #expect(result.errors == "tmkit: warning: \(file) maps no rules to 'ko'; ICU alone decides\n")
    }

    @Test(.needsSharedData) func checkListsMapsAndCounts() {
        let result = tmkit(["srx", "check", Self.okapi])
        #expect(result.code == 0)
        #expect(result.output.contains("SRX 2.0, cascade yes, 9 rule sets, 2223 rules, 9 language maps"))
        #expect(result.output.contains("  [Ee][Nn].*  →  English  (165 rules: 1 break, 164 no-break)  line"))
        #expect(result.output.contains("  .*  →  Default  (3 rules: 2 break, 1 no-break)"))
        #expect(result.output.hasSuffix("no findings\n"))
    }

    @Test func checkReportsShadowedAndNeverMatchingRules() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("findings.srx", Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <srx xmlns="http://www.lisa.org/srx20" version="2.0">
            <header cascade="no"/>
            <body><languagerules>
            <languagerule languagerulename="r">
            <rule break="no"><beforebreak>\\bDr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            <rule break="yes"><beforebreak>\\bDr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            <rule break="yes"><beforebreak>\\.</beforebreak></rule>
            <rule break="no"><beforebreak>\\.</beforebreak><afterbreak>\\s\\p{Ll}</afterbreak></rule>
            <rule break="yes"><beforebreak>!</beforebreak><afterbreak>^A</afterbreak></rule>
            <rule break="yes"><beforebreak>end$</beforebreak></rule>
            </languagerule>
            <languagerule languagerulename="unused"/>
            </languagerules><maprules>
            <languagemap languagepattern=".*" languagerulename="r"/>
            <languagemap languagepattern="en.*" languagerulename="r"/>
            </maprules></body></srx>
            """.utf8))
        let result = tmkit(["srx", "check", file])
        #expect(result.code == 1)
        let findings = result.output.split(separator: "\n").filter { $0.hasPrefix(file + ":") }
            .map { String($0.dropFirst(file.count + 1)) }.filter { $0.first?.isNumber == true }
        #expect(findings.count == 6)
        #expect(findings.contains { $0.hasPrefix("7:") && $0.contains("shadowed: rule 2 of 'r' is shadowed by rule 1 (line 6)") })
        #expect(findings.contains { $0.hasPrefix("9:") && $0.contains("shadowed: rule 4 of 'r' is shadowed by rule 3 (line 8)") })
        #expect(findings.contains { $0.hasPrefix("10:") && $0.contains("never-matches: rule 5 of 'r'") })
        #expect(findings.contains { $0.hasPrefix("11:") && $0.contains("never-matches: rule 6 of 'r'") })
        #expect(findings.contains { $0.hasPrefix("16:") && $0.contains("unreachable-map: languagemap 'en.*'") })
        #expect(findings.contains { $0.hasPrefix("13:") && $0.contains("unused-rule-set: languagerule 'unused'") })
        #expect(result.output.hasSuffix("6 findings\n"))
    }

    @Test func checkAsJSON() throws {
        let result = tmkit(["srx", "check", "--format", "json", Self.omegat])
        #expect(result.code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["cascade"] as? Bool == true)
        #expect(object["rules"] as? Int == 12)
        let maps = try #require(object["language_maps"] as? [[String: Any]])
        #expect(maps.map { $0["language_pattern"] as? String } == ["EN.*", "JA.*", ".*"])
        #expect(maps.first?["no_break_rules"] as? Int == 7)
        #expect((object["findings"] as? [Any])?.isEmpty == true)
    }

    @Test func helpHasExamples() {
        for arguments in [["srx", "--help"], ["srx", "check", "--help"], ["segment", "--help"]] {
            let result = tmkit(arguments)
            #expect(result.code == 0)
            #expect(result.output.contains("Examples:"))
            #expect(result.output.contains("srx"))
        }
    }
}
