import ArgumentParser
import TMKitCore
import TMX
import XLIFF

extension TMKitCommand.TMX {
    /// `tmkit tmx convert`: between TMX, TSV, CSV and JSONL.
    struct Convert: ParsableCommand, ReportsProgress {
        static let configuration = CommandConfiguration(
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
}

/// Finding the language pair of a bilingual TMX or XLIFF.
enum TMXPair {
    /// The source and target languages the XLIFF's first file names.
    static func inferXLIFF(_ path: String) throws -> (source: LanguageTag, target: LanguageTag) {
        guard path != "-" else {
            throw ValidationError("give --from and --to to pick the columns from standard input")
        }
        let name = FileInput.displayName(path)
        let document = try XLIFFReader.read(try FileInput.readAll(path, limit: InputLimits.xliff, what: "an XLIFF"), file: name)
        guard let file = document.files.first, let source = file.sourceLanguage, let target = file.targetLanguage else {
            throw ValidationError("\(path) names no source and target language; give --from and --to")
        }
        return (source, target)
    }

    /// The header's source language and the other language of the file's first units (up to
    /// 1,000): what a command that reads the file once anyway (qa) can afford.
    static func inferFromStart(_ path: String) throws -> (source: LanguageTag, target: LanguageTag) {
        let reader = try TMXReader(path: path, options: .init(skipInvalid: true))
        let header = try reader.readHeader()
        var languages: [LanguageTag] = []
        var read = 0
        while read < 1000, let unit = try reader.next() {
            read += 1
            for variant in unit.variants where !languages.contains(variant.language) { languages.append(variant.language) }
        }
        let listed = languages.map(\.normalized).joined(separator: ", ")
        guard let source = header.sourceLanguage.flatMap(LanguageTag.init).flatMap({ LanguageTag.bestMatch(for: $0, in: languages, language: { $0 }) }) else {
            throw ValidationError("\(path) names no source language its units have (srclang); pick the pair with --from and --to (\(listed))")
        }
        let others = languages.filter { $0 != source }
        guard others.count == 1 else {
            throw ValidationError("\(path) has \(languages.count) languages (\(listed)); pick the pair with --from and --to")
        }
        return (source, others[0])
    }

    /// The header's source language and the one other language, when the file has exactly two.
    static func infer(_ path: String) throws -> (source: LanguageTag, target: LanguageTag) {
        guard path != "-" else {
            throw ValidationError("give --from and --to to pick the columns from standard input")
        }
        let statistics = try TMXStatistics.collect(from: try TMXReader(path: path, options: .init(skipInvalid: true)))
        let languages = statistics.languages
        let listed = languages.map(\.normalized).joined(separator: ", ")
        guard languages.count == 2 else {
            throw ValidationError("\(path) has \(languages.count) languages (\(listed)); pick the pair with --from and --to")
        }
        if let srclang = statistics.sourceLanguage.flatMap(LanguageTag.init),
           let source = LanguageTag.bestMatch(for: srclang, in: languages, language: { $0 }) {
            return (source, languages.first { $0 != source }!)
        }
        throw ValidationError("\(path) names no source language (srclang); pick the pair with --from and --to (\(listed))")
    }
}
