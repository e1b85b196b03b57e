import TMKitCore

/// A problem `tmkit srx check` reports: a rule that never decides anything, a map never
/// used, a rule set no map names.
public struct SRXFinding: Sendable, Hashable, CustomStringConvertible {
    /// What sort of problem a finding is; the raw value is the name `tmkit srx check` prints.
    public enum Kind: String, Sendable, Hashable {
        /// The rule cannot match at any position inside a text.
        case neverMatches = "never-matches"
        /// An earlier rule of the same set matches wherever this one does, so this one never decides.
        case shadowed
        /// An earlier map catches every language this one could, and `cascade` is off.
        case unreachableMap = "unreachable-map"
        /// No map names the rule set.
        case unusedRuleSet = "unused-rule-set"
    }

    /// What sort of problem it is.
    public var kind: Kind
    /// The problem in one line, naming the rule, map or rule set (e.g. `rule 3 of 'English'`).
    public var message: String
    /// Where the rule, map or rule set is in the file (1-based; 0 when unknown).
    public var line: Int
    /// The 1-based column of the element (0 when unknown).
    public var column: Int

    /// The finding as `srx check` prints it: `LINE:COLUMN: KIND: MESSAGE`.
    public var description: String { "\(line):\(column): \(kind.rawValue): \(message)" }
}

extension SRXRules {
    /// The rules that can never decide and the maps and rule sets that are never used.
    ///
    /// A rule never matches when its `afterbreak` must start at the start of the text, or its
    /// `beforebreak` must end there or at the end of the text (`^`, `$`, `\z`), since breaks
    /// fall inside a text. A rule is shadowed by an earlier rule of its set that matches
    /// wherever it does: one with the same patterns, or with the same `beforebreak` and no
    /// `afterbreak` (or the reverse), or with neither.
    public func check() -> [SRXFinding] {
        var findings: [SRXFinding] = []
        for set in languageRules {
            for (index, rule) in set.rules.enumerated() {
                let name = "rule \(index + 1) of '\(set.name)'"
                if let reason = Self.neverMatchReason(rule) {
                    findings.append(SRXFinding(kind: .neverMatches, message: "\(name) never matches: \(reason)",
                                               line: rule.line, column: rule.column))
                    continue
                }
                for (earlierIndex, earlier) in set.rules[..<index].enumerated() where Self.covers(earlier, rule) {
                    let decision = earlier.isBreak == rule.isBreak
                        ? "" : " (it says break=\"\(earlier.isBreak ? "yes" : "no")\", this one \"\(rule.isBreak ? "yes" : "no")\")"
                    findings.append(SRXFinding(
                        kind: .shadowed,
                        message: "\(name) is shadowed by rule \(earlierIndex + 1) (line \(earlier.line)), "
                            + "which matches wherever it does\(decision)",
                        line: rule.line, column: rule.column))
                    break
                }
            }
        }
        if !cascade {
            for (index, map) in languageMaps.enumerated() {
                if let catchAll = languageMaps[..<index].firstIndex(where: { Self.matchesEveryLanguage($0.languagePattern) }) {
                    let earlier = languageMaps[catchAll]
                    findings.append(SRXFinding(
                        kind: .unreachableMap,
                        message: "languagemap '\(map.languagePattern)' → '\(map.ruleName)' is never used: "
                            + "'\(earlier.languagePattern)' (line \(earlier.line)) comes first and cascade is off",
                        line: map.line, column: map.column))
                }
            }
        }
        let mapped = Set(languageMaps.map(\.ruleName))
        for set in languageRules where !mapped.contains(set.name) {
            findings.append(SRXFinding(
                kind: .unusedRuleSet, message: "languagerule '\(set.name)' is named by no languagemap",
                line: set.line, column: set.column))
        }
        return findings.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    private static func neverMatchReason(_ rule: Rule) -> String? {
        if let after = _PatternParser.parse(rule.afterBreak), case .textStart? = after.first?.node {
            return "<afterbreak> starts with ^, which holds only at the start of the text, where no break is made"
        }
        if let before = _PatternParser.parse(rule.beforeBreak), !before.isEmpty,
           before.allSatisfy({ if case .textStart = $0.node { true } else { false } }) {
            return "<beforebreak> matches only at the start of the text, where no break is made"
        }
        let before = rule.beforeBreak
        if before.hasSuffix("\\z") || before.hasSuffix("\\Z") || (before.hasSuffix("$") && !before.hasSuffix("\\$")) {
            return "<beforebreak> ends with an end-of-text anchor, and no break is made at the end of the text"
        }
        return nil
    }

    /// Whether `earlier` matches at every position where `later` does.
    private static func covers(_ earlier: Rule, _ later: Rule) -> Bool {
        let before = earlier.beforeBreak.isEmpty || earlier.beforeBreak == later.beforeBreak
        let after = earlier.afterBreak.isEmpty || earlier.afterBreak == later.afterBreak
        return before && after
    }

    private static func matchesEveryLanguage(_ pattern: String) -> Bool {
        [".*", "(.*)", ".+", "[\\s\\S]*"].contains(pattern)
    }
}
