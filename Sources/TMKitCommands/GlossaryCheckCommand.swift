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
        func write(_ entries: [Flagged], to out: inout OutputBuffer, counting flagged: inout Int) {
            for entry in entries where !entry.issues.isEmpty {
                flagged += 1
                out.append("\(name):\(entry.line):\(entry.column): unit \(entry.unit): "
                           + entry.issues.map(\.description).joined(separator: "; ") + "\n")
            }
        }
        // A unit's findings of one-word terms wait for a unit that names the glossary's domain
        // (as in qa): its line of them comes out then, its other findings at once.
        let holds = !allTerms && check.hasDomainTerms
        var held = DomainHeld<Flagged>(weight: { $0.issues.count })
        while let unit = try reader.next() {
            for variant in unit.variants { languagesSeen.insert(variant.language.normalized) }
            guard let source = TabularMemory.variant(of: unit, in: pair.source),
                  let target = TabularMemory.variant(of: unit, in: pair.target) else { continue }
            units += 1
            let targetText = target.content.plainText
            let review = check.review(source: source.content.plainText, target: targetText, targetMatches: check.targetMatches(in: targetText))
            let (line, column) = reader.lastUnitLocation
            let id = unit.id ?? String(units)
            let general = holds ? review.issues.filter(\.generalWord) : []
            let released = held.record(general.isEmpty ? [] : [(line, column, id, general)], namesDomain: review.sourceNamesDomain)
            // In the domain, the unit's own one-word findings come back last: one line with the others.
            let own = !general.isEmpty && held.domainNamed
            write(own ? Array(released.dropLast()) : released, to: &out, counting: &flagged)
            write([(line, column, id, own || general.isEmpty ? review.issues : review.issues.filter { !$0.generalWord })],
                  to: &out, counting: &flagged)
        }
        // A file too short to say gets them; a longer one is in another domain.
        write(held.pending(units: units), to: &out, counting: &flagged)
        // No silent pass: a file without the pair was not checked.
        guard units > 0 else {
            throw CommandError(message: "\(FileInput.displayName(file)): no unit has both \(pair.source.normalized) and \(pair.target.normalized)"
                               + (languagesSeen.isEmpty ? " (no units)" : " (the file has \(languagesSeen.sorted().joined(separator: ", "))); give the pair with --from and --to"))
        }
        if flagged == 0 { out.append("\(FileInput.displayName(file)): no findings (\(units) units)\n") }
        out.flush()
        QACommand.noteLeftOut(held.leftOut(units: units), domainNamed: held.domainNamed, what: "finding", option: "--all-terms checks them")
        if flagged > 0 { throw ExitCode(1) }
    }
}
