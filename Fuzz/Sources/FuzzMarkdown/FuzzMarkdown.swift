import Documents
import FuzzDriver
import FuzzSupport
import Segmentation
import TMKitCore

// Reads the input as a Markdown document (decoded as text first: UTF-8 or UTF-16 with a byte-order
// mark). Every document that decodes comes back byte for byte without translations, through the
// document and through its skeleton alone, and rebuilds with every unit translated into itself.

nonisolated(unsafe) let segmenter = try! SentenceSegmenter(language: .english)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard let text = try? TextDocument(decoding: bytes) else { return 0 }
    let document = MarkdownDocument(text, file: "fuzz.md", segmenter: segmenter)
    do {
        let rebuilt = try document.rebuilt(translations: [String: SegmentContent]())
        require(rebuilt == text.encoding.encode(String(decoding: text.utf8, as: UTF8.self)), "the document does not come back byte for byte")
        let sources = Dictionary(uniqueKeysWithValues: document.units.map { ($0.id, $0.source) })
        let skeleton = try DocumentSkeleton(json: document.skeleton.json)
        let again = try DocumentFormat.rebuild(skeleton, sources: sources, translations: [:])
        require(again == rebuilt, "the document does not come back through its skeleton")
        _ = try DocumentFormat.rebuild(skeleton, sources: sources, translations: sources)
    } catch {
        require(false, "rebuilding failed: \(error)")
    }
    return 0
}

@_cdecl("FuzzMarkdown_main")
public func fuzzMarkdownMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tmkit_fuzz_main(argc, argv)
}
