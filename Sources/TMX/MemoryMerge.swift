import TMKitCore

/// Which of several duplicate units a merge of memories keeps. Two units are duplicates when
/// they have the same languages and the same text in each (`TranslationUnit/duplicateKey`).
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// The one with the latest change or creation date (ties: the first met).
    case newest
    /// The first met, in the order the memories are given.
    case first
    /// Every unit; nothing is dropped.
    case all

    /// Whether the merge must see every unit before deciding (``MemoryMerge/survey(_:file:index:)``).
    public var needsSurvey: Bool { self == .newest }
}

/// The decisions of a merge of memories, unit by unit, in two passes for
/// ``DuplicatePolicy/newest`` (a survey of every unit, then the decisions) and one otherwise.
/// Memory holds one entry per distinct unit, not the units.
public struct MemoryMerge: Sendable {
    /// Which of several duplicate units the merge keeps.
    public let policy: DuplicatePolicy
    private var chosen: [Int: (date: String, file: Int, unit: Int)] = [:]
    private var seen = Set<Int>()
    /// Units ``keeps(_:file:index:)`` has let through so far.
    public private(set) var kept = 0
    /// Units ``keeps(_:file:index:)`` has dropped so far as duplicates.
    public private(set) var dropped = 0

    /// A merge with nothing seen yet. With ``DuplicatePolicy/needsSurvey``, call
    /// ``survey(_:file:index:)`` on every unit before the first ``keeps(_:file:index:)``.
    public init(policy: DuplicatePolicy) {
        self.policy = policy
    }

    /// First pass, for ``DuplicatePolicy/newest``: unit `index` (0-based) of memory `file`.
    public mutating func survey(_ unit: TranslationUnit, file: Int, index: Int) {
        let date = unit.latestDate ?? ""
        let key = unit.duplicateKey
        if let best = chosen[key], best.date >= date { return }  // the earlier one on ties
        chosen[key] = (date, file, index)
    }

    /// Second (or only) pass: whether unit `index` of memory `file` stays.
    public mutating func keeps(_ unit: TranslationUnit, file: Int, index: Int) -> Bool {
        let keep: Bool
        switch policy {
        case .all: keep = true
        case .first: keep = seen.insert(unit.duplicateKey).inserted
        case .newest:
            let best = chosen[unit.duplicateKey]
            keep = best?.file == file && best?.unit == index
        }
        if keep { kept += 1 } else { dropped += 1 }
        return keep
    }

    /// The merged file's header: the first memory's, its `srclang` `*all*` when the memories
    /// disagree.
    public static func header(of headers: [TMXHeader]) -> TMXHeader {
        var merged = headers.first ?? TMXHeader()
        let sources = Set(headers.map { $0.sourceLanguage.flatMap(LanguageTag.init)?.normalized ?? $0.sourceLanguage ?? "*all*" })
        if sources.count > 1 { merged.sourceLanguage = "*all*" }
        return merged
    }
}

/// Language tags rewritten as memories are merged, so that `en-US` units from one tool and `en`
/// units from another become one language (and duplicates across them are found). A tag is
/// rewritten when it equals a rule's `from` (after normalization: `EN_us` is `en-US`); other
/// tags, `en-GB` beside `en-US=en` among them, stay as they are.
public struct LanguageMap: Sendable, Hashable {
    /// The rules: each tag to rewrite (normalized) and the tag it becomes.
    public private(set) var rules: [LanguageTag: LanguageTag] = [:]

    /// A map of `from` → `to` rules; a later rule for the same `from` replaces an earlier one.
    /// With no rules, nothing is rewritten.
    public init(_ rules: [(from: LanguageTag, to: LanguageTag)] = []) {
        for rule in rules { self.rules[rule.from] = rule.to }
    }

    /// Whether the map has no rules (and so rewrites nothing).
    public var isEmpty: Bool { rules.isEmpty }

    /// The tag `tag` becomes.
    public func map(_ tag: LanguageTag) -> LanguageTag { rules[tag] ?? tag }

    /// `unit` with its variants' languages and its `srclang` rewritten.
    public func apply(to unit: TranslationUnit) -> TranslationUnit {
        guard !rules.isEmpty else { return unit }
        var unit = unit
        for index in unit.variants.indices { unit.variants[index].language = map(unit.variants[index].language) }
        if let index = unit.attributes.firstIndex(where: { $0.name == "srclang" }),
           let tag = LanguageTag(unit.attributes[index].value), let mapped = rules[tag] {
            unit.attributes[index].value = mapped.normalized
        }
        return unit
    }

    /// `header` with its `srclang` rewritten.
    public func apply(to header: TMXHeader) -> TMXHeader {
        var header = header
        if let source = header.sourceLanguage, let tag = LanguageTag(source), let mapped = rules[tag] {
            header.sourceLanguage = mapped.normalized
        }
        return header
    }
}
