import ArgumentParser
import TMKitCore
import TMX

/// `tmkit tmx validate FILE`: is this TMX what CAT tools accept?
struct TMXValidateCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a TMX file against TMX 1.4b; one finding a line.",
        discussion: """
            Checks well-formedness, elements and attributes as the TMX 1.4 DTD defines them, \
            bpt/ept pairing and i uniqueness, language codes (BCP 47 form, lang vs xml:lang), \
            and the header: required attributes, and srclang present and used by the units. \
            Entities are never expanded; a reference to one is a finding.

            Findings go to standard output as FILE:LINE:COLUMN: message.
            Exit codes: 0 no findings, 1 findings (malformed XML included), 2 unreadable file.

            Examples:
              tmkit tmx validate memory.tmx
              tmkit tmx validate --require-target memory.tmx
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @Argument(help: "The TMX file; '-' reads standard input.")
    var file: String

    @Flag(help: "Every unit needs a variant in a language other than its source language.")
    var requireTarget = false

    func run() throws {
        let reader = try TMXInput.open(file, options: TMXReader.Options(skipInvalid: true, checkConformance: true))
        let result = try TMXProgress.run(reader) {
            try TMXValidation.validate(reader, options: TMXValidation.Options(requireTarget: requireTarget))
        }
        var out = OutputBuffer(sink: CommandIO.current.output)
        let name = FileInput.displayName(file)
        for finding in result.findings {
            out.append("\(name):\(finding)\n")
        }
        if result.notKept > 0 {
            out.append("\(name): \(result.notKept) more findings not listed\n")
        }
        if result.findings.isEmpty {
            out.append("\(name): no findings (\(result.units) units)\n")
        }
        out.flush()
        if !result.findings.isEmpty { throw ExitCode(1) }
    }
}
