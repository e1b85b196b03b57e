import Alignment
import FuzzDriver
import FuzzSupport
import Glossary
import TMKitCore

// Decodes the input as text, cuts it at its first form feed (U+000C) into an English
// document and a Korean one (without a form feed, the first half of its lines and the rest),
// and aligns them with anchors (numbers, sounds, the everyday word list, a small glossary)
// and with lengths only. Checks what an alignment promises: beads in order that cover every
// sentence of both sides once, each of a kind the aligner knows, with a confidence in 0...1.

// Written for this harness: two concepts, one with a Korean term that is also a word's start.
private let glossaryTSV = "State Security Department\t국가보위성\nborder guards\t국경경비대\nmarket\t장마당\n"

private func makeAligners() -> [SentenceAligner] {
    let glossary = try? GlossaryFormat.read(Array(glossaryTSV.utf8), format: .tsv, file: "FuzzAlign.tsv")
    return [
        SentenceAligner(from: .english, to: .korean, glossary: glossary),
        SentenceAligner(from: .korean, to: .english, glossary: glossary),
        SentenceAligner(from: .english, to: .korean, options: .lengthOnly),
    ]
}

private let aligners = makeAligners()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAlign(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let document = try? TextDocument(decoding: fuzzBytes(data, size), file: "fuzz.txt") else { return 0 }
    let text = String(decoding: document.utf8, as: UTF8.self)
    let (first, second): (Substring, Substring)
    if let feed = text.firstIndex(of: "\u{0C}") {
        (first, second) = (text[..<feed], text[text.index(after: feed)...])
    } else {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let half = lines.count / 2
        (first, second) = (Substring(lines[..<half].joined(separator: "\n")), Substring(lines[half...].joined(separator: "\n")))
    }
    let documents = (TextDocument(String(first)), TextDocument(String(second)))
    for aligner in aligners {
        guard let alignment = try? aligner.align(documents.0, documents.1) else { continue }
        var (i, j) = (0, 0)
        for (index, bead) in alignment.beads.enumerated() {
            require(bead.source.lowerBound == i && bead.target.lowerBound == j,
                    "bead \(index) \(bead) does not follow the one before (at \(i), \(j))")
            require(bead.source.count <= 2 && bead.target.count <= 2 && bead.source.count + bead.target.count > 0,
                    "bead \(index) \(bead) is of no kind the aligner knows")
            require((0...1).contains(bead.confidence), "bead \(index) \(bead): confidence out of 0...1")
            (i, j) = (bead.source.upperBound, bead.target.upperBound)
        }
        require(i == alignment.source.count && j == alignment.target.count,
                "the beads end at \(i), \(j) of \(alignment.source.count), \(alignment.target.count) sentences")
    }
    return 0
}

@_cdecl("FuzzAlign_main")
public func fuzzAlignMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tmkit_fuzz_main(argc, argv)
}
