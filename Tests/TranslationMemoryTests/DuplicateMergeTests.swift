import Foundation
import Testing
import TMKitCore
import TMX
@testable import TeamMemory
@testable import TranslationMemory

/// Importing a unit the memory already has (same languages and texts) keeps one unit, and what
/// is exported says who changed it last and when, and how often it was used: on the file and
/// on the server alike.
@Suite struct DuplicateMergeTests {
    static func version(_ who: String, changed: String, usage: Int, changeID: Bool = true) -> TranslationUnit {
        var attributes = [Attribute("creationid", who), Attribute("creationdate", changed)]
        if changeID { attributes += [Attribute("changeid", who), Attribute("changedate", changed)] }
        attributes.append(Attribute("usagecount", String(usage)))
        return TranslationUnit(attributes: attributes, variants: [Variant(language: .english, text: "The border was sealed."),
                                                                  Variant(language: .korean, text: "국경이 봉쇄됐다.")])
    }

    /// Imports the versions one after another into `memory` (opened for writing) and checks the
    /// exported unit after each.
    func check(_ open: () throws -> any MemoryStore) throws {
        func exported(_ memory: any MemoryStore) throws -> [String: String] {
            let output = CapturedOutput()
            let writer = TMXWriter(sink: output, header: .tmkit(sourceLanguage: "en"))
            #expect(try memory.export(to: writer, language: nil) == 1)
            writer.finish()
            let reader = TMXReader(bytes: output.bytes, name: "export")
            _ = try reader.readHeader()
            let unit = try #require(try reader.next())
            return Dictionary(uniqueKeysWithValues: unit.attributes.map { ($0.name, $0.value) })
        }
        let memory = try open()
        defer { try? memory.close() }
        _ = try memory.importUnits([Self.version("kim", changed: "20260101T000000Z", usage: 1)], sourceLanguage: .english)
        // A newer version from Lee: Lee changed it last; Kim created it.
        let lee = try memory.importUnits([Self.version("lee", changed: "20260301T000000Z", usage: 3)], sourceLanguage: .english)
        #expect(lee.added == 0 && lee.updated == 1)
        var attributes = try exported(memory)
        #expect(attributes["creationid"] == "kim" && attributes["creationdate"] == "20260101T000000Z")
        #expect(attributes["changeid"] == "lee" && attributes["changedate"] == "20260301T000000Z")
        #expect(attributes["usagecount"] == "3")
        // An older version changes neither the date nor the author; a lower count not the count.
        _ = try memory.importUnits([Self.version("park", changed: "20251201T000000Z", usage: 2)], sourceLanguage: .english)
        #expect(try exported(memory) == attributes)
        // A newer version that only says who created it: that is who changed the stored unit.
        _ = try memory.importUnits([Self.version("choi", changed: "20260401T000000Z", usage: 0, changeID: false)], sourceLanguage: .english)
        attributes = try exported(memory)
        #expect(attributes["changeid"] == "choi" && attributes["changedate"] == "20260401T000000Z" && attributes["usagecount"] == "3")
        #expect(attributes["creationid"] == "kim")
        #expect(try memory.statistics().units == 1)
        // Conflicts order targets by the same date.
        #expect(try memory.conflicts(from: .english, to: .korean, limit: 10).isEmpty)
    }

    @Test func theFileSaysWhoChangedAUnitLast() throws {
        let scratch = try Scratch()
        try check { try SQLiteMemoryStore(path: scratch.path("merge.sqlite"), access: .write) }
    }

    @Test(.enabled(if: TeamServer.url != nil, "\(TeamServer.skipped)"))
    func theServerSaysWhoChangedAUnitLast() throws {
        let database = try TeamServer.Database()
        try check { try PostgresMemoryStore(url: database.url, access: .write) }
    }

    @Test func mergedBodies() {
        let body = #"{"id":null,"attributes":{"creationid":"kim","creationdate":"20260101T000000Z","changeid":"kim","usagecount":"1"},"props":[],"notes":[],"variants":{"en":null}}"#
        #expect(SQLiteMemoryStore.mergedBody(body, storedChanged: "20260101T000000Z", storedUsage: 1, changed: "20250101T000000Z", changedBy: "lee", usage: 1) == nil)
        #expect(SQLiteMemoryStore.mergedBody(body, storedChanged: "20260101T000000Z", storedUsage: 1, changed: "20260201T000000Z", changedBy: "lee", usage: 0)
                == #"{"id":null,"attributes":{"creationid":"kim","creationdate":"20260101T000000Z","changeid":"lee","usagecount":"1","changedate":"20260201T000000Z"},"props":[],"notes":[],"variants":{"en":null}}"#)
        // A newer version that names no one: the stored author is not kept beside its date.
        #expect(SQLiteMemoryStore.mergedBody(body, storedChanged: "20260101T000000Z", storedUsage: 1, changed: "20260201T000000Z", changedBy: nil, usage: 1)?
                    .contains("changeid") == false)
        #expect(SQLiteMemoryStore.mergedBody(body, storedChanged: "20260101T000000Z", storedUsage: 1, changed: nil, changedBy: nil, usage: 5)?.contains(#""usagecount":"5""#) == true)
        // A unit imported from a table has no attributes yet.
        #expect(SQLiteMemoryStore.mergedBody(#"{"id":"7","props":[],"variants":{"en":null}}"#, storedChanged: nil, storedUsage: 0,
                                             changed: "20260201T000000Z", changedBy: "lee", usage: 2)
                == #"{"id":"7","attributes":{"changedate":"20260201T000000Z","changeid":"lee","usagecount":"2"},"props":[],"variants":{"en":null}}"#)
        #expect(SQLiteMemoryStore.mergedBody("not json", storedChanged: nil, storedUsage: 0, changed: "20260201T000000Z", changedBy: "lee", usage: 9) == nil)
    }

    /// Several versions in one import, and a stored unit whose latest date is a variant's: the
    /// decision follows the unit's latest date, as its change date column does.
    func checkBatches(_ open: () throws -> any MemoryStore) throws {
        let memory = try open()
        defer { try? memory.close() }
        var stored = Self.version("kim", changed: "20260101T000000Z", usage: 1)
        stored.variants[1].attributes = [Attribute("changedate", "20260501T000000Z")]
        _ = try memory.importUnits([stored], sourceLanguage: .english)
        // Older than the variant's date: not the newest version.
        _ = try memory.importUnits([Self.version("lee", changed: "20260301T000000Z", usage: 1)], sourceLanguage: .english)
        // Two versions in one batch: the newer one's author, the larger count.
        let summary = try memory.importUnits([Self.version("park", changed: "20260601T000000Z", usage: 2),
                                              Self.version("choi", changed: "20260901T000000Z", usage: 7),
                                              Self.version("han", changed: "20260701T000000Z", usage: 4)], sourceLanguage: .english)
        #expect(summary.updated == 3)
        let output = CapturedOutput()
        let writer = TMXWriter(sink: output, header: .tmkit(sourceLanguage: "en"))
        _ = try memory.export(to: writer, language: nil)
        writer.finish()
        let text = output.text
        #expect(text.contains(#"changeid="choi""#) && text.contains(#"changedate="20260901T000000Z""#) && text.contains(#"usagecount="7""#),
                "\(text)")
        #expect(!text.contains("lee") && text.contains(#"creationid="kim""#))
    }

    @Test func versionsInOneBatchAndVariantDatesOnTheFile() throws {
        let scratch = try Scratch()
        try checkBatches { try SQLiteMemoryStore(path: scratch.path("batch.sqlite"), access: .write) }
    }

    @Test(.enabled(if: TeamServer.url != nil, "\(TeamServer.skipped)"))
    func versionsInOneBatchAndVariantDatesOnTheServer() throws {
        let database = try TeamServer.Database()
        try checkBatches { try PostgresMemoryStore(url: database.url, access: .write) }
    }
}

/// The duplicate key hashed piece by piece is the hash of the joined text it stood for (so
/// memories imported before keep matching their duplicates).
@Suite struct DuplicateKeyTests {
    @Test func samePiecewiseAsJoined() throws {
        let cases: [[(LanguageTag, String)]] = [
            [(.english, "kim jong un visit pyongyang"), (.korean, "김정은 평양 방문")],
            [(LanguageTag("en-US")!, ""), (LanguageTag("ko-KR")!, "북한")],
            [(.english, "only one")],
            [],
            [(.english, "a\u{1}b"), (LanguageTag("de")!, "ß 😀"), (.korean, "")],
        ]
        // An empty key stands for its text: a segment of punctuation only keys as itself.
        let texts = ["!!!", "", "…"]
        for (index, parts) in cases.enumerated() {
            let joined = parts.enumerated().map { position, part in
                "\(part.0)\u{1}\(part.1.isEmpty ? texts[position % texts.count] : part.1)"
            }.joined(separator: "\u{2}")
            // The keys one after the other in one buffer, as the import keeps them.
            let bytes = parts.flatMap { Array($0.1.utf8) }
            var ranges: [Range<Int>] = [], start = 0
            for part in parts {
                ranges.append(start..<start + part.1.utf8.count)
                start += part.1.utf8.count
            }
            let piecewise = bytes.withUnsafeBufferPointer { buffer in
                SQLiteMemoryStore.duplicateKey(zip(parts, ranges).enumerated().map { position, element in
                    let (part, range) = element
                    return (part.0, range.isEmpty ? nil : UnsafeBufferPointer(rebasing: buffer[range]), texts[position % texts.count])
                })
            }
            #expect(piecewise == stableHash(joined), "case \(index)")
        }
    }
}
