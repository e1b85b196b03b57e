import Foundation
import SharedTestData
import Testing
import TMKitCommands
import TMKitCore
import TMX

/// `tmkit tmx convert | merge | filter | normalize` end to end, on files in a scratch folder.
@Suite struct TMXToolsTests {
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }

    func path(_ name: String) -> String { scratch.url.appendingPathComponent(name).path }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: scratch.url.appendingPathComponent(name)), as: UTF8.self)
    }

    func units(_ name: String) throws -> [TranslationUnit] {
        let reader = try TMXReader(path: path(name))
        _ = try reader.readHeader()
        var units: [TranslationUnit] = []
        while let unit = try reader.next() { units.append(unit) }
        return units
    }

    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.contains(".tmkit-") }
    }

    // MARK: TSV

    static let hostileTSV = """
        Kim said\\t"go".\tKim은 "가라"\\t고 했다.
        Line one\\nline two\tFirst\\nsecond\tchecked by desk
        C:\\\\reports\\\\2024\t
        \tonly a target
        Plain source\tPlain target\tnote with a \\\\ backslash

        """

    @Test func tsvToTMXToTSVGivesBackTheInput() throws {
        _ = try scratch.write("pairs.tsv", Array(Self.hostileTSV.utf8))
        let toTMX = tmkit(["tmx", "convert", path("pairs.tsv"), "-o", path("pairs.tmx"), "--from", "en", "--to", "ko"])
        #expect(toTMX.code == 0, "\(toTMX.errors)")
        let memory = try units("pairs.tmx")
        #expect(memory.count == 5)
        #expect(memory[0].variants.map(\.content.plainText) == ["Kim said\t\"go\".", "Kim은 \"가라\"\t고 했다."])
        #expect(memory[1].notes == [Note("checked by desk")])
        #expect(memory[2].variants.map(\.language) == [.english])       // empty target: source-only unit
        #expect(memory[3].variants.map(\.language) == [.korean])
        let back = tmkit(["tmx", "convert", path("pairs.tmx"), "-o", path("back.tsv"), "--from", "en", "--to", "ko"])
        #expect(back.code == 0)
        #expect(try read("back.tsv") == Self.hostileTSV)
        // Without --from/--to the pair comes from the file: srclang and the other language.
        #expect(tmkit(["tmx", "convert", path("pairs.tmx"), "-o", path("inferred.tsv")]).code == 0)
        #expect(try read("inferred.tsv") == Self.hostileTSV)
    }

    @Test func tsvInputWithBOMsUTF16AndMixedLineEnds() throws {
        let text = "one\tuno\r\ntwo\tdos\nthree\ttres\rfour\tcuatro"
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        for (name, bytes) in [("bom.tsv", [0xEF, 0xBB, 0xBF] + Array(text.utf8)), ("utf16.tsv", utf16)] {
            _ = try scratch.write(name, bytes)
            let result = tmkit(["tmx", "convert", path(name), "-o", path(name + ".tmx"), "--from", "en", "--to", "es"])
            #expect(result.code == 0, "\(result.errors)")
            #expect(try units(name + ".tmx").map { $0.variants.map(\.content.plainText) }
                == [["one", "uno"], ["two", "dos"], ["three", "tres"], ["four", "cuatro"]])
        }
    }

    @Test func badTSVRowsStopWithFileAndLineAndWriteNothing() throws {
        _ = try scratch.write("bad.tsv", Array("fine\tgood\nfine\tgood\ttoo\tmany\n".utf8))
        _ = try scratch.write("existing.tmx", Array("keep me".utf8))
        let result = tmkit(["tmx", "convert", path("bad.tsv"), "-o", path("existing.tmx"), "--from", "en", "--to", "ko"])
        #expect(result.code == 2)
        #expect(result.errors == "tmkit: \(path("bad.tsv")):2: expected source, target and an optional note, found 4 columns\n")
        #expect(try read("existing.tmx") == "keep me")
        #expect(try leftovers().isEmpty)

        _ = try scratch.write("escape.tsv", Array("a\\qb\tc\n".utf8))
        let escape = tmkit(["tmx", "convert", path("escape.tsv"), "-o", path("new.tmx"), "--from", "en", "--to", "ko"])
        #expect(escape.code == 2)
        #expect(escape.errors.contains("escape.tsv:1: unknown escape \\q"))
        #expect(!FileManager.default.fileExists(atPath: path("new.tmx")))

        let unlabeled = tmkit(["tmx", "convert", path("escape.tsv"), "-o", path("new.tmx")])
        #expect(unlabeled.code == 2)
        #expect(unlabeled.errors.contains("--from and --to are required"))
    }

    // MARK: CSV

    static let hostileCSV = "en,ko,note\r\n"
        + "\"Kim said, \"\"go\"\".\",\"김은 \"\"가라\"\"고 했다.\",\r\n"
        + "\"Two\nlines\",두 줄,\"note, with comma\"\r\n"
        + "Source only,,\r\n"
        + ",대상만,\r\n"
        + "\" padded \",plain,n\r\n"

    @Test func csvToTMXToCSVGivesBackTheInput() throws {
        _ = try scratch.write("pairs.csv", Array(Self.hostileCSV.utf8))
        let toTMX = tmkit(["tmx", "convert", path("pairs.csv"), "-o", path("pairs.tmx"), "--from", "en", "--to", "ko"])
        #expect(toTMX.code == 0, "\(toTMX.errors)")
        let memory = try units("pairs.tmx")
        #expect(memory.count == 5)
        #expect(memory[0].variants.map(\.content.plainText) == ["Kim said, \"go\".", "김은 \"가라\"고 했다."])
        #expect(memory[1].variants[0].content.plainText == "Two\nlines")
        #expect(memory[1].notes == [Note("note, with comma")])
        #expect(memory[4].variants[0].content.plainText == " padded ")
        #expect(tmkit(["tmx", "convert", path("pairs.tmx"), "-o", path("back.csv")]).code == 0)
        #expect(try read("back.csv") == Self.hostileCSV)
    }

    @Test func csvColumnsComeFromTheHeaderInAnyOrder() throws {
        _ = try scratch.write("wide.csv", Array("ID,ko-KR,Comment,en-US\n1,안녕,hi,hello\n".utf8))
        let result = tmkit(["tmx", "convert", path("wide.csv"), "-o", path("wide.jsonl"), "--from", "en", "--to", "ko"])
        #expect(result.code == 0, "\(result.errors)")
        #expect(try read("wide.jsonl") == #"{"id":null,"props":[],"notes":["hi"],"variants":{"en":"hello","ko":"안녕"}}"# + "\n")
    }

    @Test func badCSVInputs() throws {
        let cases: [(String, String)] = [
            ("en,ko\nok,fine\n\"never closed,x\n", "open.csv:3: a quoted field is never closed"),
            ("en,ko\none,two,three\n", "width.csv:2: expected 2 fields as in the header, found 3"),
            ("en,fr\na,b\n", "header.csv:1: the header names no column for ko (columns: en, fr)"),
            ("en,ko\nbad\"quote,x\n", "quote.csv:2: a quote inside an unquoted field"),
        ]
        for (text, message) in cases {
            let name = String(message.prefix { $0 != ":" })
            _ = try scratch.write(name, Array(text.utf8))
            let result = tmkit(["tmx", "convert", path(name), "-o", path(name + ".tmx"), "--from", "en", "--to", "ko"])
            #expect(result.code == 2)
            #expect(result.errors.hasPrefix("tmkit: " + scratch.url.appendingPathComponent(message).path), "\(result.errors)")
            #expect(!FileManager.default.fileExists(atPath: path(name + ".tmx")))
        }
    }

    // MARK: JSONL

    @Test(.needsSharedData) func tmxToJSONLAndBackEqualsTheOriginal() throws {
        let original = Checkout.path("Tests/TMXTests/Fixtures/inline-codes.tmx")
        #expect(tmkit(["tmx", "convert", original, "-o", path("units.jsonl")]).code == 0)
        #expect(tmkit(["tmx", "convert", path("units.jsonl"), "-o", path("back.tmx")]).code == 0)
        let reader = try TMXReader(path: original)
        _ = try reader.readHeader()
        var expected: [TranslationUnit] = []
        while let unit = try reader.next() { expected.append(unit) }
        #expect(try units("back.tmx") == expected)
        for name in ["corpus/okapi_sample14b.tmx", "corpus/trados-studio_sdltm8_utf8bom.tmx", "corpus/okapi_html_test.tmx"] {
            let file = SharedData.path("tmx/" + name)
            #expect(tmkit(["tmx", "convert", file, "-o", path("x.jsonl")]).code == 0)
            #expect(tmkit(["tmx", "convert", path("x.jsonl"), "-o", path("x.tmx")]).code == 0)
            let first = try TMXReader(path: file)
            _ = try first.readHeader()
            var units1: [TranslationUnit] = []
            while let unit = try first.next() { units1.append(unit) }
            #expect(try units("x.tmx") == units1.map(TMXWriter.roundTripped), "\(name)")
        }
    }

    @Test func badJSONLNamesLineAndColumn() throws {
        _ = try scratch.write("bad.jsonl", Array("{\"id\":null,\"props\":[],\"notes\":[],\"variants\":{\"en\":\"ok\"}}\n{\"id\": nul}\n".utf8))
        let result = tmkit(["tmx", "convert", path("bad.jsonl"), "-o", path("bad.tmx")])
        #expect(result.code == 2)
        #expect(result.errors == "tmkit: \(path("bad.jsonl")):2:8: unexpected character\n")
        _ = try scratch.write("shape.jsonl", Array("{\"id\":null,\"variants\":{}}\n".utf8))
        let shape = tmkit(["tmx", "convert", path("shape.jsonl"), "-o", path("shape.tmx")])
        #expect(shape.errors == "tmkit: \(path("shape.jsonl")):1: a unit needs at least one variant\n")
        #expect(try leftovers().isEmpty)
    }

    @Test(.needsSharedData) func pairFromAMultilingualTMX() throws {
        let multilingual = SharedData.path("tmx/corpus/okapi_sampleTMX2.tmx")
        let ambiguous = tmkit(["tmx", "convert", multilingual, "-o", path("x.tsv")])
        #expect(ambiguous.code == 2)
        #expect(ambiguous.errors.contains("has 3 languages (en-US, fr-CA, fr-FR); pick the pair with --from and --to"))
        let picked = tmkit(["tmx", "convert", multilingual, "-o", path("en-fr.tmx"), "--from", "en-US", "--to", "fr-FR"])
        #expect(picked.code == 0)
        let result = try units("en-fr.tmx")
        #expect(result.allSatisfy { $0.variants.allSatisfy { $0.language.normalized == "en-US" || $0.language.normalized == "fr-FR" } })
        #expect(try read("en-fr.tmx").contains("srclang=\"en-US\""))
    }

    @Test func inlineCodesInTablesAreReported() throws {
        let result = tmkit(["tmx", "convert", Checkout.path("Tests/TMXTests/Fixtures/inline-codes.tmx"), "-o", path("x.tsv"),
                            "--from", "en", "--to", "ko"])
        #expect(result.code == 0)
        #expect(result.errors == "tmkit: 2 units had inline codes; TSV keeps only their text\n")
        #expect(try read("x.tsv").hasPrefix("Battle against crime\t범죄와의 전쟁\tHeadline\n"))
    }

    // MARK: merge

    static func memory(_ units: [(id: String, text: String, date: String)]) -> String {
        var tmx = "<tmx version=\"1.4\"><header srclang=\"en\" creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" datatype=\"plaintext\"/><body>"
        for unit in units {
            tmx += "<tu tuid=\"\(unit.id)\" changedate=\"\(unit.date)\"><tuv xml:lang=\"en\"><seg>\(unit.text)</seg></tuv><tuv xml:lang=\"ko\"><seg>번역 \(unit.text)</seg></tuv></tu>"
        }
        return tmx + "</body></tmx>"
    }

    @Test(arguments: [("newest", ["a1", "a2", "b1"]), ("first", ["a1", "a2", "b1"]), ("all", ["a1", "a2", "b1", "b2"])])
    func mergePolicies(_ policy: String, _ ids: [String]) throws {
        // a2 and b2 differ only in whitespace, so they are duplicates; b1 is new.
        _ = try scratch.write("a.tmx", Array(Self.memory([("a1", "One", "20240101T000000Z"), ("a2", "Two  words", "20240101T000000Z")]).utf8))
        _ = try scratch.write("b.tmx", Array(Self.memory([("b1", "Three", "20230101T000000Z"), ("b2", " Two words ", "20250101T000000Z")]).utf8))
        let result = tmkit(["tmx", "merge", path("a.tmx"), path("b.tmx"), "-o", path("m.tmx"), "--keep", policy])
        #expect(result.code == 0, "\(result.errors)")
        let merged = try units("m.tmx").map { $0.id ?? "" }
        if policy == "newest" {
            // b2 is newer than a2: it replaces it, in its own place.
            #expect(merged == ["a1", "b1", "b2"])
        } else {
            #expect(merged == ids)
        }
    }

    // MARK: filter

    @Test func filterKeepsLanguagesAndReportsIncompleteUnits() throws {
        let source = Checkout.path("Tests/TMXTests/Fixtures/inline-codes.tmx")
        let kept = tmkit(["tmx", "filter", source, "--langs", "en,ko", "-o", path("f.tmx")])
        #expect(kept.code == 0)
        #expect(kept.errors.contains("1 units have fewer than two variants; kept (--drop-incomplete drops them)"))
        #expect(try units("f.tmx").count == 3)
        let only = tmkit(["tmx", "filter", source, "--langs", "ko", "-o", path("ko.tmx"), "--drop-incomplete"])
        #expect(only.code == 0)
        #expect(only.errors.contains("1 units had none of ko and were dropped"))
        #expect(only.errors.contains("2 units have fewer than two variants and were dropped"))
        #expect(try units("ko.tmx").isEmpty)
        #expect(try read("ko.tmx").contains("srclang=\"ko\""))
        #expect(tmkit(["tmx", "filter", source, "--langs", "en,,ko", "-o", path("x.tmx")]).code == 2)
    }

    // MARK: normalize

    @Test func normalizeRepairsWhatCATToolsReject() throws {
        let broken = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.1"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body>
            <tu><tuv lang="en_US"><seg>
              Hello   world
            </seg></tuv><tuv lang="ko_KR"><seg> 안녕 </seg></tuv></tu>
            <tu><tuv lang="EN-us"><seg>Again</seg></tuv><tuv lang="ko-kr"><seg>다시</seg></tuv></tu>
            </body></tmx>
            """
        _ = try scratch.write("broken.tmx", Array(broken.utf8))
        let result = tmkit(["tmx", "normalize", path("broken.tmx"), "-o", path("clean.tmx"), "--collapse-whitespace"])
        #expect(result.code == 0)
        #expect(result.output == """
            TMX 1.1 written as TMX 1.4b: 1
            header srclang added (en-US): 1
            language codes normalized: 4
            seg edges trimmed: 2
            inner whitespace collapsed: 1

            """)
        let clean = try read("clean.tmx")
        #expect(clean.contains("<tmx version=\"1.4\">"))
        #expect(clean.contains("srclang=\"en-US\""))
        #expect(clean.contains("<tuv xml:lang=\"en-US\">\n        <seg>Hello world</seg>"))
        #expect(clean.contains("<seg>안녕</seg>"))
        // The memory is the tool's that made it, repaired: its creationtool stays.
        #expect(clean.contains("creationtool=\"t\" creationtoolversion=\"1\""), "\(clean.prefix(300))")
        #expect(tmkit(["tmx", "validate", path("clean.tmx")]).code == 0)
        // --srclang sets a missing one; a file needing nothing says so.
        #expect(tmkit(["tmx", "normalize", path("broken.tmx"), "-o", path("all.tmx"), "--srclang", "*all*"]).code == 0)
        #expect(try read("all.tmx").contains("srclang=\"*all*\""))
        #expect(tmkit(["tmx", "normalize", path("clean.tmx"), "-o", path("again.tmx")]).output == "no fixes needed\n")
    }

    @Test func normalizationRemovesCharactersXMLForbids() {
        var fixes = TMXNormalization.Fixes()
        let unit = TranslationUnit(variants: [Variant(language: .english, text: "a\u{1}b\u{FFFF}c")])
        let normalized = TMXNormalization().normalize(unit, fixes: &fixes)
        #expect(normalized.variants[0].content.plainText == "abc")
        #expect(fixes.count("characters XML forbids removed") == 2)
    }

    @Test func helpForEveryTMXSubcommandHasExamples() {
        for subcommand in ["stats", "validate", "convert", "merge", "filter", "normalize"] {
            let help = tmkit(["tmx", subcommand, "--help"])
            #expect(help.code == 0)
            #expect(help.output.contains("Examples:"), "\(subcommand)")
        }
    }
}
