import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import SharedTestData
import Testing
import TMKitCore
import TMX
@testable import TeamMemory
@testable import TranslationMemory

/// The server the team-memory tests run against: `TMKIT_TEST_POSTGRES` (a superuser's URL) and
/// `TMKIT_TEST_POSTGRES_READONLY` (a role that may only read), as
/// `bash Scripts/postgres-cluster.sh start DIR` prints them and `.ci/run` sets them. Without
/// them the suites are skipped, and `.ci/run` fails when they were.
enum TeamServer {
    static let url = ProcessInfo.processInfo.environment["TMKIT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let readOnlyURL = ProcessInfo.processInfo.environment["TMKIT_TEST_POSTGRES_READONLY"].flatMap { $0.isEmpty ? nil : $0 }
    static let standbyURL = ProcessInfo.processInfo.environment["TMKIT_TEST_POSTGRES_STANDBY"].flatMap { $0.isEmpty ? nil : $0 }
    static let certificateAuthority = ProcessInfo.processInfo.environment["TMKIT_TEST_POSTGRES_CA"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipped = "no PostgreSQL server: start one with `bash Scripts/postgres-cluster.sh start DIR` and export what it prints"

    /// A new, empty database on the server for one test, dropped when it goes away; its URL for the
    /// test's role and for the read-only role (which may read what the owner creates there).
    final class Database: Sendable {
        let name: String
        let url: String
        let readOnlyURL: String?
        private let admin: PostgresSession

        init() throws {
            let base = try PostgresAddress(try #require(TeamServer.url))
            admin = try PostgresSession(address: base)
            let name = "tmkit_test_\(UInt32.random(in: 0...UInt32.max))"
            self.name = name
            try admin.query("CREATE DATABASE \(name) OWNER \(base.user)")
            url = Self.replacingDatabase(TeamServer.url!, with: name)
            readOnlyURL = TeamServer.readOnlyURL.map { Self.replacingDatabase($0, with: name) }
            if let readOnlyURL {
                let reader = try PostgresAddress(readOnlyURL)
                let owner = try PostgresSession(address: try PostgresAddress(url))
                defer { owner.close() }
                try owner.query("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO \(reader.user)")
            }
        }

        static func replacingDatabase(_ url: String, with name: String) -> String {
            guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return url + "/" + name }
            let end = url[slash...].firstIndex(of: "?") ?? url.endIndex
            return String(url[..<slash]) + "/" + name + String(url[end...])
        }

        deinit {
            _ = try? admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            admin.close()
        }
    }
}

@Suite(.enabled(if: TeamServer.url != nil, "\(TeamServer.skipped)"), .serialized)
struct TeamMemoryTests {
    /// A memory shaped like a news desk's: the sample memory, then every sentence of the sample
    /// article in many slightly edited copies (near-duplicates are where fuzzy ranking is hard),
    /// a Korean-first unit, an en-US unit, duplicates and conflicting targets.
    static func desk() throws -> (units: [TranslationUnit], queries: [String]) {
        let text = try String(contentsOf: root.appendingPathComponent("Examples/article.en.txt"), encoding: .utf8)
        let sentences = text.split(whereSeparator: \.isNewline).flatMap { $0.split(separator: ". ") }
            .map(String.init).filter { $0.split(separator: " ").count >= 4 }
        var generator = IndexRecallTests.Generator(seed: 20)
        var units: [TranslationUnit] = []
        for copy in 0..<40 {
            for (index, sentence) in sentences.enumerated() {
                let source = copy == 0 ? sentence : IndexRecallTests.edited(sentence, edits: 1 + copy % 4, using: &generator)
                units.append(unit(source, "번역 \(index)-\(copy % 7)", id: copy % 5 == 0 ? "u\(index)-\(copy)" : nil,
                                  date: copy % 3 == 0 ? "2026110\(copy % 9)T120000Z" : nil))
            }
        }
        units.append(TranslationUnit(id: "us", variants: [Variant(language: LanguageTag("en-US")!, text: sentences[0]),
                                                          Variant(language: .korean, text: "미국 영어 단위")]))
        units.append(TranslationUnit(attributes: [Attribute("srclang", "ko")],
                                     variants: [Variant(language: .korean, text: "평양은 모든 국가기관에 촉구했다."),
                                                Variant(language: .english, text: "Pyongyang urged all state agencies.")]))
        // A word longer than a B-tree key may be (a URL): the server keys it by prefix and hash.
        let link = "https://example.org/" + String(repeating: "ryanggang-border-report-", count: 40)
        units.append(unit("The full report is at \(link) for subscribers.", "전체 보고서는 \(link) 에 있다."))
        units.append(unit("The summary is at \(link) for everyone.", "요약은 \(link) 에 있다."))
        var queries: [String] = ["The full report is at \(link) for readers."]
        for index in 0..<499 {
            let sentence = sentences[index % sentences.count]
            switch index % 5 {
            case 0: queries.append(sentence)
            case 1: queries.append(sentence.uppercased())
            default: queries.append(IndexRecallTests.edited(sentence, edits: index % 6, using: &generator))
            }
        }
        return (units, queries)
    }

    static func exported(_ memory: some MemoryStore) throws -> String {
        let sink = CapturedOutput()
        let writer = TMXWriter(sink: sink, header: .tmkit(sourceLanguage: "en"))
        _ = try memory.export(to: writer, language: nil)
        writer.finish()
        // The header carries the time of writing.
        return sink.text.split(separator: "\n").filter { !$0.contains("<header ") }.joined(separator: "\n")
    }

    /// The server and the file give the same fuzzy matches for `queries` and the same export.
    static func expectSameAnswers(_ server: PostgresMemoryStore, _ file: SQLiteMemoryStore, queries: some Sequence<String>) throws {
        for query in queries {
            #expect(describe(try server.lookup(query, from: .english, to: .korean, minimumScore: 50, limit: 5,
                                                previousWasExact: false, candidates: 3000))
                    == describe(try file.lookup(query, from: .english, to: .korean, minimumScore: 50, limit: 5)))
        }
        #expect(try exported(server) == exported(file))
    }

    static func describe(_ matches: [MemoryMatch]) -> [String] {
        matches.map { "\($0.unitID) \($0.score) \($0.kind.rawValue) \($0.tuid ?? "-") \($0.differences) \($0.source) → \($0.target)" }
    }

    @Test func theSameUnitsGiveTheSameMatchesAndTheSameExportAsTheFile() throws {
        let database = try TeamServer.Database()
        let scratch = try Scratch()
        let file = try SQLiteMemoryStore(path: scratch.path("desk.sqlite"))
        let server = try PostgresMemoryStore(url: database.url, access: .write)
        let (units, queries) = try Self.desk()
        let sample = root.appendingPathComponent("TMX/news.en-ko.tmx").path
        for memory in [file as any MemoryStore, server] {
            #expect(try memory.importUnits(from: try TMXReader(path: sample), batchSize: 7, progress: nil).added > 0)
            // Small batches: many posting rows per word, as a growing team memory has.
            let reader = TableUnitReader(header: .tmkit(sourceLanguage: "en"), units: units)
            let summary = try memory.importUnits(from: reader, batchSize: 113, progress: nil)
            #expect(summary.added + summary.updated == units.count)
            // Again: nothing new, everything updated.
            let again = try memory.importUnits(units, sourceLanguage: .english)
            #expect(again.added == 0 && again.updated == units.count)
        }
        var compared = 0
        for (index, query) in queries.enumerated() {
            let previous = index % 7 == 0
            let expected = try file.lookup(query, from: .english, to: .korean, minimumScore: 50, limit: 5, previousWasExact: previous)
            let found = try server.lookup(query, from: .english, to: .korean, minimumScore: 50, limit: 5, previousWasExact: previous)
            #expect(Self.describe(found) == Self.describe(expected), "query \(index): \(query)")
            if !expected.isEmpty { compared += 1 }
        }
        #expect(compared >= 450)
        // The other direction, and a tag that answers for its variants (en finds en-US).
        #expect(Self.describe(try server.lookup("평양은 모든 국가기관에 촉구했다.", from: .korean, to: .english, minimumScore: 70,
                                                limit: 5, previousWasExact: false, candidates: 3000))
                == Self.describe(try file.lookup("평양은 모든 국가기관에 촉구했다.", from: .korean, to: .english)))
        #expect(try Self.exported(server) == Self.exported(file))
        let fileStatistics = try file.statistics(), serverStatistics = try server.statistics()
        #expect(serverStatistics.units == fileStatistics.units)
        #expect(serverStatistics.pairs.map { "\($0.source)→\($0.target) \($0.units)" }
                == fileStatistics.pairs.map { "\($0.source)→\($0.target) \($0.units)" })
        #expect(serverStatistics.languages == fileStatistics.languages)
        #expect(serverStatistics.fileBytes > 0)
        let fileConflicts = try file.conflicts(from: .english, to: .korean, limit: 50)
        #expect(!fileConflicts.isEmpty)
        #expect(try server.conflicts(from: .english, to: .korean, limit: 50).map { "\($0.source) \($0.targets.map(\.target))" }
                == fileConflicts.map { "\($0.source) \($0.targets.map(\.target))" })
        // Deleting keeps both the same too.
        let preview = try file.unitsToDelete(containing: "agencies", language: .english, tuid: nil, limit: 10)
        let serverPreview = try server.unitsToDelete(containing: "agencies", language: .english, tuid: nil, limit: 10)
        #expect(serverPreview.count == preview.count && serverPreview.first.map(\.text) == preview.first.map(\.text))
        #expect(try server.delete(containing: "agencies", language: .english, tuid: nil)
                == file.delete(containing: "agencies", language: .english, tuid: nil))
        #expect(try server.statistics().pairs.map(\.units) == file.statistics().pairs.map(\.units))
        try Self.expectSameAnswers(server, file, queries: queries.prefix(60))
    }

    @Test func concordanceFindsWordsAndKoreanInsideWords() throws {
        let database = try TeamServer.Database()
        let server = try PostgresMemoryStore(url: database.url, access: .write)
        _ = try server.importUnits([
            unit("The State Security Department sent agents.", "국가안전보위부가 요원들을 보냈다."),
            unit("Security agents patrol the border.", "보위원들이 국경을 순찰한다."),
            unit("New sanctions were announced.", "새 제재가 발표되었다."),
            unit("An urban ban.", "도시 금지."),
        ], sourceLanguage: .english)
        #expect(try server.concordance("security agents", from: .english, to: .korean, limit: 20).map(\.text)
                == ["Security agents patrol the border."])
        let korean = try server.concordance("보위부", from: .english, to: .korean, limit: 20)
        #expect(korean.map(\.text) == ["국가안전보위부가 요원들을 보냈다."])
        #expect(korean.first?.translation == "The State Security Department sent agents.")
        #expect(korean.first?.range == 12..<21)
        #expect(try server.concordance("sanction", from: .english, to: .korean, limit: 20).map(\.text) == ["New sanctions were announced."])
        // A word, not a piece of one: ban is not in urban.
        #expect(try server.concordance("ban", from: .english, to: .korean, limit: 20).map(\.text) == ["An urban ban."])
        #expect(try server.concordance("100%", from: .english, to: .korean, limit: 20).isEmpty)
    }

    /// The concordance index (words and Korean bigrams, built by tmkit) never misses what reading
    /// every segment finds, and finds nothing more: the same hits in the same order for phrases cut
    /// from the desk's English and from the Korean sample article at word starts and anywhere.
    @Test func theConcordanceIndexFindsWhatAScanFinds() throws {
        let database = try TeamServer.Database()
        let server = try PostgresMemoryStore(url: database.url, access: .write)
        let desk = try Self.desk().units
        let article = try String(contentsOf: root.appendingPathComponent("Examples/article.ko.txt"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init)
        var units = desk
        for (index, line) in article.enumerated() { units.append(unit("Line \(index) of the article.", line)) }
        let long = String(repeating: "щ", count: 300)
        for (english, korean) in [("An e-mail service, 1,000 users and 100% coverage.", "UN안보리는 Samsung은 1,000명을 e-mail로"),
                                  ("The café's owner (aged 70) said: \"no.\"", "카페 주인(70세)은 \"아니\"라고 말했다."),
                                  ("L'ÉCOLE D'ÉTÉ of the Kelvin scale.", "여름 학교."),
                                  ("Слово \(long) конец.", "긴 낱말."),
                                  // The same Tamil word precomposed and decomposed: each found as written.
                                  ("A flag: கொடி.", "깃발."), ("Another flag: க\u{0BC6}\u{0BBE}டி.", "또 깃발.")] {
            units.append(unit(english, korean))
        }
        for start in stride(from: 0, to: units.count, by: 500) {
            _ = try server.importUnits(Array(units[start..<min(units.count, start + 500)]), sourceLanguage: .english)
        }
        var generator = IndexRecallTests.Generator(seed: 77)
        var phrases = ["e-mail", "mail", "mail service", "1,000", "100%", "%", "UN", "UN안보리", "Samsung", "samsung은", "안보리",
                       "café", "cafe", "70", "(aged 70)", "\"no", "당", "노동당", "70주년", "창건 70", "보안", "the", "of the", "sanc",
                       "école", "ÉCOLE", "été", "d'été", "kelvin", "கொடி", "க\u{0BC6}\u{0BBE}டி", "слово",
                       String(repeating: "щ", count: 198), String(repeating: "щ", count: 199), "Слово \(long)"]
        let texts = units.flatMap { $0.variants.map(\.content.plainText) }
        phrases += concordancePhrases(from: texts, attempts: 150, using: &generator)
        func describe(_ hits: [ConcordanceHit]) -> [String] {
            hits.map { "\($0.unitID) \($0.language) \($0.range) \($0.translation ?? "-")" }
        }
        var found = 0
        for phrase in phrases {
            let indexed = try server.concordance(phrase, from: .english, to: .korean, limit: 100_000)
            let scanned = try server.scannedConcordance(phrase, from: .english, to: .korean, limit: 100_000)
            #expect(describe(indexed) == describe(scanned), "\(phrase)")
            found += indexed.isEmpty ? 0 : 1
        }
        // The phrases come from the memory: nearly all are found, and through the index: only
        // phrases it cannot narrow (punctuation alone, one Korean character, a prefix past 396
        // bytes) read every segment.
        #expect(found > phrases.count * 3 / 4)
        #expect(server.concordanceScans > 0 && server.concordanceScans < phrases.count / 5)
    }

    /// Schema 1 (a `pg_trgm` index for concordance) is upgraded by the next import, the
    /// concordance index built from the segments already there.
    @Test func aSchemaOneMemoryIsUpgraded() throws {
        let database = try TeamServer.Database()
        let server = try PostgresMemoryStore(url: database.url, access: .write)
        _ = try server.importUnits([unit("The State Security Department sent agents.", "국가안전보위부가 요원들을 보냈다."),
                                    unit("New sanctions were announced.", "새 제재가 발표되었다.")], sourceLanguage: .english)
        try server.close()
        let session = try PostgresSession(address: try PostgresAddress(database.url))
        defer { session.close() }
        try session.query("DROP TABLE concordance")
        try session.query("UPDATE tmkit_meta SET value = '1' WHERE key = 'schema_version'")
        #expect { try PostgresMemoryStore(url: database.url, access: .read) } throws: { error in
            (error as? MemoryError)?.message.contains("older tmkit (schema 1)") == true
        }
        let upgraded = try PostgresMemoryStore(url: database.url, access: .write)
        #expect(try upgraded.statistics().schemaVersion == PostgresMemoryStore.schemaVersion)
        #expect(try upgraded.concordance("보위부", from: .english, to: .korean, limit: 20).map(\.translation)
                == ["The State Security Department sent agents."])
        #expect(try upgraded.concordance("sanction", from: .english, to: .korean, limit: 20).map(\.text)
                == ["New sanctions were announced."])
        // Units imported after the upgrade are found beside the ones before.
        _ = try upgraded.importUnits([unit("More sanctions followed.", "추가 제재가 이어졌다."),
                                      unit("Sanctions were eased.", "제재가 완화되었다."),
                                      unit("The sanctions list grew.", "제재 명단이 늘었다.")], sourceLanguage: .english)
        #expect(try upgraded.concordance("sanction", from: .english, to: .korean, limit: 20).count == 4)
        // The upgrade in pages of two units (a large memory's pages hold 20,000) finds the same.
        try session.query("DROP TABLE concordance")
        try session.query("UPDATE tmkit_meta SET value = '1' WHERE key = 'schema_version'")
        try PostgresMemoryStore.migrate(session, pageUnits: 2)
        #expect(try upgraded.concordance("sanction", from: .english, to: .korean, limit: 20).count == 4)
        #expect(try upgraded.concordance("제재", from: .english, to: .korean, limit: 20).count == 4)
        #expect(try session.query("SELECT count(DISTINCT batch) FROM concordance").first?.value(0, as: Int64.self) == 3)
        // A read-only role reads the new table.
        if let readOnlyURL = database.readOnlyURL {
            let reader = try PostgresMemoryStore(url: readOnlyURL, access: .read)
            #expect(try reader.concordance("보위부", from: .english, to: .korean, limit: 20).count == 1)
        }
    }

    @Test func aReadOnlyRoleLooksUpAndExportsButCannotWrite() throws {
        let database = try TeamServer.Database()
        let readOnlyURL = try #require(database.readOnlyURL, "TMKIT_TEST_POSTGRES_READONLY is not set")
        let owner = try PostgresMemoryStore(url: database.url, access: .write)
        _ = try owner.importUnits([unit("The order was approved.", "명령이 승인되었다.")], sourceLanguage: .english)
        let reader = try PostgresMemoryStore(url: readOnlyURL, access: .read)
        #expect(try reader.lookup("The order was approved.", from: .english, to: .korean, minimumScore: 70, limit: 5,
                                  previousWasExact: false, candidates: 3000).first?.score == 100)
        #expect(try Self.exported(reader).contains("명령이 승인되었다."))
        // Opened for writing, the role is refused at its first write, with a message that says why.
        let writer = try PostgresMemoryStore(url: readOnlyURL, access: .write)
        let refused = #expect(throws: MemoryError.self) {
            try writer.importUnits([unit("Another.", "또 하나.")], sourceLanguage: .english)
        }
        #expect(refused?.message.contains("permission denied") == true, "\(String(describing: refused))")
        #expect(refused?.message.contains("read-only role") == true, "\(String(describing: refused))")
        #expect(throws: MemoryError.self) { try writer.delete(containing: "order", language: .english, tuid: nil) }
        #expect(try owner.statistics().units == 1)
    }

    @Test func aWrongPasswordIsReportedWithoutThePassword() throws {
        let address = try PostgresAddress(try #require(TeamServer.url))
        let secret = "Wr0ng-pa55word-\(UInt32.random(in: 0...UInt32.max))"
        let url = "postgres://\(address.user):\(secret)@\(address.host):\(address.port)/\(address.database)"
        let error = #expect(throws: MemoryError.self) { try PostgresMemoryStore(url: url, access: .read) }
        #expect(error.map { !$0.description.contains(secret) && !$0.message.contains(secret) } == true)
        #expect(error?.message.contains("password authentication failed") == true, "\(String(describing: error))")
        #expect(error?.file == "postgres://\(address.user)@\(address.host):\(address.port)/\(address.database)")
    }

    @Test func aDatabaseOfSomethingElseOrANewerSchemaIsRefusedAndLeftAlone() throws {
        let database = try TeamServer.Database()
        let session = try PostgresSession(address: try PostgresAddress(database.url))
        defer { session.close() }
        try session.query("CREATE TABLE units (id int)")
        #expect { try PostgresMemoryStore(url: database.url, access: .write) } throws: { error in
            (error as? MemoryError)?.message.contains("not a tmkit memory") == true
        }
        try session.query("DROP TABLE units")
        #expect { try PostgresMemoryStore(url: database.url, access: .read) } throws: { error in
            (error as? MemoryError)?.message.contains("no tmkit memory in this database yet") == true
        }
        _ = try PostgresMemoryStore(url: database.url, access: .write)
        try session.query("UPDATE tmkit_meta SET value = '99' WHERE key = 'schema_version'")
        #expect { try PostgresMemoryStore(url: database.url, access: .write) } throws: { error in
            (error as? MemoryError)?.message.contains("newer tmkit (schema 99)") == true
        }
    }

    /// Each batch appends a row per word; after the import a word's rows are merged: one import
    /// leaves one row per word, and a desk's many small imports leave few, never more each time.
    @Test func importsLeaveAWordOneRowOrAFew() throws {
        let database = try TeamServer.Database()
        let scratch = try Scratch()
        let server = try PostgresMemoryStore(url: database.url, access: .write)
        let file = try SQLiteMemoryStore(path: scratch.path("desk.sqlite"))
        let (units, queries) = try Self.desk()
        let admin = try PostgresSession(address: try PostgresAddress(database.url))
        defer { admin.close() }
        func rowsPerWord() throws -> (most: Int, words: Int) {
            let row = try #require(try admin.query("""
                SELECT coalesce(max(n), 0)::bigint, count(*)::bigint FROM (SELECT count(*) AS n FROM postings GROUP BY lang, token) AS w
                """).first)
            return (Int(try row.value(0, as: Int64.self)), Int(try row.value(1, as: Int64.self)))
        }
        let first = Array(units.prefix(1500)), later = Array(units.dropFirst(1500))
        for memory in [file as any MemoryStore, server] {
            _ = try memory.importUnits(from: TableUnitReader(header: .tmkit(sourceLanguage: "en"), units: first), batchSize: 50,
                                       progress: nil)
        }
        let afterOne = try rowsPerWord()
        #expect(afterOne.most == 1 && afterOne.words > 100)
        // Then a shift's returned files, a few units at a time.
        var start = 0
        while start < later.count {
            let end = Swift.min(later.count, start + 9)
            for memory in [file as any MemoryStore, server] {
                _ = try memory.importUnits(Array(later[start..<end]), sourceLanguage: .english)
            }
            start = end
        }
        // (Rows this small always merge: one row. The size tiers are tested on their own below.)
        #expect(try rowsPerWord().most <= 2)
        try Self.expectSameAnswers(server, file, queries: queries.prefix(80))
    }

    /// A large merge vacuums the table; an import that fails part way still merges the batches
    /// it committed.
    @Test func aLargeMergeVacuumsAndAFailedImportStillMerges() throws {
        let database = try TeamServer.Database()
        let server = try PostgresMemoryStore(url: database.url, access: .write)
        let admin = try PostgresSession(address: try PostgresAddress(database.url))
        defer { admin.close() }
        // 1,300 batches of one unit, each with the same ten words: over 10,000 rows merged away.
        let shared = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"
        let units = (0..<1300).map { unit("\(shared) number\($0).", "공통 번역 \($0)") }
        _ = try server.importUnits(from: TableUnitReader(header: .tmkit(sourceLanguage: "en"), units: units), batchSize: 1,
                                   progress: nil)
        func state() throws -> (most: Int64, vacuumed: Bool) {
            let row = try #require(try admin.query("""
                SELECT (SELECT max(n) FROM (SELECT count(*) AS n FROM postings GROUP BY lang, token) AS w),
                       (SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'postings')
                """).first)
            return (try row.value(0, as: Int64.self), try row.value(1, as: Bool.self))
        }
        let afterImport = try state()
        #expect(afterImport.most == 1 && afterImport.vacuumed)
        // Then an import whose fourth batch holds a character the server cannot store.
        var failing = (0..<6).map { unit("\(shared) later\($0).", "나중 번역 \($0)") }
        failing[3] = unit("\(shared) broken\u{0}.", "깨진 번역")
        #expect(throws: MemoryError.self) {
            try server.importUnits(from: TableUnitReader(header: .tmkit(sourceLanguage: "en"), units: failing), batchSize: 1,
                                   progress: nil)
        }
        #expect(try state().most == 1)
        #expect(try server.statistics().units == 1303)
        #expect(try server.lookup("\(shared) later2.", from: .english, to: .korean).first?.target == "나중 번역 2")
    }

    @Test func rowsMergeSizeTiered() {
        func merge(_ lengths: [Int]) -> [Int64] {
            PostgresMemoryStore.rowsToMerge(lengths.enumerated().map { (Int64($0.offset + 1), $0.element) })
        }
        // One import's batches, of about one size: all of them.
        #expect(merge([40_000, 38_000, 41_000, 12_000]) == [1, 2, 3, 4])
        // A small import after a large one: the large row stays as it is.
        #expect(merge([900_000, 30_000]) == [])
        #expect(merge([900_000, 30_000, 20_000]) == [2, 3])
        #expect(merge([900_000, 500_000, 10]) == [1, 2, 3])
        // Small rows always merge; a single row is left alone.
        #expect(merge([8_000, 10, 3]) == [1, 2, 3])
        #expect(merge([9_000, 10, 3]) == [2, 3])
        #expect(merge([500_000, 10, 3]) == [2, 3])
        #expect(merge([70_000]) == [] && merge([]) == [])
    }

    @Test func twoImportsOfTheSameFileAtOnceDoNotDuplicateUnits() throws {
        let database = try TeamServer.Database()
        let (units, _) = try Self.desk()
        let first = try PostgresMemoryStore(url: database.url, access: .write)
        let second = try PostgresMemoryStore(url: database.url, access: .write)
        let results = Mutex<[ImportSummary]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let store = index == 0 ? first : second
            if let summary = try? store.importUnits(from: TableUnitReader(header: .tmkit(sourceLanguage: "en"), units: units), batchSize: 97, progress: nil) {
                results.withLock { $0.append(summary) }
            }
        }
        let summaries = results.withLock { $0 }
        #expect(summaries.count == 2)
        let distinct = Set(units.map { "\($0.variants.map { "\($0.language):\($0.content.plainText)" })" }).count
        #expect(summaries.map(\.added).reduce(0, +) == distinct)
        #expect(try first.statistics().units == distinct)
    }

    /// Units of one import batch: each carries the batch's tag in its English text, so that a
    /// reader can count how much of a batch it sees.
    static func batch(set: Int, number: Int, size: Int) -> [TranslationUnit] {
        (0..<size).map { index in
            unit("Desk report zq\(set)x\(number)q unit \(index) from the border province.", "국경 지방 보고 \(set)-\(number)-\(index).")
        }
    }

    /// A desk at work: 4 importers and 16 readers against one server for TMKIT_TEAM_STRESS_SECONDS
    /// (default 60). Importers 0 and 1 import the same units (they must merge, not duplicate),
    /// 2 and 3 units of their own, batch after batch, then again (updates) until the time is up;
    /// readers look units up and count, for a batch, the units they see: always none or all.
    @Test func fourImportersAndSixteenReadersAtOnce() throws {
        let database = try TeamServer.Database()
        let seconds = Double(ProcessInfo.processInfo.environment["TMKIT_TEAM_STRESS_SECONDS"] ?? "") ?? 60
        let size = 50, batches = 40
        let setup = try PostgresMemoryStore(url: database.url, access: .write)
        _ = try setup.importUnits([unit("Setup.", "준비.")], sourceLanguage: .english)
        let deadline = Date().addingTimeInterval(seconds)
        let failures = Mutex<[String]>([])
        let counts = Mutex<(imports: Int, lookups: Int, partial: Int, checks: Int)>((0, 0, 0, 0))
        // A thread each (concurrentPerform would run only as many at once as there are cores).
        let group = DispatchGroup()
        for worker in 0..<20 {
            group.enter()
            Thread { defer { group.leave() }; work(worker) }.start()
        }
        @Sendable func work(_ worker: Int) {
            do {
                let store = try PostgresMemoryStore(url: database.url, access: worker < 4 ? .write : .read)
                defer { try? store.close() }
                if worker < 4 {
                    let set = worker < 2 ? 0 : worker - 1
                    var pass = 0
                    repeat {
                        for number in 0..<batches where Date() < deadline || pass == 0 {
                            _ = try store.importUnits(Self.batch(set: set, number: number, size: size), sourceLanguage: .english)
                            counts.withLock { $0.imports += 1 }
                        }
                        pass += 1
                    } while Date() < deadline
                } else {
                    var generator = IndexRecallTests.Generator(seed: UInt64(worker))
                    while Date() < deadline {
                        let set = Int.random(in: 0..<3, using: &generator), number = Int.random(in: 0..<batches, using: &generator)
                        let hits = try store.concordance("zq\(set)x\(number)q", from: .english, to: .korean, limit: 4 * size)
                        let seen = Set(hits.filter { $0.language == .english }.map(\.text)).count
                        let index = Int.random(in: 0..<size, using: &generator)
                        let matches = try store.lookup("Desk report zq\(set)x\(number)q unit \(index) from the border province.",
                                                       from: .english, to: .korean, minimumScore: 100, limit: 5,
                                                       previousWasExact: false, candidates: 3000)
                        counts.withLock {
                            $0.lookups += 1
                            $0.checks += 1
                            if seen != 0 && seen != size { $0.partial += 1 }
                            if seen == size && matches.first?.score != 100 { $0.partial += 1 }
                        }
                    }
                }
            } catch {
                failures.withLock { $0.append("worker \(worker): \(error)") }
            }
        }
        group.wait()
        #expect(failures.withLock { $0 } == [])
        let (imports, lookups, partial, checks) = counts.withLock { $0 }
        #expect(imports >= 3 * batches && lookups > 100, "imports \(imports), lookups \(lookups)")
        #expect(partial == 0, "\(partial) of \(checks) reads saw part of a batch")
        // Every committed unit is there once.
        let statistics = try setup.statistics()
        #expect(statistics.units == 1 + 3 * batches * size)
        #expect(statistics.pairs.map(\.units) == [1 + 3 * batches * size])
        #expect(try Self.exported(setup).components(separatedBy: "</tu>").count - 1 == 1 + 3 * batches * size)
    }

    /// `kill -9` of `tmkit tm import` in the middle of a batch: the batches before it are there,
    /// nothing of the one it was writing; importing again completes the memory.
    @Test func aKilledImportLeavesWholeBatches() throws {
        let database = try TeamServer.Database()
        let scratch = try Scratch()
        let tmx = scratch.path("big.tmx")
        let sink = CapturedOutput()
        let writer = TMXWriter(sink: sink, header: .tmkit(sourceLanguage: "en"))
        let count = 60_000, size = 2_000
        for index in 0..<count {
            writer.write(unit("Shift report \(index) on the \(index % 97)th border post.", "교대 보고 \(index).", id: "k\(index)"))
        }
        writer.finish()
        try Data(sink.bytes).write(to: URL(fileURLWithPath: tmx))
        let process = Process()
        process.executableURL = ReliabilityTests.binary
        process.arguments = ["tm", "import", tmx, "--tm", database.url, "--batch-size", String(size), "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let store = try PostgresMemoryStore(url: database.url, access: .write)
        var seen = 0
        let start = Date()
        while Date().timeIntervalSince(start) < 60 {
            seen = (try? store.statistics().units) ?? 0
            if seen >= 2 * size { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(seen > 0 && seen < count, "the import finished (or never started) before it could be killed: \(seen) units")
        let kept = try store.statistics().units
        #expect(kept % size == 0 && kept > 0 && kept < count, "\(kept) units: not whole batches")
        // Importing again completes it, adding only what was missing.
        let summary = try store.importUnits(from: try TMXReader(path: tmx), batchSize: size, progress: nil)
        #expect(summary.added == count - kept && summary.updated == kept)
        #expect(try store.statistics().units == count)
    }

    /// `--replica`: lookups and concordance read from a hot standby and, once it has replayed
    /// the primary's imports, answer exactly as the primary does; writes go to the primary.
    @Test(.enabled(if: TeamServer.standbyURL != nil, "no standby: TMKIT_TEST_POSTGRES_STANDBY is not set"))
    func lookupsThroughAReplicaAnswerAsThePrimary() throws {
        let database = try TeamServer.Database()
        let standbyURL = TeamServer.Database.replacingDatabase(TeamServer.standbyURL!, with: database.name)
        let (units, queries) = try Self.desk()
        let primary = try PostgresMemoryStore(url: database.url, access: .write)
        _ = try primary.importUnits(from: TableUnitReader(header: .tmkit(sourceLanguage: "en"), units: units), batchSize: 500, progress: nil)
        let expected = try primary.statistics().units
        // Replication is asynchronous: wait until the standby has replayed every batch.
        var caughtUp = false
        let start = Date()
        while Date().timeIntervalSince(start) < 60 && !caughtUp {
            if let standby = try? PostgresMemoryStore(url: standbyURL, access: .read), (try? standby.statistics().units) == expected {
                caughtUp = true
            } else {
                usleep(100_000)
            }
        }
        try #require(caughtUp, "the standby did not catch up in 60 s")
        let replicated = try PostgresMemoryStore(url: database.url, access: .read, replicas: [standbyURL])
        for query in queries.prefix(100) {
            #expect(Self.describe(try replicated.lookup(query, from: .english, to: .korean, minimumScore: 50, limit: 5,
                                                        previousWasExact: false, candidates: 3000))
                    == Self.describe(try primary.lookup(query, from: .english, to: .korean, minimumScore: 50, limit: 5,
                                                        previousWasExact: false, candidates: 3000)))
        }
        #expect(try replicated.concordance("border", from: .english, to: .korean, limit: 30).map(\.unitID)
                == primary.concordance("border", from: .english, to: .korean, limit: 30).map(\.unitID))
        #expect(replicated.replicaReads == 101)
        // The standby itself takes no writes, and says so.
        let onStandby = try PostgresMemoryStore(url: standbyURL, access: .write)
        let refused = #expect(throws: MemoryError.self) {
            try onStandby.importUnits([unit("Late edit.", "늦은 수정.")], sourceLanguage: .english)
        }
        #expect(refused?.message.contains("read-only") == true || refused?.message.contains("recovery") == true,
                "\(String(describing: refused))")
    }

    /// TLS through the driver's SSL stack, against the test server's own certificate authority:
    /// `require` encrypts without checking, `verify-full` checks the certificate and the host
    /// name and fails cleanly without the authority, `disable` does not encrypt.
    @Test(.enabled(if: TeamServer.certificateAuthority != nil, "no TLS server: TMKIT_TEST_POSTGRES_CA is not set"))
    func tlsModes() throws {
        let base = try PostgresAddress(try #require(TeamServer.url))
        let authority = TeamServer.certificateAuthority!
        func encrypted(_ query: String, host: String = base.host) throws -> Bool {
            var address = try PostgresAddress("postgres://\(base.user)@\(host):\(base.port)/\(base.database)?\(query)")
            address.password = base.password
            let session = try PostgresSession(address: address)
            defer { session.close() }
            return try session.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first?.value(0, as: Bool.self) ?? false
        }
        #expect(try encrypted("sslmode=require"))
        #expect(try encrypted("sslmode=prefer"))
        #expect(try !encrypted("sslmode=disable"))
        #expect(try encrypted("sslmode=verify-full&sslrootcert=\(authority)", host: "localhost"))
        #expect(try encrypted("sslmode=verify-ca&sslrootcert=\(authority)"))
        // Without the authority the server's certificate is not trusted: a clean error, no crash.
        let untrusted = #expect(throws: MemoryError.self) { try encrypted("sslmode=verify-full", host: "localhost") }
        #expect(untrusted?.message.contains("cannot connect") == true, "\(String(describing: untrusted))")
        #expect(untrusted.map { !$0.message.contains(base.password ?? "\u{0}") } == true)
        let missing = #expect(throws: MemoryError.self) { try encrypted("sslmode=verify-full&sslrootcert=/nonexistent/ca.pem") }
        #expect(missing?.message.contains("sslrootcert") == true)
    }

    /// `tm import FILE.sqlite --tm postgres://…` moves a memory file to the server and
    /// `tm import postgres://… --tm FILE.sqlite` back, losslessly: the same export, unit for
    /// unit (tuids, dates, properties, notes, inline codes); `--user` names who made the units
    /// that named no one.
    @Test func aMemoryFileMovesToTheServerAndBackLosslessly() throws {
        let database = try TeamServer.Database()
        let scratch = try Scratch()
        let original = scratch.path("laptop.sqlite"), back = scratch.path("back.sqlite")
        let fixture = root.appendingPathComponent("Tests/TMXTests/Fixtures/inline-codes.tmx").path
        for input in [root.appendingPathComponent("TMX/news.en-ko.tmx").path, fixture] {
            #expect(try MemoryFailureTests.run(["tm", "import", input, "--tm", original]).status == 0)
        }
        let toServer = try MemoryFailureTests.run(["tm", "import", original, "--tm", database.url])
        #expect(toServer.status == 0, "\(toServer.errors)")
        #expect(!toServer.errors.contains(try PostgresAddress(database.url).password ?? "\u{0}"))
        let toFile = try MemoryFailureTests.run(["tm", "import", database.url, "--tm", back])
        #expect(toFile.status == 0, "\(toFile.errors)")
        let file = try SQLiteMemoryStore(path: original, access: .read)
        let server = try PostgresMemoryStore(url: database.url, access: .read)
        let returned = try SQLiteMemoryStore(path: back, access: .read)
        #expect(try Self.exported(server) == Self.exported(file))
        #expect(try Self.exported(returned) == Self.exported(file))
        #expect(try returned.statistics().units == file.statistics().units)
        // extract and pretranslate take the server too.
        let xliff = scratch.path("article.en.xlf")
        let extracted = try MemoryFailureTests.run(["extract", root.appendingPathComponent("Examples/article.en.txt").path,
                                                    "--tm", database.url, "--from", "en", "--to", "ko", "--no-glossary", "-o", xliff])
        #expect(extracted.status == 0, "\(extracted.errors)")
        #expect(try String(contentsOfFile: xliff, encoding: .utf8).contains("state-qualifier=\"exact-match\""))
        let pretranslated = try MemoryFailureTests.run(["pretranslate", root.appendingPathComponent("Examples/article.en.txt").path,
                                                        "--tm", database.url, "--from", "en", "--to", "ko", "--no-glossary",
                                                        "-o", scratch.path("article.tmx")])
        #expect(pretranslated.status == 0, "\(pretranslated.errors)")
        #expect(try MemoryFailureTests.run(["tm", "check", "--tm", database.url]).status == 2)
        // Into itself: refused.
        #expect(try MemoryFailureTests.run(["tm", "import", database.url, "--tm", database.url]).status == 2)
        // Who made the units: --user on units that name no one, the CAT tool's name kept.
        let attributed = try MemoryFailureTests.run(["tm", "import", root.appendingPathComponent("Examples/colleague.en-ko.tsv").path,
                                                     "--from", "en", "--to", "ko", "--tm", database.url, "--user", "lee"])
        #expect(attributed.status == 0, "\(attributed.errors)")
        let exported = try Self.exported(try PostgresMemoryStore(url: database.url, access: .read))
        #expect(exported.contains("creationid=\"lee\"") && exported.contains("changeid=\"lee\""))
    }

    @Test func addressesComeFromTheURLTheEnvironmentAndThePasswordFile() throws {
        let scratch = try Scratch()
        let passfile = scratch.path("pgpass")
        try "# comment\ndb.example:5433:news:desk:s3cr\\:et\n*:*:*:other:any\n".write(toFile: passfile, atomically: true, encoding: .utf8)
        chmod(passfile, 0o600)
        let environment = ["PGPASSFILE": passfile, "PGHOST": "db.example", "PGPORT": "5433", "PGUSER": "desk", "PGDATABASE": "news"]
        let fromEnvironment = try PostgresAddress("postgres://", environment: environment)
        #expect(fromEnvironment.description == "postgres://desk@db.example:5433/news")
        #expect(fromEnvironment.password == "s3cr:et")
        #expect(fromEnvironment.tlsMode == .prefer)
        let full = try PostgresAddress("postgresql://kim:p%40ss@10.0.0.5:6543/memory?sslmode=verify-full&sslrootcert=/etc/ca.pem",
                                       environment: [:])
        #expect(full.user == "kim" && full.password == "p@ss" && full.host == "10.0.0.5" && full.port == 6543)
        #expect(full.database == "memory" && full.tlsMode == .verifyFull && full.rootCertificate == "/etc/ca.pem")
        #expect(!full.description.contains("p@ss"))
        #expect(PostgresAddress.redacted("postgres://kim:secret@host/db?password=other&x=1") == "postgres://kim:***@host/db?password=***&x=1")
        // A password with / ? # unescaped: still the password, never in a message.
        let slashed = try PostgresAddress("postgres://kim:ab/c?d#e@db.example:5433/news", environment: [:])
        #expect(slashed.password == "ab/c?d#e" && slashed.host == "db.example" && slashed.port == 5433 && slashed.database == "news")
        #expect(PostgresAddress.redacted("postgres://kim:ab/cd@db:5432/news") == "postgres://kim:***@db:5432/news")
        #expect(throws: MemoryError.self) { try PostgresAddress("postgres://host:port/db", environment: [:]) }
        #expect(throws: MemoryError.self) { try PostgresAddress("postgres://host/db?sslmode=sometimes", environment: [:]) }
        // A password file others may read is ignored, as libpq ignores it.
        chmod(passfile, 0o644)
        #expect(try PostgresAddress("postgres://", environment: environment).password == nil)
    }
}
