import TMKitCore
@_spi(Internals) import TextAnalysis

enum KoreanEndings {
    /// Whether the line ends, without punctuation, in a final verb ending: `…했다`, `…이다`,
    /// `…합니다`, `…해요`, `…죠`, `…할까`. Nouns that end in the same syllable (바다, 필요)
    /// do not count: the syllable before must be a verb stem or an ending.
    static func endsInFinalEnding(_ line: Range<Int>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let content = Whitespace.trimmed(line, in: text)
        guard content.count >= 6 else { return false }
        let (last, lastStart) = text.scalar(before: content.upperBound)
        guard Hangul.isSyllable(last), lastStart > content.lowerBound else { return false }
        let (previous, _) = text.scalar(before: lastStart)
        guard Hangul.isSyllable(previous) else { return false }
        switch last {
        case 0xB2E4:  // 다
            // A stem with a final consonant (했다, 있다, 한다, 같다) or an ending (이다, 니다, 하다, 되다, 지다).
            return Hangul.finalConsonant(previous) != 0
                || [0xC774, 0xB2C8, 0xD558, 0xB418, 0xC9C0, 0xB9AC, 0xB974].contains(previous)
        case 0xC694:  // 요: 해요체 endings (어요, 아요, 에요, 해요, 지요, 네요, 세요, 군요, …)
            return [0xC5B4, 0xC544, 0xC5D0, 0xC608, 0xD574, 0xC6CC, 0xC640, 0xC838, 0xC918, 0xBD10, 0xC9C0,
                    0xB124, 0xAD70, 0xC138, 0xB798, 0xB098, 0xAC00, 0xB370, 0xAC8C, 0xAE4C, 0xB77C, 0xB824,
                    0xC11C, 0xAC70, 0xB354, 0xB300, 0xC57C].contains(previous)
        case 0xC8E0:  // 죠
            return true
        case 0xAE4C:  // 까: 습니까, 할까, 일까
            return previous == 0xB2C8 || Hangul.finalConsonant(previous) == 8
        default:
            return false
        }
    }
}

extension KoreanEndings {
    /// Adds a boundary before every word that follows, after a space, a word ending a
    /// Korean sentence without punctuation, as reviews, chat and queries do (`맛있어요 다음에`,
    /// `어디 있지 이 행사는`, `알려줘 근처`): a final ending (``wordEndsSentence(_:in:)``) or a
    /// closing emoticon (`ㅎㅎ`, `^^`, `~`). Not inside quotation marks or brackets, not before
    /// a word that continues the clause (`했다 하더라도`, `할까 봐`, `있지 않다`) and not before an
    /// emoticon, which belongs to the sentence before it (`했어요 ㅜㅜ`).
    static func addUnpunctuatedEnds(in text: UnsafeBufferPointer<UInt8>, to boundaries: inout [Int]) {
        var depth = 0  // quotation marks and brackets open at i
        var asciiQuoteOpen = false
        var wordStart = 0
        var i = 0
        while i < text.count {
            let byte = text[i]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                let wordEnd = i
                while i < text.count, text[i] == 0x20 || text[i] == 0x09 || text[i] == 0x0A || text[i] == 0x0D { i += 1 }
                if depth == 0, !asciiQuoteOpen, wordEnd > wordStart, i < text.count,
                   wordEndsSentence(wordStart..<wordEnd, in: text), !continuesClause(at: i, in: text) {
                    boundaries.append(i)
                }
                wordStart = i
                continue
            }
            if byte == 0x22 {
                asciiQuoteOpen.toggle()
            } else if byte == 0x28 || byte == 0x5B {
                depth += 1
            } else if byte == 0x29 || byte == 0x5D {
                depth = Swift.max(0, depth - 1)
            } else if byte == 0xE2 || byte == 0xE3 {
                switch text.scalar(at: i).value {
                case 0x201C, 0x2018, 0x300C, 0x300E, 0x300A, 0x3008: depth += 1  // “ ‘ 「 『 《 〈
                case 0x201D, 0x2019, 0x300D, 0x300F, 0x300B, 0x3009: depth = Swift.max(0, depth - 1)
                default: break
                }
            }
            i += 1
        }
    }

    /// Whether a word (no whitespace) ends a sentence without punctuation: it ends in a
    /// final ending (see ``finalEnding(last:previous:beforePrevious:)``), or in a closing
    /// emoticon after a syllable (`좋네요~`, `입니다ㅎㅎ`, `주문받네요;`), or is an emoticon
    /// of jamo or carets (`ㅋㅋ`, `ㅠㅠ`, `^^`).
    static func wordEndsSentence(_ word: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = word.upperBound
        var tildes = 0, carets = 0, jamo = 0, semicolons = 0
        while end > word.lowerBound {
            let (scalar, start) = text.scalar(before: end)
            switch scalar {
            case 0x7E, 0xFF5E: tildes += 1  // ~ ～
            case 0x5E: carets += 1
            case 0x3B: semicolons += 1
            case 0x3131...0x318E: jamo += 1  // compatibility jamo: ㅋ ㅎ ㅠ ㅜ ㅅ
            case 0x2026:  // 좋다…… : an ellipsis after a final ending
                var before = start
                while before > word.lowerBound, text.scalar(before: before).value == 0x2026 {
                    before = text.scalar(before: before).start
                }
                return end == word.upperBound && before > word.lowerBound
                    && wordEndsInFinalEnding(word.lowerBound..<before, text)
            default:
                if end == word.upperBound { return wordEndsInFinalEnding(word, text) }
                // Marks after a syllable: two carets or two jamo; a tilde or a semicolon after
                // a final ending (좋네요~, not 9시~ or 정치;).
                guard Hangul.isSyllable(scalar) else { return false }
                if carets >= 2 || jamo >= 2 { return true }
                return (tildes > 0 || semicolons > 0) && wordEndsInFinalEnding(word.lowerBound..<end, text)
            }
            end = start
        }
        return jamo > 0 || carets >= 2  // the word is an emoticon
    }

    /// A word of emoticon marks only, with a jamo or two carets (`ㅜㅜ`, `ㅋ`, `^^`, `~^^`).
    static func isEmoticon(_ word: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = word.lowerBound, carets = 0, jamo = 0
        while i < word.upperBound {
            let (scalar, length) = text.scalar(at: i)
            switch scalar {
            case 0x5E: carets += 1
            case 0x7E, 0xFF5E, 0x3B: break
            case 0x3131...0x318E: jamo += 1
            default: return false
            }
            i += length
        }
        return jamo > 0 || carets >= 2
    }

    /// The final ending test on a whole word: its last syllables.
    private static func wordEndsInFinalEnding(_ word: Range<Int>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let (last, lastStart) = text.scalar(before: word.upperBound)
        guard Hangul.isSyllable(last) else { return false }
        guard lastStart > word.lowerBound else { return false }
        let (previous, previousStart) = text.scalar(before: lastStart)
        guard Hangul.isSyllable(previous) else { return false }
        let beforePrevious = previousStart > word.lowerBound ? text.scalar(before: previousStart).value : 0
        return finalEnding(last: last, previous: previous, beforePrevious: beforePrevious)
    }

    /// Final endings by their last syllable and the one or two before it. Connective
    /// endings and nouns that end in the same syllable are left out: `-니` only after a
    /// tense or 있/없 (`했니`, not the connective `가니`), `-다` only after a final consonant
    /// or as `이다`/`니다` (`바다`, `캐나다` and the clipped connective `하다가` are not ends),
    /// `-요` except after the nouns `필요`, `주요`, `중요`, `수요`, … .
    static func finalEnding(last: UInt32, previous: UInt32, beforePrevious: UInt32) -> Bool {
        switch last {
        case 0xB2E4:  // 다: 했다, 있다, 한다, 같다, 이다, 니다 (not 혼다, 우간다, 판다, 베란다)
            if loanwordsInNda.contains(previous) || (previous == 0xAC04 && beforePrevious == 0xC6B0) { return false }
            return Hangul.finalConsonant(previous) != 0 || previous == 0xC774 || previous == 0xB2C8
        case 0xC694:  // 요: every 해요체 ending (어요, 네요, 세요, 구요, 나요, 죠요, …)
            return !nounsBeforeYo.contains(previous)
        case 0xC8E0, 0xC918:  // 죠, 줘 (알려줘, 보여줘)
            return true
        case 0xAE4C:  // 까: 습니까 / ㅂ니까, 할까, 일까
            if previous == 0xB2C8 { return beforePrevious == 0xC2B5 || Hangul.finalConsonant(beforePrevious) == 17 }
            return Hangul.finalConsonant(previous) == 8
        case 0xBD10:  // 봐: 해봐, 설명해봐
            return [0xD574, 0xC5B4, 0xC544, 0xC5EC].contains(previous)
        case 0xB2C8:  // 니: 했니, 봤니, 있니 (not the connective -니: 가니, 하니)
            return isTenseOrExistence(previous)
        case 0xB0D0:  // 냐: 막히냐, 뭐냐, 있냐 (not 케냐)
            return Hangul.finalConsonant(previous) != 0 || [0xD558, 0xD788, 0xAC00, 0xB418, 0xBB50, 0xC774, 0xB2C8, 0xB290].contains(previous)
        case 0xC74C:  // 음: 있음, 없음, 않음, 좋음, 했음
            return isTenseOrExistence(previous) || [0xC54A, 0xC88B, 0xAC19, 0xB9CE, 0xC2F6].contains(previous)
        case 0xD568, 0xC9D0:  // 함, 짐: 좋아함, 떨어짐
            return [0xC544, 0xC5B4, 0xC5EC].contains(previous)
        case 0xB4EF:  // 듯: 할듯, 좋을듯
            return Hangul.finalConsonant(previous) == 8
        case 0xC624:  // 오: 찾으시오, 하시오 (not 이그나시오)
            return previous == 0xC2DC && [0xC73C, 0xD558, 0xBCF4, 0xC8FC].contains(beforePrevious)
        case 0xB77C:  // 라: 찾아라, 해봐라
            return [0xC544, 0xC5B4, 0xC5EC, 0xD574, 0xBD10, 0xC640, 0xC6CC, 0xC918].contains(previous)
        case 0xC9C0:  // 지: 있지, 했지, 그렇겠지 (있지 않다 goes on: see continuesClause)
            return isTenseOrExistence(previous)
        case 0xB124:  // 네: 했네, 있네
            return isTenseOrExistence(previous)
        case 0xB54C:  // 때: 어때
            return previous == 0xC5B4
        case 0xC57C:  // 야: 얼마야, 거야, 사람이야 (not 분야, 마야)
            return previous == 0xC774 || previous == 0xAC70 || (previous == 0xB9C8 && beforePrevious == 0xC5BC)
        default:
            return false
        }
    }

    /// A syllable ending in ㅆ (었 았 였 했 봤 갔 됐 겠 있) or 없.
    private static func isTenseOrExistence(_ syllable: UInt32) -> Bool {
        Hangul.finalConsonant(syllable) == 20 || syllable == 0xC5C6
    }

    /// Syllables that make a noun with 요: 필요 주요 중요 수요 개요 강요 소요 동요 요요 화요(일)
    /// 민요 가요 (a word 가요 is the noun "popular songs" in news far more often than "goes") …
    private static let nounsBeforeYo: Set<UInt32> = Set("필주중수개강소동요화월금토목일교정진긴불차기민가".unicodeScalars.map(\.value))

    /// Syllables with ㄴ before 다 in loanwords: 혼다 판다 베란다 르완다 어젠다 라벤다 (우간다 apart:
    /// 간다 is also "goes").
    private static let loanwordsInNda: Set<UInt32> = Set("혼판란완젠벤".unicodeScalars.map(\.value))

    /// Words that go on the clause of an unpunctuated ending before them: auxiliaries and
    /// quotative verbs (`했다 하더라도`, `있지 않다`, `할까 봐`, `맞다 생각하고`, `하는 듯 보였다`),
    /// bound nouns (`것`, `수`, `등`), and emoticons, which close the sentence before.
    static func continuesClause(at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = start
        while end < text.count, text[end] > 0x20 { end += 1 }
        let word = UnsafeBufferPointer(rebasing: text[start..<end])
        if isEmoticon(start..<end, in: text) { return true }
        if continuationWords.contains(where: { $0.elementsEqual(word) }) { return true }
        return continuationPrefixes.contains { prefix in
            prefix.count <= word.count && prefix.elementsEqual(word.prefix(prefix.count))
        }
    }

    private static let continuationWords: [[UInt8]] = [
        "할", "한", "것", "수", "뿐", "등", "및", "봐", "봐서", "때문에", "하지", "오고", "오면", "온다", "만",
        "고", "라고", "이라고", "며", "라며", "이라며", "면서", "라면서",
    ]
        .map { Array($0.utf8) }

    /// Quotative particles and connectives written apart from the quotation they close
    /// (`…것이다.” 고 말했다`): no sentence starts with one.
    static func isDetachedQuotative(at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = start
        while end < text.count, text[end] > 0x20 { end += 1 }
        guard end < text.count else { return false }
        let word = UnsafeBufferPointer(rebasing: text[start..<end])
        return detachedQuotatives.contains { $0.elementsEqual(word) }
    }

    private static let detachedQuotatives: [[UInt8]] = ["고", "라고", "이라고", "하고", "며", "라며", "이라며", "면서", "라면서"]
        .map { Array($0.utf8) }
    private static let continuationPrefixes: [[UInt8]] = [
        "보니", "보면", "보이", "보였", "보인", "하더라도", "해도", "하여", "싶", "못해", "못하", "말고", "말까",
        "하는", "한다", "하고", "하며", "하면", "해서", "합니다", "했", "하다", "생각", "않", "아니", "버리", "버렸",
        "버린", "놓", "왔", "와서", "와야", "못",
    ].map { Array($0.utf8) }
}
