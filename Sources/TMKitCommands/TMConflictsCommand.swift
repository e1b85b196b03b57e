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

/// `tmkit tm conflicts`: one source, several targets.
struct TMConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List sources that have different targets in the memory.",
        discussion: """
            Sources are the same when their exact-match keys are (case and spacing aside). \
            Each conflict shows its targets, the most recently changed first, with the \
            unit's tuid and change date. Exit status 1 when there are conflicts. Run it on a \
            memory after importing a colleague's, or on a TMX before importing it.

            Examples:
              tmkit tm conflicts --tm TMX/news.en-ko.tmx
              tmkit tm conflicts --tm project.sqlite --from en --to ko --format jsonl
            """
    )

    @OptionGroup var memoryOptions: MemoryOptions
    @OptionGroup var languages: LanguagePairOptions

    @Option(help: "How many conflicting sources to show at most.")
    var limit = 1_000

    @Option(help: "Output format: text or jsonl.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    func validate() throws {
        try requireRange("--limit", limit, 1...1_000_000)
    }

    func run() throws {
        let (memory, close) = try memoryOptions.open()
        defer { close() }
        let pair = try memory.resolvePair(from: languages.from.flatMap(LanguageTag.init), to: languages.to.flatMap(LanguageTag.init))
        let conflicts = try memory.conflicts(from: pair.source, to: pair.target, limit: limit)
        var out = OutputBuffer(sink: CommandIO.current.output)
        for conflict in conflicts {
            if format == .jsonl {
                out.appendJSONLine(.object([
                    ("source", .string(conflict.source)),
                    ("targets", .array(conflict.targets.map { candidate in
                        .object([("target", .string(candidate.target)), ("tuid", candidate.tuid.map(JSONValue.string) ?? .null),
                                 ("changed", candidate.changed.map(JSONValue.string) ?? .null)])
                    })),
                ]))
            } else {
                out.append("\(conflict.source)\n")
                for candidate in conflict.targets {
                    let origin = [candidate.tuid.map { "tuid \($0)" }, candidate.changed.map { "changed \($0)" }].compactMap { $0 }
                    out.append("    \(candidate.target)\(origin.isEmpty ? "" : "  (\(origin.joined(separator: ", ")))")\n")
                }
            }
        }
        out.flush()
        Report.summary("\(conflicts.count) source\(conflicts.count == 1 ? "" : "s") with different targets (\(pair.source)→\(pair.target))")
        if !conflicts.isEmpty { throw ExitCode(1) }
    }
}
