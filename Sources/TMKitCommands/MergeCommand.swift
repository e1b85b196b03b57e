import ArgumentParser
import Documents
import Glossary
import Pretranslation
import Quality
import TMKitCore
import TMX
import TranslationMemory
import XLIFF

/// `tmkit merge`: a translated XLIFF back into the document it was extracted from.
struct MergeCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Rebuild the translated document from an XLIFF that 'tmkit extract' wrote.",
        discussion: """
            The document is rebuilt from the skeleton inside the XLIFF: nothing is cut again \
            and the original file is not needed. A unit whose target has reached --min-state \
            (default translated; below that, a target that differs from its source counts as \
            translated, since OmegaT 3.6 never updates states; a copy of the source never \
            does) replaces its source; the others keep their source and are counted \
            on stderr, or with --require-complete the command writes nothing and exits 1. A \
            translated paragraph is written on one line (the source's hard wraps cannot fit \
            the translation) unless --wrap N breaks it at N columns (Hangul and Han count \
            two). A target must keep its source's inline codes.

            --qa checks the translated units before the document is written, as 'tmkit qa' \
            does (numbers, dates, codes, punctuation, untranslated, consistency, URLs, \
            length; terminology with --glossary): each finding on stderr, then a count. The \
            document is written all the same (exit 0); 'tmkit qa FILE.xlf' gives JSON and \
            exit codes.

            Not to be confused with 'tmkit tmx merge', which joins translation memories.

            Examples:
              tmkit merge article.en.xlf -o article.ko.txt
              tmkit merge article.en.xlf -o article.ko.txt --wrap 72 --require-complete
              tmkit merge article.en.xlf -o - --min-state reviewed
              tmkit merge article.en.xlf -o article.ko.txt --qa
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @Argument(help: "The XLIFF file; '-' reads standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "The document to write; '-' writes standard output.")
    var output: String

    @Flag(help: "Fail (exit 1, nothing written) when a unit has no usable target.")
    var requireComplete = false

    @Option(help: "The state a target needs to be used: translated, reviewed or final.")
    var minState: String = "translated"

    @Option(help: "Wrap translated paragraphs at this many columns (20–1000).")
    var wrap: Int?

    @Flag(help: "Check the translations (as 'tmkit qa' does) and report the findings on stderr.")
    var qa = false

    @OptionGroup var glossaryOptions: GlossaryOptions  // with --qa only: terms are checked against these files

    func validate() throws {
        if !glossaryOptions.files.isEmpty && !qa { throw ValidationError("--glossary is for --qa; give --qa too") }
        guard let state = TranslationState(name: minState), state != .initial else {
            throw ValidationError("--min-state takes translated, reviewed or final (got '\(minState)')")
        }
        if let wrap { try requireRange("--wrap", wrap, 20...1000) }
    }

    func run() throws {
        let minimum = TranslationState(name: minState) ?? .translated
        let name = FileInput.displayName(file)
        // Read a unit at a time: only what the rebuild needs is kept (no matches, no notes).
        var source = try FileInput.open(file)
        // Read on the parsing thread (by the meter), counted on this one.
        let unitsRead = UnitCounter()
        let meter = ProgressMeter(total: nil, output: output)
        defer { meter?.finish() }
        if let meter { source = MeteredSource(source, meter: meter, units: { unitsRead.value }) }
        let input: (Int) throws -> [UInt8] = { try source.read(upTo: $0) }
        var total = 0
        let limited: (Int) throws -> [UInt8] = { maximum in
            let chunk = try input(maximum)
            total += chunk.count
            guard total <= InputLimits.xliff else {
                throw CommandError(message: "\(name): larger than \(InputLimits.describe(InputLimits.xliff)), the limit for an XLIFF to merge")
            }
            return chunk
        }
        var collected: [Int: MergeUnits] = [:]  // by <file>, for the one with a skeleton
        // The skeleton comes before the units. Its JSON is parsed on a thread of its own from
        // when the first unit arrives, while this thread takes the units the parsing thread reads.
        var parsed: (file: Int, json: String, skeleton: BackgroundValue<Result<DocumentSkeleton, DocumentError>>)?
        let xliff = try XLIFFReader.forEachUnit(from: limited, file: name, keeping: .segmentsOnly) { index, file, unit in
            guard let skeleton = file.skeleton else { return }
            if collected[index] == nil {
                // Room for as many units as the skeleton names.
                collected[index] = MergeUnits(capacity: skeleton.utf8.count / 48)
                if parsed == nil {
                    parsed = (index, skeleton, BackgroundValue { Result { () throws(DocumentError) in try DocumentSkeleton(json: skeleton) } })
                }
            }
            try collected[index]!.add(unit, minimum: minimum, file: name)
            unitsRead.add(1)
        }
        meter?.finish()
        let withSkeleton = xliff.files.indices.filter { xliff.files[$0].skeleton != nil }
        guard let index = withSkeleton.first, let key = xliff.files[index].skeleton else {
            throw CommandError(message: "\(name): no tmkit skeleton; merge rebuilds documents that 'tmkit extract' cut (other XLIFF goes back through the tool that made it)")
        }
        guard withSkeleton.count == 1 else {
            throw CommandError(message: "\(name): holds \(withSkeleton.count) documents; merge writes one")
        }
        let skeleton: DocumentSkeleton
        do {
            if let parsed, parsed.file == index, parsed.json == key {  // (a file naming two skeletons keeps the last)
                skeleton = try parsed.skeleton.value.get()
            } else {
                skeleton = try DocumentSkeleton(json: key)
            }
        } catch {
            throw CommandError(message: "\(name): \(error.message)")
        }
        let document = xliff.files[index]
        let units = collected.removeValue(forKey: index) ?? MergeUnits()
        let ids = skeleton.unitIDs
        if let lost = ids.first(where: { units.sources[$0] == nil }) {
            throw CommandError(message: "\(name): the skeleton's unit \(lost) is not in the XLIFF (was it deleted?); nothing written")
        }
        let missing = ids.filter { units.translations[$0] == nil }
        if !missing.isEmpty && requireComplete {
            Report.note("\(missing.count) of \(ids.count) units have no target at \(minimum) or above (first: unit \(missing[0])); nothing written")
            throw ExitCode(1)
        }
        let rebuilt: [UInt8]
        do {
            rebuilt = try DocumentFormat.rebuild(skeleton, sources: units.sources, translations: units.translations,
                                                 options: RebuildOptions(wrap: wrap, language: document.targetLanguage))
        } catch {
            let place = units.places.first { $0.id == error.unit }
            throw CommandError(message: "\(SourceLocation(file: name, line: place?.line, column: place?.column)): \(error.message)")
        }
        // The glossary is read before the document is written: a bad one writes nothing.
        let glossary = qa && !glossaryOptions.files.isEmpty ? try glossaryOptions.load() : nil
        try OutputFile.write(output) { $0.write(rebuilt) }
        if qa { check(units, order: ids, document: document, name: name, glossary: glossary) }
        // Freeing every unit's strings costs about what writing the document did: another thread
        // does it while this one reports and exits.
        let unitCount = ids.count
        releaseElsewhere((consume units, consume skeleton, consume ids))
        if !missing.isEmpty {
            Report.note("\(missing.count) of \(unitCount) units kept their source (no target at \(minimum) or above; first: unit \(missing[0]))")
        }
    }
}

extension MergeCommand {
    /// The QA of the translated units, in document order, on stderr (the library's checker,
    /// as `tmkit qa` runs it).
    func check(_ units: MergeUnits, order: [String], document: XLIFFFile, name: String, glossary: TermBase?) {
        guard let source = document.sourceLanguage, let target = document.targetLanguage else {
            Report.note("qa: not checked: \(name) does not say its languages")
            return
        }
        var checks = Set(QualityCheck.allCases)
        if glossary == nil { checks.remove(.terminology) }
        var checker = QualityChecker(source: source, target: target, checks: checks, glossary: glossary,
                                     targetVariant: target.normalized == "ko" ? LanguageTag("ko-KR") : nil)
        var findings: [QualityFinding] = []
        for id in order {
            guard let translation = units.translations[id], let original = units.sources[id] else { continue }
            findings += checker.check(unit: id, source: original, target: translation)
        }
        findings += checker.finish()
        for finding in findings {
            var line = "qa: unit \(finding.unit): \(finding.check.rawValue) (\(finding.severity.rawValue)): \(finding.message)"
            if let span = finding.target ?? finding.source { line += " «\(span.text)»" }
            Report.note(line)
        }
        QACommand.noteLeftOut(checker, option: "tmkit qa --all-terms checks them")
        let units = Set(findings.map(\.unit)).count
        Report.summary(findings.isEmpty ? "qa: no findings in \(checker.unitsChecked) translated units"
                    : "qa: \(findings.count) finding\(findings.count == 1 ? "" : "s") in \(units) of \(checker.unitsChecked) translated units; the document was written")
    }
}
