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

/// `tmkit glossary convert IN -o OUT`.
struct GlossaryConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a glossary between TBX, TSV and CSV.",
        discussion: """
            Formats come from the extensions (.tbx; .tsv, .tab, .txt, .utf8; .csv). TBX is \
            written as TBX v3 (TBX-Basic) unless --tbx-version 2008. TSV and CSV take the \
            --from/--to columns (TSV input: unless its first line names them; default en, ko).

            Examples:
              tmkit glossary convert Glossaries/north-korea-news.tbx -o Glossaries/north-korea-news.tsv
              tmkit glossary convert terms.csv -o terms.tbx
              tmkit glossary convert terms.tbx -o terms-2008.tbx --tbx-version 2008
            """
    )

    @Argument(help: "The glossary to read.")
    var input: String

    @Option(name: .shortAndLong, help: "The glossary to write; '-' writes standard output.")
    var output: String

    @OptionGroup var languages: LanguagePairOptions

    @Option(help: "TBX version to write: 3 (TBX-Basic, default) or 2008 (MARTIF, for older CAT tools).")
    var tbxVersion: String = "3"

    func run() throws {
        guard let version = TBX.Version(rawValue: tbxVersion) else {
            throw ValidationError("--tbx-version takes 3 or 2008")
        }
        guard let outFormat = GlossaryFormat(path: output) ?? (output == "-" ? .tbx : nil) else {
            throw ValidationError("cannot tell the format of '\(output)'; use .tbx, .tsv or .csv")
        }
        let glossary = try GlossaryOptions.read(input, pair: languages.pair)
        let text = GlossaryFormat.write(glossary, format: outFormat, pair: languages.pair, tbxVersion: version)
        try OutputFile.write(output) { $0.write(text) }
    }
}
