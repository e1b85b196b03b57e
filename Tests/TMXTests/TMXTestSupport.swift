import Foundation
import SharedTestData
import Testing
import TMKitCore
@testable import TMX

enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A fixture of ours in Fixtures/, or a real file of another project in ../shared/data/tmx
    /// (`corpus/okapi_…`, `tmx14.dtd`: see Fixtures/README.md).
    static func path(_ name: String) -> String {
        let here = folder.appendingPathComponent(name).path
        return FileManager.default.fileExists(atPath: here) ? here : SharedData.path("tmx/" + name)
    }

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(name))) }

    /// Real files written by other tools, with their unit counts: the OmegaT exports we made in
    /// Fixtures/corpus, the others in ../shared/data/tmx/corpus (tests over them need it).
    static let corpus: [(String, Int)] = [
        ("okapi_Paragraph_TM.tmx", 7), ("okapi_confusion.tmx", 1), ("okapi_header_with_prop_and_note.tmx", 1),
        ("okapi_html_test.tmx", 11), ("okapi_issue277.tmx", 2), ("okapi_sample14b.tmx", 25),
        ("okapi_sampleTMX2.tmx", 2), ("okapi_tmxtest-attributes.tmx", 9),
        ("omegat-3.6-console_export_en-ko_level2.tmx", 4), ("omegat-3.6-console_export_en-ko_level2_tags.tmx", 1),
        ("omegat-3.6-console_export_en-ko_omegat-tmx11.tmx", 4), ("trados-studio_sdltm8_utf8bom.tmx", 19),
        ("trados-workbench_tw4win_utf16le.tmx", 2),
    ]
}


/// Every unit of `reader`, header first.
func readAll(_ reader: TMXReader) throws -> (TMXHeader, [TranslationUnit]) {
    let header = try reader.readHeader()
    var units: [TranslationUnit] = []
    while let unit = try reader.next() { units.append(unit) }
    return (header, units)
}

/// The bytes `units` are written as, with a fixed date.
func written(_ units: [TranslationUnit], header: TMXHeader = .tmkit(sourceLanguage: "en")) -> [UInt8] {
    let sink = CapturedOutput()
    let writer = TMXWriter(sink: sink, header: header, options: .init(creationDate: "20261129T000000Z"))
    for unit in units { writer.write(unit) }
    writer.finish()
    return sink.bytes
}

/// Runs `xmllint --nonet --noout --dtdvalid tmx14.dtd` on `bytes`; returns its exit status and messages.
func xmllintDTDValid(_ bytes: [UInt8]) throws -> (Int32, String) {
    let xmllint = "/usr/bin/xmllint"
    try #require(FileManager.default.isExecutableFile(atPath: xmllint), "xmllint missing: apt-get install libxml2-utils")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-\(UUID().uuidString).tmx")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: xmllint)
    process.arguments = ["--nonet", "--noout", "--dtdvalid", Fixtures.path("tmx14.dtd"), file.path]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, message)
}

/// `text` encoded as UTF-16, with or without a byte-order mark.
func utf16(_ text: String, bigEndian: Bool, byteOrderMark: Bool) -> [UInt8] {
    var bytes: [UInt8] = byteOrderMark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
    for unit in text.utf16 {
        let pair = [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        bytes += bigEndian ? pair : pair.reversed()
    }
    return bytes
}
