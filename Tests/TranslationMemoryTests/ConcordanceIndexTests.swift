import Foundation
import GRDB
import SharedTestData
import Testing
import TextAnalysis
import TMKitCore
@testable import TranslationMemory

/// The memory file's concordance index (schema 6: the word postings for spaced scripts, bigram
/// lists for Korean; `ConcordanceIndex`) against reading every segment with the same rule.
@Suite struct ConcordanceIndexTests {
    let scratch: Scratch
    let memory: SQLiteMemoryStore

    init() throws {
        scratch = try Scratch()
        memory = try SQLiteMemoryStore(path: scratch.path("memory.sqlite"))
    }

    /// What concordance must find, read off every segment: in Korean (and other unspaced
    /// scripts) the characters anywhere; in spaced scripts the words in a row, the last one as a
    /// prefix when it has four or more characters, and inside Korean text the characters too
    /// (a term of one or two Latin letters as a word of its own).
    static func scanned(_ phrase: String, in segments: [(unit: Int64, text: String, words: [String])]) -> Set<String> {
        let phrase = phrase.trimmingCharacters(in: .whitespacesAndNewlines)
        let scalars = Array(phrase.unicodeScalars)
        guard !scalars.isEmpty else { return [] }
        let unspaced = scalars.contains(where: Script.isUnspaced)
        let words = ConcordanceIndex.wordQuery(phrase)
        var found = Set<String>()
        for (unit, text, segmentWords) in segments {
            let holds: Bool
            if unspaced {
                holds = text.range(of: phrase, options: [.caseInsensitive]) != nil
            } else {
                let inWords = words.map { ConcordanceIndex.containsWords($0.keys, prefix: $0.prefix, inWords: segmentWords) } ?? false
                let inCharacters = ConcordanceIndex.needsGrams(text)
                    && (scalars.count >= 3 ? text.range(of: phrase, options: [.caseInsensitive]) != nil
                        : ConcordanceIndex.containsLatinWord(phrase, in: text))
                holds = inWords || inCharacters
            }
            if holds { found.insert("\(unit) \(text)") }
        }
        return found
    }

    /// Pairs of real Korean–English news (the aligned dev set's one-to-one sentences) and the
    /// sample article, imported in several batches; phrases cut from them at random
    /// (`concordancePhrases`) and a few chosen ones: the index finds exactly what the scan finds.
    @Test(.needsSharedData) func theIndexFindsWhatAScanFinds() throws {
        var units: [TranslationUnit] = []
        let docs = URL(fileURLWithPath: SharedData.path("align/news-dev/docs"))
        for doc in try FileManager.default.contentsOfDirectory(atPath: docs.path).sorted() {
            let table = try String(contentsOf: docs.appendingPathComponent("\(doc)/hard/gold.tsv"), encoding: .utf8)
            for line in table.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard fields.count >= 5, fields[2] == "1-1" else { continue }
                units.append(unit(String(fields[3]), String(fields[4])))
            }
        }
        let article = try String(contentsOf: root.appendingPathComponent("Examples/article.ko.txt"), encoding: .utf8)
        for (index, line) in article.split(whereSeparator: \.isNewline).enumerated() {
            units.append(unit("Line \(index) of the article.", String(line)))
        }
        units.append(unit("The UN Security Council met; a fund was set up.", "UN 안보리가 열렸고 기금(UN기금)이 만들어졌다."))
        #expect(units.count > 300)
        for start in stride(from: 0, to: units.count, by: 150) {
            _ = try memory.importUnits(Array(units[start..<min(units.count, start + 150)]), sourceLanguage: .english)
        }
        let segments = try memory.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT unit_id, text FROM segments").map { row in
                (row["unit_id"] as Int64, row["text"] as String, ConcordanceIndex.words(of: row["text"]))
            }
        }
        var generator = SplitMix64(seed: 19)
        var phrases = ["the", "of the", "nuclear", "nuclear weap", "North Korea", "UN", "un", "fund", "12.3", "$110 million",
                       "미국", "핵", "핵무기", "안보리", "UN기금", "기금", "the supercomputer at", "한 치의"]
        let texts = units.flatMap { $0.variants.map(\.content.plainText) }
        phrases += concordancePhrases(from: texts, attempts: 300, using: &generator)
        var found = 0
        for phrase in phrases {
            let hits = try memory.concordance(phrase, from: .english, to: .korean, limit: 100_000)
            let indexed = Set(hits.map { "\($0.unitID) \($0.text)" })
            #expect(indexed.count == hits.count, "\(phrase): a segment twice")
            #expect(indexed == Self.scanned(phrase, in: segments), "\(phrase)")
            // Shortest segments first.
            let lengths = hits.map { $0.text.unicodeScalars.count }
            if ConcordanceIndex.needsGrams(phrase) { #expect(lengths == lengths.sorted(), "\(phrase)") }
            found += hits.isEmpty ? 0 : 1
        }
        #expect(found > phrases.count * 9 / 10)
        // A limit keeps the best ranked.
        let all = try memory.concordance("미국", from: .english, to: .korean, limit: 100_000)
        #expect(all.count > 5)
        #expect(try memory.concordance("미국", from: .english, to: .korean, limit: 5).map(\.text) == all.prefix(5).map(\.text))
    }

    /// A schema 5 memory (two FTS5 tables) is migrated: the tables go, the bigram lists are
    /// built from the segments, every concordance answers as before, and later imports add
    /// batches of their own.
    @Test func aVersion5MemoryGetsItsBigramLists() throws {
        let pairs = [("The State Security Department sent agents.", "국가안전보위부가 요원들을 보냈다."),
                     ("New sanctions were announced.", "새로운 대북 제재가 발표됐다."),
                     ("Security agents patrol the border.", "보위원들이 국경을 순찰한다."),
                     ("Daily NK reported it.", "Daily NK가 이를 보도했다.")]
        _ = try memory.importUnits(pairs.prefix(2).map { unit($0.0, $0.1) }, sourceLanguage: .english)
        _ = try memory.importUnits(pairs.dropFirst(2).map { unit($0.0, $0.1) }, sourceLanguage: .english)
        let queries = ["보위부", "보위", "제재", "Daily NK", "sanction", "security agents", "nk", "다"]
        func answers(_ store: SQLiteMemoryStore) throws -> [[String]] {
            try queries.map { query in try store.concordance(query, from: .english, to: .korean).map { "\($0.unitID) \($0.text)" } }
        }
        let before = try answers(memory)
        #expect(before.allSatisfy { !$0.isEmpty })
        try memory.pool.write { db in try db.execute(sql: SchemaFive.downgrade) }
        try memory.pool.close()
        let migrated = try SQLiteMemoryStore(path: memory.path, create: false)
        #expect(try migrated.statistics().schemaVersion == 6)
        let tables = try migrated.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'segments_%'")
        }
        #expect(tables.isEmpty)
        #expect(try answers(migrated) == before)
        #expect(try migrated.check().isSound)
        _ = try migrated.importUnits([unit("Agents of the State Security Department.", "국가안전보위부 요원들.")], sourceLanguage: .english)
        #expect(try migrated.concordance("보위부", from: .english, to: .korean).count == 2)
        // The migrated lists are one batch, the import's another (numbered after it).
        #expect(try migrated.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(DISTINCT batch) FROM grams") } == 2)
    }
}
