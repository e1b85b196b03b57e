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

struct TMCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
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
    var format: TMLookupCommand.Format = .text

    func run() throws {
        let path = memoryOptions.path ?? SQLiteMemoryStore.defaultPath
        if memoryOptions.isServer {
            throw ValidationError("tm check checks a memory file; a team memory's server checks its own data (pg_amcheck)")
        }
        CommandInputs.register(path)
        var problems: [String]
        var version: Int?
        do throws(MemoryError) {
            if upgrade { try SQLiteMemoryStore(path: path, access: .write, create: false).close() }
            let memory = try SQLiteMemoryStore(path: path, access: .read, acceptingOlderSchema: true)
            version = try memory.schemaVersionOnDisk()
            problems = try memory.check(quick: quick).problems
        } catch {
            guard error.isCorruption else { throw error }
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
