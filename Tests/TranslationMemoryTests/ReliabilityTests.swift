import Foundation
import Testing
import TMKitCore
import TMX
@testable import TranslationMemory

/// What a translator's memory must survive: a killed import, a reader during an import, and
/// files that are not (or no longer) tmkit memories.
@Suite(.serialized) struct ReliabilityTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tmkit")
    }

    /// A TMX of `count` distinct English–Korean units.
    static func writeMemory(_ path: String, count: Int) throws {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n"
        for i in 0..<count {
            text += "<tu tuid=\"u\(i)\"><tuv xml:lang=\"en\"><seg>Report number \(i) says border guards in district \(i % 97) were moved on day \(i % 31).</seg></tuv>"
            text += "<tuv xml:lang=\"ko\"><seg>\(i)번 보고에 따르면 \(i % 97)지구 국경경비대가 \(i % 31)일에 이동했다.</seg></tuv></tu>\n"
        }
        text += "</body></tmx>\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func startImport(_ tmx: String, into memory: String, batchSize: Int) throws -> Process {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "tmkit not built beside the tests")
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["tm", "import", tmx, "--tm", memory, "--batch-size", String(batchSize)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func units(in path: String) -> Int {
        (try? SQLiteMemoryStore(path: path, create: false).statistics().units) ?? 0
    }

    @Test func killedImportLeavesWholeBatchesAndCanBeCompleted() throws {
        let scratch = try Scratch()
        let tmx = scratch.path("big.tmx"), path = scratch.path("memory.sqlite")
        let total = 60_000, batch = 500
        try Self.writeMemory(tmx, count: total)
        let process = try startImport(tmx, into: path, batchSize: batch)
        let deadline = Date().addingTimeInterval(120)
        while units(in: path) < batch * 2, process.isRunning, Date() < deadline { usleep(20_000) }
        try #require(process.isRunning, "the import finished before it could be killed; make the file bigger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        // The next open works; only whole batches are there, each with its segments and index rows.
        let memory = try SQLiteMemoryStore(path: path, create: false)
        let kept = try memory.statistics().units
        #expect(kept > 0 && kept < total)
        #expect(kept % batch == 0)
        let (segments, indexed, integrity) = try memory.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM segments"),
             try Int.fetchOne(db, sql: "SELECT (SELECT count(DISTINCT batch) FROM grams) + (SELECT count(DISTINCT batch) FROM postings)"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(segments == kept * 2)
        #expect(indexed == kept / batch * 2)
        #expect(integrity == "ok")
        let last = kept - 1
        let found = try memory.lookup("Report number \(last) says border guards in district \(last % 97) were moved on day \(last % 31).",
                                      from: .english, to: .korean)
        #expect(found.first?.score == 100)

        // Importing again completes it: the units already there are merged, not copied.
        let summary = try memory.importUnits(from: try TMXReader(path: tmx), batchSize: 5000)
        #expect(summary.added == total - kept)
        #expect(summary.updated == kept)
        #expect(try memory.statistics().units == total)
    }

    /// An import into an empty memory builds the exact-match index (`segments_by_key`) and the
    /// duplicate-key index (`units_by_dup_key`) once, at its end; a memory whose import was killed
    /// before that gets them back from the next writable open, and exact lookups find their units
    /// with or without them.
    @Test func theDeferredIndexesAreBuiltAfterAnImportIntoAnEmptyMemory() throws {
        let scratch = try Scratch()
        let tmx = scratch.path("memory.tmx"), path = scratch.path("memory.sqlite")
        try Self.writeMemory(tmx, count: 3000)
        func hasIndex() throws -> Bool {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { db in
                let names = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('segments_by_key', 'units_by_dup_key')
                    """)
                #expect(names.count != 1, "one deferred index without the other: \(names)")
                return names.count == 2
            }
        }
        let sentence = "Report number 2999 says border guards in district \(2999 % 97) were moved on day \(2999 % 31)."
        do {
            let memory = try SQLiteMemoryStore(path: path)
            #expect(try memory.importUnits(from: try TMXReader(path: tmx), batchSize: 1000).added == 3000)
            #expect(try hasIndex())
            #expect(try memory.lookup(sentence, from: .english, to: .korean).first?.score == 100)
            #expect(try memory.check().isSound)
        }
        // As a killed import leaves it.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "DROP INDEX segments_by_key; DROP INDEX units_by_dup_key") }
        try queue.close()
        do {
            let reader = try SQLiteMemoryStore(path: path, access: .read)
            #expect(try reader.lookup(sentence, from: .english, to: .korean).first?.score == 100)
            #expect(try !hasIndex())  // reading writes nothing
        }
        _ = try SQLiteMemoryStore(path: path)
        #expect(try hasIndex())
        // An import into a memory that has units keeps the index all along.
        let memory = try SQLiteMemoryStore(path: path)
        #expect(try memory.importUnits(from: try TMXReader(path: tmx), batchSize: 1000).updated == 3000)
        #expect(try hasIndex())
    }

    /// Into an empty memory the import finds its own duplicates without the unique index (it is
    /// built at the end): in one batch, across batches, and after the import built the index
    /// early because it had seen too many keys; each is counted once, its dates and usage merged.
    @Test(arguments: [SQLiteMemoryStore.ImportedKeys.limit, 700])
    func anImportIntoAnEmptyMemoryMergesItsOwnDuplicates(keyLimit: Int) throws {
        let scratch = try Scratch()
        let tmx = scratch.path("memory.tmx"), path = scratch.path("memory.sqlite")
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n"
        // 2,000 units: the first 1,000 distinct, then each of those again (the same texts up to
        // case and spacing), newer and used more; unit 0 a third time, in the same batch.
        func unit(_ i: Int, again: Bool) -> String {
            let date = again ? "20240102T000000Z" : "20230101T000000Z"
            let english = again ? "report  NUMBER \(i) says the border was closed." : "Report number \(i) says the border was closed."
            return "<tu tuid=\"u\(i)\(again ? "b" : "")\" changedate=\"\(date)\" usagecount=\"\(again ? 5 : 1)\"><tuv xml:lang=\"en\"><seg>\(english)</seg></tuv>"
                + "<tuv xml:lang=\"ko\"><seg>\(i)번 보고: 국경이 닫혔다.</seg></tuv></tu>\n"
        }
        for i in 0..<1000 { text += unit(i, again: false) }
        text += unit(0, again: true)
        for i in 0..<1000 { text += unit(i, again: true) }
        text += "</body></tmx>\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: tmx))
        let memory = try SQLiteMemoryStore(path: path)
        let summary = try memory.importUnits(from: try TMXReader(path: tmx), batchSize: 400, keyLimit: keyLimit, progress: nil)
        #expect(summary.added == 1000)
        #expect(summary.updated == 1001)
        #expect(try memory.statistics().units == 1000)
        let rows = try memory.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT count(*) AS n, min(usage_count) AS low, min(changed) AS oldest FROM units")
        }
        #expect(rows.first?["low"] == 5)
        #expect(rows.first?["oldest"] == "20240102T000000Z")
        let unique = try memory.pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT \"unique\" FROM pragma_index_list('units') WHERE name = 'units_by_dup_key'")
        }
        #expect(unique == true)
        let match = try #require(try memory.lookup("Report number 7 says the border was closed.", from: .english, to: .korean).first)
        #expect(match.score == 100)
        // Importing it all again adds nothing (the index decides now).
        let again = try memory.importUnits(from: try TMXReader(path: tmx), batchSize: 400)
        #expect(again.added == 0 && again.updated == 2001)
    }

    /// A unit the import added and another writer deleted meanwhile is not a duplicate any more:
    /// the same texts later in the import are added again, not dropped.
    @Test func aUnitDeletedDuringAnImportIntoAnEmptyMemoryIsAddedAgain() throws {
        let scratch = try Scratch()
        let path = scratch.path("memory.sqlite")
        _ = try SQLiteMemoryStore(path: path)
        let other = try SQLiteMemoryStore(path: path)
        /// 300 units; the 251st has the 6th one's texts; the 6th is deleted by `other` while the
        /// import reads the 201st, once the first batch of 100 is in the memory.
        final class Reader: UnitReader {
            let other: SQLiteMemoryStore
            var position = 0
            var deleted = 0
            init(other: SQLiteMemoryStore) { self.other = other }
            func readHeader() throws -> TMXHeader { TMXHeader(attributes: [Attribute("srclang", "en")]) }
            var skippedUnits: Int { 0 }
            func next() throws -> TranslationUnit? {
                defer { position += 1 }
                guard position < 300 else { return nil }
                if position == 200 {
                    // Reading runs ahead of writing (two batches may be under way): wait for the first.
                    let deadline = Date().addingTimeInterval(30)
                    while try other.statistics().units < 100 && Date() < deadline { usleep(10_000) }
                    deleted = try other.delete(tuid: "u5")
                }
                let n = position == 250 ? 5 : position
                return TranslationUnit(id: "u\(position)", variants: [
                    Variant(language: .english, text: "Report number \(n) says the border was closed."),
                    Variant(language: .korean, text: "\(n)번 보고: 국경이 닫혔다.")])
            }
        }
        let reader = Reader(other: other)
        let memory = try SQLiteMemoryStore(path: path)
        let summary = try memory.importUnits(from: reader, batchSize: 100)
        #expect(reader.deleted == 1)
        #expect(summary.added == 300 && summary.updated == 0)
        #expect(try memory.statistics().units == 299)
        #expect(try memory.lookup("Report number 5 says the border was closed.", from: .english, to: .korean).first?.score == 100)
    }

    @Test func lookupsRunWhileAnotherProcessImports() throws {
        let scratch = try Scratch()
        let tmx = scratch.path("big.tmx"), path = scratch.path("memory.sqlite")
        try Self.writeMemory(tmx, count: 20_000)
        let memory = try SQLiteMemoryStore(path: path)
        _ = try memory.importUnits([TranslationUnit(variants: [Variant(language: .english, text: "Seed sentence here."),
                                                               Variant(language: .korean, text: "씨앗 문장.")])],
                                   sourceLanguage: .english)
        let process = try startImport(tmx, into: path, batchSize: 200)
        var lookups = 0
        while process.isRunning {
            let matches = try memory.lookup("Seed sentence here.", from: .english, to: .korean)
            #expect(matches.first?.score == 100)
            lookups += 1
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(lookups > 0)
        #expect(try memory.statistics().units == 20_001)
    }

    @Test func filesThatAreNotTmkitMemoriesAreRefusedAndLeftAlone() throws {
        let scratch = try Scratch()
        // Not SQLite at all.
        let text = scratch.path("notes.sqlite")
        try Data("just some notes\n".utf8).write(to: URL(fileURLWithPath: text))
        // Another program's SQLite database.
        let other = scratch.path("other.sqlite")
        try rewrite(other) { db in
            try db.execute(sql: "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('x')")
        }
        // A corrupted memory: the SQLite header, then garbage.
        let corrupted = scratch.path("corrupted.sqlite")
        try (Data("SQLite format 3\u{0}".utf8) + Data(repeating: 0xAB, count: 8192)).write(to: URL(fileURLWithPath: corrupted))
        // A memory from a newer tmkit.
        let newer = scratch.path("newer.sqlite")
        let newerMemory = try SQLiteMemoryStore(path: newer)
        try newerMemory.pool.write { db in try db.execute(sql: "PRAGMA user_version = 99") }
        try newerMemory.pool.close()

        let cases: [(String, String)] = [
            (text, "not a tmkit memory (not an SQLite database)"),
            (other, "not a tmkit memory (an SQLite database of something else)"),
            (corrupted, "corrupted memory"),
            (newer, "written by a newer tmkit (schema 99)"),
        ]
        for (path, message) in cases {
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let error = try #require(throws: MemoryError.self) { _ = try SQLiteMemoryStore(path: path) }
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(error.file == path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(path) was changed")
        }
    }

    private func rewrite(_ path: String, _ body: (GRDB.Database) throws -> Void) throws {
        let queue = try GRDB.DatabaseQueue(path: path)
        try queue.write(body)
        try queue.close()
    }
}

import GRDB
