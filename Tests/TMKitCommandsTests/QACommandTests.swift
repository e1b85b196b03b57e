import Foundation
import Testing
import TMKitCore

/// `tmkit qa` end to end: findings, formats, exit codes, and no silent pass.
@Suite struct QACommandTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    static let sample = Checkout.path("TMX/sample.en-ko.tmx")

    @Test func theSampleMemoryIsCleanAndAChangedNumberIsFound() throws {
        let clean = tmkit(["qa", Self.sample])
        #expect(clean.code == 0, "\(clean.output)\(clean.errors)")
        #expect(clean.output.isEmpty)
        #expect(clean.errors.hasPrefix("tmkit: \(Self.sample): no findings in 18 units (en→ko; checks: numbers, dates, codes"))
        let original = String(decoding: try Checkout.bytes("TMX/sample.en-ko.tmx"), as: UTF8.self)
        let mutated = original.replacingOccurrences(of: "70th anniversary by making", with: "60th anniversary by making")
            .replacingOccurrences(of: "수요일 데일리NK에", with: "데일리NK에")
        let path = try scratch.write("mutated.tmx", Array(mutated.utf8))
        let run = tmkit(["qa", path])
        #expect(run.code == 1)
        #expect(run.output == """
            \(path): unit article-4: numbers (error): 60 of the source is not in the target (it has 70); source «60» at column 86
            \(path): unit article-4: dates (error): Wednesday of the source is not in the target (수요일); source «Wednesday» at column 221

            """)
        #expect(run.errors == "tmkit: \(path): 2 findings in 1 of 18 units (numbers 1, dates 1)\n")
        let json = tmkit(["qa", path, "--format", "json", "--checks", "numbers"])
        #expect(json.code == 1)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(parsed.count == 1)
        #expect(parsed[0]["check"] as? String == "numbers")
        let span = try #require(parsed[0]["source"] as? [String: Any])
        #expect(span["start"] as? Int == 87 && span["end"] as? Int == 89 && span["column"] as? Int == 86)
    }

    /// A memory of another domain (UI strings we wrote, 24 of them) checked with the news
    /// glossary: its one-word terms (source = 소식통) are left out and counted on standard
    /// error, --all-terms reports them; a name of the domain in one unit brings them back.
    @Test func aMemoryOfAnotherDomainIsNotHeldToTheNewsSensesOfCommonWords() throws {
        let ui = [("Check for equal source & target", "원본과 번역본이 같은지 검사"), ("Open the source file", "원본 파일 열기"),
                  ("Save the project", "프로젝트 저장"), ("Close the window", "창 닫기")]
        let rows = (0..<6).flatMap { _ in ui }.map { "\($0.0)\t\($0.1)\n" }.joined()
        let path = try scratch.write("ui.tsv", Array(rows.utf8))
        let run = tmkit(["qa", path, "--from", "en", "--to", "ko", "--checks", "terminology"])
        #expect(run.code == 0, "\(run.output)\(run.errors)")
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("tmkit: 12 terminology findings of the glossary's one-word terms (source = 소식통) left out: "
                                    + "no unit names the glossary's domain, so they are words of another domain here; --all-terms checks them\n"),
                "\(run.errors)")
        let all = tmkit(["qa", path, "--from", "en", "--to", "ko", "--checks", "terminology", "--all-terms"])
        #expect(all.code == 1)
        #expect(all.output.components(separatedBy: "\n").filter { $0.contains("needs 소식통") }.count == 12)
        let news = try scratch.write("news.tsv", Array((rows + "Officials in North Korea closed the market.\t북한 간부들이 시장을 닫았다.\n").utf8))
        let named = tmkit(["qa", news, "--from", "en", "--to", "ko", "--checks", "terminology"])
        #expect(named.code == 1)
        #expect(named.output.components(separatedBy: "\n").filter { $0.contains("needs 소식통") }.count == 12)
        #expect(!named.errors.contains("left out"))
        // A file that turns out bad at its second unit still gets the first unit's finding.
        let broken = try scratch.write("broken.tmx", Array("""
            <tmx version="1.4"><header srclang="en"/><body>
            <tu><tuv xml:lang="en"><seg>A source said so.</seg></tuv><tuv xml:lang="ko"><seg>그렇게 말했다.</seg></tuv></tu>
            <tu><tuv><seg>x</seg></tuv></tu>
            </body></tmx>
            """.utf8))
        let stopped = tmkit(["qa", broken, "--from", "en", "--to", "ko", "--checks", "terminology"])
        #expect(stopped.code == 2)
        #expect(stopped.output.contains("unit 1: terminology (warning): 'A source' needs 소식통 in the target"), "\(stopped.output)\(stopped.errors)")
        let json = tmkit(["qa", broken, "--from", "en", "--to", "ko", "--checks", "terminology", "--format", "json"])
        #expect(json.code == 2)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]], "\(json.output)")
        #expect(parsed.count == 1 && parsed[0]["unit"] as? String == "1")
    }

    /// A pair the file does not have, a glossary without the pair, zero units: errors, never "no findings".
    @Test func noSilentPass() throws {
        let japanese = tmkit(["qa", Self.sample, "--from", "en", "--to", "ja"])
        #expect(japanese.code == 2)
        #expect(japanese.errors.contains("tmkit: \(Self.sample): no unit has both en and ja (the file has en, ko); give the pair with --from and --to"),
                "\(japanese.errors)")
        // en-US/ko-KR data checked as en/ko (and the other way round).
        let regional = try scratch.write("regional.tsv", Array("It flew 70 km.\t60km를 날았다.\n".utf8))
        let run = tmkit(["qa", regional, "--from", "en-US", "--to", "ko-KR"])
        #expect(run.code == 1, "\(run.errors)")
        #expect(run.output.contains("numbers (error): 70 of the source is not in the target (it has 60)"))
        let terms = try scratch.write("terms.tsv", Array("en\tde\nborder\tGrenze\n".utf8))
        let noCover = tmkit(["qa", Self.sample, "--glossary", terms])
        #expect(noCover.code == 2)
        #expect(noCover.errors.contains("the glossary has no ko terms"), "\(noCover.errors)")
        #expect(tmkit(["qa", Self.sample, "--glossary", terms, "--checks", "numbers,dates"]).code == 0)
        #expect(tmkit(["qa", Self.sample, "--checks", "numbers,colour"]).code == 2)
        let empty = try scratch.write("empty.tsv", [])
        #expect(tmkit(["qa", empty, "--from", "en", "--to", "ko"]).code == 2)
        // glossary check: the same rule.
        let check = tmkit(["glossary", "check", Self.sample, "--from", "en", "--to", "ja"])
        #expect(check.code == 2, "\(check.output)\(check.errors)")
        #expect(check.errors.contains("no unit has both en and ja"))
    }

    @Test func xliffFromTheRoundTripIsChecked() throws {
        _ = tmkit(["extract", Checkout.path("Examples/article.en.txt"), "--tm", Checkout.path("TMX/news.en-ko.tmx"), "-o", scratch.url.appendingPathComponent("a.xlf").path])
        let run = tmkit(["qa", scratch.url.appendingPathComponent("a.xlf").path, "--checks", "numbers,dates,codes,untranslated"])
        #expect(run.code == 0, "\(run.output)\(run.errors)")
        #expect(run.errors.contains("no findings in 8 units"), "\(run.errors)")
    }

    /// North and South Korean spellings from the glossary's ko-KP and ko-KR terms.
    @Test func targetVariantChecksRegionalSpelling() throws {
        let pairs = try scratch.write("variant.tsv", Array("Workers' Party of Korea\t조선로동당\nThe Workers' Party met.\t노동당이 회의를 열었다.\n".utf8))
        let glossary = Checkout.path("Glossaries/north-korea-news.tbx")
        // ko-KR is the default for Korean.
        let south = tmkit(["qa", pairs, "--from", "en", "--to", "ko", "--checks", "terminology", "--glossary", glossary])
        #expect(south.code == 1)
        #expect(south.output == "\(pairs): unit 1: terminology (warning): '조선로동당' is ko-KP spelling; ko-KR writes 조선노동당 or 노동당; "
                + "target «조선로동당» at column 1\n", "\(south.output)")
        let north = tmkit(["qa", pairs, "--from", "en", "--to", "ko", "--checks", "terminology", "--glossary", glossary, "--target-variant", "ko-KP"])
        #expect(north.code == 1)
        #expect(north.output.contains("unit 2: terminology (warning): '노동당' is ko-KR spelling; ko-KP writes 조선로동당 or 로동당"), "\(north.output)")
        #expect(!north.output.contains("unit 1:"))
        // A file labelled ko-KP is checked as ko-KP without the option.
        let labelled = tmkit(["qa", pairs, "--from", "en", "--to", "ko-KP", "--checks", "terminology", "--glossary", glossary])
        #expect(labelled.output.contains("unit 2:") && !labelled.output.contains("unit 1:"), "\(labelled.output)")
        #expect(tmkit(["qa", pairs, "--from", "en", "--to", "ko", "--target-variant", "ko"]).code == 2)
        #expect(tmkit(["qa", pairs, "--from", "en", "--to", "ko", "--target-variant", "en-US"]).code == 2)
        #expect(tmkit(["qa", pairs, "--from", "en", "--to", "ko", "--target-variant", "korean-north"]).code == 2)
        // A variant against the file's own region is a contradiction, not a check.
        let contradiction = tmkit(["qa", pairs, "--from", "en", "--to", "ko-KR", "--target-variant", "ko-KP"])
        #expect(contradiction.code == 2)
        #expect(contradiction.errors.contains("contradicts the file's target language ko-KR"), "\(contradiction.errors)")
    }

    /// --write-ignore, then --ignore: reviewed findings stay quiet; new ones still show.
    @Test func waiversKeepReviewedFindingsQuiet() throws {
        let qa = Checkout.path("Examples/qa.en-ko.tsv")
        let waivers = scratch.url.appendingPathComponent("reviewed.tsv").path
        let first = tmkit(["qa", qa, "--from", "en", "--to", "ko", "--write-ignore", waivers])
        #expect(first.code == 1)
        let written = try String(contentsOfFile: waivers, encoding: .utf8)
        #expect(written.hasPrefix("# tmkit qa waivers"))
        #expect(written.contains("2\tnumbers\t# 70 of the source is not in the target (it has 60)\n"), "\(written)")
        let again = tmkit(["qa", qa, "--from", "en", "--to", "ko", "--ignore", waivers])
        #expect(again.code == 0, "\(again.output)\(again.errors)")
        #expect(again.output.isEmpty)
        #expect(again.errors.contains("findings waived by \(waivers)"))
        // A new finding in a waived unit but another check still shows.
        let changed = try scratch.write("changed.tsv", Array("North Korea fired 3 missiles.\t북한이 미사일 4발을 발사했다\n".utf8))
        let waivedOther = try scratch.write("other.tsv", Array("1\tpunctuation\n".utf8))
        let run = tmkit(["qa", changed, "--from", "en", "--to", "ko", "--ignore", waivedOther])
        #expect(run.code == 1)
        #expect(run.output.contains("numbers (error)") && !run.output.contains("punctuation"), "\(run.output)")
        // The same file for both: the new findings are added to it.
        let both = tmkit(["qa", changed, "--from", "en", "--to", "ko", "--ignore", waivedOther, "--write-ignore", waivedOther])
        #expect(both.code == 1, "\(both.errors)")
        let merged = try String(contentsOfFile: waivedOther, encoding: .utf8)
        #expect(merged.contains("1\tnumbers\t") && merged.contains("1\tpunctuation\t"), "\(merged)")
        #expect(tmkit(["qa", changed, "--from", "en", "--to", "ko", "--ignore", waivedOther]).code == 0)
        // Bad waiver lists: one line naming file, line and column; exit 2.
        let bad = try scratch.write("bad.tsv", Array("# reviewed\n1\tnumbrs\n".utf8))
        let refused = tmkit(["qa", changed, "--from", "en", "--to", "ko", "--ignore", bad])
        #expect(refused.code == 2)
        #expect(refused.errors.hasPrefix("tmkit: \(bad):2:3: unknown check 'numbrs'"), "\(refused.errors)")
        let noTab = try scratch.write("notab.tsv", Array("1 numbers\n".utf8))
        #expect(tmkit(["qa", changed, "--from", "en", "--to", "ko", "--ignore", noTab]).errors.hasPrefix("tmkit: \(noTab):1:1: expected UNIT, a tab and CHECK"))
        // Windows line ends, and unit ids with a tab, a leading # or a backslash, come back whole.
        let crlf = try scratch.write("crlf.tsv", Array("# reviewed\r\n1\tnumbers\r\n".utf8))
        #expect(tmkit(["qa", changed, "--from", "en", "--to", "ko", "--ignore", crlf, "--checks", "numbers"]).code == 0)
        let tmx = try scratch.write("ids.tmx", Array("""
            <tmx version="1.4"><header srclang="en" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
            <tu tuid="a&#9;b"><tuv xml:lang="en"><seg>It fired 3 missiles.</seg></tuv><tuv xml:lang="ko"><seg>미사일 4발을 쐈다.</seg></tuv></tu>
            <tu tuid="#12"><tuv xml:lang="en"><seg>It fired 5 missiles.</seg></tuv><tuv xml:lang="ko"><seg>미사일 6발을 쐈다.</seg></tuv></tu>
            <tu tuid="c\\d"><tuv xml:lang="en"><seg>It fired 7 missiles.</seg></tuv><tuv xml:lang="ko"><seg>미사일 8발을 쐈다.</seg></tuv></tu>
            </body></tmx>
            """.utf8))
        let idsWaivers = scratch.url.appendingPathComponent("ids-waivers.tsv").path
        #expect(tmkit(["qa", tmx, "--checks", "numbers", "--write-ignore", idsWaivers]).code == 1)
        let rerun = tmkit(["qa", tmx, "--checks", "numbers", "--ignore", idsWaivers])
        let idsWritten = try String(contentsOfFile: idsWaivers, encoding: .utf8)
        #expect(rerun.code == 0, "\(rerun.output)\(rerun.errors)\(idsWritten)")
        #expect(idsWritten.contains("a\\tb\tnumbers") && idsWritten.contains("\\#12\tnumbers") && idsWritten.contains("c\\\\d\tnumbers"), "\(idsWritten)")
        // The checked file itself is never overwritten.
        #expect(tmkit(["qa", changed, "--from", "en", "--to", "ko", "--write-ignore", changed]).code == 2)
        #expect(try String(contentsOfFile: changed, encoding: .utf8).hasPrefix("North Korea fired 3 missiles."))
    }

    /// The bundled glossary is found from any folder when tmkit runs from its build folder,
    /// and no glossary at all is said, not passed over in silence.
    @Test func bundledGlossaryOutsideTheCheckout() throws {
        let pairs = try scratch.write("variant.tsv", Array("Workers' Party of Korea\t조선로동당\n".utf8))
        let run = try Binary.run(["qa", pairs, "--from", "en", "--to", "ko", "--checks", "terminology"], directory: scratch.url.path)
        #expect(run.status == 1, "\(run.errors)")
        #expect(String(decoding: run.output, as: UTF8.self).contains("'조선로동당' is ko-KP spelling"))
    }
}
