import ArgumentParser
import TMKitCore
import TMX
import XLIFF

/// `tmkit tmx convert`: between TMX, TSV, CSV and JSONL.
struct TMXConvertCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a memory between TMX, TSV, CSV and JSON Lines.",
        discussion: """
            Formats come from the file extensions (.tmx; .tsv, .tab, .txt; .csv; .jsonl) or \
            from --input-format/--output-format.

              TSV    source<TAB>target[<TAB>note], no header; \\t \\n \\r \\\\ escaped
              CSV    RFC 4180 with a header naming the language columns (en,ko[,note])
              JSONL  one unit a line, lossless: {"id","props","notes","variants":{tag: text}}
              TMX    TMX 1.4b, DTD-valid: converting TMX to TMX cleans a file up

            --from/--to pick a language pair out of a multilingual TMX or JSONL, and name the \
            columns of TSV and CSV input (required there). Inline codes have no place in TSV \
            or CSV: their text is kept and the units are counted on stderr. The output \
            appears whole or not at all: a bad row stops the command with \
            FILE:LINE: message and exit 2, leaving no half-written file.

            Examples:
              tmkit tmx convert TMX/sample.en-ko.tmx -o sample.tsv
              tmkit tmx convert glossary.csv -o memory.tmx --from en --to ko
              tmkit tmx convert memory.tmx -o memory.jsonl
              tmkit tmx convert multilingual.tmx -o en-ko.tmx --from en --to ko
              tmkit tmx convert - --input-format tsv -o - --output-format tmx --from en --to ko < pairs.tsv
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @Argument(help: "The input memory; '-' reads standard input (then give --input-format).")
    var input: String

    @Option(name: .shortAndLong, help: "The output file; '-' writes standard output (then give --output-format).")
    var output: String

    @OptionGroup var languages: LanguagePairOptions

    @Option(help: "Input format, when the extension does not say: tmx, tsv, csv, jsonl or xliff.")
    var inputFormat: MemoryFormat?

    @Option(help: "Output format, when the extension does not say: tmx, tsv, csv, jsonl or xliff.")
    var outputFormat: MemoryFormat?

    @Flag(help: "Go on past invalid TMX units, reporting each on stderr.")
    var skipInvalid = false

    func run() throws {
        let inFormat = try format(inputFormat, input, "input")
        let outFormat = try format(outputFormat, output, "output")
        var pair = languages.pair
        if pair == nil, outFormat == .tsv || outFormat == .csv || outFormat == .xliff {
            if inFormat == .tmx { pair = try TMXPair.infer(input) }
            if inFormat == .xliff { pair = try TMXPair.inferXLIFF(input) }
        }
        let source = try UnitInput.open(input, format: inFormat, pair: pair, skipInvalid: skipInvalid)
        var header = source.header
        if let pair { header.sourceLanguage = pair.source.normalized }
        try OutputFile.write(output) { file in
            let sink = try UnitOutput(format: outFormat, file: file, header: header, pair: pair)
            while var unit = try source.next() {
                if let pair, inFormat == .tmx || inFormat == .jsonl {
                    unit.variants = unit.variants.filter { $0.language.matches(pair.source) || $0.language.matches(pair.target) }
                    if unit.variants.isEmpty { continue }
                }
                sink.write(unit)
            }
            try sink.finish()
        }
        source.finish()
    }

    private func format(_ given: MemoryFormat?, _ path: String, _ role: String) throws -> MemoryFormat {
        if let given { return given }
        if let format = MemoryFormat(path: path) { return format }
        throw ValidationError("cannot tell the \(role) format of '\(path)'; give --\(role)-format tmx, tsv, csv, jsonl or xliff")
    }
}
