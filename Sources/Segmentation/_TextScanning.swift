import TMKitCore
import TextAnalysis

enum Punctuation {
    /// What a mark can be at a sentence's edge.
    struct Roles: OptionSet {
        let rawValue: UInt8
        /// Ends a sentence: . ? ! and … 。 ． ？ ！ ‼ ⁇ ⁈ ⁉ ｡
        static let terminal = Roles(rawValue: 1)
        /// A closing quote or bracket that may follow a sentence's final mark.
        static let closer = Roles(rawValue: 2)
        /// An opening quote or bracket that may precede a sentence's first word.
        static let opener = Roles(rawValue: 4)
    }

    @inline(__always)
    static func roles(_ scalar: UInt32) -> Roles {
        switch scalar {
        case 0x2E, 0x3F, 0x21, 0x2026, 0x3002, 0xFF0E, 0xFF1F, 0xFF01, 0x203C, 0x2047, 0x2048, 0x2049, 0xFF61: .terminal
        // Straight quotes open and close.
        case 0x22, 0x27: [.closer, .opener]
        case 0x29, 0x5D, 0x7D, 0x201D, 0x2019, 0x00BB, 0x203A, 0x300D, 0x300F, 0xFF09, 0x3009, 0x300B, 0x3011: .closer
        case 0x28, 0x5B, 0x7B, 0x201C, 0x2018, 0x00AB, 0x2039, 0x300C, 0x300E, 0xFF08, 0x3008, 0x300A, 0x3010, 0xBF, 0xA1: .opener
        default: []
        }
    }

    @inline(__always)
    static func isTerminal(_ scalar: UInt32) -> Bool { roles(scalar).contains(.terminal) }

    @inline(__always)
    static func isCloser(_ scalar: UInt32) -> Bool { roles(scalar).contains(.closer) }

    @inline(__always)
    static func isOpener(_ scalar: UInt32) -> Bool { roles(scalar).contains(.opener) }

    /// Whether the text in `range` ends with a sentence-final mark, closing quotes and
    /// brackets aside.
    static func endsLikeSentence(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = range.upperBound
        while end > range.lowerBound {
            let (scalar, start) = text.scalar(before: end)
            if isCloser(scalar) {
                end = start
                continue
            }
            return isTerminal(scalar)
        }
        return false
    }
}


enum ListMarker {
    /// Bullets that open a list item: • ◦ ▪ ‣ ⁃ ● ■ ○ ▶ ► ※ ·
    @inline(__always)
    static func isBullet(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x2022, 0x25E6, 0x25AA, 0x2023, 0x2043, 0x25CF, 0x25A0, 0x25CB, 0x25B6, 0x25BA, 0x203B, 0x00B7:
            true
        default:
            false
        }
    }

    /// Whether the line starts a list item: a bullet; `-`, `*`, `+` or `–` and a space;
    /// 1–3 digits and `.` or `)` and a space; a letter and `)` and a space; `(a)`/`(1)`
    /// and a space; or a circled number ①–⑳.
    static func startsListItem(_ line: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = line.lowerBound
        while i < line.upperBound, text[i] == 0x20 || text[i] == 0x09 { i += 1 }
        guard i < line.upperBound else { return false }
        let (first, length) = text.scalar(at: i)
        if isBullet(first) || (first >= 0x2460 && first <= 0x2473) { return true }
        func spaceAt(_ j: Int) -> Bool { j < line.upperBound && (text[j] == 0x20 || text[j] == 0x09) }
        switch first {
        case 0x2D, 0x2A, 0x2B, 0x2013:
            return spaceAt(i + length)
        case 0x30...0x39:
            var j = i
            while j < line.upperBound, j - i < 4, text[j].isDigit { j += 1 }
            guard j - i <= 3, j < line.upperBound, text[j] == 0x2E || text[j] == 0x29 else { return false }
            return spaceAt(j + 1)
        case 0x28:
            // (a) (B) (1) (12) (iv)
            var j = i + 1
            while j < line.upperBound, j - i <= 4, text[j].isLetterOrDigit { j += 1 }
            guard j < line.upperBound, text[j] == 0x29, spaceAt(j + 1) else { return false }
            let label = (i + 1)..<j
            if label.count == 1 { return true }
            if label.count <= 2, label.allSatisfy({ text[$0].isDigit }) { return true }
            return label.allSatisfy { [0x69, 0x76, 0x78].contains(text[$0]) }  // i v x
        default:
            if text[i].isLetter, i + 1 < line.upperBound, text[i + 1] == 0x29 { return spaceAt(i + 2) }
            return false
        }
    }
}

extension UInt8 {
    @inline(__always) var isDigit: Bool { self &- 0x30 < 10 }
    @inline(__always) var isUpper: Bool { self &- 0x41 < 26 }
    @inline(__always) var isLower: Bool { self &- 0x61 < 26 }
    @inline(__always) var isLetter: Bool { (self | 0x20) &- 0x61 < 26 }
    @inline(__always) var isLetterOrDigit: Bool { isLetter || isDigit }
}
