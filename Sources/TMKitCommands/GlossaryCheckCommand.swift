import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import Documents
import Glossary
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

            Examples:
              tmkit glossary check TMX/sample.en-ko.tmx
              tmkit glossary check translated.tmx --from en --to ko --glossary house-terms.tbx
            """
    )

    @Argument(help: "The TMX file to check; '-' reads standard input.")
    var file: String

    @OptionGroup var languages: LanguagePairOptions
    @OptionGroup var glossaryOptions: GlossaryOptions

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
        while let unit = try reader.next() {
            for variant in unit.variants { languagesSeen.insert(variant.language.normalized) }
            guard let source = TabularMemory.variant(of: unit, in: pair.source),
                  let target = TabularMemory.variant(of: unit, in: pair.target) else { continue }
            units += 1
            let issues = check.check(source: source.content.plainText, target: target.content.plainText)
            guard !issues.isEmpty else { continue }
            flagged += 1
            let (line, column) = reader.lastUnitLocation
            out.append("\(FileInput.displayName(file)):\(line):\(column): unit \(unit.id ?? String(units)): "
                       + issues.map(\.description).joined(separator: "; ") + "\n")
        }
        // No silent pass: a file without the pair was not checked.
        guard units > 0 else {
            throw CommandError(message: "\(FileInput.displayName(file)): no unit has both \(pair.source.normalized) and \(pair.target.normalized)"
                               + (languagesSeen.isEmpty ? " (no units)" : " (the file has \(languagesSeen.sorted().joined(separator: ", "))); give the pair with --from and --to"))
        }
        if flagged == 0 { out.append("\(FileInput.displayName(file)): no findings (\(units) units)\n") }
        out.flush()
        if flagged > 0 { throw ExitCode(1) }
    }
}
