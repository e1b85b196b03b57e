import FuzzDriver
import FuzzSupport
import Segmentation
import TMKitCore

// Decodes the input as a plain-text document and segments it with tmkit's English and
// Korean rules and with a fixed set of SRX rules (below), in both paragraph modes. Checks
// what segmenting promises: segments in order, inside the text, on character boundaries,
// and the same segments when the document is given in two pieces cut where
// `Paragraphs.lastSafeCut` says.

// Written for this harness: English exceptions, a Korean rule, a default rule set, cascade.
private let srx = """
    <?xml version="1.0" encoding="UTF-8"?>
    <srx xmlns="http://www.lisa.org/srx20" version="2.0">
      <header segmentsubflows="yes" cascade="yes"/>
      <body>
        <languagerules>
          <languagerule languagerulename="EnglishExceptions">
            <rule break="no"><beforebreak>\\b(?:Mr|Mrs|Dr|St|No|vs|U\\.S)\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            <rule break="no"><beforebreak>(?i)\\b[ap]\\.m\\.</beforebreak><afterbreak>\\s+\\P{Lu}</afterbreak></rule>
            <rule break="no"><beforebreak>(?&lt;![\\p{L}.])\\p{Lu}\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
          </languagerule>
          <languagerule languagerulename="Korean">
            <rule break="yes"><beforebreak>(?:다|요|까)[.?!]</beforebreak><afterbreak>\\s</afterbreak></rule>
          </languagerule>
          <languagerule languagerulename="Default">
            <rule break="no"><beforebreak>^\\s*[0-9]+\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            <rule break="yes"><beforebreak>[.?!]+["'”’)]*</beforebreak><afterbreak>\\s+(?=\\p{Lu}|\\p{Lo}|\\d)</afterbreak></rule>
            <rule break="yes"><beforebreak>[。？！]</beforebreak><afterbreak></afterbreak></rule>
            <rule break="yes"><beforebreak>\\n</beforebreak><afterbreak></afterbreak></rule>
          </languagerule>
        </languagerules>
        <maprules>
          <languagemap languagepattern="[Ee][Nn].*" languagerulename="EnglishExceptions"/>
          <languagemap languagepattern="[Kk][Oo].*" languagerulename="Korean"/>
          <languagemap languagepattern=".*" languagerulename="Default"/>
        </maprules>
      </body>
    </srx>
    """

private func makeSegmenters() -> [any DocumentSegmenter] {
    do {
        let rules = try SRXRules.read(Array(srx.utf8), file: "FuzzSegmenter.srx")
        return [
            try SentenceSegmenter(language: .english), try SentenceSegmenter(language: .korean),
            try SRXSegmenter(rules: rules, language: .english), try SRXSegmenter(rules: rules, language: .korean),
        ]
    } catch {
        fatalError("the harness's own segmenters: \(error)")
    }
}

// libFuzzer calls the harness on one thread.
nonisolated(unsafe) private let segmenters = makeSegmenters()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSegmenter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let document = try? TextDocument(decoding: fuzzBytes(data, size), file: "fuzz.txt") else { return 0 }
    let count = document.utf8.count
    for segmenter in segmenters {
        for mode in ParagraphMode.allCases {
            let whole = segmenter.segments(of: document, paragraphs: mode)
            var end = 0
            for (index, segment) in whole.enumerated() {
                let range = segment.range
                require(segment.index == index, "segment \(index) numbered \(segment.index)")
                require(range.lowerBound >= end && range.upperBound <= count && !range.isEmpty,
                        "segment \(index) \(range) out of order, empty or outside 0..<\(count) (\(segmenter.language), \(mode))")
                require(isBoundary(document.utf8, range.lowerBound) && isBoundary(document.utf8, range.upperBound),
                        "segment \(index) \(range) cuts a character (\(segmenter.language), \(mode))")
                end = range.upperBound
                _ = document.text(of: segment)
            }
            // In two pieces, cut where it is safe: the same segments.
            document.utf8.withUnsafeBufferPointer { buffer in
                let half = UnsafeBufferPointer(rebasing: buffer[0..<(count / 2)])
                guard let cut = Paragraphs.lastSafeCut(in: half, mode: mode), cut > 0, cut < count else { return }
                var position = DocumentPosition()
                var pieces: [Segment] = []
                segmenter.forEachSegment(inPiece: UnsafeBufferPointer(rebasing: buffer[0..<cut]), at: &position,
                                         paragraphs: mode) { pieces.append($0) }
                segmenter.forEachSegment(inPiece: UnsafeBufferPointer(rebasing: buffer[cut..<count]), at: &position,
                                         paragraphs: mode) { pieces.append($0) }
                require(pieces == whole, "cut at \(cut), the segments differ (\(segmenter.language), \(mode)):\n\(pieces)\nvs\n\(whole)")
            }
        }
    }
    return 0
}

private func isBoundary(_ utf8: [UInt8], _ offset: Int) -> Bool {
    offset == utf8.count || utf8[offset] & 0xC0 != 0x80
}

@_cdecl("FuzzSegmenter_main")
public func fuzzSegmenterMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tmkit_fuzz_main(argc, argv)
}
