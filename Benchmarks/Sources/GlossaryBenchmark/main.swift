// Glossary matching throughput and accuracy.
//
//   GlossaryBenchmark english TSV TEXT [--runs 3]
//       TSV from ../shared/tools/gen_glossary.py (English terms in column 1)
//   GlossaryBenchmark korean TSV TEXT SPANS [--runs 3]
//       from Benchmarks/peers/gen_korean_glossary.py (Korean terms in column 2, injected spans)
//
// Prints the matcher's build time, MB/s over the whole text (median of the runs), the
// number of matches, and for Korean recall and precision against the injected spans.
import BenchmarkSupport
import Foundation
import Glossary
import TMKitCore

func run() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    let runs = takeOption("--runs", from: &arguments).flatMap { Int($0) } ?? 3
    guard arguments.count >= 3, ["english", "korean"].contains(arguments[0]) else {
        print("usage: GlossaryBenchmark english TSV TEXT | korean TSV TEXT SPANS [--runs N]")
        exit(2)
    }
    let korean = arguments[0] == "korean"
    let lines = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n")
    let language: LanguageTag = korean ? .korean : .english
    var glossary = TermBase()
    glossary.entries.reserveCapacity(lines.count)
    for line in lines {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count >= 2 else { continue }
        var entry = GlossaryEntry()
        entry.add(Term(String(korean ? fields[1] : fields[0])), language: language)
        glossary.entries.append(entry)
    }
    let text = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[2])))

    var buildTimes: [Double] = []
    var matcher: TermMatcher!
    for _ in 0..<runs {
        let start = now()
        matcher = TermMatcher(glossary: glossary, language: language)
        buildTimes.append(now() - start)
    }
    var matchTimes: [Double] = []
    var matches: [TermMatch] = []
    for _ in 0..<runs {
        let start = now()
        matches = text.withUnsafeBufferPointer { matcher.matches(in: $0, range: 0..<$0.count) }
        matchTimes.append(now() - start)
    }
    let megabytes = Double(text.count) / 1e6
    var line = "tmkit TermMatcher (\(arguments[0]), \(matcher.termCount) terms): build \(String(format2: median(buildTimes))) s, "
        + "\(String(format2: megabytes / median(matchTimes))) MB/s, \(matches.count) matches"
    if korean, arguments.count >= 4 {
        var spans = Set<Range<Int>>()
        for row in try String(contentsOfFile: arguments[3], encoding: .utf8).split(separator: "\n") {
            let fields = row.split(separator: "\t")
            if let start = Int(fields[0]), let end = Int(fields[1]) { spans.insert(start..<end) }
        }
        let found = Set(matches.map(\.range))
        let truePositives = found.filter { spans.contains($0) }.count
        let recall = Double(spans.filter { found.contains($0) }.count) / Double(spans.count)
        let precision = found.isEmpty ? 0 : Double(truePositives) / Double(found.count)
        line += ", recall \(String(format3: recall)), precision \(String(format3: precision)) (\(spans.count) injected)"
    }
    print(line + " (median of \(runs))")
}

extension String {
    init(format3 value: Double) {
        let scaled = Int((value * 1000).rounded())
        self = "\(scaled / 1000).\(String(repeating: "0", count: 3 - String(scaled % 1000).count))\(scaled % 1000)"
    }
}

try run()
