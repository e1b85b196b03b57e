@_spi(Internals) import TextAnalysis
import Foundation
import Glossary

/// What the aligner knows of one sentence: its length and the anchors that survive translation.
struct SentenceFeatures: Sendable {
    /// Characters other than whitespace.
    var length: Float
    /// Glossary concepts (entry indices) whose terms occur, ascending, with repeats.
    var concepts: [Int32] = []
    /// Numbers, dates' months and days, as value × 100, ascending, with repeats.
    var numbers: [Int64] = []
    /// Hashes of the lowercased Latin-script words, ascending.
    var latinWords: [UInt64] = []
    /// Consonant skeletons of names and loanwords (see ``Transliteration``) and the entries of
    /// the everyday word list (``WordLexicon``) the sentence holds, ascending, unique: anchors
    /// that cost nothing when a left-out sentence holds them.
    var sounds: [UInt64] = []
    /// Whether the sentence quotes someone (double quotation marks).
    var quotes: Bool = false
    /// 0-based paragraph.
    var paragraph: Int

    /// How to read the sentence's sounds: as English, as Korean, or not at all.
    enum Sounds { case english, korean, none }

    init(_ text: String, paragraph: Int, matcher: TermMatcher?, sounds: Sounds = .none) {
        self.paragraph = paragraph
        var length = 0
        var quotes = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{A0}", "\u{3000}": continue
            case "\"", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}": quotes = true
            default: break
            }
            length += 1
        }
        self.length = Float(length)
        self.quotes = quotes
        if let matcher {
            concepts = matcher.matches(in: text).map { Int32($0.entryIndex) }.sorted()
        }
        numbers = NumberAnchors.values(in: text)
        latinWords = Self.latinWords(in: text)
        if sounds != .none {
            var unique = Transliteration.skeletons(in: text, korean: sounds == .korean)
            unique += sounds == .korean ? WordLexicon.korean(in: text) : WordLexicon.english(in: text)
            unique.sort()
            unique.removeDuplicates()
            self.sounds = unique
        }
    }

    /// Runs of ASCII letters (two or more), lowercased and hashed (FNV-1a).
    static func latinWords(in text: String) -> [UInt64] {
        var words: [UInt64] = []
        var hash = FNV1a()
        var count = 0
        func flush() {
            if count >= 2 { words.append(hash.value) }
            hash = FNV1a()
            count = 0
        }
        for byte in text.utf8 {
            switch byte {
            case _ where Script.isASCIILetter(byte):
                hash.add(byte | 0x20)
                count += 1
            default:
                flush()
            }
        }
        flush()
        words.sort()
        return words
    }

    /// The share of letters that are ASCII (tells a Latin-script document from another).
    static func latinShare(_ texts: [String]) -> Double {
        var latin = 0, letters = 0
        for text in texts {
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A {
                    letters += 1
                    latin += 1
                } else if value < 0x80 {
                    continue
                } else if Hangul.isSyllable(value) || scalar.properties.isAlphabetic {
                    letters += 1
                }
            }
        }
        return letters == 0 ? 1 : Double(latin) / Double(letters)
    }
}

/// Numbers as both languages write them: digits with separators (5,000; 3.5), scaled by the
/// word or suffix after them (1.2 million; 120만; 3천), English numbers written out (two weeks,
/// twenty-five, five hundred; Korean writes 2주, 25, 500), and English month names as their
/// number, since Korean writes dates with digits (October 10 → 10 10; 10월 10일 → 10 10).
enum NumberAnchors {
    static let englishScales: [String: Double] = [
        "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    ]
    static let koreanScales: [Unicode.Scalar: Double] = ["십": 10, "백": 1e2, "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12]
    static let months: [String: Int64] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"]
        var months: [String: Int64] = [:]
        for (index, name) in names.enumerated() {
            months[name] = Int64(index + 1)
            if name.count > 4 { months[String(name.prefix(3))] = Int64(index + 1) }
        }
        months["sept"] = 9
        months["may"] = nil  // a modal verb far more often than a month
        return months
    }()

    /// English numbers written as words, two to twenty and the tens (one is a pronoun as often).
    static let englishNumbers: [String: Int64] = {
        let words = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                     "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
        var numbers: [String: Int64] = [:]
        for (index, word) in words.enumerated() { numbers[word] = Int64(index + 2) }
        for (index, word) in ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"].enumerated() {
            numbers[word] = Int64(30 + 10 * index)
        }
        return numbers
    }()

    /// Month names (capitalized only) and numbers written out, by packed word (``word(in:at:)``).
    static let wordValues: [UInt64: (number: Int64, isMonth: Bool)] = {
        var values: [UInt64: (number: Int64, isMonth: Bool)] = [:]
        for (word, number) in englishNumbers { values[packed(word)] = (number, false) }
        for (word, month) in months { values[packed(word)] = (month, true) }
        return values
    }()
    /// ``englishScales`` by packed word.
    static let scaleValues = Dictionary(uniqueKeysWithValues: englishScales.map { (packed($0.key), $0.value) })

    /// A lowercase ASCII word packed five bits a letter (a to z are 1 to 26, so no two words of
    /// up to 12 letters share a key).
    static func packed(_ word: String) -> UInt64 { word.unicodeScalars.reduce(0) { $0 << 5 | UInt64($1.value - 0x60) } }

    /// The run of ASCII letters from `start`: lowercased and packed (nil past 12 letters: no
    /// number, month or scale is that long), and where it ends. No string is made for a word.
    @inline(__always)
    static func word(in scalars: [Unicode.Scalar], at start: Int) -> (key: UInt64?, end: Int) {
        var end = start, key: UInt64 = 0
        while end < scalars.count, isASCIILetter(scalars[end]) {
            if end - start < 12 { key = key << 5 | UInt64((scalars[end].value | 0x20) - 0x60) }
            end += 1
        }
        return (end - start <= 12 ? key : nil, end)
    }

    /// The English scale word after one space at `end` (1.2 million, five hundred), or 1.
    static func englishScale(in scalars: [Unicode.Scalar], after end: Int) -> Double {
        let start = end < scalars.count && scalars[end] == " " ? end + 1 : end
        return word(in: scalars, at: start).key.flatMap { scaleValues[$0] } ?? 1
    }

    @inline(__always)
    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x80 && Script.isASCIILetter(UInt8(scalar.value)) }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? isASCIILetter(scalar) : (Hangul.isSyllable(scalar) || scalar.properties.isAlphabetic)
    }

    static func values(in text: String) -> [Int64] {
        let scalars = Array(text.unicodeScalars)
        var values: [Int64] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if ("0"..."9").contains(scalar) {
                // Digits, with thousands separators and one decimal point inside.
                var digits = ""
                while index < scalars.count {
                    let current = scalars[index]
                    if ("0"..."9").contains(current) {
                        digits.unicodeScalars.append(current)
                    } else if (current == "," || current == "."), index + 1 < scalars.count,
                              ("0"..."9").contains(scalars[index + 1]), index > 0, ("0"..."9").contains(scalars[index - 1]) {
                        if current == "." { digits.unicodeScalars.append(".") }
                    } else {
                        break
                    }
                    index += 1
                }
                var value = Double(digits) ?? 0
                // A scale right after (Korean) or after one space (English).
                value *= index < scalars.count ? koreanScales[scalars[index]] ?? englishScale(in: scalars, after: index) : 1
                // Beyond Int64 (an account number of twenty digits): the digits themselves.
                values.append(Int64(exactly: (value * 100).rounded()) ?? Int64(bitPattern: UInt64(truncatingIfNeeded: digits.hashValue)) | (1 << 62))
            } else if isASCIILetter(scalar), index == 0 || !isLetter(scalars[index - 1]) {
                // A capitalized English month name, or a number written out (two weeks, five
                // groups: Korean writes 2주, 5곳), then its units (twenty-five) and scale (two million).
                var (key, end) = word(in: scalars, at: index)
                if let value = key.flatMap({ wordValues[$0] }), scalar.value <= 0x5A || !value.isMonth {
                    var number = Double(value.number)
                    if !value.isMonth {
                        if number >= 20, end + 1 < scalars.count, scalars[end] == "-" {
                            let unit = word(in: scalars, at: end + 1)
                            if let units = unit.key.flatMap({ wordValues[$0] }), !units.isMonth, units.number < 10 {
                                number += Double(units.number)
                                end = unit.end
                            }
                        }
                        number *= englishScale(in: scalars, after: end)
                    }
                    values.append(Int64(number * 100))
                }
                index = end
            } else {
                index += 1
            }
        }
        values.sort()
        return values
    }
}

extension Array where Element: Equatable {
    /// Removes repeats from a sorted array.
    mutating func removeDuplicates() {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}
