@_spi(Internals) import TextAnalysis

/// Everyday English news words and the Korean words translations usually give them, as
/// alignment anchors: where no name, number or glossary term tells two sentences apart, their
/// words still do (`hospital` ↔ `병원`, `police` ↔ `경찰`, `Thursday` ↔ `목요일`, `Japan` ↔ `일본`).
///
/// The list (``lexiconText``) is tmkit's own, written from general news vocabulary. Each entry
/// is one anchor value; a sentence offers each of its entries once. Words are looked up by a
/// hash of their letters, with no string made for them.
///
/// - English: words of ASCII letters, case-insensitive, up to three words long (`prime
///   minister`, `United States`), the longest first; the last word may end in `s`, `es`, `ies`,
///   `ed`, `d` or `ing` (`arrested`, `agencies`). Forms of four capitals or fewer (`US`, `UN`,
///   `TV`) match only as written, so `us` is not the United States.
/// - Korean: a form at the start of a Hangul word, longest first, whatever follows it
///   (`병원으로`, `사망했다`, `체포된`); a one-syllable form only as the whole word or before a
///   particle (`법을`); inside a word, forms of three syllables or more (`대영도서관`).
enum WordLexicon {
    struct Tables: Sendable {
        /// Lowercased English forms (words joined by one space) → entry.
        var english = HashTable()
        /// Short all-capital forms, as written → entry.
        var capitals = HashTable()
        /// The first words of English forms of two words or more (lowercased), entry 0.
        var phraseStarts = HashTable()
        /// Korean forms (hash of their scalars) → entry.
        var korean = HashTable()
        /// The first three syllables of Korean forms of three or more, entry 0.
        var koreanStarts = HashTable()
        /// How many syllables the longest Korean form has.
        var longestKorean = 1
    }

    /// A set of hashes with an entry each, looked up by the hash itself (open addressing).
    struct HashTable: Sendable {
        private var keys = [UInt64](repeating: 0, count: 1024)
        private var values = [Int32](repeating: -1, count: 1024)
        private var count = 0

        subscript(key: UInt64) -> Int32? {
            get {
                let mask = keys.count - 1
                var slot = Int(truncatingIfNeeded: key ^ key >> 29) & mask
                while values[slot] >= 0 {
                    if keys[slot] == key { return values[slot] }
                    slot = (slot + 1) & mask
                }
                return nil
            }
            set {
                guard let newValue else { return }
                if (count + 1) * 2 > keys.count { grow() }
                let mask = keys.count - 1
                var slot = Int(truncatingIfNeeded: key ^ key >> 29) & mask
                while values[slot] >= 0 && keys[slot] != key { slot = (slot + 1) & mask }
                if values[slot] < 0 { count += 1 }
                keys[slot] = key
                values[slot] = newValue
            }
        }

        private mutating func grow() {
            let old = zip(keys, values).filter { $0.1 >= 0 }
            keys = [UInt64](repeating: 0, count: keys.count * 2)
            values = [Int32](repeating: -1, count: keys.count)
            count = 0
            for (key, value) in old { self[key] = value }
        }
    }

    static let tables: Tables = {
        // Entries that share a Korean form are one anchor (`committee`, `commission` and
        // `council` are all 위원회): each entry's id is the first of its group's.
        let entries = lexiconText.split(separator: "\n").compactMap { line -> (english: [Substring], korean: [Substring])? in
            let parts = line.split(separator: "\t")
            guard parts.count == 2 else { return nil }
            return (parts[0].split(separator: "|"), parts[1].split(separator: "|"))
        }
        var parent = Array(0..<Int32(entries.count))
        func root(_ id: Int32) -> Int32 {
            var id = id
            while parent[Int(id)] != id { id = parent[Int(id)] }
            return id
        }
        var owner: [Substring: Int32] = [:]
        for (id, entry) in zip(Int32(0)..., entries) {
            for form in entry.korean {
                if let other = owner[form] {
                    let (a, b) = (root(other), root(id))
                    parent[Int(max(a, b))] = min(a, b)
                } else {
                    owner[form] = id
                }
            }
        }
        var tables = Tables()
        for (id, entry) in zip(Int32(0)..., entries) {
            let id = root(id)
            for form in entry.english {
                let words = form.utf8.split(whereSeparator: { !Script.isASCIILetter($0) })
                let capitals = form.utf8.count <= 4 && !form.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") })
                var hash = FNV1a()
                for (index, word) in words.enumerated() {
                    if index > 0 { hash.add(UInt8(ascii: " ")) }
                    for byte in word { hash.add(capitals ? byte : byte | 0x20) }
                    if index == 0 && words.count > 1 {
                        var first = FNV1a()
                        for byte in word { first.add(byte | 0x20) }
                        tables.phraseStarts[first.value] = 0
                    }
                }
                if capitals { tables.capitals[hash.value] = id } else { tables.english[hash.value] = id }
            }
            for form in entry.korean {
                var hash = FNV1a()
                for (index, scalar) in form.unicodeScalars.enumerated() {
                    hash.add(scalar.value)
                    if index == 2 { tables.koreanStarts[hash.value] = 0 }
                }
                tables.korean[hash.value] = id
                tables.longestKorean = max(tables.longestKorean, form.unicodeScalars.count)
            }
        }
        return tables
    }()

    /// An entry as an anchor value (below the top four bits, where the anchor kind goes).
    static func value(_ id: Int32) -> UInt64 { 0x0A5A_5A5A_0000_0000 | UInt64(UInt32(bitPattern: id)) }

    /// The suffixes an English word's last letters may be: (suffix, what replaces it).
    static let suffixes: [(suffix: [UInt8], replacement: [UInt8])] = [
        ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// The entries an English sentence names, ascending, each once.
    static func english(in text: String) -> [UInt64] {
        var text = text
        return text.withUTF8 { english(in: $0) }
    }

    static func english(in bytes: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        // Words: runs of ASCII letters.
        var words: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard Script.isASCIILetter(bytes[index]) else { index += 1; continue }
            let start = index
            while index < bytes.count && Script.isASCIILetter(bytes[index]) { index += 1 }
            words.append(start..<index)
        }
        let tables = Self.tables
        var found: [UInt64] = []
        var word = 0
        while word < words.count {
            var matched = 0
            var first = FNV1a()
            for position in words[word] { first.add(bytes[position] | 0x20) }
            let longest = tables.phraseStarts[first.value] != nil ? min(3, words.count - word) : 1
            phrases: for length in stride(from: longest, through: 1, by: -1) {
                // The phrase's words but the last, then the last as written and stemmed.
                var lower = FNV1a(), exact = FNV1a()
                for (offset, range) in words[word..<(word + length)].enumerated() where offset < length - 1 {
                    if offset > 0 { lower.add(UInt8(ascii: " ")); exact.add(UInt8(ascii: " ")) }
                    for position in range { lower.add(bytes[position] | 0x20); exact.add(bytes[position]) }
                }
                if length > 1 { lower.add(UInt8(ascii: " ")); exact.add(UInt8(ascii: " ")) }
                let last = words[word + length - 1]
                var whole = lower
                for position in last { whole.add(bytes[position] | 0x20); exact.add(bytes[position]) }
                if let id = tables.capitals[exact.value] ?? tables.english[whole.value] {
                    found.append(value(id))
                    matched = length
                    break
                }
                for (suffix, replacement) in suffixes where last.count > suffix.count + 2 {
                    let stem = last.upperBound - suffix.count
                    guard (0..<suffix.count).allSatisfy({ bytes[stem + $0] | 0x20 == suffix[$0] }) else { continue }
                    var hash = lower
                    for position in last.lowerBound..<stem { hash.add(bytes[position] | 0x20) }
                    for byte in replacement { hash.add(byte) }
                    if let id = tables.english[hash.value] {
                        found.append(value(id))
                        matched = length
                        break phrases
                    }
                }
            }
            word += max(matched, 1)
        }
        found.sort()
        found.removeDuplicates()
        return found
    }

    /// The entries a Korean sentence names, ascending, each once.
    static func korean(in text: String) -> [UInt64] {
        let tables = Self.tables
        var found: [UInt64] = []
        var word: [UInt32] = []
        func flush() {
            defer { word.removeAll(keepingCapacity: true) }
            guard !word.isEmpty else { return }
            // At the word's start, the longest form; one of a single syllable only as the
            // whole word or before a particle.
            var start = 0
            var hash = FNV1a()
            var longest: (length: Int, id: Int32)?, single: Int32?
            for length in 1...min(tables.longestKorean, word.count) {
                hash.add(word[length - 1])
                guard let id = tables.korean[hash.value] else { continue }
                if length == 1 { single = id } else { longest = (length, id) }
            }
            if longest == nil, let single, word.count == 1 || isParticle(word[1...]) { longest = (1, single) }
            if let longest {
                found.append(value(longest.id))
                start = longest.length
            }
            // Inside the word, forms of three syllables or more (the longest from each place).
            var index = max(start, 1)
            while index + 3 <= word.count {
                var hash = FNV1a()
                var inside: (length: Int, id: Int32)?
                for length in 1...min(tables.longestKorean, word.count - index) {
                    hash.add(word[index + length - 1])
                    if length == 3 && tables.koreanStarts[hash.value] == nil { break }
                    if length >= 3, let id = tables.korean[hash.value] { inside = (length, id) }
                }
                if let inside { found.append(value(inside.id)) }
                index += inside?.length ?? 1
            }
        }
        for scalar in text.unicodeScalars {
            if Hangul.isSyllable(scalar) || scalar == "%" { word.append(scalar.value) } else { flush() }
        }
        flush()
        found.sort()
        found.removeDuplicates()
        return found
    }

    /// Whether Hangul syllables are one of the Korean particles.
    static func isParticle(_ syllables: ArraySlice<UInt32>) -> Bool {
        var text = String.UnicodeScalarView()
        for value in syllables { text.append(Unicode.Scalar(value)!) }
        return KoreanParticles.all.contains(String(text))
    }
}

/// FNV-1a, 64 bits, over bytes or scalar values: the aligner's hash of words.
struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    @inline(__always) mutating func add(_ scalar: UInt32) { value = (value ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3 }
}
