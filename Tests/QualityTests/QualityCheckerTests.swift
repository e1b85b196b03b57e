import Foundation
import Glossary
@testable import Quality
import Testing
import TMKitCore
import TMX

/// Translation QA: each check on pairs written to fail it, and the sample article's pairs clean.
@Suite struct QualityCheckerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func findings(_ source: String, _ target: String, from: LanguageTag = .english, to: LanguageTag = .korean,
                  checks: Set<QualityCheck> = Set(QualityCheck.allCases)) -> [QualityFinding] {
        var checker = QualityChecker(source: from, target: to, checks: checks)
        return checker.check(unit: "1", source: SegmentContent(text: source), target: SegmentContent(text: target))
    }

    func checks(_ source: String, _ target: String, from: LanguageTag = .english, to: LanguageTag = .korean) -> [QualityCheck] {
        findings(source, target, from: from, to: to).map(\.check)
    }

    @Test func numbersInEnglishAndKoreanForms() {
        // The same numbers written the way each language writes them: no finding.
        for (english, korean) in [
            ("It flew 70 km.", "70km를 날았다."),
            ("Rice rose to 6,500 won per kilogram.", "쌀값이 킬로그램당 6,500원으로 올랐다."),
            ("The fund holds $3.5 billion.", "기금은 35억 달러를 보유하고 있다."),
            ("About 1.2 million people left.", "약 120만 명이 떠났다."),
            ("The 70th anniversary is near.", "70주년이 다가온다."),
            ("It cost 120 million won.", "1억 2천만 원이 들었다."),
            ("Some 35,000 troops moved.", "병력 3만 5000명이 이동했다."),
            ("Prices rose 12.5 percent.", "물가가 12.5% 올랐다."),
            ("It cost 25 million won.", "2천5백만 원이 들었다."),
            ("It cost 35 million won.", "3천500만 원이 들었다."),
            ("Exports reached 350 billion won.", "수출이 3천5백억 원에 이르렀다."),
        ] {
            #expect(checks(english, korean) == [], "\(english) | \(korean)")
            #expect(checks(korean, english, from: .korean, to: .english) == [], "\(korean) | \(english)")
        }
        // A changed number is found, with where it is and what the target has instead.
        let changed = findings("It flew 70 km before falling into the sea.", "60km를 날아 바다에 떨어졌다.")
        #expect(changed.map(\.check) == [.numbers])
        #expect(changed.first?.message == "70 of the source is not in the target (it has 60)")
        #expect(changed.first?.source == QualitySpan(8..<10, in: "It flew 70 km before falling into the sea."))
        #expect(changed.first?.source?.column == 9)
        #expect(checks("About 1.2 million people left.", "약 12만 명이 떠났다.") == [.numbers])
        #expect(checks("The fund holds $3.5 billion.", "기금은 3억 5천만 달러를 보유하고 있다.") == [.numbers])
        // Lists, halves, times, articles and spelled-out numbers.
        #expect(checks("Phases 1,2,3 start now.", "1, 7, 9단계가 지금 시작된다.") == [.numbers, .numbers])
        #expect(checks("Rates rose .5 percent.", "금리가 0.5% 올랐다.") == [])
        #expect(checks("Rates rose .5 percent.", "금리가 5% 올랐다.") == [.numbers])
        #expect(checks("It starts at 3:00 p.m.", "오후 3시에 시작한다.") == [])
        #expect(checks("제3조가 적용된다.", "Article 3 applies.", from: .korean, to: .english) == [])
        #expect(checks("2명이 숨졌다.", "Two people died.", from: .korean, to: .english) == [])
        #expect(checks("2명이 숨졌다.", "Three people died.", from: .korean, to: .english) == [.numbers])
    }

    @Test func monthsAndWeekdays() {
        #expect(checks("until October 10th (Party Foundation Day).", "10월 10일(당 창건일)까지.") == [])
        #expect(checks("told Daily NK on Wednesday.", "수요일 데일리NK에 전했다.") == [])
        let missing = findings("told Daily NK on Wednesday.", "데일리NK에 전했다.")
        #expect(missing.map(\.message) == ["Wednesday of the source is not in the target (수요일)"])
        #expect(checks("in July.", "8월에.") == [.dates])
        #expect(checks("You may go.", "가도 된다.") == [])  // may, the verb
        #expect(checks("May I go?", "가도 됩니까?") == [])
        #expect(checks("Elections are held in May.", "선거는 6월에 열린다.") == [.dates])
        // The day goes with its month.
        #expect(findings("until October 10th.", "10월 11일까지.").map(\.message).contains("October 10th of the source is not in the target (10월 10일)"))
        #expect(checks("10월 10일까지.", "until October 10.", from: .korean, to: .english) == [])
        #expect(checks("10월 10일까지.", "until October 11.", from: .korean, to: .english).contains(.dates))
        #expect(checks("9월 10일까지.", "until Sept. 10.", from: .korean, to: .english) == [])
        #expect(checks("until Oct 10 at noon.", "10월 10일 정오까지.") == [])
        #expect(checks("until Oct 10 at noon.", "11월 10일 정오까지.").contains(.dates))
        #expect(checks("7월 선거에.", "in the July elections.", from: .korean, to: .english) == [])
        #expect(checks("수요일에 떠났다.", "He left on Thursday.", from: .korean, to: .english) == [.dates])
    }

    @Test func inlineCodes() {
        let b = InlineCode(.bpt, attributes: [Attribute("i", "1")]), e = InlineCode(.ept, attributes: [Attribute("i", "1")])
        let ph = InlineCode(.ph, attributes: [Attribute("x", "2")])
        var checker = QualityChecker(source: .english, target: .korean)
        let source = SegmentContent([.text("Press "), .code(b), .text("Save"), .code(e), .code(ph), .text(" now.")])
        #expect(checker.check(unit: "1", source: source, target: SegmentContent([.code(b), .text("저장"), .code(e), .code(ph), .text("을 누르세요.")])) == [])
        let missing = checker.check(unit: "2", source: source, target: SegmentContent([.code(b), .text("저장"), .code(e), .text("을 누르세요.")]))
        #expect(missing.map(\.message) == ["code <ph 2> of the source is missing from the target"])
        let reversed = checker.check(unit: "3", source: source, target: SegmentContent([.code(e), .text("저장"), .code(b), .code(ph), .text("을 누르세요.")]))
        #expect(reversed.map(\.message) == ["the target ends pair 1 before it starts it"])
        let extra = checker.check(unit: "4", source: SegmentContent(text: "Save now."),
                                  target: SegmentContent([.code(ph), .text("지금 저장하세요.")]))
        #expect(extra.map(\.message) == ["the target has code <ph 2> the source does not"])
    }

    @Test func punctuation() {
        #expect(findings("Is it true?", "사실인가.").map(\.message) == ["the source ends with a question mark, the target with a full stop"])
        #expect(checks("It flew.", "날았다") == [.punctuation])
        #expect(checks("“It flew,” he said.", "“날았다”고 그는 말했다.") == [])
        #expect(checks("He said (twice) so.", "그는 (두 번 그렇게 말했다.") == [.punctuation])
        #expect(checks("He said so.", "그는  그렇게 말했다.") == [.punctuation])
        #expect(checks("He said so.", "그는 그렇게 말했다. ") == [.punctuation])
        #expect(checks("Headline without a stop", "마침표 없는 제목.") == [])
    }

    @Test func untranslatedAndWrongScript() {
        #expect(findings("It flew 70 km.", "").map(\.message) == ["the target is empty"])
        #expect(checks("It flew 70 km.", "It flew 70 km.") == [.untranslated])
        #expect(checks("It flew 70 km.", "Il a volé 70 km.") == [.untranslated])
        #expect(checks("Daily NK", "Daily NK", from: .english, to: LanguageTag("de")!) == [])  // a name stays a name
        #expect(checks("Learn", "Learn") == [.untranslated])  // in Korean, Latin letters alone are untranslated
        #expect(checks("미사일을 발사했다.", "미사일을 발사했다 (missile).", from: .korean, to: .english) == [.untranslated])
    }

    @Test func urlsHandlesAndHashtags() {
        #expect(checks("See https://www.dailynk.com/english/ or write to tips@dailynk.com.", "https://www.dailynk.com/english/ 참조, 제보는 tips@dailynk.com.") == [])
        let lost = findings("Follow @DailyNK_en and #NorthKorea.", "데일리NK를 팔로우하세요.")
        #expect(lost.map(\.message) == ["@DailyNK_en is not in the target as written", "#NorthKorea is not in the target as written"])
    }

    @Test func consistencyAndLengthAcrossTheFile() {
        var checker = QualityChecker(source: .english, target: .korean)
        var all: [QualityFinding] = []
        let pairs = [
            ("The launch was seen from Seoul.", "발사 장면은 서울에서도 보였다."),
            ("The launch was seen from Seoul.", "발사는 서울에서 관측됐다."),
            ("Officials said it flew into the sea.", "관계자들은 미사일이 바다에 떨어졌다고 말했다."),
            ("Traders say rice prices have risen.", "상인들은 쌀값이 올랐다고 말한다."),
            ("The border guards stay on alert now.", "국경경비대는 경계 태세를 유지하고 있다."),
            ("Residents must register their visitors.", "주민들은 방문객을 신고해야 한다."),
            ("Markets and streets are under watch.", "시장과 거리가 감시를 받고 있다. 시장과 거리가 감시를 받고 있다. 시장과 거리가 감시를 받고 있다. 시장과 거리가 감시를 받고 있다."),
        ]
        for (index, (source, target)) in pairs.enumerated() {
            all += checker.check(unit: String(index + 1), source: SegmentContent(text: source), target: SegmentContent(text: target))
        }
        all += checker.finish()
        #expect(all.map { "\($0.unit) \($0.check)" } == ["2 consistency", "7 length"])
        #expect(all[0].message == "the same source is translated differently in unit 1: «발사 장면은 서울에서도 보였다.»")
        #expect(checker.unitsChecked == 7)
    }

    /// The sample article's 18 pairs, as shipped: no finding at all.
    @Test func theSampleArticlesPairsAreClean() throws {
        let reader = try TMXReader(path: Self.root.appendingPathComponent("TMX/sample.en-ko.tmx").path)
        _ = try reader.readHeader()
        var checker = QualityChecker(source: .english, target: .korean)
        var findings: [QualityFinding] = []
        while let unit = try reader.next() {
            guard let source = TabularMemory.variant(of: unit, in: .english), let target = TabularMemory.variant(of: unit, in: .korean) else { continue }
            findings += checker.check(unit: unit.id ?? "?", source: source.content, target: target.content)
        }
        findings += checker.finish()
        #expect(checker.unitsChecked == 18)
        #expect(findings.isEmpty, "\(findings.map { "\($0.unit) \($0.check): \($0.message)" })")
    }

    /// Checking a batch on several threads gives exactly the findings of checking unit after
    /// unit, in the same order: consistency across batches and slices, length at the end, an
    /// empty target that stops its unit's checks, terms from the bundled glossary.
    @Test func batchesOnEveryCoreFindWhatUnitByUnitFinds() throws {
        let table = try TextDocument(decoding: Array(try Data(contentsOf: Self.root.appendingPathComponent("Examples/qa.en-ko.tsv"))),
                                     file: "qa.en-ko.tsv")
        var pairs: [(String, String)] = []
        try TSV.forEachRow(in: table, file: "qa.en-ko.tsv") { row in
            if row.fields.count >= 2 { pairs.append((row.fields[0], row.fields[1])) }
        }
        pairs += [("The State Security Department sealed the border.", "국경이 봉쇄됐다."), ("Kim left.", "   "), ("Kim left.", "김이 떠났다.")]
        let sample = try TMXReader(path: Self.root.appendingPathComponent("TMX/sample.en-ko.tmx").path)
        _ = try sample.readHeader()
        while let unit = try sample.next() {
            if let en = unit.variant(.english), let ko = unit.variant(.korean) { pairs.append((en.content.plainText, ko.content.plainText)) }
        }
        // 1,000 units: the pairs again and again, every seventh with its target changed, so that
        // the same source meets different targets in other batches and slices.
        var units: [QualityChecker.Unit] = []
        for index in 0..<1_000 {
            let (source, target) = pairs[index % pairs.count]
            units.append(QualityChecker.Unit(id: String(index + 1), source: SegmentContent(text: source),
                                             target: SegmentContent(text: index % 7 == 3 ? target + " 다시" : target)))
        }
        let glossary = try TBX.read(Array(try Data(contentsOf: Self.root.appendingPathComponent("Glossaries/north-korea-news.tbx"))))
        var one = QualityChecker(source: .english, target: .korean, glossary: glossary, targetVariant: LanguageTag("ko-KR"))
        var expected = units.flatMap { one.check(unit: $0.id, source: $0.source, target: $0.target) }
        expected += one.finish()
        var batched = QualityChecker(source: .english, target: .korean, glossary: glossary, targetVariant: LanguageTag("ko-KR"))
        var found: [QualityFinding] = []
        var start = 0
        for size in [1, 300, 77, 622] {
            let results = batched.check(Array(units[start..<(start + size)]), workers: 4)
            #expect(results.count == size)
            found += results.flatMap { $0 }
            start += size
        }
        found += batched.finish()
        #expect(start == units.count && batched.unitsChecked == one.unitsChecked)
        // Pipelined as qa runs it: one unit checker, each batch checked before the one before
        // it is recorded.
        var piped = QualityChecker(source: .english, target: .korean, glossary: glossary, targetVariant: LanguageTag("ko-KR"))
        let unitChecker = piped.unitChecker
        var pipedFindings: [QualityFinding] = []
        var previous: QualityChecker.UnitChecks?
        for from in stride(from: 0, to: units.count, by: 128) {
            let checks = unitChecker.check(Array(units[from..<Swift.min(units.count, from + 128)]), workers: 2)
            if let previous { pipedFindings += piped.record(previous).flatMap { $0 } }
            previous = checks
        }
        pipedFindings += piped.record(previous!).flatMap { $0 } + piped.finish()
        #expect(pipedFindings == expected)
        #expect(Set(expected.map(\.check)).isSuperset(of: [.numbers, .dates, .punctuation, .urls, .untranslated, .consistency, .terminology]),
                "\(Set(expected.map(\.check)))")
        #expect(expected.count > 300)
        #expect(found == expected)
    }

    /// The glossary's general words (`source` = 소식통 in news) are its terms only in its domain:
    /// a software file of UI strings that never names it gets no finding for them (counted as
    /// left out), the same units after a news sentence get them all, held ones included, and
    /// a file too short to say gets them at the end. Names and longer terms are always checked.
    @Test func generalWordsOfTheGlossaryAreCheckedInItsDomain() throws {
        let glossary = try TBX.read(Array(try Data(contentsOf: Self.root.appendingPathComponent("Glossaries/north-korea-news.tbx"))))
        // UI strings we wrote, in the manner of a CAT tool's own localization.
        let software = [("Check for equal source & target", "원본과 번역본이 같은지 검사"),
                        ("Replace escaped sequences with spaces", "이스케이프 문자를 공백으로 바꾸기"),
                        ("Open the source file", "원본 파일 열기"), ("Save the project", "프로젝트 저장"),
                        ("Close the window", "창 닫기")]
        func units(_ pairs: [(String, String)]) -> [QualityChecker.Unit] {
            pairs.enumerated().map { QualityChecker.Unit(id: String($0.offset + 1), source: SegmentContent(text: $0.element.0),
                                                          target: SegmentContent(text: $0.element.1)) }
        }
        func run(_ pairs: [(String, String)], _ generalTerms: QualityChecker.GeneralTerms = .inDomain)
            -> (findings: [QualityFinding], leftOut: Int) {
            var checker = QualityChecker(source: .english, target: .korean, checks: [.terminology], glossary: glossary,
                                         generalTerms: generalTerms)
            var found = checker.check(units(pairs), workers: 2).flatMap { $0 }
            found += checker.finish()
            return (found, checker.generalTermFindingsLeftOut)
        }
        // 25 UI strings (the file is long enough to say): 'source' twice, 'escaped' once, no name.
        let ui = Array((software + software + software + software + software).prefix(25))
        let outOfDomain = run(ui)
        #expect(outOfDomain.findings.isEmpty, "\(outOfDomain.findings.map(\.message))")
        #expect(outOfDomain.leftOut == 15)
        // Asked for: every one.
        let always = run(ui, .always)
        #expect(always.findings.count == 15 && always.leftOut == 0)
        #expect(always.findings.contains { $0.message == "'source' needs 소식통 in the target" && $0.unit == "1" })
        // A news sentence naming North Korea in unit 3: the file is in the domain, and units 1
        // and 2, held until then, get their findings too (in unit 3's place).
        var news = ui
        news[2] = ("A source in North Korea said the market was closed.", "북한 내부 원본은 시장이 닫혔다고 말했다.")
        let inDomain = run(news)
        #expect(inDomain.leftOut == 0)
        #expect(Set(inDomain.findings.map(\.unit)).isSuperset(of: ["1", "2", "3", "6"]), "\(inDomain.findings.map(\.unit))")
        #expect(inDomain.findings.filter { $0.unit == "3" }.map(\.message) == ["'A source' needs 소식통 in the target"])
        #expect(inDomain.findings.count == always.findings.count)
        // Three units: too short to say; reported at the end.
        let short = run(Array(software.prefix(3)))
        #expect(short.findings.map(\.unit) == ["1", "2", "3"] && short.leftOut == 0)
        // A name or a term of two words is checked in any file.
        var named = ui
        named[4] = ("The State Security Department closed", "창 닫기")
        let specific = run(named)
        #expect(specific.findings.contains { $0.unit == "5" && $0.message.contains("State Security Department") })
        // A blank target names the domain too, whatever the checks.
        var blank = ui
        blank[3] = ("North Korea fired a missile.", "  ")
        var allChecks = QualityChecker(source: .english, target: .korean, glossary: glossary)
        let blankFindings = allChecks.check(units(blank), workers: 2).flatMap { $0 } + allChecks.finish()
        #expect(allChecks.generalTermFindingsLeftOut == 0)
        #expect(blankFindings.filter { $0.check == .terminology && $0.message.contains("소식통") }.count == 10)
        // Another region's spelling of a general word's entry (soldier: ko-KP 전사) waits too.
        var warriors = ui
        warriors[4] = ("The soldier wins.", "전사가 이긴다.")
        var regional = QualityChecker(source: .english, target: .korean, checks: [.terminology], glossary: glossary,
                                      targetVariant: LanguageTag("ko-KR"))
        _ = regional.check(units(warriors), workers: 2)
        #expect(regional.finish().isEmpty && regional.generalTermFindingsLeftOut == 16)
        // A project's own word list (one-word terms only) names no domain: its terms hold everywhere.
        let wordList = try GlossaryFormat.read(Array("en\tko\nsource\t원본\nfile\t파일\n".utf8), format: .tsv, file: "words.tsv")
        var project = QualityChecker(source: .english, target: .korean, checks: [.terminology], glossary: wordList)
        let projectFindings = project.check(units(ui.map { ($0.0, $0.1.replacingOccurrences(of: "원본", with: "소스")) }), workers: 2)
        #expect(projectFindings.flatMap { $0 }.count == 10 && project.generalTermFindingsLeftOut == 0)
    }
}
