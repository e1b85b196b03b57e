import FuzzDriver
import FuzzSupport
import Segmentation
import TMKitCore

// Reads the input as SRX 2.0, at once and in chunks (the same rules, or an error both ways); rules read are checked (`tmkit srx check`), compiled for
// English and Korean and run over a short text with abbreviations, numbers and Korean.

private let sample = """
    Dr. Kim met Mr. Lee at 5 p.m. on Oct. 10. They talked (briefly) about U.S. policy! Did it help? \
    "Yes," he said. 김 박사는 10월 10일 오후 5시에 이 씨를 만났다. 정말요? 네. Ph.D. students... e.g. this one.

    A new paragraph. 1. An item
    """

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSRX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let rules: SRXRules
    do {
        rules = try SRXRules.read(bytes, file: "fuzz.srx")
    } catch {
        _ = "\(error)"
        require((try? SRXRules.read(from: fuzzChunks(bytes, chunkSize: fuzzChunkSize(bytes)))) == nil,
                "fails read at once (\(error)), reads in chunks of \(fuzzChunkSize(bytes))")
        return 0
    }
    do {
        let chunked = try SRXRules.read(from: fuzzChunks(bytes, chunkSize: fuzzChunkSize(bytes)), file: "fuzz.srx")
        require(chunked == rules, "the rules differ read in chunks of \(fuzzChunkSize(bytes))")
    } catch {
        require(false, "reads at once, fails in chunks of \(fuzzChunkSize(bytes)): \(error)")
    }
    _ = rules.check().map(\.description)
    let document = TextDocument(sample)
    for language in [LanguageTag.english, .korean, LanguageTag("en-US")!] {
        _ = rules.maps(for: language)
        for icuFallback in [true, false] {
            guard let segmenter = try? SRXSegmenter(rules: rules, language: language, icuFallback: icuFallback) else {
                continue
            }
            let segments = segmenter.segments(of: document)
            var end = 0
            for segment in segments {
                require(segment.range.lowerBound >= end && segment.range.upperBound <= document.utf8.count,
                        "segment \(segment) out of order or outside the text")
                end = segment.range.upperBound
            }
            _ = segmenter.breaks(in: "Dr. Kim left. He was tired.")
        }
    }
    return 0
}

@_cdecl("FuzzSRX_main")
public func fuzzSRXMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tmkit_fuzz_main(argc, argv)
}
