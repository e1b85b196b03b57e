import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import Documents
import Glossary
import Quality
import Segmentation
import TMKitCore
import TMX
#if canImport(Glibc)
import Glibc
#endif

/// `tmkit glossary check FILE.tmx`.
struct GlossaryCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Terminology QA of a bilingual TMX against the glossary.",
        discussion: """
            For each unit: every source term whose glossary translations (preferred or \
            admitted, any variant) are all missing from the target, and every deprecated or \
            forbidden term used in the target. One line per unit with findings: \
            FILE:LINE:COLUMN: unit N: …, byte positions within the segment. Exit 1 with findings.

            In a domain's glossary, a term that is one common word (source = 소식통) has the \
            domain's sense only in its texts, as in `tmkit qa`: a unit with such a finding \
            waits until a unit names the domain (a name or a longer term of the glossary); \
            a file of 20 units or more that never does gets those findings left out (counted \
            on standard error) unless --all-terms.

            Examples:
              tmkit glossary check TMX/sample.en-ko.tmx
              tmkit glossary check translated.tmx --from en --to ko --glossary house-terms.tbx
            """
    )

    @Argument(help: "The TMX file to check; '-' reads standard input.")
    var file: String

    @OptionGroup var languages: LanguagePairOptions
    @OptionGroup var glossaryOptions: GlossaryOptions

    @Flag(help: "Check the glossary's one-word terms (source = 소식통) in every file, also in files that never name the glossary's domain.")
    var allTerms = false

    func run() throws {
        let pair: (source: LanguageTag, target: LanguageTag)
        if let given = languages.pair {
            pair = given
        } else if file == "-" {
            pair = (.english, .korean)
        } else {
            pair = try TMXPair.infer(file)
        }
        let check = TermCheck(glossary: try glossaryOptions.load(), source: pair.source, target: pair.target)
        let reader = try TMXInput.open(file, options: TMXReader.Options())
        _ = try reader.readHeader()
        var out = OutputBuffer(sink: CommandIO.current.output)
        var units = 0, flagged = 0
        var languagesSeen = Set<String>()
        typealias Flagged = (line: Int, column: Int, unit: String, issues: [TermCheck.Issue])
        let name = FileInput.displayName(file)
        func write(_ entry: Flagged, to out: inout OutputBuffer, counting flagged: inout Int) {
            guard !entry.issues.isEmpty else { return }
            flagged += 1
            out.append("\(name):\(entry.line):\(entry.column): unit \(entry.unit): "
                       + entry.issues.map(\.description).joined(separator: "; ") + "\n")
        }
        // Units with a one-word term's finding wait for a unit that names the glossary's domain.
        let holds = !allTerms && check.hasDomainTerms
        var domainNamed = false
        var held: [Flagged] = []
        var leftOut = 0, dropped = 0
        while let unit = try reader.next() {
            for variant in unit.variants { languagesSeen.insert(variant.language.normalized) }
            guard let source = TabularMemory.variant(of: unit, in: pair.source),
                  let target = TabularMemory.variant(of: unit, in: pair.target) else { continue }
            units += 1
            let targetText = target.content.plainText
            let review = check.review(source: source.content.plainText, target: targetText, targetMatches: check.targetMatches(in: targetText))
            if review.sourceNamesDomain, !domainNamed {
                domainNamed = true
                for entry in held { write(entry, to: &out, counting: &flagged) }
                held = []
            }
            guard !review.issues.isEmpty else { continue }
            let (line, column) = reader.lastUnitLocation
            let entry: Flagged = (line, column, unit.id ?? String(units), review.issues)
            if holds, !domainNamed, review.issues.contains(where: \.generalWord) {
                if held.count < 100_000 {
                    held.append(entry)
                } else {
                    // Too many waiting: the unit's other findings now, its one-word ones counted.
                    dropped += entry.issues.filter(\.generalWord).count
                    write((line, column, entry.unit, entry.issues.filter { !$0.generalWord }), to: &out, counting: &flagged)
                }
            } else {
                write(entry, to: &out, counting: &flagged)
            }
        }
        // A file too short to say gets them; a longer one is in another domain.
        for var entry in held {
            if units >= QualityChecker.domainEvidenceUnits {
                leftOut += entry.issues.filter(\.generalWord).count
                entry.issues.removeAll(where: \.generalWord)
            }
            write(entry, to: &out, counting: &flagged)
        }
        // No silent pass: a file without the pair was not checked.
        guard units > 0 else {
            throw CommandError(message: "\(FileInput.displayName(file)): no unit has both \(pair.source.normalized) and \(pair.target.normalized)"
                               + (languagesSeen.isEmpty ? " (no units)" : " (the file has \(languagesSeen.sorted().joined(separator: ", "))); give the pair with --from and --to"))
        }
        if flagged == 0 { out.append("\(FileInput.displayName(file)): no findings (\(units) units)\n") }
        out.flush()
        if leftOut + dropped > 0 {
            let count = leftOut + dropped
            let findings = "\(count) finding\(count == 1 ? "" : "s") of the glossary's one-word terms (source = 소식통)"
            Report.note(domainNamed
                ? "\(findings) not reported: more than 100,000 units waited for a unit to name the glossary's domain; --all-terms checks them"
                : "\(findings) left out: no unit names the glossary's domain, so they are words of another domain here; --all-terms checks them")
        }
        if flagged > 0 { throw ExitCode(1) }
    }
}
