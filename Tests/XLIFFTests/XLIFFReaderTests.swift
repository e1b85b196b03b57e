import Foundation
import SharedTestData
import Testing
import TMKitCore
@testable import XLIFF

/// Real XLIFF from other tools (../shared/data/xliff/files; SOURCES.md says where each came from).
@Suite struct XLIFFReaderTests {
    static let malformed: Set<String> = ["okapi_invalid_xml_entity.xlf", "omegat_XLIFFFilter-invalid-content.xlf"]

    static var files: [String] {
        guard let root = SharedData.root else { return [] }
        let folder = root.appendingPathComponent("xliff/files")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasSuffix(".md") }.sorted()
    }

    func read(_ name: String) throws -> XLIFFDocument {
        try XLIFFReader.read(SharedData.bytes("xliff/files/\(name)"), file: name)
    }

    /// Every well-formed file reads, with units that have sources; the malformed ones fail with
    /// a FILE:LINE:COLUMN error.
    @Test(.needsSharedData, arguments: files)
    func everyRealFileReadsOrFailsWithALocation(_ name: String) throws {
        if Self.malformed.contains(name) {
            do {
                _ = try read(name)
                Issue.record("\(name) read, but it is not well-formed")
            } catch let error as XLIFFError {
                #expect(error.location?.line != nil, "\(error)")
                #expect(error.description.hasPrefix("\(name):"), "\(error)")
            }
            return
        }
        let document = try read(name)
        let units = document.files.flatMap(\.units)
        #expect(!units.isEmpty, "\(name)")
        #expect(units.filter(\.translate).allSatisfy { !$0.segments.isEmpty }, "\(name)")
    }

    @Test(.needsSharedData) func segmentedOkapiFileHasItsSegments() throws {
        let document = try read("okapi_segmented.xlf")
        let units = try #require(document.files.first?.units)
        #expect(units.map { $0.segments.count } == [1, 2])
        #expect(units[1].segments.map(\.source.plainText) == ["Segment one.", "Segment two."])
        #expect(units[1].segments.map { $0.target?.plainText } == ["Segment ein.", "Segment zwei."])
        #expect(units[0].segments[0].source.allCodes.map(\.kind) == [.bpt, .ept])
        #expect(units[0].segments[0].source.allCodes.first?.content.plainText == "<b>")
        #expect(units[0].notes.count == 2)
        // The space between the two segments belongs to the whole source and target.
        #expect(units[1].source.plainText == "Segment one. Segment two.")
        #expect(units[1].target?.plainText == "Segment ein. Segment zwei.")
        #expect(units[0].target?.plainText == "Der schnelle braune <b>fuchs</b> sprang über den faulen hund."
            .replacingOccurrences(of: "<b>", with: "").replacingOccurrences(of: "</b>", with: ""))
    }

    /// Segmented units as CAT tools write them: the text between segments stays in the whole
    /// source and target (1.2 outside `<mrk>`, 2.x `<ignorable>`); a whole target beside a
    /// segmented source makes the unit one segment; a segment without a target leaves the
    /// unit without one.
    @Test func textBetweenSegmentsIsKept() throws {
        let v12 = try XLIFFReader.read(Array("""
            <xliff version="1.2"><file original="a" source-language="en" target-language="ko" datatype="plaintext"><body>
            <trans-unit id="1"><source>One. Two.</source>
            <seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></seg-source>
            <target><mrk mtype="seg" mid="1">하나.</mrk> <mrk mtype="seg" mid="2">둘.</mrk></target></trans-unit>
            <trans-unit id="2"><source>Three. Four.</source>
            <seg-source><mrk mtype="seg" mid="1">Three.</mrk> <mrk mtype="seg" mid="2">Four.</mrk></seg-source>
            <target>셋. 넷.</target></trans-unit>
            <trans-unit id="3"><source>Five. Six.</source>
            <seg-source><mrk mtype="seg" mid="1">Five.</mrk> <mrk mtype="seg" mid="2">Six.</mrk></seg-source>
            <target><mrk mtype="seg" mid="1">다섯.</mrk> </target></trans-unit>
            </body></file></xliff>
            """.utf8), file: "seg.xlf")
        let units = v12.files[0].units
        #expect(units[0].segments.map(\.source.plainText) == ["One.", "Two."])
        #expect(units[0].segments.map { $0.target?.plainText } == ["하나.", "둘."])
        #expect(units[0].source.plainText == "One. Two.")
        #expect(units[0].target?.plainText == "하나. 둘.")
        #expect(units[1].segments.count == 1)
        #expect(units[1].source.plainText == "Three. Four.")
        #expect(units[1].target?.plainText == "셋. 넷.")
        #expect(units[2].segments.map { $0.target?.plainText } == ["다섯.", nil])
        #expect(units[2].target == nil)

        let v2 = try XLIFFReader.read(Array("""
            <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ko">
            <file id="f"><unit id="1">
            <segment id="s1"><source>One.</source><target>하나.</target></segment>
            <ignorable><source> </source></ignorable>
            <segment id="s2"><source>Two.</source><target>둘.</target></segment>
            </unit><unit id="2"><segment><source>Three.</source></segment><ignorable><source> </source></ignorable>
            <segment><source>Four.</source><target>넷.</target></segment></unit></file></xliff>
            """.utf8), file: "seg2.xlf")
        let units2 = v2.files[0].units
        #expect(units2[0].segments.count == 2)
        #expect(units2[0].source.plainText == "One. Two.")
        #expect(units2[0].target?.plainText == "하나. 둘.")
        #expect(units2[1].source.plainText == "Three. Four.")
        #expect(units2[1].target == nil)
    }

    @Test(.needsSharedData) func altTransAreMatchesNotTargets() throws {
        let document = try read("okapi_Manual-12-AltTrans.xlf")
        let units = document.files.flatMap(\.units)
        #expect(units.contains { !$0.matches.isEmpty })
    }

    @Test(.needsSharedData) func xliff2MatchesAndGlossary() throws {
        let matches = try read("oasis-xliff2_withMatches.xlf")
        #expect(matches.isVersion2)
        #expect(matches.files.flatMap(\.units).contains { !$0.matches.isEmpty })
        let glossary = try read("oasis-xliff2_withGlossary.xlf")
        #expect(glossary.files.flatMap(\.units).contains { !$0.terms.isEmpty })
    }

    @Test(.needsSharedData) func inlineCodesBecomeTmkitCodes() throws {
        let document = try read("matecat-xliff2_pcec.xlf")
        let codes = document.files.flatMap(\.units).flatMap(\.segments).flatMap(\.source.allCodes)
        #expect(codes.contains { $0.kind == .bpt } && codes.contains { $0.kind == .ept })
        let tags = try read("omegat_XLIFFFilter-tags.xlf")
        let kinds = Set(tags.files.flatMap(\.units).flatMap(\.segments).compactMap(\.target).flatMap(\.allCodes).map(\.kind))
        #expect(kinds.isSuperset(of: [.bpt, .ept, .it, .ph]), "\(kinds)")
    }

    @Test(.needsSharedData) func statesFromTranslateToolkit() throws {
        let document = try read("ttk_pocount-states.xlf")
        let states = document.files.flatMap(\.units).flatMap(\.segments).map(\.effectiveState)
        #expect(Set(states).count >= 2, "\(states)")
    }
}

/// Match qualities too large or not numbers (found by fuzzing: `1e300` stopped the reader on an
/// Int conversion) are read as no score; ordinary ones as whole numbers.
@Suite struct XLIFFMatchQualityTests {
    @Test func outOfRangeQualitiesAreNoScore() throws {
        func scores(_ qualities: [String]) throws -> [Int?] {
            let alternatives = qualities.map {
                "<alt-trans match-quality=\"\($0)\"><source>The border.</source><target>국경.</target></alt-trans>"
            }.joined()
            let text = """
                <?xml version="1.0" encoding="UTF-8"?>
                <xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a.txt" \
                source-language="en" target-language="ko" datatype="plaintext"><body><trans-unit id="1">\
                <source>The border.</source>\(alternatives)</trans-unit></body></file></xliff>
                """
            let document = try XLIFFReader.read(Array(text.utf8), file: "q.xlf")
            return document.files.flatMap(\.units).flatMap(\.matches).map(\.score)
        }
        #expect(try scores(["87", " 99.6 % ", "1e300", "nan", "-inf", "1000001", "x"]) == [87, 100, nil, nil, nil, nil, nil])
    }
}
