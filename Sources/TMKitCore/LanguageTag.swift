/// A BCP 47 language tag, normalized in case and separators (`EN_us` → `en-US`,
/// `zh_hant_tw` → `zh-Hant-TW`). The spelling found in the input is kept for reports.
///
/// Two tags are equal when their normalized forms are equal.
public struct LanguageTag: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The normalized tag, e.g. `en-US`.
    public let normalized: String
    /// The tag as written in the input, e.g. `EN_us`.
    public let original: String

    /// Parses and normalizes `string`; returns `nil` when it is not a well-formed tag
    /// (empty, a subtag longer than 8 characters, characters other than letters, digits,
    /// `-` and `_`, or a primary subtag that is not 2–8 letters, `i` or `x`).
    public init?(_ string: String) {
        let trimmed = string.trimmingASCIIWhitespace()
        let subtags = trimmed.split(separator: "-", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        guard let first = subtags.first, !first.isEmpty else { return nil }
        var parts: [String] = []
        parts.reserveCapacity(subtags.count)
        var afterSingleton = false
        for (position, subtag) in subtags.enumerated() {
            guard (1...8).contains(subtag.count),
                  subtag.utf8.allSatisfy({ $0.isASCIIAlphanumeric })
            else { return nil }
            let lower = subtag.lowercased()
            if position == 0 {
                let isLetters = subtag.utf8.allSatisfy { $0.isASCIILetter }
                guard isLetters, subtag.count >= 2 || lower == "i" || lower == "x" else { return nil }
                parts.append(lower)
                afterSingleton = lower == "x" || lower == "i"
                continue
            }
            if afterSingleton || subtag.count == 1 {
                // Extensions and private use (`-u-…`, `-x-…`) stay lower case.
                afterSingleton = true
                parts.append(lower)
            } else if subtag.count == 4, subtag.utf8.allSatisfy({ $0.isASCIILetter }) {
                parts.append(lower.prefix(1).uppercased() + lower.dropFirst())  // script: Hant
            } else if subtag.count == 2, subtag.utf8.allSatisfy({ $0.isASCIILetter }) {
                parts.append(lower.uppercased())  // region: US
            } else if subtag.count == 3, subtag.utf8.allSatisfy({ $0.isASCIIDigit }) {
                parts.append(lower)  // region: 419
            } else {
                parts.append(lower)  // variant or extended language
            }
        }
        self.normalized = parts.joined(separator: "-")
        self.original = string
    }

    /// The primary language subtag: `en` for `en-US`.
    public var language: String {
        String(normalized.prefix { $0 != "-" })
    }

    public var description: String { normalized }

    /// Whether this tag is `range` or a more specific tag within it: `en-US` is in `en`,
    /// `en` is in `en`, `en` is not in `en-US` (RFC 4647 basic filtering).
    public func isWithin(_ range: LanguageTag) -> Bool {
        let tag = normalized.lowercased()
        let prefix = range.normalized.lowercased()
        return tag == prefix || tag.hasPrefix(prefix + "-")
    }

    /// How well this tag answers a request for `requested`, after RFC 4647 (basic filtering,
    /// then lookup's fallback to shorter tags): 0 the same tag; 1 a more specific one
    /// (`en-US` for `en`); 2 a shorter one `requested` falls back to (`en` for `en-US`);
    /// nil another language or another region (`en-GB` for `en-US`). Lower is better.
    public func matchRank(for requested: LanguageTag) -> Int? {
        if self == requested { return 0 }
        if isWithin(requested) { return 1 }
        if requested.isWithin(self) { return 2 }
        return nil
    }

    public static func == (lhs: LanguageTag, rhs: LanguageTag) -> Bool {
        lhs.normalized == rhs.normalized
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(normalized)
    }

    public static func < (lhs: LanguageTag, rhs: LanguageTag) -> Bool {
        lhs.normalized < rhs.normalized
    }

    public static let english = LanguageTag("en")!
    public static let korean = LanguageTag("ko")!
}

extension UInt8 {
    @inlinable var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    @inlinable var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    @inlinable var isASCIIAlphanumeric: Bool { isASCIILetter || isASCIIDigit }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let text = Substring(self)
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return text[first...last]
    }
}
