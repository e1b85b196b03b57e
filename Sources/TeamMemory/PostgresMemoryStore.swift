import Foundation
import NIOCore
import PostgresNIO
import Synchronization
import TMKitCore
import TMX
import TranslationMemory

/// A translation memory on a PostgreSQL server, for a desk of translators working on one memory:
/// the same units, duplicate merging, fuzzy index and scoring as the SQLite file
/// (`SQLiteMemoryStore`), so the same lookups give the same matches, scores and order.
///
/// The tables mirror the file's: `units` (every variant in a JSON body), `segments` (text and
/// exact-match key per language), `pairs` (unit counts), `postings` (the fuzzy index: one row
/// per word and import batch, merged after each import into one or a few per word, in the
/// file's compact encoding, with its unit count so that a lookup
/// sums the counts of a query's words before it reads any list), and `concordance`, built the same
/// way from each segment's words and, in Korean and other unspaced scripts, its character
/// bigrams (see `ConcordanceKeys`). A lookup reads in one `REPEATABLE READ` snapshot; each
/// import batch is one transaction, so readers only ever see whole batches. Writers take turns
/// per batch (a transaction-scoped advisory lock): ids are given in import order as the file
/// gives them, and two imports of the same file merge instead of duplicating units.
///
/// The schema is versioned (`tmkit_meta`); a database holding something else, or a memory of a
/// newer tmkit, is refused and left as it is.
public final class PostgresMemoryStore: MemoryStore {
    /// The schema version this tmkit writes.
    public static let schemaVersion = 2
    /// The advisory lock writers take, per transaction (schema changes, import batches, deletes).
    static let writeLock: Int64 = 0x746D_6B69_7400_0001

    /// The server and database, without the password.
    public let address: PostgresAddress
    /// Whether the memory was opened for reading or for writing.
    public let access: MemoryAccess
    private let session: Mutex<PostgresSession?>
    /// Hot-standby replicas that lookups and concordance read from, in turn; empty: the primary.
    public let replicas: [PostgresAddress]
    private let replicaSessions: Mutex<(sessions: [PostgresSession], next: Int, reads: Int)>
    /// The languages table as last read, and when: it only grows, and rarely, so lookups read it
    /// again after a few seconds instead of every time.
    private let languageCache = Mutex<(read: Double, languages: [(id: Int64, tag: String)])>((-1, []))
    /// How many concordance searches read every segment because the index could not narrow them.
    let scans = Mutex(0)

    /// The server address, without its password.
    public var location: String { address.description }

    /// Connects to the memory at `url` (`postgres://USER@HOST:PORT/DATABASE`). Opened for
    /// `MemoryAccess.write` it creates the schema when the database has none and
    /// migrates an older one; for reading it needs a memory there already.
    /// Lookups and concordance go to the `replicas` (hot standbys of the same server, each a URL),
    /// in turn; everything else to the primary.
    public convenience init(url: String, access: MemoryAccess, replicas: [String] = []) throws(MemoryError) {
        var addresses: [PostgresAddress] = []
        for replica in replicas { addresses.append(try PostgresAddress(replica)) }
        try self.init(address: PostgresAddress(url), access: access, replicas: addresses)
    }

    /// Connects to the memory at `address` (and its `replicas`); see ``init(url:access:replicas:)``.
    public init(address: PostgresAddress, access: MemoryAccess, replicas: [PostgresAddress] = []) throws(MemoryError) {
        self.address = address
        self.access = access
        self.replicas = replicas
        let session = try PostgresSession(address: address)
        self.session = Mutex(session)
        var replicaSessions: [PostgresSession] = []
        for replica in replicas { replicaSessions.append(try PostgresSession(address: replica)) }
        self.replicaSessions = Mutex((replicaSessions, 0, 0))
        let encoding = try session.query("SHOW server_encoding").first.map { row throws(MemoryError) in try row.value(0, as: String.self) }
        guard encoding == "UTF8" else {
            throw MemoryError("the database's encoding is \(encoding ?? "unknown"), not UTF8 (create it with ENCODING 'UTF8')",
                              file: address.description)
        }
        let version = try Self.inspect(session)
        switch access {
        case .read:
            guard let version else {
                throw MemoryError("no tmkit memory in this database yet (import into it first)", file: address.description)
            }
            if version < Self.schemaVersion {
                throw MemoryError("written by an older tmkit (schema \(version)); any `tmkit tm import` into it upgrades it",
                                  file: address.description)
            }
        case .write:
            if version != Self.schemaVersion {
                do { try Self.migrate(session) } catch {
                    throw error as? MemoryError ?? MemoryError("cannot create the memory: \(error)", file: address.description)
                }
            }
        }
    }

    /// Closes the connections.
    public func close() throws(MemoryError) {
        session.withLock { session in
            session?.close()
            session = nil
        }
        replicaSessions.withLock { replicas in
            for session in replicas.sessions { session.close() }
            replicas.sessions = []
        }
    }

    /// How many concordance searches scanned the segments (for tests).
    package var concordanceScans: Int { scans.withLock { $0 } }

    /// How many reads went to a replica (for tests).
    package var replicaReads: Int { replicaSessions.withLock { $0.reads } }

    /// Reads in one snapshot of the next replica in turn, or of the primary without replicas.
    func readingReplica<T>(_ body: (PostgresSession, _ isPrimary: Bool) throws -> T) throws(MemoryError) -> T {
        let replica: PostgresSession? = replicaSessions.withLock { replicas in
            guard !replicas.sessions.isEmpty else { return nil }
            replicas.next = (replicas.next + 1) % replicas.sessions.count
            replicas.reads += 1
            return replicas.sessions[replicas.next]
        }
        guard let replica else { return try reading { try body($0, true) } }
        let action = "cannot read the replica \(replica.address)"
        do {
            // One query at a time on a connection: readers of the same replica take turns.
            return try replica.serially {
                try replica.transaction(reading: true, doing: action) { try body(replica, false) }
            }
        } catch {
            throw PostgresSession.failure(error, address: replica.address, doing: action)
        }
    }

    func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try session.withLock { session in
            guard let session else { throw MemoryError("the memory was closed", file: address.description) }
            return try body(session)
        }
    }

    /// Reads in one snapshot of the primary; every failure as a ``MemoryError``.
    func reading<T>(_ body: (PostgresSession) throws -> T) throws(MemoryError) -> T {
        let action = "cannot read the memory"
        do {
            return try withSession { session in try session.transaction(reading: true, doing: action) { try body(session) } }
        } catch {
            throw PostgresSession.failure(error, address: address, doing: action)
        }
    }

    /// Writes in one transaction under the write lock (write access only); every failure as a
    /// ``MemoryError``.
    func writing<T>(_ action: String, _ body: (PostgresSession) throws -> T) throws(MemoryError) -> T {
        guard access == .write else { throw MemoryError("\(action): the memory was opened read-only", file: address.description) }
        // What this store writes, its own lookups see at once.
        defer { languageCache.withLock { $0.read = -1 } }
        do {
            return try withSession { session in
                try session.transaction(reading: false, doing: action) {
                    try session.query("SELECT pg_advisory_xact_lock($1)", [Self.writeLock], doing: action)
                    return try body(session)
                }
            }
        } catch {
            throw PostgresSession.failure(error, address: address, doing: action)
        }
    }

    // MARK: Schema

    /// Schema 2: the SQLite file's tables (see the type's documentation), one statement each.
    /// No foreign keys: every write is tmkit's own, in one transaction under the writers' lock,
    /// and checking each segment's unit and language cost a sixth of an import.
    static let schema = """
        CREATE TABLE tmkit_meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE languages (id bigint PRIMARY KEY, tag text NOT NULL UNIQUE);
        CREATE TABLE units (
            id bigint PRIMARY KEY,
            tuid text,
            body text NOT NULL,
            dup_key bigint NOT NULL UNIQUE,
            created text,
            changed text,
            usage_count bigint NOT NULL DEFAULT 0,
            source_lang bigint NOT NULL
        );
        CREATE TABLE segments (
            unit_id bigint NOT NULL,
            lang bigint NOT NULL,
            text text NOT NULL,
            key bigint NOT NULL,
            PRIMARY KEY (unit_id, lang)
        );
        CREATE INDEX segments_by_key ON segments(lang, key);
        CREATE TABLE pairs (source bigint NOT NULL, target bigint NOT NULL, units bigint NOT NULL DEFAULT 0,
                            PRIMARY KEY (source, target));
        CREATE TABLE postings (lang bigint NOT NULL, token text COLLATE "C" NOT NULL, batch bigint NOT NULL,
                               units_count integer NOT NULL, units bytea NOT NULL,
                               PRIMARY KEY (lang, token, batch));
        CREATE TABLE concordance (lang bigint NOT NULL, token text COLLATE "C" NOT NULL, batch bigint NOT NULL,
                                  units_count integer NOT NULL, units bytea NOT NULL,
                                  PRIMARY KEY (lang, token, batch));
        """

    /// The schema version of the memory in the database; nil when it has none; refuses a
    /// database of something else and a newer schema.
    static func inspect(_ session: PostgresSession) throws(MemoryError) -> Int? {
        let tables = try session.query("""
            SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()
            """).map { row throws(MemoryError) in try row.value(0, as: String.self) }
        guard tables.contains("tmkit_meta") else {
            if tables.contains("units") || tables.contains("segments") {
                throw MemoryError("not a tmkit memory (this database's schema holds other tables named units or segments)",
                                  file: session.address.description)
            }
            return nil
        }
        let rows = try session.query("SELECT value FROM tmkit_meta WHERE key = 'schema_version'")
        guard let text = try rows.first.map({ row throws(MemoryError) in try row.value(0, as: String.self) }),
              let version = Int(text) else {
            throw MemoryError("not a tmkit memory (its tmkit_meta has no schema version)", file: session.address.description)
        }
        if version > schemaVersion {
            throw MemoryError("written by a newer tmkit (schema \(version)); this tmkit reads schema \(schemaVersion) and older",
                              file: session.address.description)
        }
        return version
    }

    /// Creates or upgrades the schema in one transaction under the writers' lock: of two tmkits
    /// opening the same database, the second finds the work done.
    static func migrate(_ session: PostgresSession, pageUnits: Int = 20000) throws {
        try session.transaction(reading: false, doing: "cannot create the memory") {
            try session.query("SELECT pg_advisory_xact_lock($1)", [writeLock], doing: "cannot create the memory")
            let version = try inspect(session) ?? 0
            guard version < schemaVersion else { return }
            if version < 1 {
                for statement in Self.schema.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                    try session.query(String(statement), doing: "cannot create the memory")
                }
                try session.query("INSERT INTO tmkit_meta(key, value) VALUES ('application', 'tmkit translation memory')",
                                  doing: "cannot create the memory")
            } else if version < 2 {
                try migrateConcordance(session, pageUnits: pageUnits)
            }
            try session.query("""
                INSERT INTO tmkit_meta(key, value) VALUES ('schema_version', $1)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, [String(schemaVersion)], doing: "cannot create the memory")
        }
    }

    /// Schema 1 → 2: the concordance index built from the segments (in pages of units), in
    /// place of schema 1's `pg_trgm` index over every segment, which cost half of an import.
    static func migrateConcordance(_ session: PostgresSession, pageUnits: Int) throws {
        let action = "cannot upgrade the memory"
        try session.query("""
            CREATE TABLE concordance (lang bigint NOT NULL, token text COLLATE "C" NOT NULL, batch bigint NOT NULL,
                                      units_count integer NOT NULL, units bytea NOT NULL,
                                      PRIMARY KEY (lang, token, batch))
            """, doing: action)
        // Roles that may read the segments (a read-only role granted after the first import)
        // may read the new table too.
        try session.query("""
            DO $$DECLARE r record; BEGIN
              FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                       WHERE table_schema = current_schema() AND table_name = 'segments' AND privilege_type = 'SELECT'
                       AND grantee <> current_user LOOP
                EXECUTE 'GRANT SELECT ON concordance TO ' || CASE WHEN r.grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(r.grantee) END;
              END LOOP;
            END$$
            """, doing: action)
        try session.query("DROP INDEX IF EXISTS segments_trigrams", doing: action)
        var after: Int64 = 0, page: Int64 = 0
        while true {
            var segments: [(id: Int64, language: Int64, text: String)] = []
            for row in try session.query("""
                SELECT unit_id, lang, text FROM segments
                WHERE unit_id > $1 AND unit_id <= (SELECT max(unit_id) FROM (SELECT DISTINCT unit_id FROM segments
                                                   WHERE unit_id > $1 ORDER BY unit_id LIMIT $2) AS page)
                ORDER BY unit_id
                """, [after, Int64(pageUnits)], doing: action) {
                segments.append((try row.value(0, as: Int64.self), try row.value(1, as: Int64.self), try row.value(2, as: String.self)))
            }
            guard let last = segments.last?.id else { break }
            // Batches of their own, below the imports' (which count up from 1).
            page -= 1
            try ConcordanceKeys.insert(ConcordanceKeys.lists(segments), unit: { $0 }, batch: page, session: session, doing: action)
            after = last
        }
    }

    // MARK: Languages and pairs

    /// The languages, read again when the copy is more than 5 s old.
    func cachedLanguages(_ session: PostgresSession) throws -> [(id: Int64, tag: String)] {
        let now = ProcessInfo.processInfo.systemUptime
        if let cached = languageCache.withLock({ now - $0.read < 5 ? $0.languages : nil }) { return cached }
        let languages = try Self.languages(session)
        languageCache.withLock { $0 = (now, languages) }
        return languages
    }

    static func languages(_ session: PostgresSession) throws -> [(id: Int64, tag: String)] {
        try session.query("SELECT id, tag FROM languages ORDER BY id").map { row in
            (try row.value(0, as: Int64.self), try row.value(1, as: String.self))
        }
    }

    static func languageIDs(_ session: PostgresSession, _ tag: LanguageTag, fallback: Bool = false) throws -> [Int64] {
        MatchEngine.matchingLanguages(try languages(session), tag).filter { fallback || $0.rank < 2 }.map(\.id)
    }

    /// The language pairs the memory holds, with their unit counts, the largest first.
    public func pairs() throws(MemoryError) -> [(source: LanguageTag, target: LanguageTag, units: Int)] {
        try reading { session in try Self.pairs(session) }
    }

    static func pairs(_ session: PostgresSession) throws -> [(source: LanguageTag, target: LanguageTag, units: Int)] {
        try session.query("""
            SELECT s.tag, t.tag, p.units FROM pairs p JOIN languages s ON s.id = p.source JOIN languages t ON t.id = p.target
            WHERE p.units > 0 ORDER BY p.units DESC, p.source, p.target
            """).compactMap { row in
            guard let source = LanguageTag(try row.value(0, as: String.self)),
                  let target = LanguageTag(try row.value(1, as: String.self)) else { return nil }
            return (source, target, Int(try row.value(2, as: Int64.self)))
        }
    }

    /// The pair to use: the one given, or the memory's pair that answers the one language given
    /// best, or its only pair.
    public func resolvePair(from: LanguageTag?, to: LanguageTag?) throws(MemoryError) -> (source: LanguageTag, target: LanguageTag) {
        if let from, let to { return (from, to) }
        return try SQLiteMemoryStore.resolvePair(from: from, to: to, among: try pairs(), location: location)
    }

    // MARK: Statistics

    /// Counts the memory's units, pairs and languages; `fileBytes` is what its tables and
    /// indexes take on the server.
    public func statistics() throws(MemoryError) -> MemoryStatistics {
        try reading { session in
            let units = try session.query("SELECT count(*) FROM units").first?.value(0, as: Int64.self) ?? 0
            let languages = try Self.languages(session).compactMap { LanguageTag($0.tag) }.sorted { $0.normalized < $1.normalized }
            let bytes = try session.query("""
                SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
                WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
                AND c.relname IN ('tmkit_meta', 'languages', 'units', 'segments', 'pairs', 'postings', 'concordance')
                """).first?.value(0, as: Int64.self) ?? 0
            let version = try Self.inspect(session) ?? 0
            return MemoryStatistics(units: Int(units), pairs: try Self.pairs(session), languages: languages,
                                                fileBytes: Int(bytes), schemaVersion: version)
        }
    }
}
