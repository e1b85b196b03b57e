@_spi(Internals) import TextAnalysis

/// Names and loanwords that Korean writes in Hangul by their sound (혜산 Hyesan, 인천 Incheon,
/// 인터넷 internet, 드라마 drama): both spellings reduced to the same consonant skeleton.
///
/// Consonants fall into classes Korean cannot tell apart in borrowed words (g/k/c/q → K,
/// d/t/th → T, b/p/f/v/ph → P, j/ch/z → J, l/r → R, s/sh → S, ng → Q); vowels, w and y are
/// dropped, repeats collapse. English r before a consonant or at the end of a word is
/// dropped, as Korean transliteration drops it (dollar → 달러, internet → 인터넷).
enum Transliteration {
    /// A skeleton packed into an integer: four bits a consonant, at most fifteen consonants.
    typealias Skeleton = UInt64

    enum Class: UInt64 {
        case k = 1, n, t, r, m, p, s, j, h, q
    }

    static let initials: [Class?] = [.k, .k, .n, .t, .t, .r, .m, .p, .p, .s, .s, nil, .j, .j, .j, .k, .t, .p, .h]
    static let finals: [Class?] = [nil, .k, .k, .k, .n, .n, .n, .t, .r, .k, .m, .p, .s, .t, .p, .r, .m, .p, .p, .t, .t, .q, .t, .t,
                                   .k, .t, .p, .t]

    struct Builder {
        var value: Skeleton = 0
        var count = 0
        var last: Class?

        mutating func add(_ consonant: Class?) {
            guard let consonant else { return }
            guard consonant != last, count < 15 else { return }
            value = value << 4 | consonant.rawValue
            count += 1
            last = consonant
        }

        /// A vowel between two equal consonants keeps both (mama → M M is not wanted; 마마 too).
        mutating func vowel() { last = nil }
    }

    /// The skeletons of a Hangul word: whole, and without its last one or two syllables (a
    /// particle or suffix: 인터넷에 → 인터넷), each with its consonant count.
    static func korean(_ word: Substring.UnicodeScalarView) -> [(Skeleton, Int)] {
        var syllables: [(initial: Int, final: Int)] = []
        for scalar in word {
            let value = Int(scalar.value)
            guard Hangul.isSyllable(scalar) else { return [] }
            let index = value - 0xAC00
            syllables.append((index / 588, index % 28))
        }
        var results: [(Skeleton, Int)] = []
        for drop in 0...2 where syllables.count - drop >= 1 && (drop == 0 || syllables.count - drop >= 2) {
            var builder = Builder()
            for (initial, final) in syllables.dropLast(drop) {
                builder.add(initials[initial])
                builder.vowel()
                builder.add(finals[final])
            }
            if builder.count >= 2 { results.append((builder.value, builder.count)) }
        }
        return results
    }

    /// The skeleton of an English word (ASCII letters), with its consonant count.
    static func english(_ word: [UInt8]) -> (Skeleton, Int) {
        var builder = Builder()
        let letters = word.map { $0 | 0x20 }
        func isVowel(_ letter: UInt8) -> Bool { "aeiouyw".utf8.contains(letter) }
        var index = 0
        while index < letters.count {
            let letter = letters[index]
            let next: UInt8? = index + 1 < letters.count ? letters[index + 1] : nil
            switch letter {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"),
                 UInt8(ascii: "y"), UInt8(ascii: "w"):
                builder.vowel()
            case UInt8(ascii: "r"):
                // Silent before a consonant or at the end.
                if let next, isVowel(next) { builder.add(.r) }
            case UInt8(ascii: "l"): builder.add(.r)
            case UInt8(ascii: "n"):
                if next == UInt8(ascii: "g") {
                    builder.add(.q)
                    index += 1
                } else {
                    builder.add(.n)
                }
            case UInt8(ascii: "c"):
                if next == UInt8(ascii: "h") {
                    builder.add(.j)
                    index += 1
                } else if next == UInt8(ascii: "k") {
                    builder.add(.k)
                    index += 1
                } else if let next, next == UInt8(ascii: "e") || next == UInt8(ascii: "i") {
                    builder.add(.s)
                } else {
                    builder.add(.k)
                }
            case UInt8(ascii: "s"):
                builder.add(.s)
                if next == UInt8(ascii: "h") { index += 1 }
            case UInt8(ascii: "t"):
                builder.add(.t)
                if next == UInt8(ascii: "h") { index += 1 }
            case UInt8(ascii: "p"):
                builder.add(.p)
                if next == UInt8(ascii: "h") { index += 1 }
            case UInt8(ascii: "g"), UInt8(ascii: "k"), UInt8(ascii: "q"): builder.add(.k)
            case UInt8(ascii: "d"): builder.add(.t)
            case UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "v"): builder.add(.p)
            case UInt8(ascii: "j"), UInt8(ascii: "z"): builder.add(.j)
            case UInt8(ascii: "m"): builder.add(.m)
            case UInt8(ascii: "h"): builder.add(.h)
            case UInt8(ascii: "x"):
                builder.add(.k)
                builder.add(.s)
            default: break
            }
            index += 1
        }
        return (builder.value, builder.count)
    }

    /// The skeletons a sentence offers: for English, capitalized words with two or more
    /// consonants and other words with four or more; for Korean, every Hangul word's.
    static func skeletons(in text: String, korean: Bool) -> [Skeleton] {
        var result: [Skeleton] = []
        if korean {
            for word in text.unicodeScalars.split(whereSeparator: { !Hangul.isSyllable($0) }) {
                for (skeleton, _) in self.korean(Substring.UnicodeScalarView(word)) { result.append(skeleton) }
            }
        } else {
            for word in text.utf8.split(whereSeparator: { !Script.isASCIILetter($0) }) {
                let letters = Array(word)
                let (skeleton, count) = english(letters)
                let capitalized = letters[0] >= UInt8(ascii: "A") && letters[0] <= UInt8(ascii: "Z")
                if count >= 4 || (capitalized && count >= 2) { result.append(skeleton) }
            }
        }
        result.sort()
        return result
    }
}
