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

/// A usage error unless `value` lies in `range`.
func requireRange(_ option: String, _ value: Int, _ range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
        throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
