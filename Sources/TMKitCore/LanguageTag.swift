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

    /// The normalized tag, e.g. `en-US`.
    public var description: String { normalized }

    /// Whether this tag is `range` or a more specific tag within it: `en-US` is in `en`,
    /// `en` is in `en`, `en` is not in `en-US` (RFC 4647 basic filtering).
    public func isWithin(_ range: LanguageTag) -> Bool {
        // Both are normalized (one spelling per tag), so bytes compare without case folding.
        // Compared in the strings' own storage (a glossary load asks this for every entry).
        var tag = normalized, prefix = range.normalized
        return tag.withUTF8 { tag in
            prefix.withUTF8 { prefix in
                guard tag.count >= prefix.count else { return false }
                for k in 0..<prefix.count where tag[k] != prefix[k] { return false }
                return tag.count == prefix.count || tag[prefix.count] == UInt8(ascii: "-")
            }
        }
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

    /// Whether this tag answers a request for `requested` at all (``matchRank(for:)`` is not nil):
    /// `en`, `en-US`, `en-GB` answer `en`; `en-US` and `en` answer `en-US`.
    public func matches(_ requested: LanguageTag) -> Bool {
        matchRank(for: requested) != nil
    }

    /// The element of `candidates` whose language answers `requested` best (lowest
    /// ``matchRank(for:)``; the first of equals), or nil when none does.
    public static func bestMatch<S: Sequence>(
        for requested: LanguageTag, in candidates: S, language: (S.Element) -> LanguageTag
    ) -> S.Element? {
        var best: (element: S.Element, rank: Int)?
        for candidate in candidates {
            guard let rank = language(candidate).matchRank(for: requested) else { continue }
            if rank == 0 { return candidate }
            if best == nil || rank < best!.rank { best = (candidate, rank) }
        }
        return best?.element
    }

    /// Whether the normalized forms are equal (`EN_us` equals `en-US`).
    public static func == (lhs: LanguageTag, rhs: LanguageTag) -> Bool {
        lhs.normalized == rhs.normalized
    }

    /// Hashes the normalized form, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(normalized)
    }

    /// Orders tags by their normalized forms as strings (`en` before `en-US` before `ko`).
    public static func < (lhs: LanguageTag, rhs: LanguageTag) -> Bool {
        lhs.normalized < rhs.normalized
    }

    /// `en`, English.
    public static let english = LanguageTag("en")!
    /// `ko`, Korean.
    public static let korean = LanguageTag("ko")!
}

/// A language tag a user typed that tmkit will not take, with what to write instead.
public struct LanguageTagError: TMKitError, Equatable {
    /// Why a tag was refused.
    public enum Kind: Sendable, Hashable {
        /// Not a BCP 47 tag at all (`e n`, `en--US`, `123`).
        case malformed
        /// Well formed, but its language is no ISO 639 code (`klingon`, `jp`), or a name
        /// (`english`); `suggestion` is the code meant, when tmkit can tell.
        case unknownLanguage(suggestion: String?)
        /// A three-letter code where BCP 47 requires the two-letter one (`kor` → `ko`).
        case longForm(String)
    }

    /// The tag as the user typed it.
    public var value: String
    /// Why it was refused, with the code to use when tmkit knows it.
    public var kind: Kind

    /// An error refusing `value` for `kind`.
    public init(_ kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }

    /// The refusal in one line, quoting `value` and saying what to write instead.
    public var message: String {
        switch kind {
        case .malformed:
            "'\(value)' is not a language tag; use e.g. en, ko, en-US, ko-KR"
        case .unknownLanguage(let suggestion?):
            "'\(value)' is not a language code; use \(suggestion)"
        case .unknownLanguage(nil):
            "'\(value)' is not an ISO 639 language code; use e.g. en, ko, en-US, ko-KR"
        case .longForm(let short):
            "'\(value)' has a two-letter code, which BCP 47 requires; use \(short)"
        }
    }

    /// Always `nil`: a typed tag has no place in a file.
    public var location: SourceLocation? { nil }
}

extension LanguageTag {
    /// Parses a tag a person typed (`--from`, `--to`, `--lang`): well formed (``init(_:)``,
    /// `_` read as `-`), and its primary language an ISO 639-1 code, a three-letter code
    /// (refused, with the two-letter one, for the languages BCP 47 writes with two letters that
    /// `iso639_2Long` lists; not checked against ISO 639-3), or `i-`/`x-` private use. Language names (`english`,
    /// `korean`) and common mistakes (`jp`, `cn`, `kor`) are refused with the code to use.
    /// Tags read from files are not held to this: they take ``init(_:)``.
    public init(validating string: String) throws(LanguageTagError) {
        let trimmed = String(string.trimmingASCIIWhitespace())
        let lower = trimmed.lowercased()
        if let code = Self.languageNames[lower] ?? Self.commonMistakes[lower] {
            throw LanguageTagError(.unknownLanguage(suggestion: code), value: string)
        }
        guard let tag = LanguageTag(trimmed) else { throw LanguageTagError(.malformed, value: string) }
        let primary = tag.language
        switch primary.count {
        case 2:
            guard Self.iso639_1.contains(primary) else {
                throw LanguageTagError(.unknownLanguage(suggestion: Self.commonMistakes[primary]), value: string)
            }
        case 3:
            if let short = Self.iso639_2Long[primary] {
                throw LanguageTagError(.longForm(short + tag.normalized.dropFirst(3)), value: string)
            }
        case 1:
            break  // i-…, x-… (grandfathered and private use)
        default:
            throw LanguageTagError(.unknownLanguage(suggestion: nil), value: string)
        }
        self = tag
    }

    /// For a valid code that is often typed for another language (`kr` is Kanuri, not
    /// Korean), a one-line caution; nil otherwise.
    public var caution: String? {
        switch language {
        case "kr": "'\(original)' is Kanuri; Korean is ko"
        case "iw": "'\(original)' is the withdrawn code for Hebrew; use he"
        case "in": "'\(original)' is the withdrawn code for Indonesian; use id"
        case "ji": "'\(original)' is the withdrawn code for Yiddish; use yi"
        default: nil
        }
    }

    /// Whether `code` (a primary language subtag) is an ISO 639-1 code or a three-letter one.
    public static func isKnownLanguage(_ code: String) -> Bool {
        let lower = code.lowercased()
        return lower.count == 3 ? lower.utf8.allSatisfy(\.isASCIILetter) : iso639_1.contains(lower)
    }

    /// ISO 639-1, with the withdrawn `iw`, `in`, `ji` that old files still carry.
    static let iso639_1: Set<String> = Set("""
        aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el \
        en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik in io is it iu \
        iw ja ji jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my \
        na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so \
        sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
        """.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }).map(String.init))

    /// ISO 639-2 codes of languages BCP 47 writes with two letters (the ones tmkit's users meet).
    static let iso639_2Long: [String: String] = [
        "eng": "en", "kor": "ko", "jpn": "ja", "zho": "zh", "chi": "zh", "fra": "fr", "fre": "fr", "deu": "de",
        "ger": "de", "spa": "es", "rus": "ru", "ita": "it", "por": "pt", "ara": "ar", "vie": "vi", "tha": "th",
        "ind": "id", "nld": "nl", "dut": "nl", "pol": "pl", "tur": "tr", "ukr": "uk", "mon": "mn", "heb": "he",
    ]

    /// Language names typed for codes.
    static let languageNames: [String: String] = [
        "english": "en", "korean": "ko", "japanese": "ja", "chinese": "zh", "french": "fr", "german": "de",
        "spanish": "es", "russian": "ru", "italian": "it", "portuguese": "pt", "arabic": "ar", "vietnamese": "vi",
        "thai": "th", "indonesian": "id", "dutch": "nl", "polish": "pl", "turkish": "tr", "ukrainian": "uk",
        "mongolian": "mn", "hebrew": "he", "hangul": "ko", "hangeul": "ko", "hanguk": "ko", "chosun": "ko",
    ]

    /// Country codes and abbreviations typed for language codes.
    static let commonMistakes: [String: String] = [
        "jp": "ja", "cn": "zh", "dk": "da", "gr": "el", "ua": "uk", "us": "en", "kp": "ko-KP", "vn": "vi",
        "cz": "cs",
    ]
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
