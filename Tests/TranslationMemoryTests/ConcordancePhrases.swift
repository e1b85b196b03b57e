import SharedTestData

/// Phrases a translator might look up, cut at random from `texts` (`attempts` draws; texts of two
/// characters or fewer are skipped): in Korean anywhere, one to six characters; otherwise from a
/// word start, one to four words, the last one sometimes cut short.
func concordancePhrases(from texts: [String], attempts: Int, using generator: inout SplitMix64) -> [String] {
    var phrases: [String] = []
    for _ in 0..<attempts {
        let text = texts[Int(generator.next() % UInt64(texts.count))]
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 2 else { continue }
        if text.unicodeScalars.contains(where: { $0.value >= 0xAC00 && $0.value <= 0xD7AF }) {
            let start = Int(generator.next() % UInt64(scalars.count - 1))
            let length = 1 + Int(generator.next() % 6)
            var phrase = String.UnicodeScalarView()
            phrase.append(contentsOf: scalars[start..<min(scalars.count, start + length)])
            phrases.append(String(phrase))
        } else {
            let words = text.split(separator: " ")
            let start = Int(generator.next() % UInt64(words.count))
            var phrase = words[start..<min(words.count, start + 1 + Int(generator.next() % 4))].joined(separator: " ")
            if generator.next() % 3 == 0, phrase.count > 5 { phrase = String(phrase.dropLast(Int(generator.next() % 3) + 1)) }
            phrases.append(phrase)
        }
    }
    return phrases
}
