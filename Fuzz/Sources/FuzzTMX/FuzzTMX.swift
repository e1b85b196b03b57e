import FuzzDriver
import FuzzSupport
import TMKitCore
import TMX

// Reads the input as TMX every way tmkit does: strictly (header and every unit, each unit
// normalized and written back through TMXWriter), leniently through the validator, and, for
// in small chunks (chosen by the input's last byte); and, when read without error, from
// what the writer wrote. Checked: chunking changes neither whether the input reads nor its
// units, and written units read back as `TMXWriter.roundTripped` says.
//

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTMX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)

    // Strict.
    let strict = TMXReader(bytes: bytes, name: "fuzz.tmx")
    var header = TMXHeader()
    var units: [TranslationUnit] = []
    var strictError: TMXError?
    let output = CapturedOutput()
    do {
        header = try strict.readHeader()
        _ = strict.encoding
        _ = strict.headerLocation
        let writer = TMXWriter(sink: output, header: header, options: TMXWriter.Options(creationDate: "20260101T000000Z"))
        let normalization = TMXNormalization(collapseWhitespace: true)
        var fixes = TMXNormalization.Fixes()
        while let unit = try strict.next() {
            units.append(unit)
            _ = strict.lastUnitLocation
            _ = unit.duplicateKey
            _ = unit.latestDate
            for variant in unit.variants {
                _ = variant.content.plainText
                _ = variant.content.allCodes.count
            }
            writer.write(unit)
            _ = normalization.normalize(unit, fixes: &fixes)
        }
        writer.finish()
    } catch {
        strictError = error
        _ = error.description
    }

    // Lenient, through the validator.
    let lenientOptions = TMXReader.Options(skipInvalid: true, checkConformance: true)
    if let (findings, _, _) = try? TMXValidation.validate(
        TMXReader(bytes: bytes, name: "fuzz.tmx", options: lenientOptions),
        options: TMXValidation.Options(requireTarget: true))
    {
        _ = findings.map(\.description)
    }

    // Chunking must not change what is read: read again a few bytes at a time (the reader
    // stops early whenever the input has an error, with the producer still holding chunks).
    let chunkSize = Swift.max(4, fuzzChunkSize(bytes))
    let chunked = TMXReader(bytes: bytes, options: TMXReader.Options(chunkSize: chunkSize))
    var chunkedUnits: [TranslationUnit] = []
    var chunkedError: TMXError?
    do {
        let again = try chunked.readHeader()
        require(strictError != nil || again == header, "header differs when read in chunks of \(chunkSize)")
        while let unit = try chunked.next() { chunkedUnits.append(unit) }
    } catch {
        chunkedError = error
    }
    require((strictError == nil) == (chunkedError == nil),
            "read at once: \(strictError.map { "\($0)" } ?? "no error"); in chunks of \(chunkSize): \(chunkedError.map { "\($0)" } ?? "no error")")
    if strictError == nil {
        require(chunkedUnits == units, "units differ when read in chunks of \(chunkSize):\n\(chunkedUnits)\nvs\n\(units)")
    }

    guard strictError == nil else { return 0 }

    _ = try? TMXStatistics.collect(from: TMXReader(bytes: bytes))
    _ = try? TMXNormalization.mostCommonSourceLanguage(TMXReader(bytes: bytes))

    // What the writer wrote reads back as it promises.
    let written = output.bytes
    let back = TMXReader(bytes: written, name: "written.tmx")
    do {
        _ = try back.readHeader()
        var index = 0
        while let unit = try back.next() {
            let expected = index < units.count ? TMXWriter.roundTripped(units[index]) : nil
            require(unit == expected, "written unit \(index) reads back differently:\n\(unit)\nexpected\n\(String(describing: expected))")
            index += 1
        }
        require(index == units.count, "wrote \(units.count) units, read back \(index)")
    } catch {
        require(false, "the writer's output does not read: \(error)\n\(String(decoding: written, as: UTF8.self))")
    }
    return 0
}

@_cdecl("FuzzTMX_main")
public func fuzzTMXMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tmkit_fuzz_main(argc, argv)
}
