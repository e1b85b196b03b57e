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
}
