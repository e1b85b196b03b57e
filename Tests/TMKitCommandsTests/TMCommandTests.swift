import Foundation
import Testing
import TMKitCore
import TMX
import TranslationMemory
import TMKitCommands

@Suite struct TMCommandTests {
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }

    func path(_ name: String) -> String { scratch.url.appendingPathComponent(name).path }

    @Test func importLookupStatsExport() throws {
        let memory = path("m.sqlite")
        let imported = tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", memory])
        #expect(imported.code == 0)
        #expect(imported.errors.contains("30 units added, 0 already there"))
        let again = tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", memory])
        #expect(again.errors.contains("0 units added, 30 already there"))

        let lookup = tmkit(["tm", "lookup", "--tm", memory, "--format", "json",
                            "Rice prices in Hyesan rose to 6,500 won per kilogram this week."])
        #expect(lookup.code == 0)
        let matches = try #require(try JSONSerialization.jsonObject(with: Data(lookup.output.utf8)) as? [[String: Any]])
        #expect(matches.first?["score"] as? Int == 99)
        #expect(matches.first?["kind"] as? String == "fuzzy")
        #expect(matches.first?["target"] as? String == "이번 주 혜산의 쌀값은 1kg당 6,500원으로 올랐다.")
        #expect(matches.first?["id"] as? String == "news-1")
        let none = tmkit(["tm", "lookup", "--tm", memory, "--format", "json", "Nothing of the sort."])
        #expect(none.code == 0)
        #expect(none.output == "[]\n")

        let stats = tmkit(["tm", "stats", "--tm", memory, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.output.utf8)) as? [String: Any])
        #expect(object["units"] as? Int == 30)
        #expect(object["schema_version"] as? Int == SQLiteMemoryStore.schemaVersion)
        #expect((object["file_bytes"] as? Int ?? 0) > 0)
        #expect((object["pairs"] as? [[String: Any]])?.first?["target"] as? String == "ko")

        #expect(tmkit(["tm", "export", "--tm", memory, "-o", path("out.tmx")]).code == 0)
        #expect(tmkit(["tmx", "stats", path("out.tmx"), "--format", "json"]).output.contains("\"units\":30"))
        let concordance = tmkit(["tm", "concordance", "--tm", memory, "장마당"])
        #expect(concordance.output.contains("신의주 장마당이"))
        #expect(tmkit(["tm", "delete", "--tm", memory, "--tuid", "news-1"]).errors.contains("1 units deleted"))
        // The pair counts follow the deletion (they used to stay at 30), and a re-import.
        let after = tmkit(["tm", "stats", "--tm", memory]).output
        #expect(after.contains("units: 29") && after.contains("en→ko (29)"), "\(after)")
        #expect(tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", memory]).code == 0)
        #expect(tmkit(["tm", "stats", "--tm", memory]).output.contains("en→ko (30)"))
        // A colleague's memory translates one source differently: tm conflicts lists it, exit 1.
        #expect(tmkit(["tm", "conflicts", "--tm", memory]).code == 0)
        #expect(tmkit(["tm", "import", Checkout.path("Examples/colleague.en-ko.tsv"), "--from", "en", "--to", "ko", "--tm", memory]).code == 0)
        let conflicts = tmkit(["tm", "conflicts", "--tm", memory, "--format", "jsonl"])
        #expect(conflicts.code == 1)
        #expect(conflicts.output.split(separator: "\n").count == 1 && conflicts.output.contains("당 창건일 앞두고 ‘범죄와의 전쟁’")
                && conflicts.output.contains("‘범죄와의 전쟁’ 당 창건일 앞두고"), "\(conflicts.output)")
        #expect(conflicts.errors.contains("1 source with different targets (en→ko)"))
    }

    /// --quiet leaves standard error empty; --progress always reports bytes, rate and units even
    /// when standard error is not a terminal, as plain lines.
    @Test func quietAndProgress() throws {
        let quiet = tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", path("q.sqlite"), "--quiet"])
        #expect(quiet.code == 0 && quiet.errors.isEmpty, "\(quiet.errors)")
        let shown = tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", path("p.sqlite"), "--progress", "always"])
        #expect(shown.code == 0)
        let first = shown.errors.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("reading 0 of 1 MB (100%), ") && first.contains(" MB/s, 30 units (") && !first.contains("\u{1B}"), "\(shown.errors)")
        #expect(shown.errors.contains("30 units added"))
        // qa over a TMX reports its reading the same way.
        let qa = tmkit(["qa", Checkout.path("TMX/news.en-ko.tmx"), "--progress", "always"])
        #expect(qa.errors.split(separator: "\n").first?.hasPrefix("reading 0 of 1 MB (100%), ") == true, "\(qa.errors)")
        #expect(!tmkit(["qa", Checkout.path("TMX/news.en-ko.tmx")]).errors.contains("reading"))
        let never = tmkit(["tmx", "stats", Checkout.path("TMX/news.en-ko.tmx"), "--progress", "never"])
        #expect(never.code == 0 && !never.errors.contains("reading"))
        #expect(tmkit(["tmx", "stats", Checkout.path("TMX/news.en-ko.tmx"), "--progress", "sometimes"]).code == 2)
    }

    /// `tm delete`: an unknown option is named, an empty pattern is refused, --dry-run deletes
    /// nothing, --all is the way to delete every unit.
    @Test func deleteIsCarefulWithWhatItDeletes() throws {
        let memory = path("d.sqlite")
        #expect(tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", memory]).code == 0)
        let bogus = tmkit(["tm", "delete", "--tm", memory, "--bogus"])
        #expect(bogus.code == 2)
        #expect(bogus.errors.hasPrefix("tmkit: unknown option '--bogus'"), "\(bogus.errors)")
        let nothing = tmkit(["tm", "delete", "--tm", memory])
        #expect(nothing.code == 2)
        #expect(nothing.errors.contains("give --containing TEXT, --tuid ID or --all"))
        let empty = tmkit(["tm", "delete", "--tm", memory, "--containing", "", "--lang", "en"])
        #expect(empty.code == 2)
        #expect(empty.errors.contains("--containing needs text; to delete every unit in en give --all"), "\(empty.errors)")
        let dry = tmkit(["tm", "delete", "--tm", memory, "--all", "--lang", "en", "--dry-run"])
        #expect(dry.code == 0)
        #expect(dry.errors.contains("30 units would be deleted (dry run: nothing deleted)"), "\(dry.errors)")
        #expect(dry.output.split(separator: "\n").count == 11)  // ten units and "… and 20 more"
        #expect(tmkit(["tm", "stats", "--tm", memory]).output.contains("units: 30"))
        // The text shown is the variant that matched.
        let korean = tmkit(["tm", "delete", "--tm", memory, "--containing", "혜산", "--lang", "ko", "--dry-run"])
        #expect(korean.code == 0)
        #expect(!korean.output.isEmpty && korean.output.split(separator: "\n").allSatisfy { $0.contains("혜산") }, "\(korean.output)")
        let all = tmkit(["tm", "delete", "--tm", memory, "--all", "--lang", "en"])
        #expect(all.errors.contains("30 units deleted"), "\(all.errors)")
        #expect(tmkit(["tm", "stats", "--tm", memory]).output.contains("units: 0"))
    }

    /// A failed import into a memory that did not exist, before any unit is in, leaves no file
    /// behind (committed batches stay: see MemoryFailureTests).
    @Test func aFailedImportLeavesNoNewMemory() throws {
        let broken = try scratch.write("broken.tmx", Array("<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv".utf8))
        let memory = path("new.sqlite")
        let run = tmkit(["tm", "import", broken, "--tm", memory])
        #expect(run.code == 2, "\(run.errors)")
        for suffix in ["", "-wal", "-shm", "-journal"] { #expect(!FileManager.default.fileExists(atPath: memory + suffix)) }
        // An existing memory stays.
        let existing = path("old.sqlite")
        #expect(tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", existing]).code == 0)
        #expect(tmkit(["tm", "import", broken, "--tm", existing]).code == 2)
        #expect(tmkit(["tm", "stats", "--tm", existing]).output.contains("units: 30"))
    }

    @Test func aTMXServesAsATemporaryMemory() {
        let result = tmkit(["tm", "lookup", "--tm", Checkout.path("TMX/news.en-ko.tmx"), "Defectors say the number of public executions has risen."])
        #expect(result.code == 0)
        #expect(result.output.hasPrefix("100 exact\n  en: Defectors say"))
    }

    @Test func pretranslateWritesATMXAndAnalyses() throws {
        let result = tmkit(["pretranslate", Checkout.path("Examples/article.en.txt"), "--tm", Checkout.path("TMX/news.en-ko.tmx"),
                            "-o", path("article.tmx"), "--format", "json"])
        #expect(result.code == 0, "\(result.errors)")
        let analysis = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(analysis["segments"] as? Int == 18)
        let bands = try #require(analysis["bands"] as? [[String: Any]])
        #expect(bands.map { $0["band"] as? String } == ["101", "100", "95–99", "85–94", "75–84", "50–74", "no match"])
        #expect(bands.map { $0["segments"] as? Int ?? -1 } == [3, 5, 3, 1, 0, 0, 6])
        let written = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path("article.tmx"))), as: UTF8.self)
        #expect(written.contains("<note>Pyongyang → 평양</note>"))
        #expect(tmkit(["tmx", "validate", path("article.tmx")]).code == 0)
        // Only exact matches carry a target: a CAT tool can never insert a fuzzy one as exact.
        let reader = try TMXReader(path: path("article.tmx"))
        _ = try reader.readHeader()
        var units: [TranslationUnit] = []
        while let unit = try reader.next() { units.append(unit) }
        #expect(units.count == 18)
        let scores = units.filter { $0.variants.count == 2 }.map(Self.score)
        #expect(scores.count == 8 && scores.allSatisfy { $0 >= 100 }, "\(scores)")
        #expect(!written.contains("24시간 비상 근무 체제"))
    }

    static func score(_ unit: TranslationUnit) -> Int {
        let value = unit.properties.first { $0.type == "x-match-score" }?.value ?? ""
        return Int(value) ?? -1
    }

    /// `--fuzzy-tmx`: the fuzzy matches in a TMX of their own, for OmegaT's tm/ folder.
    @Test func pretranslateWritesFuzzyMatchesApart() throws {
        let result = tmkit(["pretranslate", Checkout.path("Examples/article.en.txt"), "--tm", Checkout.path("TMX/news.en-ko.tmx"),
                            "-o", path("article.tmx"), "--fuzzy-tmx", path("fuzzy.tmx")])
        #expect(result.code == 0, "\(result.errors)")
        let reader = try TMXReader(path: path("fuzzy.tmx"))
        _ = try reader.readHeader()
        var units: [TranslationUnit] = []
        while let unit = try reader.next() { units.append(unit) }
        let scores = units.map(Self.score)
        #expect(scores.count == 4 && scores.allSatisfy { (75..<100).contains($0) }, "\(scores)")
        let fuzzy = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path("fuzzy.tmx"))), as: UTF8.self)
        #expect(fuzzy.contains("<prop type=\"x-match-score\">99</prop>"))
        #expect(fuzzy.contains("24시간 비상 근무 체제"))  // the number substituted from the 48-hour unit
        #expect(tmkit(["tmx", "validate", path("fuzzy.tmx")]).code == 0)
        let same = tmkit(["pretranslate", Checkout.path("Examples/article.en.txt"), "--tm", Checkout.path("TMX/news.en-ko.tmx"),
                          "-o", path("x.tmx"), "--fuzzy-tmx", path("x.tmx")])
        #expect(same.code == 2)
    }

    /// `--srx`: the document is cut as the CAT tool cuts it, so each unit is a segment the tool
    /// will look up (here a rule set that also breaks after a comma).
    @Test func pretranslateCutsByTheCATToolsSRXRules() throws {
        let srx = try scratch.write("comma.srx", Array("""
            <srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/><body><languagerules>
            <languagerule languagerulename="en">
            <rule break="yes"><beforebreak>[.,]</beforebreak><afterbreak>\\s</afterbreak></rule>
            </languagerule></languagerules>
            <maprules><languagemap languagepattern="(?i)en.*" languagerulename="en"/></maprules></body></srx>
            """.utf8))
        let document = try scratch.write("doc.txt", Array("The border was sealed, and rice prices rose. Traders left.\n".utf8))
        let memory = Checkout.path("TMX/news.en-ko.tmx")
        func sources(_ arguments: [String]) throws -> [String] {
            let run = tmkit(["pretranslate", document, "--tm", memory, "-o", path("out.tmx")] + arguments)
            #expect(run.code == 0, "\(run.errors)")
            let reader = try TMXReader(path: path("out.tmx"))
            _ = try reader.readHeader()
            var texts: [String] = []
            while let unit = try reader.next() { texts.append(unit.variants.first?.content.plainText ?? "") }
            return texts
        }
        #expect(try sources([]) == ["The border was sealed, and rice prices rose.", "Traders left."])
        let cut = try sources(["--srx", srx, "--srx-only"])
        #expect(cut == ["The border was sealed,", "and rice prices rose.", "Traders left."])
        // The same segments `tmkit segment --srx` gives.
        let segmented = tmkit(["segment", document, "--srx", srx, "--srx-only"])
        #expect(segmented.output.split(separator: "\n").map(String.init) == cut)

        #expect(tmkit(["pretranslate", document, "--tm", memory, "-o", path("x.tmx"), "--srx-only"]).code == 2)
        let missing = tmkit(["pretranslate", document, "--tm", memory, "-o", path("x.tmx"), "--srx", path("none.srx")])
        #expect(missing.code == 2)
        #expect(missing.errors.hasPrefix("tmkit: \(path("none.srx")): cannot read"), "\(missing.errors)")
        #expect(!FileManager.default.fileExists(atPath: path("x.tmx")))
    }

    /// The document's format comes from its extension or `--document-format`; standard input
    /// and unknown extensions are text; an unknown format name is a usage error before anything runs.
    @Test func pretranslateChoosesTheDocumentFormat() throws {
        let memory = Checkout.path("TMX/news.en-ko.tmx")
        let article = try Checkout.bytes("Examples/article.en.txt")
        let fromFile = tmkit(["pretranslate", Checkout.path("Examples/article.en.txt"), "--tm", memory, "-o", path("a.tmx")])
        let fromStdin = tmkit(["pretranslate", "-", "--document-format", "TEXT", "--tm", memory, "-o", path("b.tmx")], stdin: article)
        let unknownExtension = try scratch.write("article.story", article)
        let fromOther = tmkit(["pretranslate", unknownExtension, "--tm", memory, "-o", path("c.tmx")])
        #expect([fromFile.code, fromStdin.code, fromOther.code] == [0, 0, 0], "\(fromStdin.errors)\(fromOther.errors)")
        // The same units (the header's creation date may differ by a second).
        func units(_ name: String) throws -> String {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path(name))), as: UTF8.self)
            return String(text[text.range(of: "<body>")!.lowerBound...])
        }
        #expect(try units("b.tmx") == units("a.tmx"))
        #expect(try units("c.tmx") == units("a.tmx"))

        let unknown = tmkit(["pretranslate", "-", "--document-format", "docx", "--tm", memory, "-o", path("d.tmx")], stdin: article)
        #expect(unknown.code == 2)
        #expect(unknown.errors.contains("unknown document format 'docx'; known: text"), "\(unknown.errors)")
        #expect(!FileManager.default.fileExists(atPath: path("d.tmx")))
    }

    /// `tm import` takes every memory format `tmx convert` writes: the same units, the same
    /// matches; a bad row stops it before any memory is made.
    @Test func importReadsEveryMemoryFormat() throws {
        let sample = Checkout.path("TMX/sample.en-ko.tmx")
        let query = "Rice prices in Hyesan rose to 6,500 won per kilogram this week."
        func lookup(_ memory: String) -> String {
            tmkit(["tm", "lookup", "--tm", memory, "--format", "json", "--min-score", "50", query]).output
        }
        let reference = path("tmx.sqlite")
        #expect(tmkit(["tm", "import", sample, "--tm", reference]).code == 0)
        for format in ["tsv", "csv", "jsonl"] {
            let file = path("sample.\(format)")
            #expect(tmkit(["tmx", "convert", sample, "-o", file, "--from", "en", "--to", "ko"]).code == 0)
            let memory = path("\(format).sqlite")
            let imported = tmkit(["tm", "import", file, "--from", "en", "--to", "ko", "--tm", memory])
            #expect(imported.code == 0, "\(format): \(imported.errors)")
            #expect(imported.errors.contains("18 units added"), "\(imported.errors)")
            #expect(lookup(memory) == lookup(reference), "\(format)")
            // Importing again changes nothing.
            #expect(tmkit(["tm", "import", file, "--from", "en", "--to", "ko", "--tm", memory]).errors.contains("0 units added, 18 already there"))
        }
        // A JSON Lines memory answers --tm directly (loaded into a temporary memory, as a TMX is).
        #expect(lookup(path("sample.jsonl")) == lookup(reference))
        let table = tmkit(["tm", "lookup", "--tm", path("sample.tsv"), query])
        #expect(table.code == 2)
        #expect(table.errors.contains("import '\(path("sample.tsv"))' first"), "\(table.errors)")
        // A format named explicitly, from standard input.
        let piped = tmkit(["tm", "import", "-", "--input-format", "jsonl", "--tm", path("piped.sqlite")],
                          stdin: Array(try Data(contentsOf: URL(fileURLWithPath: path("sample.jsonl")))))
        #expect(piped.code == 0, "\(piped.errors)")

        let bad = try scratch.write("bad.tsv", Array("A.\tB.\nC\tD\tnote\textra\n".utf8))
        let refused = tmkit(["tm", "import", bad, "--from", "en", "--to", "ko", "--tm", path("bad.sqlite")])
        #expect(refused.code == 2)
        #expect(refused.errors.hasPrefix("tmkit: \(bad):2: "), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: path("bad.sqlite")))
        let unlabeled = tmkit(["tm", "import", path("sample.tsv"), "--tm", path("u.sqlite")])
        #expect(unlabeled.code == 2)
        #expect(unlabeled.errors.contains("--from and --to are required"))
    }

    /// Language tags match as RFC 4647 says: a memory holding `en`/`ko` units and OmegaT's
    /// `en-US`/`ko-KR` units answers one `--from en --to ko` lookup from both; `--from en-US`
    /// prefers its own units and falls back to `en`.
    @Test func lookupFindsEveryRegionalVariantOfTheRequestedLanguages() throws {
        let memory = path("mixed.sqlite")
        #expect(tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", memory]).code == 0)
        let omegat = Checkout.path("Tests/TMXTests/Fixtures/corpus/omegat-3.6-console_export_en-ko_level2.tmx")
        #expect(tmkit(["tm", "import", omegat, "--tm", memory]).code == 0)
        func best(_ query: String, _ from: String = "en", _ to: String = "ko") throws -> String? {
            let run = tmkit(["tm", "lookup", "--tm", memory, "--from", from, "--to", to, "--format", "json", query])
            #expect(run.code == 0, "\(run.errors)")
            let matches = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
            return matches.first?["target"] as? String
        }
        #expect(try best("Click Save to keep your changes.") == "변경 내용을 유지하려면 저장을 클릭하세요.")
        #expect(try best("‘Battle against crime’ ahead of Party Foundation Day") == "‘범죄와의 전쟁’ 당 창건일 앞두고")
        #expect(try best("Click Save to keep your changes.", "en-US", "ko-KR") == "변경 내용을 유지하려면 저장을 클릭하세요.")
        #expect(try best("‘Battle against crime’ ahead of Party Foundation Day", "en-US", "ko-KR") == "‘범죄와의 전쟁’ 당 창건일 앞두고")  // en-US falls back to en
        #expect(try best("Click Save to keep your changes.", "en-GB", "ko") == nil)  // another region
    }

    @Test func badMemoriesGiveAClearErrorAndExitCode2() throws {
        let notes = try scratch.write("notes.sqlite", Array("hello".utf8))
        let result = tmkit(["tm", "stats", "--tm", notes])
        #expect(result.code == 2)
        #expect(result.errors == "tmkit: \(notes): not a tmkit memory (not an SQLite database)\n")
        let missing = tmkit(["tm", "lookup", "--tm", path("none.sqlite"), "x"])
        #expect(missing.code == 2)
        #expect(missing.errors.contains("no such memory"))
    }

    @Test func checkReportsASoundMemoryAndReadsLeaveItAlone() throws {
        let memory = path("m.sqlite")
        #expect(tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", memory]).code == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: memory))
        let check = tmkit(["tm", "check", "--tm", memory])
        #expect(check.code == 0)
        #expect(check.output == "\(memory): ok (integrity_check, schema \(SQLiteMemoryStore.schemaVersion))\n")
        let json = tmkit(["tm", "check", "--tm", memory, "--quick", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == true)
        #expect((object["problems"] as? [Any])?.isEmpty == true)
        #expect(tmkit(["tm", "stats", "--tm", memory]).code == 0)
        #expect(tmkit(["tm", "concordance", "--tm", memory, "장마당"]).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: memory)) == before)
        #expect(!FileManager.default.fileExists(atPath: memory + "-wal"))
        let missing = tmkit(["tm", "check", "--tm", path("none.sqlite")])
        #expect(missing.code == 2)
        #expect(missing.errors == "tmkit: \(path("none.sqlite")): no such memory\n")
    }

    @Test func numericOptionsAreCheckedBeforeTheMemoryIsOpened() {
        let memory = path("absent.sqlite")
        let limit = tmkit(["tm", "concordance", "--tm", memory, "--limit", "4611686018427387904", "x"])
        #expect(limit.code == 2)
        #expect(limit.errors.hasPrefix("tmkit: --limit must be between 1 and 100000 (got 4611686018427387904)"))
        let batch = tmkit(["tm", "import", Checkout.path("TMX/news.en-ko.tmx"), "--tm", memory, "--batch-size", "0"])
        #expect(batch.code == 2)
        #expect(batch.errors.hasPrefix("tmkit: --batch-size must be between 1 and 1000000 (got 0)"))
        #expect(!FileManager.default.fileExists(atPath: memory))
    }
}
