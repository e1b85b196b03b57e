import TextAnalysis
import Foundation
import GRDB

/// The full-text index behind concordance: two contentless FTS5 tables whose rowid is
/// `unit_id << 8 | lang` (the text itself lives in `segments`).
///
/// - `segments_words` (tokenizer `unicode61`, positions kept) holds segments of languages that
///   put spaces between words (English). It answers word and phrase queries, the last word also
///   as a prefix (`sanction` finds `sanctions`), ranked by BM25.
/// - `segments_grams` (tokenizer `trigram`, no positions) holds segments with Hangul, Han, kana,
///   Thai and other scripts written without spaces between words, where a term is a substring
///   of a longer word (보위부 in 국가안전보위부가). A pattern of three or more characters is
///   every trigram of it; the candidates are then checked for the pattern itself. Patterns of
///   one or two such characters are found by scanning `segments`.
///
/// Splitting the index this way costs about a third of a trigram index over every segment at
/// import (English sentences are twice as long in characters as their Korean translations,
/// and a word index holds a sixth of the terms a trigram index does).
enum ConcordanceIndex {
    static let wordsTable = "segments_words"
    static let gramsTable = "segments_grams"

    static let schema = """
        CREATE VIRTUAL TABLE segments_words USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE segments_grams USING fts5(text, content = '', tokenize = 'trigram', detail = 'none');
        -- An import batch's terms stay in memory until it commits (the default flushes every
        -- megabyte, which leaves many small segments to merge).
        INSERT INTO segments_words(segments_words, rank) VALUES ('hashsize', 16777216);
        INSERT INTO segments_grams(segments_grams, rank) VALUES ('hashsize', 16777216);
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


    static func table(for text: String) -> String { needsGrams(text) ? gramsTable : wordsTable }

    static func rowID(unit: Int64, language: Int64) -> Int64 { unit << 8 | language }

    /// Forgets a row (a contentless table needs the text it was given).
    static func delete(_ db: Database, unit: Int64, language: Int64, text: String) throws {
        let table = table(for: text)
        try db.execute(sql: "INSERT INTO \(table)(\(table), rowid, text) VALUES ('delete', ?, ?)",
                       arguments: [rowID(unit: unit, language: language), text])
    }

    /// Fills both tables from `segments` (schema migrations).
    static func rebuild(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT unit_id, lang, text FROM segments")
        let words = try db.makeStatement(sql: "INSERT INTO segments_words(rowid, text) VALUES (?, ?)")
        let grams = try db.makeStatement(sql: "INSERT INTO segments_grams(rowid, text) VALUES (?, ?)")
        while let row = try rows.next() {
            let text: String = row["text"]
            try (needsGrams(text) ? grams : words).execute(
                arguments: [rowID(unit: row["unit_id"], language: row["lang"]), text])
        }
    }

    struct Hit {
        var unitID: Int64
        var language: Int64
        var text: String
        var rank: Double
    }

    /// Segments in `languages` that contain `phrase`, best ranked first (at most `limit`).
    static func search(_ db: Database, phrase: String, languages: [Int64], limit: Int) throws -> [Hit] {
        let phrase = phrase.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !phrase.isEmpty, limit > 0 else { return [] }
        let scalars = Array(phrase.unicodeScalars)
        let unspaced = scalars.contains(where: Script.isUnspaced)
        var hits: [Hit] = []
        if unspaced && scalars.count < 3 {
            return try scan(db, phrase: phrase, languages: languages, limit: limit)
        }
        if !unspaced, let query = wordQuery(phrase) {
            hits += try fetch(db, table: wordsTable, query: query, languages: languages, limit: limit) { _ in true }
        }
        if scalars.count >= 3 {
            hits += try fetch(db, table: gramsTable, query: gramQuery(scalars), languages: languages, limit: limit) {
                $0.range(of: phrase, options: [.caseInsensitive]) != nil
            }
        } else {
            // A short Latin term (UN, EU, G7) inside Korean text: the trigram index cannot see it,
            // so those segments are scanned for it as a word of its own (UN은, not FUND).
            hits += try scan(db, phrase: phrase, languages: languages, limit: limit) { text in
                needsGrams(text) && containsLatinWord(phrase, in: text)
            }
        }
        hits.sort { $0.rank < $1.rank || ($0.rank == $1.rank && $0.unitID < $1.unitID) }
        return Array(hits.prefix(limit))
    }

    /// An FTS5 phrase of the pattern's words; the last word, when it has four or more
    /// characters, also matches as a prefix.
    static func wordQuery(_ phrase: String) -> String? {
        let words = phrase.split { !($0.isLetter || $0.isNumber) }
        guard let last = words.last else { return nil }
        let quoted = "\"" + words.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return last.count >= 4 ? quoted + " *" : quoted
    }

    /// Every trigram of the pattern, all required.
    static func gramQuery(_ scalars: [Unicode.Scalar]) -> String {
        var grams = Set<String>()
        var query: [String] = []
        for start in 0...(scalars.count - 3) {
            var gram = String.UnicodeScalarView()
            gram.append(contentsOf: scalars[start..<(start + 3)])
            let text = String(gram)
            if grams.insert(text.lowercased()).inserted {
                query.append("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            }
        }
        return query.joined(separator: " AND ")
    }

    /// The best ranked rows of `table` matching `query` whose text `keep`s, read a page at a
    /// time (ranked within the index; the texts joined only for the page).
    private static func fetch(
        _ db: Database, table: String, query: String, languages: [Int64], limit: Int, keep: (String) -> Bool
    ) throws -> [Hit] {
        let placeholders = languages.map { _ in "?" }.joined(separator: ", ")
        let statement = try db.cachedStatement(sql: """
            SELECT m.rowid AS rowid, m.rank AS rank, s.text AS text FROM (
                SELECT rowid, rank FROM \(table) WHERE \(table) MATCH ? AND (rowid & 255) IN (\(placeholders))
                ORDER BY rank LIMIT ? OFFSET ?) m
            JOIN segments s ON s.unit_id = m.rowid >> 8 AND s.lang = m.rowid & 255
            ORDER BY m.rank
            """)
        var hits: [Hit] = []
        var offset = 0
        let page = max(limit * 2, 16)
        while hits.count < limit {
            var arguments: [any DatabaseValueConvertible] = [query]
            arguments += languages.map { $0 as any DatabaseValueConvertible }
            arguments += [page, offset]
            let rows = try Row.fetchAll(statement, arguments: StatementArguments(arguments))
            for row in rows where hits.count < limit {
                let text: String = row["text"]
                guard keep(text) else { continue }
                let rowid: Int64 = row["rowid"]
                hits.append(Hit(unitID: rowid >> 8, language: rowid & 255, text: text, rank: row["rank"]))
            }
            guard rows.count == page else { break }
            offset += page
        }
        return hits
    }

    /// Short patterns the trigram index cannot serve: a scan, shortest segments first.
    /// Segments containing `phrase` by a scan: the shortest first, or, with a `keep` filter, in
    /// table order until `limit` are kept.
    private static func scan(
        _ db: Database, phrase: String, languages: [Int64], limit: Int, keep: ((String) -> Bool)? = nil
    ) throws -> [Hit] {
        let placeholders = languages.map { _ in "?" }.joined(separator: ", ")
        var arguments = languages.map { $0 as (any DatabaseValueConvertible) } + [phrase]
        var sql = "SELECT unit_id, lang, text FROM segments WHERE lang IN (\(placeholders)) AND instr(lower(text), lower(?)) > 0"
        if keep == nil {
            sql += " ORDER BY length(text) LIMIT ?"
            arguments.append(limit)
        }
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        var hits: [Hit] = []
        while hits.count < limit, let row = try rows.next() {
            let text: String = row["text"]
            guard keep?(text) ?? true else { continue }
            hits.append(Hit(unitID: row["unit_id"], language: row["lang"], text: text, rank: 0))
        }
        return hits
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
