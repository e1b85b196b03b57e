import TextAnalysis
@_spi(Internals) import TMKitCore
import Foundation
import GRDB

/// The index behind concordance, made of posting lists the import writes itself (schema 6; the
/// FTS5 tables before it tokenized every text a second time and took half the writer's time).
///
/// - Spaced scripts (English): the fuzzy index's word postings (`postings`, one list a word and
///   import batch, each unit with its segment's distinct-word count). A phrase is the units in
///   every list of its words (the last word, of four or more characters, also as a prefix:
///   `sanction` finds `sanctions`), checked on the segment's own tokens for the words in a row.
/// - Hangul, Han, kana, Thai and other scripts written without spaces between words, where a
///   term is a substring of a longer word (보위부 in 국가안전보위부가): `grams`, one list a
///   character bigram (lowercased), language and batch, of the segments holding such
///   characters, each unit with its segment's length in characters. A pattern of two or more
///   characters is the units in the lists of all its bigrams, checked for the pattern itself;
///   a single character, the units of every bigram it starts (a text's last character starts
///   one with nothing after it).
///
/// Both lists keep the ids of deleted units; a hit is always read back from `segments`, which
/// no longer has them. Hits come shortest segment first (what BM25 ranks first when every
/// hit holds every word once), then by unit id.
enum ConcordanceIndex {
    static let schema = """
        CREATE TABLE grams (lang INTEGER NOT NULL, gram INTEGER NOT NULL, batch INTEGER NOT NULL, units BLOB NOT NULL,
                            PRIMARY KEY (lang, gram, batch)) WITHOUT ROWID;
        """

    /// Whether `text` holds characters of a script written without spaces between words.
    static func needsGrams(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            // Every such script lies at or above U+0E00 (three or more UTF-8 bytes).
            if byte >= 0xE0 { return text.unicodeScalars.contains(where: Script.isUnspaced) }
        }
        return false
    }

    /// The form a character takes in a bigram: lowercased (ASCII and Hangul without a property
    /// lookup).
    @inline(__always)
    static func folded(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value &- 0x41 < 26 ? value | 0x20 : value }
        if value >= 0xAC00 && value <= 0xD7A3 { return value }
        guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenLowercased,
              let lower = scalar.properties.lowercaseMapping.unicodeScalars.first else { return value }
        return lower.value
    }

    /// Calls `body` with each bigram of `bytes` (valid UTF-8) as `first << 21 | second`; with
    /// `closing`, the last character also with 0 after it, so that every character of a text
    /// starts one of its bigrams (a single character is looked up as a range of bigrams).
    @inline(__always)
    static func forEachBigram(_ bytes: UnsafeBufferPointer<UInt8>, closing: Bool, _ body: (UInt64) -> Void) {
        var i = 0
        var previous: UInt64?
        while i < bytes.count {
            let (value, length) = bytes.scalar(at: i)
            i += length
            let current = UInt64(folded(value))
            if let previous { body(previous << 21 | current) }
            previous = current
        }
        if closing, let previous { body(previous << 21) }
    }

    /// Characters in valid UTF-8 `bytes`, at most 255 (a hit's rank).
    static func length(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 {
            count += 1
            if count == 255 { break }
        }
        return UInt8(count)
    }

    /// One import batch's bigram lists, built as its units get their ids (ascending).
    struct GramBatch {
        /// `lang << 42 | bigram` → its list.
        private var slots: [UInt64: Int32] = [:]
        private var keys: [UInt64] = []
        private var lists: [[UInt8]] = []
        private var lastUnit: [UInt32] = []

        var isEmpty: Bool { keys.isEmpty }

        /// Posts each bigram of `text` once for `unit`, which is not below any unit added before.
        mutating func add(unit: Int64, language: Int64, text: String) {
            var text = text
            let unit = UInt32(truncatingIfNeeded: unit)
            let language = UInt64(language) << 42
            text.withUTF8 { bytes in
                let length = ConcordanceIndex.length(bytes)
                ConcordanceIndex.forEachBigram(bytes, closing: true) { gram in
                    let key = language | gram
                    let slot: Int
                    if let found = slots[key] {
                        slot = Int(found)
                        // Once a segment: a slot has its first entry from the start.
                        guard lastUnit[slot] != unit else { return }
                    } else {
                        slot = keys.count
                        slots[key] = Int32(slot)
                        keys.append(key)
                        lists.append([])
                        lastUnit.append(0)
                    }
                    Postings.appendVarint(unit &- lastUnit[slot], to: &lists[slot])
                    lists[slot].append(length)
                    lastUnit[slot] = unit
                }
            }
        }

        /// Writes the lists as rows of `batch`, in key order.
        func write(_ db: Database, batch: Int64) throws {
            guard !keys.isEmpty else { return }
            let insert = try _RawInsert(db, sql: "INSERT INTO grams(lang, gram, batch, units) VALUES (?, ?, ?, ?)")
            for slot in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
                let key = keys[slot]
                try insert.run(.integer(Int64(key >> 42)), .integer(Int64(key & (1 << 42 - 1))), .integer(batch),
                               .blob(lists[slot]))
            }
        }
    }

    /// Fills `grams` from `segments` (schema migration), in batches numbered after the postings'.
    static func rebuild(_ db: Database) throws {
        var batchNumber = try Int64.fetchOne(db, sql: """
            SELECT CAST(value AS INTEGER) FROM tmkit_meta WHERE key = 'postings_batch'
            """) ?? 0
        let rows = try Row.fetchCursor(db, sql: "SELECT unit_id, lang, text FROM segments ORDER BY unit_id")
        var batch = GramBatch()
        var units = 0
        var lastUnit: Int64 = -1
        func flush() throws {
            guard !batch.isEmpty else { return }
            batchNumber += 1
            try batch.write(db, batch: batchNumber)
            batch = GramBatch()
            units = 0
        }
        while let row = try rows.next() {
            let unit: Int64 = row["unit_id"], text: String = row["text"]
            if unit != lastUnit {
                if units >= 20000 { try flush() }
                units += 1
                lastUnit = unit
            }
            guard needsGrams(text) else { continue }
            batch.add(unit: unit, language: row["lang"], text: text)
        }
        try flush()
        try db.execute(sql: "INSERT OR REPLACE INTO tmkit_meta(key, value) VALUES ('postings_batch', ?)",
                       arguments: [String(batchNumber)])
    }

    struct Hit {
        var unitID: Int64
        var language: Int64
        var text: String
        var rank: Double
    }

    /// Units of a list as `id << 8 | rank byte`, ascending.
    typealias Candidates = [UInt64]

    /// Segments in `languages` that contain `phrase`, best ranked first (at most `limit`).
    static func search(_ db: Database, phrase: String, languages: [Int64], limit: Int) throws -> [Hit] {
        let phrase = phrase.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !phrase.isEmpty, limit > 0, !languages.isEmpty else { return [] }
        let scalars = Array(phrase.unicodeScalars)
        let unspaced = scalars.contains(where: Script.isUnspaced)
        var hits: [Hit] = []
        if !unspaced {
            hits += try wordHits(db, phrase: phrase, languages: languages, limit: limit)
        }
        // A short Latin term (UN, EU, G7) inside Korean text counts as a word of its own (UN은,
        // not FUND); anything longer as the characters themselves.
        let keep: (String) -> Bool = !unspaced && scalars.count < 3
            ? { containsLatinWord(phrase, in: $0) }
            : { $0.range(of: phrase, options: [.caseInsensitive]) != nil }
        hits += try gramHits(db, phrase: phrase, languages: languages, limit: limit, keep: keep)
        // A segment both ways (Latin words inside Korean text) counts once.
        var seen = Set<Int64>()
        hits = hits.filter { seen.insert($0.unitID << 8 | $0.language).inserted }
        hits.sort { $0.rank < $1.rank || ($0.rank == $1.rank && $0.unitID < $1.unitID) }
        return Array(hits.prefix(limit))
    }

    /// The words of a phrase in a spaced script: their keys as the fuzzy index posts them, and
    /// whether the last is also a prefix (four or more characters).
    static func wordQuery(_ phrase: String) -> (keys: [String], prefix: Bool)? {
        let tokens = MatchTokenizer.tokens(phrase).filter { $0.kind == .word || $0.kind == .number }
        guard let last = tokens.last else { return nil }
        return (tokens.map(\.key), last.kind == .word && last.text.count >= 4)
    }

    /// Hits of the word postings: units holding every word of the phrase, checked in rank order
    /// for the words in a row.
    private static func wordHits(_ db: Database, phrase: String, languages: [Int64], limit: Int) throws -> [Hit] {
        guard let (keys, prefix) = wordQuery(phrase) else { return [] }
        let placeholders = languages.map { _ in "?" }.joined(separator: ", ")
        let exact = try db.cachedStatement(sql: "SELECT lang, units FROM postings WHERE lang IN (\(placeholders)) AND token = ?")
        let range = try db.cachedStatement(sql: """
            SELECT lang, units FROM postings WHERE lang IN (\(placeholders)) AND token >= ? AND token < ?
            """)
        var lists: [[Int64: Candidates]] = []
        for (index, key) in keys.enumerated() where !lists.contains(where: { $0.isEmpty }) {
            var arguments = languages.map { $0 as any DatabaseValueConvertible }
            let statement: Statement
            if index == keys.count - 1 && prefix {
                statement = range
                arguments += [key, key + "\u{10FFFF}"]
            } else {
                statement = exact
                arguments.append(key)
            }
            lists.append(try candidates(statement, arguments: StatementArguments(arguments)))
        }
        let found = intersection(lists)
        // One word, whole: every unit of its list holds it. Otherwise the words must follow
        // one another (punctuation between them does not count).
        let check = keys.count > 1 || prefix
        return try verified(db, found, limit: limit) { text in
            !check || containsWords(keys, prefix: prefix, in: text)
        }
    }

    /// Hits of the bigram lists: units holding every bigram of the phrase, checked in rank
    /// order with `keep`.
    private static func gramHits(
        _ db: Database, phrase: String, languages: [Int64], limit: Int, keep: (String) -> Bool
    ) throws -> [Hit] {
        // Each bigram's range of keys: itself, or for a single character every bigram it starts.
        var ranges: [Range<UInt64>] = []
        var utf8 = phrase
        utf8.withUTF8 { bytes in
            forEachBigram(bytes, closing: false) { gram in
                if !ranges.contains(where: { $0.lowerBound == gram }) { ranges.append(gram..<(gram + 1)) }
            }
        }
        if ranges.isEmpty, let scalar = phrase.unicodeScalars.first {
            let first = UInt64(folded(scalar.value)) << 21
            ranges.append(first..<(first + (1 << 21)))
        }
        guard !ranges.isEmpty else { return [] }
        let placeholders = languages.map { _ in "?" }.joined(separator: ", ")
        let statement = try db.cachedStatement(sql: """
            SELECT lang, units FROM grams WHERE lang IN (\(placeholders)) AND gram >= ? AND gram < ?
            """)
        var lists: [[Int64: Candidates]] = []
        for range in ranges where !lists.contains(where: { $0.isEmpty }) {
            let arguments = languages.map { $0 as any DatabaseValueConvertible } + [Int64(range.lowerBound), Int64(range.upperBound)]
            lists.append(try candidates(statement, arguments: StatementArguments(arguments)))
        }
        return try verified(db, intersection(lists), limit: limit, keep: keep)
    }

    /// Every unit of the rows `statement` returns (`lang`, `units`), by language, ascending.
    private static func candidates(_ statement: Statement, arguments: StatementArguments) throws -> [Int64: Candidates] {
        var byLanguage: [Int64: Candidates] = [:]
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            let language: Int64 = row[0]
            guard let data: Data = row[1] else { continue }
            Postings.decode(data, into: &byLanguage[language, default: []])
        }
        for (language, list) in byLanguage {
            // Rows come by batch (a migration's batches and an import's interleave) and prefix
            // rows by word: sorted, each unit once.
            var sorted = list
            sorted.sort()
            var unique: Candidates = []
            unique.reserveCapacity(sorted.count)
            for value in sorted where unique.last.map({ $0 >> 8 != value >> 8 }) ?? true { unique.append(value) }
            byLanguage[language] = unique
        }
        return byLanguage
    }

    /// The units in every list, by language.
    private static func intersection(_ lists: [[Int64: Candidates]]) -> [(language: Int64, candidates: Candidates)] {
        guard var result = lists.first else { return [] }
        for list in lists.dropFirst() {
            for (language, current) in result {
                guard let other = list[language] else {
                    result[language] = nil
                    continue
                }
                var kept: Candidates = []
                var i = 0, j = 0
                while i < current.count && j < other.count {
                    let a = current[i] >> 8, b = other[j] >> 8
                    if a == b {
                        kept.append(current[i])
                        i += 1
                        j += 1
                    } else if a < b {
                        i += 1
                    } else {
                        j += 1
                    }
                }
                result[language] = kept.isEmpty ? nil : kept
            }
        }
        return result.map { ($0.key, $0.value) }
    }

    /// Candidates read back from `segments` in rank order (shortest first, then unit id) and
    /// kept while `keep` holds, until `limit` are; deleted units are skipped.
    private static func verified(
        _ db: Database, _ found: [(language: Int64, candidates: Candidates)], limit: Int, keep: (String) -> Bool
    ) throws -> [Hit] {
        var order: [(rank: UInt8, unit: UInt32, language: Int64)] = []
        for (language, candidates) in found {
            for value in candidates { order.append((UInt8(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 8), language)) }
        }
        order.sort { ($0.rank, $0.unit, $0.language) < ($1.rank, $1.unit, $1.language) }
        let text = try db.cachedStatement(sql: "SELECT text FROM segments WHERE unit_id = ? AND lang = ?")
        var hits: [Hit] = []
        for candidate in order where hits.count < limit {
            guard let segment = try String.fetchOne(text, arguments: [Int64(candidate.unit), candidate.language]),
                  keep(segment) else { continue }
            hits.append(Hit(unitID: Int64(candidate.unit), language: candidate.language, text: segment, rank: Double(candidate.rank)))
        }
        return hits
    }

    /// Whether the word and number tokens of `text` hold `keys` one after the other (the last
    /// also as a prefix when `prefix`).
    static func containsWords(_ keys: [String], prefix: Bool, in text: String) -> Bool {
        containsWords(keys, prefix: prefix, inWords: words(of: text))
    }

    /// The word and number keys of `text`, in order.
    static func words(of text: String) -> [String] {
        MatchTokenizer.tokens(text).filter { $0.kind == .word || $0.kind == .number }.map(\.key)
    }

    /// ``containsWords(_:prefix:in:)`` for a text's ``words(of:)``.
    static func containsWords(_ keys: [String], prefix: Bool, inWords words: [String]) -> Bool {
        guard words.count >= keys.count else { return false }
        for start in 0...(words.count - keys.count) {
            var matches = true
            for (offset, key) in keys.enumerated() {
                let word = words[start + offset]
                let last = offset == keys.count - 1
                if !(word == key || (last && prefix && word.utf8.starts(with: key.utf8))) {
                    matches = false
                    break
                }
            }
            if matches { return true }
        }
        return false
    }

    /// Whether `word` occurs in `text` (case-insensitive) with no ASCII letter or digit right
    /// before or after it.
    static func containsLatinWord(_ word: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: word, options: [.caseInsensitive], range: searchRange) {
            let before = found.lowerBound > text.startIndex ? text.unicodeScalars[text.unicodeScalars.index(before: found.lowerBound)] : nil
            let after = found.upperBound < text.endIndex ? text.unicodeScalars[found.upperBound] : nil
            func isWordCharacter(_ scalar: Unicode.Scalar?) -> Bool {
                guard let scalar, scalar.isASCII else { return false }
                return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            }
            if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }
}
