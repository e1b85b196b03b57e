import FuzzDriver
import FuzzSupport
import Glossary
import TMKitCore

// Reads the input as TBX, at once and in chunks (the same glossary, or an error both ways); a glossary read is written back as TBX v3 and 2008 (both must read
// again, with the same entries and terms) and as TSV and CSV, and its terms are indexed and
// looked for in a text made of them, in each of its languages.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTBX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let glossary: TermBase
    do {
        glossary = try TBX.read(bytes, file: "fuzz.tbx")
    } catch {
        _ = error.message
        require((try? TBX.read(from: fuzzChunks(bytes, chunkSize: fuzzChunkSize(bytes)))) == nil,
                "fails read at once (\(error.message)), reads in chunks of \(fuzzChunkSize(bytes))")
        return 0
    }
    do {
        let chunked = try TBX.read(from: fuzzChunks(bytes, chunkSize: fuzzChunkSize(bytes)), file: "fuzz.tbx")
        require(chunked == glossary, "the glossary differs read in chunks of \(fuzzChunkSize(bytes))")
    } catch {
        require(false, "reads at once, fails in chunks of \(fuzzChunkSize(bytes)): \(error)")
    }
    for version in TBX.Version.allCases {
        let written = TBX.write(glossary, version: version, sourceLanguage: glossary.languages.first ?? .english)
        do {
            let again = try TBX.read(Array(written.utf8), file: "written.tbx")
            require(again.entries.count == glossary.entries.count,
                    "TBX \(version.rawValue): \(glossary.entries.count) entries written, \(again.entries.count) read back")
            require(again.entries.map(\.languages) == glossary.entries.map(\.languages),
                    "TBX \(version.rawValue): terms differ when read back\n\(glossary.entries.map(\.languages))\nvs\n\(again.entries.map(\.languages))")
        } catch {
            require(false, "TBX \(version.rawValue) written from a glossary does not read: \(error)\n\(written)")
        }
    }
    for format in [GlossaryFormat.tsv, .csv] {
        _ = GlossaryFormat.write(glossary, format: format)
    }
    for language in glossary.languages.prefix(4) {
        let matcher = TermMatcher(glossary: glossary, language: language)
        let text = glossary.entries.prefix(64).flatMap { $0.terms(in: language).map(\.term.text) }.joined(separator: " and ")
        _ = matcher.matches(in: text).count
    }
    return 0
}

@_cdecl("FuzzTBX_main")
public func fuzzTBXMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tmkit_fuzz_main(argc, argv)
}
