import Foundation
import Testing
import Glossary
import TMKitCore

/// The examples of `Glossary.docc`, run on the shipped North Korea news glossary.
@Suite struct GlossaryExamples {
    @Test func annotatingTextWithAGlossary() throws {
        let tbxBytes = try Checkout.bytes("Glossaries/north-korea-news.tbx")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let glossary = try TBX.read(tbxBytes, file: "north-korea-news.tbx")
        let matcher = TermMatcher(glossary: glossary, language: .korean)
        for match in matcher.matches(in: "국가안전보위부가 국경 지역 단속을 강화했다.") {
            let english = matcher.entry(of: match).terms(in: .english).map(\.term.text)
            print(match.term.text, "→", english)
        }

        #expect(printed.first == "국가안전보위부 → [\"State Security Department\", \"SSD\", \"Ministry of State Security\"]")

        let check = TermCheck(glossary: glossary, source: .english, target: .korean)
        let issues = check.check(source: "The State Security Department arrested him.",
                                 target: "경찰이 그를 체포했다.")
        for issue in issues {
            print(issue)
        }

        #expect(issues.count == 1)
        #expect(issues.first?.kind == .missingTarget)
        #expect(issues.first?.expected.contains("국가안전보위부") == true)
    }
}
