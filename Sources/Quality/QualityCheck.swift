import TMKitCore

/// The checks of translation QA.
public enum QualityCheck: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Every number, amount and percentage of the source in the target (EN ↔ KO forms:
    /// `1.2 million` = `120만`, `$3.5 billion` = `35억 달러`).
    case numbers
    /// Months and weekdays: `October` ↔ `10월`, `Wednesday` ↔ `수요일`.
    case dates
    /// Inline codes: missing, extra, a pair ended before it starts.
    case codes
    /// End punctuation, unbalanced quotes and brackets, double spaces, whitespace at the ends.
    case punctuation
    /// Empty target, target equal to the source, target in the wrong script.
    case untranslated
    /// One source with different targets; one target for different sources.
    case consistency
    /// URLs, e-mail addresses, @handles and #hashtags kept as written.
    case urls
    /// A target far longer or shorter than the pair's usual ratio.
    case length
    /// Glossary terms: allowed translations missing, deprecated or forbidden terms used.
    case terminology

    /// Orders checks as they are declared here, `numbers` first and `terminology` last.
    public static func < (lhs: QualityCheck, rhs: QualityCheck) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A place in a segment's text: UTF-8 byte offsets, the 1-based column in Unicode scalars,
/// and the text there.
public struct QualitySpan: Sendable, Hashable {
    /// UTF-8 byte offset of the span's start in the segment's plain text.
    public var start: Int
    /// UTF-8 byte offset just past the span's end (equal to `start` for an empty span).
    public var end: Int
    /// 1-based column of the span's start, counted in Unicode scalars.
    public var column: Int
    /// The segment's text within the span.
    public var text: String

    /// The span of a UTF-8 byte range of `segment`, clamped to the segment's length.
    public init(_ range: Range<Int>, in segment: String) {
        let bytes = Array(segment.utf8)
        let lower = min(range.lowerBound, bytes.count), upper = min(max(range.upperBound, lower), bytes.count)
        start = lower
        end = upper
        column = 1 + bytes[..<lower].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        text = String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}

/// One finding: the unit, the check, how serious, a message a translator understands, and
/// where in source and target.
public struct QualityFinding: Sendable, Hashable {
    /// How serious a finding is: `error` when something of the source is missing or wrong in the
    /// target (numbers, dates, codes, URLs, untranslated), `warning` when it is worth a look.
    public enum Severity: String, Sendable, Hashable { case error, warning }

    /// The id of the unit the finding is about, as given to ``QualityChecker/check(unit:source:target:)``.
    public var unit: String
    /// The check that made the finding.
    public var check: QualityCheck
    /// Whether the finding is an error or a warning.
    public var severity: Severity
    /// What is wrong, in one line a translator understands, without the unit or check.
    public var message: String
    /// Where in the source's plain text the problem is; nil when it has no one place there.
    public var source: QualitySpan?
    /// Where in the target's plain text the problem is; nil when it has no one place there.
    public var target: QualitySpan?

    /// A finding; the source and target spans default to none.
    public init(unit: String, check: QualityCheck, severity: Severity, message: String, source: QualitySpan? = nil, target: QualitySpan? = nil) {
        self.unit = unit
        self.check = check
        self.severity = severity
        self.message = message
        self.source = source
        self.target = target
    }
}
