import TMKitCore

/// The XLIFF versions tmkit writes. It reads 1.0–1.2 and 2.0–2.2.
public enum XLIFFVersion: String, Sendable, CaseIterable {
    case v1_2 = "1.2"
    case v2_1 = "2.1"
}

/// How far a translation has come, on one scale for XLIFF 1.2's `state` and 2.x's `state`:
/// 1.2 `new`/`needs-translation`/`needs-l10n`/`needs-adaptation` are initial; `translated` and
/// `needs-review-*` translated; `signed-off` reviewed; `final` final. An `approved="yes"` unit
/// counts as reviewed at least.
public enum TranslationState: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case initial = 0, translated, reviewed, final

    /// Orders states by progress: initial < translated < reviewed < final.
    public static func < (lhs: TranslationState, rhs: TranslationState) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The state's name as `--min-state` takes it: `initial`, `translated`, `reviewed` or `final`.
    public var description: String {
        switch self {
        case .initial: "initial"
        case .translated: "translated"
        case .reviewed: "reviewed"
        case .final: "final"
        }
    }

    /// A state as written in XLIFF 1.2 or 2.x; nil for one neither defines (`x-…`).
    public init?(xliff value: String) {
        switch value {
        case "initial", "new", "needs-translation", "needs-l10n", "needs-adaptation": self = .initial
        case "translated", "needs-review-translation", "needs-review-l10n", "needs-review-adaptation": self = .translated
        case "reviewed", "signed-off": self = .reviewed
        case "final": self = .final
        default: return nil
        }
    }

    /// The name `--min-state` takes.
    public init?(name: String) {
        guard let state = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = state
    }
}

/// A memory match offered for a unit: 1.2 `<alt-trans>`, 2.x `<mtc:match>`.
public struct XLIFFMatch: Sendable, Hashable {
    /// 0–101, when known.
    public var score: Int?
    /// Where it came from (`tmkit memory`, a tool, a file).
    public var origin: String?
    /// The memory unit's id (`tuid`), when known.
    public var memoryID: String?
    /// The memory segment that matched (the match's `<source>`).
    public var source: SegmentContent
    /// The translation the memory offers (the match's `<target>`).
    public var target: SegmentContent

    /// A match; score and origin are nil when unknown.
    public init(score: Int?, origin: String?, memoryID: String? = nil, source: SegmentContent, target: SegmentContent) {
        self.score = score
        self.origin = origin
        self.memoryID = memoryID
        self.source = source
        self.target = target
    }
}

/// A glossary entry shown with a unit: 2.x `<gls:glossEntry>`; 1.2 writes it as a note.
public struct XLIFFTerm: Sendable, Hashable {
    /// The source-language term (2.x `<gls:term>`).
    public var term: String
    /// The term's target-language renderings (2.x `<gls:translation>`s), in file order.
    public var translations: [String]

    /// A glossary entry with its translations.
    public init(term: String, translations: [String]) {
        self.term = term
        self.translations = translations
    }

    /// `Pyongyang → 평양, 평양시`: the note form.
    public var note: String { "\(term) → \(translations.joined(separator: ", "))" }
}

/// One segment of a unit: the source, its translation and how far the translation has come.
/// A 1.2 unit without `<seg-source>` is one segment; with it, one per `<mrk mtype="seg">`;
/// a 2.x unit, one per `<segment>`.
public struct XLIFFSegment: Sendable, Hashable {
    /// The segment's id within its unit (2.x `id`, 1.2 `mid`), when it has one.
    public var id: String?
    /// The source text with its inline codes (`<source>`, or 1.2 `<seg-source>`'s `<mrk mtype="seg">`).
    public var source: SegmentContent
    /// The translation with its inline codes (`<target>`, or its `<mrk mtype="seg">`); nil when
    /// the file gives none.
    public var target: SegmentContent?
    /// The target's state; nil when the file gives none.
    public var state: TranslationState?

    /// A segment; id, target and state default to none.
    public init(id: String? = nil, source: SegmentContent, target: SegmentContent? = nil, state: TranslationState? = nil) {
        self.id = id
        self.source = source
        self.target = target
        self.state = state
    }

    /// The state that counts. A state of translated or beyond counts as given. Below that (or
    /// with none), a target that differs from its source counts as translated: OmegaT 3.6
    /// fills targets without touching their state, and many tools write none. A target equal
    /// to its source (the copy `tmkit extract` and other tools put there for the translator to
    /// overwrite), an empty one or none counts as initial.
    public var effectiveState: TranslationState {
        if let state, state >= .translated { return state }
        guard let target, !target.plainText.isEmpty || target.hasInlineCodes, target != source else { return .initial }
        return .translated
    }
}

/// A translation unit (1.2 `<trans-unit>`, 2.x `<unit>`).
public struct XLIFFUnit: Sendable, Hashable {
    /// The unit's `id` attribute; empty when it has none.
    public var id: String
    /// The unit's segments, in document order.
    public var segments: [XLIFFSegment]
    /// The unit's `<note>` texts, whitespace collapsed, in document order.
    public var notes: [String]
    /// Memory matches offered for the unit (1.2 `<alt-trans>`, 2.x `<mtc:match>`), in document order.
    public var matches: [XLIFFMatch]
    /// Glossary entries shown with the unit (2.x `<gls:glossEntry>`).
    public var terms: [XLIFFTerm]
    /// Whether the unit is to be translated (1.2 and 2.x `translate="no"` make it false).
    public var translate: Bool
    /// 1-based line and column of its start tag in the file read; 0 for units made in memory.
    public var line: Int
    /// 1-based column of the unit's start tag in the file read; 0 for units made in memory.
    public var column: Int

    /// A unit; notes, matches and terms default to none, `translate` to true, and line and
    /// column to 0 (made in memory).
    public init(id: String, segments: [XLIFFSegment], notes: [String] = [], matches: [XLIFFMatch] = [],
                terms: [XLIFFTerm] = [], translate: Bool = true, line: Int = 0, column: Int = 0) {
        self.column = column
        self.id = id
        self.segments = segments
        self.notes = notes
        self.matches = matches
        self.terms = terms
        self.translate = translate
        self.line = line
    }

    /// The whole source and target as the file has them when they hold more than the segments
    /// joined: 1.2 text outside `<mrk mtype="seg">` (the space between two sentences), 2.x
    /// `<ignorable>`. nil: the segments joined are the whole.
    public var sourceBetweenSegments: SegmentContent?
    /// The whole target as the file has it, when it holds more than the segments' targets joined
    /// (see `sourceBetweenSegments`); nil: the joined targets are the whole.
    public var targetBetweenSegments: SegmentContent?

    /// The whole source: the segments' sources in order, with what stands between them.
    public var source: SegmentContent {
        if let sourceBetweenSegments { return sourceBetweenSegments }
        return segments.count == 1 ? segments[0].source : SegmentContent(segments.flatMap(\.source.elements))
    }

    /// The whole target, when every segment has one: the segments' targets in order, with what
    /// stands between them.
    public var target: SegmentContent? {
        guard !segments.isEmpty, segments.allSatisfy({ $0.target != nil }) else { return nil }
        if let targetBetweenSegments { return targetBetweenSegments }
        return segments.count == 1 ? segments[0].target : SegmentContent(segments.flatMap { $0.target?.elements ?? [] })
    }
}

/// One `<file>`: a document's units, the languages, and the skeleton that rebuilds it.
public struct XLIFFFile: Sendable, Hashable {
    /// `original`: the document's name.
    public var original: String
    /// The source language: 1.2 `source-language`, or 2.x `srcLang` on `<xliff>`; nil when neither is given.
    public var sourceLanguage: LanguageTag?
    /// The target language: 1.2 `target-language`, or 2.x `trgLang` on `<xliff>`; nil when neither is given.
    public var targetLanguage: LanguageTag?
    /// 1.2 `datatype` (`plaintext`, `html`).
    public var datatype: String?
    /// The embedded skeleton's text (1.2 `<internal-file>`, 2.x `<skeleton>`), when there is one.
    public var skeleton: String?
    /// The file's translation units, in document order (none in the files `forEachUnit` returns).
    public var units: [XLIFFUnit]

    /// A file; datatype, skeleton and units default to none.
    public init(original: String, sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?, datatype: String? = nil,
                skeleton: String? = nil, units: [XLIFFUnit] = []) {
        self.original = original
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.datatype = datatype
        self.skeleton = skeleton
        self.units = units
    }
}

/// An XLIFF document as read.
public struct XLIFFDocument: Sendable, Hashable {
    /// The `version` attribute as written (`1.2`, `2.0`, …).
    public var version: String
    /// The document's `<file>` elements, in document order.
    public var files: [XLIFFFile]

    /// A document with the given `version` attribute and files.
    public init(version: String, files: [XLIFFFile]) {
        self.version = version
        self.files = files
    }

    /// Whether the document is XLIFF 2.x (its version starts with `2`).
    public var isVersion2: Bool { version.hasPrefix("2") }
}

/// An XLIFF input tmkit cannot read: one line, with where.
public struct XLIFFError: TMKitError, Equatable {
    /// What is wrong, in one line, without the location.
    public var message: String
    /// The file as named and the 1-based line and column of the problem, as far as known.
    public var location: SourceLocation?

    /// An error with its message and, when known, the file's name and the 1-based line and column.
    public init(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.location = SourceLocation(file: file, line: line, column: column)
    }
}
