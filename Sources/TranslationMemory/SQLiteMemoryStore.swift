@_exported import TextAnalysis
import Foundation
import GRDB
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import TMKitCore
import TMX

/// A translation memory that cannot be opened or used.
public struct MemoryError: TMKitError, Equatable {
    /// What went wrong, in one line, without the file.
    public var message: String
    /// The memory's path; nil when the error concerns no particular file.
    public var file: String?
    /// SQLite found the file damaged (`SQLITE_CORRUPT`, `SQLITE_NOTADB`, a failed check).
    public var isCorruption: Bool

    /// Creates an error with `message`, about the memory at `file` when given; `isCorruption` marks a
    /// damaged file.
    public init(_ message: String, file: String? = nil, isCorruption: Bool = false) {
        self.message = message
        self.file = file
        self.isCorruption = isCorruption
    }

    /// The memory's path as the error's location; nil without a file.
    public var location: SourceLocation? { file.map { SourceLocation(file: $0) } }
}

/// A translation memory in one SQLite file (WAL), read by many processes and written by one at
/// a time: units with every variant, an exact-match key, a fuzzy index of word postings, and
/// bigram lists that with the word postings serve concordance (`ConcordanceIndex`).
///
/// The schema is versioned (`PRAGMA user_version` and the `tmkit_meta` table); a file that is
/// not a tmkit memory, or one written by a newer tmkit, is refused and left as it is.
///
/// Opened for `MemoryAccess.read` a memory is never written and never write-locked (see
/// `ReadMode`); opened for `MemoryAccess.write` it is created when missing (atomically: the
/// schema is built in a file beside it and linked into place), checked with
/// `PRAGMA quick_check`, and migrated from an older schema under an exclusive lock.
public final class SQLiteMemoryStore: Sendable {
    /// The schema version this tmkit writes: opening for writing migrates an older memory to it,
    /// reading refuses one (unless asked to accept it), and a newer one is refused.
    public static let schemaVersion = 6
    static let application = "tmkit translation memory"

    /// How a read-only memory is opened, from what the process may write.
    ///
    /// - `queryOnly`: the file and its folder are writable. A normal connection with
    ///   `PRAGMA query_only`, so SQLite, as the last one to close, removes the `-wal`/`-shm`
    ///   files it made (an `SQLITE_OPEN_READONLY` connection would leave them behind).
    /// - `readOnly`: the file or its folder is not writable but a `-wal` exists (someone writes
    ///   or wrote it): `SQLITE_OPEN_READONLY`, reading the WAL through the existing sidecars.
    /// - `immutable`: the file or its folder is not writable and there is no `-wal`: the file is
    ///   the whole memory and is read as `immutable=1`, which creates no sidecar a reader could
    ///   leave behind (owned by the reader, they would lock the owner out).
    enum ReadMode: Equatable { case queryOnly, readOnly, immutable }

    /// The memory's SQLite file, as the path it was opened with.
    public let path: String
    /// Whether the memory was opened for reading or for writing.
    public let access: MemoryAccess
    /// How long this memory waits for another process's write lock.
    public let busyTimeout: TimeInterval
    let pool: any DatabaseWriter
    /// Set by ``close()``: SQLite must not be called on a closed connection, so every use after
    /// it is a ``MemoryError`` instead.
    private let closed = Atomic<Bool>(false)
    /// Operations using the connection now; ``close()`` waits for them to end.
    private let inFlight = Atomic<Int>(0)
    private let identity: FileIdentity?

    /// How long a command waits for another process's write lock: 30 s, or the environment's
    /// `TMKIT_BUSY_TIMEOUT` (seconds; tests use a short one).
    public static var defaultBusyTimeout: TimeInterval {
        ProcessInfo.processInfo.environment["TMKIT_BUSY_TIMEOUT"].flatMap(TimeInterval.init).map { Swift.max(0, $0) } ?? 30
    }

    /// `$XDG_DATA_HOME/tmkit/memory.sqlite` (`~/.local/share/tmkit/memory.sqlite`).
    public static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? ".") + "/.local/share"
        return base + "/tmkit/memory.sqlite"
    }

    /// Opens the memory at `path` for writing, creating it (and its folder) when it does not
    /// exist and `create` is set.
    public convenience init(path: String, create: Bool = true) throws(MemoryError) {
        try self.init(path: path, access: .write, create: create)
    }

    /// Opens the memory at `path` for `access`. Only write access creates a missing memory.
    ///
    /// A memory of an older schema is refused for reading (reading never writes, so never
    /// upgrades) unless `acceptingOlderSchema` (for ``check(quick:maximumProblems:)``).
    public init(path: String, access: MemoryAccess, create: Bool = true, busyTimeout: TimeInterval? = nil,
                acceptingOlderSchema: Bool = false) throws(MemoryError) {
        self.path = path
        self.access = access
        let timeout = busyTimeout ?? Self.defaultBusyTimeout
        self.busyTimeout = timeout
        var info = stat()
        if stat(path, &info) != 0 {
            let error = errno
            guard access == .write, create, error == ENOENT else {
                if error == ENOENT { throw MemoryError("no such memory", file: path) }
                throw MemoryError("cannot open the memory: \(String(cString: strerror(error)))", file: path)
            }
            try Self.createFresh(path, busyTimeout: timeout)
        }
        let header = try Self.checkFile(path)
        switch access {
        case .read:
            guard !header.isEmpty else {
                throw MemoryError("an empty file, not a memory yet (import into it first)", file: path)
            }
            let mode = Self.readMode(path)
            let queue: DatabaseQueue
            do {
                queue = try DatabaseQueue(path: Self.location(path, mode: mode),
                                          configuration: Self.configuration(mode: mode, busyTimeout: timeout))
            } catch {
                throw Self.failure(error, path: path, doing: "cannot open the memory", busyTimeout: timeout)
            }
            do {
                let version = try Self.inspect(queue, path: path)
                if version < Self.schemaVersion && !acceptingOlderSchema {
                    throw MemoryError("written by an older tmkit (schema \(version)); upgrade it once with "
                                      + "`tmkit tm check --upgrade --tm \(path)` (or any `tmkit tm import` into it)", file: path)
                }
            } catch {
                try? queue.close()
                throw Self.failure(error, path: path, doing: "cannot open the memory", busyTimeout: timeout)
            }
            pool = queue
        case .write:
            try Self.checkWritable(path)
            if !header.isEmpty {
                // Refuse what is not a memory before a write connection (which would turn the
                // file to WAL) touches it.
                let queue: DatabaseQueue
                do {
                    queue = try DatabaseQueue(path: path, configuration: Self.configuration(mode: .queryOnly, busyTimeout: timeout))
                } catch {
                    throw Self.failure(error, path: path, doing: "cannot open the memory", busyTimeout: timeout)
                }
                defer { try? queue.close() }
                _ = try Self.inspect(queue, path: path)
                try Self.quickCheck(queue, path: path)
            }
            // SQLite answers some lock waits at once instead of through the busy timeout:
            // turning a new file to WAL while another process does the same, or reading a WAL
            // another process is recovering. Opening is repeatable, so those are retried
            // (a few milliseconds apart, at random) until the timeout is spent.
            let deadline = Date().addingTimeInterval(timeout)
            var attempt = 0
            while true {
                do {
                    let pool = try DatabasePool(path: path, configuration: Self.configuration(mode: nil, busyTimeout: timeout))
                    try pool.writeWithoutTransaction { db in try Self.migrate(db) }
                    self.pool = pool
                    break
                } catch let error as DatabaseError
                            where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode.primaryResultCode) && Date() < deadline {
                    attempt += 1
                    usleep(UInt32.random(in: 2_000...(attempt < 8 ? 20_000 : 100_000)))
                } catch {
                    throw Self.failure(error, path: path, doing: "cannot open the memory", busyTimeout: timeout)
                }
            }
        }
        identity = FileIdentity(path: path)
        if let identity { Self.openFiles.withLock { $0[identity, default: 0] += 1 } }
    }

    deinit {
        try? pool.close()
        if let identity {
            Self.openFiles.withLock { files in
                files[identity, default: 1] -= 1
                if files[identity] == 0 { files[identity] = nil }
            }
        }
    }

    /// Closes the memory (deinit does it too), once the operations running on other threads have
    /// ended; every later use throws "the memory was closed". Closing again does nothing; a close
    /// that fails leaves the memory open.
    public func close() throws(MemoryError) {
        guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        while inFlight.load(ordering: .sequentiallyConsistent) > 0 { usleep(200) }
        do {
            try pool.close()
        } catch {
            closed.store(false, ordering: .sequentiallyConsistent)
            throw Self.failure(error, path: path, doing: "cannot close the memory")
        }
    }

    /// Starts an operation on the connection (``close()`` waits until ``endUse()``); throws,
    /// starting nothing, when the memory was closed.
    func beginUse() throws(MemoryError) {
        inFlight.add(1, ordering: .sequentiallyConsistent)
        if closed.load(ordering: .sequentiallyConsistent) {
            inFlight.subtract(1, ordering: .sequentiallyConsistent)
            throw MemoryError("the memory was closed", file: path)
        }
    }

    /// Ends an operation ``beginUse()`` started.
    func endUse() {
        inFlight.subtract(1, ordering: .sequentiallyConsistent)
    }

    // MARK: Opening

    /// A file by device and inode.
    struct FileIdentity: Hashable {
        var device: UInt64, inode: UInt64
        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// The memories this process has open. Closing any descriptor of a file drops every POSIX
    /// lock the process holds on it, SQLite's included: the header is read with a descriptor
    /// of its own only while no connection of this process has the file open.
    private static let openFiles = Mutex<[FileIdentity: Int]>([:])

    /// The first 100 bytes of `path` (empty for an empty file), read with open/fstat/read;
    /// refuses a directory, a device, or a file that is not SQLite.
    static func checkFile(_ path: String) throws(MemoryError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw MemoryError("cannot open the memory: \(String(cString: strerror(errno)))", file: path)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw MemoryError("not a tmkit memory (a directory)", file: path)
        default: throw MemoryError("not a tmkit memory (not a regular file)", file: path)
        }
        if let identity = FileIdentity(path: path), openFiles.withLock({ $0[identity] != nil }) {
            return Array("SQLite format 3\u{0}".utf8)  // already open here, so already checked
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw MemoryError("cannot open the memory: \(String(cString: strerror(errno)))", file: path) }
        defer { _ = Glibc.close(fd) }
        var header = [UInt8](repeating: 0, count: 100)
        var count = 0
        while count < header.count {
            let read = header.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
            if read < 0 && errno == EINTR { continue }
            guard read >= 0 else {
                throw MemoryError("cannot read the memory: \(String(cString: strerror(errno)))", file: path)
            }
            if read == 0 { break }
            count += read
        }
        header.removeLast(header.count - count)
        if header.isEmpty { return header }
        guard header.starts(with: Array("SQLite format 3\u{0}".utf8)) else {
            throw MemoryError("not a tmkit memory (not an SQLite database)", file: path)
        }
        return header
    }

    /// Write access needs the file and, for the WAL's `-wal` and `-shm` files, its folder.
    static func checkWritable(_ path: String) throws(MemoryError) {
        if Glibc.access(path, W_OK) != 0 {
            throw MemoryError("cannot write the memory: \(String(cString: strerror(errno)))", file: path)
        }
        let folder = (path as NSString).deletingLastPathComponent
        if Glibc.access(folder.isEmpty ? "." : folder, W_OK) != 0 {
            throw MemoryError("cannot write the memory: its folder is not writable (SQLite keeps its -wal and -shm files there)",
                              file: path)
        }
    }

    static func readMode(_ path: String) -> ReadMode {
        let folder = (path as NSString).deletingLastPathComponent
        if Glibc.access(path, W_OK) == 0 && Glibc.access(folder.isEmpty ? "." : folder, W_OK) == 0 { return .queryOnly }
        return Glibc.access(path + "-wal", F_OK) == 0 ? .readOnly : .immutable
    }

    /// The path, or for `immutable` a `file:` URI (SQLite built with `SQLITE_USE_URI`, as
    /// Debian's and Ubuntu's are).
    static func location(_ path: String, mode: ReadMode) -> String {
        guard mode == .immutable else { return path }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var escaped = ""
        for byte in absolute.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x20, 0x7F...:
                escaped += "%" + String(byte, radix: 16, uppercase: true).leftPaddedHex
            default:
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return "file://" + escaped + "?immutable=1"
    }

    /// The connection settings; `mode` nil for the writer.
    static func configuration(mode: ReadMode?, busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = mode == .readOnly || mode == .immutable
        configuration.prepareDatabase { db in
            if mode == .queryOnly { try db.execute(sql: "PRAGMA query_only = 1") }
            if mode == nil { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            // Lookups read posting lists of up to megabytes: readers map the file instead of
            // copying it (the writer does not, so an import's memory stays its page cache).
            if db.configuration.readonly || mode != nil {
                try db.execute(sql: "PRAGMA mmap_size = 4294967296")
            }
        }
        return configuration
    }

    /// Refuses, without writing a byte, what is not a tmkit memory this version can read;
    /// returns its schema version.
    static func inspect(_ reader: any DatabaseReader, path: String) throws(MemoryError) -> Int {
        do {
            return try reader.read { db in
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
                return hasMeta ? version : schemaVersion
            }
        } catch {
            throw failure(error, path: path, doing: "cannot open the memory")
        }
    }

    /// `PRAGMA quick_check` before a write: a damaged memory is refused, not written into.
    static func quickCheck(_ reader: any DatabaseReader, path: String) throws(MemoryError) {
        let problems: [String]
        do {
            problems = try reader.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(10)") }
        } catch {
            throw failure(error, path: path, doing: "cannot check the memory")
        }
        if problems != ["ok"] {
            throw MemoryError(corruption: problems.flatMap(problemLines).first ?? "quick_check failed", path: path)
        }
    }

    /// Builds a new memory in a file beside `path` and links it into place, so that another
    /// process never sees a half-made memory; when one was linked there first, it is used.
    static func createFresh(_ path: String, busyTimeout: TimeInterval) throws(MemoryError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).creating"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                try migrate(db)
            }
            try queue.close()
        } catch {
            throw failure(error, path: path, doing: "cannot create the memory")
        }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw MemoryError("cannot create the memory: \(String(cString: strerror(errno)))", file: path)
        }
    }

    /// The exact-match index, as every schema since the first has it.
    static let keyIndex = "CREATE INDEX IF NOT EXISTS segments_by_key ON segments(lang, key)"
    /// One unit for each duplicate key (schema 5; before it, the column's own UNIQUE).
    static let dupKeyIndex = "CREATE UNIQUE INDEX IF NOT EXISTS units_by_dup_key ON units(dup_key)"

    /// The indexes an import into an empty memory leaves out until its end, built when missing.
    static func buildDeferredIndexes(_ db: Database) throws {
        if try !db.indexes(on: "segments").contains(where: { $0.name == "segments_by_key" }) {
            try db.execute(sql: keyIndex)
        }
        if try !db.indexes(on: "units").contains(where: { $0.name == "units_by_dup_key" }) {
            try db.execute(sql: dupKeyIndex)
        }
    }

    /// Creates or upgrades the schema inside one exclusive transaction: of two processes
    /// opening the same file, the second finds the work done.
    static func migrate(_ db: Database) throws {
        func applied() throws -> Set<String> {
            guard try db.tableExists("grdb_migrations") else { return [] }
            return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        }
        // Read first: a memory already up to date needs no write lock at all.
        if try applied().isSuperset(of: migrations.map(\.identifier)),
           try Int.fetchOne(db, sql: "PRAGMA user_version") == schemaVersion {
            // An import into an empty memory builds the exact-match and duplicate-key indexes
            // at its end; one that was killed left them out.
            try buildDeferredIndexes(db)
            return
        }
        // Schema 5 makes the units table again: with foreign keys on, dropping the old one
        // would delete every segment with it (ON DELETE CASCADE). The pragma is a no-op inside
        // a transaction, so it is set around it (the units keep their ids: no key can break).
        let rebuildsUnits = !(try applied().contains("v5"))
        if rebuildsUnits { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
        defer { if rebuildsUnits { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
        try db.inTransaction(.exclusive) {
            // Another process may have migrated since the read above: look again, past GRDB's
            // schema cache.
            db.clearSchemaCache()
            let done = try applied()
            // The table GRDB's migrator keeps, so older tmkits know what was applied.
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for (identifier, body) in migrations where !done.contains(identifier) {
                try body(db)
                try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES (?)", arguments: [identifier])
            }
            try buildDeferredIndexes(db)
            try db.execute(sql: "INSERT OR IGNORE INTO tmkit_meta(key, value) VALUES ('application', ?)",
                           arguments: [application])
            if try Int.fetchOne(db, sql: "PRAGMA user_version") != schemaVersion {
                try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
            }
            return .commit
        }
    }

    /// A SQLite error as a memory error: corruption says how to recover; a full disk and a
    /// lock held too long say what happened.
    static func failure(_ error: any Error, path: String, doing action: String, busyTimeout: TimeInterval? = nil) -> MemoryError {
        if let error = error as? MemoryError {
            var error = error
            if error.file == nil { error.file = path }
            return error
        }
        guard let error = error as? DatabaseError else { return MemoryError("\(action): \(error)", file: path) }
        let message = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return MemoryError(corruption: message, path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            let wait = busyTimeout.map { " for more than \(Int($0.rounded(.up))) s" } ?? " too long"
            return MemoryError("\(action): \(message) (another process held the memory's write lock\(wait))", file: path)
        default:
            return MemoryError("\(action): \(message)", file: path)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// Reads in one transaction, SQLite's errors turned into ``MemoryError``s.
    func reading<T>(_ body: (Database) throws -> T) throws(MemoryError) -> T {
        try beginUse()
        defer { endUse() }
        do { return try pool.read(body) } catch {
            throw Self.failure(error, path: path, doing: "cannot read the memory", busyTimeout: busyTimeout)
        }
    }

    /// Writes in one transaction (write access only).
    func writing<T>(_ action: String, _ body: (Database) throws -> T) throws(MemoryError) -> T {
        guard access == .write else { throw MemoryError("\(action): the memory was opened read-only", file: path) }
        try beginUse()
        defer { endUse() }
        do { return try pool.write(body) } catch { throw Self.failure(error, path: path, doing: action, busyTimeout: busyTimeout) }
    }

    static let migrations: [(identifier: String, body: @Sendable (Database) throws -> Void)] = [
        ("v1", { db in
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
        }),
        // v2: the concordance index splits into words (spaced scripts) and trigrams without
        // positions (Korean and other unspaced scripts); the posting batches get a counter.
        // (Its FTS5 tables are no longer made: schema 6 replaces them.)
        ("v2", { db in
            try db.execute(sql: "DROP TABLE segments_fts")
            try db.execute(sql: """
                INSERT OR REPLACE INTO tmkit_meta(key, value)
                SELECT 'postings_batch', coalesce(max(batch), 0) FROM postings
                """)
        }),
        // v3: each unit keeps its source language, so that deleting a unit takes it out of the
        // language-pair counts in the same transaction; the counts are rebuilt from the units.
        ("v3", { db in
            try db.execute(sql: "ALTER TABLE units ADD COLUMN source_lang INTEGER")
            try backfillSourceLanguages(db)
            try db.execute(sql: "DELETE FROM pairs")
            try db.execute(sql: """
                INSERT INTO pairs(source, target, units)
                SELECT u.source_lang, s.lang, count(*) FROM units u JOIN segments s ON s.unit_id = u.id
                WHERE s.lang != u.source_lang GROUP BY u.source_lang, s.lang
                """)
        }),
        // v4: each posting row carries its unit count ahead of its list, so that a lookup counts
        // a word's units without reading its lists (those of the commonest words run to megabytes
        // at a million units, and are then not used).
        ("v4", { db in
            let count = DatabaseFunction("tmkit_postings_count", argumentCount: 1, pure: true) { values in
                Data.fromDatabaseValue(values[0]).map(Postings.count) ?? 0
            }
            db.add(function: count)
            defer { db.remove(function: count) }
            try db.execute(sql: """
                CREATE TABLE postings_v4 (lang INTEGER NOT NULL, token TEXT NOT NULL, batch INTEGER NOT NULL,
                                          units_count INTEGER NOT NULL, units BLOB NOT NULL,
                                          PRIMARY KEY (lang, token, batch)) WITHOUT ROWID;
                INSERT INTO postings_v4(lang, token, batch, units_count, units)
                SELECT lang, token, batch, tmkit_postings_count(units), units FROM postings;
                DROP TABLE postings;
                ALTER TABLE postings_v4 RENAME TO postings;
                """)
        }),
        // v5: the duplicate key's uniqueness becomes an index of its own (`units_by_dup_key`),
        // which an import into an empty memory builds once at its end instead of inserting a
        // million hashes in random order (SQLite cannot drop a column's UNIQUE: the table is
        // made again, foreign keys off; see `migrate`).
        ("v5", { db in
            try db.execute(sql: """
                CREATE TABLE units_v5 (
                    id INTEGER PRIMARY KEY,
                    tuid TEXT,
                    body TEXT NOT NULL,
                    dup_key INTEGER NOT NULL,
                    created TEXT,
                    changed TEXT,
                    usage_count INTEGER NOT NULL DEFAULT 0,
                    source_lang INTEGER
                );
                INSERT INTO units_v5(id, tuid, body, dup_key, created, changed, usage_count, source_lang)
                SELECT id, tuid, body, dup_key, created, changed, usage_count, source_lang FROM units;
                DROP TABLE units;
                ALTER TABLE units_v5 RENAME TO units;
                """)
            try db.execute(sql: dupKeyIndex)
        }),
        // v6: concordance from posting lists the import writes itself (`ConcordanceIndex`):
        // spaced scripts through the word postings, unspaced ones through bigram lists, instead
        // of two FTS5 tables that tokenized every text again (half an import's writing time).
        ("v6", { db in
            try db.execute(sql: "DROP TABLE IF EXISTS segments_words; DROP TABLE IF EXISTS segments_grams")
            try db.execute(sql: ConcordanceIndex.schema)
            try ConcordanceIndex.rebuild(db)
        }),
    ]

    /// The source language of units imported before schema 3, as import chose it: the unit's
    /// own srclang, else the file's (which was not kept: when every pair counted so far has one
    /// source language, that one; else the first of its variants in a language the counts had as
    /// a source), else its first variant.
    static func backfillSourceLanguages(_ db: Database) throws {
        let sources = try Int64.fetchAll(db, sql: "SELECT DISTINCT source FROM pairs")
        if sources.count == 1 {
            try db.execute(sql: """
                UPDATE units SET source_lang = ? WHERE EXISTS (SELECT 1 FROM segments WHERE unit_id = units.id AND lang = ?)
                """, arguments: [sources[0], sources[0]])
        }
        var tags: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM languages") { tags[row["tag"]] = row["id"] }
        let update = try db.makeStatement(sql: "UPDATE units SET source_lang = ? WHERE id = ?")
        let rows = try Row.fetchAll(db, sql: """
            SELECT u.id, u.body, group_concat(s.lang) AS langs FROM units u JOIN segments s ON s.unit_id = u.id
            WHERE u.source_lang IS NULL GROUP BY u.id
            """)
        for row in rows {
            let id: Int64 = row["id"]
            let present = Set((row["langs"] as String? ?? "").split(separator: ",").compactMap { Int64($0) })
            var variants: [(tag: LanguageTag, id: Int64)] = []
            var declared: LanguageTag?
            if case .object(let pairs)? = try? JSONValue.parse(row["body"] as String? ?? "") {
                for (key, value) in pairs {
                    if key == "variants", case .object(let list) = value {
                        for (tag, _) in list {
                            if let language = LanguageTag(tag), let languageID = tags[language.normalized], present.contains(languageID) {
                                variants.append((language, languageID))
                            }
                        }
                    }
                    if key == "attributes", case .object(let attributes) = value,
                       let srclang = attributes.first(where: { $0.0 == "srclang" })?.1.stringValue {
                        declared = LanguageTag(srclang)
                    }
                }
            }
            let chosen = declared.flatMap { declared in LanguageTag.bestMatch(for: declared, in: variants) { $0.tag } }?.id
                ?? variants.first(where: { sources.contains($0.id) })?.id ?? variants.first?.id ?? present.min()
            if let chosen { try update.execute(arguments: [chosen, id]) }
        }
    }

    // MARK: Checking

    /// What `PRAGMA integrity_check` (or `quick_check`) found.
    public struct CheckReport: Sendable, Equatable {
        /// Whether the report is `quick_check`'s rather than `integrity_check`'s.
        public var quick: Bool
        /// SQLite's findings; empty when the memory is sound.
        public var problems: [String]
        /// Whether SQLite found nothing wrong.
        public var isSound: Bool { problems.isEmpty }
    }

    /// Runs SQLite's `integrity_check` (every page, every index entry against its table) or,
    /// with `quick`, `quick_check` (pages and records, not index contents), reporting at most
    /// `maximumProblems` findings.
    public func check(quick: Bool = false, maximumProblems: Int = 100) throws(MemoryError) -> CheckReport {
        let pragma = quick ? "quick_check" : "integrity_check"
        let maximum = Swift.min(10_000, Swift.max(1, maximumProblems))
        try beginUse()
        defer { endUse() }
        func run(_ pragma: String) throws -> [String] {
            let rows = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA \(pragma)(\(maximum))") }
            return rows == ["ok"] ? [] : rows.flatMap(Self.problemLines)
        }
        do {
            return CheckReport(quick: quick, problems: try run(pragma))
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode.primaryResultCode) {
            // integrity_check itself can stop at the damage; quick_check may still say where.
            let message = error.message ?? "\(error.resultCode)"
            let detail = quick ? [] : ((try? run("quick_check")) ?? [])
            return CheckReport(quick: quick, problems: detail.isEmpty ? [message] : detail)
        } catch {
            throw Self.failure(error, path: path, doing: "cannot check the memory")
        }
    }

    /// SQLite's report lines, without its `*** in database main ***` heading.
    static func problemLines(_ row: String) -> [String] {
        row.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("*** in database") }
    }

    /// The schema version the file declares.
    public func schemaVersionOnDisk() throws(MemoryError) -> Int {
        try reading { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    // MARK: Languages and pairs

    static func languageID(_ db: Database, _ tag: LanguageTag) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM languages WHERE tag = ?", arguments: [tag.normalized]) {
            return id
        }
        try db.execute(sql: "INSERT INTO languages(tag) VALUES (?)", arguments: [tag.normalized])
        return db.lastInsertedRowID
    }

    /// The memory's languages that answer a request for `tag` (``LanguageTag/matchRank(for:)``:
    /// `en` finds `en`, `en-US`, `en-GB`; `en-US` finds `en-US`, then `en`), best first.
    func matchingLanguageIDs(_ db: Database, _ tag: LanguageTag) throws -> [(id: Int64, rank: Int)] {
        MatchEngine.matchingLanguages(try SQLiteMatchIndex(db: db).languages(), tag)
    }

    /// The memory's languages within `tag` (RFC 4647 basic filtering: `en` selects `en`, `en-US`,
    /// `en-GB`; `en-US` selects `en-US` only), as ids and an SQL list (`(3,7)`); nil when none.
    /// What export and delete select by: they act on a set, not on the best answer, so a request
    /// never falls back to a wider tag. With `fallback`, the wider tags too (what lookup searches).
    func filteredLanguageList(_ db: Database, _ tag: LanguageTag, fallback: Bool = false) throws -> (ids: [Int64], sql: String)? {
        let ids = try matchingLanguageIDs(db, tag).filter { fallback || $0.rank < 2 }.map(\.id)
        guard !ids.isEmpty else { return nil }
        return (ids, "(" + ids.map(String.init).joined(separator: ",") + ")")
    }

    /// The language pairs the memory holds, with their unit counts.
    public func pairs() throws(MemoryError) -> [(source: LanguageTag, target: LanguageTag, units: Int)] {
        try reading { db in
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

    /// The pair to use: the one given, or the memory's pair that answers the one language given
    /// best (RFC 4647: `en-GB` picks `en-GB→ko-KR` over `en→ko`), or its only pair.
    public func resolvePair(from: LanguageTag?, to: LanguageTag?) throws(MemoryError) -> (source: LanguageTag, target: LanguageTag) {
        if let from, let to { return (from, to) }
        return try Self.resolvePair(from: from, to: to, among: try pairs(), location: path)
    }

    /// The pair of `pairs` that answers the languages given best (see ``resolvePair(from:to:)``).
    package static func resolvePair(
        from: LanguageTag?, to: LanguageTag?, among pairs: [(source: LanguageTag, target: LanguageTag, units: Int)], location: String
    ) throws(MemoryError) -> (source: LanguageTag, target: LanguageTag) {
        if let from, let to { return (from, to) }
        guard !pairs.isEmpty else { throw MemoryError("the memory is empty", file: location) }
        let ranked = pairs.compactMap { pair -> (pair: (source: LanguageTag, target: LanguageTag, units: Int), rank: Int)? in
            guard let sourceRank = from.map({ pair.source.matchRank(for: $0) }) ?? 0,
                  let targetRank = to.map({ pair.target.matchRank(for: $0) }) ?? 0 else { return nil }
            return (pair, sourceRank + targetRank)
        }
        let best = ranked.map(\.rank).min()
        let candidates = ranked.filter { $0.rank == best }.map(\.pair)
        guard candidates.count == 1 else {
            let listed = pairs.map { "\($0.source)→\($0.target)" }.joined(separator: ", ")
            throw MemoryError("the memory holds \(listed); choose a pair with --from and --to", file: location)
        }
        return (candidates[0].source, candidates[0].target)
    }

    // MARK: Statistics

    /// Counts the memory's units, pairs and languages and measures its files.
    public func statistics() throws(MemoryError) -> MemoryStatistics {
        let pairs = try pairs()
        return try reading { db in
            let units = try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0
            let languages = try String.fetchAll(db, sql: "SELECT tag FROM languages ORDER BY tag").compactMap(LanguageTag.init)
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            var bytes = 0
            for suffix in ["", "-wal"] {
                let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
                bytes += (attributes?[.size] as? Int) ?? 0
            }
            return MemoryStatistics(units: units, pairs: pairs, languages: languages, fileBytes: bytes, schemaVersion: version)
        }
    }
}

/// What the memory is opened for.
public enum MemoryAccess: Sendable {
    /// Lookups, concordance, statistics, export: the file is never changed.
    case read
    /// Import and delete: creates, checks and migrates the memory first.
    case write
}

/// What the memory holds and how large it is, as `tmkit tm stats` shows it.
public struct MemoryStatistics: Sendable {
    /// How many translation units the memory holds.
    public var units: Int
    /// The language pairs with their unit counts, the largest first.
    public var pairs: [(source: LanguageTag, target: LanguageTag, units: Int)]
    /// Every language tag of the memory, normalized and sorted.
    public var languages: [LanguageTag]
    /// The size in bytes of the SQLite file and its `-wal` file together.
    public var fileBytes: Int
    /// The schema version the file declares (`PRAGMA user_version`).
    public var schemaVersion: Int

    package init(units: Int, pairs: [(source: LanguageTag, target: LanguageTag, units: Int)], languages: [LanguageTag],
                 fileBytes: Int, schemaVersion: Int) {
        self.units = units
        self.pairs = pairs
        self.languages = languages
        self.fileBytes = fileBytes
        self.schemaVersion = schemaVersion
    }
}

/// FNV-1a, 64 bits: a hash that stays the same from run to run (Swift's Hasher does not).
package func stableHash(_ text: String) -> Int64 {
    var text = text
    return text.withUTF8 { stableHash($0) }
}

/// ``stableHash(_:)`` of UTF-8 bytes.
package func stableHash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return Int64(bitPattern: hash)
}

extension MemoryError {
    /// A damaged memory, and how to get the units back.
    init(corruption detail: String, path: String) {
        let detail = detail.split(whereSeparator: \.isNewline).joined(separator: "; ")
        self.init("corrupted memory (\(detail)); restore a backup, or salvage what is left with "
                  + "`sqlite3 \(path) .recover | sqlite3 salvaged.sqlite`", file: path, isCorruption: true)
    }
}

extension String {
    fileprivate var leftPaddedHex: String { count < 2 ? "0" + self : self }
}
