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

/// `tmkit glossary validate FILE`.
struct GlossaryValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Report duplicates, conflicting targets, empty terms and unknown languages.",
        discussion: """
            One finding a line: FILE: entry ID: message. Exit 0 with none, 1 with findings, \
            2 when the file cannot be read (bad rows: FILE:LINE: message).

            Examples:
              tmkit glossary validate Glossaries/north-korea-news.tbx
              tmkit glossary validate my-terms.tsv
            """
    )

    @Argument(help: "The glossary to check.")
    var file: String

    func run() throws {
        let glossary = try GlossaryOptions.read(file)
        let findings = GlossaryValidation.findings(glossary)
        var out = OutputBuffer(sink: CommandIO.current.output)
        for finding in findings { out.append("\(file): \(finding)\n") }
        if findings.isEmpty { out.append("\(file): no findings (\(glossary.entries.count) entries)\n") }
        out.flush()
        if !findings.isEmpty { throw ExitCode(1) }
    }
}
