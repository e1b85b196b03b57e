import Glossary
import TMKitCore

/// Translation QA of source/target pairs, one unit at a time, with what needs the whole file
/// (consistency as it goes, length outliers at the end). English ↔ Korean forms of numbers and
/// dates are understood; other pairs compare digits, codes, punctuation and the rest.
///
/// ```swift
/// var checker = QualityChecker(source: .english, target: .korean)
/// for unit in units { findings += checker.check(unit: id, source: source, target: target) }
/// findings += checker.finish()
/// ```
public struct QualityChecker: Sendable {
    /// Language of the sources checked: Korean and English turn on their number and date forms.
    public let source: LanguageTag
    /// Language of the targets checked; when it names a region, that is the default `targetVariant`.
    public let target: LanguageTag
    /// The checks run; the others find nothing.
    public let checks: Set<QualityCheck>
    private let terms: TermCheck?
    /// The regional spelling the target must follow (`ko-KR`, `ko-KP`), and the glossary's
    /// terms in every region of the target's language, to find the other regions' spellings.
    public let targetVariant: LanguageTag?
    private let variantMatcher: TermMatcher?
    private let sourceKorean: Bool
    private let targetKorean: Bool
    private let sourceEnglish: Bool
    private let targetEnglish: Bool

    // Consistency: the first target seen for a source, the first source for a target.
    // Keyed by a 64-bit hash of the text (hashing byte arrays byte by byte costs more than the checks).
    private struct FileState {
        var targetFor: [UInt64: (unit: String, text: [UInt8])] = [:]
        var sourceFor: [UInt64: (unit: String, text: [UInt8])] = [:]
        // Length: units long enough to say (the ratio of target to source scalars).
        var lengths: [(unit: String, ratio: Double, source: Int)] = []
        // Terminology of general words: held until a unit names the glossary's domain.
        var held = DomainHeld<QualityFinding>()
    }
    /// When the glossary's general words are checked (``GeneralTerms``).
    public let generalTerms: GeneralTerms
    /// A file shorter than this is too short to say it is not in the glossary's domain.
    public static let domainEvidenceUnits = 20
    private var state = FileState()
    /// How many units were checked.
    public private(set) var unitsChecked = 0

    /// A checker for `source` → `target`; `glossary` adds terminology (when `checks` has it),
    /// and with it the regional spelling of `targetVariant` (`ko-KR`: 노동당, `ko-KP`: 로동당):
    /// a term the glossary files under another region of the target's language (and not
    /// under `targetVariant` or the language alone) is a finding. `nil` takes the target's own
    /// region, or none. `generalTerms` says when the glossary's general words are checked.
    public init(source: LanguageTag, target: LanguageTag, checks: Set<QualityCheck> = Set(QualityCheck.allCases), glossary: TermBase? = nil,
                targetVariant: LanguageTag? = nil, generalTerms: GeneralTerms = .inDomain) {
        self.generalTerms = generalTerms
        self.source = source
        self.target = target
        self.checks = checks
        sourceKorean = source.language == "ko"
        targetKorean = target.language == "ko"
        sourceEnglish = source.language == "en"
        targetEnglish = target.language == "en"
        terms = glossary.flatMap { checks.contains(.terminology) ? TermCheck(glossary: $0, source: source, target: target) : nil }
        let variant = targetVariant ?? (target.normalized.contains("-") ? target : nil)
        self.targetVariant = variant
        if let variant, let glossary, checks.contains(.terminology), let base = LanguageTag(target.language),
           glossary.entries.contains(where: { $0.languages.contains { $0.language.isWithin(base) && $0.language != base && $0.language != variant } }) {
            variantMatcher = TermMatcher(glossary: glossary, language: base)
        } else {
            variantMatcher = nil
        }
    }

    /// A match of the all-regions search as the target's own term: itself when its language
    /// answers for the target, or the same spelling in a section that does (the search keeps one
    /// reference an entry: 로동당 listed under ko-KP first and under ko-KR too is ko-KR's too).
    private func asTargetTerm(_ match: TermMatch) -> TermMatch? {
        if match.language.matches(target) { return match }
        guard let glossary = terms?.glossary else { return nil }
        for section in glossary.entries[match.entryIndex].languages where section.language.matches(target) {
            if let term = section.terms.first(where: { $0.text == match.term.text }) {
                return TermMatch(range: match.range, entryIndex: match.entryIndex, term: term, language: section.language)
            }
        }
        return nil
    }

    /// Terms of another region than `targetVariant` in `text` (`matches`: the terms of the
    /// target language, when the target is the language without a region): each with the
    /// entry's terms for `targetVariant` (its own region's when it has some, else the
    /// language's common terms).
    private func otherRegionTerms(in text: String, matches: [TermMatch]?) -> [(match: TermMatch, expected: [String])] {
        guard let variantMatcher, let glossary = terms?.glossary, let variant = targetVariant else { return [] }
        var found: [(match: TermMatch, expected: [String])] = []
        for match in matches ?? variantMatcher.matches(in: text) where match.language != variant && match.language.normalized.contains("-") {
            let entry = glossary.entries[match.entryIndex]
            let wanted = entry.terms(in: variant)
            // The same spelling under the wanted region or the whole language is the glossary
            // check's (a deprecated one is reported there).
            guard !wanted.contains(where: { $0.term.text == match.term.text }) else { continue }
            let allowed = wanted.filter { $0.term.effectiveStatus.isAllowed }
            guard !allowed.isEmpty else { continue }
            // Named: the region's own terms when it has some (로동당 창건), else the common ones.
            let own = allowed.filter { $0.language == variant }.map(\.term.text)
            found.append((match, own.isEmpty ? allowed.map(\.term.text) : own))
        }
        return found
    }

    /// When terminology checks an entry that is a domain sense of a general word
    /// (`TermCheck.Issue.generalWord`: `source` = 소식통 in a news glossary, 원본 in software).
    public enum GeneralTerms: Sendable, Hashable {
        /// In files that name the glossary's domain (`TermCheck.Review.sourceNamesDomain`):
        /// the findings of a unit are reported from the first unit that names it (with those
        /// of the units before it, held until then); a file of
        /// ``QualityChecker/domainEvidenceUnits`` units or more that never names it is in
        /// another domain, and its general-word findings are left out
        /// (``QualityChecker/generalTermFindingsLeftOut``); a shorter file gets them at
        /// ``QualityChecker/finish()``.
        case inDomain
        /// In every unit, like any other term.
        case always
    }

    /// The general-word terminology findings left out because the file never named the
    /// glossary's domain (``GeneralTerms/inDomain``), or because more than 100,000 waited for a
    /// unit to name it: known once every unit is recorded.
    public var generalTermFindingsLeftOut: Int { state.held.leftOut(units: unitsChecked) }

    /// Whether a unit so far has named the glossary's domain (``GeneralTerms/inDomain``).
    public var domainNamed: Bool { state.held.domainNamed }

    /// The general-word findings waiting for a unit to name the glossary's domain that
    /// ``finish()`` would report now (the units so far are too few to say the file is not in
    /// it): for a command that stops before the end of its input.
    public var pendingFindings: [QualityFinding] { state.held.pending(units: unitsChecked) }

    /// Whether general-word findings wait for the domain: asked for, and the glossary can name it.
    private var holdsGeneralTerms: Bool { generalTerms == .inDomain && (terms?.hasDomainTerms ?? false) }

    /// The findings of one unit (consistency against the units before it).
    public mutating func check(unit id: String, source sourceContent: SegmentContent, target targetContent: SegmentContent) -> [QualityFinding] {
        var result = unitFindings(id, sourceContent, targetContent)
        record(&result)
        return result.findings
    }

    /// One unit to check with ``check(_:workers:)``.
    public struct Unit: Sendable {
        /// The unit's id, as findings name it.
        public var id: String
        /// The source segment.
        public var source: SegmentContent
        /// The target segment.
        public var target: SegmentContent

        /// A unit `id` with its source and target.
        public init(id: String, source: SegmentContent, target: SegmentContent) {
            self.id = id
            self.source = source
            self.target = target
        }
    }

    /// The findings of each of `units`, in order: the same findings as ``check(unit:source:target:)``
    /// unit after unit. The checks of a unit alone run on up to `workers` threads, a slice of
    /// the batch each; consistency and length (which need the units before) run here, in order.
    public mutating func check(_ units: [Unit], workers: Int) -> [[QualityFinding]] {
        record(unitChecker.check(units, workers: workers))
    }

    /// The checks of units alone, without this checker's file-wide state: safe to run on
    /// another thread while this checker records the batch before (``record(_:)``), so that
    /// reading, checking and reporting overlap.
    public var unitChecker: UnitChecker {
        var copy = self
        copy.state = FileState()  // the copy holds no reference to the file-wide tables: no copy on write
        return UnitChecker(checker: copy)
    }

    /// Runs the checks that need no other unit (see ``QualityChecker/unitChecker``).
    public struct UnitChecker: Sendable {
        let checker: QualityChecker

        /// The checks of each of `units` alone, on up to `workers` threads, a slice of the batch
        /// each; ``QualityChecker/record(_:)`` completes them in order.
        public func check(_ units: [Unit], workers: Int) -> UnitChecks {
            let checker = checker
            let parts = concurrentSlices(count: units.count, workers: workers, minimumSlice: 64) { range in
                units[range].map { checker.unitFindings($0.id, $0.source, $0.target) }
            }
            return UnitChecks(results: parts.flatMap { $0 })
        }
    }

    /// A batch's checks of units alone, for ``QualityChecker/record(_:)``.
    public struct UnitChecks: Sendable {
        let results: [UnitResult]
    }

    /// Completes a batch in order with the checks that compare units (consistency) and
    /// gather the file (length): the batch's findings, unit by unit, as
    /// ``check(unit:source:target:)`` would have given them.
    public mutating func record(_ checks: UnitChecks) -> [[QualityFinding]] {
        var results = checks.results
        for index in results.indices { record(&results[index]) }
        return results.map(\.findings)
    }

    /// A unit's findings from the checks that need no other unit, and its texts for those that do.
    struct UnitResult: Sendable {
        var id: String
        var findings: [QualityFinding]
        var sourceText: String
        var targetText: String
        /// False when the unit stops at its first finding (an empty target): no consistency or length.
        var checksFileWide: Bool
        /// The target is empty or only whitespace.
        var targetIsBlank: Bool
        /// Terminology findings of general words, reported once the file names the glossary's domain.
        var heldTerms: [QualityFinding] = []
        /// The source has a glossary term that is not a general word.
        var namesDomain = false
    }

    /// The checks of one unit alone (nothing is recorded: safe on any thread).
    func unitFindings(_ id: String, _ sourceContent: SegmentContent, _ targetContent: SegmentContent) -> UnitResult {
        let sourceText = sourceContent.plainText, targetText = targetContent.plainText
        var findings: [QualityFinding] = []
        var heldTerms: [QualityFinding] = []
        var namesDomain = false
        func add(_ check: QualityCheck, _ severity: QualityFinding.Severity, _ message: String,
                 source: Range<Int>? = nil, target: Range<Int>? = nil) {
            findings.append(Self.finding(id, check, severity, message, source: source, in: sourceText, target: target, in: targetText))
        }
        let trimmedTarget = targetText.trimmingWhitespace
        if checks.contains(.untranslated) {
            if trimmedTarget.isEmpty && !targetContent.hasInlineCodes {
                add(.untranslated, .error, "the target is empty")
                // The source still says whether the file is in the glossary's domain, whatever the checks.
                let names = checks.contains(.terminology) && holdsGeneralTerms && terms!.sourceNamesDomain(sourceText)
                return UnitResult(id: id, findings: findings, sourceText: sourceText, targetText: targetText, checksFileWide: false,
                                  targetIsBlank: true, namesDomain: names)
            }
            // Kept as is: a Korean target in Latin letters only, or another target with common words.
            if targetText == sourceText, targetKorean ? !Self.hasHangul(sourceText) && Self.wordCount(sourceText) >= 1 : Self.hasWords(sourceText) {
                add(.untranslated, .error, "the target is the source, untranslated", source: 0..<sourceText.utf8.count)
            } else if targetKorean, !Self.hasHangul(targetText), Self.hasWords(sourceText), !sourceKorean {
                add(.untranslated, .error, "the target has no Hangul: not Korean", target: 0..<targetText.utf8.count)
            } else if !targetKorean, sourceKorean, Self.hasHangul(targetText), Self.hasHangul(sourceText),
                      Self.hangulShare(targetText) > 0.5 {
                add(.untranslated, .error, "the target is mostly Hangul: not \(target.normalized)", target: 0..<targetText.utf8.count)
            }
        }
        if checks.contains(.numbers) { numbers(sourceText, targetText, add) }
        if checks.contains(.dates) { dates(sourceText, targetText, add) }
        if checks.contains(.codes) { codes(sourceContent, targetContent, add) }
        if checks.contains(.punctuation) { punctuation(sourceText, targetText, add) }
        if checks.contains(.urls) { urls(sourceText, targetText, add) }
        if checks.contains(.terminology), let terms {
            // The target's terms, found once for both checks: with the regional spelling check,
            // every region's terms (the target's own are those its language answers for).
            let allMatches = variantMatcher?.matches(in: targetText)
            let targetMatches = allMatches.map { $0.compactMap(asTargetTerm) } ?? terms.targetMatches(in: targetText)
            let review = terms.review(source: sourceText, target: targetText, targetMatches: targetMatches)
            namesDomain = review.sourceNamesDomain
            for issue in review.issues {
                let finding = switch issue.kind {
                case .missingTarget:
                    Self.finding(id, .terminology, .warning, "'\(issue.text)' needs \(issue.expected.joined(separator: " or ")) in the target",
                                 source: issue.range, in: sourceText, target: nil, in: targetText)
                case .forbiddenTerm:
                    Self.finding(id, .terminology, .warning,
                                 "'\(issue.text)' is not to be used" + (issue.expected.isEmpty ? "" : "; use \(issue.expected.joined(separator: " or "))"),
                                 source: nil, in: sourceText, target: issue.range, in: targetText)
                }
                if issue.generalWord, holdsGeneralTerms { heldTerms.append(finding) } else { findings.append(finding) }
            }
            for (match, expected) in otherRegionTerms(in: targetText, matches: allMatches) {
                let finding = Self.finding(id, .terminology, .warning,
                                           "'\(match.term.text)' is \(match.language.normalized) spelling; \(targetVariant!.normalized) writes "
                                               + expected.joined(separator: " or "),
                                           source: nil, in: sourceText, target: match.range, in: targetText)
                if holdsGeneralTerms, terms.isGeneralEntry(match.entryIndex) { heldTerms.append(finding) } else { findings.append(finding) }
            }
        }
        return UnitResult(id: id, findings: findings, sourceText: sourceText, targetText: targetText, checksFileWide: true,
                          targetIsBlank: trimmedTarget.isEmpty, heldTerms: heldTerms, namesDomain: namesDomain)
    }

    /// Counts the unit and runs the checks that compare it with the units before it
    /// (consistency) or the whole file (length, reported by ``finish()``).
    private mutating func record(_ result: inout UnitResult) {
        unitsChecked += 1
        // Once a unit names the glossary's domain, the general words held so far are its terms.
        result.findings += state.held.record(result.heldTerms, namesDomain: result.namesDomain)
        guard result.checksFileWide else { return }
        let id = result.id, sourceText = result.sourceText, targetText = result.targetText
        if checks.contains(.consistency), !result.targetIsBlank {
            let sourceKey = Self.key(sourceText), targetKey = Self.key(targetText)
            // The first text seen opposite `key`; a different one now is a finding.
            func compare(_ seen: inout [UInt64: (unit: String, text: [UInt8])], _ key: [UInt8], _ other: [UInt8], _ message: String) {
                let hash = Self.fnv(key)
                guard let first = seen[hash] else {
                    seen[hash] = (id, other)
                    return
                }
                guard first.text != other else { return }
                result.findings.append(Self.finding(
                    id, .consistency, .warning, "\(message) in unit \(first.unit): «\(String(decoding: first.text, as: UTF8.self))»",
                    source: 0..<sourceText.utf8.count, in: sourceText, target: 0..<targetText.utf8.count, in: targetText))
            }
            compare(&state.targetFor, sourceKey, targetKey, "the same source is translated differently")
            compare(&state.sourceFor, targetKey, sourceKey, "the same target translates a different source")
        }
        if checks.contains(.length) {
            let sourceLength = sourceText.unicodeScalars.count, targetLength = targetText.unicodeScalars.count
            if sourceLength >= 20, targetLength > 0 { state.lengths.append((id, Double(targetLength) / Double(sourceLength), sourceLength)) }
        }
    }

    /// A finding of unit `id`, its spans in the source and target texts.
    static func finding(_ id: String, _ check: QualityCheck, _ severity: QualityFinding.Severity, _ message: String,
                        source: Range<Int>?, in sourceText: String, target: Range<Int>?, in targetText: String) -> QualityFinding {
        QualityFinding(unit: id, check: check, severity: severity, message: message,
                       source: source.map { QualitySpan($0, in: sourceText) }, target: target.map { QualitySpan($0, in: targetText) })
    }

    /// What needs the whole file: targets whose length is far from the file's usual ratio
    /// (under a third or over 2.2 times the median, sources of 20 characters or more; real
    /// files stay within 0.45–1.6 times it).
    /// A file too short to say it is not in the glossary's domain also gets the findings of
    /// its general words here (``GeneralTerms/inDomain``).
    public func finish() -> [QualityFinding] {
        let held = pendingFindings
        guard checks.contains(.length), state.lengths.count >= 5 else { return held }
        let sorted = state.lengths.map(\.ratio).sorted()
        let median = sorted[sorted.count / 2]
        return held + state.lengths.compactMap { entry in
            guard entry.ratio > median * 2.2 || entry.ratio < median / 3 else { return nil }
            let percent = Int((entry.ratio / median * 100).rounded())
            return QualityFinding(unit: entry.unit, check: .length, severity: .warning,
                                  message: "the target is \(percent)% of the usual length for this file's sources (\(entry.source) characters)")
        }
    }

    // MARK: Checks

    private func numbers(_ sourceText: String, _ targetText: String,
                         _ add: (QualityCheck, QualityFinding.Severity, String, Range<Int>?, Range<Int>?) -> Void) {
        var sourceNumbers = NumberForms.mentions(in: sourceText)
        if sourceKorean {
            // 10월 is a month: the dates check looks for October.
            let months = Set(NumberForms.koreanDateWords(in: sourceText).map(\.range.lowerBound))
            sourceNumbers.removeAll { months.contains($0.range.lowerBound) }
        }
        guard !sourceNumbers.isEmpty else { return }
        var targetMentions = NumberForms.mentions(in: targetText)
        if targetKorean, !sourceKorean {
            // 10월 stands for a month name of the source, which the dates check compares.
            let months = Set(NumberForms.koreanDateWords(in: targetText).map(\.range.lowerBound))
            targetMentions.removeAll { months.contains($0.range.lowerBound) }
        }
        var targetValues = targetMentions.map(\.value)
        // Into English, small numbers may be spelled out (2명 → two people).
        if targetEnglish { targetValues += NumberForms.spelledValues(in: targetText).sorted() }
        for mention in sourceNumbers {
            if let index = targetValues.firstIndex(where: { Self.same($0, mention.value) }) {
                targetValues.remove(at: index)
                continue
            }
            let written = QualitySpan(mention.range, in: sourceText).text
            var message = "\(written) of the source is not in the target"
            if let nearest = targetValues.min(by: { abs($0 - mention.value) < abs($1 - mention.value) }) {
                message += " (it has \(Self.format(nearest)))"
            }
            add(.numbers, .error, message, mention.range, nil)
        }
    }

    static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= max(abs(a), abs(b)) * 1e-9 }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    private func dates(_ sourceText: String, _ targetText: String,
                       _ add: (QualityCheck, QualityFinding.Severity, String, Range<Int>?, Range<Int>?) -> Void) {
        let sourceWords: [NumberForms.DateWord]
        let targetWords: [NumberForms.DateWord]
        if sourceEnglish && targetKorean {
            (sourceWords, targetWords) = (NumberForms.englishDateWords(in: sourceText), NumberForms.koreanDateWords(in: targetText))
        } else if sourceKorean && targetEnglish {
            (sourceWords, targetWords) = (NumberForms.koreanDateWords(in: sourceText), NumberForms.englishDateWords(in: targetText))
        } else {
            return
        }
        var remaining = targetWords.map(\.kind)
        // A day with its month: October 10 ↔ 10월 10일.
        for (month, day, range) in Self.monthDays(sourceText, sourceWords, korean: sourceKorean)
        where !Self.hasMonthDay(targetText, month: month, day: day, korean: targetKorean) {
            let written = QualitySpan(range, in: sourceText).text
            let expected = targetKorean ? "\(month)월 \(day)일" : "\(NumberForms.name(of: .month(month), korean: false)) \(day)"
            add(.dates, .error, "\(written) of the source is not in the target (\(expected))", range, nil)
        }
        for word in sourceWords {
            if let index = remaining.firstIndex(of: word.kind) {
                remaining.remove(at: index)
                continue
            }
            let written = QualitySpan(word.range, in: sourceText).text
            add(.dates, .error, "\(written) of the source is not in the target (\(NumberForms.name(of: word.kind, korean: targetKorean)))",
                word.range, nil)
        }
    }

    /// Months followed by a day (`October 10th`, `Oct. 10`; `10월 10일`): month, day and where.
    static func monthDays(_ text: String, _ words: [NumberForms.DateWord], korean: Bool) -> [(Int, Int, Range<Int>)] {
        let bytes = Array(text.utf8)
        var result: [(Int, Int, Range<Int>)] = []
        for word in words {
            guard case .month(let month) = word.kind else { continue }
            var i = word.range.upperBound
            while i < bytes.count, bytes[i] == 0x2E || bytes[i] == 0x20 { i += 1 }
            let start = i
            while i < bytes.count, NumberForms.isDigit(bytes[i]) { i += 1 }
            guard i > start, i - start <= 2, let day = Int(String(decoding: bytes[start..<i], as: UTF8.self)), (1...31).contains(day) else { continue }
            if korean {
                var j = i
                while j < bytes.count, bytes[j] == 0x20 { j += 1 }
                guard NumberForms.has(bytes, Array("일".utf8), at: j) else { continue }
                result.append((month, day, word.range.lowerBound..<(j + 3)))
            } else {
                guard i == bytes.count || !NumberForms.isDigit(bytes[i]) else { continue }
                var end = i
                if end + 1 < bytes.count, ["st", "nd", "rd", "th"].contains(String(decoding: bytes[end..<(end + 2)], as: UTF8.self)) { end += 2 }
                result.append((month, day, word.range.lowerBound..<end))
            }
        }
        return result
    }

    static func hasMonthDay(_ text: String, month: Int, day: Int, korean: Bool) -> Bool {
        if korean { return text.contains("\(month)월 \(day)일") || text.contains("\(month)월\(day)일") }
        let lower = Array(text.lowercased().utf8)
        let name = NumberForms.months[month - 1], short = NumberForms.monthAbbreviations[month - 1]
        var forms = ["\(name) \(day)", "\(short). \(day)", "\(short) \(day)", "\(day) \(name)", "\(day) \(short)"]
        if month == 9 { forms += ["sept. \(day)", "sept \(day)"] }
        for form in forms {
            let needle = Array(form.utf8)
            guard needle.count <= lower.count else { continue }
            for i in 0...(lower.count - needle.count) where lower[i..<(i + needle.count)].elementsEqual(needle) {
                // Not the start of a longer number (October 1 in October 15), not inside one.
                let after = i + needle.count < lower.count ? lower[i + needle.count] : 0x20
                let before = i > 0 ? lower[i - 1] : 0x20
                if !NumberForms.isDigit(after), !NumberForms.isDigit(before) { return true }
            }
        }
        return false
    }

    private func codes(_ source: SegmentContent, _ target: SegmentContent,
                       _ add: (QualityCheck, QualityFinding.Severity, String, Range<Int>?, Range<Int>?) -> Void) {
        struct Key: Hashable, CustomStringConvertible {
            var kind: InlineCode.Kind
            var id: String
            var description: String { "<\(kind.rawValue) \(id)>" }
        }
        func keys(_ content: SegmentContent) -> [Key] {
            content.allCodes.filter { $0.kind != .hi && $0.kind != .sub }.map { code in
                Key(kind: code.kind, id: code.kind == .bpt || code.kind == .ept || code.kind == .it ? (code.i ?? code.x ?? "") : (code.x ?? code.i ?? ""))
            }
        }
        let sourceKeys = keys(source), targetKeys = keys(target)
        guard !sourceKeys.isEmpty || !targetKeys.isEmpty else { return }
        var counts: [Key: Int] = [:]
        for key in sourceKeys { counts[key, default: 0] += 1 }
        var open = Set<String>()
        for key in targetKeys {
            guard let remaining = counts[key], remaining > 0 else {
                add(.codes, .error, "the target has code \(key) the source does not", nil, nil)
                continue
            }
            counts[key] = remaining - 1
            if key.kind == .bpt { open.insert(key.id) }
            if key.kind == .ept, sourceKeys.contains(Key(kind: .bpt, id: key.id)), !open.contains(key.id) {
                add(.codes, .error, "the target ends pair \(key.id) before it starts it", nil, nil)
            }
        }
        for key in sourceKeys where (counts[key] ?? 0) > 0 {
            counts[key] = 0
            add(.codes, .error, "code \(key) of the source is missing from the target", nil, nil)
        }
    }

    private func punctuation(_ sourceText: String, _ targetText: String,
                             _ add: (QualityCheck, QualityFinding.Severity, String, Range<Int>?, Range<Int>?) -> Void) {
        let sourceBytes = sourceText.utf8.count, targetBytes = targetText.utf8.count
        // End punctuation, closing quotes and brackets aside.
        let sourceEnd = Self.endPunctuation(sourceText), targetEnd = Self.endPunctuation(targetText)
        if sourceEnd.kind != targetEnd.kind, !(sourceEnd.kind == .none && targetEnd.kind == .period) {
            add(.punctuation, .warning, "the source ends with \(sourceEnd.kind.name), the target with \(targetEnd.kind.name)",
                sourceEnd.range ?? max(0, sourceBytes)..<sourceBytes, targetEnd.range ?? max(0, targetBytes)..<targetBytes)
        }
        // Quotes and brackets: balanced in the source, not in the target.
        let sourceMarks = Self.marks(sourceText), targetMarks = Self.marks(targetText)
        for (index, pair) in Self.pairs.enumerated() where index != Self.singleQuotes || targetKorean {  // in English ’ is also the apostrophe
            let sourceBalance = sourceMarks[2 * index] - sourceMarks[2 * index + 1]
            let targetBalance = targetMarks[2 * index] - targetMarks[2 * index + 1]
            if sourceBalance == 0, targetBalance != 0 {
                add(.punctuation, .warning, "\(pair.0)\(pair.1) are unbalanced in the target (\(targetBalance > 0 ? "\(targetBalance) not closed" : "\(-targetBalance) not opened"))",
                    nil, nil)
            }
        }
        if targetMarks[2 * Self.pairs.count] % 2 == 1, sourceMarks[2 * Self.pairs.count] % 2 == 0 {
            add(.punctuation, .warning, "an odd number of \" in the target", nil, nil)
        }
        if let double = Self.range(of: "  ", in: targetText), Self.range(of: "  ", in: sourceText) == nil {
            add(.punctuation, .warning, "a double space in the target", nil, double)
        }
        let sourceLead = Self.leadingWhitespace(sourceText), targetLead = Self.leadingWhitespace(targetText)
        let sourceTrail = Self.trailingWhitespace(sourceText), targetTrail = Self.trailingWhitespace(targetText)
        if sourceLead != targetLead {
            add(.punctuation, .warning, "whitespace at the start differs (source \(sourceLead.debugDescription), target \(targetLead.debugDescription))", nil, nil)
        }
        if sourceTrail != targetTrail {
            add(.punctuation, .warning, "whitespace at the end differs (source \(sourceTrail.debugDescription), target \(targetTrail.debugDescription))", nil, nil)
        }
    }

    private func urls(_ sourceText: String, _ targetText: String,
                      _ add: (QualityCheck, QualityFinding.Severity, String, Range<Int>?, Range<Int>?) -> Void) {
        for (range, text) in Self.urlLike(in: sourceText) where !targetText.contains(text) {
            add(.urls, .error, "\(text) is not in the target as written", range, nil)
        }
    }

    // MARK: Text helpers

    static let pairs: [(Unicode.Scalar, Unicode.Scalar)] = [("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"), ("「", "」"), ("『", "』"),
                                                            ("《", "》"), ("〈", "〉"), ("‘", "’")]
    static let singleQuotes = 8

    /// How many of each bracket and quote (opening, closing, …) and of `"` (last) the text has: one pass.
    static func marks(_ text: String) -> [Int] {
        var counts = [Int](repeating: 0, count: pairs.count * 2 + 1)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard value == 0x22 || value == 0x28 || value == 0x29 || value == 0x5B || value == 0x5D || value == 0x7B || value == 0x7D
                || (0x2018...0x201D).contains(value) || (0x3008...0x300F).contains(value) else { continue }
            if value == 0x22 { counts[pairs.count * 2] += 1; continue }
            for (index, pair) in pairs.enumerated() {
                if scalar == pair.0 { counts[2 * index] += 1; break }
                if scalar == pair.1 { counts[2 * index + 1] += 1; break }
            }
        }
        return counts
    }

    /// FNV-1a, 64 bits.
    static func fnv(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The text with whitespace runs (ASCII, no-break and ideographic spaces) made one space and
    /// the ends trimmed: what consistency compares.
    static func key(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            var space = 0
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { space = 1 }
            else if byte == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 { space = 2 }
            else if byte == 0xE3, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 { space = 3 }
            if space > 0 {
                pendingSpace = !out.isEmpty
                i += space
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(byte)
            i += 1
        }
        return out
    }

    enum EndKind: Equatable {
        case none, period, question, exclamation, colon, ellipsis, semicolon
        var name: String {
            switch self {
            case .none: "no end punctuation"
            case .period: "a full stop"
            case .question: "a question mark"
            case .exclamation: "an exclamation mark"
            case .colon: "a colon"
            case .ellipsis: "an ellipsis"
            case .semicolon: "a semicolon"
            }
        }
    }

    static func endPunctuation(_ text: String) -> (kind: EndKind, range: Range<Int>?) {
        // From the end: past whitespace, closing quotes and brackets, to the last mark.
        let scalars = text.unicodeScalars
        var index = scalars.endIndex
        var end = text.utf8.count
        while index > scalars.startIndex {
            let previous = scalars.index(before: index)
            let scalar = scalars[previous]
            guard scalar.properties.isWhitespace || closers.contains(scalar) else { break }
            end -= String(scalar).utf8.count
            index = previous
        }
        guard index > scalars.startIndex else { return (.none, nil) }
        let last = scalars[scalars.index(before: index)]
        let kind: EndKind
        switch last {
        case ".", "。", "．":
            var dots = 0
            var k = index
            while k > scalars.startIndex, scalars[scalars.index(before: k)] == ".", dots < 3 { dots += 1; k = scalars.index(before: k) }
            kind = dots >= 3 ? .ellipsis : .period
        case "?", "？": kind = .question
        case "!", "！": kind = .exclamation
        case ":", "：": kind = .colon
        case ";", "；": kind = .semicolon
        case "…": kind = .ellipsis
        default: return (.none, nil)
        }
        return (kind, (end - String(last).utf8.count)..<end)
    }

    static func range(of needle: String, in text: String) -> Range<Int>? {
        let bytes = Array(text.utf8), pattern = Array(needle.utf8)
        guard pattern.count <= bytes.count else { return nil }
        for i in 0...(bytes.count - pattern.count) where bytes[i..<(i + pattern.count)].elementsEqual(pattern) {
            return i..<(i + pattern.count)
        }
        return nil
    }

    static func leadingWhitespace(_ text: String) -> String { String(text.prefix { $0.isWhitespace }) }
    static func trailingWhitespace(_ text: String) -> String { String(text.reversed().prefix { $0.isWhitespace }.reversed()) }

    static func hasHangul(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) || (0x1100...0x11FF).contains($0.value) || (0x3130...0x318F).contains($0.value) }
    }

    static func hangulShare(_ text: String) -> Double {
        var hangul = 0, letters = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            letters += 1
            if (0xAC00...0xD7A3).contains(scalar.value) { hangul += 1 }
        }
        return letters == 0 ? 0 : Double(hangul) / Double(letters)
    }

    /// Words of two letters or more.
    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 2 }.count
    }

    /// Whether the text has a word a translator would translate: a lower-case word, not only
    /// names (`Daily NK`), numbers, acronyms, codes or URLs.
    static func hasWords(_ text: String) -> Bool {
        text.split(whereSeparator: { $0.isWhitespace }).contains { word in
            let letters = word.filter(\.isLetter)
            return letters.count >= 2 && (letters.first?.isLowercase ?? false) && !word.contains("://") && !word.contains("@")
        }
    }

    static let trailingMarks: Set<Character> = [".", ",", ";", ":", "!", "?", ")", "]", "”", "’", "\"", "'", "」"]
    static let leadingMarks: Set<Character> = ["(", "[", "“", "‘", "\"", "'", "「"]
    static let closers: Set<Unicode.Scalar> = ["”", "’", "\"", "'", ")", "]", "」", "』", "》", "〉", "*"]

    /// URLs, e-mail addresses, @handles and #hashtags: where they are and their text.
    static func urlLike(in text: String) -> [(Range<Int>, String)] {
        // Most text has none of them: one pass to say so (@, #, ://, www.).
        var candidate = false
        var previous: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for byte in text.utf8 {
            if byte == 0x40 || byte == 0x23 || (byte == 0x2F && previous.1 == 0x3A && previous.2 == 0x2F)
                || (byte == 0x2E && previous == (0x77, 0x77, 0x77)) { candidate = true; break }
            previous = (previous.1, previous.2, byte)
        }
        guard candidate else { return [] }
        var result: [(Range<Int>, String)] = []
        var offset = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            defer { offset += word.utf8.count + 1 }
            var token = Substring(word)
            // Punctuation around it is not part of it.
            let trailing = Self.trailingMarks, leading = Self.leadingMarks
            var lead = 0
            while let first = token.first, leading.contains(first) { lead += String(first).utf8.count; token = token.dropFirst() }
            while let last = token.last, trailing.contains(last) { token = token.dropLast() }
            let candidate = String(token)
            let isURL = candidate.hasPrefix("http://") || candidate.hasPrefix("https://") || candidate.hasPrefix("www.")
            let isMail = candidate.contains("@") && candidate.contains(".") && !candidate.hasPrefix("@")
                && candidate.split(separator: "@").count == 2
            let isHandle = candidate.count >= 2 && (candidate.hasPrefix("@") || candidate.hasPrefix("#"))
                && candidate.dropFirst().allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                && candidate.dropFirst().contains(where: \.isLetter)
            guard isURL || isMail || isHandle else { continue }
            let start = offset + lead
            result.append((start..<(start + candidate.utf8.count), candidate))
        }
        return result
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let characters = self[...]
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
              let last = characters.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return characters[first...last]
    }
}
