import Foundation
import Testing
import TMKitCore

/// Every option that takes a language checks it the same way, and every command matches the
/// languages in the data after RFC 4647.
@Suite struct LanguageOptionTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }
    func path(_ name: String) -> String { scratch.url.appendingPathComponent(name).path }

    /// An en-US/ko-KR TMX, as OmegaT writes it: the sentence has a glossary term and no translation of it.
    /// With `englishOnly`, a second unit holds only English variants (en-US and en).
    func omegatStyleTMX(englishOnly: Bool = true) throws -> String {
        let second = englishOnly
            ? #"<tu><tuv xml:lang="en-US"><seg>Only English here.</seg></tuv><tuv xml:lang="en"><seg>Only English here.</seg></tuv></tu>"#
            : ""
        return try scratch.write("omegat.tmx", Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4"><header creationtool="OmegaT" creationtoolversion="3.6" segtype="sentence" o-tmf="OmegaT TMX"
             adminlang="EN-US" srclang="en-US" datatype="plaintext"/><body>
            <tu><tuv xml:lang="en-US"><seg>The Ministry of State Security arrested three traders.</seg></tuv>
            <tuv xml:lang="ko-KR"><seg>당국이 상인 세 명을 체포했다.</seg></tuv></tu>
            \(second)
            </body></tmx>
            """.utf8))
    }

    /// Each language option, as a command line with `LANG` where the language goes.
    func commandLines() throws -> [[String]] {
        let tmx = Checkout.path("TMX/sample.en-ko.tmx")
        let article = Checkout.path("Examples/article.en.txt")
        let korean = Checkout.path("Examples/article.ko.txt")
        return [
            ["tm", "lookup", "--tm", tmx, "--from", "LANG", "--to", "ko", "Rice prices rose."],
            ["tm", "concordance", "--tm", tmx, "--from", "en", "--to", "LANG", "rice"],
            ["tm", "export", "--tm", tmx, "--lang", "LANG", "-o", path("x.tmx")],
            ["tm", "delete", "--tm", path("none.sqlite"), "--containing", "rice", "--lang", "LANG"],
            ["pretranslate", article, "--tm", tmx, "--from", "LANG", "--to", "ko", "-o", path("x.tmx")],
            ["segment", article, "--lang", "LANG"],
            ["align", article, korean, "--from", "en", "--to", "LANG"],
            ["glossary", "lookup", "Pyongyang", "--from", "LANG"],
            ["glossary", "annotate", article, "--to", "LANG"],
            ["glossary", "check", tmx, "--from", "en", "--to", "LANG"],
            ["tmx", "filter", tmx, "--langs", "en,LANG", "-o", path("x.tmx")],
            ["tmx", "convert", tmx, "--output-format", "tsv", "--from", "LANG", "--to", "ko", "-o", path("x.tsv")],
            ["tmx", "normalize", tmx, "--srclang", "LANG", "-o", path("x.tmx")],
        ]
    }

    @Test(arguments: [
        ("english", "'english' is not a language code; use en"),
        ("kor", "'kor' has a two-letter code, which BCP 47 requires; use ko"),
        ("klingon", "'klingon' is not an ISO 639 language code"),
        ("e n", "'e n' is not a language tag"),
    ])
    func everyLanguageOptionRefusesWhatIsNoLanguage(_ value: String, _ message: String) throws {
        for line in try commandLines() {
            let arguments = line.map { $0.replacingOccurrences(of: "LANG", with: value) }
            let run = tmkit(arguments)
            #expect(run.code == 2, "\(line.prefix(2)): \(run.errors)")
            #expect(run.errors.hasPrefix("tmkit: --"), "\(line.prefix(2)): \(run.errors)")
            #expect(run.errors.contains(message), "\(line.prefix(2)): \(run.errors)")
            #expect(run.errors.split(separator: "\n").count == 1, "\(line.prefix(2)): \(run.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: path("x.tmx")))
    }

    @Test func aCodeOftenMeantForAnotherLanguageIsTakenWithAWarning() {
        let run = tmkit(["segment", "--lang", "kr", "-"], stdin: Array("Hello there. Bye.".utf8))
        #expect(run.code == 0)
        #expect(run.errors == "tmkit: warning: --lang 'kr' is Kanuri; Korean is ko\n")
        let underscored = tmkit(["tm", "lookup", "--tm", Checkout.path("TMX/news.en-ko.tmx"), "--from", "en_US", "--to", "ko_KR",
                                 "Defectors say the number of public executions has risen."])
        #expect(underscored.code == 0, "\(underscored.errors)")
        #expect(underscored.output.hasPrefix("100 exact"))
    }

    /// glossary check on an OmegaT en-US/ko-KR TMX checks it against the glossary's en/ko terms
    /// (it used to pass such files with "no findings").
    @Test func glossaryCheckMatchesRegionalTagsToThePlainLanguage() throws {
        let tmx = try omegatStyleTMX(englishOnly: false)
        let run = tmkit(["glossary", "check", tmx, "--glossary", Checkout.path("Glossaries/north-korea-news.tbx")])
        #expect(run.code == 1, "\(run.output)\(run.errors)")
        #expect(run.output.contains("Ministry of State Security"), "\(run.output)")
        #expect(run.output.contains("국가보위성"), "\(run.output)")
    }

    /// `--require-target`: a unit with only variants of the source language (en-US and en) has no target.
    @Test func requireTargetSeesRegionalVariantsOfTheSource() throws {
        let tmx = try omegatStyleTMX()
        let run = tmkit(["tmx", "validate", "--require-target", tmx])
        #expect(run.code == 1)
        #expect(run.output.split(separator: "\n").count == 1, "\(run.output)")
        #expect(run.output.contains(":6:"), "\(run.output)")
    }

    /// tmx filter selects a set: en keeps en-US; en-US keeps en-US and not en.
    @Test func filterSelectsLanguagesWithin() throws {
        let tmx = try omegatStyleTMX()
        func variants(_ langs: String) throws -> [String] {
            let run = tmkit(["tmx", "filter", tmx, "--langs", langs, "-o", path("f.tmx")])
            #expect(run.code == 0, "\(run.errors)")
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path("f.tmx"))), as: UTF8.self)
            return text.components(separatedBy: "xml:lang=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        #expect(try variants("en,ko") == ["en-US", "ko-KR", "en-US", "en"])
        #expect(try variants("en-US,ko") == ["en-US", "ko-KR", "en-US"])
    }

    @Test func normalizeWritesTheNormalizedSourceLanguage() throws {
        let tmx = try scratch.write("nosrc.tmx", Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>
            <body><tu><tuv xml:lang="en-US"><seg>A.</seg></tuv><tuv xml:lang="ko-KR"><seg>가.</seg></tuv></tu></body></tmx>
            """.utf8))
        let run = tmkit(["tmx", "normalize", tmx, "--srclang", "en_us", "-o", path("n.tmx")])
        #expect(run.code == 0, "\(run.errors)")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path("n.tmx"))), as: UTF8.self)
        #expect(text.contains("srclang=\"en-US\""), "\(text)")
    }

    /// `tmx merge --map-lang`: an en-US/ko-KR memory and an en/ko one become one pair, and the
    /// sentence both hold one unit.
    @Test func mergeMapsLanguagesBeforeSeekingDuplicates() throws {
        func tmx(_ name: String, _ en: String, _ ko: String, _ sentences: [String]) throws -> String {
            let units = sentences.map {
                "<tu><tuv xml:lang=\"\(en)\"><seg>\($0)</seg></tuv><tuv xml:lang=\"\(ko)\"><seg>번역: \($0)</seg></tuv></tu>"
            }.joined()
            return try scratch.write(name, Array("""
                <?xml version="1.0" encoding="UTF-8"?>
                <tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" \
                adminlang="en" srclang="\(en)" datatype="plaintext"/><body>\(units)</body></tmx>
                """.utf8))
        }
        let omegat = try tmx("omegat.tmx", "en-US", "ko-KR", ["The border was sealed.", "Prices rose."])
        let house = try tmx("house.tmx", "en", "ko", ["The border was sealed.", "Traders left."])
        let apart = tmkit(["tmx", "merge", omegat, house, "-o", path("apart.tmx")])
        #expect(apart.errors.contains("merged 4 units from 2 files; 0 duplicates dropped"), "\(apart.errors)")
        let mapped = tmkit(["tmx", "merge", omegat, house, "--map-lang", "en_us=en", "--map-lang", "ko-KR=ko", "-o", path("one.tmx")])
        #expect(mapped.code == 0, "\(mapped.errors)")
        #expect(mapped.errors.contains("merged 3 units from 2 files; 1 duplicates dropped"), "\(mapped.errors)")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path("one.tmx"))), as: UTF8.self)
        #expect(!text.contains("en-US") && !text.contains("ko-KR"))
        #expect(text.contains("srclang=\"en\""))
        for bad in ["en-US", "en-US=english", "=en"] {
            let run = tmkit(["tmx", "merge", omegat, house, "--map-lang", bad, "-o", path("bad.tmx")])
            #expect(run.code == 2, "\(bad): \(run.errors)")
            #expect(run.errors.hasPrefix("tmkit: --map-lang"), "\(bad): \(run.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: path("bad.tmx")))
        // The same rules on tm import (the memory holds one pair) and tmx normalize.
        let memory = path("mapped.sqlite")
        for file in [omegat, house] {
            #expect(tmkit(["tm", "import", file, "--tm", memory, "--map-lang", "en-US=en", "--map-lang", "ko-KR=ko"]).code == 0)
        }
        let stats = tmkit(["tm", "stats", "--tm", memory]).output
        #expect(stats.contains("units: 3") && stats.contains("en→ko (3)") && !stats.contains("en-US"), "\(stats)")
        let normalized = tmkit(["tmx", "normalize", omegat, "--map-lang", "en-US=en", "--map-lang", "ko-KR=ko", "-o", path("n.tmx")])
        #expect(normalized.code == 0 && normalized.output.contains("language tags mapped (--map-lang): 2"), "\(normalized.output)")
        let renamed = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path("n.tmx"))), as: UTF8.self)
        #expect(!renamed.contains("en-US") && !renamed.contains("ko-KR") && renamed.contains("srclang=\"en\""))
        #expect(tmkit(["tm", "import", omegat, "--tm", path("bad.sqlite"), "--map-lang", "en-US=english"]).code == 2)
        #expect(!FileManager.default.fileExists(atPath: path("bad.sqlite")))
    }
}
