import TMKitCore

/// The glossary file formats, by extension.
public enum GlossaryFormat: String, Sendable, CaseIterable {
    /// TBX (XML); OmegaT's tab-separated table; a comma-separated table with a header row.
    case tbx, tsv, csv

    /// `.tbx` (and `.xml`); `.tsv`, `.tab`, `.txt`, `.utf8` (OmegaT's extensions); `.csv`.
    public init?(path: String) {
        let name = path.lowercased()
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...] {
        case "tbx", "xml": self = .tbx
        case "tsv", "tab", "txt", "utf8": self = .tsv
        case "csv": self = .csv
        default: return nil
        }
    }

    /// Reads a glossary. TSV needs the languages of its two columns unless its first line
    /// names them (`en<TAB>ko[<TAB>note]`); `pair` defaults to English → Korean.
    public static func read(
        _ bytes: [UInt8], format: GlossaryFormat, file: String?, pair: (LanguageTag, LanguageTag)? = nil
    ) throws -> TermBase {
        switch format {
        case .tbx: return try TBX.read(bytes, file: file)
        case .tsv: return try GlossaryTable.readTSV(TextDocument(decoding: bytes, file: file), file: file, pair: pair)
        case .csv: return try GlossaryTable.readCSV(TextDocument(decoding: bytes, file: file), file: file)
        }
    }

    /// Writes a glossary; TSV and CSV take the pair's columns (TSV defaults to the first two
    /// languages of the glossary).
    public static func write(
        _ glossary: TermBase, format: GlossaryFormat, pair: (LanguageTag, LanguageTag)? = nil,
        tbxVersion: TBX.Version = .v3
    ) -> String {
        switch format {
        case .tbx: return TBX.write(glossary, version: tbxVersion, sourceLanguage: pair?.0 ?? glossary.languages.first ?? .english)
        case .tsv: return GlossaryTable.writeTSV(glossary, pair: pair ?? GlossaryTable.defaultPair(glossary))
        case .csv: return GlossaryTable.writeCSV(glossary, languages: pair.map { [$0.0, $0.1] } ?? glossary.languages)
        }
    }
}

/// Glossaries as tables: OmegaT's TSV (`source<TAB>target<TAB>comment`, no escapes, optional
/// header) and CSV (RFC 4180, a header row naming the columns: language tags and `note`).
///
/// A row is one concept: its source and target terms (preferred) and the note. Written
/// tables give one row for each allowed (preferred or admitted) source term and target term
/// of an entry; deprecated and forbidden terms are not written.
public enum GlossaryTable {
    static func defaultPair(_ glossary: TermBase) -> (LanguageTag, LanguageTag) {
        let languages = glossary.languages
        let source = languages.first { $0.isWithin(.english) } ?? languages.first ?? .english
        let target = languages.first { $0 != source } ?? .korean
        return (source, target)
    }

    /// Reads OmegaT's TSV: each `source<TAB>target[<TAB>comment]` row is an entry in `pair`'s languages
    /// (English → Korean when nil) unless the first line names them. Throws `TableError`, with the
    /// line, for a row of more than three columns or an empty source term.
    public static func readTSV(_ document: TextDocument, file: String?, pair: (LanguageTag, LanguageTag)?) throws -> TermBase {
        // The first line may be a header naming the languages: read before the rest.
        var languages = pair ?? (.english, .korean)
        var start = 0, firstLine = 1
        try document.utf8.withUnsafeBufferPointer { bytes throws in
            var firstEnd = 0
            while firstEnd < bytes.count, bytes[firstEnd] != 0x0A, bytes[firstEnd] != 0x0D { firstEnd += 1 }
            if firstEnd < bytes.count {
                firstEnd += bytes[firstEnd] == 0x0D && firstEnd + 1 < bytes.count && bytes[firstEnd + 1] == 0x0A ? 2 : 1
            }
            try TSV.forEachRow(in: bytes, range: 0..<firstEnd, firstLine: 1, file: file, escapes: false) { row in
                if let named = headerLanguages(row, pair: pair) {
                    languages = named
                    start = firstEnd
                    firstLine = 2
                }
            }
        }
        // The rest in slices of whole lines (cut after a line feed), read on every core; a
        // slice's lines are numbered from 1 and moved by the lines before it afterwards.
        let (chosen, from) = (languages, start)
        let slices = concurrentSlices(count: document.utf8.count - from, workers: concurrentWorkers, minimumSlice: 1 << 18) {
            range -> Result<(entries: [GlossaryEntry], rows: Int), any Error> in
            document.utf8.withUnsafeBufferPointer { bytes in
                func lineStart(_ offset: Int) -> Int {
                    var i = from + offset
                    guard offset > 0 else { return i }
                    while i < bytes.count, bytes[i - 1] != 0x0A { i += 1 }
                    return i
                }
                var entries: [GlossaryEntry] = []
                do {
                    let rows = try TSV.forEachRow(in: bytes, range: lineStart(range.lowerBound)..<lineStart(range.upperBound),
                                                  firstLine: 1, file: file, escapes: false) { row in
                        if let entry = try Self.entry(row, languages: chosen, file: file) { entries.append(entry) }
                    }
                    return .success((entries, rows))
                } catch {
                    return .failure(error)
                }
            }
        }
        var glossary = TermBase()
        var linesBefore = firstLine - 1
        for slice in slices {
            switch slice {
            case .success(let read):
                if glossary.entries.isEmpty { glossary.entries = read.entries } else { glossary.entries.append(contentsOf: read.entries) }
                linesBefore += read.rows
            case .failure(let error):
                guard var error = error as? TableError else { throw error }
                error.line += linesBefore
                throw error
            }
        }
        return glossary
    }

    /// The languages a TSV's first row names (`en<TAB>ko[<TAB>note]`), when it is such a header
    /// (and, with a `pair` asked for, names languages of that pair).
    static func headerLanguages(_ row: TableRow, pair: (LanguageTag, LanguageTag)?) -> (LanguageTag, LanguageTag)? {
        guard row.fields.count >= 2, let source = LanguageTag(row.fields[0]), let target = LanguageTag(row.fields[1]),
              row.fields.count == 2 || ["note", "comment", "comments", "notes"].contains(row.fields[2].lowercased()),
              pair.map({ source.matches($0.0) && target.matches($0.1) }) ?? (row.fields[0].count <= 8 && row.fields[1].count <= 8)
        else { return nil }
        return (source, target)
    }

    /// The entry of a TSV row (`source<TAB>target[<TAB>comment]`) in `languages`; nil for an empty line.
    static func entry(_ row: TableRow, languages: (LanguageTag, LanguageTag), file: String?) throws(TableError) -> GlossaryEntry? {
        if row.isEmpty { return nil }
        guard row.fields.count <= 3 else {
            throw TableError("expected source, target and an optional comment, found \(row.fields.count) columns",
                             file: file, line: row.line)
        }
        let source = row.fields[0].trimmingSpaces()
        let target = row.fields.count > 1 ? row.fields[1].trimmingSpaces() : ""
        guard !source.isEmpty else { throw TableError("empty source term", file: file, line: row.line) }
        let note = row.fields.count > 2 && !row.fields[2].isEmpty ? row.fields[2] : nil
        if !target.isEmpty, languages.0 != languages.1 {
            // Both sections at once: one array made, not grown (a load makes one a row).
            return GlossaryEntry(note: note, languages: [LanguageSection(language: languages.0, terms: [Term(source)]),
                                                         LanguageSection(language: languages.1, terms: [Term(target)])])
        }
        var entry = GlossaryEntry(note: note)
        entry.add(Term(source), language: languages.0)
        if !target.isEmpty { entry.add(Term(target), language: languages.1) }
        return entry
    }

    /// Reads CSV whose header row names the columns (language tags and `note`); each further row is an
    /// entry. Throws `TableError`, with the line, for an unknown header column, a row of another width
    /// than the header's, or a row without terms.
    public static func readCSV(_ document: TextDocument, file: String?) throws -> TermBase {
        var glossary = TermBase()
        var columns: [(index: Int, language: LanguageTag)] = []
        var noteColumn: Int?
        var width = 0
        try CSV.forEachRow(in: document, file: file) { row in
            guard width > 0 else {
                width = row.fields.count
                for (index, name) in row.fields.enumerated() {
                    let name = name.trimmingSpaces()
                    if ["note", "notes", "comment", "comments"].contains(name.lowercased()) {
                        noteColumn = index
                    } else if let language = LanguageTag(name) {
                        columns.append((index, language))
                    } else {
                        throw TableError("header column '\(name)' is neither a language tag nor note", file: file, line: row.line)
                    }
                }
                if columns.isEmpty { throw TableError("the header names no language column", file: file, line: row.line) }
                return
            }
            if row.fields == [""] { return }
            guard row.fields.count == width else {
                throw TableError("expected \(width) fields as in the header, found \(row.fields.count)", file: file, line: row.line)
            }
            var entry = GlossaryEntry(note: noteColumn.flatMap { row.fields[$0].isEmpty ? nil : row.fields[$0] })
            for column in columns {
                let text = row.fields[column.index].trimmingSpaces()
                if !text.isEmpty { entry.add(Term(text), language: column.language) }
            }
            guard !entry.languages.isEmpty else { throw TableError("a row without terms", file: file, line: row.line) }
            glossary.entries.append(entry)
        }
        return glossary
    }

    /// OmegaT's TSV, without a header: a `source<TAB>target[<TAB>note]` line for each pair of allowed
    /// source and target terms of each entry (target empty when the entry has none), with tabs and
    /// line breaks inside values made spaces.
    public static func writeTSV(_ glossary: TermBase, pair: (LanguageTag, LanguageTag)) -> String {
        var out = ""
        for entry in glossary.entries {
            let sources = entry.terms(in: pair.0).filter { $0.term.effectiveStatus.isAllowed }
            let targets = entry.terms(in: pair.1).filter { $0.term.effectiveStatus.isAllowed }
            let note = (entry.note ?? "").replacingLineBreaks()
            for source in sources {
                for target in targets.isEmpty ? [nil] : targets.map(Optional.some) {
                    out += source.term.text.replacingLineBreaks() + "\t" + (target?.term.text.replacingLineBreaks() ?? "")
                    out += note.isEmpty ? "\n" : "\t" + note + "\n"
                }
            }
        }
        return out
    }

    /// CSV with CRLF line ends: a header of `languages` (and `note` when an entry has one), then a row
    /// per entry with its first allowed term in each language (empty when it has none).
    public static func writeCSV(_ glossary: TermBase, languages: [LanguageTag]) -> String {
        let hasNotes = glossary.entries.contains { $0.note != nil }
        var out = (languages.map(\.normalized) + (hasNotes ? ["note"] : [])).joined(separator: ",") + "\r\n"
        for entry in glossary.entries {
            var cells = languages.map { language in
                CSV.escape(entry.terms(in: language).first { $0.term.effectiveStatus.isAllowed }?.term.text ?? "")
            }
            if hasNotes { cells.append(CSV.escape(entry.note ?? "")) }
            out += cells.joined(separator: ",") + "\r\n"
        }
        return out
    }
}

extension String {
    func trimmingSpaces() -> String {
        // Most fields start and end with something other than a space: a printable ASCII byte
        // at both ends answers without Unicode properties.
        guard let headByte = utf8.first, let tailByte = utf8.last else { return self }
        if headByte &- 0x21 < 0x5E, tailByte &- 0x21 < 0x5E { return self }
        // Else over the bytes (`Whitespace`'s White_Space set, the same as
        // `Unicode.Scalar.Properties.isWhitespace`), with no scalar decoded.
        var text = self
        return text.withUTF8 { bytes in
            let kept = Whitespace.trimmed(0..<bytes.count, in: bytes)
            return kept.count == bytes.count ? self : String(decoding: UnsafeBufferPointer(rebasing: bytes[kept]), as: UTF8.self)
        }
    }

    func replacingLineBreaks() -> String {
        guard utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return self }
        return String(map { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" ? " " : $0 })
    }
}
