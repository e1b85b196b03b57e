// Alignment (issue 7): accuracy on the EN-KO evaluation set against a length-only
// Gale–Church baseline, and speed on generated 10,000-sentence documents. From the repo root:
//
//   swift build -c release --package-path Benchmarks --product AlignBenchmark
//   Benchmarks/.build/release/AlignBenchmark eval [--errors]
//   Benchmarks/.build/release/AlignBenchmark speed 10000 [--runs 5] [--insert 500]
//
// `--insert K` puts K Korean sentences with nothing in the English (0-1 beads) in the middle.
// `speed N` builds a document pair of N English sentences from the real sentence pairs in the
// repository (the evaluation set's 1-1 beads and TMX/news.en-ko.tmx), with known 2-1, 1-2, 1-0
// and 0-1 beads and a paragraph break every 4–8 sentences, then times the aligner (sentences
// given; the time includes glossary lookup, features and the search) and the whole pipeline
// from text (segmentation of both documents included), and scores the beads against the truth.
import Alignment
import BenchmarkSupport
import Foundation
import Glossary
import Segmentation
import TMKitCore
import TMX

let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let evalFolder = root.appendingPathComponent("Tests/AlignmentTests/Fixtures/eval")

func glossary() throws -> TermBase {
    let bytes = Array(try Data(contentsOf: root.appendingPathComponent("Glossaries/north-korea-news.tbx")))
    return try GlossaryFormat.read(bytes, format: .tbx, file: "north-korea-news.tbx")
}

func segmented(_ document: TextDocument, _ language: LanguageTag) throws -> [AlignmentSentence] {
    try SentenceSegmenter(language: language).segments(of: document).map {
        AlignmentSentence(document.text(of: $0), paragraph: $0.paragraph)
    }
}

func document(_ url: URL) throws -> TextDocument {
    try TextDocument(decoding: Array(try Data(contentsOf: url)), file: url.lastPathComponent)
}

func maxRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// SplitMix64, so runs repeat.
struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `eval --errors`: also the tmkit beads that are wrong and the gold beads missed.
let showErrors = CommandLine.arguments.contains("--errors")

func evaluate() throws {
    let gold = try GoldAlignment(jsonl: String(decoding: try Data(contentsOf: evalFolder.appendingPathComponent("gold.jsonl")), as: UTF8.self))
    let terms = try glossary()
    for (name, options) in [("tmkit (anchors + paragraphs)", SentenceAligner.Options()),
                            ("length only (Gale–Church)", SentenceAligner.Options.lengthOnly),
                            ("tmkit without paragraphs", SentenceAligner.Options(paragraphs: false)),
                            ("tmkit without anchors", SentenceAligner.Options(anchors: false))] {
        let aligner = SentenceAligner(from: .english, to: .korean, glossary: terms, options: options)
        var total = AlignmentScore()
        var byKind: [String: (correct: Int, gold: Int)] = [:]
        for doc in gold.documents {
            let source = try segmented(try document(evalFolder.appendingPathComponent(doc + ".en.txt")), .english)
            let target = try segmented(try document(evalFolder.appendingPathComponent(doc + ".ko.txt")), .korean)
            let beads = aligner.align(source, target).beads
            let expected = gold.beads(of: doc)
            total = total + AlignmentScore(predicted: beads, gold: expected)
            let predicted = Set(beads.map { "\($0.source) \($0.target)" })
            if showErrors && name.hasPrefix("tmkit (") {
                let right = Set(expected.map { "\($0.source) \($0.target)" })
                for bead in beads where !right.contains("\(bead.source) \(bead.target)") {
                    let en = bead.source.map { source[$0].text }.joined(separator: " | ")
                    let ko = bead.target.map { target[$0].text }.joined(separator: " | ")
                    print("  \(doc) wrong \(bead.kind) en\(bead.source) ko\(bead.target) conf \(bead.confidence)\n    EN: \(en.prefix(160))\n    KO: \(ko.prefix(120))")
                }
                for bead in expected where !predicted.contains("\(bead.source) \(bead.target)") {
                    print("  \(doc) missed gold \(bead.kind) en\(bead.source) ko\(bead.target)")
                }
            }
            for bead in expected {
                let kind = bead.source.count == 0 || bead.target.count == 0 ? "1-0/0-1" : bead.kind
                byKind[kind, default: (0, 0)].gold += 1
                if predicted.contains("\(bead.source) \(bead.target)") { byKind[kind, default: (0, 0)].correct += 1 }
            }
        }
        let kinds = byKind.keys.sorted().map { "\($0) \(byKind[$0]!.correct)/\(byKind[$0]!.gold)" }.joined(separator: ", ")
        print("\(name): \(total)\n    recall by gold bead: \(kinds)")
    }
}

/// A generated document pair and its true beads.
struct Generated {
    var source: [AlignmentSentence] = []
    var target: [AlignmentSentence] = []
    var truth: [Bead] = []
}

func pairs() throws -> [(String, String)] {
    let gold = try GoldAlignment(jsonl: String(decoding: try Data(contentsOf: evalFolder.appendingPathComponent("gold.jsonl")), as: UTF8.self))
    var result = gold.entries.filter { $0.bead.kind == "1-1" }.map { ($0.source, $0.target) }
    let reader = try TMXReader(path: root.appendingPathComponent("TMX/news.en-ko.tmx").path)
    _ = try reader.readHeader()
    while let unit = try reader.next() {
        if let en = unit.variant(.english)?.content.plainText, let ko = unit.variant(.korean)?.content.plainText {
            result.append((en, ko))
        }
    }
    return result
}

func generate(_ count: Int, from pairs: [(String, String)], inserting inserted: Int = 0) -> Generated {
    var random = Generator(state: 42)
    var generated = Generated()
    var paragraph = 0, untilBreak = 6
    func joinEnglish(_ a: String, _ b: String) -> String {
        // One sentence: the first one's final stop becomes a semicolon.
        (a.hasSuffix(".") ? String(a.dropLast()) + ";" : a + ";") + " " + b
    }
    func joinKorean(_ a: String, _ b: String) -> String {
        (a.hasSuffix(".") ? String(a.dropLast()) + "," : a + ",") + " " + b
    }
    var insertedYet = inserted == 0
    while generated.source.count < count {
        if !insertedYet && generated.source.count >= count / 2 {
            // A passage of the translation with nothing in the source (a sidebar, an added
            // section): as many 0-1 beads in a row.
            insertedYet = true
            for k in 0..<inserted {
                let t = generated.target.count
                generated.target.append(AlignmentSentence(pairs[(k * 7) % pairs.count].1, paragraph: paragraph + 1 + k / 5))
                generated.truth.append(Bead(source: generated.source.count..<generated.source.count, target: t..<(t + 1)))
            }
            paragraph += 2 + inserted / 5
        }
        let (s, t) = (generated.source.count, generated.target.count)
        let (en, ko) = pairs[Int(random.next() % UInt64(pairs.count))]
        let roll = random.next() % 100
        switch roll {
        case 0..<3:  // 2-1: two English sentences, one Korean
            let (en2, ko2) = pairs[Int(random.next() % UInt64(pairs.count))]
            generated.source += [AlignmentSentence(en, paragraph: paragraph), AlignmentSentence(en2, paragraph: paragraph)]
            generated.target.append(AlignmentSentence(joinKorean(ko, ko2), paragraph: paragraph))
            generated.truth.append(Bead(source: s..<(s + 2), target: t..<(t + 1)))
        case 3..<6:  // 1-2
            let (en2, ko2) = pairs[Int(random.next() % UInt64(pairs.count))]
            generated.source.append(AlignmentSentence(joinEnglish(en, en2), paragraph: paragraph))
            generated.target += [AlignmentSentence(ko, paragraph: paragraph), AlignmentSentence(ko2, paragraph: paragraph)]
            generated.truth.append(Bead(source: s..<(s + 1), target: t..<(t + 2)))
        case 6:  // 1-0
            generated.source.append(AlignmentSentence(en, paragraph: paragraph))
            generated.truth.append(Bead(source: s..<(s + 1), target: t..<t))
        case 7:  // 0-1
            generated.target.append(AlignmentSentence(ko, paragraph: paragraph))
            generated.truth.append(Bead(source: s..<s, target: t..<(t + 1)))
        default:
            generated.source.append(AlignmentSentence(en, paragraph: paragraph))
            generated.target.append(AlignmentSentence(ko, paragraph: paragraph))
            generated.truth.append(Bead(source: s..<(s + 1), target: t..<(t + 1)))
        }
        untilBreak -= 1
        if untilBreak <= 0 {
            paragraph += 1
            untilBreak = 4 + Int(random.next() % 5)
        }
    }
    return generated
}

func text(_ sentences: [AlignmentSentence]) -> String {
    var paragraphs: [[String]] = []
    for sentence in sentences {
        if sentence.paragraph >= paragraphs.count { paragraphs.append([]) }
        paragraphs[paragraphs.count - 1].append(sentence.text)
    }
    return paragraphs.map { $0.joined(separator: " ") }.joined(separator: "\n\n") + "\n"
}

func speed(_ count: Int, runs: Int, inserting inserted: Int) throws {
    let generated = generate(count, from: try pairs(), inserting: inserted)
    let terms = try glossary()
    let kinds = Dictionary(grouping: generated.truth, by: \.kind).mapValues(\.count).sorted { $0.key < $1.key }
    print("generated: \(generated.source.count) English, \(generated.target.count) Korean sentences, "
          + "\(generated.truth.count) beads (\(kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))")
    for (name, options) in [("tmkit", SentenceAligner.Options()), ("length only", SentenceAligner.Options.lengthOnly)] {
        let aligner = SentenceAligner(from: .english, to: .korean, glossary: terms, options: options)
        var times: [Double] = []
        var beads: [Bead] = []
        for _ in 0..<runs {
            let start = now()
            beads = aligner.align(generated.source, generated.target).beads
            times.append(now() - start)
        }
        let score = AlignmentScore(predicted: beads, gold: generated.truth)
        print("\(name): align \(count) × \(generated.target.count) sentences: median \(String(format2: median(times) * 1000)) ms "
              + "(min \(String(format2: times.min()! * 1000)) ms, \(runs) runs); \(score)")
    }
    // The whole pipeline from text: segment both documents, then align.
    let english = TextDocument(text(generated.source)), korean = TextDocument(text(generated.target))
    let aligner = SentenceAligner(from: .english, to: .korean, glossary: terms)
    var times: [Double] = []
    var sentences = (0, 0)
    for _ in 0..<runs {
        let start = now()
        let alignment = try aligner.align(english, korean)
        times.append(now() - start)
        sentences = (alignment.source.count, alignment.target.count)
    }
    print("tmkit from text (segmentation included): \(sentences.0) × \(sentences.1) sentences, median "
          + "\(String(format2: median(times) * 1000)) ms; peak RSS \(String(format2: maxRSSMegabytes())) MB")
}

var arguments = Array(CommandLine.arguments.dropFirst())
let runs = Int(takeOption("--runs", from: &arguments) ?? "5") ?? 5
let inserted = Int(takeOption("--insert", from: &arguments) ?? "0") ?? 0
switch arguments.first {
case "eval": try evaluate()
case "speed": try speed(Int(arguments.dropFirst().first ?? "10000") ?? 10000, runs: runs, inserting: inserted)
case "news":
    let fitting = arguments.contains("--fit")
    try news(URL(fileURLWithPath: arguments.dropFirst().first { !$0.hasPrefix("--") } ?? "../shared/data/align/news-dev/docs"),
             fitting: fitting)
default: print("usage: AlignBenchmark eval [--errors] | speed N [--runs R] [--insert K] | news [DOCS] [--fit]   (run from the repository root)")
}
