@_spi(Internals) import TextAnalysis
import TMKitCore

/// Terminology QA of translated units: every source term's glossary translation should be in
/// the target, and no deprecated or forbidden term should be.
public struct TermCheck: Sendable {
    /// One problem in one unit.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        /// What kind of problem; the raw value is its hyphenated name (`missing-target`).
        public enum Kind: String, Sendable, Hashable {
            /// A source term whose allowed target terms are all missing from the target.
            case missingTarget = "missing-target"
            /// A deprecated or forbidden term used in the target.
            case forbiddenTerm = "forbidden-term"
        }

        /// Whether a target term is missing or a deprecated or forbidden one is used.
        public var kind: Kind
        /// The term as it stands in the segment (source for `missingTarget`, target otherwise).
        public var text: String
        /// UTF-8 byte range in that segment.
        public var range: Range<Int>
        /// What the glossary expects: the allowed target terms, or the term to use instead.
        public var expected: [String]
        /// The TBX `id` of the glossary entry concerned, when it has one.
        public var entryID: String?
        /// The source term found is a general word with the glossary's domain sense: one word
        /// in lower case (`source` = 소식통, `escape` = 탈북), which other domains use in other
        /// senses (see ``TermCheck/Review/sourceNamesDomain``). A forbidden target term is one
        /// when its entry's source-language terms all are.
        public var generalWord: Bool = false

        /// The issue as one line for users: the term, its UTF-8 byte range and what to use.
        public var description: String {
            switch kind {
            case .missingTarget:
                "'\(text)' (\(range.lowerBound)–\(range.upperBound)) needs \(expected.joined(separator: " or ")) in the target"
            case .forbiddenTerm:
                "'\(text)' (\(range.lowerBound)–\(range.upperBound)) is not to be used"
                    + (expected.isEmpty ? "" : "; use \(expected.joined(separator: " or "))")
            }
        }
    }

    /// The glossary units are checked against.
    public let glossary: TermBase
    /// The source language: its terms (and those of the regions within it) are looked for in sources.
    public let source: LanguageTag
    /// The target language: its allowed terms are expected in targets, its others reported.
    public let target: LanguageTag
    let sourceMatcher: TermMatcher
    let targetMatcher: TermMatcher
    /// By entry: all its source-language terms are general words (``Issue/generalWord``).
    let generalEntries: [Bool]
    /// Whether the glossary can name its domain: at least half of its entries with terms in the
    /// source language have one that is not a general word (a name, a longer term). A domain's
    /// glossary (news on North Korea) is; a project's word list of one-word terms is the file's
    /// own vocabulary, whose terms hold everywhere (see ``Review/sourceNamesDomain``).
    public let hasDomainTerms: Bool

    /// The issues of one unit, and whether its source names the glossary's domain.
    public struct Review: Sendable {
        /// The issues, in source then target order.
        public var issues: [Issue]
        /// The source has a term of the glossary that is not a general word (a name such as
        /// North Korea, or a term of two words or more such as ballistic missile): evidence
        /// that the text is in the glossary's domain, where its general words (`source`) have
        /// the glossary's sense.
        public var sourceNamesDomain: Bool
    }

    /// Indexes `glossary`'s terms in `source` and `target` once, for checking any number of units.
    public init(glossary: TermBase, source: LanguageTag, target: LanguageTag) {
        self.glossary = glossary
        self.source = source
        self.target = target
        self.sourceMatcher = TermMatcher(glossary: glossary, language: source)
        self.targetMatcher = TermMatcher(glossary: glossary, language: target)
        var generalEntries: [Bool] = []
        var withTerms = 0, general = 0
        for entry in glossary.entries {
            let terms = entry.terms(in: source)
            let isGeneral = !terms.isEmpty && terms.allSatisfy { Self.isGeneralWord($0.term.text) }
            generalEntries.append(isGeneral)
            if !terms.isEmpty { withTerms += 1 }
            if isGeneral { general += 1 }
        }
        self.generalEntries = generalEntries
        self.hasDomainTerms = withTerms > 0 && 2 * (withTerms - general) >= withTerms
    }

    /// Whether the entry at `index` is a general word's domain sense in the source language
    /// (every one of its source-language terms is one word in lower case).
    public func isGeneralEntry(_ index: Int) -> Bool { generalEntries[index] }

    /// Whether `text` (a source) has a term of the glossary that is not a general word
    /// (``Review/sourceNamesDomain``).
    public func sourceNamesDomain(_ text: String) -> Bool {
        sourceMatcher.matches(in: text).contains { !Self.isGeneralWord($0.term.text) }
    }

    /// Whether `term` is one word in lower case, an article before it aside (`source`,
    /// `a source`; not `North Korea`, `ballistic missile`, `escaping the country`, `KCNA`, or
    /// 소식통: a script without case has no such words).
    static func isGeneralWord(_ term: String) -> Bool {
        // Checked for every source term found: no allocation.
        var word = Substring(term)
        for article in ["a ", "an ", "the "] where word.hasPrefix(article) {
            word = word.dropFirst(article.count)
            break
        }
        var cased = false
        for scalar in word.unicodeScalars {
            if scalar == " " || scalar.properties.isUppercase { return false }
            if scalar.properties.isLowercase { cased = true }
        }
        return cased
    }

    /// The issues of one source/target pair of segments, in source then target order.
    public func check(source sourceText: String, target targetText: String) -> [Issue] {
        check(source: sourceText, target: targetText, targetMatches: targetMatcher.matches(in: targetText))
    }

    /// The terms of the target language (and the regions within it) in `text`.
    public func targetMatches(in text: String) -> [TermMatch] { targetMatcher.matches(in: text) }

    /// ``check(source:target:)`` with the target's terms already found (``targetMatches(in:)``).
    public func check(source sourceText: String, target targetText: String, targetMatches: [TermMatch]) -> [Issue] {
        review(source: sourceText, target: targetText, targetMatches: targetMatches).issues
    }

    /// ``check(source:target:targetMatches:)`` with whether the source names the glossary's
    /// domain, for a caller that checks general words only in texts of that domain.
    public func review(source sourceText: String, target targetText: String, targetMatches: [TermMatch]) -> Review {
        // Normalized only when a source term is not among the target's terms.
        var normalizedTarget: String?
        var issues: [Issue] = []
        var reported = Set<Int>()
        var namesDomain = false
        for match in sourceMatcher.matches(in: sourceText) {
            let entry = glossary.entries[match.entryIndex]
            let general = Self.isGeneralWord(match.term.text)
            if !general { namesDomain = true }
            let allowed = entry.terms(in: target).filter { $0.term.effectiveStatus.isAllowed }
            guard !allowed.isEmpty else { continue }
            // Found as a term of its own, or at a word start inside a longer term (범죄 in 범죄와의 전쟁).
            var found = targetMatches.contains { $0.entryIndex == match.entryIndex && $0.term.effectiveStatus.isAllowed }
            if !found {
                let normalized = normalizedTarget ?? TermMatcher.normalizedKey(targetText)
                normalizedTarget = normalized
                found = allowed.contains { Self.occursAtWordStart($0.term.text, in: normalized) }
            }
            if !found, reported.insert(match.entryIndex).inserted {
                issues.append(Issue(kind: .missingTarget, text: Self.slice(sourceText, match.range), range: match.range,
                                    expected: allowed.map(\.term.text), entryID: entry.id, generalWord: general))
            }
        }
        for match in targetMatches where !match.term.effectiveStatus.isAllowed {
            let entry = glossary.entries[match.entryIndex]
            let preferred = entry.terms(in: target).filter { $0.term.effectiveStatus.isAllowed }.map(\.term.text)
            issues.append(Issue(kind: .forbiddenTerm, text: Self.slice(targetText, match.range), range: match.range,
                                expected: preferred, entryID: entry.id, generalWord: generalEntries[match.entryIndex]))
        }
        return Review(issues: issues, sourceNamesDomain: namesDomain)
    }

    /// Whether `term` (normalized) stands in `text` (normalized) where a word starts.
    static func occursAtWordStart(_ term: String, in text: String) -> Bool {
        let needle = TermMatcher.normalizedKey(term)
        guard !needle.isEmpty else { return false }
        var searchStart = text.startIndex
        while let found = text[searchStart...].firstRange(of: needle) {
            if found.lowerBound == text.startIndex { return true }
            // A number may be written onto a Korean term: 70주년, 100일 전투.
            let before = text[text.index(before: found.lowerBound)]
            let hangul = needle.unicodeScalars.first.map(Hangul.isSyllable) ?? false
            if !before.isLetter && (!before.isNumber || hangul) { return true }
            searchStart = text.index(after: found.lowerBound)
        }
        return false
    }

    static func slice(_ text: String, _ range: Range<Int>) -> String {
        let utf8 = Array(text.utf8)
        return String(decoding: utf8[range.clamped(to: 0..<utf8.count)], as: UTF8.self)
    }
}

/// Problems in a glossary itself, for `tmkit glossary validate`.
public enum GlossaryValidation {
    /// One problem in one entry.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        /// 0-based index of the entry in ``TermBase/entries``.
        public var entry: Int
        /// The entry's TBX `id`, when it has one.
        public var entryID: String?
        /// What is wrong, as a phrase (`no terms`, `unknown language 'xx'`).
        public var message: String

        /// The finding as one line: the entry by id (by 1-based position when it has none), then the message.
        public var description: String {
            "entry \(entryID ?? String(entry + 1)): \(message)"
        }
    }

    /// Duplicate terms, one source term with conflicting preferred targets, empty terms,
    /// entries without terms, and languages whose primary subtag is not an ISO 639 code.
    public static func findings(_ glossary: TermBase) -> [Finding] {
        var findings: [Finding] = []
        var seen: [String: Int] = [:]  // language + normalized term → first entry
        var preferredTargets: [String: (entry: Int, targets: Set<String>)] = [:]
        let languages = glossary.languages
        for (index, entry) in glossary.entries.enumerated() {
            if entry.languages.allSatisfy({ $0.terms.isEmpty }) {
                findings.append(Finding(entry: index, entryID: entry.id, message: "no terms"))
            }
            for section in entry.languages {
                if !ISO639.isKnown(section.language.language) {
                    findings.append(Finding(entry: index, entryID: entry.id,
                                            message: "unknown language '\(section.language.normalized)'"))
                }
                for term in section.terms {
                    let text = term.text.collapsingWhitespace()
                    if text.isEmpty {
                        findings.append(Finding(entry: index, entryID: entry.id, message: "empty \(section.language) term"))
                        continue
                    }
                    let key = section.language.normalized + "\u{0}" + TermMatcher.normalizedKey(text)
                    if let first = seen[key], first != index {
                        let other = glossary.entries[first].id ?? String(first + 1)
                        findings.append(Finding(entry: index, entryID: entry.id,
                                                message: "\(section.language) term '\(text)' also in entry \(other)"))
                    } else {
                        seen[key] = index
                    }
                }
            }
            // One source term, different preferred targets in different entries.
            guard let source = languages.first else { continue }
            for (sourceLanguage, term) in entry.terms(in: source) where term.effectiveStatus == .preferred {
                for target in languages where !target.isWithin(sourceLanguage) && !sourceLanguage.isWithin(target) {
                    let targets = Set(entry.terms(in: target).filter { $0.term.effectiveStatus == .preferred }.map(\.term.text))
                    guard !targets.isEmpty else { continue }
                    let key = target.normalized + "\u{0}" + TermMatcher.normalizedKey(term.text)
                    if let previous = preferredTargets[key], previous.targets != targets, previous.entry != index {
                        let other = glossary.entries[previous.entry].id ?? String(previous.entry + 1)
                        findings.append(Finding(
                            entry: index, entryID: entry.id,
                            message: "'\(term.text)' is \(targets.sorted().joined(separator: ", ")) here but "
                                + "\(previous.targets.sorted().joined(separator: ", ")) in entry \(other)"))
                    } else if preferredTargets[key] == nil {
                        preferredTargets[key] = (index, targets)
                    }
                }
            }
        }
        return findings
    }
}

/// ISO 639-1 codes (``LanguageTag/isKnownLanguage(_:)``) and the three-letter codes glossaries use.
enum ISO639 {
    static let threeLetter: Set<String> = ["ast", "fil", "haw", "yue", "cmn", "wuu", "nan", "hak", "gsw", "sgn", "und", "mul", "zxx"]

    static func isKnown(_ code: String) -> Bool {
        code.count == 2 ? LanguageTag.isKnownLanguage(code) : threeLetter.contains(code.lowercased())
    }
}
