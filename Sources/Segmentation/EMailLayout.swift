import TMKitCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// E-mail text pasted as one paragraph (web corpora, forums, forwarded mail): its closing
/// and its header timestamps are sentences of their own, without punctuation.
enum EMailLayout {
    /// Adds a boundary around a header timestamp (`04/26/2001 07:17 AM`, `08/16/2000
    /// 03:14:14 PM EST`): before it after a name or an address (`Kay Mann 04/26/2001`, not
    /// `on 04/26/2001`), after it before a capital. Returns whether any was added.
    static func addBoundaries(in text: UnsafeBufferPointer<UInt8>, to candidates: inout [Int]) -> Bool {
        guard let base = text.baseAddress else { return false }
        var added = false
        func addCapitalAfter(_ end: Int) {
            var next = end
            while next < text.count, text[next] == 0x20 { next += 1 }
            if next > end, next < text.count, text[next].isUpper {
                candidates.append(next)
                added = true
            }
        }
        // Timestamps, found by their first slash.
        var i = 0
        while i < text.count, let hit = memchr(base + i, 0x2F, text.count - i) {
            let slash = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            i = slash + 1
            var start = slash
            while start > 0, slash - start < 2, text[start - 1].isDigit { start -= 1 }
            guard start < slash, start == 0 || text[start - 1] == 0x20,
                  let end = timestampEnd(from: start, in: text) else { continue }
            if start > 0, followsNameOrAddress(start, in: text) {
                candidates.append(start)
                added = true
            }
            addCapitalAfter(end)
            i = end
        }
        return added
    }

    /// `MM/DD/YY[YY] HH:MM[:SS][ AM|PM]`: where it ends, or `nil`.
    static func timestampEnd(from start: Int, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = start
        func digits(_ minimum: Int, _ maximum: Int) -> Bool {
            let from = i
            while i < text.count, text[i].isDigit, i - from < maximum { i += 1 }
            return i - from >= minimum
        }
        func mark(_ byte: UInt8) -> Bool {
            guard i < text.count, text[i] == byte else { return false }
            i += 1
            return true
        }
        guard digits(1, 2), mark(0x2F), digits(1, 2), mark(0x2F), digits(2, 4), mark(0x20),
              digits(1, 2), mark(0x3A), digits(2, 2) else { return nil }
        if i < text.count, text[i] == 0x3A {
            i += 1
            guard digits(2, 2) else { return nil }
        }
        if i + 2 < text.count, text[i] == 0x20,
           text[i + 1] | 0x20 == 0x61 || text[i + 1] | 0x20 == 0x70, text[i + 2] | 0x20 == 0x6D,
           i + 3 >= text.count || !text[i + 3].isLetter {
            i += 3
        }
        // A time zone: 07:17 AM EST
        if i + 1 < text.count, text[i] == 0x20, text[i + 1].isUpper {
            var end = i + 1
            while end < text.count, text[end].isUpper { end += 1 }
            if end >= text.count || !text[end].isLetter,
               _BoundaryRules.timeZones.contains(String(decoding: UnsafeBufferPointer(rebasing: text[(i + 1)..<end]), as: UTF8.self)) {
                i = end
            }
        }
        guard i >= text.count || !text[i].isLetter && !text[i].isDigit else { return nil }
        return i
    }

    /// Whether the word before `start` is a name or an address, as in a header's "From"
    /// line (`Kay Mann 04/26/2001`, `Kevin.A.Boone@accenture.com 08/16/2000`,
    /// `<gtownsend@manorisd.net> 03/27/2001`): capitalized, or holding `@`, or ending in `>`;
    /// not a word that leads to a date (`on`, `for`, `at`, … are lower case anyway).
    static func followsNameOrAddress(_ start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = start
        while end > 0, text[end - 1] == 0x20 { end -= 1 }
        guard end > 0, end < start else { return false }
        var wordStart = end
        while wordStart > 0, text[wordStart - 1] != 0x20 { wordStart -= 1 }
        if text[end - 1] == 0x3E { return true }
        if UnsafeBufferPointer(rebasing: text[wordStart..<end]).contains(0x40) { return true }
        // A capitalized word that is not a sentence's last (no final mark, no comma).
        let last = text[end - 1]
        return text[wordStart].isUpper && last.isLetter
            && !["On", "At", "By", "For", "From", "Until", "Since", "Before", "After", "Dated", "Sent", "In"].contains(
                String(decoding: UnsafeBufferPointer(rebasing: text[wordStart..<end]), as: UTF8.self))
    }

    /// When a segment opens with a closing and its comma (`Best regards,`, `Sincerely,`)
    /// and a name follows (capitalized, and no lower-case word right after its first
    /// word), where the name starts: the closing is a sentence.
    static func closingBreak(at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard start < text.count else { return nil }
        switch text[start] {
        case 0x42, 0x43, 0x4B, 0x52, 0x53, 0x57, 0x59: break  // B C K R S W Y
        default: return nil
        }
        for closing in closings where start + closing.count < text.count && text[start] == closing[0] {
            var matches = true
            for k in 1..<closing.count where text[start + k] | 0x20 != closing[k] | 0x20 {
                matches = false
                break
            }
            guard matches, text[start + closing.count] == 0x2C else { continue }
            var next = start + closing.count + 1
            while next < text.count, text[next] == 0x20 { next += 1 }
            guard next > start + closing.count + 1, next < text.count, text[next].isUpper else { return nil }
            // A name, not a sentence: the word after the capitalized one is not lower case
            // ("Best regards, Debra Perlingiere", not "Respectfully, I disagree").
            var i = next
            while i < text.count, text[i] != 0x20 { i += 1 }
            while i < text.count, text[i] == 0x20 { i += 1 }
            return i < text.count && text[i].isLower ? nil : next
        }
        return nil
    }

    static let closings: [[UInt8]] = [
        "Best regards", "Kind regards", "Kindest regards", "Warm regards", "Warmest regards", "With regards",
        "Regards", "Sincerely", "Yours sincerely", "Sincerely yours", "Yours truly", "Best wishes", "Cheers",
        "Respectfully",
    ].map { Array($0.utf8) }
}
