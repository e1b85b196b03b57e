import Foundation
import SharedTestData
import Testing
import TMKitCore
@testable import XLIFF

/// What tmkit writes validates: XLIFF 1.2 against the OASIS strict schema, 2.1 against the
/// core schema together with the Translation Candidates and Glossary module schemas (the
/// core alone checks module content only laxly). `xmllint --nonet`, schemas from
/// ../shared/data/xliff/schemas.
@Suite struct SchemaTests {
    static let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Every kind of thing the writer emits: exact and copied targets, candidates, terms,
    /// notes, inline codes, characters that need escaping, a skeleton.
    static func sample(_ version: XLIFFVersion) -> [UInt8] {
        let sink = CapturedOutput()
        let writer = XLIFFWriter(sink: sink, version: version, sourceLanguage: .english, targetLanguage: LanguageTag("ko-KR")!)
        writer.beginFile(original: "article & notes.txt", datatype: "plaintext",
                         skeleton: #"{"tmkit-skeleton":1,"format":"text","encoding":"UTF-8","pieces":[{"unit":"1","block":0},"\r\n\u00a0\r\n",{"unit":"2","block":1}]}"#)
        let bold = SegmentContent([
            .text("Press "), .code(InlineCode(.bpt, attributes: [Attribute("i", "1")], content: SegmentContent(text: "<b>"))),
            .text("Save"), .code(InlineCode(.ept, attributes: [Attribute("i", "1")], content: SegmentContent(text: "</b>"))),
            .text(" now <5 & >3."), .code(InlineCode(.ph, attributes: [Attribute("x", "2")], content: SegmentContent(text: "<br/>"))),
            .code(InlineCode(.it, attributes: [Attribute("x", "3"), Attribute("pos", "begin")], content: SegmentContent(text: "<i>"))),
        ])
        let source = SegmentContent(text: "North Korea fired a missile.")
        let target = SegmentContent(text: "북한이 미사일을 발사했다.")
        writer.write(XLIFFUnit(
            id: "1", segments: [XLIFFSegment(source: source, target: target, state: .translated)],
            matches: [
                XLIFFMatch(score: 101, origin: "tmkit memory", memoryID: "dnk-1", source: source, target: target),
                XLIFFMatch(score: 87, origin: "tmkit memory", memoryID: nil, source: SegmentContent(text: "North Korea fired missiles."),
                           target: SegmentContent(text: "북한이 미사일들을 발사했다.")),
            ],
            terms: [XLIFFTerm(term: "North Korea", translations: ["북한", "조선"])]))
        writer.write(XLIFFUnit(id: "2", segments: [XLIFFSegment(source: bold, target: bold, state: .initial)],
                               notes: ["Check the \"tags\" & <markup>."]))
        writer.write(XLIFFUnit(id: "3", segments: [XLIFFSegment(source: SegmentContent(text: "Untranslated."))]))
        writer.finish()
        return sink.bytes
    }

    func validate(_ bytes: [UInt8], schema: String) throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-xsd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("doc.xlf")
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.xmllint!)
        process.arguments = ["--nonet", "--noout", "--schema", schema, file.path]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test(.needsSharedData, .enabled(if: xmllint != nil, "needs xmllint (libxml2-utils)"))
    func xliff12ValidatesAgainstTheStrictSchema() throws {
        let result = try validate(Self.sample(.v1_2), schema: SharedData.path("xliff/schemas/xliff-1.2/xliff-core-1.2-strict.xsd"))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("validates"))
    }

    @Test(.needsSharedData, .enabled(if: xmllint != nil, "needs xmllint (libxml2-utils)"))
    func xliff21ValidatesAgainstCoreAndModuleSchemas() throws {
        let folder = SharedData.path("xliff/schemas/xliff-2.1")
        let wrapper = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-xliff21-\(UUID().uuidString).xsd")
        try Data("""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0" schemaLocation="\(folder)/xliff_core_2.0.xsd"/>
              <xs:import namespace="urn:oasis:names:tc:xliff:matches:2.0" schemaLocation="\(folder)/matches.xsd"/>
              <xs:import namespace="urn:oasis:names:tc:xliff:glossary:2.0" schemaLocation="\(folder)/glossary.xsd"/>
            </xs:schema>
            """.utf8).write(to: wrapper)
        defer { try? FileManager.default.removeItem(at: wrapper) }
        let result = try validate(Self.sample(.v2_1), schema: wrapper.path)
        #expect(result.status == 0, "\(result.output)")
        // The modules are really checked: a match without its required ref fails.
        let broken = String(decoding: Self.sample(.v2_1), as: UTF8.self).replacingOccurrences(of: " ref=\"#s1\"", with: "")
        #expect(try validate(Array(broken.utf8), schema: wrapper.path).status != 0)
    }

    /// What the writer wrote reads back the same.
    @Test(arguments: XLIFFVersion.allCases)
    func theSampleReadsBack(_ version: XLIFFVersion) throws {
        let document = try XLIFFReader.read(Self.sample(version), file: "sample.xlf")
        let units = try #require(document.files.first?.units)
        #expect(units.map(\.id) == ["1", "2", "3"])
        #expect(units[0].segments[0].target?.plainText == "북한이 미사일을 발사했다.")
        #expect(units[0].matches.map(\.score) == [version == .v1_2 ? 101 : 100, 87])
        #expect(units[1].segments[0].source.plainText == "Press Save now <5 & >3.")
        #expect(units[1].segments[0].source.allCodes.map(\.kind) == [.bpt, .ept, .ph, .it])
        #expect(units[1].segments[0].effectiveState == .initial)  // a copy of the source
        #expect(units[2].segments[0].target == nil)
        #expect(document.files[0].skeleton?.contains(#"\r\n\u00a0\r\n"#) == true)  // JSON escapes survive XML
        if version == .v1_2 {
            #expect(units[0].notes.contains("North Korea → 북한, 조선"))
            #expect(units[1].segments[0].source.allCodes.first?.content.plainText == "<b>")
        } else {
            #expect(units[0].terms == [XLIFFTerm(term: "North Korea", translations: ["북한", "조선"])])
        }
    }
}
