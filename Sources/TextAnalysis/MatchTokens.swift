import TMKitCore

/// A segment cut into the units fuzzy matching compares: words, numbers, punctuation, and for
/// Korean the particle after a word as a token of its own (인민보안부가 → 인민보안부, ~가), so
/// that a different particle costs little.
package struct MatchToken: Hashable, Sendable {
    package enum Kind: UInt8, Sendable {
        case word, number, punctuation, particle

        /// Compared inline where tokens are scored (another module): the synthesized `==` would
        /// go through the generic Equatable witness there.
        @inlinable @inline(__always)
        package static func == (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue == rhs.rawValue }

        @inlinable @inline(__always)
        package static func != (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue != rhs.rawValue }
    }

    package var kind: Kind
    /// The comparison form: NFKC case-folded.
    package var key: String
    /// The text as written (for case checks and number substitution).
    package var text: String
}

package enum MatchTokenizer {
    /// The tokens of `text`.
    package static func tokens(_ text: String) -> [MatchToken] {
        var text = text
        return text.withUTF8 { tokens(utf8: $0) }
    }

    /// The tokens of the valid UTF-8 `bytes`: each token is a run of scalars of one kind (a
    /// punctuation mark alone; whitespace ends a token); a number keeps the commas and points
    /// inside it but not one it ends with ("in 2015." → 2015, .); a Korean word ending in a
    /// particle is two tokens. Read over the bytes: a token's text is made once, from its
    /// bytes, and its key from them too.
    package static func tokens(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [MatchToken] {
        var tokens: [MatchToken] = []
        tokens.reserveCapacity(bytes.count / 5 + 1)
        forEachToken(utf8: bytes) { kind, range, key in
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            tokens.append(MatchToken(kind: kind, key: key.map { String(decoding: $0, as: UTF8.self) } ?? text, text: text))
        }
        return tokens
    }

    /// Each token of the valid UTF-8 `bytes` as ``tokens(utf8:)`` cuts them, without making a
    /// string: its kind, the range of its text in `bytes`, and its key's bytes (nil when the
    /// key is the text itself). What an import posts is read this way.
    @inline(__always)
    package static func forEachToken(
        utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (MatchToken.Kind, Range<Int>, UnsafeBufferPointer<UInt8>?) -> Void
    ) {
        var key: [UInt8] = []
        var start = 0, end = 0
        var currentKind: MatchToken.Kind?
        func emit(_ kind: MatchToken.Kind, _ range: Range<Int>) {
            let word = UnsafeBufferPointer(rebasing: bytes[range])
            if kind == .word, bytes[range.upperBound - 1] >= 0x80, let cut = particleStart(word) {  // (ends in Hangul)
                let stem = UnsafeBufferPointer(rebasing: word[..<cut])
                key.removeAll(keepingCapacity: true)
                TextKey.appendNormalized(stem, to: &key)
                key.withUnsafeBufferPointer { body(.word, range.lowerBound..<(range.lowerBound + cut), $0) }
                body(.particle, (range.lowerBound + cut)..<range.upperBound, nil)
                return
            }
            guard kind == .word else {
                body(kind, range, nil)
                return
            }
            // Lowercase ASCII is its own key; anything else is normalized from the bytes.
            var plain = true
            for index in range where bytes[index] >= 0x80 || bytes[index] &- 0x41 < 26 {
                plain = false
                break
            }
            if plain {
                body(.word, range, nil)
            } else {
                key.removeAll(keepingCapacity: true)
                TextKey.appendNormalized(word, to: &key)
                key.withUnsafeBufferPointer { body(.word, range, $0) }
            }
        }
        func flush() {
            defer { currentKind = nil }
            guard let kind = currentKind, end > start else { return }
            // A number may not end with the separator it swallowed.
            if kind == .number, end - start > 1, bytes[end - 1] == 0x2E || bytes[end - 1] == 0x2C {
                emit(.number, start..<(end - 1))
                emit(.punctuation, (end - 1)..<end)
            } else {
                emit(kind, start..<end)
            }
        }
        var i = 0
        while i < bytes.count {
            let (scalar, length) = bytes.scalar(at: i)
            defer { i += length }
            // Digits inside a number (1,000 3.5) stay in it.
            if currentKind == .number, scalar == 0x2C || scalar == 0x2E {
                end = i + length
                continue
            }
            let kind = classify(Unicode.Scalar(scalar) ?? "\u{FFFD}", after: currentKind)
            if kind != currentKind || kind == .punctuation || kind == nil {
                flush()
            }
            if let kind {
                if currentKind == nil { start = i }
                currentKind = kind
                end = i + length
            }
        }
        flush()
    }

    /// The kind of token a scalar belongs to (`nil` for whitespace); ASCII and Hangul without
    /// Unicode property lookups.
    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar, after previous: MatchToken.Kind?) -> MatchToken.Kind? {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x30...0x39: return .number
            case 0x41...0x5A, 0x61...0x7A: return .word
            case 0x27: return previous == .word ? .word : .punctuation
            case 0x09...0x0D, 0x20: return nil
            default: return .punctuation
            }
        }
        if Hangul.isSyllable(value) { return .word }
        if value == 0x2019 { return previous == .word ? .word : .punctuation }
        let properties = scalar.properties
        if properties.isWhitespace { return nil }
        if properties.numericType != nil && value < 0x2460 { return .number }
        if properties.isAlphabetic { return .word }
        return .punctuation
    }

    package static func normalized(_ word: String) -> String {
        TextKey.normalized(word)
    }

    /// The particles as a trie read from a word's last syllable backwards: `edges` maps
    /// (node << 32 | scalar) to the next node in an ``EdgeTable`` (every Korean word of a memory
    /// is looked up; `Dictionary`'s seeded hashing cost more than the walk); `isParticle[node]`
    /// marks a whole particle.
    struct ParticleTrie: Sendable {
        var isParticle: [Bool] = [false]
        private var edges: EdgeTable

        /// The node after `node` on `scalar`, nil when no particle continues so.
        @inline(__always)
        func child(_ node: Int32, _ scalar: UInt32) -> Int32? { edges[UInt64(UInt32(node)) << 32 | UInt64(scalar)] }

        init(_ particles: some Sequence<String>) {
            let particles = Array(particles)
            // At most one edge a scalar: the table is sized once, and edges go straight in.
            edges = EdgeTable(capacity: particles.reduce(0) { $0 + $1.unicodeScalars.count })
            for particle in particles {
                var node: Int32 = 0
                for scalar in particle.unicodeScalars.reversed() {
                    let new = Int32(isParticle.count)
                    node = edges.child(UInt64(UInt32(node)) << 32 | UInt64(scalar.value), orInsert: new)
                    if node == new { isParticle.append(false) }
                }
                isParticle[Int(node)] = true
            }
        }
    }

    static let particles = ParticleTrie(KoreanParticles.all)

    /// Where the particle of a Korean word starts, as a byte offset into its UTF-8 `word`, when
    /// it ends in one (the longest, of at most six syllables) after at least one syllable.
    package static func particleStart(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        var node: Int32 = 0
        var index = word.count
        var length = 0
        var cut: Int?
        while index > 0, length < 6 {
            // The scalar before `index`: back over continuation bytes to its lead.
            var previous = index - 1
            while previous > 0, word[previous] & 0xC0 == 0x80 { previous -= 1 }
            let scalar = word.scalar(at: previous).value
            // The word must end in a syllable; the particle must leave a scalar before it.
            if length == 0, !Hangul.isSyllable(scalar) { return nil }
            guard previous > 0, let next = particles.child(node, scalar) else { break }
            node = next
            index = previous
            length += 1
            if particles.isParticle[Int(node)] { cut = index }
        }
        return cut
    }

    /// The index words of a segment (what the fuzzy index posts): word and number keys.
    package static func indexWords(_ tokens: [MatchToken]) -> Set<String> {
        indexWordsAndDistinctWords(tokens).words
    }

    /// The index words, and how many of them are words (not numbers).
    package static func indexWordsAndDistinctWords(_ tokens: [MatchToken]) -> (words: Set<String>, distinctWords: Int) {
        var words = Set<String>(minimumCapacity: tokens.count)
        var distinct = 0
        for token in tokens where token.kind == .word || token.kind == .number {
            if words.insert(token.key).inserted, token.kind == .word { distinct += 1 }
        }
        return (words, distinct)
    }

    /// The exact-match key: words and numbers only, NFKC case-folded, one space apart.
    package static func exactKey(_ tokens: [MatchToken]) -> String {
        var key = ""
        var length = 0
        for token in tokens where token.kind != .punctuation { length += token.key.utf8.count + 1 }
        key.reserveCapacity(length)
        var first = true
        for token in tokens where token.kind != .punctuation {
            if !first { key.append(" ") }
            key.append(token.key)
            first = false
        }
        return key
    }
}
