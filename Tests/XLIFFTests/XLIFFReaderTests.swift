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
