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

/// `--tm FILE|URL`: a tmkit memory file, a team memory on a PostgreSQL server, or a memory file
/// (TMX, JSON Lines, XLIFF) loaded into a temporary one.
struct MemoryOptions: ParsableArguments {
    @Option(name: .customLong("tm"),
            help: "The memory: a tmkit memory file, a team memory (postgres://USER@HOST:PORT/DATABASE), or a .tmx, .jsonl or .xlf loaded into a temporary memory (default: $XDG_DATA_HOME/tmkit/memory.sqlite).")
    var path: String?

    @Option(name: .customLong("replica"),
            help: "A hot standby of the team memory's server to send lookups and concordance to (repeatable; writes go to --tm).")
    var replicas: [String] = []

    func validate() throws {
        if !replicas.isEmpty && !isServer { throw ValidationError("--replica needs a team memory on a server (--tm postgres://…)") }
        for replica in replicas where !PostgresAddress.isServerAddress(replica) {
            throw ValidationError("--replica takes a postgres:// URL, not '\(replica)'")
        }
    }

    /// The memory, opened for `access` (reading never changes it; writing never creates a file
    /// here), and a clean-up for a temporary one.
    func open(_ access: MemoryAccess = .read) throws -> (memory: any MemoryStore, close: () -> Void) {
        try Self.open(path ?? SQLiteMemoryStore.defaultPath, access, replicas: replicas)
    }

    /// Whether the memory is a team memory on a server.
    var isServer: Bool { path.map(PostgresAddress.isServerAddress) ?? false }

    static func open(_ path: String, _ access: MemoryAccess = .read, replicas: [String] = []) throws
        -> (memory: any MemoryStore, close: () -> Void)
    {
        if PostgresAddress.isServerAddress(path) {
            let store = try PostgresMemoryStore(url: path, access: access, replicas: replicas)
            return (store, { try? store.close() })
        }
        switch MemoryFormat(path: path) {
        case .tmx:
            let temporary = try SQLiteMemoryStore.temporary(loading: try TMXInput.open(path, options: .init(skipInvalid: true)))
            return (temporary.memory, { temporary.discard() })
        case .jsonl, .xliff:
            let format = MemoryFormat(path: path) ?? .jsonl
            let temporary = try SQLiteMemoryStore.temporary(loading: try UnitInput.tableReader(path, format: format, pair: nil))
            return (temporary.memory, { temporary.discard() })
        case .tsv, .csv:
            throw ValidationError("--tm takes a tmkit memory, a .tmx, .jsonl or .xlf; import '\(path)' first (tmkit tm import FILE --from LANG --to LANG)")
        case nil:
            // So that -o cannot name the memory.
            CommandInputs.register(path)
            return (try SQLiteMemoryStore(path: path, access: access, create: false), {})
        }
    }
}

extension TMKitCommand {
    /// `tmkit tm`: the translation memory.
    struct TM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tm",
            abstract: "Import into, look up in, and export a translation memory (one SQLite file, or a team memory on PostgreSQL).",
            discussion: """
                The memory is $XDG_DATA_HOME/tmkit/memory.sqlite (~/.local/share/tmkit/…) unless \
                --tm names another file; --tm FILE.tmx loads a TMX into a temporary memory; \
                --tm postgres://USER@HOST:PORT/DATABASE is a team memory on a PostgreSQL server \
                (the password from PGPASSWORD or ~/.pgpass; sslmode=require|verify-full in the URL), \
                the same matches as a file with the same units.

                Examples:
                  tmkit tm import TMX/news.en-ko.tmx
                  tmkit tm lookup "Pyongyang has called on all state agencies"
                  tmkit tm lookup --tm TMX/news.en-ko.tmx --format json "The order was approved."
                  tmkit tm concordance "border" --tm TMX/news.en-ko.tmx
                  tmkit tm stats --format json
                  tmkit tm export -o backup.tmx
                  tmkit tm check --tm project.sqlite
                """,
            subcommands: [Import.self, Export.self, Lookup.self, Concordance.self, Stats.self, Conflicts.self, Delete.self, Check.self]
        )
    }
}

extension TMKitCommand.TM {
    struct Import: ParsableCommand, ReportsProgress {
        static let configuration = CommandConfiguration(
            abstract: "Import a memory file (TMX, TSV, CSV or JSON Lines) into the memory.",
            discussion: """
                Units with the same languages and texts as one already in the memory update its \
                dates and usage count instead of adding a copy. Batches of units commit whole: \
                an interrupted import keeps the batches before it and nothing half-written; \
                importing again completes it.

                The format comes from the file name (.tmx; .tsv, .tab, .txt; .csv; .jsonl, \
                .ndjson) or --input-format; standard input is TMX unless told otherwise. TSV \
                and CSV need --from and --to to label their columns, as in tmx convert.

                Examples:
                  tmkit tm import TMX/news.en-ko.tmx
                  tmkit tm import --tm project.sqlite big.tmx --skip-invalid
                  tmkit tm import sheet.csv --from en --to ko --tm project.sqlite
                  tmkit tm import omegat-export.tmx --map-lang en-US=en --map-lang ko-KR=ko
                  tmkit tm import TMX/news.en-ko.tmx --tm postgres://kim@db.example/newsdesk --user kim
                  tmkit tm import project.sqlite --tm postgres://kim@db.example/newsdesk   # a memory file to the server
                  tmkit tm import postgres://kim@db.example/newsdesk --tm laptop.sqlite   # and back
                  tmkit tmx convert TMX/sample.en-ko.tmx -o pairs.jsonl && tmkit tm import pairs.jsonl
                """
        )

        @OptionGroup var progressOptions: ProgressOptions

        @Argument(help: "The memory file to import (TMX, TSV, CSV, JSON Lines, or another tmkit memory: a .sqlite file or a postgres:// URL); '-' reads standard input.")
        var file: String

        @OptionGroup var memoryOptions: MemoryOptions
        @OptionGroup var languages: LanguagePairOptions

        @Option(help: "The file's format: tmx, tsv, csv or jsonl (default: from its name).")
        var inputFormat: MemoryFormat?

        @OptionGroup var languageMap: LanguageMapOptions

        @Flag(help: "Go on past invalid units, reporting each on stderr.")
        var skipInvalid = false

        @Option(help: "Units per transaction (1–\(Self.maximumBatchSize)).")
        var batchSize = 20000

        @Option(help: "Who the units come from: their creationid and changeid when they name no one (default for a team memory: your login name; not when moving another tmkit memory).")
        var user: String?

        static let maximumBatchSize = 1_000_000

        func validate() throws {
            try requireRange("--batch-size", batchSize, 1...Self.maximumBatchSize)
            if let user, user.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--user needs a name") }
        }

        /// The memory `file` names when it is one (a server URL, or a tmkit memory file: SQLite
        /// with tmkit's tables) rather than a memory file to read; nil otherwise.
        static func memoryInput(_ file: String) throws -> String? {
            if PostgresAddress.isServerAddress(file) { return file }
            guard file != "-", MemoryFormat(path: file) == nil,
                  let handle = FileHandle(forReadingAtPath: file) else { return nil }
            defer { try? handle.close() }
            let header = (try? handle.read(upToCount: 16)) ?? Data()
            return header == Data("SQLite format 3\u{0}".utf8) ? file : nil
        }

        func run() throws {
            let path = memoryOptions.path ?? SQLiteMemoryStore.defaultPath
            let format = inputFormat ?? (file == "-" ? .tmx : MemoryFormat(path: file) ?? .tmx)
            let summary: ImportSummary
            let map = try languageMap.map()
            let isServer = PostgresAddress.isServerAddress(path)
            // A team memory records who made each unit; a file only when asked.
            let user = self.user ?? (isServer ? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? NSUserName() : nil)
            func mapped(_ reader: any UnitReader) -> any UnitReader {
                let mapped = map.isEmpty ? reader : MappedUnitReader(reader, map: map)
                return user.map { AttributedUnitReader(mapped, user: $0) } ?? mapped
            }
            // A memory this import creates is removed again when the import fails before a batch
            // is committed: no empty file is left behind. Committed batches stay (a full disk
            // after a million units loses none of them), as they do in an existing memory.
            let isNew = !isServer && !FileManager.default.fileExists(atPath: path)
            var opened: (any MemoryStore)?
            func openMemory() throws -> any MemoryStore {
                let memory: any MemoryStore = isServer ? try PostgresMemoryStore(url: path, access: .write)
                    : try SQLiteMemoryStore(path: path, access: .write)
                opened = memory
                // So that nothing this command writes can replace the memory.
                if !isServer { CommandInputs.register(path) }
                return memory
            }
            defer { try? opened?.close() }
            do {
                if let source = try Self.memoryInput(file) {
                    // Another memory (a file into a server, a server into a file): its units as stored.
                    guard source != path else { throw ValidationError("'\(PostgresAddress.redacted(file))' is the memory being imported into") }
                    let (from, closeSource) = try MemoryOptions.open(source, .read)
                    defer { closeSource() }
                    let memory = try openMemory()
                    // Moved as stored: units keep whatever creationid/changeid they had (--user still applies).
                    let stored: any UnitReader = try from.unitReader()
                    let reader = map.isEmpty ? stored : MappedUnitReader(stored, map: map)
                    let input: any UnitReader = self.user.map { AttributedUnitReader(reader, user: $0) } ?? reader
                    summary = try memory.importUnits(from: input, batchSize: batchSize, progress: nil)
                } else if format.streams {
                    let memory = try openMemory()
                    let reader = try TMXInput.open(file, options: .init(skipInvalid: skipInvalid))
                    summary = try TMXProgress.run(reader) {
                        try memory.importUnits(from: mapped(reader), batchSize: batchSize, progress: nil)
                    }
                    TMXInput.reportIssues(reader, file: file)
                } else {
                    // Parsed whole first: a bad row stops the import before the memory is touched.
                    let reader = try UnitInput.tableReader(file, format: format, pair: languages.pair)
                    let memory = try openMemory()
                    summary = try memory.importUnits(from: mapped(reader), batchSize: batchSize, progress: nil)
                }
            } catch {
                if isNew, let opened, (try? opened.statistics().units) == 0 {
                    try? opened.close()
                    for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
                }
                throw error
            }
            let shown = isServer ? (opened?.location ?? path) : path
            Report.summary("\(shown): \(summary.added) units added, \(summary.updated) already there (dates and usage updated)"
                        + (summary.skipped > 0 ? ", \(summary.skipped) invalid skipped" : ""))
        }
    }

    struct Export: ParsableCommand, ReportsProgress {
        static let configuration = CommandConfiguration(
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

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
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

    struct Concordance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find units whose source or target contains words or a phrase.",
            discussion: """
                An English phrase starts a word (its last word of four or more letters may go \
                on: sanction finds sanctions); a Korean phrase may sit inside a word (보위부 in \
                국가안전보위부가). A memory file ranks hits by its full-text index (BM25); a team \
                memory (postgres://…) lists the shortest segments first.

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
        var format: Lookup.Format = .text

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

    /// `tmkit tm conflicts`: one source, several targets.
    struct Conflicts: ParsableCommand {
        static let configuration = CommandConfiguration(
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

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
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
        var format: Lookup.Format = .text

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

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
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
}

extension TMKitCommand.TM {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the memory file for damage (SQLite's integrity_check).",
            discussion: """
                Runs PRAGMA integrity_check (with --quick, quick_check: pages and records, not \
                index contents) without changing the file. Exit 0 when the memory is sound, 1 \
                when it is damaged, 2 when it cannot be opened. --upgrade first brings a memory \
                of an older tmkit to the current schema (the only change it makes). JSON: \
                {file, check, ok, schema_version, problems}.

                Examples:
                  tmkit tm check
                  tmkit tm check --tm project.sqlite --quick --format json
                """
        )

        @OptionGroup var memoryOptions: MemoryOptions

        @Flag(help: "Run quick_check instead: faster, does not compare indexes with their tables.")
        var quick = false

        @Flag(help: "Upgrade a memory of an older tmkit to the current schema first.")
        var upgrade = false

        @Option(help: "Output format: text or json.")
        var format: Lookup.Format = .text

        func run() throws {
            let path = memoryOptions.path ?? SQLiteMemoryStore.defaultPath
            if memoryOptions.isServer {
                throw ValidationError("tm check checks a memory file; a team memory's server checks its own data (pg_amcheck)")
            }
            CommandInputs.register(path)
            var problems: [String]
            var version: Int?
            do {
                if upgrade { try SQLiteMemoryStore(path: path, access: .write, create: false).close() }
                let memory = try SQLiteMemoryStore(path: path, access: .read, acceptingOlderSchema: true)
                version = try memory.schemaVersionOnDisk()
                problems = try memory.check(quick: quick).problems
            } catch let error as MemoryError where error.isCorruption {
                problems = [error.message]
            }
            var out = OutputBuffer(sink: CommandIO.current.output)
            if format == .json {
                out.append(JSONValue.object([
                    ("file", .string(path)), ("check", .string(quick ? "quick_check" : "integrity_check")),
                    ("ok", .bool(problems.isEmpty)), ("schema_version", version.map { JSONValue($0) } ?? .null),
                    ("problems", .array(problems.map(JSONValue.string))),
                ]).serialized() + "\n")
            } else if problems.isEmpty {
                out.append("\(path): ok (\(quick ? "quick_check" : "integrity_check"), schema \(version ?? 0))\n")
            } else {
                out.append("\(path): damaged (\(problems.count) problem\(problems.count == 1 ? "" : "s") found)\n")
                for problem in problems { out.append("  \(problem)\n") }
            }
            out.flush()
            if !problems.isEmpty {
                if format == .json {
                    CommandIO.current.errorOutput.write("tmkit: \(path): damaged memory; restore a backup, or salvage what is left with `sqlite3 \(path) .recover | sqlite3 salvaged.sqlite`\n")
                }
                throw ExitCode(1)
            }
        }
    }
}

/// A usage error unless `value` lies in `range`.
func requireRange(_ option: String, _ value: Int, _ range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
        throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
    }
}

extension TMKitCommand {
    /// `tmkit pretranslate`: a document in, a TMX for the CAT tool out.
    struct Pretranslate: ParsableCommand, ReportsProgress {
        static let configuration = CommandConfiguration(
            abstract: "Segment a document and fill it from the memory, as a TMX a CAT tool picks up.",
            discussion: """
                Each segment gets the best match at or above --min-score (score and kind as \
                props), glossary terms as notes. The TMX holds exact matches (100 and 101) only, \
                so a CAT tool can never insert a fuzzy match as if it were exact: it goes into \
                OmegaT's tm/auto/ folder. --fuzzy-tmx FILE writes the fuzzy matches (below 100) \
                to a second TMX for OmegaT's tm/ folder, where they are offered, not inserted. \
                Segments without a match stay source-only in the first TMX. Prints an analysis by match band (101, 100, 95–99, \
                85–94, 75–84, 50–74, no match) on stdout, or on stderr when -o is '-'. \
                With --srx FILE the document is cut by the CAT tool's own SRX rules, so its \
                segments are the ones the tool will look up.

                Examples:
                  tmkit pretranslate Examples/article.en.txt --tm TMX/news.en-ko.tmx -o article.tmx
                  tmkit pretranslate Examples/article.en.txt --tm TMX/news.en-ko.tmx --srx Tests/SegmentationTests/Fixtures/omegat_defaults.srx --srx-only -o article.tmx
                  tmkit pretranslate Examples/article.en.txt --tm TMX/news.en-ko.tmx -o article.tmx --fuzzy-tmx article.fuzzy.tmx
                  tmkit pretranslate Examples/article.en.txt --tm TMX/news.en-ko.tmx --min-score 85 --format json -o article.tmx
                """
        )

        @OptionGroup var progressOptions: ProgressOptions

        @Argument(help: "The document to pretranslate; '-' reads standard input.")
        var file: String

        @OptionGroup var memoryOptions: MemoryOptions
        @OptionGroup var languages: LanguagePairOptions
        @OptionGroup var glossaryOptions: OptionalGlossaryOptions
        @OptionGroup var srxOptions: SRXOptions

        @Option(name: .shortAndLong, help: "The TMX to write; '-' writes standard output.")
        var output: String

        @Option(help: "The lowest score that fills a segment (0–101).")
        var minScore = 75

        @Option(help: "Write the fuzzy matches (below 100) to this TMX, for OmegaT's tm/ folder.")
        var fuzzyTmx: String?

        func validate() throws {
            try requireRange("--min-score", minScore, 0...101)
            _ = try documentFormat(for: file)
            if let fuzzyTmx, fuzzyTmx == output { throw ValidationError("--fuzzy-tmx and -o name the same file") }
        }

        @Option(help: "Analysis format: text or json.")
        var format: TM.Lookup.Format = .text

        @Option(name: [.customLong("input-format"), .customLong("document-format")], help: ArgumentHelp(
            "The document's format: \(DocumentFormat.all.map(\.name).joined(separator: ", ")).",
            discussion: "By default chosen by the file's extension; standard input and unknown extensions are read as text."))
        var documentFormat: String?

        func documentFormat(for file: String) throws -> DocumentFormat {
            try Self.format(named: documentFormat, for: file)
        }

        /// The format `--input-format` (or `--document-format`) names, or the one `file`'s extension says (text otherwise).
        static func format(named name: String?, for file: String) throws -> DocumentFormat {
            if let name {
                guard let format = DocumentFormat.named(name) else {
                    throw ValidationError("unknown document format '\(name)'; known: \(DocumentFormat.all.map(\.name).joined(separator: ", "))")
                }
                return format
            }
            return DocumentFormat.forPath(file) ?? .plainText
        }

        func run() throws {
            let (memory, close) = try memoryOptions.open()
            defer { close() }
            let pair = try memory.resolvePair(from: languages.from.flatMap(LanguageTag.init), to: languages.to.flatMap(LanguageTag.init))
            let reader = try documentFormat(for: file)
            let bytes = try FileInput.readAll(file, limit: InputLimits.document, what: "a document to pretranslate")
            let glossary = try glossaryOptions.loadIfAny(pair: (pair.source, pair.target))
            let pretranslator = Pretranslator(memory: memory, source: pair.source, target: pair.target, minimumScore: minScore,
                                              glossary: glossary)
            let segmenter = try srxOptions.segmenter(for: pair.source, rules: try srxOptions.rules())
            let document = try reader.open(bytes, file: FileInput.displayName(file), segmenter: segmenter)
            Report.repairs(in: document, file: file)
            var bands: [Pretranslator.Band] = []
            // Exact matches (and source-only units) go to -o, fuzzy ones to --fuzzy-tmx or nowhere.
            func isExact(_ unit: TranslationUnit) -> Bool {
                unit.properties.first { $0.type == "x-match-score" }.flatMap { Int($0.value) }.map { $0 >= 100 } ?? true
            }
            try OutputFile.write(output) { file in
                let writer = TMXWriter(sink: file, header: .tmkit(sourceLanguage: pair.source.normalized))
                func write(fuzzy: TMXWriter?) throws {
                    bands = try pretranslator.pretranslate(document) { unit in
                        if isExact(unit) {
                            writer.write(unit)
                        } else {
                            var sourceOnly = unit
                            sourceOnly.variants = Array(unit.variants.prefix(1))
                            sourceOnly.properties = []
                            writer.write(sourceOnly)
                            fuzzy?.write(unit)
                        }
                    }
                }
                if let fuzzyTmx {
                    try OutputFile.write(fuzzyTmx) { fuzzyFile in
                        let fuzzy = TMXWriter(sink: fuzzyFile, header: .tmkit(sourceLanguage: pair.source.normalized))
                        try write(fuzzy: fuzzy)
                        fuzzy.finish()
                    }
                } else {
                    try write(fuzzy: nil)
                }
                writer.finish()
            }
            let segments = bands.reduce(0) { $0 + $1.segments }
            let report: String
            if format == .json {
                report = JSONValue.object([
                    ("segments", JSONValue(segments)),
                    ("bands", .array(bands.map {
                        .object([("band", .string($0.name)), ("segments", JSONValue($0.segments)), ("words", JSONValue($0.words))])
                    })),
                ]).serialized() + "\n"
            } else {
                var lines = ["band        segments   words"]
                for band in bands {
                    lines.append(band.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                                 + String(band.segments).leftPadded(8) + String(band.words).leftPadded(8))
                }
                let words = bands.reduce(0) { $0 + $1.words }
                lines.append("total       " + String(segments).leftPadded(8) + String(words).leftPadded(8))
                report = lines.joined(separator: "\n") + "\n"
            }
            if output == "-" || fuzzyTmx == "-" { CommandIO.current.errorOutput.write(report) } else { CommandIO.current.output.write(report) }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
