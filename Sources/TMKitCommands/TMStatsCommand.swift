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

struct TMStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Units, language pairs, file size and schema version of the memory.",
        discussion: """
            JSON keys: units, pairs ([{source, target, units}]), languages, file_bytes, schema_version.

            Examples:
              tmkit tm stats
              tmkit tm stats --tm project.sqlite --format json
            """
    )

    @OptionGroup var memoryOptions: MemoryOptions

    @Option(help: "Output format: text or json.")
    var format: TMLookupCommand.Format = .text

    func run() throws {
        let (memory, close) = try memoryOptions.open()
        defer { close() }
        let statistics = try memory.statistics()
        var out = OutputBuffer(sink: CommandIO.current.output)
        if format == .json {
            out.append(JSONValue.object([
                ("units", JSONValue(statistics.units)),
                ("pairs", .array(statistics.pairs.map {
                    .object([("source", .string($0.source.normalized)), ("target", .string($0.target.normalized)),
                             ("units", JSONValue($0.units))])
                })),
                ("languages", .array(statistics.languages.map { .string($0.normalized) })),
                ("file_bytes", JSONValue(statistics.fileBytes)),
                ("schema_version", JSONValue(statistics.schemaVersion)),
            ]).serialized() + "\n")
        } else {
            out.append("units: \(statistics.units)\n")
            out.append("pairs: " + statistics.pairs.map { "\($0.source)→\($0.target) (\($0.units))" }.joined(separator: ", ") + "\n")
            out.append("\(memoryOptions.isServer ? "on the server" : "file"): \(statistics.fileBytes) bytes, schema \(statistics.schemaVersion)\n")
        }
        out.flush()
    }
}
