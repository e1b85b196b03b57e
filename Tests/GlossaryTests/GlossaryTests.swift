import Foundation
import Glossary
import SharedTestData
import Testing
import TMKitCore

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: root.appendingPathComponent(path))) }

    static func glossary() throws -> TermBase {
        try TBX.read(bytes("Glossaries/north-korea-news.tbx"), file: "north-korea-news.tbx")
    }
}

@Suite struct TBXTests {
    @Test(.needsSharedData, arguments: [
        ("okapi_ibm_tbx.tbx", 11), ("okapi_maryland.tbx", 13), ("okapi_medtronic_TBX.tbx", 62), ("okapi_oracle_TBX.tbx", 6),
        ("okapi_sdl_tbx.tbx", 472), ("okapi_test02_win1254.tbx", 2), ("sprakradet_3545_uhr_sv-en.tbx", 247),
        ("tbxv3_core_structure_good_EXCERPT.tbx", 11),
    ])
    func realFilesLoadEveryTerm(_ name: String, _ terms: Int) throws {
        let glossary = try TBX.read(SharedData.bytes("tbx/" + name), file: name)
        #expect(glossary.entries.flatMap(\.languages).flatMap(\.terms).count == terms)
        // Writing and reading again keeps every entry (TBX v3 and 2008).
        for version in TBX.Version.allCases {
            let again = try TBX.read(Array(TBX.write(glossary, version: version).utf8))
            #expect(again.entries.count == glossary.entries.count)
            let same = again.entries.map(\.languages) == glossary.entries.map(\.languages)
            #expect(same, "\(name) TBX \(version.rawValue)")
        }
    }

    @Test(.needsSharedData) func dataCategoriesAreRead() throws {
        let ibm = try TBX.read(SharedData.bytes("tbx/okapi_ibm_tbx.tbx"))
        let first = try #require(ibm.entries.first)
        #expect(first.id == "c1")
        #expect(first.subjectField == "Software")
        #expect(first.source == "Translation Services Center")
        #expect(first.terms(in: .english).map(\.term.text) == ["navigation trail", "branch"])
        #expect(first.terms(in: .english).first?.term.partOfSpeech == "noun")
        #expect(first.terms(in: LanguageTag("fr")!).map(\.term.text) == ["historique de navigation"])
        let turkish = try TBX.read(SharedData.bytes("tbx/okapi_test02_win1254.tbx"))
        #expect(turkish.entries[0].terms(in: LanguageTag("tr")!).first?.term.text == "tr term with: éá and İı")
        let v3 = try TBX.read(SharedData.bytes("tbx/tbxv3_core_structure_good_EXCERPT.tbx"))
        #expect(v3.entries[0].note == "G-Source: http://www.physics.drexel.edu/observatory/dump.shtml")
        #expect(v3.entries[0].terms(in: .english)[1].term.note == "N-Source: http://www.delscope.demon.co.uk/astronomy/glossary.htm#G")
    }

    @Test func theMasterGlossaryIsWhatTmkitWrites() throws {
        let glossary = try Fixtures.glossary()
        #expect(glossary.entries.count >= 150)
        #expect(glossary.entries.allSatisfy { $0.source != nil })
        let written = TBX.write(glossary)
        let master = String(decoding: try Fixtures.bytes("Glossaries/north-korea-news.tbx"), as: UTF8.self)
        let strip = { (text: String) in text.split(separator: "\n").filter { !$0.contains("<p>") }.joined(separator: "\n") }
        #expect(strip(written) == strip(master))
        #expect(GlossaryValidation.findings(glossary).isEmpty)
    }

    @Test func renamingsAndNorthSouthUsageAreRecorded() throws {
        let glossary = try Fixtures.glossary()
        let mps = try #require(glossary.entries.first { $0.id == "mps" })
        #expect(mps.terms(in: .korean).map(\.term.text) == ["인민보안부", "인민보안성", "보안부"])
        #expect(mps.terms(in: .korean)[1].term.note == "name 2016–2020")
        let wpk = try #require(glossary.entries.first { $0.id == "wpk" })
        #expect(wpk.terms(in: LanguageTag("ko-KP")!).first?.term.text == "조선로동당")
        #expect(wpk.terms(in: LanguageTag("ko-KR")!).first?.term.text == "조선노동당")
    }

    /// A request for a regional variant gets that variant's terms, then the plain language's it
    /// falls back to, never another region's; a plain request gets every variant in file order.
    @Test func termsAnswerLanguageRequestsAfterRFC4647() throws {
        var entry = GlossaryEntry(id: "wpk")
        entry.add(Term("Workers' Party of Korea"), language: .english)
        entry.add(Term("노동당"), language: .korean)
        entry.add(Term("조선로동당"), language: LanguageTag("ko-KP")!)
        entry.add(Term("조선노동당"), language: LanguageTag("ko-KR")!)
        #expect(entry.terms(in: .korean).map(\.term.text) == ["노동당", "조선로동당", "조선노동당"])
        #expect(entry.terms(in: LanguageTag("ko-KR")!).map(\.term.text) == ["조선노동당", "노동당"])
        #expect(entry.terms(in: LanguageTag("ko-KP")!).map(\.term.text) == ["조선로동당", "노동당"])
        #expect(entry.terms(in: LanguageTag("en-US")!).map(\.term.text) == ["Workers' Party of Korea"])
        #expect(entry.terms(in: LanguageTag("ja")!).isEmpty)

        // An en-US text is matched against the glossary's en terms.
        let matcher = TermMatcher(glossary: TermBase(entries: [entry]), language: LanguageTag("en-US")!)
        #expect(matcher.matches(in: "The Workers' Party of Korea met.").count == 1)
    }

    @Test func malformedAndForeignFiles() {
        #expect(throws: GlossaryError("Opening and ending tag mismatch: term line 1 and termSec", file: "x.tbx", line: 1, column: 81)) {
            _ = try TBX.read(Array("<tbx><text><body><conceptEntry><langSec xml:lang=\"en\"><termSec><term>a</termSec>".utf8), file: "x.tbx")
        }
        #expect(throws: GlossaryError("the root element is <tmx>, not <tbx> or <martif>", file: "y.tbx", line: 1, column: 1)) {
            _ = try TBX.read(Array("<tmx version=\"1.4\"/>".utf8), file: "y.tbx")
        }
        #expect(throws: GlossaryError("'english language' is not a language tag", file: nil, line: 1, column: 68)) {
            _ = try TBX.read(Array("<tbx><text><body><conceptEntry><langSec xml:lang=\"english language\"/></conceptEntry></body></text></tbx>".utf8))
        }
    }
}

@Suite struct TableTests {
    @Test func omegatTSVRoundTrips() throws {
        let tsv = "en\tko\tnote\nState Security Department\t국가안전보위부\tsecret police\ndefector\t탈북자\nC:\\temp\t경로\n"
        let glossary = try GlossaryTable.readTSV(TextDocument(tsv), file: "g.tsv", pair: nil)
        #expect(glossary.entries.count == 3)
        #expect(glossary.entries[2].terms(in: .english).first?.term.text == "C:\\temp")  // no escapes in OmegaT TSV
        #expect(GlossaryTable.writeTSV(glossary, pair: (.english, .korean)) == tsv.split(separator: "\n", maxSplits: 1)[1] + "")
        let twice = try GlossaryTable.readTSV(TextDocument(GlossaryTable.writeTSV(glossary, pair: (.english, .korean))), file: nil, pair: nil)
        #expect(twice == glossary)
    }

    @Test func utf16TSVWithBOM() throws {
        let text = "defector\t탈북자\r\nsmuggling\t밀수\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let glossary = try GlossaryFormat.read(bytes, format: .tsv, file: "g.tsv")
        #expect(glossary.entries.map { $0.terms(in: .korean).first?.term.text } == ["탈북자", "밀수"])
    }

    @Test func csvRoundTrips() throws {
        let csv = "en,ko,note\r\n\"Ministry of People's Security, MPS\",인민보안부,\"renamed \"\"인민보안성\"\" in 2016\"\r\ndefector,탈북자,\r\n"
        let glossary = try GlossaryTable.readCSV(TextDocument(csv), file: "g.csv")
        #expect(glossary.entries[0].note == "renamed \"인민보안성\" in 2016")
        #expect(GlossaryTable.writeCSV(glossary, languages: [.english, .korean]) == csv)
    }

    @Test func badRowsNameTheLine() {
        #expect(throws: TableError("expected source, target and an optional comment, found 4 columns", file: "g.tsv", line: 2)) {
            _ = try GlossaryTable.readTSV(TextDocument("a\tb\na\tb\tc\td\n"), file: "g.tsv", pair: nil)
        }
        #expect(throws: TableError("header column 'Term (EN)' is neither a language tag nor note", file: "g.csv", line: 1)) {
            _ = try GlossaryTable.readCSV(TextDocument("Term (EN),ko\n"), file: "g.csv")
        }
        #expect(throws: TableError("empty source term", file: "g.tsv", line: 1)) {
            _ = try GlossaryTable.readTSV(TextDocument("\tb\n"), file: "g.tsv", pair: nil)
        }
    }

    /// A large TSV is read in slices of whole lines on every core: the same entries in the same
    /// order as reading it row by row, and an error past a cut still names its line.
    @Test func largeTSVReadInSlicesKeepsOrderAndLines() throws {
        // About 1.4 MB: rows of every ending (LF, CRLF, CR), empty lines, comments, Korean.
        var text = "en\tko\tnote\n"
        var expected: [GlossaryEntry] = []
        for index in 0..<40_000 {
            let ending = ["\n", "\r\n", "\r"][index % 3]
            if index % 97 == 0 { text += ending }  // an empty line
            let source = "term \(index) of the news desk", target = "용어 \(index)번"
            text += index % 5 == 0 ? "\(source)\t\(target)\tnote \(index)\(ending)" : " \(source)\t\(target) \(ending)"
            var entry = GlossaryEntry(note: index % 5 == 0 ? "note \(index)" : nil)
            entry.add(Term(source), language: .english)
            entry.add(Term(target), language: .korean)
            expected.append(entry)
        }
        let glossary = try GlossaryTable.readTSV(TextDocument(text), file: "g.tsv", pair: nil)
        #expect(glossary.entries == expected)
        // Rows counted as TSV.forEachRow counts them, whole document at once.
        var lines = 0
        try TSV.forEachRow(in: TextDocument(text), escapes: false) { row in lines = row.line }
        let bad = text + "a\tb\tc\td\n" + "x\ty\n"
        #expect(throws: TableError("expected source, target and an optional comment, found 4 columns", file: "g.tsv", line: lines + 1)) {
            _ = try GlossaryTable.readTSV(TextDocument(bad), file: "g.tsv", pair: nil)
        }
        // An error in the first slice is the one reported, even when a later slice has one too.
        let twice = "a\tb\n\tempty source\n" + text + "a\tb\tc\td\n"
        #expect(throws: TableError("empty source term", file: "g.tsv", line: 2)) {
            _ = try GlossaryTable.readTSV(TextDocument(twice), file: "g.tsv", pair: nil)
        }
    }

    @Test func validationFindsDuplicatesConflictsAndUnknownLanguages() throws {
        var glossary = TermBase()
        func entry(_ id: String, _ en: String, _ ko: String, language: String = "ko") -> GlossaryEntry {
            var entry = GlossaryEntry(id: id)
            entry.add(Term(en), language: .english)
            entry.add(Term(ko), language: LanguageTag(language)!)
            return entry
        }
        glossary.entries = [entry("a", "defector", "탈북자"), entry("b", "Defector", "탈북민"), entry("c", "x", "y", language: "qq"),
                            GlossaryEntry(id: "d")]
        let messages = GlossaryValidation.findings(glossary).map(\.description)
        #expect(messages.contains("entry b: en term 'Defector' also in entry a"))
        #expect(messages.contains("entry b: 'Defector' is 탈북민 here but 탈북자 in entry a"))
        #expect(messages.contains("entry c: unknown language 'qq'"))
        #expect(messages.contains("entry d: no terms"))
    }
}
