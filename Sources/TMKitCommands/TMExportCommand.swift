import ArgumentParser
import Documents
import Foundation
import Glossary
import Segmentation
import TMKitCore
import TMX
import TeamMemory
import TranslationMemory
import Pretranslation

struct TMExportCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the memory as TMX 1.4b, losslessly.",
        discussion: """
            Examples:
              tmkit tm export -o backup.tmx
              tmkit tm export --lang ko -o korean.tmx
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @OptionGroup var memoryOptions: MemoryOptions

    @Option(name: .shortAndLong, help: "The TMX file to write; '-' writes standard output.")
    var output: String

    @Option(help: "Only units with a variant in this language (en also takes en-US, en-GB).")
    var lang: String?

    func validate() throws {
        if let lang { try LanguageArgument.validate(lang, option: "--lang") }
    }

    func run() throws {
        let (memory, close) = try memoryOptions.open()
        defer { close() }
        let pairs = try memory.pairs()
        let source = pairs.count == 1 ? pairs[0].source.normalized : "*all*"
        var count = 0
        try OutputFile.write(output) { file in
            let writer = TMXWriter(sink: file, header: .tmkit(sourceLanguage: source))
            count = try memory.export(to: writer, language: lang.flatMap(LanguageTag.init))
            writer.finish()
        }
        Report.summary("\(count) units written")
    }
}
