import TMKitCore

/// Numbers, dates and times as a translation must carry them, read in the forms English and
/// Korean news write them: `1.2 million` and `120만`, `$3.5 billion` and `35억 달러`, `6,500
/// won` and `6,500원`, `70th` and `70주년`, `October 10` and `10월 10일`, `Wednesday` and `수요일`.
enum NumberForms {
    /// A number found in a text: its value and where it is (UTF-8 byte offsets).
    struct Mention: Hashable {
        var value: Double
        var range: Range<Int>
    }

    static let englishScales: [String: Double] = [
        "hundred": 1e2, "thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12,
    ]
    static let englishWords: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
        "thousand": 1000, "million": 1e6, "billion": 1e9,
    ]

    /// The numbers written with digits in `text`, scale words and Korean units applied.
    static func mentions(in text: String) -> [Mention] {
        let bytes = Array(text.utf8)
        var result: [Mention] = []
        var i = 0
        while i < bytes.count {
            // A number starts after anything but a letter or a digit (A380 is a name; 1,2,3 are three).
            guard isDigit(bytes[i]), i == 0 || !(isDigit(bytes[i - 1]) || isLetterByte(bytes[i - 1])) else { i += 1; continue }
            var (value, end) = digits(bytes, from: i)
            var start = i
            // .5 is a half.
            if i >= 1, bytes[i - 1] == 0x2E, i < 2 || !isDigit(bytes[i - 2]) {
                value = Double("0." + String(decoding: bytes[i..<end], as: UTF8.self)) ?? value
                start = i - 1
            }
            // Minutes of a time (3:00) are not a quantity of their own.
            if i >= 1, bytes[i - 1] == 0x3A, value == 0 {
                i = end
                continue
            }
            // Korean: 2천, 3백, then 만/억/조, and a smaller group after a big unit (1억 2천만).
            let (scaled, after) = koreanScale(bytes, value: value, from: end)
            if after > end {
                value = scaled
                end = after
                var k = end
                while true {
                    var j = k
                    while j < bytes.count, bytes[j] == 0x20 { j += 1 }
                    guard j < bytes.count, isDigit(bytes[j]) else { break }
                    let (next, nextEnd) = digits(bytes, from: j)
                    let (nextScaled, nextAfter) = koreanScale(bytes, value: next, from: nextEnd)
                    // Only a smaller group continues the number (1억 2천만, 3만 5000원).
                    guard nextScaled < value, nextAfter > nextEnd || koreanBigUnit(before: j, in: bytes) else { break }
                    value += nextScaled
                    end = nextAfter
                    k = nextAfter
                }
            } else {
                // English: a scale word after a space (1.2 million, 3.5bn).
                var j = end
                if j < bytes.count, bytes[j] == 0x20 { j += 1 }
                var w = j
                while w < bytes.count, (bytes[w] | 0x20) >= 0x61, (bytes[w] | 0x20) <= 0x7A { w += 1 }
                if w > j, let scale = englishScales[String(decoding: bytes[j..<w], as: UTF8.self).lowercased()] {
                    value *= scale
                    end = w
                }
            }
            result.append(Mention(value: value, range: start..<end))
            i = max(end, i + 1)
        }
        return result
    }

    /// Values English spells out (`two`, `a dozen`, `million`), which a translation may write with digits.
    static func spelledValues(in text: String) -> Set<Double> {
        var values = Set<Double>()
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            if let value = englishWords[String(word)] { values.insert(value) }
        }
        return values
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isLetterByte(_ byte: UInt8) -> Bool {
        ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == 0x2E || byte == 0x2C
    }

    /// Digits with thousands separators and a decimal point: the value and where they end.
    static func digits(_ bytes: [UInt8], from start: Int) -> (Double, Int) {
        var i = start
        var text: [UInt8] = []
        var seenPoint = false
        while i < bytes.count {
            let byte = bytes[i]
            if isDigit(byte) {
                text.append(byte)
            } else if byte == 0x2C, !seenPoint, i + 3 < bytes.count, isDigit(bytes[i + 1]), isDigit(bytes[i + 2]), isDigit(bytes[i + 3]),
                      i + 4 >= bytes.count || !isDigit(bytes[i + 4]) {
                // 6,500: a comma before exactly three digits is a thousands separator
            } else if byte == 0x2E, !seenPoint, i + 1 < bytes.count, isDigit(bytes[i + 1]) {
                seenPoint = true
                text.append(byte)
            } else {
                break
            }
            i += 1
        }
        return (Double(String(decoding: text, as: UTF8.self)) ?? 0, i)
    }

    static let 천 = Array("천".utf8), 백 = Array("백".utf8), 십 = Array("십".utf8)
    static let 만 = Array("만".utf8), 억 = Array("억".utf8), 조 = Array("조".utf8)

    static func has(_ bytes: [UInt8], _ word: [UInt8], at i: Int) -> Bool {
        i + word.count <= bytes.count && bytes[i..<(i + word.count)].elementsEqual(word)
    }

    /// `value` times the Korean units right after it (천/백/십, then 만/억/조): the value and where they end.
    static func koreanScale(_ bytes: [UInt8], value: Double, from start: Int) -> (Double, Int) {
        var i = start
        if i < bytes.count, bytes[i] == 0x20, has(bytes, 만, at: i + 1) || has(bytes, 억, at: i + 1) || has(bytes, 조, at: i + 1) { i += 1 }
        func small(at i: Int) -> Double {
            has(bytes, 천, at: i) ? 1e3 : has(bytes, 백, at: i) ? 1e2 : has(bytes, 십, at: i) ? 10 : 1
        }
        // A group below 만: 2천5백 (2,500), 3천500 (3,500) — digits with 천/백/십 added up.
        var group = 0.0
        var current = value
        var consumedSmall = false
        while true {
            let unit = small(at: i)
            guard unit > 1 else { break }
            group += current * unit
            i += 3
            consumedSmall = true
            current = 0
            // More of the group right after (5백 after 2천; 500 before 만), then stop.
            guard i < bytes.count, isDigit(bytes[i]) else { break }
            let (next, nextEnd) = digits(bytes, from: i)
            guard small(at: nextEnd) > 1 && small(at: nextEnd) < unit || has(bytes, 만, at: nextEnd) || has(bytes, 억, at: nextEnd)
                || has(bytes, 조, at: nextEnd) else { break }
            current = next
            i = nextEnd
        }
        group += current
        var big = 1.0
        // 제3조 is Article 3, not three trillion.
        let article = Self.articleBefore(bytes, start)
        if has(bytes, 만, at: i) { big = 1e4; i += 3 } else if has(bytes, 억, at: i) { big = 1e8; i += 3 } else if has(bytes, 조, at: i), !article { big = 1e12; i += 3 }
        // 천 alone is a unit only before a big unit or as a number's end (2천 명); 만 after 천 counts both.
        if consumedSmall || big > 1 {
            return (group * big, i)
        }
        return (value, start)
    }

    static let 제 = Array("제".utf8)

    /// Whether `제` stands before the digits that end at `end` (제3조).
    static func articleBefore(_ bytes: [UInt8], _ end: Int) -> Bool {
        var j = end
        while j > 0, isDigit(bytes[j - 1]) { j -= 1 }
        return j >= 3 && has(bytes, 제, at: j - 3)
    }

    /// Whether a big unit (만/억/조) ends right before `i` (after spaces): a number that follows continues it.
    static func koreanBigUnit(before i: Int, in bytes: [UInt8]) -> Bool {
        var j = i
        while j > 0, bytes[j - 1] == 0x20 { j -= 1 }
        return j >= 3 && (has(bytes, 만, at: j - 3) || has(bytes, 억, at: j - 3) || has(bytes, 조, at: j - 3))
    }

    // MARK: Dates

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                         "november", "december"]
    static let monthAbbreviations = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let koreanWeekdays = ["월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"]

    /// A date word of a text: a month (1–12) or a weekday (0 Monday … 6 Sunday), with where it is.
    struct DateWord: Hashable {
        enum Kind: Hashable { case month(Int), weekday(Int) }
        var kind: Kind
        var range: Range<Int>
    }

    /// English month names (`October`, `Oct.`; `May` only before a day number or a year) and weekdays.
    static func englishDateWords(in text: String) -> [DateWord] {
        var result: [DateWord] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            guard (bytes[i] | 0x20) >= 0x61, (bytes[i] | 0x20) <= 0x7A, i == 0 || !isWordByte(bytes[i - 1]) else { i += 1; continue }
            var end = i
            while end < bytes.count, (bytes[end] | 0x20) >= 0x61, (bytes[end] | 0x20) <= 0x7A { end += 1 }
            let word = String(decoding: bytes[i..<end], as: UTF8.self)
            let lower = word.lowercased()
            let capitalized = bytes[i] < 0x61
            // Abbreviations (Oct., Sept., Oct 10) only with a full stop or before a day.
            let abbreviation = monthAbbreviations.firstIndex(of: lower) ?? (lower == "sept" ? 8 : nil)
            let dayFollows = end + 1 < bytes.count && bytes[end] == 0x20 && isDigit(bytes[end + 1])
            if capitalized, let month = months.firstIndex(of: lower)
                ?? ((end < bytes.count && bytes[end] == 0x2E) || dayFollows ? abbreviation : nil) {
                // May is also a verb: a month before a number (May 5, May 2015) or inside a
                // sentence (in May), not at its start (May I…).
                var j = end
                while j < bytes.count, bytes[j] == 0x2E || bytes[j] == 0x20 { j += 1 }
                var k = i
                while k > 0, bytes[k - 1] == 0x20 { k -= 1 }
                let startsSentence = k == 0 || [0x2E, 0x3F, 0x21, 0x22, 0x3A].contains(bytes[k - 1]) || bytes[k - 1] >= 0x80
                if lower != "may" || (j < bytes.count && isDigit(bytes[j])) || !startsSentence {
                    result.append(DateWord(kind: .month(month + 1), range: i..<end))
                }
            } else if capitalized, let day = weekdays.firstIndex(of: lower) {
                result.append(DateWord(kind: .weekday(day), range: i..<end))
            }
            i = end
        }
        return result
    }

    /// Korean months (`10월`) and weekdays (`수요일`, `수`요일 in full only).
    static func koreanDateWords(in text: String) -> [DateWord] {
        var result: [DateWord] = []
        let bytes = Array(text.utf8)
        let 월 = Array("월".utf8)
        var i = 0
        while i < bytes.count {
            if isDigit(bytes[i]), i == 0 || !isDigit(bytes[i - 1]) {
                var end = i
                while end < bytes.count, isDigit(bytes[end]) { end += 1 }
                var j = end
                if j < bytes.count, bytes[j] == 0x20 { j += 1 }
                if has(bytes, 월, at: j), let month = Int(String(decoding: bytes[i..<end], as: UTF8.self)), (1...12).contains(month) {
                    result.append(DateWord(kind: .month(month), range: i..<(j + 3)))
                }
                i = end
                continue
            }
            i += 1
        }
        // Weekdays only where 요일 is.
        let 요일 = Array("요일".utf8)
        var hasWeekday = false
        if bytes.count >= 6 {
            for k in 0...(bytes.count - 6) where bytes[k] == 요일[0] && bytes[k..<(k + 6)].elementsEqual(요일) { hasWeekday = true; break }
        }
        for (index, name) in koreanWeekdays.enumerated() where hasWeekday {
            let needle = Array(name.utf8)
            var k = 0
            while k + needle.count <= bytes.count {
                if bytes[k..<(k + needle.count)].elementsEqual(needle) {
                    result.append(DateWord(kind: .weekday(index), range: k..<(k + needle.count)))
                    k += needle.count
                } else {
                    k += 1
                }
            }
        }
        return result
    }

    static func name(of kind: DateWord.Kind, korean: Bool) -> String {
        switch kind {
        case .month(let month): korean ? "\(month)월" : months[month - 1].prefix(1).uppercased() + months[month - 1].dropFirst()
        case .weekday(let day): korean ? koreanWeekdays[day] : weekdays[day].prefix(1).uppercased() + weekdays[day].dropFirst()
        }
    }
}
