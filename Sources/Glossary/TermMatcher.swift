import TMKitCore
@_exported import TextAnalysis

/// A glossary term found in a text.
public struct TermMatch: Sendable, Hashable {
    /// UTF-8 byte range of the term as it stands in the text (a Korean particle after it excluded).
    public var range: Range<Int>
    /// Index of the entry in the glossary.
    public var entryIndex: Int
    /// The glossary's spelling of the term found.
    public var term: Term
    /// The language section the term is in.
    public var language: LanguageTag

    public init(range: Range<Int>, entryIndex: Int, term: Term, language: LanguageTag) {
        self.range = range
        self.entryIndex = entryIndex
        self.term = term
        self.language = language
    }
}

/// Finds glossary terms in text the way a careful translator would: leftmost-longest,
/// multi-word, only at word starts.
///
/// - Words are runs of letters and digits (an apostrophe between letters stays inside);
///   hyphens and spaces between words are equal (`100-day` = `100 day`); a multi-word term
///   matches across whitespace and hyphens, never across other punctuation.
/// - English: case-insensitive, except all-capital words in a term (`MPS`, `SSD`, `NK`), which
///   match only as written; curly and straight apostrophes are equal; full-width Latin letters
///   and digits read as ASCII; the last word may be inflected: plural (`battles`,
///   `agencies`), possessive (`Party’s`, `defectors’`), `-ing`/`-ed` (`smuggling`).
/// - Korean: a term starts where a word (eojeol) starts; its last word may be followed by
///   nothing, a particle (`인민보안부가`, `평양에서`), or the plural `들` and particles
///   (`보안기관들에`). A term inside a longer word does not match.
///
/// A matcher is immutable once built and can be shared between threads.
public final class TermMatcher: Sendable {
    public let language: LanguageTag
    let entries: [GlossaryEntry]

    /// Token spelling → token id; acronyms are stored with a leading U+0000 and match case-exactly.
    private let tokenIDs: _UTF8Table
    /// (node << 32 | token) → child node. Node 0 is the root.
    private let children: [UInt64: Int32]
    /// Node → the terms that end there.
    private let terminals: [Int32: [TermReference]]
    private let particles: _UTF8Table
    private let longestParticle: Int
    /// Tokens that some term writes capitalized (Party, Pyongyang): proper nouns take plural
    /// and possessive endings but not -ing or -ed (partying is not the Party).
    private let properTokens: Set<Int32>

    struct TermReference: Sendable, Hashable {
        var entry: Int
        var section: Int
        var term: Int
    }

    /// Indexes the terms of `glossary` in `language` and the languages within it (`ko` takes
    /// `ko-KP` and `ko-KR`). Korean uses the particle list ``KoreanParticles/all``.
    public init(glossary: Glossary, language: LanguageTag, particles: Set<String> = KoreanParticles.all) {
        self.language = language
        self.entries = glossary.entries
        var particleTable = _UTF8Table()
        for particle in particles { _ = particleTable.insert(particle) }
        self.particles = particleTable
        self.longestParticle = particles.map(\.unicodeScalars.count).max() ?? 0
        var tokenIDs = _UTF8Table()
        var children: [UInt64: Int32] = [:]
        var terminals: [Int32: [TermReference]] = [:]
        var nodeCount: Int32 = 1
        var properTokens = Set<Int32>()
        for (entryIndex, entry) in glossary.entries.enumerated() {
            for (sectionIndex, section) in entry.languages.enumerated() where section.language.matches(language) {
                for (termIndex, term) in section.terms.enumerated() {
                    let tokens = Self.tokens(of: term.text)
                    guard !tokens.isEmpty else { continue }
                    var node: Int32 = 0
                    for token in tokens {
                        let key = Self.termKey(token)
                        let id = tokenIDs.insert(key)
                        if let first = token.utf8.first, first &- 0x41 < 26 { properTokens.insert(id) }
                        let edge = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: id))
                        if let child = children[edge] {
                            node = child
                        } else {
                            children[edge] = nodeCount
                            node = nodeCount
                            nodeCount += 1
                        }
                    }
                    terminals[node, default: []].append(TermReference(entry: entryIndex, section: sectionIndex, term: termIndex))
                }
            }
        }
        self.tokenIDs = tokenIDs
        self.properTokens = properTokens
        self.children = children
        self.terminals = terminals
    }

    /// The number of distinct terms indexed.
    public var termCount: Int { terminals.values.reduce(0) { $0 + $1.count } }

    // MARK: Matching

    /// The terms in `text`, leftmost-longest, in order. Ranges are UTF-8 byte offsets into `text`.
    public func matches(in text: String) -> [TermMatch] {
        var text = text
        return text.withUTF8 { matches(in: $0, range: 0..<$0.count) }
    }

    /// The terms in `bytes[range]` (valid UTF-8), with byte offsets into `bytes`.
    public func matches(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [TermMatch] {
        var result: [TermMatch] = []
        // Terms never span punctuation other than hyphens: match run by run of joined words,
        // so memory stays that of one run whatever the text's size.
        var run: [Word] = []
        var keys: [String] = []
        TermWords.forEach(in: bytes, range: range) { word in
            if let last = run.last, !TermWords.joins(bytes, last.range.upperBound, word.range.lowerBound) {
                match(run, keys, bytes, into: &result)
                run.removeAll(keepingCapacity: true)
                keys.removeAll(keepingCapacity: true)
            }
            run.append(word)
            keys.append(word.key(bytes))
        }
        match(run, keys, bytes, into: &result)
        return result
    }

    /// Leftmost-longest over one run of joined words.
    private func match(_ words: [Word], _ keys: [String], _ bytes: UnsafeBufferPointer<UInt8>, into result: inout [TermMatch]) {
        var i = 0
        while i < words.count {
            var node: Int32 = 0
            var best: (word: Int, end: Int, node: Int32)?
            var j = i
            while j < words.count {
                let word = words[j]
                var next: Int32?
                if let id = tokenID(word, key: keys[j], in: bytes), let child = children[edge(node, id)] {
                    if terminals[child] != nil { best = (j, word.range.upperBound, child) }
                    next = child
                }
                // An inflected or particle-bearing form can only end a term.
                if best?.word != j, word.mayBeInflected(bytes) {
                    for (id, length) in inflectedIDs(word, key: keys[j]) {
                        if let child = children[edge(node, id)], terminals[child] != nil {
                            best = (j, word.range.lowerBound + length, child)
                            break
                        }
                    }
                }
                guard let next else { break }
                node = next
                j += 1
            }
            if let best {
                // Spellings that read the same (Kim Il Sung, Kim Il-sung) meet at one node: one match an entry.
                var reported = Set<Int>()
                for reference in terminals[best.node] ?? [] where reported.insert(reference.entry).inserted {
                    let section = entries[reference.entry].languages[reference.section]
                    result.append(TermMatch(range: words[i].range.lowerBound..<best.end, entryIndex: reference.entry,
                                            term: section.terms[reference.term], language: section.language))
                }
                i = best.word + 1
            } else {
                i += 1
            }
        }
    }

    /// The entry a match points at.
    public func entry(of match: TermMatch) -> GlossaryEntry { entries[match.entryIndex] }

    @inline(__always)
    private func edge(_ node: Int32, _ id: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: id))
    }

    private func tokenID(_ word: Word, key: String, in bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if word.isAcronym {
            let raw = word.isASCII ? word.raw(bytes)
                : String(String.UnicodeScalarView(word.raw(bytes).unicodeScalars.map {
                    $0.value >= 0xFF21 && $0.value <= 0xFF3A ? Unicode.Scalar($0.value - 0xFEE0)! : $0
                }))
            if let id = tokenIDs["\u{0}" + raw] { return id }
        }
        return tokenIDs[key]
    }

    /// Other forms of a word that may be a term's last word, with the byte length they cover.
    private func inflectedIDs(_ word: Word, key: String) -> [(Int32, Int)] {
        let length = word.range.count
        var result: [(Int32, Int)] = []
        if word.hasHangul {
            // Particles (and the plural 들 before them) after the term, cut from the key's
            // UTF-8 bytes at scalar starts found from the end (no strings are built).
            var key = key
            let longest = longestParticle
            return key.withUTF8 { utf8 in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 32) { starts in
                    // starts[k]: where the (k+1)-th scalar from the end starts.
                    var found = 0
                    var i = utf8.count
                    while i > 0, found < Swift.min(longest + 1, 32) {
                        i -= 1
                        if utf8[i] & 0xC0 != 0x80 {
                            starts[found] = i
                            found += 1
                        }
                    }
                    guard found >= 2 else { return [] }
                    func isPlural(endingAt end: Int) -> Bool {  // 들 = EB 93 A4
                        end >= 3 && utf8[end - 3] == 0xEB && utf8[end - 2] == 0x93 && utf8[end - 1] == 0xA4
                    }
                    var result: [(Int32, Int)] = []
                    func add(_ kept: Int) {
                        if let id = tokenIDs[bytes: UnsafeBufferPointer(rebasing: utf8[0..<kept])] { result.append((id, kept)) }
                    }
                    func stem(_ kept: Int) {
                        add(kept)
                        if kept > 3, isPlural(endingAt: kept) { add(kept - 3) }
                    }
                    for k in 0..<Swift.min(longest, found) where starts[k] > 0 {
                        if particles[bytes: UnsafeBufferPointer(rebasing: utf8[starts[k]...])] != nil { stem(starts[k]) }
                    }
                    if isPlural(endingAt: utf8.count), starts[0] > 0 { stem(starts[0]) }
                    return result.sorted { $0.1 > $1.1 }
                }
            }
        }
        for (candidate, verbal) in Self.englishStems(key) {
            if let id = tokenIDs[candidate], !(verbal && properTokens.contains(id)) { result.append((id, length)) }
        }
        return result
    }

    /// Base forms an English word may be an inflection of; `verbal` for -ing and -ed forms.
    static func englishStems(_ word: String) -> [(stem: String, verbal: Bool)] {
        var stems: [(String, Bool)] = []
        var base = word
        if base.hasSuffix("'s") {
            base.removeLast(2)
            stems.append((base, false))
        } else if base.hasSuffix("s'") {
            base.removeLast()
            stems.append((base, false))
        }
        let scalars = Array(base.unicodeScalars)
        func drop(_ count: Int, add: String = "") -> String {
            String(String.UnicodeScalarView(scalars.dropLast(count))) + add
        }
        let n = scalars.count
        guard n >= 4 else { return stems }
        if base.hasSuffix("ies") { stems.append((drop(3, add: "y"), false)) }
        if base.hasSuffix("es") { stems.append((drop(2), false)) }
        if base.hasSuffix("s"), !base.hasSuffix("ss") { stems.append((drop(1), false)) }
        for suffix in ["ing", "ed"] where base.hasSuffix(suffix) && n - suffix.count >= 3 {
            let stem = drop(suffix.count)
            stems.append((stem, true))
            stems.append((stem + "e", true))
            let last = stem.unicodeScalars.last!
            if stem.unicodeScalars.count >= 3, stem.unicodeScalars.dropLast().last == last, !"aeiou".unicodeScalars.contains(last) {
                stems.append((String(stem.dropLast()), true))  // running → run
            }
            if suffix == "ed", base.hasSuffix("ied") { stems.append((drop(3, add: "y"), true)) }
        }
        return stems
    }

    // MARK: Words

    typealias Word = TermWord

    /// The lookup spelling of a word (``TextKey/normalized(_:)``).
    public static func normalizedKey(_ text: String) -> String { TextKey.normalized(text) }

    /// The lookup key of a term's word: as written for an acronym, else ``normalizedKey(_:)``.
    static func termKey(_ word: String) -> String {
        isAcronym(word) ? "\u{0}" + word : normalizedKey(word)
    }

    static func isAcronym(_ word: String) -> Bool {
        word.utf8.count >= 2 && word.utf8.allSatisfy { $0 &- 0x41 < 26 }
    }

    /// The words of a term.
    static func tokens(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var words: [String] = []
            TermWords.forEach(in: bytes, range: 0..<bytes.count) { words.append($0.raw(bytes)) }
            return words
        }
    }

}

/// Strings to small integers, hashed and compared by their UTF-8 bytes: Swift's `String`
/// hashing normalizes (NFC) every non-ASCII key, which made Korean lookups the matcher's main
/// cost. Terms and words are normalized (``TextKey``) before they get here, so bytes suffice.
struct _UTF8Table: Sendable {
    private var slots: [UInt64: [(bytes: [UInt8], id: Int32)]] = [:]
    private(set) var count = 0

    @inline(__always)
    private static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The id of `key`, added with the next id when new.
    mutating func insert(_ key: String) -> Int32 {
        if let id = self[bytes: key.utf8] { return id }
        let id = Int32(count)
        slots[Self.hash(key.utf8), default: []].append((Array(key.utf8), id))
        count += 1
        return id
    }

    subscript(key: String) -> Int32? { self[bytes: key.utf8] }

    subscript<C: Collection>(bytes bytes: C) -> Int32? where C.Element == UInt8 {
        guard let bucket = slots[Self.hash(bytes)] else { return nil }
        for entry in bucket where entry.bytes.elementsEqual(bytes) { return entry.id }
        return nil
    }
}
