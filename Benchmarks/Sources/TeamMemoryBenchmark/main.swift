// Team memory benchmark (issue 20): tmkit's PostgreSQL store beside the SQLite file it must
// match and beside two common ways of fuzzy lookup on PostgreSQL, on the same server and data.
//
//   TeamMemoryBenchmark URL SQLITE QUERIES [--clients 1,4,16] [--seconds 10] [--peers [--peer-queries 50]]
//
// URL and SQLITE hold the same memory (tm import of the same TMX). QUERIES is the TSV
// gen_tmx.py writes. Prints, for fuzzy top-5 (>= 70):
//   - tmkit on PostgreSQL, one connection, each query repeated: median and p95 ms; recall@5
//     against the SQLite file (the same units and scores expected: 1.00);
//   - throughput at 1, 4 and 16 concurrent clients (a connection each), errors;
//   - with --peers: amaGama's query (full-text filter with plainto_tsquery + a length window,
//     then Levenshtein ranking of the candidates), the same widened to any word (OR) for
//     recall near tmkit's, and a pg_trgm similarity() query (on a trigram index it builds), their
//     median/p95 and recall@5 against the file, and tmkit's speed ratio to each.
// Benchmarks/team_memory_bench.sh runs it with the CLI import beside the SQLite import.
import BenchmarkSupport
import Foundation
import Logging
import NIOPosix
import PostgresNIO
import Synchronization
import TeamMemory
import TMKitCore
import TranslationMemory

let english = LanguageTag("en")!
let korean = LanguageTag("ko")!

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((p * Double(sorted.count - 1)).rounded()))]
}

func readQueries(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
        let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
        return fields.count == 4 ? String(fields[3]) : nil
    }
}

/// Levenshtein similarity (1 - distance / longer length) over characters: amaGama's ranking.
func levenshteinRatio(_ a: String, _ b: String) -> Double {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty || b.isEmpty { return a.count == b.count ? 1 : 0 }
    var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return 1 - Double(previous[b.count]) / Double(max(a.count, b.count))
}

func recall(_ found: [[Int64]], _ expected: [[Int64]]) -> Double {
    var hit = 0, total = 0
    for (f, e) in zip(found, expected) {
        total += e.count
        hit += Set(f).intersection(e).count
    }
    return total == 0 ? 1 : Double(hit) / Double(total)
}

func report(_ name: String, _ times: [Double]) -> Double {
    let medianTime = median(times)
    print(String(format: "%@: median %.2f ms, p95 %.2f ms over %d queries", name, medianTime, percentile(times, 0.95), times.count))
    return medianTime
}

func run() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    let clients = (takeOption("--clients", from: &arguments) ?? "1,4,16").split(separator: ",").compactMap { Int($0) }
    let seconds = Double(takeOption("--seconds", from: &arguments) ?? "10") ?? 10
    let peerQueries = Int(takeOption("--peer-queries", from: &arguments) ?? "50") ?? 50
    let peers = arguments.contains("--peers")
    arguments.removeAll { $0 == "--peers" }
    guard arguments.count == 3 else {
        print("usage: TeamMemoryBenchmark URL SQLITE QUERIES [--clients 1,4,16] [--seconds 10] [--peers]")
        exit(2)
    }
    let (url, path) = (arguments[0], arguments[1])
    let queries = try readQueries(arguments[2])
    let file = try SQLiteMemoryStore(path: path, access: .read)
    let server = try PostgresMemoryStore(url: url, access: .read)
    print("== \(server.location): \(try server.statistics().units) units; \(queries.count) queries")

    // The file's answers: what every other method is scored against.
    var expected: [[Int64]] = [], expectedScores: [[String]] = []
    var fileTimes: [Double] = []
    for query in queries {
        let start = now()
        let matches = try file.lookup(query, from: english, to: korean, minimumScore: 70, limit: 5)
        fileTimes.append((now() - start) * 1000)
        expected.append(matches.map(\.unitID))
        expectedScores.append(matches.map { "\($0.unitID) \($0.score)" })
    }
    _ = report("tmkit SQLite file (in process)", fileTimes)

    // tmkit on PostgreSQL, one connection; each query once to warm, then timed.
    var found: [[Int64]] = []
    var times: [Double] = []
    var identical = 0
    for (index, query) in queries.enumerated() {
        _ = try server.lookup(query, from: english, to: korean, minimumScore: 70, limit: 5)
        let start = now()
        let matches = try server.lookup(query, from: english, to: korean, minimumScore: 70, limit: 5)
        times.append((now() - start) * 1000)
        found.append(matches.map(\.unitID))
        if matches.map({ "\($0.unitID) \($0.score)" }) == expectedScores[index] { identical += 1 }
    }
    _ = report("tmkit PostgreSQL (one connection)", times)
    print(String(format: "  recall@5 against the file: %.3f; identical results (ids, scores, order): %d of %d",
                 recall(found, expected), identical, queries.count))

    // Throughput: each client its own connection, all queries in turn, for `seconds`.
    var single = 0.0
    for count in clients {
        let stores = try (0..<count).map { _ in try PostgresMemoryStore(url: url, access: .read) }
        let done = Mutex<(lookups: Int, errors: Int)>((0, 0))
        let deadline = now() + seconds
        DispatchQueue.concurrentPerform(iterations: count) { client in
            var index = client * 7, lookups = 0, errors = 0
            while now() < deadline {
                do { _ = try stores[client].lookup(queries[index % queries.count], from: english, to: korean) } catch { errors += 1 }
                lookups += 1
                index += 1
            }
            done.withLock { $0.lookups += lookups; $0.errors += errors }
        }
        let (lookups, errors) = done.withLock { $0 }
        let rate = Double(lookups) / seconds
        if count == clients.first { single = rate }
        print(String(format: "  %2d clients: %.0f lookups/s (%.2f× one client), %d errors", count, rate, rate / max(single, 1), errors))
        for store in stores { try store.close() }
    }

    guard peers else { return }
    let address = try PostgresAddress(url)
    var logger = Logger(label: "bench")
    logger.logLevel = .critical
    var configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                         password: address.password, database: address.database, tls: .disable)
    configuration.options.connectTimeout = .seconds(10)
    let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                    id: 1, logger: logger).wait()
    defer { try? connection.close().wait() }
    func query(_ sql: String, _ values: [any PostgresEncodable & Sendable] = []) throws -> PostgresQueryResult {
        var binds = PostgresBindings()
        for value in values { try binds.append(value) }
        return try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).wait()
    }
    let languageRows = try query("SELECT id FROM languages WHERE tag = 'en' OR tag LIKE 'en-%' ORDER BY id LIMIT 1")
    guard let language = try languageRows.first?.decode(Int64.self) else { print("no English segments"); return }
    // The peers' indexes, built once on the same table (not counted in the lookups).
    var start = now()
    _ = try query("CREATE INDEX IF NOT EXISTS bench_segments_fts ON segments USING gin (to_tsvector('english', text)) WHERE lang = \(language)")
    print(String(format: "  amaGama's full-text index: %.1f s to build (once)", now() - start))

    // amaGama: candidates that hold every (stemmed, non-stop) word of the query, within a length
    // window, ranked by Levenshtein similarity in the client, at least 0.7, top 5.
    // The peers take the first --peer-queries queries (default 50): they are slow at scale.
    let sample = Array(queries.prefix(peerQueries))
    let sampleExpected = Array(expected.prefix(peerQueries))
    let sampleTimes = Array(times.prefix(peerQueries))
    let sampleMedian = median(sampleTimes)
    print(String(format: "  tmkit on the same %d queries: median %.2f ms", sample.count, sampleMedian))
    // amaGama as it ships asks for every word (plainto_tsquery: AND), which misses most fuzzy
    // matches (an edited word drops the unit); widened to any word (OR) its recall comes near
    // tmkit's, and that is the comparison at equal recall.
    func amagamaQuery(_ text: String, anyWord: Bool) throws -> [Int64] {
        let length = text.count
        let filter = anyWord ? "to_tsquery('english', replace(plainto_tsquery('english', $1)::text, '&', '|'))"
            : "plainto_tsquery('english', $1)"
        let rows = try query("""
            SELECT unit_id, text FROM segments WHERE lang = \(language) AND to_tsvector('english', text) @@ \(filter)
            AND length(text) BETWEEN $2 AND $3
            """, [text, Int64(Double(length) * 0.7), Int64(Double(length) * 1.3 + 1)])
        var ranked: [(Int64, Double)] = []
        for row in rows {
            let (id, candidate) = try row.decode((Int64, String).self)
            let ratio = levenshteinRatio(text, candidate)
            if ratio >= 0.7 { ranked.append((id, ratio)) }
        }
        return ranked.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(5).map(\.0)
    }
    for (label, anyWord) in [("amaGama query (every word: full text + length window + Levenshtein)", false),
                             ("amaGama query widened to any word (OR), for equal recall", true)] {
        var found: [[Int64]] = [], times: [Double] = []
        for text in sample {
            start = now()
            found.append(try amagamaQuery(text, anyWord: anyWord))
            times.append((now() - start) * 1000)
        }
        let median = report(label, times)
        print(String(format: "  recall@5 against the file: %.3f; tmkit is %.1f× faster (median)", recall(found, sampleExpected),
                     median / sampleMedian))
    }

    // pg_trgm: trigram similarity over a trigram index of the English segments (lower(text)).
    start = now()
    _ = try query("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    _ = try query("CREATE INDEX IF NOT EXISTS bench_segments_trigrams ON segments USING gin (lower(text) gin_trgm_ops) WHERE lang = \(language)")
    print(String(format: "  pg_trgm's trigram index: %.1f s to build (once)", now() - start))
    _ = try query("SELECT set_limit(0.3)")
    var trigram: [[Int64]] = [], trigramTimes: [Double] = []
    for text in sample {
        start = now()
        let rows = try query("""
            SELECT unit_id FROM segments WHERE lang = \(language) AND lower(text) % lower($1)
            ORDER BY similarity(lower(text), lower($1)) DESC, unit_id LIMIT 5
            """, [text])
        trigram.append(try rows.map { try $0.decode(Int64.self) })
        trigramTimes.append((now() - start) * 1000)
    }
    let trigramMedian = report("pg_trgm similarity() query", trigramTimes)
    print(String(format: "  recall@5 against the file: %.3f; tmkit is %.1f× faster (median)", recall(trigram, sampleExpected),
                 trigramMedian / sampleMedian))
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("TeamMemoryBenchmark: \(error)\n".utf8))
    exit(1)
}
