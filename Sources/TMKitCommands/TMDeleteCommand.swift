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

struct TMDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete units by text or tuid.",
        discussion: """
            --dry-run lists what would go (how many units, and the first ten) and deletes \
            nothing. Every unit goes only with --all (of --lang, when given); an empty \
            --containing is refused.

            Examples:
              tmkit tm delete --containing "test sentence" --dry-run
              tmkit tm delete --containing "test sentence"
              tmkit tm delete --containing 소식통 --lang ko
              tmkit tm delete --tuid article-3
              tmkit tm delete --all --lang en-US
            """
    )

    @OptionGroup var memoryOptions: MemoryOptions

    @Option(help: "Delete units whose text contains this (case-insensitive).")
    var containing: String?

    @Option(help: "With --containing: only look in this language (en also takes en-US, en-GB).")
    var lang: String?

    @Option(help: "Delete the unit with this tuid.")
    var tuid: String?

    @Flag(help: "Delete every unit (with --lang: every unit with a variant in that language).")
    var all = false

    @Flag(help: "Show what would be deleted; delete nothing.")
    var dryRun = false

    func validate() throws {
        if let lang { try LanguageArgument.validate(lang, option: "--lang") }
        if let containing, containing.allSatisfy(\.isWhitespace) {
            throw ValidationError("--containing needs text; to delete every unit\(lang == nil ? "" : " in \(lang!)") give --all")
        }
        if all && (containing != nil || tuid != nil) { throw ValidationError("--all deletes every unit; leave out --containing and --tuid") }
    }

    func run() throws {
        // Checked here, not in validate(): an unknown option is reported before this.
        guard containing != nil || tuid != nil || all else {
            throw CommandError(message: "give --containing TEXT, --tuid ID or --all (see 'tmkit tm delete --help')")
        }
        let (memory, close) = try memoryOptions.open(dryRun ? .read : .write)
        defer { close() }
        // --all: every text contains the empty string.
        let text = all ? "" : containing
        let language = lang.flatMap(LanguageTag.init)
        if dryRun {
            let (count, first) = try memory.unitsToDelete(containing: text, language: language, tuid: tuid, limit: 10)
            var out = OutputBuffer(sink: CommandIO.current.output)
            for unit in first { out.append("\(unit.tuid ?? "-")\t\(unit.text)\n") }
            if count > first.count { out.append("… and \(count - first.count) more\n") }
            out.flush()
            Report.note("\(count) unit\(count == 1 ? "" : "s") would be deleted (dry run: nothing deleted)")
            return
        }
        let count = try memory.delete(containing: text, language: language, tuid: tuid)
        Report.summary("\(count) units deleted")
    }
}
