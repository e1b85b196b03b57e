import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import Documents
import Glossary
import Segmentation
import TMKitCore
import TMX

#if canImport(Glibc)
import Glibc
#endif

extension TMKitCommand {
    /// `tmkit glossary`: term bases.
    struct GlossaryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "glossary",
            abstract: "Look up, annotate with, convert, validate and check against term bases.",
            discussion: """
                Glossaries are TBX (2008/MARTIF or v3), TSV as OmegaT writes it, or CSV with a \
                header naming the language columns. Without --glossary, the bundled Glossaries/ \
                folder is used (the current folder's, else the one beside the tmkit checkout, \
                else $TMKIT_GLOSSARIES).

                Examples:
                  tmkit glossary lookup "Ministry of People's Security"
                  tmkit glossary annotate Examples/article.en.txt
                  tmkit glossary annotate --format jsonl Examples/article.ko.txt
                  tmkit glossary convert Glossaries/north-korea-news.tbx -o north-korea-news.tsv
                  tmkit glossary validate my-terms.tsv
                  tmkit glossary check TMX/sample.en-ko.tmx --from en --to ko
                """,
            subcommands: [Lookup.self, Annotate.self, Convert.self, Validate.self, Check.self]
        )
    }
}

/// `--glossary FILE` (repeatable) and the bundled default.
struct GlossaryOptions: ParsableArguments {
    @Option(name: .customLong("glossary"), help: "A glossary file (TBX, TSV, CSV); repeat for several.")
    var files: [String] = []

    /// The glossaries merged, in order.
    func load(pair: (LanguageTag, LanguageTag)? = nil) throws -> TermBase {
        var paths = files
        if paths.isEmpty { paths = try Self.bundled() }
        var glossary = TermBase()
        for path in paths {
            var read = try Self.read(path, pair: pair)
            let name = FileInput.displayName(path)
            for index in read.entries.indices { read.entries[index].file = name }
            glossary = glossary.merged(with: read)
        }
        return glossary
    }

    /// The glossaries given with --glossary (their errors are errors), or the bundled ones when
    /// there are any, or none: for commands that work without a glossary, only better with one.
    func loadIfAny(pair: (LanguageTag, LanguageTag)? = nil) throws -> TermBase? {
        if files.isEmpty, (try? Self.bundled()) == nil { return nil }
        return try load(pair: pair)
    }

    static func read(_ path: String, pair: (LanguageTag, LanguageTag)? = nil) throws -> TermBase {
        guard let format = GlossaryFormat(path: path) else {
            throw CommandError(message: "\(path): cannot tell the glossary format; use .tbx, .tsv or .csv")
        }
        if format == .tbx {
            return try TBX.read(from: FileInput.chunks(path), file: FileInput.displayName(path))
        }
        let bytes = try FileInput.readAll(path, limit: InputLimits.glossaryTable, what: "a \(format.rawValue.uppercased()) glossary")
        return try GlossaryFormat.read(bytes, format: format, file: FileInput.displayName(path), pair: pair)
    }

    /// The TBX files of the bundled Glossaries/ folder.
    static func bundled() throws -> [String] {
        var candidates = ["Glossaries"]
        if let environment = getenv("TMKIT_GLOSSARIES") { candidates.insert(String(cString: environment), at: 0) }
        // Beside the checkout the binary was built in: .build/<config>/tmkit → ../../Glossaries,
        // where .build/<config> is a link to .build/<triple>/<config> (../../../Glossaries once
        // the link is resolved, as the kernel resolves "..").
        let executable = CommandLine.arguments.first ?? ""
        if let slash = executable.lastIndex(of: "/") {
            candidates.append(String(executable[..<slash]) + "/../../Glossaries")
        }
        if let resolved = realpath("/proc/self/exe", nil) {
            let path = String(cString: resolved)
            free(resolved)
            if let slash = path.lastIndex(of: "/") {
                let folder = String(path[..<slash])
                candidates += [folder + "/../../../Glossaries", folder + "/../../Glossaries"]
            }
        }
        for folder in candidates {
            guard let directory = opendir(folder) else { continue }
            defer { closedir(directory) }
            var files: [String] = []
            while let item = readdir(directory) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name.hasSuffix(".tbx") { files.append(folder + "/" + name) }
            }
            if !files.isEmpty { return files.sorted() }
        }
        throw CommandError(message: "no glossary: give --glossary FILE, run from a folder that has Glossaries/, or set TMKIT_GLOSSARIES to a folder of TBX files")
    }
}

/// `--glossary FILE` for commands that work without a glossary (extract, pretranslate, align,
/// qa): the bundled glossary by default, and `--no-glossary` to use none.
struct OptionalGlossaryOptions: ParsableArguments {
    @OptionGroup var glossary: GlossaryOptions

    @Flag(name: .customLong("no-glossary"), help: "Use no glossary, not even the bundled one.")
    var none = false

    func validate() throws {
        if none, !glossary.files.isEmpty { throw ValidationError("--no-glossary and --glossary exclude each other") }
    }

    var files: [String] { glossary.files }

    /// The glossaries given, else the bundled ones when there are any; nil under --no-glossary.
    func loadIfAny(pair: (LanguageTag, LanguageTag)? = nil) throws -> TermBase? {
        none ? nil : try glossary.loadIfAny(pair: pair)
    }
}

extension TMKitCommand.GlossaryCommand {
    /// `tmkit glossary lookup TERM`.
    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the entries whose terms match a word or phrase.",
            discussion: """
                The query is matched as the annotator matches text (case, plurals, Korean \
                particles), and failing that as a case-insensitive part of a term.

                Examples:
                  tmkit glossary lookup "State Security Department"
                  tmkit glossary lookup 인민보안부가 --from ko --to en
                  tmkit glossary lookup defector --format json
                """
        )

        @Argument(help: "The word or phrase to look up.")
        var query: String

        @OptionGroup var glossaryOptions: GlossaryOptions

        @Option(help: "The language of the query (default: Korean when it has Hangul, else English).")
        var from: String?

        @Option(help: "The language of the translations to show (default: the other of en and ko).")
        var to: String?

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        func validate() throws {
            if let from { try LanguageArgument.validate(from, option: "--from") }
            if let to { try LanguageArgument.validate(to, option: "--to") }
        }

        func run() throws {
            let glossary = try glossaryOptions.load()
            let hasHangul = Hangul.hasSyllable(query)
            let source = try from.map(Self.tag) ?? (hasHangul ? .korean : .english)
            let target = try to.map(Self.tag) ?? (source.isWithin(.korean) ? .english : .korean)
            let matcher = TermMatcher(glossary: glossary, language: source)
            var indices = Array(Set(matcher.matches(in: query).map(\.entryIndex))).sorted()
            if indices.isEmpty {
                let needle = query.lowercased()
                indices = glossary.entries.indices.filter { index in
                    glossary.entries[index].terms(in: source).contains { $0.term.text.lowercased().contains(needle) }
                }
            }
            var out = OutputBuffer(sink: CommandIO.current.output)
            if format == .json {
                out.append(JSONValue.array(indices.map { Self.json(glossary.entries[$0], source, target) }).serialized() + "\n")
            } else {
                for index in indices { out.append(Self.text(glossary.entries[index], source, target)) }
                if indices.isEmpty { CommandIO.current.errorOutput.write("tmkit: no entry matches '\(query)'\n") }
            }
            out.flush()
            if indices.isEmpty { throw ExitCode(1) }
        }

        static func tag(_ value: String) throws -> LanguageTag {
            guard let tag = LanguageTag(value) else { throw ValidationError(LanguageTagError(.malformed, value: value).message) }
            return tag
        }

        static func text(_ entry: GlossaryEntry, _ source: LanguageTag, _ target: LanguageTag) -> String {
            var lines: [String] = []
            let id = entry.id.map { " [\($0)]" } ?? ""
            let subject = entry.subjectField.map { " (\($0))" } ?? ""
            lines.append((entry.terms(in: source).first?.term.text ?? "?") + id + subject)
            for language in [source, target] {
                for (tag, term) in entry.terms(in: language) {
                    var line = "  \(tag): \(term.text) (\(term.effectiveStatus.rawValue))"
                    if let pos = term.partOfSpeech { line += " \(pos)" }
                    if let note = term.note { line += " — \(note)" }
                    lines.append(line)
                }
            }
            if let definition = entry.definition { lines.append("  definition: \(definition)") }
            if let note = entry.note { lines.append("  note: \(note)") }
            if let source = entry.source { lines.append("  source: \(source)") }
            if let file = entry.file { lines.append("  file: \(file)") }
            return lines.joined(separator: "\n") + "\n"
        }

        static func json(_ entry: GlossaryEntry, _ source: LanguageTag, _ target: LanguageTag) -> JSONValue {
            .object([
                ("entry", entry.id.map(JSONValue.string) ?? .null),
                ("subject", entry.subjectField.map(JSONValue.string) ?? .null),
                ("source_terms", entry.termsJSON(in: source, notes: true)), ("targets", entry.termsJSON(in: target, notes: true)),
                ("note", entry.note.map(JSONValue.string) ?? .null),
                ("source", entry.source.map(JSONValue.string) ?? .null),
                ("file", entry.file.map(JSONValue.string) ?? .null),
            ])
        }
    }

    /// `tmkit glossary annotate FILE`.
    struct Annotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Segment a document and list the glossary terms in each segment.",
            discussion: """
                JSONL: one object per segment: index, start, end, text, terms; each term has \
                text (as in the document), start, end (document byte offsets), source (the \
                glossary's spelling), entry (id) and targets ([{term, lang, status}]).

                HTML and Markdown (by extension, or --input-format html|markdown) are cut as \
                extract cuts them; terms are found in each sentence's text with the markup left \
                out (<b>State Security</b> Department is one term), and a term's start and end \
                count bytes of the segment's text.

                Examples:
                  tmkit glossary annotate Examples/article.en.txt
                  tmkit glossary annotate --format jsonl Examples/article.ko.txt --to en
                  tmkit glossary annotate Examples/news.en.html
                """
        )

        @Argument(help: "The document; '-' reads standard input.")
        var file: String = "-"

        @OptionGroup var language: LanguageOption
        @OptionGroup var glossaryOptions: GlossaryOptions

        @Option(help: "The language of the translations to list (default: the other of en and ko).")
        var to: String?

        @Option(help: "Output format: text or jsonl.")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

        @Option(help: ArgumentHelp(
            "The document's format: \(DocumentFormat.all.map(\.name).joined(separator: ", ")).",
            discussion: "By default chosen by the file's extension; standard input and unknown extensions are read as text."))
        var inputFormat: String?

        func validate() throws {
            if let to { try LanguageArgument.validate(to, option: "--to") }
            _ = try MarkedUpDocument.format(named: inputFormat, for: file)
        }

        func run() throws {
            if let documentFormat = try MarkedUpDocument.format(named: inputFormat, for: file) {
                return try annotateUnits(of: documentFormat)
            }
            let document = try TextDocument(decoding: try FileInput.readAll(file, limit: InputLimits.document, what: "a document to annotate"), file: FileInput.displayName(file))
            let source = language.resolve(for: document)
            let target = try to.map(Lookup.tag) ?? (source.isWithin(.korean) ? .english : .korean)
            let glossary = try glossaryOptions.load()
            let matcher = TermMatcher(glossary: glossary, language: source)
            let segmenter = try SentenceSegmenter(language: source)
            var out = OutputBuffer(sink: CommandIO.current.output)
            let jsonl = format == .jsonl
            // Segments are cut in order here; their terms are found and written on every core,
            // a batch at a time (memory stays that of one batch), the batch's output in order.
            let workers = Swift.max(1, Swift.min(8, ProcessInfo.processInfo.activeProcessorCount))
            var batch: [Segmentation.Segment] = []
            batch.reserveCapacity(Self.batchSize)
            func flush() {
                guard !batch.isEmpty else { return }
                for part in Self.render(batch, workers: workers, { segment, bytes in
                    Self.write(segment, document: document, matcher: matcher, target: target, jsonl: jsonl, to: &bytes)
                }) {
                    out.append(bytes: part)
                }
                batch.removeAll(keepingCapacity: true)
            }
            segmenter.forEachSegment(in: document) { segment in
                batch.append(segment)
                if batch.count >= Self.batchSize { flush() }
            }
            flush()
            out.flush()
        }

        static let batchSize = 4096

        /// The output of `segments`, rendered by `render` on up to `workers` threads in
        /// contiguous slices; the slices' bytes in order.
        static func render(
            _ segments: [Segmentation.Segment], workers: Int, _ render: @escaping @Sendable (Segmentation.Segment, inout [UInt8]) -> Void
        ) -> [[UInt8]] {
            let slices = Swift.min(workers, Swift.max(1, segments.count / 256))
            let results = Mutex<[[UInt8]]>(Array(repeating: [], count: slices))
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                let from = segments.count * slice / slices, to = segments.count * (slice + 1) / slices
                var bytes: [UInt8] = []
                for index in from..<to { render(segments[index], &bytes) }
                results.withLock { $0[slice] = bytes }
            }
            return results.withLock { $0 }
        }

        /// One segment's annotation: a JSON Lines record, or in text the segment and its terms
        /// (nothing when it has none).
        static func write(
            _ segment: Segmentation.Segment, document: TextDocument, matcher: TermMatcher, target: LanguageTag, jsonl: Bool,
            to bytes: inout [UInt8]
        ) {
            let matches = document.utf8.withUnsafeBufferPointer { matcher.matches(in: $0, range: segment.range) }
            if jsonl {
                let terms: [JSONValue] = matches.map { match in
                    let entry = matcher.entry(of: match)
                    return .object([
                        ("text", .string(document.collapsedText(in: match.range))),
                        ("start", JSONValue(match.range.lowerBound)), ("end", JSONValue(match.range.upperBound)),
                        ("source", .string(match.term.text)), ("entry", entry.id.map(JSONValue.string) ?? .null),
                        ("targets", entry.termsJSON(in: target, notes: false)),
                    ])
                }
                JSONValue.object([
                    ("index", JSONValue(segment.index)),
                    ("start", JSONValue(segment.range.lowerBound)), ("end", JSONValue(segment.range.upperBound)),
                    ("text", .string(document.text(of: segment))), ("terms", .array(terms)),
                ]).write(to: &bytes)
                bytes.append(0x0A)
            } else if !matches.isEmpty {
                var text = "\(segment.index + 1): \(document.text(of: segment))\n"
                for match in matches {
                    let entry = matcher.entry(of: match)
                    let targets = entry.terms(in: target).filter { $0.term.effectiveStatus.isAllowed }.map(\.term.text)
                    text += "    \(document.collapsedText(in: match.range)) → \(targets.isEmpty ? "(no \(target) term)" : targets.joined(separator: ", "))\n"
                }
                bytes.append(contentsOf: text.utf8)
            }
        }

        /// An HTML or Markdown document: terms in each unit's text.
        func annotateUnits(of documentFormat: DocumentFormat) throws {
            let input = try MarkedUpDocument(file, format: documentFormat, language: language.explicit, limit: InputLimits.document,
                                             what: "a document to annotate")
            let source = input.language
            let target = try to.map(Lookup.tag) ?? (source.isWithin(.korean) ? .english : .korean)
            let matcher = TermMatcher(glossary: try glossaryOptions.load(), language: source)
            let ends = input.ends
            var out = OutputBuffer(sink: CommandIO.current.output)
            for (index, unit) in input.document.units.enumerated() {
                let text = unit.text
                let bytes = Array(text.utf8)
                let matches = bytes.withUnsafeBufferPointer { matcher.matches(in: $0, range: 0..<$0.count) }
                func shown(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
                if format == .jsonl {
                    let terms: [JSONValue] = matches.map { match in
                        let entry = matcher.entry(of: match)
                        return .object([
                            ("text", .string(shown(match.range))),
                            ("start", JSONValue(match.range.lowerBound)), ("end", JSONValue(match.range.upperBound)),
                            ("source", .string(match.term.text)), ("entry", entry.id.map(JSONValue.string) ?? .null),
                            ("targets", entry.termsJSON(in: target, notes: false)),
                        ])
                    }
                    let start = unit.location.byteOffset ?? 0
                    out.appendJSONLine(JSONValue.object([
                        ("index", JSONValue(index)), ("start", JSONValue(start)), ("end", JSONValue(ends[unit.id] ?? start)),
                        ("text", .string(text)), ("context", unit.context.map(JSONValue.string) ?? .null), ("terms", .array(terms)),
                    ]))
                } else if !matches.isEmpty {
                    out.append("\(index + 1): \(text)\n")
                    for match in matches {
                        let targets = matcher.entry(of: match).terms(in: target).filter { $0.term.effectiveStatus.isAllowed }.map(\.term.text)
                        out.append("    \(shown(match.range)) → \(targets.isEmpty ? "(no \(target) term)" : targets.joined(separator: ", "))\n")
                    }
                }
            }
            out.flush()
        }
    }

    /// `tmkit glossary convert IN -o OUT`.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a glossary between TBX, TSV and CSV.",
            discussion: """
                Formats come from the extensions (.tbx; .tsv, .tab, .txt, .utf8; .csv). TBX is \
                written as TBX v3 (TBX-Basic) unless --tbx-version 2008. TSV and CSV take the \
                --from/--to columns (TSV input: unless its first line names them; default en, ko).

                Examples:
                  tmkit glossary convert Glossaries/north-korea-news.tbx -o Glossaries/north-korea-news.tsv
                  tmkit glossary convert terms.csv -o terms.tbx
                  tmkit glossary convert terms.tbx -o terms-2008.tbx --tbx-version 2008
                """
        )

        @Argument(help: "The glossary to read.")
        var input: String

        @Option(name: .shortAndLong, help: "The glossary to write; '-' writes standard output.")
        var output: String

        @OptionGroup var languages: LanguagePairOptions

        @Option(help: "TBX version to write: 3 (TBX-Basic, default) or 2008 (MARTIF, for older CAT tools).")
        var tbxVersion: String = "3"

        func run() throws {
            guard let version = TBX.Version(rawValue: tbxVersion) else {
                throw ValidationError("--tbx-version takes 3 or 2008")
            }
            guard let outFormat = GlossaryFormat(path: output) ?? (output == "-" ? .tbx : nil) else {
                throw ValidationError("cannot tell the format of '\(output)'; use .tbx, .tsv or .csv")
            }
            let glossary = try GlossaryOptions.read(input, pair: languages.pair)
            let text = GlossaryFormat.write(glossary, format: outFormat, pair: languages.pair, tbxVersion: version)
            try OutputFile.write(output) { $0.write(text) }
        }
    }

    /// `tmkit glossary validate FILE`.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report duplicates, conflicting targets, empty terms and unknown languages.",
            discussion: """
                One finding a line: FILE: entry ID: message. Exit 0 with none, 1 with findings, \
                2 when the file cannot be read (bad rows: FILE:LINE: message).

                Examples:
                  tmkit glossary validate Glossaries/north-korea-news.tbx
                  tmkit glossary validate my-terms.tsv
                """
        )

        @Argument(help: "The glossary to check.")
        var file: String

        func run() throws {
            let glossary = try GlossaryOptions.read(file)
            let findings = GlossaryValidation.findings(glossary)
            var out = OutputBuffer(sink: CommandIO.current.output)
            for finding in findings { out.append("\(file): \(finding)\n") }
            if findings.isEmpty { out.append("\(file): no findings (\(glossary.entries.count) entries)\n") }
            out.flush()
            if !findings.isEmpty { throw ExitCode(1) }
        }
    }

    /// `tmkit glossary check FILE.tmx`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Terminology QA of a bilingual TMX against the glossary.",
            discussion: """
                For each unit: every source term whose glossary translations (preferred or \
                admitted, any variant) are all missing from the target, and every deprecated or \
                forbidden term used in the target. One line per unit with findings: \
                FILE:LINE:COLUMN: unit N: …, byte positions within the segment. Exit 1 with findings.

                Examples:
                  tmkit glossary check TMX/sample.en-ko.tmx
                  tmkit glossary check translated.tmx --from en --to ko --glossary house-terms.tbx
                """
        )

        @Argument(help: "The TMX file to check; '-' reads standard input.")
        var file: String

        @OptionGroup var languages: LanguagePairOptions
        @OptionGroup var glossaryOptions: GlossaryOptions

        func run() throws {
            let pair: (source: LanguageTag, target: LanguageTag)
            if let given = languages.pair {
                pair = given
            } else if file == "-" {
                pair = (.english, .korean)
            } else {
                pair = try TMXPair.infer(file)
            }
            let check = TermCheck(glossary: try glossaryOptions.load(), source: pair.source, target: pair.target)
            let reader = try TMXInput.open(file, options: TMXReader.Options())
            _ = try reader.readHeader()
            var out = OutputBuffer(sink: CommandIO.current.output)
            var units = 0, flagged = 0
            var languagesSeen = Set<String>()
            while let unit = try reader.next() {
                for variant in unit.variants { languagesSeen.insert(variant.language.normalized) }
                guard let source = TabularMemory.variant(of: unit, in: pair.source),
                      let target = TabularMemory.variant(of: unit, in: pair.target) else { continue }
                units += 1
                let issues = check.check(source: source.content.plainText, target: target.content.plainText)
                guard !issues.isEmpty else { continue }
                flagged += 1
                let (line, column) = reader.lastUnitLocation
                out.append("\(FileInput.displayName(file)):\(line):\(column): unit \(unit.id ?? String(units)): "
                           + issues.map(\.description).joined(separator: "; ") + "\n")
            }
            // No silent pass: a file without the pair was not checked.
            guard units > 0 else {
                throw CommandError(message: "\(FileInput.displayName(file)): no unit has both \(pair.source.normalized) and \(pair.target.normalized)"
                                   + (languagesSeen.isEmpty ? " (no units)" : " (the file has \(languagesSeen.sorted().joined(separator: ", "))); give the pair with --from and --to"))
            }
            if flagged == 0 { out.append("\(FileInput.displayName(file)): no findings (\(units) units)\n") }
            out.flush()
            if flagged > 0 { throw ExitCode(1) }
        }
    }
}

extension GlossaryEntry {
    /// The terms in `language` as `[{"term", "lang", "status"[, "note"]}]`.
    func termsJSON(in language: LanguageTag, notes: Bool) -> JSONValue {
        .array(terms(in: language).map { tag, term in
            var fields: [(String, JSONValue)] = [("term", .string(term.text)), ("lang", .string(tag.normalized)),
                                                 ("status", .string(term.effectiveStatus.rawValue))]
            if notes { fields.append(("note", term.note.map(JSONValue.string) ?? .null)) }
            return .object(fields)
        })
    }
}
