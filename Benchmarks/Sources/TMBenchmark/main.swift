// Translation-memory benchmark (issue 6).
//
//   TMBenchmark import TMX DB                 import (all indexes) into a new DB; time and file size
//   TMBenchmark lookup DB QUERIES [--brute N] [--no-recall] [--budget N (units scored at most)]
//                                             fuzzy top-5 (>= 70) for every query: median and p95 ms;
//                                             recall@5 against a brute-force scan with the same score
//                                             function over the first N queries (default: all)
//   TMBenchmark concordance DB QUERIES        top-20 concordance for 50 phrases taken from the queries
//
// QUERIES is the TSV gen_tmx.py writes (kind, tuid, edits, text). Benchmarks/tm_bench.sh runs all
// of this beside rapidfuzz (Benchmarks/peers/rapidfuzz_tm.py) and the CLI's cold lookup.
import BenchmarkSupport
import Foundation
import TMKitCore
import TMX
@_spi(Internals) import TranslationMemory

let english = LanguageTag("en")!
let korean = LanguageTag("ko")!

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    let index = min(sorted.count - 1, Int((p * Double(sorted.count - 1)).rounded()))
    return sorted[index]
}

func readQueries(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
        let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
        return fields.count == 4 ? String(fields[3]) : nil
    }
}

func fileBytes(_ path: String) -> Int {
    var total = 0
    for suffix in ["", "-wal"] {
        total += ((try? FileManager.default.attributesOfItem(atPath: path + suffix))?[.size] as? Int) ?? 0
    }
    return total
}

func run() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    let bruteCount = takeOption("--brute", from: &arguments).flatMap { Int($0) }
    let skipRecall = arguments.contains("--no-recall")
    let budget = takeOption("--budget", from: &arguments).flatMap { Int($0) }
    arguments.removeAll { $0 == "--no-recall" }
    guard arguments.count >= 3 else {
        print("usage: TMBenchmark import TMX DB | lookup DB QUERIES [--brute N] | concordance DB QUERIES")
        exit(2)
    }
    switch arguments[0] {
    case "import":
        let (tmx, database) = (arguments[1], arguments[2])
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let start = now()
        let memory = try SQLiteMemoryStore(path: database)
        let summary = try memory.importUnits(from: try TMXReader(path: tmx))
        let seconds = now() - start
        let statistics = try memory.statistics()
        print("tmkit import: \(summary.added) added, \(summary.updated) merged, \(statistics.units) units in "
              + "\(String(format2: seconds)) s (\(Int(Double(summary.added + summary.updated) / seconds)) units/s), "
              + "file \(String(format2: Double(fileBytes(database)) / 1e6)) MB")
    case "lookup":
        let memory = try SQLiteMemoryStore(path: arguments[1], create: false)
        let queries = try readQueries(arguments[2])
        _ = try memory.lookup(queries[0], from: english, to: korean)  // open the pool, warm the statement cache
        var times: [Double] = []
        var results: [[Int]] = []
        for query in queries {
            let start = now()
            let matches = try budget.map { try memory.lookup(query, from: english, to: korean, minimumScore: 70, limit: 5, candidates: $0) }
                ?? memory.lookup(query, from: english, to: korean, minimumScore: 70, limit: 5)
            times.append((now() - start) * 1000)
            results.append(matches.map(\.score))
        }
        let withMatches = results.filter { !$0.isEmpty }.count
        print("tmkit lookup: \(queries.count) queries (\(withMatches) with a match >= 70), median "
              + "\(String(format2: median(times))) ms, mean \(String(format2: times.reduce(0, +) / Double(max(1, times.count)))) ms, "
              + "p95 \(String(format2: percentile(times, 0.95))) ms, "
              + "max \(String(format2: times.max() ?? 0)) ms")
        if skipRecall { return }
        // Recall@5 against the exhaustive scan (every segment, the same score function).
        var start = now()
        let scan = try memory.exhaustiveScan(of: english)
        print("exhaustive scan: \(scan.count) segments loaded in \(String(format2: now() - start)) s")
        var recalled = 0
        var scanTimes: [Double] = []
        var exhaustive: [[Int]] = []
        for (index, query) in queries.enumerated() {
            start = now()
            let expected = Array(scan.scores(query, minimumScore: 70).prefix(5))
            scanTimes.append((now() - start) * 1000)
            exhaustive.append(expected)
            if expected == results[index].map({ min($0, 100) }) {
                recalled += 1
            } else {
                print("  missed: \(query.prefix(60))… exhaustive \(expected) index \(results[index])")
            }
        }
        print("recall@5 vs exhaustive scan: \(recalled)/\(queries.count) = "
              + "\(String(format2: Double(recalled) / Double(queries.count))); scan median "
              + "\(String(format2: median(scanTimes))) ms per query")
        // The exhaustive scan itself checked against scoring every segment, for the first N queries.
        let checked = min(bruteCount ?? 0, queries.count)
        guard checked > 0 else { return }
        var agree = 0
        var bruteTimes: [Double] = []
        for index in 0..<checked {
            start = now()
            let brute = Array(try memory.bruteForceScores(queries[index], from: english).prefix { $0 >= 70 }.prefix(5))
            bruteTimes.append((now() - start) * 1000)
            if brute == exhaustive[index] { agree += 1 } else { print("  scan differs: \(brute) vs \(exhaustive[index])") }
        }
        print("exhaustive scan = scoring every segment for \(agree)/\(checked) queries; full scoring median "
              + "\(String(format2: median(bruteTimes))) ms per query")
    case "concordance":
        let memory = try SQLiteMemoryStore(path: arguments[1], create: false)
        let queries = try readQueries(arguments[2])
        // 50 phrases: two consecutive words from the middle of every fourth query.
        var phrases: [String] = []
        for query in queries.enumerated().filter({ $0.offset % 4 == 0 }).map(\.element) where phrases.count < 50 {
            let words = query.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) }
            guard words.count >= 4 else { continue }
            phrases.append(words[words.count / 2 - 1] + " " + words[words.count / 2])
        }
        _ = try memory.concordance(phrases[0], from: english, to: korean)
        var times: [Double] = []
        var hits = 0
        for phrase in phrases {
            let start = now()
            hits += try memory.concordance(phrase, from: english, to: korean, limit: 20).count
            times.append((now() - start) * 1000)
        }
        print("tmkit concordance: \(phrases.count) phrases, \(hits) hits, median \(String(format2: median(times))) ms, "
              + "p95 \(String(format2: percentile(times, 0.95))) ms")
    default:
        print("unknown mode \(arguments[0])")
        exit(2)
    }
}

do {
    try run()
} catch {
    print("error: \(error)")
    exit(2)
}
