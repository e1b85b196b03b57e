import ArgumentParser
import Segmentation
import TMKitCore
import TMX

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

/// `--progress` and `--quiet` for commands that can run long (reading big memories and documents,
/// imports, alignment):
/// the dispatcher binds them for the command's run (``ReportsProgress``).
struct ProgressOptions: ParsableArguments {
    @Option(help: "Progress on standard error while a long input is read: auto (on a terminal), always, or never.")
    var progress: ProgressMode = .auto

    @Flag(name: [.customShort("q"), .long], help: "No closing summary or progress on standard error (findings, warnings and errors stay).")
    var quiet = false
}

/// A command that takes ``ProgressOptions``.
protocol ReportsProgress {
    var progressOptions: ProgressOptions { get }
}

/// `--map-lang FROM=TO` (repeatable): rewrite language tags as units are read (`en-US=en`
/// merges an OmegaT export's `en-US` units with `en` ones).
struct LanguageMapOptions: ParsableArguments {
    @Option(name: .customLong("map-lang"), help: ArgumentHelp(
        "Rewrite a language tag: FROM=TO (repeatable), e.g. en-US=en.", valueName: "from=to"))
    var rules: [String] = []

    func map(warn: Bool = false) throws -> LanguageMap {
        try LanguageMap(rules.map { rule in
            let parts = rule.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw ValidationError("--map-lang takes FROM=TO, e.g. en-US=en; got '\(rule)'") }
            // FROM is a tag as files write it (kor, en_US, EN): only well-formed; TO is what the
            // memory will say, held to what people type.
            guard let from = LanguageTag(String(parts[0])) else {
                throw ValidationError("--map-lang: '\(parts[0])' is not a language tag")
            }
            return (from, try LanguageArgument.validate(String(parts[1]), option: "--map-lang", warn: warn))
        })
    }

    func validate() throws {
        _ = try map(warn: true)
    }
}
