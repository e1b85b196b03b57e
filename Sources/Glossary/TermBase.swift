import TMKitCore

/// How a term may be used.
public enum TermStatus: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The term to use.
    case preferred
    /// Acceptable, but not the first choice.
    case admitted
    /// Outdated or discouraged; a checker reports it.
    case deprecated
    /// Must not be used; a checker reports it.
    case forbidden

    /// Whether a translation may use the term.
    public var isAllowed: Bool { self == .preferred || self == .admitted }

    private var rank: Int { TermStatus.allCases.firstIndex(of: self)! }
    /// Orders statuses from best to worst: preferred, admitted, deprecated, forbidden.
    public static func < (lhs: TermStatus, rhs: TermStatus) -> Bool { lhs.rank < rhs.rank }

    /// The status a TBX `administrativeStatus` (or older `normativeAuthorization`) value names.
    public init?(tbx value: String) {
        switch value.lowercased() {
        case "preferredterm-admn-sts", "preferred", "preferredterm": self = .preferred
        case "admittedterm-admn-sts", "admitted", "admittedterm", "standardizedterm-admn-sts": self = .admitted
        case "deprecatedterm-admn-sts", "deprecated", "deprecatedterm", "supersededterm-admn-sts", "supersededterm",
             "legalterm-admn-sts":
            self = .deprecated
        case "forbidden", "forbiddenterm", "notrecommended", "forbiddenterm-admn-sts": self = .forbidden
        default: return nil
        }
    }

    /// The TBX `administrativeStatus` value.
    public var tbxValue: String {
        switch self {
        case .preferred: "preferredTerm-admn-sts"
        case .admitted: "admittedTerm-admn-sts"
        case .deprecated: "deprecatedTerm-admn-sts"
        case .forbidden: "supersededTerm-admn-sts"
        }
    }
}

/// One term of a concept in one language.
public struct Term: Sendable, Hashable {
    /// The term as written (TBX `term`, or a cell of a TSV or CSV table).
    public var text: String
    /// How the term may be used (TBX `administrativeStatus` or `normativeAuthorization`); nil when the
    /// file says nothing, which counts as preferred (``effectiveStatus``).
    public var status: TermStatus?
    /// The TBX `partOfSpeech` value as the file writes it (`noun`, `verb`, …), when given.
    public var partOfSpeech: String?
    /// The term's TBX `note`, several joined with ` / `; nil when it has none.
    public var note: String?

    /// A term with its text and, when known, its status, part of speech and note.
    public init(_ text: String, status: TermStatus? = nil, partOfSpeech: String? = nil, note: String? = nil) {
        self.text = text
        self.status = status
        self.partOfSpeech = partOfSpeech
        self.note = note
    }

    /// The status, `preferred` when none is given.
    public var effectiveStatus: TermStatus { status ?? .preferred }
}

/// The terms of a concept in one language.
public struct LanguageSection: Sendable, Hashable {
    /// The language of the terms (the `xml:lang` of TBX `langSec` or `langSet`).
    public var language: LanguageTag
    /// The concept's terms in that language, in the file's order.
    public var terms: [Term]

    /// A section holding `terms` in `language`.
    public init(language: LanguageTag, terms: [Term]) {
        self.language = language
        self.terms = terms
    }
}

/// A concept: what it is, and its terms in each language (TBX `conceptEntry`/`termEntry`).
public struct GlossaryEntry: Sendable, Hashable {
    /// The entry's TBX `id`, when the file gives one (TBX writing numbers the others `c1`, `c2`, …).
    public var id: String?
    /// The TBX `subjectField`: the domain the concept belongs to, when given.
    public var subjectField: String?
    /// The TBX `definition` of the concept, when given.
    public var definition: String?
    /// The entry's note: its TBX entry-level `note`s joined with ` / `, or a table's note or comment
    /// column; nil when it has none.
    public var note: String?
    /// Where the terms come from (a publication, an agency, a date).
    public var source: String?
    /// The concept's terms, one section per language, in the file's order.
    public var languages: [LanguageSection]
    /// The glossary file the entry was read from, when the reader of several files records it
    /// (never written into a glossary file).
    public var file: String?

    /// An entry with its id, subject field, definition, note, source and language sections, each
    /// optional; ``add(_:language:)`` adds terms later.
    public init(
        id: String? = nil, subjectField: String? = nil, definition: String? = nil, note: String? = nil,
        source: String? = nil, languages: [LanguageSection] = []
    ) {
        self.id = id
        self.subjectField = subjectField
        self.definition = definition
        self.note = note
        self.source = source
        self.languages = languages
    }

    /// The terms that answer a request for `language` (RFC 4647, `LanguageTag/matchRank(for:)`):
    /// `ko` gives `ko`, `ko-KP` and `ko-KR` terms in the file's order; `ko-KR` gives `ko-KR`
    /// terms, then the `ko` ones it falls back to, never `ko-KP` ones.
    public func terms(in language: LanguageTag) -> [(language: LanguageTag, term: Term)] {
        var within: [(language: LanguageTag, term: Term)] = []
        var wider: [(language: LanguageTag, term: Term)] = []
        for section in languages {
            guard let rank = section.language.matchRank(for: language) else { continue }
            for term in section.terms {
                if rank == 2 { wider.append((section.language, term)) } else { within.append((section.language, term)) }
            }
        }
        return wider.isEmpty ? within : within + wider
    }

    /// Adds `term` to the section of `language`, making one if needed.
    public mutating func add(_ term: Term, language: LanguageTag) {
        if let index = languages.firstIndex(where: { $0.language == language }) {
            languages[index].terms.append(term)
        } else {
            languages.append(LanguageSection(language: language, terms: [term]))
        }
    }
}

/// A term base: concept entries in any number of languages.
public struct TermBase: Sendable, Hashable {
    /// The concept entries, in the file's order; ``TermMatch/entryIndex`` indexes them.
    public var entries: [GlossaryEntry]
    /// A title, when the file gives one.
    public var title: String?

    /// A glossary of `entries`, with a title when there is one.
    public init(entries: [GlossaryEntry] = [], title: String? = nil) {
        self.entries = entries
        self.title = title
    }

    /// The languages used, sorted.
    public var languages: [LanguageTag] {
        Array(Set(entries.flatMap { $0.languages.map(\.language) })).sorted()
    }

    /// `self` followed by the entries of `other`.
    public func merged(with other: TermBase) -> TermBase {
        TermBase(entries: entries + other.entries, title: title ?? other.title)
    }
}

/// A glossary file that cannot be read.
public struct GlossaryError: TMKitError, Equatable {
    /// What is wrong with the file, as one line for users.
    public var message: String
    /// The glossary file's name as given to the reader, when known.
    public var file: String?
    /// 1-based line of the problem, when known.
    public var line: Int?
    /// 1-based column of the problem, when known.
    public var column: Int?

    /// An error with its message and, when known, the file, line and column it concerns.
    public init(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// The file, line and column as a `SourceLocation`, for messages.
    public var location: SourceLocation? { SourceLocation(file: file, line: line, column: column) }
}
