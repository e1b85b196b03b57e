import Foundation
import SharedTestData
import Testing
import TMKitCore
import XLIFF

/// `tmkit extract` and `tmkit merge` end to end.
@Suite struct XLIFFCommandTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }
    func path(_ name: String) -> String { scratch.url.appendingPathComponent(name).path }
    func read(_ name: String) throws -> String { String(decoding: try Data(contentsOf: URL(fileURLWithPath: path(name))), as: UTF8.self) }

    /// `xliff` with unit `id`'s target replaced by `target` (raw XLIFF), its state left as it
    /// was: what OmegaT 3.6 does when a translator translates the unit.
    static func translating(_ xliff: String, unit id: String, with target: String) throws -> String {
        var xliff = xliff
        let unit = try #require(xliff.range(of: "<trans-unit id=\"\(id)\""))
        let open = try #require(xliff.range(of: "<target", range: unit.upperBound..<xliff.endIndex))
        let contentStart = try #require(xliff.range(of: ">", range: open.upperBound..<xliff.endIndex))
        let close = try #require(xliff.range(of: "</target>", range: contentStart.upperBound..<xliff.endIndex))
        xliff.replaceSubrange(contentStart.upperBound..<close.lowerBound, with: target)
        return xliff
    }

    static let article = Checkout.path("Examples/article.en.txt")
    static let memory = Checkout.path("TMX/news.en-ko.tmx")

    /// extract, merge and align report their progress on standard error like tm import: bytes
    /// of the input read (and units, for merge), or the step running (align); never with
    /// `--quiet` or `--progress never`, and the output is the same either way.
    @Test func extractMergeAndAlignShowProgress() throws {
        let extract = tmkit(["extract", Self.article, "--from", "en", "--to", "ko", "-o", path("p.xlf"), "--progress", "always"])
        #expect(extract.code == 0)
        #expect(extract.errors.split(separator: "\n").first?.hasPrefix("reading 0 of 1 MB (100%), ") == true, "\(extract.errors)")
        #expect(extract.errors.contains("18 segments written"))
        let quiet = tmkit(["extract", Self.article, "--from", "en", "--to", "ko", "-o", path("q.xlf"), "--quiet"])
        #expect(quiet.code == 0 && quiet.errors.isEmpty, "\(quiet.errors)")
        #expect(try read("p.xlf") == read("q.xlf"))

        let merge = tmkit(["merge", path("p.xlf"), "-o", path("p.txt"), "--progress", "always"])
        #expect(merge.code == 0)
        let first = merge.errors.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("reading 0 of 1 MB (") && first.contains(" MB/s"), "\(merge.errors)")
        let silent = tmkit(["merge", path("p.xlf"), "-o", path("s.txt"), "--progress", "never"])
        #expect(!silent.errors.contains("reading"))
        #expect(try read("p.txt") == read("s.txt"))

        let align = tmkit(["align", Self.article, Checkout.path("Examples/article.ko.txt"), "--from", "en", "--to", "ko",
                           "-o", path("a.tmx"), "--progress", "always"])
        #expect(align.code == 0)
        let steps = align.errors.split(separator: "\n").map(String.init)
        #expect(steps.prefix(3) == ["segmenting \(Self.article)…", "segmenting \(Checkout.path("Examples/article.ko.txt"))…",
                                    "aligning 18 × 18 sentences…"], "\(align.errors)")
        #expect(!tmkit(["align", Self.article, Checkout.path("Examples/article.ko.txt"), "--from", "en", "--to", "ko",
                        "-o", path("b.tmx")]).errors.contains("aligning"))
    }

    @Test(arguments: ["Examples/article.en.txt", "Examples/article.ko.txt"], ["1.2", "2.1"])
    func extractThenMergeGivesTheDocumentBack(_ document: String, _ version: String) throws {
        let ko = document.contains(".ko.")
        let extract = tmkit(["extract", Checkout.path(document), "--from", ko ? "ko" : "en", "--to", ko ? "en" : "ko",
                             "--xliff", version, "-o", path("doc.xlf")])
        #expect(extract.code == 0, "\(extract.errors)")
        #expect(extract.errors == "tmkit: 18 segments written\n")
        let merge = tmkit(["merge", path("doc.xlf"), "-o", path("back.txt")])
        #expect(merge.code == 0, "\(merge.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("back.txt"))) == Data(try Checkout.bytes(document)))
        #expect(merge.errors.contains("18 of 18 units kept their source"))
        // Ids are stable across runs: the same bytes again.
        _ = tmkit(["extract", Checkout.path(document), "--from", ko ? "ko" : "en", "--to", ko ? "en" : "ko",
                   "--xliff", version, "-o", path("again.xlf")])
        #expect(try read("again.xlf") == read("doc.xlf"))
    }

    /// Exact matches fill targets; fuzzy ones are only candidates; --fuzzy-tmx holds them for OmegaT.
    @Test func fuzzyMatchesNeverBecomeTargets() throws {
        let run = tmkit(["extract", Self.article, "--tm", Self.memory, "-o", path("a.xlf"), "--fuzzy-tmx", path("f.tmx")])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.errors.contains("18 segments written; 8 filled from exact matches, 4 with fuzzy matches offered"))
        let xliff = try XLIFFReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: path("a.xlf")))), file: "a.xlf")
        let units = try #require(xliff.files.first?.units)
        #expect(units.count == 18)
        for unit in units {
            let segment = try #require(unit.segments.first)
            let target = try #require(segment.target)  // a match or a copy of the source
            if target == segment.source {
                #expect(segment.state == .initial)
                #expect(segment.effectiveState == .initial)
            } else {
                let best = try #require(unit.matches.first)
                #expect((best.score ?? 0) >= 100)
                #expect(best.target == target)
            }
        }
        #expect(units.filter { $0.segments[0].target != $0.segments[0].source }.count == 8)
        #expect(units.contains { $0.segments[0].target == $0.segments[0].source && ($0.matches.first?.score ?? 100) < 100 })
        // Without copies, units without an exact match have no target at all.
        _ = tmkit(["extract", Self.article, "--tm", Self.memory, "-o", path("b.xlf"), "--no-copy-source"])
        let bare = try XLIFFReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: path("b.xlf")))), file: "b.xlf")
        #expect(bare.files[0].units.filter { $0.segments[0].target != nil }.count == 8)
        let text = try read("a.xlf")
        #expect(text.contains("state-qualifier=\"exact-match\""))
        #expect(text.contains("<note from=\"tmkit-glossary\" annotates=\"source\">Pyongyang → 평양</note>"))
        let fuzzy = try read("f.tmx")
        #expect(fuzzy.contains("<prop type=\"x-match-score\">99</prop>"))
        #expect(!fuzzy.contains("<prop type=\"x-match-score\">100</prop>"))
    }

    /// Targets in a returned XLIFF become the Korean article; states decide which count.
    @Test func mergeUsesTargetsByState() throws {
        _ = tmkit(["extract", Self.article, "--tm", Self.memory, "-o", path("a.xlf")])
        // A translator translates unit 4; its state still says needs-translation, as OmegaT leaves it.
        let xliff = try Self.translating(try read("a.xlf"), unit: "4", with: "최근 보안 기관들이 지시를 받았다.")
        #expect(xliff.contains("<target state=\"needs-translation\">최근 보안 기관들이 지시를 받았다.</target>"))
        try Data(xliff.utf8).write(to: URL(fileURLWithPath: path("a.xlf")))
        let merge = tmkit(["merge", path("a.xlf"), "-o", path("ko.txt")])
        #expect(merge.code == 0, "\(merge.errors)")
        #expect(merge.errors.contains("9 of 18 units kept their source"), "\(merge.errors)")
        #expect(try read("ko.txt").contains("최근 보안 기관들이 지시를 받았다."))
        let korean = try read("ko.txt")
        #expect(korean.contains("‘범죄와의 전쟁’"))
        let reviewed = tmkit(["merge", path("a.xlf"), "-o", path("reviewed.txt"), "--min-state", "reviewed"])
        #expect(reviewed.errors.contains("18 of 18 units kept their source"))
        let complete = tmkit(["merge", path("a.xlf"), "-o", path("complete.txt"), "--require-complete"])
        #expect(complete.code == 1)
        #expect(complete.errors.hasPrefix("tmkit: 9 of 18 units have no target at translated or above"), "\(complete.errors)")
        #expect(complete.errors.hasSuffix("nothing written\n"))
        #expect(!FileManager.default.fileExists(atPath: path("complete.txt")))
        let wrapped = tmkit(["merge", path("a.xlf"), "-o", path("wrapped.txt"), "--wrap", "40"])
        #expect(wrapped.code == 0)
        let lines = try read("wrapped.txt").split(separator: "\n")
        #expect(try read("ko.txt").split(separator: "\n").count < lines.count)
    }

    /// `merge --qa`: the translations checked before the article leaves the desk.
    @Test func mergeChecksTranslationsWithQA() throws {
        _ = tmkit(["extract", Self.article, "--tm", Self.memory, "-o", path("a.xlf")])
        let clean = tmkit(["merge", path("a.xlf"), "-o", path("ko.txt"), "--qa"])
        #expect(clean.code == 0, "\(clean.errors)")
        #expect(clean.errors.contains("tmkit: qa: no findings in 8 translated units"), "\(clean.errors)")
        // A translator changes a number and drops a weekday.
        var xliff = try read("a.xlf")
        #expect(xliff.contains("70주년"))
        xliff = xliff.replacingOccurrences(of: "70주년", with: "60주년")
        try Data(xliff.utf8).write(to: URL(fileURLWithPath: path("a.xlf")))
        let run = tmkit(["merge", path("a.xlf"), "-o", path("ko.txt"), "--qa"])
        #expect(run.code == 0)
        #expect(run.errors.contains("tmkit: qa: unit 2: numbers (error): 70 of the source is not in the target (it has 60) «70»"), "\(run.errors)")
        #expect(run.errors.contains("tmkit: qa: 1 finding in 1 of 8 translated units; the document was written"))
        #expect(try read("ko.txt").contains("60주년"))
        // Without --qa, nothing is checked; --glossary alone is refused; a bad glossary writes nothing.
        #expect(!tmkit(["merge", path("a.xlf"), "-o", path("ko.txt")]).errors.contains("qa:"))
        #expect(tmkit(["merge", path("a.xlf"), "-o", path("ko2.txt"), "--glossary", Checkout.path("Glossaries/north-korea-news.tbx")]).code == 2)
        let bad = try scratch.write("bad.tbx", Array("<tbx><text><body><conceptEntry>".utf8))
        #expect(tmkit(["merge", path("a.xlf"), "-o", path("ko3.txt"), "--qa", "--glossary", bad]).code == 2)
        #expect(!FileManager.default.fileExists(atPath: path("ko3.txt")))
    }

    @Test func badInputsAreOneLineErrors() throws {
        let plain = try scratch.write("plain.xlf", Array("""
            <?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
            <file original="x" source-language="en" target-language="ko" datatype="plaintext"><body>
            <trans-unit id="1"><source>Hi.</source><target>안녕.</target></trans-unit></body></file></xliff>
            """.utf8))
        let noSkeleton = tmkit(["merge", plain, "-o", path("x.txt")])
        #expect(noSkeleton.code == 2)
        #expect(noSkeleton.errors.hasPrefix("tmkit: \(plain): no tmkit skeleton"), "\(noSkeleton.errors)")
        let broken = try scratch.write("broken.xlf", Array("<xliff version=\"1.2\"><file>\n<body><trans-unit id=\"1\"><source>Hi</sourc></body>".utf8))
        let malformed = tmkit(["merge", broken, "-o", path("x.txt")])
        #expect(malformed.code == 2)
        #expect(malformed.errors.hasPrefix("tmkit: \(broken):2:"), "\(malformed.errors)")
        #expect(malformed.errors.split(separator: "\n").count == 1)
        _ = tmkit(["extract", Self.article, "--from", "en", "--to", "ko", "-o", path("a.xlf")])
        let withCode = try Self.translating(try read("a.xlf"), unit: "5", with: "<ph id=\"9\">&lt;b&gt;</ph>x")
        try Data(withCode.utf8).write(to: URL(fileURLWithPath: path("code.xlf")))
        let extra = tmkit(["merge", path("code.xlf"), "-o", path("x.txt")])
        #expect(extra.code == 2, "\(extra.errors)")
        #expect(extra.errors.contains("unit 5: the translation has inline code <ph x=\"9\">"), "\(extra.errors)")
        #expect(!FileManager.default.fileExists(atPath: path("x.txt")))
        // A unit deleted from the XLIFF, or one that appears twice: refused, nothing written.
        let article = try read("a.xlf")
        let unit2 = try #require(article.range(of: "   <trans-unit id=\"2\""))
        let unit2End = try #require(article.range(of: "</trans-unit>\n", range: unit2.upperBound..<article.endIndex))
        try Data((article[..<unit2.lowerBound] + article[unit2End.upperBound...]).utf8).write(to: URL(fileURLWithPath: path("deleted.xlf")))
        let deleted = tmkit(["merge", path("deleted.xlf"), "-o", path("x.txt")])
        #expect(deleted.code == 2)
        #expect(deleted.errors.contains("the skeleton's unit 2 is not in the XLIFF"), "\(deleted.errors)")
        let twice = article.replacingOccurrences(of: "<trans-unit id=\"3\"", with: "<trans-unit id=\"1\"")
        try Data(twice.utf8).write(to: URL(fileURLWithPath: path("twice.xlf")))
        let duplicated = tmkit(["merge", path("twice.xlf"), "-o", path("x.txt")])
        #expect(duplicated.code == 2)
        #expect(duplicated.errors.contains("unit 1 appears twice"), "\(duplicated.errors)")
        #expect(!FileManager.default.fileExists(atPath: path("x.txt")))
        #expect(tmkit(["merge", path("a.xlf"), "-o", path("x.txt"), "--min-state", "initial"]).code == 2)
        #expect(tmkit(["merge", path("a.xlf"), "-o", path("x.txt"), "--wrap", "5"]).code == 2)
        #expect(tmkit(["extract", Self.article, "-o", path("y.xlf")]).code == 2)  // no pair, no memory
        #expect(tmkit(["extract", Self.article, "--from", "en", "--to", "ko", "-o", path("y.xlf"), "--fuzzy-tmx", path("f.tmx")]).code == 2)
        #expect(!FileManager.default.fileExists(atPath: path("y.xlf")))
    }

    /// Trados, memoQ and Okapi segment units again on their side (`<seg-source>` with
    /// `<mrk mtype="seg">`, the target in the same marks): merge joins the segments with what
    /// stands between them; a whole target beside marked segments counts too; a unit whose
    /// segments are not all translated keeps its source.
    @Test func unitsSegmentedByTheCATToolMerge() throws {
        _ = tmkit(["extract", Self.article, "--from", "en", "--to", "ko", "-o", path("a.xlf")])
        var xliff = try read("a.xlf")
        func segment(_ id: String, target: String) throws {
            let unit = try #require(xliff.range(of: "<trans-unit id=\"\(id)\""))
            let sourceOpen = try #require(xliff.range(of: "<source>", range: unit.upperBound..<xliff.endIndex))
            let sourceClose = try #require(xliff.range(of: "</source>", range: sourceOpen.upperBound..<xliff.endIndex))
            let source = String(xliff[sourceOpen.upperBound..<sourceClose.lowerBound])
            let comma = try #require(source.range(of: ", "))
            let segmented = "<seg-source><mrk mtype=\"seg\" mid=\"1\">\(source[..<comma.lowerBound]),</mrk> "
                + "<mrk mtype=\"seg\" mid=\"2\">\(source[comma.upperBound...])</mrk></seg-source>"
            xliff.insert(contentsOf: "\n    " + segmented, at: sourceClose.upperBound)
            xliff = try Self.translating(xliff, unit: id, with: target)
        }
        try segment("4", target: "<mrk mtype=\"seg\" mid=\"1\">“최근 보안 기관들이 지시를 받았다,”</mrk> <mrk mtype=\"seg\" mid=\"2\">고 소식통이 말했다.</mrk>")
        try segment("5", target: "당 창건일까지 사건이 없도록 하라는 명령이다.")
        try segment("6", target: "<mrk mtype=\"seg\" mid=\"1\">반쪽만 번역됨,</mrk> ")
        try Data(xliff.utf8).write(to: URL(fileURLWithPath: path("seg.xlf")))
        let merge = tmkit(["merge", path("seg.xlf"), "-o", path("ko.txt")])
        #expect(merge.code == 0, "\(merge.errors)")
        #expect(merge.errors.contains("16 of 18 units kept their source"), "\(merge.errors)")
        let korean = try read("ko.txt")
        #expect(korean.contains("“최근 보안 기관들이 지시를 받았다,” 고 소식통이 말했다. 당 창건일까지 사건이 없도록 하라는 명령이다."), "\(korean)")
        #expect(!korean.contains("반쪽만"))
        #expect(korean.contains("This mandate has sent not only"))
    }

    /// The bundled glossary's terms become notes unless --no-glossary says to use none.
    @Test func noGlossaryLeavesTermNotesOut() throws {
        #expect(tmkit(["extract", Self.article, "--from", "en", "--to", "ko", "-o", path("g.xlf")]).code == 0)
        #expect(try read("g.xlf").contains("<note from=\"tmkit-glossary\""))
        #expect(tmkit(["extract", Self.article, "--from", "en", "--to", "ko", "--no-glossary", "-o", path("n.xlf")]).code == 0)
        let plain = try read("n.xlf")
        #expect(!plain.contains("<note") && plain.contains("<trans-unit"))
        let both = tmkit(["extract", Self.article, "--from", "en", "--to", "ko", "--no-glossary", "--glossary", "Glossaries/north-korea-news.tbx",
                          "-o", path("b.xlf")])
        #expect(both.code == 2 && both.errors.contains("--no-glossary and --glossary exclude each other"), "\(both.errors)")
        let nothing = tmkit(["qa", "Examples/qa.en-ko.tsv", "--from", "en", "--to", "ko", "--checks", "terminology", "--no-glossary"])
        #expect(nothing.code == 2 && nothing.errors.contains("--no-glossary leaves nothing to check"), "\(nothing.errors)")
    }

    /// A skeleton that is not tmkit's is a one-line error naming the file; nothing is written.
    @Test func aDamagedSkeletonIsRefused() throws {
        _ = tmkit(["extract", Self.article, "--from", "en", "--to", "ko", "-o", path("a.xlf")])
        let damaged = try read("a.xlf").replacingOccurrences(of: "{\"tmkit-skeleton\":1,", with: "{\"tmkit-skeleton\":9,")
        try Data(damaged.utf8).write(to: URL(fileURLWithPath: path("d.xlf")))
        let merge = tmkit(["merge", path("d.xlf"), "-o", path("x.txt")])
        #expect(merge.code == 2)
        #expect(merge.errors == "tmkit: \(path("d.xlf")): the document skeleton: skeleton version 9 is newer than this tmkit reads; update tmkit\n")
        #expect(!FileManager.default.fileExists(atPath: path("x.txt")))
    }

    /// The loop closes: the translated units of a returned XLIFF go into the memory.
    @Test func translatedXLIFFGoesIntoTheMemory() throws {
        _ = tmkit(["extract", Self.article, "--tm", Self.memory, "-o", path("a.xlf")])
        let xliff = try Self.translating(try read("a.xlf"), unit: "4", with: "최근 보안 기관들이 지시를 받았다.")
        try Data(xliff.utf8).write(to: URL(fileURLWithPath: path("a.xlf")))
        let imported = tmkit(["tm", "import", path("a.xlf"), "--tm", path("m.sqlite")])
        #expect(imported.code == 0, "\(imported.errors)")
        #expect(imported.errors.contains("9 units added"), "\(imported.errors)")
        let lookup = tmkit(["tm", "lookup", "--tm", path("m.sqlite"), "--from", "en", "--to", "ko",
                            "“Recently, security agencies received a mandate to combat crime in the run-up to the 70th anniversary by making sure not a single incident or accident takes place,” a source from North Hamkyung Province told Daily NK on Wednesday."])
        #expect(lookup.output.contains("최근 보안 기관들이 지시를 받았다."), "\(lookup.output)")
        let converted = tmkit(["tmx", "convert", path("a.xlf"), "-o", path("a.tmx")])
        #expect(converted.code == 0, "\(converted.errors)")
        #expect(try read("a.tmx").components(separatedBy: "<tu ").count - 1 == 9)
        // As a memory straight away.
        let direct = tmkit(["tm", "lookup", "--tm", path("a.xlf"), "--from", "en", "--to", "ko",
                            "“Recently, security agencies received a mandate to combat crime in the run-up to the 70th anniversary by making sure not a single incident or accident takes place,” a source from North Hamkyung Province told Daily NK on Wednesday."])
        #expect(direct.code == 0, "\(direct.errors)")
        #expect(direct.output.contains("최근 보안 기관들이 지시를 받았다."), "\(direct.output)")
    }

    /// XLIFF written by other tools imports with its translated segments.
    @Test(.needsSharedData) func otherToolsXLIFFImports() throws {
        let okapi = SharedData.path("xliff/files/okapi_segmented.xlf")
        let run = tmkit(["tmx", "convert", okapi, "-o", path("o.tsv")])
        #expect(run.code == 0, "\(run.errors)")
        let rows = try read("o.tsv").split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("Segment one.\tSegment ein.") })
        #expect(rows.count == 3)
    }

    /// extract reads plain text piece by piece: a document over the old 32 MiB whole-input limit
    /// goes through in bounded memory (the skeleton streams into the XLIFF, the units through a
    /// temporary file), and merges back byte for byte.
    @Test func extractStreamsLargeDocumentsInBoundedMemory() throws {
        let article = String(decoding: try Checkout.bytes("Examples/article.en.txt"), as: UTF8.self)
        let copies = (36 << 20) / article.utf8.count + 1
        let big = try scratch.write("big.txt", Array(Array(repeating: article, count: copies).joined(separator: "\n\n").utf8))
        let run = try Binary.run(["extract", big, "--from", "en", "--to", "ko", "-o", path("big.xlf")], timeout: 600)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors == "tmkit: \(copies * 18) segments written\n")
        #expect(run.peakMiB < 64, "\(run.peakMiB) MiB")
        let merged = try Binary.run(["merge", path("big.xlf"), "-o", path("big.back.txt")], timeout: 600)
        #expect(merged.status == 0, "\(merged.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("big.back.txt"))) == Data(contentsOf: URL(fileURLWithPath: big)))
    }

    /// A large page streams (memory flat in its size) and comes back byte for byte; a page in a
    /// legacy character set, found only past the first piece, is read again whole.
    @Test func extractStreamsLargePagesInBoundedMemory() throws {
        let page = String(decoding: try Checkout.bytes("Examples/news.en.html"), as: UTF8.self)
        let body = page.components(separatedBy: "<body>")[1].components(separatedBy: "</body>")[0]
        let copies = (24 << 20) / body.utf8.count + 1
        let big = try scratch.write("big.html", Array(("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Big</title></head><body>\n"
            + String(repeating: body, count: copies) + "</body></html>\n").utf8))
        let run = try Binary.run(["extract", big, "--from", "en", "--to", "ko", "--no-glossary", "-o", path("big.xlf")], timeout: 600)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.peakMiB < 64, "\(run.peakMiB) MiB")
        let merged = try Binary.run(["merge", path("big.xlf"), "-o", path("big.back.html")], timeout: 600)
        #expect(merged.status == 0, "\(merged.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("big.back.html"))) == Data(contentsOf: URL(fileURLWithPath: big)))
        // windows-1252 (é as the byte E9) after 600 KB of ASCII: read whole, in its charset, and written back in it.
        var legacy = Array("<html><head><title>Prices</title></head><body>\n".utf8)
        for _ in 0..<8_000 { legacy += Array("<p>Prices rose again on Monday.</p>\n".utf8) }
        legacy += Array("<p>Caf".utf8) + [0xE9] + Array(" prices rose.</p>\n</body></html>\n".utf8)
        let legacyPath = try scratch.write("legacy.html", legacy)
        #expect(tmkit(["extract", legacyPath, "--from", "en", "--to", "ko", "--no-glossary", "-o", path("legacy.xlf")]).code == 0)
        #expect(try read("legacy.xlf").contains("<source>Café prices rose.</source>"))
        #expect(tmkit(["merge", path("legacy.xlf"), "-o", path("legacy.back.html")]).code == 0)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path("legacy.back.html")))) == legacy)
        // Through a pipe (which cannot be read again), and into one: read whole.
        let piped = try Binary.run(["cat '\(legacyPath)' | \"$TMKIT\" extract /dev/stdin --input-format html --from en --to ko --no-glossary -o /dev/stdout | cat"],
                                   shell: true)
        #expect(piped.status == 0, "\(piped.errors)")
        #expect(piped.outputText.contains("<source>Café prices rose.</source>"))
        #expect(piped.outputText.components(separatedBy: "<xliff ").count == 2)
    }

    /// An HTML page through extract, a translator and merge: markup kept, text translated.
    @Test func htmlPagesRoundTripWithTheirMarkup() throws {
        let page = Checkout.path("Examples/news.en.html")
        #expect(tmkit(["extract", page, "--from", "en", "--to", "ko", "-o", path("news.xlf")]).code == 0)
        #expect(tmkit(["merge", path("news.xlf"), "-o", path("same.html")]).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("same.html"))) == Data(try Checkout.bytes("Examples/news.en.html")))
        // Unit 4: "SEOUL, <time>Nov. 30</time> — Pyongyang said on <b>Tuesday</b> …", codes moved;
        // unit 2 is the meta description, unit 9 the image's alt text.
        var xliff = try Self.translating(try read("news.xlf"), unit: "4",
            with: "서울, <bpt id=\"1\">&lt;time datetime=\"2026-11-30\"&gt;</bpt>11월 30일<ept id=\"1\">&lt;/time&gt;</ept> — 평양은 <bpt id=\"2\">&lt;b&gt;</bpt>화요일<ept id=\"2\">&lt;/b&gt;</ept> 새 미사일을 시험했다고 밝혔다.")
        xliff = try Self.translating(xliff, unit: "9", with: "발사 \"현장\"")
        try Data(xliff.utf8).write(to: URL(fileURLWithPath: path("news.xlf")))
        let merged = tmkit(["merge", path("news.xlf"), "-o", path("news.ko.html")])
        #expect(merged.code == 0, "\(merged.errors)")
        let korean = try read("news.ko.html")
        #expect(korean.contains("서울, <time datetime=\"2026-11-30\">11월 30일</time> — 평양은 <b>화요일</b> 새 미사일을 시험했다고 밝혔다. The launch was"))
        #expect(korean.contains("<script>window.analytics = { page: \"<p>news</p>\" };</script>"))
        #expect(korean.contains("<html lang=\"ko\">"))
        #expect(korean.contains("<img src=\"launch.jpg\" alt=\"발사 &quot;현장&quot;\">"))
        // pretranslate writes the codes into TMX that validates.
        #expect(tmkit(["pretranslate", page, "--tm", Self.memory, "-o", path("news.tmx")]).code == 0)
        #expect(tmkit(["tmx", "validate", path("news.tmx")]).code == 0)
        #expect(try read("news.tmx").contains("<bpt i=\"2\" type=\"b\">&lt;b&gt;</bpt>Tuesday<ept i=\"2\">&lt;/b&gt;</ept>"))
    }

    @Test func markdownRoundTripsWithItsSyntax() throws {
        let article = Checkout.path("Examples/news.en.md")
        #expect(tmkit(["extract", article, "--from", "en", "--to", "ko", "-o", path("news.xlf")]).code == 0)
        #expect(try read("news.xlf").contains("datatype=\"x-markdown\""))
        #expect(tmkit(["merge", path("news.xlf"), "-o", path("same.md")]).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("same.md"))) == Data(try Checkout.bytes("Examples/news.en.md")))
        // Unit 2 with its emphasis moved; unit 3's link keeps its target; the table cell and the
        // alt text are units of their own.
        var xliff = try Self.translating(try read("news.xlf"), unit: "2",
            with: "<bpt id=\"1\">*</bpt>데일리NK<ept id=\"1\">*</ept>는 <bpt id=\"2\">**</bpt>수요일<ept id=\"2\">**</ept> 북한이 10월 10일(당 창건일)까지 보안 기관들에 24시간 근무를 지시했다고 보도했다.")
        xliff = try Self.translating(xliff, unit: "3",
            with: "<bpt id=\"1\">[</bpt>중앙당<ept id=\"1\">](https://www.dailynk.com/english/ \"Daily NK\")</ept>이 승인한 이 명령은 국가보위성과 인민보안성을 대상으로 한다.")
        xliff = try Self.translating(xliff, unit: "12", with: "국가보위성")
        try Data(xliff.utf8).write(to: URL(fileURLWithPath: path("news.xlf")))
        let merged = tmkit(["merge", path("news.xlf"), "-o", path("news.ko.md")])
        #expect(merged.code == 0, "\(merged.errors)")
        let korean = try read("news.ko.md")
        #expect(korean.contains("""
            *데일리NK*는 **수요일** 북한이 10월 10일(당 창건일)까지 보안 기관들에 24시간 근무를 지시했다고 보도했다. [중앙당](https://www.dailynk.com/english/ "Daily NK")이 승인한 이 명령은 국가보위성과 인민보안성을 대상으로 한다.

            > "Even in the middle
            """), "\(korean)")
        #expect(korean.contains("| 국가보위성 | Border inspections |"))
        #expect(korean.hasPrefix("---\ntitle: \"North Korea orders security forces onto 24-hour alert\"\n"))
        // --input-format names the format whatever the extension.
        try Data(try Checkout.bytes("Examples/news.en.md")).write(to: URL(fileURLWithPath: path("news.txt")))
        #expect(tmkit(["extract", path("news.txt"), "--input-format", "markdown", "--from", "en", "--to", "ko", "-o", path("n.xlf")]).code == 0)
        #expect(try read("n.xlf").contains("datatype=\"x-markdown\""))
        #expect(tmkit(["pretranslate", article, "--tm", Self.memory, "-o", path("news.tmx")]).code == 0)
        #expect(tmkit(["tmx", "validate", path("news.tmx")]).code == 0)
    }

    @Test func helpSaysHowMergeDiffersFromTmxMerge() {
        let help = tmkit(["merge", "--help"])
        #expect(help.output.contains("Not to be confused with 'tmkit tmx merge'"))
        #expect(tmkit(["extract", "--help"]).output.contains("Examples:"))
    }
}
