import ArgumentParser
import TMKitCore
import TMX

/// `tmkit tmx stats FILE`: what a memory holds.
struct TMXStatsCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count units, languages, variants, inline codes, properties and duplicates.",
        discussion: """
            JSON keys: units (tu elements), skipped_units, languages (sorted normalized tags), \
            variants (tag → count), units_with_inline_codes, properties, notes, duplicates \
            (units whose languages and whitespace-normalized texts repeat an earlier unit's), \
            encoding, version (as written, null when absent), srclang, creationtool.

            Examples:
              tmkit tmx stats TMX/sample.en-ko.tmx
              tmkit tmx stats --format json memory.tmx | jq .variants
              tmkit tmx stats --skip-invalid broken.tmx
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @Argument(help: "The TMX file; '-' reads standard input.")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: StatsFormat = .text

    @Flag(help: "Go on past invalid units, counting them as skipped and reporting each on stderr.")
    var skipInvalid = false

    enum StatsFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let reader = try TMXInput.open(file, options: TMXReader.Options(skipInvalid: skipInvalid))
        let statistics = try TMXProgress.run(reader) { try TMXStatistics.collect(from: reader) }
        TMXInput.reportIssues(reader, file: file)
        var out = OutputBuffer(sink: CommandIO.current.output)
        switch format {
        case .json: out.append(Self.json(statistics))
        case .text: out.append(Self.text(statistics))
        }
        out.flush()
    }

    static func json(_ s: TMXStatistics) -> String {
        let object = JSONValue.object([
            ("units", JSONValue(s.units)),
            ("skipped_units", JSONValue(s.skippedUnits)),
            ("languages", .array(s.languages.map { .string($0.normalized) })),
            ("variants", .object(s.languages.map { ($0.normalized, JSONValue(s.variants[$0] ?? 0)) })),
            ("units_with_inline_codes", JSONValue(s.unitsWithInlineCodes)),
            ("properties", JSONValue(s.properties)),
            ("notes", JSONValue(s.notes)),
            ("duplicates", JSONValue(s.duplicates)),
            ("encoding", .string(s.encoding)),
            ("version", s.version.map(JSONValue.string) ?? .null),
            ("srclang", s.sourceLanguage.map(JSONValue.string) ?? .null),
            ("creationtool", s.creationTool.map(JSONValue.string) ?? .null),
        ])
        return object.serialized() + "\n"
    }

    static func text(_ s: TMXStatistics) -> String {
        var lines = [
            "units: \(s.units)" + (s.skippedUnits > 0 ? " (\(s.skippedUnits) skipped)" : ""),
            "languages: " + s.languages.map { "\($0.normalized) (\(s.variants[$0] ?? 0))" }.joined(separator: ", "),
            "units with inline codes: \(s.unitsWithInlineCodes)",
            "properties: \(s.properties)",
            "notes: \(s.notes)",
            "duplicates: \(s.duplicates)",
            "encoding: \(s.encoding)",
            "version: \(s.version ?? "(none)")",
        ]
        lines.append("srclang: \(s.sourceLanguage ?? "(none)")")
        if let tool = s.creationTool { lines.append("creationtool: \(tool)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
