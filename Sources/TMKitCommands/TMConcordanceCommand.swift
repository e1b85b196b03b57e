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

struct TMConcordanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concordance",
        abstract: "Find units whose source or target contains words or a phrase.",
        discussion: """
            An English phrase starts a word (its last word of four or more letters may go \
            on: sanction finds sanctions); a Korean phrase may sit inside a word (보위부 in \
            국가안전보위부가). Hits come shortest segment first, in a memory file as in a team \
            memory (postgres://…).

            Examples:
              tmkit tm concordance "martial law" --tm TMX/news.en-ko.tmx
              tmkit tm concordance 소식통 --tm TMX/news.en-ko.tmx --format json
            """
    )

    @Argument(help: "The words or phrase to find.")
    var text: String

    @OptionGroup var memoryOptions: MemoryOptions
    @OptionGroup var languages: LanguagePairOptions

    @Option(help: "How many units to show (1–\(SQLiteMemoryStore.maximumConcordanceLimit)).")
    var limit = 20

    @Option(help: "Output format: text or json.")
    var format: TMLookupCommand.Format = .text

    func validate() throws {
        try requireRange("--limit", limit, 1...SQLiteMemoryStore.maximumConcordanceLimit)
    }

    func run() throws {
        let (memory, close) = try memoryOptions.open()
        defer { close() }
        let pair = try memory.resolvePair(from: languages.from.flatMap(LanguageTag.init), to: languages.to.flatMap(LanguageTag.init))
        let hits = try memory.concordance(text, from: pair.source, to: pair.target, limit: limit)
        var out = OutputBuffer(sink: CommandIO.current.output)
        if format == .json {
            out.append(JSONValue.array(hits.map { hit in
                .object([("lang", .string(hit.language.normalized)), ("text", .string(hit.text)),
                         ("start", JSONValue(hit.range.lowerBound)), ("end", JSONValue(hit.range.upperBound)),
                         ("translation", hit.translation.map(JSONValue.string) ?? .null)])
            }).serialized() + "\n")
        } else {
            for hit in hits {
                out.append("\(hit.language): \(hit.text)\n    \(hit.translation ?? "")\n")
            }
        }
        out.flush()
    }
}
