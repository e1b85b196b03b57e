import ArgumentParser
import Segmentation
import TMKitCore

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl
}

/// `--lang LANG`: one language, a BCP 47 tag or `auto`.
struct LanguageOption: ParsableArguments {
    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp(
            "The document's language: a BCP 47 tag (en, ko, de, …) or 'auto'.",
            discussion: "'auto' picks Korean when Hangul makes up at least 30% of the letters, else English.",
            valueName: "lang"))
    var lang: String = "auto"

    func validate() throws {
        if lang != "auto" { try LanguageArgument.validate(lang, option: "--lang") }
    }

    /// The language to use for `document`.
    func resolve(for document: TextDocument) -> LanguageTag {
        if lang == "auto" { return LanguageDetection.guess(document) }
        return LanguageTag(lang) ?? .english
    }
}

extension ParagraphMode: ExpressibleByArgument {}

extension ProgressMode: ExpressibleByArgument {}

/// `--progress` and `--quiet` for commands that can run long (reading big memories, imports):
/// the dispatcher binds them for the command's run (``ReportsProgress``).
struct ProgressOptions: ParsableArguments {
    @Option(help: "Progress on standard error: auto (on a terminal), always, or never.")
    var progress: ProgressMode = .auto

    @Flag(name: [.customShort("q"), .long], help: "No notes, summaries or progress on standard error (warnings and errors stay).")
    var quiet = false
}

/// A command that takes ``ProgressOptions``.
protocol ReportsProgress {
    var progressOptions: ProgressOptions { get }
}
