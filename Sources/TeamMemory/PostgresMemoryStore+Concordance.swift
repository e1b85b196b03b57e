import Foundation
import NIOCore
import PostgresNIO
import TextAnalysis
import TMKitCore
import TranslationMemory

/// The concordance index: like the fuzzy postings, one row per key, language and import batch
/// with the ids of the units whose segment holds the key, built by tmkit as it imports (no index
/// maintenance on the server beyond the table's primary key).
///
/// - Words: every run of letters and digits of a segment, lowercased, for phrases in English and
///   other spaced scripts (a phrase starts a word; its last word may also be a prefix).
/// - Bigrams: every two consecutive characters of a segment in Hangul, Han, kana, Thai and
///   other scripts written without spaces between words, where a term sits inside a longer word
///   (보위부 in 국가안전보위부가); a phrase of two or more such characters needs all its bigrams.
///
/// A lookup intersects the lists of the phrase's rarest keys, then reads those segments and
/// checks the phrase itself; a phrase the index cannot narrow (one Korean character, only
/// punctuation, only very common words) is found by scanning. Measured against a `pg_trgm` GIN
/// index over every segment, which it replaced: a 200,000-unit import took 53 s with the
/// trigram index, 32 s with it on the Korean segments only, 28 s with this index (its keys found
/// while the server writes), 19–23 s with none (Benchmarks/RESULTS.md).
enum ConcordanceKeys {
    /// Bigram keys start with this character, so that they never meet a word key.
    static let gramMark: Character = "\u{1}"

    /// Whether `scalar` belongs to a word, as the phrase check (`wordRange`) decides.
    @inline(__always)
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// A word as the index keys it: its UTF-8 bytes, compared byte for byte (never by canonical
    /// equivalence, as `String` compares: the server compares tokens by their bytes), with a
    /// hash computed as the bytes were read.
    struct WordKey: Hashable {
        var hash: UInt64
        var bytes: [UInt8]

        static func == (a: WordKey, b: WordKey) -> Bool { a.hash == b.hash && a.bytes == b.bytes }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        /// The token as stored (see ``PostgresMemoryStore/indexToken(_:)``).
        var token: String { PostgresMemoryStore.indexToken(String(decoding: bytes, as: UTF8.self)) }
    }

    /// Calls `word` with each run of word characters of `text` lowercased (as `String.lowercased()`
    /// lowercases: scalar by scalar), in order, repeats kept, and, when `text` is in an unspaced
    /// script, `gram` with every two consecutive lowercased scalars (see ``gramKey(_:)``).
    /// One pass, no lowercased copy of the text; the import's cost of the index is mostly here.
    static func forEachKey(of text: String, word: (WordKey) -> Void, gram: (UInt64) -> Void) {
        var grams = false
        for byte in text.utf8 where byte >= 0xE0 {
            // Every such script lies at or above U+0E00 (three or more UTF-8 bytes).
            grams = text.unicodeScalars.contains(where: Script.isUnspaced)
            break
        }
        var run = WordKey(hash: 0xcbf2_9ce4_8422_2325, bytes: [])
        run.bytes.reserveCapacity(64)
        var previous: UInt32 = 0, hasPrevious = false
        func take(_ scalar: Unicode.Scalar) {
            if isWordCharacter(scalar) {
                // FNV-1a over the bytes.
                if scalar.isASCII {
                    run.bytes.append(UInt8(scalar.value))
                    run.hash = (run.hash ^ UInt64(scalar.value)) &* 0x100_0000_01b3
                } else {
                    UTF8.encode(scalar) { byte in
                        run.bytes.append(byte)
                        run.hash = (run.hash ^ UInt64(byte)) &* 0x100_0000_01b3
                    }
                }
            } else if !run.bytes.isEmpty {
                word(run)
                run.bytes.removeAll(keepingCapacity: true)
                run.hash = 0xcbf2_9ce4_8422_2325
            }
            if grams {
                if hasPrevious { gram(UInt64(previous) << 21 | UInt64(scalar.value)) }
                previous = scalar.value
                hasPrevious = true
            }
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                take(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
            } else if scalar.properties.changesWhenLowercased {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { take(lower) }
            } else {
                take(scalar)
            }
        }
        if !run.bytes.isEmpty { word(run) }
    }

    /// A bigram's key as stored: the mark, then its two characters.
    static func gramKey(_ gram: UInt64) -> String {
        var key = String(gramMark)
        key.unicodeScalars.append(Unicode.Scalar(UInt32(gram >> 21)) ?? "\u{FFFD}")
        key.unicodeScalars.append(Unicode.Scalar(UInt32(gram & 0x1F_FFFF)) ?? "\u{FFFD}")
        return key
    }

    /// One language's keys with the segments that hold them.
    struct Lists {
        var words: [WordKey: [Int64]] = [:]
        var grams: [UInt64: [Int64]] = [:]

        /// Each key as stored with its ids.
        func forEach(_ body: (String, [Int64]) throws -> Void) rethrows {
            for (word, ids) in words { try body(word.token, ids) }
            for (gram, ids) in grams { try body(gramKey(gram), ids) }
        }
    }

    /// Per language, the keys of `segments` and the segments that hold them, in the order given
    /// (`id`s ascending within a language: unit ids, or positions in an import batch).
    static func lists<Language: Hashable>(_ segments: some Sequence<(id: Int64, language: Language, text: String)>)
        -> [Language: Lists]
    {
        var lists: [Language: Lists] = [:]
        for segment in segments {
            var table = lists.removeValue(forKey: segment.language) ?? Lists()
            forEachKey(of: segment.text, word: { table.words[$0, default: []].appendIfNew(segment.id) },
                       gram: { table.grams[$0, default: []].appendIfNew(segment.id) })
            lists[segment.language] = table
        }
        return lists
    }

    /// Writes `lists` (by language id) as import batch `batch`, each id mapped through `unit`
    /// (nil: left out).
    static func insert(_ lists: [Int64: Lists], unit: (Int64) -> Int64?, batch: Int64,
                       session: PostgresSession, doing action: String) throws {
        var languages: [Int64] = [], tokens: [String] = [], counts: [Int64] = [], encoded: [ByteBuffer] = []
        var units: [Int64] = []
        for (language, keys) in lists {
            keys.forEach { key, ids in
                units.removeAll(keepingCapacity: true)
                for id in ids { if let mapped = unit(id) { units.append(mapped) } }
                guard !units.isEmpty else { return }
                languages.append(language)
                tokens.append(key)
                counts.append(Int64(units.count))
                encoded.append(ByteBuffer(bytes: UnitList.encode(units)))
            }
        }
        guard !tokens.isEmpty else { return }
        try session.query("""
            INSERT INTO concordance(lang, token, batch, units_count, units)
            SELECT lang, token, $5, n, units FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[]) AS v(lang, token, n, units)
            """, [languages, tokens, counts, encoded, batch], doing: action)
    }
}

private extension Array where Element == Int64 {
    /// Appends `unit` unless it is the last element already (a key seen twice in one segment).
    mutating func appendIfNew(_ unit: Int64) {
        if last != unit { append(unit) }
    }
}

/// Ascending unit ids as gaps from the previous id, each an LEB128 varint.
enum UnitList {
    static func encode(_ units: [Int64]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(units.count * 2)
        var previous: UInt64 = 0
        for unit in units {
            var gap = UInt64(unit) &- previous
            previous = UInt64(unit)
            while gap >= 0x80 {
                bytes.append(UInt8(gap & 0x7F) | 0x80)
                gap >>= 7
            }
            bytes.append(UInt8(gap))
        }
        return bytes
    }

    static func decode(_ data: ByteBuffer, into units: inout Set<Int64>) {
        var previous: UInt64 = 0, gap: UInt64 = 0, shift: UInt64 = 0
        data.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                gap |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 {
                    previous &+= gap
                    units.insert(Int64(bitPattern: previous))
                    gap = 0
                    shift = 0
                } else {
                    shift += 7
                }
            }
        }
    }
}

extension PostgresMemoryStore {
    /// Lists longer than this are not read: a phrase made only of keys this common is found by
    /// scanning the segments instead.
    static let concordanceListLimit = 100_000

    /// Units whose text in either language of the pair contains `phrase` (case-insensitive),
    /// found through the concordance index (`ConcordanceKeys`): in English and other spaced
    /// scripts the phrase starts a word (its last word of four or more letters may go on:
    /// `sanction` finds `sanctions`); in Korean and other unspaced scripts it may sit anywhere.
    /// The shortest segments first.
    public func concordance(
        _ phrase: String, from source: LanguageTag, to target: LanguageTag, limit: Int = 20
    ) throws(MemoryError) -> [ConcordanceHit] {
        try concordance(phrase, from: source, to: target, limit: limit, indexed: true)
    }

    /// The same hits found without the index, by reading every segment (tests compare the two).
    package func scannedConcordance(
        _ phrase: String, from source: LanguageTag, to target: LanguageTag, limit: Int
    ) throws(MemoryError) -> [ConcordanceHit] {
        try concordance(phrase, from: source, to: target, limit: limit, indexed: false)
    }

    private func concordance(
        _ phrase: String, from source: LanguageTag, to target: LanguageTag, limit: Int, indexed: Bool
    ) throws(MemoryError) -> [ConcordanceHit] {
        let limit = Swift.min(SQLiteMemoryStore.maximumConcordanceLimit, Swift.max(0, limit))
        let phrase = phrase.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !phrase.isEmpty, limit > 0 else { return [] }
        return try readingReplica { session, _ in
            let languages = try Self.languages(session)
            let sources = MatchEngine.matchingLanguages(languages, source), targets = MatchEngine.matchingLanguages(languages, target)
            guard !sources.isEmpty, !targets.isEmpty else { return [] }
            var tags: [Int64: LanguageTag] = [:]
            for (id, tag) in languages { tags[id] = LanguageTag(tag) }
            let sourceIDs = Set(sources.map(\.id))
            let searched = Array(sourceIDs.union(targets.map(\.id))).sorted()
            let unspaced = phrase.unicodeScalars.contains(where: Script.isUnspaced)
            let words = phrase.split { !($0.isLetter || $0.isNumber) }
            let prefixAllowed = (words.last?.count ?? 0) >= 4
            var found: [(unit: Int64, language: Int64, text: String, range: Range<Int>)]
            if indexed, let candidates = try Self.concordanceCandidates(phrase, unspaced: unspaced, prefixAllowed: prefixAllowed,
                                                               languages: searched, session: session) {
                found = []
                if !candidates.isEmpty {
                    for row in try session.query("SELECT unit_id, lang, text FROM segments WHERE lang = ANY($1) AND unit_id = ANY($2)",
                                                 [searched, candidates.sorted()]) {
                        let text = try row.value(2, as: String.self)
                        guard let range = Self.wordRange(of: phrase, in: text, unspaced: unspaced, prefixAllowed: prefixAllowed)
                        else { continue }
                        found.append((try row.value(0, as: Int64.self), try row.value(1, as: Int64.self), text, range))
                    }
                }
                // The order of the scan below: shortest first (in characters), then unit and language.
                found = found.map { ($0, $0.text.unicodeScalars.count) }
                    .sorted { ($0.1, $0.0.unit, $0.0.language) < ($1.1, $1.0.unit, $1.0.language) }
                    .prefix(limit).map(\.0)
            } else {
                if indexed { scans.withLock { $0 += 1 } }
                found = try Self.scanConcordance(phrase, unspaced: unspaced, prefixAllowed: prefixAllowed, languages: searched,
                                                 limit: limit, session: session)
            }
            // Every hit's other side in one query: its text in the closest tag of the other language.
            var texts: [Int64: [Int64: String]] = [:]
            if !found.isEmpty {
                for row in try session.query("SELECT unit_id, lang, text FROM segments WHERE unit_id = ANY($1) AND lang = ANY($2)",
                                             [Array(Set(found.map(\.unit))), searched]) {
                    texts[try row.value(0, as: Int64.self), default: [:]][try row.value(1, as: Int64.self)] = try row.value(2, as: String.self)
                }
            }
            var hits: [ConcordanceHit] = []
            for hit in found {
                let others = sourceIDs.contains(hit.language) ? targets : sources
                let translation = others.lazy.filter { $0.id != hit.language }.compactMap { texts[hit.unit]?[$0.id] }.first
                hits.append(ConcordanceHit(
                    unitID: hit.unit, language: tags[hit.language] ?? source, text: hit.text, range: hit.range,
                    translation: translation))
            }
            return hits
        }
    }

    /// The units whose segments in `languages` may hold `phrase`: the intersection of the lists
    /// of its rarest keys (up to three). Nil when the index cannot narrow the search.
    static func concordanceCandidates(_ phrase: String, unspaced: Bool, prefixAllowed: Bool, languages: [Int64],
                                      session: PostgresSession) throws -> Set<Int64>? {
        var words: [String] = []
        var grams: Set<String> = []
        ConcordanceKeys.forEachKey(of: phrase, word: { words.append($0.token) },
                                   gram: { grams.insert(ConcordanceKeys.gramKey($0)) })
        var exact: Set<String> = []
        var prefix: String?
        if unspaced {
            guard !grams.isEmpty else { return nil }
            exact = grams
        } else {
            guard let last = words.last else { return nil }
            // Every word of the phrase is a whole word of the text, but the last one may go on
            // when the phrase ends inside a word of four or more letters.
            let endsInWord = phrase.unicodeScalars.last.map(ConcordanceKeys.isWordCharacter) ?? false
            exact.formUnion(words.dropLast())
            if prefixAllowed && endsInWord {
                // (A token past 512 bytes keeps 396 to 400 of them before its hash.)
                guard last.utf8.count <= 396 else { return nil }
                prefix = last
            } else {
                exact.insert(last)
            }
        }
        // The prefix's range of keys: from itself to itself followed by the last code point.
        let low = prefix ?? "", high = prefix.map { $0 + "\u{10FFFF}" } ?? ""
        let prefixKey = "*"  // never a key: a word has no "*", a bigram starts with its mark
        var counts: [String: Int] = [:]
        for row in try session.query("""
            SELECT token, sum(units_count)::bigint FROM concordance WHERE lang = ANY($1) AND token = ANY($2) GROUP BY token
            UNION ALL
            SELECT $5, coalesce(sum(units_count), 0)::bigint FROM concordance
            WHERE $3 <> '' AND lang = ANY($1) AND token >= $3 AND token < $4
            """, [languages, Array(exact), low, high, prefixKey]) {
            counts[try row.value(0, as: String.self)] = Int(try row.value(1, as: Int64.self))
        }
        if prefix == nil {
            counts[prefixKey] = nil  // the second query's empty sum
        } else if counts[prefixKey] == 0 {
            return []
        }
        // A key no segment holds: no segment holds the phrase.
        guard exact.allSatisfy({ counts[$0] != nil }) else { return [] }
        let ranked = counts.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        guard let rarest = ranked.first, rarest.value <= concordanceListLimit else { return nil }
        var chosen = [rarest.key]
        var total = rarest.value
        for key in ranked.dropFirst().prefix(2) where total + key.value <= 2 * concordanceListLimit {
            chosen.append(key.key)
            total += key.value
        }
        let chosenExact = chosen.filter { $0 != prefixKey }
        let prefixChosen = chosen.contains(prefixKey)
        var lists: [String: Set<Int64>] = [:]
        for row in try session.query("""
            SELECT token, units FROM concordance
            WHERE lang = ANY($1) AND (token = ANY($2) OR ($3 <> '' AND token >= $3 AND token < $4))
            """, [languages, chosenExact, prefixChosen ? low : "", high]) {
            let token = try row.value(0, as: String.self)
            let units = try row.value(1, as: ByteBuffer.self)
            if chosenExact.contains(token) { UnitList.decode(units, into: &lists[token, default: []]) }
            if prefixChosen, token.utf8.starts(with: low.utf8) { UnitList.decode(units, into: &lists[prefixKey, default: []]) }
        }
        var candidates: Set<Int64>?
        for key in chosen {
            let units = lists[key] ?? []
            candidates = candidates.map { $0.intersection(units) } ?? units
        }
        return candidates ?? []
    }

    /// The phrase found by reading every segment of `languages`, shortest first.
    static func scanConcordance(_ phrase: String, unspaced: Bool, prefixAllowed: Bool, languages: [Int64], limit: Int,
                                session: PostgresSession) throws -> [(unit: Int64, language: Int64, text: String, range: Range<Int>)] {
        let pattern = scanPattern(phrase)
        var found: [(unit: Int64, language: Int64, text: String, range: Range<Int>)] = []
        var offset = 0
        let page = Swift.max(limit * 2, 64)
        while found.count < limit {
            let rows = try session.query("""
                SELECT unit_id, lang, text FROM segments WHERE lang = ANY($1) AND lower(text COLLATE "C") LIKE $2
                ORDER BY length(text), unit_id, lang LIMIT $3 OFFSET $4
                """, [languages, pattern, Int64(page), Int64(offset)])
            for row in rows where found.count < limit {
                let text = try row.value(2, as: String.self)
                guard let range = wordRange(of: phrase, in: text, unspaced: unspaced, prefixAllowed: prefixAllowed) else { continue }
                found.append((try row.value(0, as: Int64.self), try row.value(1, as: Int64.self), text, range))
            }
            guard rows.count == page else { break }
            offset += page
        }
        return found
    }

    /// The scan's filter for `phrase`: a LIKE pattern over the text with its ASCII lowered (what
    /// `lower(text COLLATE "C")` gives, whatever the server's locale) that lets through every
    /// text whose Swift-lowercased form holds the phrase's, so that `wordRange` decides, as it
    /// does for the index: ASCII lowered, a cased non-ASCII character (é may be É in the text)
    /// any run, `k` any character (the Kelvin sign lowercases to it), the rest literal.
    static func scanPattern(_ phrase: String) -> String {
        var pattern = String.UnicodeScalarView()
        var wildcard = false
        func append(_ scalar: Unicode.Scalar) {
            pattern.append(scalar)
            wildcard = false
        }
        func anyRun() {
            if !wildcard { pattern.append("%") }
            wildcard = true
        }
        anyRun()
        for scalar in phrase.unicodeScalars {
            if scalar.isASCII {
                var lower = scalar
                if scalar.value >= 0x41 && scalar.value <= 0x5A { lower = Unicode.Scalar(UInt8(scalar.value + 0x20)) }
                switch lower {
                case "%", "_", "\\":
                    append("\\")
                    append(lower)
                case "k": append("_")
                default: append(lower)
                }
            } else if scalar.properties.isCased || scalar.properties.changesWhenCaseMapped {
                anyRun()
            } else {
                append(scalar)
            }
        }
        anyRun()
        return String(pattern)
    }

    /// The UTF-8 byte range of the first occurrence of `phrase` in `text` (case-insensitive) that
    /// starts a word, and ends one unless `prefixAllowed`; any occurrence when `unspaced`.
    static func wordRange(of phrase: String, in text: String, unspaced: Bool, prefixAllowed: Bool) -> Range<Int>? {
        let lower = text.lowercased()
        let wanted = phrase.lowercased()
        // Lowercasing can change lengths (İ); the range is then given in the lowered text.
        var searchRange = lower.startIndex..<lower.endIndex
        func isWordCharacter(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return ConcordanceKeys.isWordCharacter(scalar)
        }
        while let found = lower.range(of: wanted, range: searchRange) {
            let before = found.lowerBound > lower.startIndex
                ? lower.unicodeScalars[lower.unicodeScalars.index(before: found.lowerBound)] : nil
            let after = found.upperBound < lower.endIndex ? lower.unicodeScalars[found.upperBound] : nil
            let startsWord = !isWordCharacter(before) || !isWordCharacter(wanted.unicodeScalars.first)
            let endsWord = prefixAllowed || !isWordCharacter(after) || !isWordCharacter(wanted.unicodeScalars.last)
            if unspaced || (startsWord && endsWord) {
                let start = lower.utf8.distance(from: lower.startIndex, to: found.lowerBound)
                return start..<(start + lower[found].utf8.count)
            }
            searchRange = lower.unicodeScalars.index(after: found.lowerBound)..<lower.endIndex
        }
        return nil
    }
}
