import ArgumentParser
import TMKitCore
import TMX

/// `tmkit tmx filter`: keep some languages.
struct TMXFilterCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Keep only the given languages of a TMX file.",
        discussion: """
            A language keeps its regional variants: --langs en,ko keeps en, en-US and ko-KR. \
            Units left with fewer than two variants are counted on stderr and kept, unless \
            --drop-incomplete drops them; units left with none are always dropped.

            Examples:
              tmkit tmx filter multilingual.tmx --langs en,ko -o en-ko.tmx
              tmkit tmx filter multilingual.tmx --langs en,ko -o en-ko.tmx --drop-incomplete
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @Argument(help: "The TMX file; '-' reads standard input.")
    var input: String

    @Option(help: "The languages to keep, separated by commas (en,ko).")
    var langs: String

    @Option(name: .shortAndLong, help: "The filtered TMX; '-' writes standard output.")
    var output: String

    @Flag(help: "Drop units left with fewer than two variants.")
    var dropIncomplete = false

    @Flag(help: "Go on past invalid units, reporting each on stderr.")
    var skipInvalid = false

    var languages: [LanguageTag] {
        langs.split(separator: ",").compactMap { LanguageTag(String($0)) }
    }

    func validate() throws {
        let parts = langs.split(separator: ",", omittingEmptySubsequences: false)
        for part in parts where !part.isEmpty { try LanguageArgument.validate(String(part), option: "--langs") }
        guard !parts.isEmpty, parts.allSatisfy({ LanguageTag(String($0)) != nil }) else {
            throw ValidationError("--langs takes language tags separated by commas, e.g. en,ko")
        }
    }

    func run() throws {
        let reader = try TMXInput.open(input, options: TMXReader.Options(skipInvalid: skipInvalid))
        var header = try reader.readHeader()
        let kept = languages
        if let source = header.sourceLanguage.flatMap(LanguageTag.init), !kept.contains(where: { source.isWithin($0) }) {
            header.sourceLanguage = kept[0].normalized
        }
        var written = 0, incomplete = 0, empty = 0
        try OutputFile.write(output) { file in
            let writer = TMXWriter(sink: file, header: header)
            while var unit = try reader.next() {
                unit.variants = unit.variants.filter { variant in kept.contains { variant.language.isWithin($0) } }
                if unit.variants.isEmpty {
                    empty += 1
                    continue
                }
                if unit.variants.count < 2 {
                    incomplete += 1
                    if dropIncomplete { continue }
                }
                writer.write(unit)
                written += 1
            }
            writer.finish()
        }
        TMXInput.reportIssues(reader, file: input)
        if empty > 0 { Report.note("\(empty) units had none of \(langs) and were dropped") }
        if incomplete > 0 {
            Report.note("\(incomplete) units have fewer than two variants"
                        + (dropIncomplete ? " and were dropped" : "; kept (--drop-incomplete drops them)"))
        }
        Report.summary("\(written) units written")
    }
}
