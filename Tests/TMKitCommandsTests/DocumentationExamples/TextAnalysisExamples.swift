import Foundation
import Testing
import TextAnalysis

/// The examples of `TextAnalysis.docc`.
@Suite struct TextAnalysisExamples {
    @Test func scoringAMatch() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let numbers = FuzzyScore.score(query: "Rice prices in Hyesan rose to 6,500 won per kilogram this week.",
                                       candidate: "Rice prices in Hyesan rose to 6,200 won per kilogram this week.")
        print(numbers.score, numbers.differences)
        print(numbers.substitutingNumbers(in: "이번 주 혜산의 쌀값은 1kg당 6,200원으로 올랐다."))

        #expect(numbers.score == 99)
        #expect(printed == [#"99 ["numbers"]"#, "이번 주 혜산의 쌀값은 1kg당 6,500원으로 올랐다."])

        let edited = FuzzyScore.score(query: "The order was approved by the Central Party.",
                                      candidate: "The order was issued by the Central Party.")
        let particle = FuzzyScore.score(query: "인민보안부가 지시를 내렸다.", candidate: "인민보안부는 지시를 내렸다.")
        print(edited.score, particle.score, particle.differences)

        #expect(edited.score == 87)
        #expect(particle.score == 99 && particle.differences == ["particles"])
        #expect(printed.last == #"87 99 ["particles"]"#)
    }

    @Test func keyingWords() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        print(TextKey.normalized("People’s Security"))
        print(TextKey.normalized("ＵＮ"))
        print(KoreanParticles.all.contains("에서"), KoreanParticles.all.contains("보위부"))

        #expect(printed == ["people's security", "un", "true false"])
    }
}
