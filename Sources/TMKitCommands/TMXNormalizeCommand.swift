import ArgumentParser
import TMKitCore
import TMX

/// `tmkit tmx normalize`: repair what breaks CAT tools.
struct TMXNormalizeCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Repair a TMX file so that CAT tools accept it.",
        discussion: """
            Fixes language codes (en_US → en-US, EN-us → en-US, lang → xml:lang), trims \
            whitespace and line breaks at the edges of every seg (and inner runs with \
            --collapse-whitespace), adds a missing header srclang (the most common source \
            language, or the one --srclang gives, e.g. *all*), writes TMX 1.4b whatever the \
            input version, and removes characters XML does not allow. Prints how many fixes of \
            each kind were made, and exits 0.

            Examples:
              tmkit tmx normalize exported.tmx -o clean.tmx
              tmkit tmx normalize exported.tmx -o clean.tmx --collapse-whitespace --srclang '*all*'
              tmkit tmx normalize exported.tmx -o clean.tmx --map-lang en-US=en --map-lang ko-KR=ko
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @Argument(help: "The TMX file; '-' reads standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "The repaired TMX; '-' writes standard output.")
    var output: String

    @Flag(help: "Also make every inner whitespace run of a seg one space.")
    var collapseWhitespace = false

    @Option(help: "The header srclang to set when it is missing: a language tag or *all*.")
    var srclang: String?

    @OptionGroup var languageMap: LanguageMapOptions

    @Flag(help: "Go on past invalid units, reporting each on stderr.")
    var skipInvalid = false

    func validate() throws {
        if let srclang, srclang != "*all*" { try LanguageArgument.validate(srclang, option: "--srclang") }
    }

    func run() throws {
        // Standard input is read once into memory: a missing srclang needs two passes.
        let bytes: [UInt8]? = input == "-" ? try FileInput.readAll("-", limit: InputLimits.standardInputTMX, what: "a TMX on standard input (give a file instead)") : nil
        func open() throws -> TMXReader {
            if let bytes { return TMXReader(bytes: bytes, name: "<stdin>", options: .init(skipInvalid: skipInvalid)) }
            return try TMXReader(path: input, options: .init(skipInvalid: skipInvalid))
        }
        let reader = try open()
        let map = try languageMap.map()
        var header = map.apply(to: try reader.readHeader())
        var fixes = TMXNormalization.Fixes()
        if header.version != "1.4" {
            fixes.add("TMX \(header.version ?? "(no version)") written as TMX 1.4b")
            header.version = "1.4"
        }
        if let written = header.sourceLanguage, written != "*all*", let tag = LanguageTag(written), tag.normalized != written {
            header.sourceLanguage = tag.normalized
            fixes.add("language codes normalized")
        }
        if header.sourceLanguage?.isEmpty ?? true {
            header.sourceLanguage = try srclang.map { LanguageTag($0)?.normalized ?? $0 } ?? TMXNormalization.mostCommonSourceLanguage(try open()) ?? "*all*"
            fixes.add("header srclang added (\(header.sourceLanguage!))")
        }
        let normalization = TMXNormalization(collapseWhitespace: collapseWhitespace)
        try OutputFile.write(output) { file in
            // The same memory, repaired: the tool that made it stays its creationtool.
            let writer = TMXWriter(sink: file, header: header, options: .init(keepsCreationTool: true))
            while let unit = try reader.next() {
                let renamed = map.apply(to: unit)
                if renamed.variants.map(\.language) != unit.variants.map(\.language) { fixes.add("language tags mapped (--map-lang)") }
                writer.write(normalization.normalize(renamed, fixes: &fixes))
            }
            writer.finish()
        }
        TMXInput.reportIssues(reader, file: input)
        let lines = fixes.counts.isEmpty ? ["no fixes needed"] : fixes.counts.map { "\($0.kind): \($0.count)" }
        let text = lines.joined(separator: "\n") + "\n"
        if output == "-" { CommandIO.current.errorOutput.write(text) } else { CommandIO.current.output.write(text) }
    }
}
