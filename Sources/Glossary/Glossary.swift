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
    public var text: String
    public var status: TermStatus?
    public var partOfSpeech: String?
    public var note: String?

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
    public var language: LanguageTag
    public var terms: [Term]

    public init(language: LanguageTag, terms: [Term]) {
        self.language = language
        self.terms = terms
    }
}

/// A concept: what it is, and its terms in each language (TBX `conceptEntry`/`termEntry`).
public struct GlossaryEntry: Sendable, Hashable {
    public var id: String?
    public var subjectField: String?
    public var definition: String?
    public var note: String?
    /// Where the terms come from (a publication, an agency, a date).
    public var source: String?
    public var languages: [LanguageSection]
    /// The glossary file the entry was read from, when the reader of several files records it
    /// (never written into a glossary file).
    public var file: String?

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

    /// The terms that answer a request for `language` (RFC 4647, ``LanguageTag/matchRank(for:)``):
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
public struct Glossary: Sendable, Hashable {
    public var entries: [GlossaryEntry]
    /// A title, when the file gives one.
    public var title: String?

    public init(entries: [GlossaryEntry] = [], title: String? = nil) {
        self.entries = entries
        self.title = title
    }

    /// The languages used, sorted.
    public var languages: [LanguageTag] {
        Array(Set(entries.flatMap { $0.languages.map(\.language) })).sorted()
    }

    /// `self` followed by the entries of `other`.
    public func merged(with other: Glossary) -> Glossary {
        Glossary(entries: entries + other.entries, title: title ?? other.title)
    }
}

/// A glossary file that cannot be read.
public struct GlossaryError: TMKitError, Equatable {
    public var message: String
    public var file: String?
    public var line: Int?
    public var column: Int?

    public init(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    public var location: SourceLocation? { SourceLocation(file: file, line: line, column: column) }
}
