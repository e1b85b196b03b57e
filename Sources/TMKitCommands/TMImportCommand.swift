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

struct TMImportCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "import",
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
            let mapped = map.isEmpty ? reader : reader.mappingLanguages(map)
            return user.map { mapped.attributed(to: $0) } ?? mapped
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
                let reader = map.isEmpty ? stored : stored.mappingLanguages(map)
                let input: any UnitReader = self.user.map { reader.attributed(to: $0) } ?? reader
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
