import FuzzDriver
import FuzzSupport
import TMKitCore
import TMX

// Reads the input as TMX every way tmkit does: strictly (header and every unit, each unit
// normalized and written back through TMXWriter), leniently through the validator, and, for
// input read without error, again in small chunks and from what the writer wrote. The two
// re-reads are checked: chunking must not change the units, and written units must read
// back as `TMXWriter.roundTripped` says.
//
// Inputs stay within one read chunk (256 KB, run.sh's -max_len): a reader given up after
// more than one chunk is a known bug (semaphore disposed while in use, issue 12).

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
    if let (findings, _) = try? TMXValidation.validate(
        TMXReader(bytes: bytes, name: "fuzz.tmx", options: lenientOptions),
        options: TMXValidation.Options(requireTarget: true))
    {
        _ = findings.map(\.description)
    }

    guard strictError == nil else { return 0 }

    _ = try? TMXStatistics.collect(from: TMXReader(bytes: bytes))
    _ = try? TMXNormalization.mostCommonSourceLanguage(TMXReader(bytes: bytes))

    // Chunking must not change what is read: read again a few bytes at a time.
    let chunkSize = Swift.max(4, Int(bytes.count / 5) + 1)
    let chunked = TMXReader(bytes: bytes, options: TMXReader.Options(chunkSize: chunkSize))
    do {
        let again = try chunked.readHeader()
        require(again == header, "header differs when read in chunks of \(chunkSize)")
        var index = 0
        while let unit = try chunked.next() {
            require(index < units.count && unit == units[index],
                    "unit \(index) differs when read in chunks of \(chunkSize):\n\(unit)\nvs\n\(index < units.count ? "\(units[index])" : "none")")
            index += 1
        }
        require(index == units.count, "\(index) units in chunks of \(chunkSize), \(units.count) at once")
    } catch {
        require(false, "read at once, but in chunks of \(chunkSize): \(error)")
    }

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
