import Documents
import FuzzDriver
import FuzzSupport
import TMKitCore
import XLIFF

// Reads the input as XLIFF, at once and in chunks (the same document, or an error both ways).
// A document read gives its translated segments as memory units, rebuilds the document its
// skeleton describes (when it has one) from its targets, and is written back as XLIFF 1.2 and
// 2.1, which must read again with the same units and source text.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLIFF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let document: XLIFFDocument
    do {
        document = try XLIFFReader.read(bytes, file: "fuzz.xlf")
    } catch {
        _ = error.message
        require((try? XLIFFReader.read(from: fuzzChunks(bytes, chunkSize: fuzzChunkSize(bytes)))) == nil,
                "fails read at once (\(error.message)), reads in chunks of \(fuzzChunkSize(bytes))")
        return 0
    }
    do {
        let chunked = try XLIFFReader.read(from: fuzzChunks(bytes, chunkSize: fuzzChunkSize(bytes)), file: "fuzz.xlf")
        require(chunked == document, "the document differs read in chunks of \(fuzzChunkSize(bytes))")
    } catch {
        require(false, "reads at once, fails in chunks of \(fuzzChunkSize(bytes)): \(error)")
    }
    _ = try? document.translationUnits(pair: (.english, .korean), file: "fuzz.xlf")
    for file in document.files.prefix(4) {
        if let json = file.skeleton, let skeleton = try? DocumentSkeleton(json: json) {
            var sources: [String: SegmentContent] = [:]
            var targets: [String: SegmentContent] = [:]
            for unit in file.units {
                sources[unit.id] = unit.source
                if let target = unit.segments.first?.target { targets[unit.id] = target }
            }
            _ = try? DocumentFormat.rebuild(skeleton, sources: sources, translations: targets, options: RebuildOptions(wrap: 40))
        }
        for version in XLIFFVersion.allCases {
            let sink = CapturedOutput()
            let writer = XLIFFWriter(sink: sink, version: version, sourceLanguage: file.sourceLanguage ?? .english,
                                     targetLanguage: file.targetLanguage ?? .korean)
            writer.beginFile(original: file.original, datatype: file.datatype ?? "plaintext", skeleton: file.skeleton)
            for unit in file.units { writer.write(unit) }
            writer.finish()
            do {
                let again = try XLIFFReader.read(sink.bytes, file: "written.xlf")
                let units = again.files.first?.units ?? []
                require(units.count == file.units.count,
                        "XLIFF \(version.rawValue): \(file.units.count) units written, \(units.count) read back")
                if writer.replacedCharacters == 0, version == .v1_2 {
                    require(units.map(\.source.plainText) == file.units.map(\.source.plainText),
                            "XLIFF 1.2: sources differ when read back")
                }
            } catch {
                require(false, "XLIFF \(version.rawValue) written from a document does not read: \(error)")
            }
        }
    }
    return 0
}

@_cdecl("FuzzXLIFF_main")
public func fuzzXLIFFMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tmkit_fuzz_main(argc, argv)
}
