import ArgumentParser
import Segmentation
import TMKitCore

/// `tmkit srx check FILE`.
struct SRXCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "List an SRX file's language maps and rule counts; report rules that never decide.",
        discussion: """
            Reads the file as `segment --srx` does (every regular expression compiled by \
            ICU), then lists the language maps in the order they are tried and the rule \
            sets with their break and no-break counts, and reports:
              never-matches    a rule that cannot match inside a text (afterbreak starting with ^,
                               beforebreak ending with $ or \\z)
              shadowed         a rule an earlier rule of its set matches wherever it does
                               (the same patterns, or the same beforebreak and no afterbreak, …)
              unreachable-map  a map after a catch-all map (.*) when cascade is off
              unused-rule-set  a rule set no map names
            Findings print as FILE:LINE:COLUMN: kind: message.

            Exit 0 with no findings, 1 with findings, 2 when the file cannot be read or a \
            regular expression is invalid (FILE:LINE:COLUMN: message naming the rule).

            Examples:
              tmkit srx check Tests/SegmentationTests/Fixtures/omegat_defaults.srx
              tmkit srx check --format json Tests/SegmentationTests/Fixtures/omegat_defaults.srx
            """
    )

    @Argument(help: "The SRX 2.0 file; '-' reads standard input.")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: CheckFormat = .text

    enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() throws {
        let name = FileInput.displayName(file)
        let rules = try SRXRules.read(from: FileInput.chunks(file), file: name)
        let findings = rules.check()
        var out = OutputBuffer(sink: CommandIO.current.output)
        func counts(_ name: String) -> (total: Int, breaks: Int) {
            let set = rules.languageRule(named: name)?.rules ?? []
            return (set.count, set.filter(\.isBreak).count)
        }
        let total = rules.languageRules.reduce(0) { $0 + $1.rules.count }
        switch format {
        case .text:
            out.append("\(name): SRX 2.0, cascade \(rules.cascade ? "yes" : "no"), \(rules.languageRules.count) rule sets, ")
            out.append("\(total) rules, \(rules.languageMaps.count) language maps\n")
            out.append("language maps, in the order they are tried:\n")
            for map in rules.languageMaps {
                let (count, breaks) = counts(map.ruleName)
                out.append("  \(map.languagePattern)  →  \(map.ruleName)  (\(count) rules: \(breaks) break, ")
                out.append("\(count - breaks) no-break)  line \(map.line)\n")
            }
            out.append("rule sets:\n")
            for set in rules.languageRules {
                let breaks = set.rules.filter(\.isBreak).count
                out.append("  \(set.name)  \(set.rules.count) rules: \(breaks) break, \(set.rules.count - breaks) no-break\n")
            }
            for finding in findings {
                out.append("\(name):\(finding.line):\(finding.column): \(finding.kind.rawValue): \(finding.message)\n")
            }
            out.append(findings.isEmpty ? "no findings\n" : "\(findings.count) findings\n")
        case .json:
            out.append("{\"file\":")
            out.appendJSONString(name)
            out.append(",\"cascade\":\(rules.cascade),\"rules\":")
            out.append(total)
            out.append(",\"language_maps\":[")
            for (index, map) in rules.languageMaps.enumerated() {
                let (count, breaks) = counts(map.ruleName)
                out.append(index == 0 ? "{\"language_pattern\":" : ",{\"language_pattern\":")
                out.appendJSONString(map.languagePattern)
                out.append(",\"rule_set\":")
                out.appendJSONString(map.ruleName)
                out.append(",\"rules\":\(count),\"break_rules\":\(breaks),\"no_break_rules\":\(count - breaks),\"line\":\(map.line)}")
            }
            out.append("],\"rule_sets\":[")
            for (index, set) in rules.languageRules.enumerated() {
                let breaks = set.rules.filter(\.isBreak).count
                out.append(index == 0 ? "{\"name\":" : ",{\"name\":")
                out.appendJSONString(set.name)
                out.append(",\"rules\":\(set.rules.count),\"break_rules\":\(breaks),\"no_break_rules\":\(set.rules.count - breaks)}")
            }
            out.append("],\"findings\":[")
            for (index, finding) in findings.enumerated() {
                out.append(index == 0 ? "{\"kind\":" : ",{\"kind\":")
                out.appendJSONString(finding.kind.rawValue)
                out.append(",\"message\":")
                out.appendJSONString(finding.message)
                out.append(",\"line\":\(finding.line),\"column\":\(finding.column)}")
            }
            out.append("]}\n")
        }
        out.flush()
        if !findings.isEmpty { throw ExitCode(1) }
    }
}
