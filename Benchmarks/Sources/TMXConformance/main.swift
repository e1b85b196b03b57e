// TMX conformance over a folder of real TMX files: for each file, read every unit, write
// them with TMXWriter, check the written file with `xmllint --nonet --noout --dtdvalid`,
// read it back and compare. Prints one line per file and a summary.
//
//   swift run -c release --package-path Benchmarks TMXConformance CORPUS_DIR DTD
//
// Files named neg_* must fail to read or give findings instead.
import Foundation
import TMKitCore
import TMX

final class MemorySink: ByteSink, @unchecked Sendable {
    var bytes: [UInt8] = []
    func write(_ buffer: UnsafeRawBufferPointer) { bytes.append(contentsOf: buffer) }
}

func xmllintValid(_ bytes: [UInt8], dtd: String) -> (Bool, String) {
    let path = NSTemporaryDirectory() + "tmkit-conformance-\(getpid()).tmx"
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
    process.arguments = ["--nonet", "--noout", "--dtdvalid", dtd, path]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    do { try process.run() } catch { return (false, "xmllint not found") }
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus == 0, message.split(separator: "\n").first.map(String.init) ?? "")
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: TMXConformance CORPUS_DIR TMX14_DTD")
    exit(2)
}
let folder = arguments[1]
let dtd = arguments[2]
let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmx") }.sorted()
var passed = 0
var failed = 0
for file in files {
    let path = folder + "/" + file
    let negative = file.hasPrefix("neg_")
    do {
        if negative {
            let validation = try TMXValidation.validate(
                try TMXReader(path: path, options: .init(skipInvalid: true, checkConformance: true)))
            let ok = !validation.findings.isEmpty
            let first = validation.findings.first.map { ", first: \($0)" } ?? ""
            print("\(ok ? "ok  " : "FAIL") \(file): negative file, \(validation.findings.count) findings from validate\(first)")
            if ok { passed += 1 } else { failed += 1 }
            continue
        }
        let reader = try TMXReader(path: path)
        let header = try reader.readHeader()
        var units: [TranslationUnit] = []
        while let unit = try reader.next() { units.append(unit) }
        let sink = MemorySink()
        let writer = TMXWriter(sink: sink, header: header, options: .init(creationDate: "20261129T000000Z"))
        for unit in units { writer.write(unit) }
        writer.finish()
        let again = TMXReader(bytes: sink.bytes, name: "written")
        _ = try again.readHeader()
        var reread: [TranslationUnit] = []
        while let unit = try again.next() { reread.append(unit) }
        let expected = units.map(TMXWriter.roundTripped)
        let projected = expected != units
        let equal = reread == expected
        let (valid, message) = xmllintValid(sink.bytes, dtd: dtd)
        let dropped = writer.droppedAttributes.map { "\($0.key)×\($0.value)" }.sorted().joined(separator: ", ")
        let ok = equal && valid
        print("\(ok ? "ok  " : "FAIL") \(file): \(units.count) units, \(reader.encoding), round trip \(equal ? "equal" : "DIFFERENT")"
              + (projected ? " (after leaving out attributes the DTD does not define: \(dropped))" : "")
              + ", written file \(valid ? "DTD-valid" : "INVALID: \(message)")")
        if ok { passed += 1 } else { failed += 1 }
    } catch {
        print("FAIL \(file): \(error)")
        failed += 1
    }
}
print("\(passed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)
