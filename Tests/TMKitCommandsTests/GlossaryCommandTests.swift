import Foundation
import Testing
import TMKitCommands

@Suite struct GlossaryCommandTests {
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }

    func path(_ name: String) -> String { scratch.url.appendingPathComponent(name).path }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: scratch.url.appendingPathComponent(name)), as: UTF8.self)
    }

    /// A binary away from its checkout (copied, as an install puts it), with no Glossaries/ in
    /// the folder and no `$TMKIT_GLOSSARIES`: extract, pretranslate and align say that they run
    /// without a glossary, and how to give one, instead of passing it over in silence (before:
    /// nothing said); `--no-glossary` asks for none and hears nothing.
    @Test func runningWithoutAnyGlossaryIsSaid() throws {
        let copy = path("tmkit")
        // A hard link is a binary of its own path (what /proc/self/exe names) at no copying.
        if (try? FileManager.default.linkItem(atPath: Binary.path, toPath: copy)) == nil {
            try FileManager.default.copyItem(atPath: Binary.path, toPath: copy)
        }
        _ = try scratch.write("a.en.txt", Array("North Korea fired a missile.\n".utf8))
        _ = try scratch.write("a.ko.txt", Array("북한이 미사일을 발사했다.\n".utf8))
        let memory = Checkout.path("TMX/news.en-ko.tmx")
        for command in ["extract a.en.txt --from en --to ko -o a.xlf", "pretranslate a.en.txt --tm \(memory) -o a.tmx",
                        "align a.en.txt a.ko.txt --from en --to ko -o b.tmx"] {
            let run = try Binary.run(["env -u TMKIT_GLOSSARIES \(copy) \(command)"], shell: true, directory: scratch.url.path, timeout: 120)
            #expect(run.status == 0, "\(command): \(run.errors)")
            #expect(run.errorLines.contains { $0.hasPrefix("tmkit: no glossary, so ") && $0.contains("TMKIT_GLOSSARIES") },
                    "\(command): \(run.errors)")
            let none = try Binary.run(["env -u TMKIT_GLOSSARIES \(copy) \(command) --no-glossary"], shell: true, directory: scratch.url.path,
                                      timeout: 120)
            #expect(none.status == 0 && !none.errors.contains("no glossary"), "\(command) --no-glossary: \(none.errors)")
        }
    }

    /// `glossary check` holds one-word terms as `qa` does: a memory of UI strings (24 units we
    /// wrote) has none of the news glossary's domain, so `source` = 소식통 is left out there.
    @Test func checkHoldsOneWordTermsToTheGlossarysDomain() throws {
        func tmx(_ pairs: [(String, String)]) -> [UInt8] {
            let units = pairs.map { "<tu><tuv xml:lang=\"en\"><seg>\($0.0)</seg></tuv><tuv xml:lang=\"ko\"><seg>\($0.1)</seg></tuv></tu>" }
            return Array(("<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n" + units.joined(separator: "\n") + "\n</body></tmx>\n").utf8)
        }
        let ui = Array(repeating: [("Open the source file", "원본 파일 열기"), ("Save the project", "프로젝트 저장")], count: 12).flatMap { $0 }
        let file = try scratch.write("ui.tmx", tmx(ui))
        let quiet = tmkit(["glossary", "check", file])
        #expect(quiet.code == 0, "\(quiet.output)")
        #expect(quiet.errors.contains("tmkit: 12 findings of the glossary's one-word terms (source = 소식통) left out"), "\(quiet.errors)")
        let all = tmkit(["glossary", "check", file, "--all-terms"])
        #expect(all.code == 1 && all.output.components(separatedBy: "\n").filter { $0.contains("needs 소식통") }.count == 12)
        // A unit naming the domain at the end: the held units come out, in order, before it.
        let news = try scratch.write("news.tmx", tmx(ui + [("North Korea closed the market.", "북한이 시장을 닫았다.")]))
        let named = tmkit(["glossary", "check", news])
        #expect(named.code == 1)
        #expect(named.output.components(separatedBy: "\n").filter { $0.contains("needs 소식통") }.count == 12)
        #expect(named.output.hasPrefix("\(news):2:") && !named.errors.contains("left out"), "\(named.output)")
    }

    @Test func lookupUsesTheBundledGlossary() throws {
        let result = tmkit(["glossary", "lookup", "ministry of people's security"])
        #expect(result.code == 0)
        #expect(result.output.hasPrefix("Ministry of People's Security [mps] (public security)\n"))
        #expect(result.output.contains("  ko: 인민보안부 (preferred) — name 2010–2016\n"))
        let korean = tmkit(["glossary", "lookup", "보위부에", "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(korean.output.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["entry"] as? String } == ["ssd"])
        let missing = tmkit(["glossary", "lookup", "nothing like this"])
        #expect(missing.code == 1)
        #expect(missing.errors == "tmkit: no entry matches 'nothing like this'\n")
    }

    /// With two glossaries, every file's entry for a term is shown, each naming its file, the
    /// deprecated term of one of them included.
    @Test func lookupShowsEveryFilesEntryAndItsFile() throws {
        let mine = path("desk.tsv")
        try Data("en\tko\tstatus\nborder guards\t국경경비원\tdeprecated\n".utf8).write(to: URL(fileURLWithPath: mine))
        let bundled = "Glossaries/north-korea-news.tbx"
        let result = tmkit(["glossary", "lookup", "border guards", "--glossary", bundled, "--glossary", mine])
        #expect(result.code == 0, "\(result.errors)")
        #expect(result.output.contains("  file: \(bundled)\n") && result.output.contains("  file: \(mine)\n"), "\(result.output)")
        let json = tmkit(["glossary", "lookup", "border guards", "--glossary", bundled, "--glossary", mine, "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["file"] as? String } == [bundled, mine])
    }

    @Test func annotateJSONLHasTheDocumentedShape() throws {
        let result = tmkit(["glossary", "annotate", Checkout.path("Examples/article.en.txt"), "--format", "jsonl"])
        #expect(result.code == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 18)
        #expect(lines[0].hasPrefix(#"{"index":0,"start":0,"end":56,"text":"‘Battle against crime’ ahead of Party Foundation Day","terms":[{"text":"Battle against crime","start":3,"end":23,"source":"battle against crime","entry":"battle-against-crime","targets":[{"term":"범죄와의 전쟁","lang":"ko","status":"preferred"}"#))
        let third = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        let terms = try #require(third["terms"] as? [[String: Any]])
        let mps = try #require(terms.first { $0["source"] as? String == "MPS" })
        #expect(mps["text"] as? String == "MPS")
        #expect(mps["entry"] as? String == "mps")
        let document = Array(try Checkout.bytes("Examples/article.en.txt"))
        let start = try #require(mps["start"] as? Int), end = try #require(mps["end"] as? Int)
        #expect(String(decoding: document[start..<end], as: UTF8.self) == "MPS")
    }

    /// The document is cut on a second thread while the glossary is read: a glossary that
    /// cannot be read still ends the command with its one-line error, and nothing is written.
    @Test func annotateWithABadGlossaryStopsCleanly() throws {
        _ = try scratch.write("bad.tsv", Array("defector\t탈북자\na\tb\tc\td\n".utf8))
        let article = try Checkout.bytes("Examples/article.en.txt")
        let long = Array(Array(repeating: article, count: 200).joined(separator: Array("\n\n".utf8)))
        let result = tmkit(["glossary", "annotate", "-", "--glossary", path("bad.tsv")], stdin: long)
        #expect(result.code == 2)
        #expect(result.output.isEmpty)
        #expect(result.errors.hasPrefix("tmkit: \(path("bad.tsv")):2"), "\(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1)
    }

    @Test func annotateKoreanWithParticles() {
        let result = tmkit(["glossary", "annotate", "-", "--lang", "ko"], stdin: Array("인민보안부가 평양에서 국가안전보위부의 지시를 받았다.".utf8))
        #expect(result.code == 0)
        #expect(result.output == """
            1: 인민보안부가 평양에서 국가안전보위부의 지시를 받았다.
                인민보안부 → Ministry of People's Security, MPS, People's Security Ministry
                평양 → Pyongyang
                국가안전보위부 → State Security Department, SSD, Ministry of State Security
                지시 → mandate, directive, instruction

            """)
    }

    @Test func convertBetweenTBXTSVAndCSV() throws {
        let master = Checkout.path("Glossaries/north-korea-news.tbx")
        #expect(tmkit(["glossary", "convert", master, "-o", path("g.tsv")]).code == 0)
        #expect(try read("g.tsv") == String(decoding: try Checkout.bytes("Glossaries/north-korea-news.tsv"), as: UTF8.self))
        #expect(tmkit(["glossary", "convert", master, "-o", path("g.csv")]).code == 0)
        #expect(try read("g.csv").hasPrefix("en,ko,ko-KP,ko-KR,note\r\n"))
        #expect(tmkit(["glossary", "convert", path("g.csv"), "-o", path("back.tbx")]).code == 0)
        #expect(tmkit(["glossary", "convert", path("back.tbx"), "-o", path("back.csv")]).code == 0)
        #expect(try read("back.csv") == (try read("g.csv")))
        #expect(tmkit(["glossary", "convert", master, "-o", path("old.tbx"), "--tbx-version", "2008"]).code == 0)
        #expect(try read("old.tbx").contains("<martif type=\"TBX\" xml:lang=\"en\">"))
        #expect(try read("old.tbx").contains("<termEntry id=\"mps\">"))
    }

    @Test func badGlossaryRowsStopWithFileAndLine() throws {
        _ = try scratch.write("bad.tsv", Array("defector\t탈북자\na\tb\tc\td\n".utf8))
        let result = tmkit(["glossary", "convert", path("bad.tsv"), "-o", path("out.tbx")])
        #expect(result.code == 2)
        #expect(result.errors == "tmkit: \(path("bad.tsv")):2: expected source, target and an optional comment, found 4 columns\n")
        #expect(!FileManager.default.fileExists(atPath: path("out.tbx")))
        _ = try scratch.write("broken.tbx", Array("<tbx><text><body><conceptEntry>".utf8))
        let broken = tmkit(["glossary", "validate", path("broken.tbx")])
        #expect(broken.code == 2)
        #expect(broken.errors.hasPrefix("tmkit: \(path("broken.tbx")):1:"))
    }

    @Test func validateExitCodes() throws {
        let clean = tmkit(["glossary", "validate", Checkout.path("Glossaries/north-korea-news.tbx")])
        #expect(clean.code == 0)
        #expect(clean.output.hasSuffix("no findings (213 entries)\n"))
        _ = try scratch.write("dup.csv", Array("en,ko\ndefector,탈북자\nDefector,탈북민\nx,\n".utf8))
        let findings = tmkit(["glossary", "validate", path("dup.csv")])
        #expect(findings.code == 1)
        #expect(findings.output == """
            \(path("dup.csv")): entry 2: en term 'Defector' also in entry 1
            \(path("dup.csv")): entry 2: 'Defector' is 탈북민 here but 탈북자 in entry 1

            """)
    }

    @Test func checkReportsMissingAndForbiddenTerms() throws {
        #expect(tmkit(["glossary", "check", Checkout.path("TMX/sample.en-ko.tmx")]).code == 0)
        let tmx = """
            <tmx version="1.4"><header srclang="en" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body>
            <tu tuid="ok"><tuv xml:lang="en"><seg>The MPS arrested smugglers.</seg></tuv><tuv xml:lang="ko"><seg>인민보안부가 밀수꾼들을 체포했다.</seg></tuv></tu>
            <tu tuid="bad"><tuv xml:lang="en"><seg>A defector met the SSD.</seg></tuv><tuv xml:lang="ko"><seg>배신자가 보안원을 만났다.</seg></tuv></tu>
            </body></tmx>
            """
        _ = try scratch.write("qa.tmx", Array(tmx.utf8))
        let result = tmkit(["glossary", "check", path("qa.tmx"), "--from", "en", "--to", "ko"])
        #expect(result.code == 1)
        #expect(result.output == "\(path("qa.tmx")):3:15: unit bad: 'defector' (2–10) needs 탈북자 or 탈북민 in the target; "
            + "'SSD' (19–22) needs 국가안전보위부 or 보위부 or 국가보위성 in the target; "
            + "'배신자' (0–9) is not to be used; use 탈북자 or 탈북민\n")
    }

    @Test func helpHasExamples() {
        for subcommand in ["lookup", "annotate", "convert", "validate", "check"] {
            #expect(tmkit(["glossary", subcommand, "--help"]).output.contains("Examples:"), "\(subcommand)")
        }
    }
}
