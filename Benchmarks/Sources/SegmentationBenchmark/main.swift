// Segmentation throughput: tmkit's full segmenter against raw ICU in the same binary.
//
//   swift run -c release --package-path Benchmarks SegmentationBenchmark CORPUS [--runs 5] [--golden-rules FILE] [--srx FILE]
//
// raw ICU   = ICU's iterator (ubrk_next) over each paragraph (paragraphs split beforehand,
//             outside the timing), nothing else: over a UTF-16 copy (ubrk_setText) and over the
//             UTF-8 in place (utext_openUTF8); ratios are to the faster of the two.
// boundaries= the same through tmkit's breaker: its own implementation of ICU's root rules
//             where it applies (what the segmenter gets its proposals from), ICU's otherwise.
// tmkit     = decode + validate the bytes, split paragraphs, ICU proposals, language rules,
//             segment ranges with line and column (what `tmkit segment` computes).
// tmkit+txt = the same, plus the collapsed String of every segment.
// SRX       = with --srx FILE: the same work as "tmkit" with SRXSegmenter and the file's
//             English rules, ICU as the fallback break rule (Okapi) and the rules alone (OmegaT).
// Throughput is Unicode scalars per second; each figure is the median of the runs.
import Foundation
import BenchmarkSupport
@_spi(Internals) import Segmentation
import TMKitCore

#if canImport(Glibc)
import Glibc
#endif



/// The whole run, in a nonisolated function: closures made in top-level code are
/// main-actor isolated, and calling them from ICU's loop would add executor checks.
func runBenchmark() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    let runs = takeOption("--runs", from: &arguments).flatMap { Int($0) } ?? 5
    let srxPath = takeOption("--srx", from: &arguments)
    if let golden = takeOption("--golden-rules", from: &arguments) { try scoreGoldenRules(path: golden, srx: srxPath) }
    guard let path = arguments.first else {
        print("usage: SegmentationBenchmark CORPUS [--runs N]")
        exit(2)
    }
    guard let file = fopen(path, "rb") else {
        print("cannot open \(path)")
        exit(2)
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count == 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    fclose(file)

    let scalars = bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    let document = try TextDocument(decoding: bytes)
    let paragraphs = Paragraphs.split(document).map(\.range)
    let breaker = try ICUSentenceBreaker(locale: "en")
    let segmenter = try SentenceSegmenter(language: .english)

    var srxSegmenters: [SRXSegmenter] = []
    if let srxPath {
        let srxBytes = Array(try Data(contentsOf: URL(fileURLWithPath: srxPath)))
        let load = now()
        let rules = try SRXRules.read(srxBytes, file: srxPath)
        srxSegmenters = [
            try SRXSegmenter(rules: rules, language: .english),
            try SRXSegmenter(rules: rules, language: .english, icuFallback: false),
        ]
        print("SRX: \(srxPath): read and compiled twice in \(String(format2: (now() - load) * 1000)) ms, "
              + "\(srxSegmenters[0].rules.count) rules for en")
    }
    var srxTimes = [[Double]](repeating: [], count: srxSegmenters.count)
    var srxSegments = [Int](repeating: 0, count: srxSegmenters.count)
    var rawTimes: [Double] = []
    var ownTimes: [Double] = []
    var inPlaceTimes: [Double] = []
    var ownBoundaries = 0
    var fullTimes: [Double] = []
    var textTimes: [Double] = []
    var rawBoundaries = 0
    var segments = 0
    var checksum = 0

    for _ in 0..<runs {
        // raw ICU
        var start = now()
        var boundaries = 0
        bytes.withUnsafeBufferPointer { buffer in
            for range in paragraphs {
                breaker.forEachBoundary(in: UnsafeBufferPointer(rebasing: buffer[range]), path: .iteratorOverUTF16) { _ in boundaries += 1 }
            }
        }
        rawTimes.append(now() - start)
        rawBoundaries = boundaries

        start = now()
        var inPlaceBoundaries = 0
        bytes.withUnsafeBufferPointer { buffer in
            for range in paragraphs {
                breaker.forEachBoundary(in: UnsafeBufferPointer(rebasing: buffer[range]), path: .iteratorOverUTF8) { _ in inPlaceBoundaries += 1 }
            }
        }
        inPlaceTimes.append(now() - start)
        checksum &+= inPlaceBoundaries

        // the same boundaries through tmkit's breaker
        start = now()
        boundaries = 0
        bytes.withUnsafeBufferPointer { buffer in
            for range in paragraphs {
                breaker.forEachBoundary(in: UnsafeBufferPointer(rebasing: buffer[range])) { _ in boundaries += 1 }
            }
        }
        ownTimes.append(now() - start)
        ownBoundaries = boundaries

        // tmkit full segmenter: decoding included
        start = now()
        let decoded = try TextDocument(decoding: bytes)
        var count = 0
        segmenter.forEachSegment(in: decoded) { segment in
            count += 1
            checksum &+= segment.range.upperBound &+ segment.line &+ segment.column
        }
        fullTimes.append(now() - start)
        segments = count

        // tmkit full segmenter and the text of every segment
        start = now()
        let decodedAgain = try TextDocument(decoding: bytes)
        var characters = 0
        segmenter.forEachSegment(in: decodedAgain) { segment in
            characters &+= decodedAgain.text(of: segment).utf8.count
        }
        textTimes.append(now() - start)
        checksum &+= characters

        // The same work as "tmkit full segmenter" with the SRX rules.
        for (index, srx) in srxSegmenters.enumerated() {
            start = now()
            let decodedSRX = try TextDocument(decoding: bytes)
            var count = 0
            srx.forEachSegment(in: decodedSRX) { segment in
                count += 1
                checksum &+= segment.range.upperBound &+ segment.line &+ segment.column
            }
            srxTimes[index].append(now() - start)
            srxSegments[index] = count
        }
    }

    func rate(_ seconds: Double) -> Double { Double(scalars) / seconds / 1e6 }
    let overUTF16 = rate(median(rawTimes))
    let overUTF8 = rate(median(inPlaceTimes))
    let raw = Swift.max(overUTF16, overUTF8)
    let full = rate(median(fullTimes))
    let withText = rate(median(textTimes))
    print("corpus: \(path): \(bytes.count) bytes, \(scalars) scalars, \(paragraphs.count) paragraphs; \(runs) runs, medians")
    let own = rate(median(ownTimes))
    print("raw ICU iterator over a UTF-16 copy    \(String(format2: overUTF16)) M chars/s   \(rawBoundaries) boundaries")
    print("raw ICU iterator over UTF-8 in place   \(String(format2: overUTF8)) M chars/s")
    print("tmkit breaker (root rules of its own)  \(String(format2: own)) M chars/s   \(ownBoundaries) boundaries   ratio \(String(format2: own / raw))× raw ICU")
    print("tmkit full segmenter                   \(String(format2: full)) M chars/s   \(segments) segments   ratio \(String(format2: full / raw))× raw ICU")
    print("tmkit full segmenter + segment texts   \(String(format2: withText)) M chars/s   ratio \(String(format2: withText / raw))× raw ICU")
    for (index, times) in srxTimes.enumerated() {
        let srx = rate(median(times))
        let label = index == 0 ? "SRX rules + ICU fallback (Okapi)       " : "SRX rules alone (OmegaT)               "
        print("\(label)\(String(format2: srx)) M chars/s   \(srxSegments[index]) segments   ratio \(String(format2: srx / full))× tmkit full segmenter")
    }
    if checksum == 42 { print("") }  // keeps the work observable

}

/// Scores the Golden Rules for tmkit and for raw ICU (`en`, boundaries as they come, segments
/// trimmed): a case passes when the segments equal the expected list.
func scoreGoldenRules(path: String, srx srxPath: String?) throws {
    struct Rule: Decodable { let text: String; let expected: [String] }
    let rules = try JSONDecoder().decode([Rule].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    let segmenter = try SentenceSegmenter(language: .english)
    let breaker = try ICUSentenceBreaker(locale: "en")
    var tmkit = 0
    var icu = 0
    for rule in rules {
        if segmenter.sentences(in: rule.text) == rule.expected { tmkit += 1 }
        let bytes = Array(rule.text.utf8)
        var previous = 0
        var pieces: [String] = []
        for boundary in breaker.boundaries(in: bytes) {
            let piece = String(decoding: bytes[previous..<boundary], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !piece.isEmpty { pieces.append(piece) }
            previous = boundary
        }
        if pieces == rule.expected { icu += 1 }
    }
    print("Golden Rules: tmkit \(tmkit)/\(rules.count), raw ICU (en) \(icu)/\(rules.count)")
    if let srxPath {
        let srx = try SRXRules.read(Array(try Data(contentsOf: URL(fileURLWithPath: srxPath))), file: srxPath)
        for icuFallback in [true, false] {
            let segmenter = try SRXSegmenter(rules: srx, language: .english, icuFallback: icuFallback)
            let passed = rules.filter { segmenter.sentences(in: $0.text) == $0.expected }.count
            print("Golden Rules: SRX \(icuFallback ? "+ ICU fallback" : "alone") \(passed)/\(rules.count)")
        }
    }
}

try runBenchmark()

