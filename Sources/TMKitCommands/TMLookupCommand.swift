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

struct TMLookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Find exact and fuzzy matches for a segment.",
        discussion: """
            Scores are 0–101: 101 context, 100 exact, 99 the same words differing only in \
            case, punctuation, numbers (substituted in the target), particles or codes; \
            below, a word-level edit-distance score (see the README). JSON: an array, best \
            first, of {score, kind, source, target, id, differences}; [] and exit 0 when \
            nothing reaches --min-score.

            Examples:
              tmkit tm lookup "The order was approved by the Central Party."
              tmkit tm lookup --tm TMX/news.en-ko.tmx --min-score 50 --format json "Rice prices rose."
            """
    )

    @Argument(help: "The segment to look up.")
    var text: String

    @OptionGroup var memoryOptions: MemoryOptions
    @OptionGroup var languages: LanguagePairOptions

    @Option(help: "The lowest fuzzy score to show (0–101).")
    var minScore = 70

    @Option(help: "How many matches to show (1–\(SQLiteMemoryStore.maximumLookupLimit)).")
    var limit = 5

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        try requireRange("--min-score", minScore, 0...101)
        try requireRange("--limit", limit, 1...SQLiteMemoryStore.maximumLookupLimit)
    }

    func run() throws {
        let (memory, close) = try memoryOptions.open()
        defer { close() }
        let pair = try memory.resolvePair(from: languages.from.flatMap(LanguageTag.init), to: languages.to.flatMap(LanguageTag.init))
        let matches = try memory.lookup(text, from: pair.source, to: pair.target, minimumScore: minScore, limit: limit,
                                        previousWasExact: false, candidates: 3000)
        var out = OutputBuffer(sink: CommandIO.current.output)
        if format == .json {
            out.append(JSONValue.array(matches.map { match in
                .object([("score", JSONValue(match.score)), ("kind", .string(match.kind.rawValue)),
                         ("source", .string(match.source)), ("target", .string(match.target)),
                         ("id", match.tuid.map(JSONValue.string) ?? JSONValue(Int(match.unitID))),
                         ("differences", .array(match.differences.map(JSONValue.string)))])
            }).serialized() + "\n")
        } else {
            for match in matches {
                let differences = match.differences.isEmpty ? "" : " (" + match.differences.joined(separator: ", ") + ")"
                out.append("\(match.score) \(match.kind.rawValue)\(differences)\n  \(pair.source): \(match.source)\n  \(pair.target): \(match.target)\n")
            }
            if matches.isEmpty { CommandIO.current.errorOutput.write("tmkit: no match at or above \(minScore)\n") }
        }
        out.flush()
    }
}
