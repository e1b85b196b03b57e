// The news alignment set (issue 18): tmkit's aligner on real English–Korean news, scored as
// ../shared/tools/score_align_news.py scores `tmkit align` (pairs of whitespace-normalized bead
// texts, multiset matching per document), in one process so that the cost weights can be fitted
// on one half of the documents and reported on the other. From the repository root:
//
//   Benchmarks/.build/release/AlignBenchmark news ../shared/data/align/news-dev/docs
//   Benchmarks/.build/release/AlignBenchmark news ../shared/data/align/news-dev/docs --fit
//
// `--fit` runs coordinate descent over the priors and the weights of the cost terms on the
// even-numbered documents and reports the odd-numbered ones, then the other way round, then
// fits on all of them (what the defaults should be).
import Alignment
import Foundation
import Glossary
import TMKitCore

struct NewsDocument {
    var name: String
    /// For the repository's own evaluation set (variant "own"): its gold beads by index.
    var goldBeads: [Bead] = []
    var variant: String
    var source: [AlignmentSentence]
    var target: [AlignmentSentence]
    /// Gold pairs (English, Korean), normalized.
    var pairs: [String: Int]
    var goldPairs: Int
    /// English sentences of gold 1-0 beads, normalized.
    var deleted: Set<String>
}

struct NewsScore {
    var matched = 0, predicted = 0, gold = 0
    var deletedFound = 0, deleted = 0
    var confident = 0, confidentRight = 0
    var f1: Double {
        let p = Double(matched) / Double(max(predicted, 1)), r = Double(matched) / Double(max(gold, 1))
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
    var confidentPrecision: Double { Double(confidentRight) / Double(max(confident, 1)) }
    var confidentShare: Double { Double(confident) / Double(max(predicted, 1)) }
    static func + (a: NewsScore, b: NewsScore) -> NewsScore {
        NewsScore(matched: a.matched + b.matched, predicted: a.predicted + b.predicted, gold: a.gold + b.gold,
                  deletedFound: a.deletedFound + b.deletedFound, deleted: a.deleted + b.deleted,
                  confident: a.confident + b.confident, confidentRight: a.confidentRight + b.confidentRight)
    }
    var summary: String {
        String(format: "F1 %.4f (P %.3f R %.3f)  1-0 %d/%d  conf>=0.9: %d pairs (%.1f%%) P %.3f", f1,
               Double(matched) / Double(max(predicted, 1)), Double(matched) / Double(max(gold, 1)), deletedFound, deleted,
               confident, 100 * confidentShare, confidentPrecision)
    }
}

func normalized(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

func loadNews(_ folder: URL) throws -> [NewsDocument] {
    var documents: [NewsDocument] = []
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("doc") }.sorted()
    for name in names {
        for variant in ["easy", "hard"] {
            let dir = folder.appendingPathComponent(name).appendingPathComponent(variant)
            let source = try segmented(try document(dir.appendingPathComponent("en.txt")), .english)
            let target = try segmented(try document(dir.appendingPathComponent("ko.txt")), .korean)
            let gold = try JSONSerialization.jsonObject(with: try Data(contentsOf: dir.appendingPathComponent("gold.json"))) as! [String: Any]
            var pairs: [String: Int] = [:], goldPairs = 0
            var deleted: Set<String> = []
            for bead in gold["beads"] as! [[String: Any]] {
                let en = normalized(bead["en_text"] as? String ?? ""), ko = normalized(bead["ko_text"] as? String ?? "")
                if en.isEmpty || ko.isEmpty {
                    if !en.isEmpty { deleted.insert(en) }
                    continue
                }
                pairs[en + "\t" + ko, default: 0] += 1
                goldPairs += 1
            }
            documents.append(NewsDocument(name: name, variant: variant, source: source, target: target, pairs: pairs,
                                          goldPairs: goldPairs, deleted: deleted))
        }
    }
    return documents
}

func score(_ documents: [NewsDocument], _ options: SentenceAligner.Options, glossary: TermBase) -> [String: NewsScore] {
    let aligner = SentenceAligner(from: .english, to: .korean, glossary: glossary, options: options)
    var scores: [String: NewsScore] = [:]
    for document in documents {
        let alignment = aligner.align(document.source, document.target)
        if document.variant == "own" {
            let own = AlignmentScore(predicted: alignment.beads, gold: document.goldBeads)
            scores["own", default: NewsScore()] = scores["own", default: NewsScore()]
                + NewsScore(matched: own.correct, predicted: own.predicted, gold: own.gold)
            continue
        }
        var remaining = document.pairs
        var score = NewsScore(gold: document.goldPairs, deleted: document.deleted.count)
        for bead in alignment.beads {
            let en = normalized(alignment.sourceText(bead)), ko = normalized(alignment.targetText(bead))
            if en.isEmpty || ko.isEmpty {
                if ko.isEmpty, document.deleted.contains(en) { score.deletedFound += 1 }
                continue
            }
            score.predicted += 1
            let key = en + "\t" + ko
            let right = (remaining[key] ?? 0) > 0
            if right {
                remaining[key]! -= 1
                score.matched += 1
            }
            if bead.confidence >= 0.9 {
                score.confident += 1
                if right { score.confidentRight += 1 }
            }
        }
        scores[document.variant, default: NewsScore()] = scores[document.variant, default: NewsScore()] + score
    }
    return scores
}

/// The parameters fitted, as (name, get, set).
let fittedParameters: [(String, @Sendable (SentenceAligner.Options) -> Float, @Sendable (inout SentenceAligner.Options, Float) -> Void)] = [
    ("omission", { $0.omission }, { $0.omission = $1 }),
    ("merge", { $0.merge }, { $0.merge = $1 }),
    ("twoTwo", { $0.twoTwo }, { $0.twoTwo = $1 }),
    ("anchorWeight", { $0.anchorWeight }, { $0.anchorWeight = $1 }),
    ("paragraphWeight", { $0.paragraphWeight }, { $0.paragraphWeight = $1 }),
    ("lengthWeight", { $0.lengthWeight }, { $0.lengthWeight = $1 }),
    ("straightTwoTwo", { $0.straightTwoTwo }, { $0.straightTwoTwo = $1 }),
    ("unpairedWordWeight", { $0.unpairedWordWeight }, { $0.unpairedWordWeight = $1 }),
]

/// Pair F1 on both variants, bead F1 on the repository's own five articles (which, unlike the
/// news corpus, hold 2-2 beads), and a quarter of the share of deleted sentences found as 1-0.
func objective(_ scores: [String: NewsScore]) -> Double {
    let hard = scores["hard"] ?? NewsScore()
    return (scores["easy"]?.f1 ?? 0) + hard.f1 + (scores["own"]?.f1 ?? 0)
        + 0.25 * Double(hard.deletedFound) / Double(max(hard.deleted, 1))
}

/// The repository's own evaluation set (Tests/AlignmentTests/Fixtures/eval) as documents.
func loadOwn() throws -> [NewsDocument] {
    let gold = try GoldAlignment(jsonl: String(decoding: try Data(contentsOf: evalFolder.appendingPathComponent("gold.jsonl")), as: UTF8.self))
    return try gold.documents.map { doc in
        NewsDocument(
            name: doc, goldBeads: gold.beads(of: doc), variant: "own",
            source: try segmented(try document(evalFolder.appendingPathComponent(doc + ".en.txt")), .english),
            target: try segmented(try document(evalFolder.appendingPathComponent(doc + ".ko.txt")), .korean),
            pairs: [:], goldPairs: 0, deleted: [])
    }
}

/// Coordinate descent: each parameter multiplied by a few factors in turn, kept when the
/// objective improves, until a round changes nothing (or five rounds).
func fit(_ documents: [NewsDocument], from start: SentenceAligner.Options, glossary: TermBase) -> SentenceAligner.Options {
    var best = start
    var bestValue = objective(score(documents, best, glossary: glossary))
    for _ in 0..<5 {
        var changed = false
        for (_, get, set) in fittedParameters {
            for factor: Float in [0.25, 0.5, 0.7, 1.4, 2, 4] {
                var candidate = best
                set(&candidate, get(best) * factor)
                if candidate.omission * 2 + candidate.merge * 2 + candidate.twoTwo >= 0.9 { continue }
                let value = objective(score(documents, candidate, glossary: glossary))
                if value > bestValue + 1e-6 {
                    bestValue = value
                    best = candidate
                    changed = true
                }
            }
        }
        if !changed { break }
    }
    return best
}

/// The lowest temperature at which the confident pairs of `documents` are 99% right, in each
/// variant (easy and hard) on its own.
func calibrate(_ documents: [NewsDocument], _ options: SentenceAligner.Options, glossary: TermBase) -> Float {
    var options = options
    for temperature: Float in [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 2, 2.5, 3, 4, 5, 6, 8] {
        options.temperature = temperature
        let scores = score(documents, options, glossary: glossary).values
        if scores.allSatisfy({ $0.confidentPrecision >= 0.99 }) { return temperature }
    }
    return 8
}

/// Where every fit starts: the priors and weights tmkit had before they were fitted (so that
/// the half held out never saw the documents through the defaults).
let unfitted: SentenceAligner.Options = {
    var options = SentenceAligner.Options()
    (options.omission, options.merge, options.twoTwo) = (0.01, 0.089 / 2, 0.02)
    (options.anchorWeight, options.paragraphWeight, options.lengthWeight) = (1, 1, 1)
    (options.straightTwoTwo, options.temperature) = (1.5, 1)
    options.unpairedWordWeight = 0.25  // (a start of 0 could not move: the steps multiply)
    return options
}()

func describe(_ options: SentenceAligner.Options) -> String {
    fittedParameters.map { "\($0.0) \(String(format: "%.4g", $0.1(options)))" }.joined(separator: ", ")
        + ", temperature \(options.temperature)"
}

func news(_ folder: URL, fitting: Bool) throws {
    let terms = try glossary()
    let own = try loadOwn()
    let documents = try loadNews(folder)
    func report(_ label: String, _ docs: [NewsDocument], _ options: SentenceAligner.Options) {
        let scores = score(docs + own, options, glossary: terms)
        for variant in ["easy", "hard"] { print("  \(label) \(variant): \(scores[variant]?.summary ?? "-")") }
        print("  \(label) own five articles: bead F1 \(String(format: "%.3f", scores["own"]?.f1 ?? 0))")
    }
    print("news set: \(documents.count / 2) documents × easy/hard")
    report("tmkit defaults", documents, SentenceAligner.Options())
    // NAME=VALUE arguments set parameters for a comparison run (twoTwo=0.005).
    var custom = SentenceAligner.Options()
    var customized = false
    for argument in CommandLine.arguments.dropFirst(2) {
        let parts = argument.split(separator: "=")
        guard parts.count == 2, let value = Float(parts[1]),
              let parameter = fittedParameters.first(where: { $0.0 == parts[0] }) ?? (parts[0] == "temperature"
                  ? ("temperature", { $0.temperature }, { $0.temperature = $1 }) : nil) else { continue }
        parameter.2(&custom, value)
        customized = true
    }
    if customized {
        print("custom: \(describe(custom))")
        report("custom        ", documents, custom)
    }
    report("length only   ", documents, .lengthOnly)
    guard fitting else { return }
    let even = documents.filter { Int($0.name.dropFirst(3))! % 2 == 0 }, odd = documents.filter { Int($0.name.dropFirst(3))! % 2 == 1 }
    for (fitName, fitDocs, testName, testDocs) in [("even", even, "odd", odd), ("odd", odd, "even", even)] {
        var options = fit(fitDocs + own, from: unfitted, glossary: terms)
        options.temperature = calibrate(fitDocs, options, glossary: terms)
        print("fitted on the \(fitName) documents: \(describe(options))")
        report("fit (\(fitName))      ", fitDocs, options)
        report("held out (\(testName))", testDocs, options)
    }
    var options = fit(documents + own, from: unfitted, glossary: terms)
    options.temperature = calibrate(documents, options, glossary: terms)
    print("fitted on all: \(describe(options))")
    report("all", documents, options)
}
