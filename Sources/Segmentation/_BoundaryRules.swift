import TMKitCore
@_spi(Internals) import TextAnalysis

/// The decision at one proposed boundary: read the marks before it and the word after it,
/// then keep the boundary, drop it, or move it. Works on the paragraph's bytes in place.
struct _BoundaryRules {
    let text: UnsafeBufferPointer<UInt8>
    let rules: LanguageRules

    /// What follows a boundary, opening quotes and brackets skipped.
    enum Next: Equatable {
        case end, lower, upper, digit, hangul, otherLetter, other
    }

    /// The run of sentence-final marks before a boundary.
    struct Terminal {
        var start: Int
        var end: Int
        var dots = 0
        var otherMarks = 0  // ? ! and their full-width and CJK forms
        var ellipsisCharacters = 0  // …
        var spaced = false  // ". . ."
    }

    // MARK: Deciding

    /// Where the segment that started at `segmentStart` ends, given that ICU (or a rule)
    /// proposed `position`: `position` itself, another position, or `nil` to go on.
    func decide(at position: Int, segmentStart: Int) -> Int? {
        let contentEnd = skipWhitespaceBackward(from: position, limit: segmentStart)
        var closersStart = contentEnd
        while closersStart > segmentStart {
            let (scalar, start) = text.scalar(before: closersStart)
            guard isClosingMark(scalar) else { break }
            closersStart = start
        }
        // No sentence ends inside a bracket closed in the same word: 나달(22.스페인)이
        if contentEnd == position, isInsideWordBracket(position, segmentStart: segmentStart) { return nil }
        let terminal = terminalRun(endingAt: closersStart, limit: segmentStart)
        let (next, nextStart) = classifyNext(from: position)

        // Korean attaches the quotative particle to the closing quote: “…했다.”고 밝혔다.
        if contentEnd == position, closersStart < contentEnd, next == .hangul { return nil }
        // …and so a quotation of several sentences is one: 그는 “끝났다. 돌아가라.”고 말했다.
        if rules.koreanRules, isInsideQuotationWithParticle(position, segmentStart: segmentStart) { return nil }
        // …and writes it apart at times: “…될 것이다.” 고 말했다.
        // (not 고 정주영, "the late Chung Ju-yung", after a sentence without quotation marks).
        if rules.koreanRules, next == .hangul, closersStart < contentEnd, isQuotationMark(text.scalar(before: contentEnd).value),
           KoreanEndings.isDetachedQuotative(at: nextStart, in: text) {
            return nil
        }
        // A lower-case word goes on the sentence (“…celebration?” she concluded. Yahoo! in …),
        // unless the language lets sentences start in lower case (web text: "thanks. see you").
        // ICU counts an opening bracket after a full stop as closing the sentence
        // (`martyr.[1] The`, `high.(John 3:13) Then`): the bracket is a citation; the
        // sentence ends after it, if a capital follows (and no quotation is open).
        if contentEnd == position, position > segmentStart, text[position - 1] == 0x5B || text[position - 1] == 0x28,
           position - 1 > segmentStart, Punctuation.isTerminal(text.scalar(before: position - 1).value) {
            return isInsideOpenQuotation(segmentStart..<position) ? nil : citationEnd(openedAt: position - 1)
        }
        // A web address or a rule of dashes after a sentence's final mark stands apart
        // (`Well worth a visit... http://…`, `years. --Posted by`).
        if rules.webTextRules, contentEnd < position, terminal.start < terminal.end,
           startsAddressOrRule(at: position) {
            return position
        }
        if next == .lower {
            guard rules.webTextRules, closersStart == contentEnd,
                  startsLowercaseSentence(terminal, segmentStart: segmentStart)
            else { return nil }
            return position
        }
        // Closing marks cut off by a break belong to the sentence before ("cause._ Next",
        // "end.] Next"): decide again after them.
        if let marksEnd = closingMarksEnd(from: nextStart) {
            let after = skipWhitespace(from: marksEnd)
            return after < text.count && after > position ? decide(at: after, segmentStart: segmentStart) : nil
        }
        guard terminal.start < terminal.end else { return position }  // ICU broke for a reason of its own

        if terminal.dots >= 2 || terminal.ellipsisCharacters > 0 {
            return decideEllipsis(terminal, closersStart: closersStart, position: position, segmentStart: segmentStart)
        }
        if terminal.otherMarks > 0 || terminal.dots == 0 {
            // “And what of Irene Adler?” I asked. — a quotation and its speech tag are one unit.
            if closersStart < contentEnd, next == .upper, isSpeechTag(at: nextStart) { return nil }
            return position
        }
        return decideFullStop(
            terminal, position: position, segmentStart: segmentStart, next: next, nextStart: nextStart)
    }

    private func decideEllipsis(_ terminal: Terminal, closersStart: Int, position: Int, segmentStart: Int) -> Int? {
        // An editorial elision, "[...]", never ends a sentence.
        if terminal.start > segmentStart, text[terminal.start - 1] == 0x5B,
           closersStart < text.count, text[closersStart] == 0x5D {
            return nil
        }
        guard terminal.spaced else { return position }  // "...", "....", "…" before a capital
        let attached = terminal.start > segmentStart
            && Whitespace.length(at: text.scalarStart(before: terminal.start), in: text) == 0
        if attached {
            // "compounds. . . . The": a full stop, then an ellipsis that opens the next sentence.
            guard terminal.dots >= 4 else { return position }
            var second = terminal.start + 1
            while second < terminal.end, text[second] != 0x2E { second += 1 }
            return second
        }
        // " . . . " inside a sentence; " . . . . " is an ellipsis and a full stop.
        return terminal.dots >= 4 ? position : nil
    }

    private func decideFullStop(
        _ terminal: Terminal, position: Int, segmentStart: Int, next: Next, nextStart: Int
    ) -> Int? {
        // The word before the full stop, quotes, brackets and bullets aside.
        let tokenStart = skipForward(from: wordStart(before: terminal.start, limit: segmentStart), limit: terminal.start) {
            Punctuation.isOpener($0) || ListMarker.isBullet($0)
        }
        var tokenEnd = terminal.start
        while tokenEnd > tokenStart {
            let (scalar, start) = text.scalar(before: tokenEnd)
            guard Punctuation.isCloser(scalar) else { break }
            tokenEnd = start
        }
        guard tokenStart < tokenEnd else { return position }

        // "1." "a." "iv." "• 9." opening a segment mark a list item, not a sentence.
        if skipBulletsAndWhitespace(from: segmentStart) == tokenStart, isListLabel(tokenStart..<tokenEnd) {
            return nil
        }
        if Self.isInsideAddress(text, terminal.start - 1) { return position }

        if isMultiPeriodAbbreviation(tokenStart..<tokenEnd) {
            switch next {
            case .digit, .hangul: return nil
            case .upper:
                if isSentenceStarter(at: nextStart) { return position }
                if isTimeOfDay(tokenStart..<tokenEnd) {
                    // 9 p.m. ET, 10 a.m. (CDT)
                    if isTimeZone(at: nextStart) { return nil }
                    return isIntroductoryPhrase(segmentStart..<tokenStart) ? nil : position
                }
                return nil
            default: return position
            }
        }

        // The last part of a dotted token decides: "Tuesday.Mr" is "Mr".
        var partStart = tokenEnd
        while partStart > tokenStart, text[partStart - 1] != 0x2E { partStart -= 1 }
        let part = partStart..<tokenEnd
        if part.count == 1, text[partStart].isLetter {
            return decideSingleLetter(
                at: partStart, segmentStart: segmentStart, tokenStart: tokenStart, position: position,
                next: next, nextStart: nextStart)
        }
        guard let key = _WordKey(text, part), let kind = rules.abbreviationTable[key] else { return position }
        switch kind {
        case .title:
            guard text[partStart].isUpper else { return position }
            switch next {
            case .upper: return isSentenceStarter(at: nextStart) ? position : nil
            case .digit, .hangul, .otherLetter: return nil
            default: return position
            }
        case .numeric, .general:
            if next == .digit || next == .hangul { return nil }
            // Smith & Co. Inc., Acme Corp. Ltd.: a company form after another
            if kind == .general, next == .upper, isAbbreviation(at: nextStart, kind: .general) { return nil }
            return position
        case .infix:
            return next == .upper && isSentenceStarter(at: nextStart) ? position : nil
        }
    }

    /// `http://`, `https://`, `www.`, or a rule of two or more `-` or `=` (`*` and `_` runs
    /// close emphasis or a signature: they stay with the sentence before).
    static func startsAddressOrRule(at i: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        func has(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard i + count <= text.count else { return false }
            let p = prefix.utf8Start
            // Any case: the prefixes are lower case, and ':', '/' and '.' have bit 0x20 set.
            for k in 0..<count where text[i + k] | 0x20 != p[k] { return false }
            return true
        }
        if has("http://") || has("https://") || has("www.") { return true }
        guard i + 1 < text.count else { return false }
        let byte = text[i]
        return (byte == 0x2D || byte == 0x3D) && text[i + 1] == byte
    }

    func startsAddressOrRule(at i: Int) -> Bool { Self.startsAddressOrRule(at: i, in: text) }

    func isQuotationMark(_ scalar: UInt32) -> Bool {
        scalar == 0x201D || scalar == 0x2019 || scalar == 0x22 || scalar == 0x27 || scalar == 0x300D || scalar == 0x300F
    }

    /// Whether the word before `position` makes a bracketed label there a reference, not a
    /// list item: `under (b) below`, `phones and (b) radios`, `see (2)`.
    func followsReferenceWord(_ position: Int) -> Bool {
        var end = position
        while end > 0, text[end - 1] == 0x20 { end -= 1 }
        var start = end
        while start > 0, text[start - 1].isLetter { start -= 1 }
        guard start < end, end - start <= 10 else { return false }
        let word = String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self).lowercased()
        return Self.referenceWords.contains(word)
    }

    static let referenceWords: Set<String> = [
        "under", "in", "of", "to", "see", "and", "or", "per", "with", "from", "by", "at", "on", "paragraph", "clause",
        "section", "item", "point", "subsection", "article", "than", "as",
    ]

    /// Whether `position`, with no whitespace around it, lies between a `(` and its `)`
    /// with no whitespace between them (`(22.스페인)`, `(Mr.Kim)`).
    func isInsideWordBracket(_ position: Int, segmentStart: Int) -> Bool {
        var i = position - 1
        while i >= segmentStart, position - i <= 40, text[i] > 0x20, text[i] != 0x29 {
            if text[i] == 0x28 {
                var j = position
                while j < text.count, j - position <= 40, text[j] > 0x20, text[j] != 0x28 {
                    if text[j] == 0x29 { return true }
                    j += 1
                }
                return false
            }
            i -= 1
        }
        return false
    }

    /// Where the sentence ends after a citation in brackets opened right after its final
    /// mark: the start of the capitalized word after the closing bracket; `nil` when the
    /// bracket does not close within 60 bytes or no capital follows.
    func citationEnd(openedAt open: Int) -> Int? {
        let closer: UInt8 = text[open] == 0x5B ? 0x5D : 0x29
        var i = open + 1
        while i < text.count, i - open <= 60, text[i] != closer {
            if text[i] == text[open] { return nil }
            i += 1
        }
        guard i < text.count, text[i] == closer else { return nil }
        // Citations in a row: [1][2]
        var end = i + 1
        while end < text.count, text[end] == 0x5B {
            var j = end + 1
            while j < text.count, j - end <= 12, text[j] != 0x5D { j += 1 }
            guard j < text.count, text[j] == 0x5D else { break }
            end = j + 1
        }
        let after = skipWhitespace(from: end)
        guard after > end, after < text.count else { return nil }
        let (next, _) = classifyNext(from: after)
        return next == .upper || next == .digit || next == .hangul ? after : nil
    }

    /// After a `?`, a `!` or a full stop with no closing quote or bracket, a lower-case word
    /// starts a sentence when the mark ends an ordinary word: not an abbreviation (`co. at`,
    /// `5th st. near`, `U.S. for`), an initial, a number or a name with an exclamation mark
    /// (`Yahoo! in`). Ellipses go on (`maybe... if`).
    func startsLowercaseSentence(_ terminal: Terminal, segmentStart: Int) -> Bool {
        guard terminal.start < terminal.end, terminal.ellipsisCharacters == 0, terminal.dots <= 1 else { return false }
        let tokenStart = skipForward(from: wordStart(before: terminal.start, limit: segmentStart), limit: terminal.start) {
            Punctuation.isOpener($0) || Punctuation.isCloser($0)
        }
        var letters = 0, upper = 0
        for i in tokenStart..<terminal.start {
            let byte = text[i]
            if byte.isLetter {
                letters += 1
                if byte.isUpper { upper += 1 }
            } else if byte == 0x27 || byte == 0x2D {  // don't, e-mail
                continue
            } else if byte >= 0x80 {
                if byte >= 0xC0 { letters += 1 }  // café, naïve: one letter per scalar
            } else if Punctuation.isCloser(UInt32(byte)) {
                continue  // "no" reason!
            } else {
                return false  // digits, dotted forms, symbols
            }
        }
        guard letters >= 2 else { return false }
        if terminal.dots == 0 {
            // In dialogue a lower-case word goes on after ? and ! (“Oh, yes! he was to come”).
            if isInsideOpenQuotation(segmentStart..<terminal.start) { return false }
            // "Yahoo! in": a capitalized name with an exclamation mark stays one sentence.
            return terminal.otherMarks > 1 || !text[tokenStart].isUpper || upper == letters || text[terminal.start] == 0x3F
        }
        // Capitals before a full stop are a Roman numeral or an abbreviation (Louis XVI. of
        // France, MSS. in my desk).
        if upper == letters { return false }
        return _WordKey(text, tokenStart..<terminal.start).map { rules.abbreviationTable[$0] == nil } ?? true
    }

    /// Whether a “ or an ASCII " opened in `range` is still open at its end.
    func isInsideOpenQuotation(_ range: Range<Int>) -> Bool {
        var curly = 0
        var ascii = false
        var i = range.lowerBound
        while i < range.upperBound {
            let byte = text[i]
            if byte == 0x22 {
                ascii.toggle()
            } else if byte == 0xE2, i + 2 < text.count, text[i + 1] == 0x80 {
                if text[i + 2] == 0x9C { curly += 1 } else if text[i + 2] == 0x9D, curly > 0 { curly -= 1 }
            }
            i += 1
        }
        return curly > 0 || ascii
    }

    private func decideSingleLetter(
        at letter: Int, segmentStart: Int, tokenStart: Int, position: Int, next: Next, nextStart: Int
    ) -> Int? {
        if next == .hangul || next == .digit { return nil }
        if text[letter].isLower {
            // p. 55, v. Wade, c. 1900
            return next == .upper && isSentenceStarter(at: nextStart) ? position : nil
        }
        // An initial stands before a name that is not a sentence starter: Jonas E. Smith,
        // K. J. Kim, M. Morrel. "I" is also the pronoun, so it is an initial only after a
        // name or before another initial: "Albert I. Jones", but "you and I. Did".
        let isPronoun = text[letter] == 0x49
        let previous = previousWordStart(before: tokenStart, limit: segmentStart)
        let isInitial = !isPronoun || (previous.map { startsCapitalized($0) } ?? true)
            || (next == .upper && nextStart + 1 < text.count && text[nextStart + 1] == 0x2E)
        guard isInitial, next == .upper || next == .otherLetter else { return position }
        return isSentenceStarter(at: nextStart) ? position : nil
    }

    /// Whether `position` lies inside a “…” quotation opened in this segment whose closing
    /// mark, later in the paragraph, has a Korean particle attached (”고, ”라고, ”며).
    func isInsideQuotationWithParticle(_ position: Int, segmentStart: Int) -> Bool {
        var depth = 0
        var i = segmentStart
        while i < position {
            let (scalar, length) = text.scalar(at: i)
            if scalar == 0x201C { depth += 1 } else if scalar == 0x201D, depth > 0 { depth -= 1 }
            i += length
        }
        guard depth > 0 else { return false }
        while i < text.count {
            let (scalar, length) = text.scalar(at: i)
            i += length
            if scalar == 0x201C { depth += 1 }
            if scalar == 0x201D {
                depth -= 1
                if depth == 0 {
                    guard i < text.count else { return false }
                    if Hangul.isSyllable(text.scalar(at: i).value) { return true }
                    // …written apart: ” 고 말했다
                    let next = skipWhitespace(from: i)
                    return next > i && next < text.count && KoreanEndings.isDetachedQuotative(at: next, in: text)
                }
            }
        }
        return false
    }

    // MARK: Reading around a boundary

    func terminalRun(endingAt end: Int, limit: Int) -> Terminal {
        var terminal = Terminal(start: end, end: end)
        var t = end
        while t > limit {
            let (scalar, start) = text.scalar(before: t)
            if scalar == 0x2E {
                terminal.dots += 1
            } else if scalar == 0x20, terminal.dots > 0, start > limit, text[start - 1] == 0x2E {
                terminal.spaced = true
            } else if scalar == 0x2026 {
                terminal.ellipsisCharacters += 1
            } else if Punctuation.isTerminal(scalar) {
                terminal.otherMarks += 1
            } else {
                break
            }
            t = start
        }
        terminal.start = t
        return terminal
    }

    func classifyNext(from position: Int) -> (Next, Int) {
        let q = skipForward(from: position, while: Punctuation.isOpener)
        guard q < text.count else { return (.end, q) }
        let byte = text[q]
        if byte.isLower { return (.lower, q) }
        if byte.isUpper { return (.upper, q) }
        if byte.isDigit { return (.digit, q) }
        if byte < 0x80 { return (.other, q) }
        let scalar = text.scalar(at: q).value
        if Hangul.isHangul(scalar) { return (.hangul, q) }
        guard let unicode = Unicode.Scalar(scalar) else { return (.other, q) }
        let properties = unicode.properties
        if properties.isLowercase { return (.lower, q) }
        if properties.isUppercase { return (.upper, q) }
        if properties.isAlphabetic { return (.otherLetter, q) }
        return (.other, q)
    }

    func skipWhitespace(from position: Int) -> Int {
        var i = position
        while i < text.count {
            let length = Whitespace.length(at: i, in: text)
            if length == 0 { break }
            i += length
        }
        return i
    }

    func skipWhitespaceBackward(from position: Int, limit: Int) -> Int {
        var i = position
        while i > limit {
            let start = text.scalarStart(before: i)
            if Whitespace.length(at: start, in: text) == 0 { break }
            i = start
        }
        return i
    }

    func skipBulletsAndWhitespace(from position: Int) -> Int {
        skipForward(from: position) { ListMarker.isBullet($0) || Unicode.Scalar($0)?.properties.isWhitespace == true }
    }

    /// 1–3 digits, one letter, or a lower- or upper-case Roman numeral up to 5 letters.
    func isListLabel(_ range: Range<Int>) -> Bool {
        if range.count <= 3, range.allSatisfy({ text[$0].isDigit }) { return true }
        if range.count == 1, text[range.lowerBound].isLetter { return true }
        guard range.count <= 5 else { return false }
        func isRoman(_ byte: UInt8) -> Bool {
            switch byte { case 0x69, 0x76, 0x78, 0x6C, 0x63, 0x64, 0x6D: true; default: false }  // i v x l c d m
        }
        let lower = range.allSatisfy { isRoman(text[$0]) }
        let upper = range.allSatisfy { text[$0].isUpper && isRoman(text[$0] | 0x20) }
        return lower || upper
    }

    /// U.S, U.S.A, Ph.D, a.m, e.g, D.C: at least two groups of 1–3 letters joined by periods
    /// (the final period is not part of the range).
    func isMultiPeriodAbbreviation(_ range: Range<Int>) -> Bool {
        var groups = 0
        var groupLength = 0
        for i in range {
            let byte = text[i]
            if byte == 0x2E {
                guard groupLength > 0 else { return false }
                groups += 1
                groupLength = 0
            } else if byte.isLetter {
                groupLength += 1
                if groupLength > 3 { return false }
            } else {
                return false
            }
        }
        return groupLength > 0 && groups >= 1
    }

    func isTimeOfDay(_ range: Range<Int>) -> Bool {
        guard range.count == 3, text[range.lowerBound + 1] == 0x2E, text[range.lowerBound + 2] | 0x20 == 0x6D
        else { return false }
        let first = text[range.lowerBound] | 0x20
        return first == 0x61 || first == 0x70  // a.m, p.m
    }

    /// Where the run of closing quotes, brackets and emphasis marks (`_`, `*`) at `start`
    /// ends, when that run is the whole token (whitespace or the end follows); else `nil`.
    func closingMarksEnd(from start: Int) -> Int? {
        var i = start
        while i < text.count {
            if Whitespace.length(at: i, in: text) > 0 { break }
            let (scalar, length) = text.scalar(at: i)
            guard isClosingMark(scalar) else { return nil }
            i += length
        }
        return i > start ? i : nil
    }

    /// A closing quote or bracket, or an emphasis mark that may close a span (`_`, `*`).
    @inline(__always)
    func isClosingMark(_ scalar: UInt32) -> Bool {
        Punctuation.isCloser(scalar) || scalar == 0x5F || scalar == 0x2A
    }

    /// Capitalized words then a verb of speech within the first four words, ending the
    /// clause: "I asked.", "Kim Jong Un said,", "He cried:".
    func isSpeechTag(at start: Int) -> Bool {
        var i = start
        for _ in 0..<4 {
            var end = i
            while end < text.count, text[end].isLetter { end += 1 }
            guard end > i else { return false }
            if text[i].isLower {
                guard let key = _WordKey(text, i..<end), rules.speechVerbTable.contains(key) else { return false }
                return end >= text.count || text[end] == 0x2E || text[end] == 0x2C || text[end] == 0x3A
                    || text[end] == 0x3B || text[end] == 0x20 || text[end] == 0x21 || text[end] == 0x3F
            }
            guard end < text.count, text[end] == 0x20 else { return false }
            i = end + 1
        }
        return false
    }

    /// A word written with a final period that is an abbreviation of `kind` (`Inc.`).
    func isAbbreviation(at start: Int, kind: AbbreviationKind) -> Bool {
        var end = start
        while end < text.count, text[end].isLetter { end += 1 }
        guard end < text.count, text[end] == 0x2E, let key = _WordKey(text, start..<end) else { return false }
        return rules.abbreviationTable[key] == kind
    }

    /// A time zone after a time of day: ET, EST, EDT, PT, PST, PDT, CT, CST, CDT, MT, MST,
    /// MDT, GMT, UTC, KST, JST, BST, CET, CEST (the bracket skipped).
    func isTimeZone(at start: Int) -> Bool {
        var end = start
        while end < text.count, text[end].isUpper { end += 1 }
        guard end - start >= 2, end - start <= 4, end >= text.count || !text[end].isLetter else { return false }
        let word = String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)
        return Self.timeZones.contains(word)
    }

    static let timeZones: Set<String> = [
        "ET", "EST", "EDT", "PT", "PST", "PDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "GMT", "UTC", "KST", "JST",
        "BST", "CET", "CEST", "AKST", "HST",
    ]

    /// A capitalized word that starts sentences (The, How, It, …).
    func isSentenceStarter(at start: Int) -> Bool {
        guard start < text.count, text[start].isUpper else { return false }
        var end = start + 1
        while end < text.count, text[end].isLetter { end += 1 }
        if end < text.count, text[end] >= 0x80 || text[end].isDigit { return false }
        // "A." and "I." followed by a period are initials, not the article or the pronoun.
        if end == start + 1, end < text.count, text[end] == 0x2E { return false }
        guard let key = _WordKey(text, start..<end) else { return false }
        return rules.starterTable.contains(key)
    }

    /// The text before a time abbreviation is a short phrase opened by a preposition or a
    /// time word: "At 5", "By 6", "Shortly after 9".
    func isIntroductoryPhrase(_ range: Range<Int>) -> Bool {
        let i = skipForward(from: range.lowerBound, limit: range.upperBound, while: Punctuation.isOpener)
        var wordEnd = i
        while wordEnd < range.upperBound, text[wordEnd].isLetter { wordEnd += 1 }
        guard let key = _WordKey(text, i..<wordEnd), rules.introductoryTable.contains(key) else { return false }
        var words = 0
        var inWord = false
        for j in i..<range.upperBound {
            let isSpace = text[j] == 0x20
            if !isSpace && !inWord { words += 1 }
            inWord = !isSpace
        }
        return words <= 4
    }

    /// Where the word before `position` starts, or `nil` at the start of the segment.
    func previousWordStart(before position: Int, limit: Int) -> Int? {
        let end = skipWhitespaceBackward(from: position, limit: limit)
        guard end > limit, end < position else { return nil }
        return wordStart(before: end, limit: limit)
    }

    /// Where the run of non-whitespace that ends at `position` starts (not before `limit`).
    func wordStart(before position: Int, limit: Int) -> Int {
        var i = position
        while i > limit {
            let start = text.scalarStart(before: i)
            if Whitespace.length(at: start, in: text) > 0 { break }
            i = start
        }
        return i
    }

    /// The first position from `position` (up to `limit`) whose scalar fails `predicate`.
    @inline(__always)
    func skipForward(from position: Int, limit: Int? = nil, while predicate: (UInt32) -> Bool) -> Int {
        let limit = limit ?? text.count
        var i = position
        while i < limit {
            let (scalar, length) = text.scalar(at: i)
            guard predicate(scalar) else { break }
            i += length
        }
        return i
    }

    func startsCapitalized(_ position: Int) -> Bool {
        let i = skipForward(from: position, while: Punctuation.isOpener)
        guard i < text.count else { return false }
        if text[i] < 0x80 { return text[i].isUpper }
        return Unicode.Scalar(text.scalar(at: i).value)?.properties.isUppercase ?? false
    }

    /// Whether the byte at `index` lies in a token that looks like an e-mail address or a
    /// URL (holds `@` or `://`, or starts with `www.`).
    static func isInsideAddress(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        var start = index
        while start > 0, text[start - 1] > 0x20 { start -= 1 }
        var end = index
        while end < text.count, text[end] > 0x20 { end += 1 }
        if end - start >= 4, text[start] | 0x20 == 0x77, text[start + 1] | 0x20 == 0x77,
           text[start + 2] | 0x20 == 0x77, text[start + 3] == 0x2E {
            return true
        }
        var i = start
        while i < end {
            if text[i] == 0x40 { return true }
            if text[i] == 0x3A, i + 2 < end, text[i + 1] == 0x2F, text[i + 2] == 0x2F { return true }
            i += 1
        }
        return false
    }

    // MARK: Inline lists

    /// When a segment opens with a list mark (`1.`, `1)`, `1.)`, `a.`, `b)`, `(a)`, `•`, `⁃`),
    /// the position of the next item's mark in the same paragraph: the same bullet, or the
    /// next number or letter with the same punctuation, after whitespace. With the web text
    /// rules, a segment that opens with an e-mail closing (`Best regards,`) ends after it.
    func inlineListBreak(segmentStart start: Int) -> Int? {
        guard start < text.count else { return nil }
        if rules.webTextRules, let name = EMailLayout.closingBreak(at: start, in: text) { return name }
        let (first, length) = text.scalar(at: start)
        if ListMarker.isBullet(first) || first == 0x2043 {
            var i = start + length
            while i + length <= text.count {
                if text.scalar(at: i).value == first, Whitespace.length(at: text.scalarStart(before: i), in: text) > 0 {
                    return i
                }
                i += text.scalar(at: i).length
            }
            return nil
        }
        // "(a) … (b) …", "(1) … (2) …"
        if first == 0x28 {
            var labelEnd = start + 1
            while labelEnd < text.count, labelEnd - start <= 3, text[labelEnd].isDigit { labelEnd += 1 }
            let isNumber = labelEnd > start + 1
            if !isNumber {
                guard labelEnd < text.count, text[labelEnd].isLetter, text[labelEnd] | 0x20 != 0x7A else { return nil }
                labelEnd += 1
            }
            guard labelEnd + 1 < text.count, text[labelEnd] == 0x29, text[labelEnd + 1] == 0x20 else { return nil }
            var pattern: [UInt8] = [0x28]
            if isNumber {
                var value = 0
                for i in (start + 1)..<labelEnd { value = value * 10 + Int(text[i] - 0x30) }
                pattern.append(contentsOf: String(value + 1).utf8)
            } else {
                pattern.append(text[start + 1] + 1)
            }
            pattern.append(contentsOf: [0x29, 0x20])
            var i = labelEnd + 2
            while i + pattern.count <= text.count {
                if text[i] == 0x28, text[i - 1] == 0x20, pattern.indices.allSatisfy({ text[i + $0] == pattern[$0] }),
                   !followsReferenceWord(i) {
                    return i
                }
                i += 1
            }
            return nil
        }
        // A number or a letter, then "." / ")" / ".)", then a space.
        var labelEnd = start
        while labelEnd < text.count, labelEnd - start < 4, text[labelEnd].isDigit { labelEnd += 1 }
        let isNumber = labelEnd > start
        if isNumber {
            guard labelEnd - start <= 3 else { return nil }
        } else {
            guard text[start].isLetter else { return nil }
            labelEnd = start + 1
        }
        var punctuationEnd = labelEnd
        if punctuationEnd < text.count, text[punctuationEnd] == 0x2E { punctuationEnd += 1 }
        if punctuationEnd < text.count, text[punctuationEnd] == 0x29 { punctuationEnd += 1 }
        guard punctuationEnd > labelEnd, punctuationEnd < text.count, text[punctuationEnd] == 0x20 else { return nil }
        var pattern: [UInt8]
        if isNumber {
            var value = 0
            for i in start..<labelEnd { value = value * 10 + Int(text[i] - 0x30) }
            pattern = Array(String(value + 1).utf8)
        } else {
            guard text[start] | 0x20 != 0x7A else { return nil }
            pattern = [text[start] + 1]
        }
        pattern.append(contentsOf: UnsafeBufferPointer(rebasing: text[labelEnd..<punctuationEnd]))
        pattern.append(0x20)
        var i = punctuationEnd
        while i + pattern.count <= text.count {
            if text[i] == pattern[0], text[i - 1] == 0x20 || text[i - 1] == 0x09,
               pattern.indices.allSatisfy({ text[i + $0] == pattern[$0] }) {
                return i
            }
            i += 1
        }
        return nil
    }
}
