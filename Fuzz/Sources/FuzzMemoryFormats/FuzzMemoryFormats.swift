import FuzzDriver
import FuzzSupport
import Glossary
import TMKitCore
import TMX

// The table and JSON Lines formats, chosen by the first byte (the rest is the file):
//   0 memory TSV, 1 memory CSV (a header row naming the columns), 2 memory JSONL,
//   3 glossary TSV (OmegaT), 4 glossary CSV.
// What is read is written back (TMX into a null sink; TSV, CSV, JSONL into memory) and the
// writers' promises are checked: an escaped TSV or CSV field reads back as itself, a JSONL
// unit encodes and decodes losslessly, and a JSON value serializes to text that parses to it.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMemoryFormats(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0] % 5
    let bytes = fuzzBytes(data + 1, size - 1)
    guard let document = try? TextDocument(decoding: bytes, file: "fuzz") else { return 0 }
    switch selector {
    case 0: memoryTSV(document)
    case 1: memoryCSV(document)
    case 2: memoryJSONL(document)
    case 3: glossary(try? GlossaryTable.readTSV(document, file: "fuzz.tsv", pair: nil))
    default: glossary(try? GlossaryTable.readCSV(document, file: "fuzz.csv"))
    }
    return 0
}

private let pair = (source: LanguageTag.english, target: LanguageTag.korean)

private func memoryTSV(_ document: TextDocument) {
    var units: [TranslationUnit] = []
    var rows: [[String]] = []
    do {
        try TSV.forEachRow(in: document, file: "fuzz.tsv") { row in
            rows.append(row.fields)
            if let unit = try TabularMemory.unit(
                cells: row.fields, line: row.line, source: pair.source, target: pair.target, file: "fuzz.tsv")
            {
                units.append(unit)
            }
        }
    } catch {
        _ = "\(error)"
    }
    checkTSVRoundTrip(rows)
    write(units)
}

private func memoryCSV(_ document: TextDocument) {
    var units: [TranslationUnit] = []
    var rows: [[String]] = []
    var columns: (source: Int, target: Int, note: Int?)?
    var width = 0
    do {
        try CSV.forEachRow(in: document, file: "fuzz.csv") { row in
            rows.append(row.fields)
            guard let found = columns else {
                let names = row.fields.map(trimmed)
                func index(of language: LanguageTag) -> Int? {
                    names.firstIndex { LanguageTag($0) == language }
                        ?? names.firstIndex { LanguageTag($0)?.isWithin(language) ?? false }
                }
                guard let source = index(of: pair.source), let target = index(of: pair.target) else {
                    throw TableError("no language columns", file: "fuzz.csv", line: row.line)
                }
                let note = names.firstIndex { ["note", "notes", "comment", "comments"].contains($0.lowercased()) }
                columns = (source, target, note)
                width = row.fields.count
                return
            }
            if row.fields == [""] { return }
            guard row.fields.count == width else { throw TableError("ragged row", file: "fuzz.csv", line: row.line) }
            let cells = [row.fields[found.source], row.fields[found.target], found.note.map { row.fields[$0] } ?? ""]
            if let unit = try TabularMemory.unit(
                cells: cells, line: row.line, source: pair.source, target: pair.target, file: "fuzz.csv")
            {
                units.append(unit)
            }
        }
    } catch {
        _ = "\(error)"
    }
    checkCSVRoundTrip(rows)
    write(units)
}

private func memoryJSONL(_ document: TextDocument) {
    var units: [TranslationUnit] = []
    let text = document.string(in: 0..<document.utf8.count)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = line.hasSuffix("\r") ? line.dropLast() : line
        guard let value = try? JSONValue.parse(String(line)) else { continue }
        let serialized = value.serialized()
        require((try? JSONValue.parse(serialized)) == value, "a JSON value does not survive serialization: \(serialized)")
        guard let unit = try? JSONLMemory.decode(value) else { continue }
        let encoded = JSONLMemory.encode(unit)
        let decoded = try? JSONLMemory.decode(JSONValue.parse(encoded.serialized()))
        require(decoded == unit, "a unit does not survive JSONL:\n\(unit)\n\(encoded.serialized())\n\(String(describing: decoded))")
        units.append(unit)
    }
    write(units)
}

private func glossary(_ glossary: TermBase?) {
    guard let glossary else { return }
    for format in GlossaryFormat.allCases {
        _ = GlossaryFormat.write(glossary, format: format)
    }
    if let language = glossary.languages.first {
        let matcher = TermMatcher(glossary: glossary, language: language)
        let text = glossary.entries.prefix(64).flatMap { $0.terms(in: language).map(\.term.text) }.joined(separator: ", ")
        _ = matcher.matches(in: text).count
    }
}

/// Units through the TMX writer, and back to table cells and JSON.
private func write(_ units: [TranslationUnit]) {
    let writer = TMXWriter(sink: NullSink(), header: .tmkit(sourceLanguage: "en"), options: TMXWriter.Options(creationDate: "20260101T000000Z"))
    var rows: [[String]] = []
    for unit in units {
        writer.write(unit)
        _ = JSONLMemory.encode(unit).serialized()
        if let cells = TabularMemory.cells(of: unit, source: pair.source, target: pair.target) {
            rows.append([cells.source, cells.target, cells.note])
        }
    }
    writer.finish()
    checkTSVRoundTrip(rows)
    checkCSVRoundTrip(rows)
}

/// Rows written with `TSV.escape` read back as the same fields.
private func checkTSVRoundTrip(_ rows: [[String]]) {
    guard !rows.isEmpty else { return }
    let text = rows.map { $0.map(TSV.escape).joined(separator: "\t") }.joined(separator: "\n") + "\n"
    var back: [[String]] = []
    try? TSV.forEachRow(in: TextDocument(text)) { back.append($0.fields) }
    require(back == rows, "TSV rows do not read back:\n\(rows)\n\(back)")
}

/// Rows written with `CSV.escape` read back as the same fields.
private func checkCSVRoundTrip(_ rows: [[String]]) {
    guard !rows.isEmpty else { return }
    let text = rows.map { $0.map(CSV.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    var back: [[String]] = []
    try? CSV.forEachRow(in: TextDocument(text)) { back.append($0.fields) }
    require(back == rows, "CSV rows do not read back:\n\(rows)\n\(back)")
}

private func trimmed(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
          let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    return String(scalars[first...last])
}

@_cdecl("FuzzMemoryFormats_main")
public func fuzzMemoryFormatsMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tmkit_fuzz_main(argc, argv)
}
