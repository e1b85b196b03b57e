@_spi(Internals) import TextAnalysis
import TMKitCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    /// A match of `term`, from the `language` section of entry `entryIndex`, at UTF-8 byte `range`.
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
public final class TermMatcher: @unchecked Sendable {
    /// The language whose terms (and those of the languages within it) the matcher finds.
    public let language: LanguageTag
    let entries: [GlossaryEntry]

    // The tables every word is looked up in are read through plain pointers into `frozen`
    // (`FrozenStorage`): matching on every core then retains nothing shared.
    private let frozen: FrozenStorage
    private let tables: Tables
    private let terminalReferences: UnsafeBufferPointer<TermReference>

    /// The tables a word is looked up in, as plain pointers into the matcher's `frozen` storage:
    /// copied into a closure, they take no reference count.
    fileprivate struct Tables: @unchecked Sendable {
        /// Token spelling → token id; acronyms are stored with a leading U+0000 and match case-exactly.
        let tokenIDs: UTF8KeyTable.Reader
        /// (node << 32 | token) → child node. Node 0 is the root.
        let children: EdgeTable.Reader
        /// The terms that end at node n: `terminalReferences[terminalStarts[n]..<terminalStarts[n + 1]]`.
        let terminalStarts: UnsafeBufferPointer<Int32>
        let particles: UTF8KeyTable.Reader
        let longestParticle: Int
        /// Tokens that some term writes capitalized (Party, Pyongyang), a bit a token id: proper
        /// nouns take plural and possessive endings but not -ing or -ed (partying is not the Party).
        let properTokens: UnsafeBufferPointer<UInt64>
    }

    struct TermReference: Sendable, Hashable, BitwiseCopyable {
        var entry: Int
        var section: Int
        var term: Int
    }

    /// What may follow a Korean term inside its word: the particles (`KoreanParticles/all`)
    /// and the bound noun 간 "between" with the particles news text puts after it (북한간의,
    /// 남북간에). Kept out of the fuzzy tokenizer's list, where 시간 and 기간 would split; here
    /// 간 follows only terms of two syllables or more, and never makes a word of its own
    /// (`wordsEndingInGan`).
    public static let koreanParticles: Set<String> = KoreanParticles.all.union(["간", "간의", "간에", "간에는", "간에도", "간에서"])

    /// Words whose last syllable 간 is part of the word (a smithy is not a general and 간):
    /// a term before 간 in them is not a match.
    static let wordsEndingInGan: [[UInt8]] = ["대장간", "마구간", "방앗간", "푸줏간", "외양간", "뒷간", "헛간", "곳간", "찻간"].map { Array($0.utf8) }

    /// Indexes the terms of `glossary` in `language` and the languages within it (`ko` takes
    /// `ko-KP` and `ko-KR`). Korean uses ``koreanParticles`` unless given another list.
    public init(glossary: TermBase, language: LanguageTag, particles: Set<String> = TermMatcher.koreanParticles) {
        self.language = language
        self.entries = glossary.entries
        var particleTable = UTF8KeyTable()
        for particle in particles { _ = particleTable.insert(particle) }
        let frozen = FrozenStorage()
        self.frozen = frozen
        let longestParticle = particles.map(\.unicodeScalars.count).max() ?? 0
        // The terms in the language, in glossary order.
        var selected: [TermReference] = []
        selected.reserveCapacity(glossary.entries.count)
        // A glossary has few languages: each is matched against `language` once.
        var answered: [(tag: LanguageTag, matches: Bool)] = []
        func isSelected(_ tag: LanguageTag) -> Bool {
            if let known = answered.first(where: { $0.tag == tag }) { return known.matches }
            let matches = tag.matches(language)
            answered.append((tag, matches))
            return matches
        }
        for entryIndex in glossary.entries.indices {
            let sections = glossary.entries[entryIndex].languages
            for sectionIndex in sections.indices where isSelected(sections[sectionIndex].language) {
                for termIndex in sections[sectionIndex].terms.indices {
                    selected.append(TermReference(entry: entryIndex, section: sectionIndex, term: termIndex))
                }
            }
        }
        // Each term's word keys (most of the build: normalizing every word) on every core, in
        // slices of terms; then the trie, term by term in order, from the keys' bytes.
        let entries = glossary.entries
        let terms = selected
        let keyed = concurrentSlices(count: selected.count, workers: concurrentWorkers, minimumSlice: 2048) { range in
            var slice = _KeyedTerms()
            for index in range {
                let reference = terms[index]
                var text = entries[reference.entry].languages[reference.section].terms[reference.term].text
                // Each word's key (as written after U+0000 for an acronym, else `normalizedKey`),
                // made from the term's bytes (no string a word).
                text.withUTF8 { bytes in
                    TermWords.forEach(in: bytes, range: 0..<bytes.count) { word in
                        let raw = UnsafeBufferPointer(rebasing: bytes[word.range])
                        if Self.isAcronym(raw) {
                            slice.keys.append(0)
                            slice.keys.append(contentsOf: raw)
                        } else {
                            word.appendKey(bytes, to: &slice.keys)
                        }
                        slice.keyEnds.append(slice.keys.count)
                        if let first = raw.first, first &- 0x41 < 26 { slice.proper.append(slice.keyEnds.count - 1) }
                    }
                }
                slice.termEnds.append(slice.keyEnds.count)
            }
            return slice
        }
        var tokenIDs = UTF8KeyTable()
        // At most one edge a word of a term: the table is sized once, and edges go straight in.
        var children = EdgeTable(capacity: keyed.reduce(0) { $0 + $1.keyEnds.count })
        var terminals: [(node: Int32, reference: TermReference)] = []
        terminals.reserveCapacity(selected.count)
        var nodeCount: Int32 = 1
        var properTokens = Set<Int32>()
        var termIndex = 0
        for slice in keyed {
            slice.keys.withUnsafeBufferPointer { keys in
                var keyIndex = 0, proper = 0
                for termEnd in slice.termEnds {
                    defer { termIndex += 1 }
                    guard termEnd > keyIndex else { continue }  // a term without words
                    var node: Int32 = 0
                    while keyIndex < termEnd {
                        let from = keyIndex == 0 ? 0 : slice.keyEnds[keyIndex - 1]
                        let id = tokenIDs.insert(bytes: UnsafeBufferPointer(rebasing: keys[from..<slice.keyEnds[keyIndex]]))
                        if proper < slice.proper.count, slice.proper[proper] == keyIndex {
                            properTokens.insert(id)
                            proper += 1
                        }
                        let edge = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: id))
                        node = children.child(edge, orInsert: nodeCount)
                        if node == nodeCount { nodeCount += 1 }
                        keyIndex += 1
                    }
                    terminals.append((node, selected[termIndex]))
                }
            }
        }
        var properBits = [UInt64](repeating: 0, count: tokenIDs.count / 64 + 1)
        for token in properTokens { properBits[Int(token) / 64] |= 1 << UInt64(token % 64) }
        // The references by node (a counting sort: stable, so each node's terms stay in glossary order).
        var starts = [Int32](repeating: 0, count: Int(nodeCount) + 1)
        for terminal in terminals { starts[Int(terminal.node) + 1] += 1 }
        for node in 0..<Int(nodeCount) { starts[node + 1] += starts[node] }
        var next = starts
        var references = [TermReference](repeating: TermReference(entry: 0, section: 0, term: 0), count: terminals.count)
        for terminal in terminals {
            references[Int(next[Int(terminal.node)])] = terminal.reference
            next[Int(terminal.node)] += 1
        }
        tables = Tables(
            tokenIDs: tokenIDs.reader(in: frozen), children: children.reader(in: frozen), terminalStarts: frozen.copy(starts),
            particles: particleTable.reader(in: frozen), longestParticle: longestParticle, properTokens: frozen.copy(properBits))
        self.terminalReferences = frozen.copy(references)
    }

    /// The number of distinct terms indexed.
    public var termCount: Int { terminalReferences.count }

    private func terminals(_ node: Int32) -> Slice<UnsafeBufferPointer<TermReference>> {
        terminalReferences[Int(tables.terminalStarts[Int(node)])..<Int(tables.terminalStarts[Int(node) + 1])]
    }

    // MARK: Matching

    /// The terms in `text`, leftmost-longest, in order. Ranges are UTF-8 byte offsets into `text`.
    public func matches(in text: String) -> [TermMatch] {
        var text = text
        return text.withUTF8 { matches(in: $0, range: 0..<$0.count) }
    }

    /// The terms in `bytes[range]` (valid UTF-8), with byte offsets into `bytes`.
    public func matches(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [TermMatch] {
        var scratch = Scratch()
        return matches(in: bytes, range: range, scratch: &scratch)
    }

    /// Buffers for matching many texts on one thread: passed to each call of
    /// ``matches(in:range:scratch:)``, they keep their capacity, so a text's words need no
    /// allocation of their own.
    public struct Scratch {
        /// The run's words, each word's token id (-1 when no term has the word) and the lookup
        /// keys of its words not in ASCII, all in one byte array (`keyEnds[k]` ends word k's;
        /// an ASCII word's key is empty here, made again only should it be tried inflected).
        var words: [Word] = []
        var ids: [Int32] = []
        var keyBytes: [UInt8] = []
        var keyEnds: [Int] = []

        /// Empty buffers.
        public init() {}

        mutating func clear() {
            words.removeAll(keepingCapacity: true)
            ids.removeAll(keepingCapacity: true)
            keyBytes.removeAll(keepingCapacity: true)
            keyEnds.removeAll(keepingCapacity: true)
        }
    }

    /// ``matches(in:range:)`` with buffers kept between calls (one `scratch` a thread).
    public func matches(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, scratch: inout Scratch) -> [TermMatch] {
        var result: [TermMatch] = []
        // Terms never span punctuation other than hyphens: match run by run of joined words,
        // so memory stays that of one run whatever the text's size. Each word is looked up
        // once, as it is read: most words are no term's, and an ASCII word is told so from
        // its hash alone, with no key written.
        scratch.clear()
        let tables = tables  // plain pointers: the closure below retains nothing shared
        // Nor the matcher itself (alive for the whole call): one count bounced between the cores a segment.
        unowned(unsafe) let matcher = self
        TermWords.forEach(in: bytes, range: range) { word in
            if let last = scratch.words.last, !TermWords.joins(bytes, last.range.upperBound, word.range.lowerBound) {
                matcher.match(scratch, bytes, into: &result)
                scratch.clear()
            }
            scratch.words.append(word)
            if word.isASCII {
                scratch.ids.append(tables.asciiTokenID(word, in: bytes) ?? -1)
            } else {
                let from = scratch.keyBytes.count
                word.appendKey(bytes, to: &scratch.keyBytes)
                let id = scratch.keyBytes.withUnsafeBufferPointer { keys in
                    tables.tokenID(word, key: UnsafeBufferPointer(rebasing: keys[from...]), in: bytes)
                }
                scratch.ids.append(id ?? -1)
            }
            scratch.keyEnds.append(scratch.keyBytes.count)
        }
        match(scratch, bytes, into: &result)
        return result
    }

    /// Leftmost-longest over one run of joined words.
    private func match(_ run: borrowing Scratch, _ bytes: UnsafeBufferPointer<UInt8>, into result: inout [TermMatch]) {
        run.words.withUnsafeBufferPointer { words in
            run.ids.withUnsafeBufferPointer { ids in
                run.keyBytes.withUnsafeBufferPointer { keyBytes in
                    run.keyEnds.withUnsafeBufferPointer { keyEnds in
                        match(words, ids, keyBytes, keyEnds, bytes, into: &result)
                    }
                }
            }
        }
    }

    private func match(
        _ words: UnsafeBufferPointer<Word>, _ ids: UnsafeBufferPointer<Int32>, _ keyBytes: UnsafeBufferPointer<UInt8>,
        _ keyEnds: UnsafeBufferPointer<Int>, _ bytes: UnsafeBufferPointer<UInt8>, into result: inout [TermMatch]
    ) {
        let tables = tables  // plain pointers: the closures below retain nothing shared
        var i = 0
        while i < words.count {
            var node: Int32 = 0
            var best: (word: Int, end: Int, node: Int32)?
            var j = i
            while j < words.count {
                let word = words[j]
                var next: Int32?
                if ids[j] >= 0, let child = tables.children[tables.edge(node, ids[j])] {
                    if tables.isTerminal(child) { best = (j, word.range.upperBound, child) }
                    next = child
                }
                // An inflected or particle-bearing form can only end a term.
                if best?.word != j, word.mayBeInflected(bytes) {
                    // An ASCII word's key was not kept (``asciiTokenID(_:in:)``): it is made here.
                    let end = word.isASCII
                        ? word.withASCIIKey(bytes) { tables.inflectedEnd(word, key: $0, in: bytes, after: node) }
                        : tables.inflectedEnd(word, key: UnsafeBufferPointer(rebasing: keyBytes[(j == 0 ? 0 : keyEnds[j - 1])..<keyEnds[j]]),
                                       in: bytes, after: node)
                    if let (length, child) = end { best = (j, word.range.lowerBound + length, child) }
                }
                guard let next else { break }
                node = next
                j += 1
            }
            if let best {
                // Spellings that read the same (Kim Il Sung, Kim Il-sung) meet at one node: one match an entry.
                // (Most nodes end one term: no set for them.)
                let references = terminals(best.node)
                var reported = Set<Int>()
                for reference in references where references.count == 1 || reported.insert(reference.entry).inserted {
                    // Read in place: the entry is not copied, only the term and its language.
                    result.append(TermMatch(
                        range: words[i].range.lowerBound..<best.end, entryIndex: reference.entry,
                        term: entries[reference.entry].languages[reference.section].terms[reference.term],
                        language: entries[reference.entry].languages[reference.section].language))
                }
                i = best.word + 1
            } else {
                i += 1
            }
        }
    }

    /// The entry a match points at.
    public func entry(of match: TermMatch) -> GlossaryEntry { entries[match.entryIndex] }

    /// Calls `body` with each base form (bytes, valid only during the call) an English word's
    /// key may be an inflection of, in order: possessive, plural (-ies, -es, -s), then -ing and
    /// -ed with their e-restored and undoubled forms; `verbal` for the -ing and -ed forms.
    @inline(__always)
    static func forEachEnglishStem(_ word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, _ verbal: Bool) -> Void) {
        let count = word.count
        guard count >= 2 else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 1) { scratch in
            _ = scratch.initialize(from: word)
            /// The first `length` bytes of the word, with `last` written after them when given.
            func emit(_ length: Int, adding last: UInt8? = nil, verbal: Bool) {
                var total = length
                if let last {
                    scratch[length] = last
                    total += 1
                }
                body(UnsafeBufferPointer(rebasing: scratch[0..<total]), verbal)
                if last != nil { scratch[length] = length < count ? word[length] : 0 }
            }
            func endsWith(_ suffix: StaticString, _ end: Int) -> Bool {
                let n = suffix.utf8CodeUnitCount
                guard end >= n else { return false }
                let s = suffix.utf8Start
                for k in 0..<n where word[end - n + k] != s[k] { return false }
                return true
            }
            var base = count
            if endsWith("'s", base) {
                base -= 2
                emit(base, verbal: false)
            } else if endsWith("s'", base) {
                base -= 1
                emit(base, verbal: false)
            }
            // Lengths in scalars, as a reader counts letters.
            var scalars = 0
            for k in 0..<base where word[k] & 0xC0 != 0x80 { scalars += 1 }
            guard scalars >= 4 else { return }
            if endsWith("ies", base) { emit(base - 3, adding: 0x79, verbal: false) }
            if endsWith("es", base) { emit(base - 2, verbal: false) }
            if endsWith("s", base), !endsWith("ss", base) { emit(base - 1, verbal: false) }
            for suffix: StaticString in ["ing", "ed"] {
                let n = suffix.utf8CodeUnitCount
                guard endsWith(suffix, base), scalars - n >= 3 else { continue }
                let stem = base - n
                emit(stem, verbal: true)
                emit(stem, adding: 0x65, verbal: true)  // e
                // running → run: a doubled final consonant (the stem has three letters or more).
                let last = word[stem - 1]
                if last < 0x80, stem >= 2, word[stem - 2] == last, !"aeiou".utf8.contains(last) {
                    emit(stem - 1, verbal: true)
                }
                if n == 2, endsWith("ied", base) { emit(base - 3, adding: 0x79, verbal: true) }
            }
        }
    }

    // MARK: Words

    typealias Word = TermWord

    /// The lookup spelling of a word (`TextKey/normalized(_:)`).
    public static func normalizedKey(_ text: String) -> String { TextKey.normalized(text) }

    /// Two capital ASCII letters or more, and nothing else.
    static func isAcronym(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        word.count >= 2 && word.allSatisfy { $0 &- 0x41 < 26 }
    }
}

/// A slice of terms' word keys, built on one thread: every key's bytes one after another,
/// where each key ends, which keys are of capitalized words, where each term's keys end.
struct _KeyedTerms: Sendable {
    var keys: [UInt8] = []
    var keyEnds: [Int] = []
    var proper: [Int] = []
    var termEnds: [Int] = []
}

// MARK: Lookups

extension TermMatcher.Tables {
    typealias Word = TermWord

    @inline(__always)
    func isTerminal(_ node: Int32) -> Bool {
        terminalStarts[Int(node) + 1] > terminalStarts[Int(node)]
    }

    @inline(__always)
    func isProper(_ token: Int32) -> Bool {
        properTokens[Int(token) / 64] & 1 << UInt64(token % 64) != 0
    }

    @inline(__always)
    func edge(_ node: Int32, _ id: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: id))
    }

    /// The token id of a word not in ASCII, from its `key` (``TermWord/appendKey(_:to:)``): an
    /// acronym in full-width capitals (ＮＫ) first as an acronym, as written in ASCII.
    func tokenID(_ word: Word, key: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if word.isAcronym {
            let raw = String(String.UnicodeScalarView(word.raw(bytes).unicodeScalars.map {
                $0.value >= 0xFF21 && $0.value <= 0xFF3A ? Unicode.Scalar($0.value - 0xFEE0)! : $0
            }))
            if let id = tokenIDs["\u{0}" + raw] { return id }
        }
        return tokenIDs[bytes: key]
    }

    /// ``tokenID(_:key:in:)`` of an ASCII word: an acronym first as written after U+0000; then
    /// its lower-case key, written out only when the table's filter may hold it (most words of
    /// a text are no term's, and are told so from the word's hash alone).
    @inline(__always)
    func asciiTokenID(_ word: Word, in bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let raw = UnsafeBufferPointer(rebasing: bytes[word.range])
        if word.isAcronym {
            let id = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count + 1) { key in
                key[0] = 0
                _ = UnsafeMutableBufferPointer(rebasing: key[1...]).initialize(from: raw)
                return tokenIDs[bytes: UnsafeBufferPointer(key)]
            }
            if let id { return id }
        }
        guard tokenIDs.mayContain(lowercasing: raw) else { return nil }
        return word.withASCIIKey(bytes) { tokenIDs[bytes: $0] }
    }

    /// The first of a word's other forms that ends a term after `node`: the byte length it
    /// covers in the text and the term's node. Korean: the word without a particle
    /// (``koreanStemIDs(_:)``, longest first); English: the base forms of
    /// ``forEachEnglishStem(_:_:)``, tried in its order as they are made, with no list.
    func inflectedEnd(
        _ word: Word, key utf8: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, after node: Int32
    ) -> (Int, Int32)? {
        if word.hasHangul {
            for (id, kept) in koreanStemIDs(utf8) {
                guard let child = children[edge(node, id)], isTerminal(child) else { continue }
                // `kept` counts bytes of the key, which may be shorter than the text (ｅ스포츠에서
                // keys as e스포츠에서). The particle cut off is Hangul, the same bytes in both: the
                // stem is the word less them, moved to a character's start should the text spell
                // the particle otherwise (decomposed jamo), so a match never ends inside one.
                var end = word.range.upperBound - (utf8.count - kept)
                end = Swift.min(Swift.max(end, word.range.lowerBound + 1), word.range.upperBound)
                while end < word.range.upperBound, bytes[end] & 0xC0 == 0x80 { end += 1 }
                return (end - word.range.lowerBound, child)
            }
            return nil
        }
        var found: Int32?
        TermMatcher.forEachEnglishStem(utf8) { candidate, verbal in
            guard found == nil, let id = tokenIDs[bytes: candidate], !(verbal && isProper(id)),
                  let child = children[edge(node, id)], isTerminal(child) else { return }
            found = child
        }
        return found.map { (word.range.count, $0) }
    }

    /// The ids of a Korean word's key without a particle after it (and the plural 들 before
    /// one), with the byte length each covers, longest first.
    func koreanStemIDs(_ utf8: UnsafeBufferPointer<UInt8>) -> [(Int32, Int)] {
        // Particles (and the plural 들 before them) after the term, cut from the key's
        // UTF-8 bytes at scalar starts found from the end (no strings are built).
        let longest = longestParticle
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 32) { starts in
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
                let cut = starts[k]
                guard particles[bytes: UnsafeBufferPointer(rebasing: utf8[cut...])] != nil else { continue }
                // 간 "between" (EA B0 84) after two syllables or more, and not in 대장간.
                if utf8.count >= cut + 3, utf8[cut] == 0xEA, utf8[cut + 1] == 0xB0, utf8[cut + 2] == 0x84 {
                    let word = UnsafeBufferPointer(rebasing: utf8[0..<(cut + 3)])
                    if cut < 6 || TermMatcher.wordsEndingInGan.contains(where: { word.elementsEqual($0) }) { continue }
                }
                stem(cut)
            }
            if isPlural(endingAt: utf8.count), starts[0] > 0 { stem(starts[0]) }
            return result.sorted { $0.1 > $1.1 }
        }
    }
}
