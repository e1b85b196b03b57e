import Foundation
import GRDB
import TMKitCore
import TMX

/// A translation memory that cannot be opened or used.
public struct MemoryError: TMKitError, Equatable {
    public var message: String
    public var file: String?

    public init(_ message: String, file: String? = nil) {
        self.message = message
        self.file = file
    }

    public var location: SourceLocation? { file.map { SourceLocation(file: $0) } }
}

/// A translation memory in one SQLite file (WAL), read by many processes and written by one at
/// a time: units with every variant, an exact-match key, a fuzzy index of word postings, and
/// full-text indexes for concordance (``ConcordanceIndex``).
///
/// The schema is versioned (`PRAGMA user_version` and the `tmkit_meta` table); a file that is
/// not a tmkit memory, or one written by a newer tmkit, is refused and left as it is.
public final class TranslationMemory: Sendable {
    public static let schemaVersion = 2
    static let application = "tmkit translation memory"

    public let path: String
    let pool: DatabasePool

    /// `$XDG_DATA_HOME/tmkit/memory.sqlite` (`~/.local/share/tmkit/memory.sqlite`).
    public static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? ".") + "/.local/share"
        return base + "/tmkit/memory.sqlite"
    }

    /// Opens the memory at `path`, creating it (and its folder) when it does not exist.
    public init(path: String, create: Bool = true) throws(MemoryError) {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            guard create else { throw MemoryError("no such memory", file: path) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        } else {
            try Self.checkExisting(path)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Lookups read posting lists of up to megabytes: readers map the file instead of
            // copying it (the writer does not, so an import's memory stays its page cache).
            if db.configuration.readonly {
                try db.execute(sql: "PRAGMA mmap_size = 4294967296")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            try pool.write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO tmkit_meta(key, value) VALUES ('application', ?)",
                               arguments: [Self.application])
                try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)")
            }
        } catch {
            throw MemoryError("cannot open the memory: \(Self.describe(error))", file: path)
        }
    }

    /// Refuses, without writing a byte, what is not a tmkit memory this version can read.
    static func checkExisting(_ path: String) throws(MemoryError) {
        if let handle = FileHandle(forReadingAtPath: path) {
            let head = handle.readData(ofLength: 16)
            try? handle.close()
            if head.isEmpty { return }  // an empty file becomes a memory
            if head != Data("SQLite format 3\u{0}".utf8) {
                throw MemoryError("not a tmkit memory (not an SQLite database)", file: path)
            }
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                let hasMeta = try db.tableExists("tmkit_meta")
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                if !hasMeta && tables > 0 {
                    throw MemoryError("not a tmkit memory (an SQLite database of something else)", file: path)
                }
                if version > schemaVersion {
                    throw MemoryError(
                        "written by a newer tmkit (schema \(version)); this tmkit reads schema \(schemaVersion) and older",
                        file: path)
                }
                if hasMeta {
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM units")
                }
            }
            try queue.close()
        } catch let error as MemoryError {
            throw error
        } catch {
            throw MemoryError("corrupted memory: \(describe(error))", file: path)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE tmkit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE languages (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE);
                CREATE TABLE units (
                    id INTEGER PRIMARY KEY,
                    tuid TEXT,
                    body TEXT NOT NULL,
                    dup_key INTEGER NOT NULL UNIQUE,
                    created TEXT,
                    changed TEXT,
                    usage_count INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE segments (
                    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
                    lang INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    key INTEGER NOT NULL,  -- stableHash of the exact-match key
                    PRIMARY KEY (unit_id, lang)
                ) WITHOUT ROWID;
                CREATE INDEX segments_by_key ON segments(lang, key);
                CREATE TABLE pairs (source INTEGER NOT NULL, target INTEGER NOT NULL, units INTEGER NOT NULL DEFAULT 0,
                                    PRIMARY KEY (source, target)) WITHOUT ROWID;
                CREATE TABLE postings (lang INTEGER NOT NULL, token TEXT NOT NULL, batch INTEGER NOT NULL, units BLOB NOT NULL,
                                       PRIMARY KEY (lang, token, batch)) WITHOUT ROWID;
                -- Contentless: the text lives in segments; rowid = unit_id << 8 | lang.
                CREATE VIRTUAL TABLE segments_fts USING fts5(text, content = '', tokenize = 'trigram');
                """)
        }
        // v2: the concordance index splits into words (spaced scripts) and trigrams without
        // positions (Korean and other unspaced scripts); the posting batches get a counter.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "DROP TABLE segments_fts")
            try db.execute(sql: ConcordanceIndex.schema)
            try ConcordanceIndex.rebuild(db)
            try db.execute(sql: """
                INSERT OR REPLACE INTO tmkit_meta(key, value)
                SELECT 'postings_batch', coalesce(max(batch), 0) FROM postings
                """)
        }
        return migrator
    }

    // MARK: Languages and pairs

    static func languageID(_ db: Database, _ tag: LanguageTag) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM languages WHERE tag = ?", arguments: [tag.normalized]) {
            return id
        }
        try db.execute(sql: "INSERT INTO languages(tag) VALUES (?)", arguments: [tag.normalized])
        return db.lastInsertedRowID
    }

    func existingLanguageID(_ db: Database, _ tag: LanguageTag) throws -> Int64? {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM languages WHERE tag = ?", arguments: [tag.normalized]) {
            return id
        }
        // en asks for en-US when that is all there is.
        return try Int64.fetchOne(db, sql: "SELECT id FROM languages WHERE lower(tag) LIKE ? ORDER BY id LIMIT 1",
                                  arguments: [tag.normalized.lowercased() + "-%"])
    }

    /// The language pairs the memory holds, with their unit counts.
    public func pairs() throws -> [(source: LanguageTag, target: LanguageTag, units: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.tag AS source, t.tag AS target, p.units FROM pairs p
                JOIN languages s ON s.id = p.source JOIN languages t ON t.id = p.target ORDER BY p.units DESC
                """).compactMap { row in
                guard let source = LanguageTag(row["source"] as String), let target = LanguageTag(row["target"] as String)
                else { return nil }
                return (source, target, row["units"] as Int)
            }
        }
    }

    /// The pair to use: the one given, or the memory's only pair.
    public func resolvePair(from: LanguageTag?, to: LanguageTag?) throws -> (source: LanguageTag, target: LanguageTag) {
        if let from, let to { return (from, to) }
        let pairs = try pairs()
        guard !pairs.isEmpty else { throw MemoryError("the memory is empty", file: path) }
        let candidates = pairs.filter { pair in
            (from.map { pair.source.isWithin($0) } ?? true) && (to.map { pair.target.isWithin($0) } ?? true)
        }
        guard candidates.count == 1 else {
            let listed = pairs.map { "\($0.source)→\($0.target)" }.joined(separator: ", ")
            throw MemoryError("the memory holds \(listed); choose a pair with --from and --to", file: path)
        }
        return (candidates[0].source, candidates[0].target)
    }

    // MARK: Statistics

    public struct Statistics: Sendable {
        public var units: Int
        public var pairs: [(source: LanguageTag, target: LanguageTag, units: Int)]
        public var languages: [LanguageTag]
        public var fileBytes: Int
        public var schemaVersion: Int
    }

    public func statistics() throws -> Statistics {
        let pairs = try pairs()
        return try pool.read { db in
            let units = try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0
            let languages = try String.fetchAll(db, sql: "SELECT tag FROM languages ORDER BY tag").compactMap(LanguageTag.init)
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            var bytes = 0
            for suffix in ["", "-wal"] {
                let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
                bytes += (attributes?[.size] as? Int) ?? 0
            }
            return Statistics(units: units, pairs: pairs, languages: languages, fileBytes: bytes, schemaVersion: version)
        }
    }
}

/// FNV-1a, 64 bits: a hash that stays the same from run to run (Swift's Hasher does not).
func stableHash(_ text: String) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return Int64(bitPattern: hash)
}
