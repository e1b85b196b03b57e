import ArgumentParser
import Foundation
import Synchronization
import Glossary
import Quality
import TMKitCore
import TMX

/// `tmkit qa FILE`: translation QA of a bilingual file.
struct QACommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Check a translated file: numbers, dates, codes, punctuation, untranslated units, consistency, terms.",
        discussion: """
            Reads TMX, XLIFF (1.2, 2.x; units translated or beyond), TSV, CSV or JSON Lines and \
            checks every unit that has both languages:
              numbers       every number, amount and percentage of the source in the target, \
            in either language's form (1.2 million = 120만, $3.5 billion = 35억 달러, 70th = 70주년)
              dates         months and weekdays (October = 10월, Wednesday = 수요일)
              codes         inline codes missing, extra, or a pair ended before it starts
              punctuation   end punctuation (? ↔ ?), unbalanced quotes and brackets, double \
            spaces, whitespace at the ends
              untranslated  empty target, target equal to the source, target in the wrong script
              consistency   one source translated differently; one target for different sources
              urls          URLs, e-mail addresses, @handles and #hashtags kept as written
              length        targets far from the file's usual length ratio
              terminology   glossary terms (the bundled Glossaries/ unless --glossary): allowed \
            translations missing, deprecated or forbidden terms used, and another region's \
            spelling (로동당 where --target-variant ko-KR writes 노동당). In a domain's glossary, \
            a term that is one common word (source = 소식통, escape = 탈북) has the domain's \
            sense only in its texts: it is checked once a unit names the domain (a name or a \
            longer term of the glossary: North Korea, ballistic missile); a file of 20 units \
            or more that never does is in another domain, and those findings are left out \
            (counted on standard error) unless --all-terms

            Waivers: --write-ignore FILE writes every finding as a waiver line (UNIT, a tab, \
            CHECK, then the message as a comment); after review, --ignore FILE drops the \
            findings it lists, so a finding accepted once does not come back. Giving both the \
            same file adds the new findings to it.

            One line per finding: FILE: unit ID: CHECK (SEVERITY): message, then where, as \
            «text» at column N of the source or target (columns count Unicode scalars; JSON \
            gives UTF-8 byte offsets too). Exit 0 when clean, 1 with findings, 2 when the \
            input cannot be checked: a language pair the file does not have is an error, not \
            a clean pass.

            Examples:
              tmkit qa TMX/sample.en-ko.tmx
              tmkit qa translated.xlf --format jsonl
              tmkit qa pairs.tsv --from en --to ko --checks numbers,dates
              tmkit qa Examples/qa.en-ko.tsv --from en --to ko --target-variant ko-KP
              tmkit qa Examples/qa.en-ko.tsv --from en --to ko --write-ignore reviewed.tsv
              tmkit qa Examples/qa.en-ko.tsv --from en --to ko --ignore reviewed.tsv
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, jsonl }

    @Argument(help: "The file to check: .tmx, .xlf/.xliff, .tsv, .csv or .jsonl; '-' reads standard input (TMX unless --input-format).")
    var file: String

    @OptionGroup var languages: LanguagePairOptions
    @OptionGroup var glossaryOptions: OptionalGlossaryOptions

    @Option(help: "The checks to run, comma-separated (default all): \(QualityCheck.allCases.map(\.rawValue).joined(separator: ", ")).")
    var checks: String?

    @Option(help: "Output format: text, json or jsonl.")
    var format: Format = .text

    @Option(help: "Input format, when the extension does not say: tmx, tsv, csv, jsonl or xliff.")
    var inputFormat: MemoryFormat?

    @Option(help: ArgumentHelp(
        "The regional spelling the target must follow, from the glossary's regional terms: ko-KR (South Korean, the default for Korean) or ko-KP (North Korean, for broadcasts to the North).",
        valueName: "tag"))
    var targetVariant: String?

    @Flag(help: "Check the glossary's one-word terms (source = 소식통) in every file, also in files that never name the glossary's domain.")
    var allTerms = false

    @Option(help: ArgumentHelp("Waivers: findings of the units and checks listed (UNIT<tab>CHECK a line, as --write-ignore writes them) are not reported.", valueName: "file"))
    var ignore: String?

    @Option(help: ArgumentHelp("Write every finding reported (with the waivers of --ignore) as a waiver list to FILE.", valueName: "file"))
    var writeIgnore: String?

    func validate() throws {
        if try selectedChecks() == [.terminology], glossaryOptions.none {
            throw ValidationError("--no-glossary leaves nothing to check: --checks asks for terminology only")
        }
        _ = try variant()
    }

    /// --target-variant, validated (a known language with a region).
    func variant() throws -> LanguageTag? {
        guard let targetVariant else { return nil }
        let tag: LanguageTag
        do {
            tag = try LanguageTag(validating: targetVariant)
        } catch {
            throw ValidationError("--target-variant: \(error.message)")
        }
        guard tag.normalized.contains("-") else {
            throw ValidationError("--target-variant needs a region, such as ko-KR or ko-KP (got '\(targetVariant)')")
        }
        return tag
    }

    func selectedChecks() throws -> Set<QualityCheck> {
        guard let checks else { return Set(QualityCheck.allCases) }
        var selected = Set<QualityCheck>()
        for name in checks.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let check = QualityCheck(rawValue: name) else {
                throw ValidationError("unknown check '\(name)'; known: \(QualityCheck.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            selected.insert(check)
        }
        guard !selected.isEmpty else { throw ValidationError("--checks names no check") }
        return selected
    }

    /// Units checked together: each unit's own checks of a batch run on every core.
    static let batchSize = 2048

    func run() throws {
        let name = FileInput.displayName(file)
        let memoryFormat: MemoryFormat
        if let inputFormat {
            memoryFormat = inputFormat
        } else if file == "-" {
            memoryFormat = .tmx
        } else if let format = MemoryFormat(path: file) {
            memoryFormat = format
        } else {
            throw ValidationError("cannot tell the format of '\(file)'; give --input-format tmx, tsv, csv, jsonl or xliff")
        }
        var pair = languages.pair
        if pair == nil {
            switch memoryFormat {
            case .tmx: pair = file == "-" ? (.english, .korean) : try TMXPair.inferFromStart(file)
            case .xliff: pair = try TMXPair.inferXLIFF(file)
            default: throw ValidationError("--from and --to are required to label the columns of \(memoryFormat.rawValue.uppercased()) input")
            }
        }
        guard let pair else { return }
        let selected = try selectedChecks()
        var glossary: TermBase?
        let loadedGlossary = selected.contains(.terminology) ? try glossaryOptions.loadIfAny() : nil
        if selected.contains(.terminology), loadedGlossary == nil, !glossaryOptions.none {
            Report.note("terminology not checked: no glossary (give --glossary FILE, or set TMKIT_GLOSSARIES to a folder of TBX files)")
        }
        if let loaded = loadedGlossary {
            let covers = { (language: LanguageTag) in loaded.languages.contains { $0.matches(language) || language.matches($0) } }
            if covers(pair.source) && covers(pair.target) {
                glossary = loaded
            } else if !glossaryOptions.files.isEmpty {
                throw CommandError(message: "the glossary has no \(covers(pair.source) ? pair.target.normalized : pair.source.normalized) terms; "
                                   + "terminology cannot be checked for \(pair.source.normalized)→\(pair.target.normalized) (leave it out with --checks)")
            } else {
                Report.note("terminology not checked: the bundled glossary has no terms for \(pair.source.normalized)→\(pair.target.normalized)")
            }
        }
        var variant = try variant()
        if let chosen = variant, !chosen.isWithin(LanguageTag(pair.target.language) ?? pair.target) {
            throw ValidationError("--target-variant \(chosen.normalized) is not a variant of the target language \(pair.target.normalized)")
        }
        if let chosen = variant, pair.target.normalized.contains("-"), chosen != pair.target {
            throw ValidationError("--target-variant \(chosen.normalized) contradicts the file's target language \(pair.target.normalized)")
        }
        if variant == nil, pair.target.normalized == "ko" { variant = LanguageTag("ko-KR") }
        var checker = QualityChecker(source: pair.source, target: pair.target, checks: selected, glossary: glossary,
                                     targetVariant: variant, generalTerms: allTerms ? .always : .inDomain)
        let waivers = try ignore.map { try Waivers.read($0) } ?? Waivers()
        var waived = 0
        var written = writeIgnore == nil ? nil : Waivers()
        let input = try UnitInput.open(file, format: memoryFormat, pair: pair, skipInvalid: false)
        var out = OutputBuffer(sink: CommandIO.current.output)
        var units = 0
        var languagesSeen = Set<String>()
        var counts: [QualityCheck: Int] = [:]
        var flaggedUnits = Set<String>()
        var total = 0
        var first = true
        if format == .json { out.append("[") }
        func emit(_ finding: QualityFinding) {
            if waivers.contains(unit: finding.unit, check: finding.check) {
                waived += 1
                return
            }
            written?.add(unit: finding.unit, check: finding.check, note: finding.message)
            total += 1
            counts[finding.check, default: 0] += 1
            flaggedUnits.insert(finding.unit)
            switch format {
            case .text:
                var line = "\(name): unit \(finding.unit): \(finding.check.rawValue) (\(finding.severity.rawValue)): \(finding.message)"
                if let span = finding.source { line += "; source «\(span.text)» at column \(span.column)" }
                if let span = finding.target { line += "; target «\(span.text)» at column \(span.column)" }
                out.append(line + "\n")
            case .json, .jsonl:
                func span(_ span: QualitySpan?) -> JSONValue {
                    guard let span else { return .null }
                    return .object([("text", .string(span.text)), ("start", JSONValue(span.start)), ("end", JSONValue(span.end)),
                                    ("column", JSONValue(span.column))])
                }
                let object = JSONValue.object([
                    ("unit", .string(finding.unit)), ("check", .string(finding.check.rawValue)),
                    ("severity", .string(finding.severity.rawValue)), ("message", .string(finding.message)),
                    ("source", span(finding.source)), ("target", span(finding.target)),
                ]).serialized()
                if format == .json {
                    out.append(first ? "\n" : ",\n")
                    out.append(object)
                } else {
                    out.append(object + "\n")
                }
                first = false
            }
        }
        // Units are checked a batch at a time: each unit's own checks of a batch on every core
        // (on a queue of their own, while this thread reads the next batch and reports the one
        // before), then consistency and length here in file order, so findings come out as
        // unit-by-unit checking gives them.
        let workers = concurrentWorkers
        let unitChecker = checker.unitChecker
        let checking = DispatchQueue(label: "tmkit.qa.checks")
        var pending: (group: DispatchGroup, checks: CheckedBatch)?
        var batch: [QualityChecker.Unit] = []
        batch.reserveCapacity(Self.batchSize)
        func report() {
            guard let (group, checks) = pending else { return }
            pending = nil
            group.wait()
            for findings in checker.record(checks.take()) {
                for finding in findings { emit(finding) }
            }
        }
        func flush() {
            guard !batch.isEmpty else { return }
            let units = batch, checks = CheckedBatch(), group = DispatchGroup()
            batch = []
            batch.reserveCapacity(Self.batchSize)
            checking.async(group: group) { checks.put(unitChecker.check(units, workers: workers)) }
            report()
            pending = (group, checks)
        }
        func checkUnits() throws {
            // A file that turns out bad half-way still gets the findings of the units before
            // (general-word terms waiting for the glossary's domain too, in a file too short to say).
            var completed = false
            defer {
                flush()
                report()
                if !completed {
                    for finding in checker.pendingFindings { emit(finding) }
                    Self.noteLeftOut(checker, option: "--all-terms checks them")
                    // The findings so far stay valid JSON; the error follows on standard error.
                    if format == .json { out.append(first ? "]\n" : "\n]\n") }
                    out.flush()
                }
            }
            while let unit = try input.next() {
                for variant in unit.variants { languagesSeen.insert(variant.language.normalized) }
                guard let source = TabularMemory.variant(of: unit, in: pair.source),
                      let target = TabularMemory.variant(of: unit, in: pair.target) else { continue }
                units += 1
                batch.append(QualityChecker.Unit(id: unit.id ?? String(units), source: source.content, target: target.content))
                if batch.count >= Self.batchSize { flush() }
            }
            completed = true
        }
        // A large TMX takes a while: progress on standard error (on a terminal, or --progress
        // always), unless the findings themselves go to that terminal.
        let io = CommandIO.current
        if let reader = input.tmxReader, io.progress == .always || !io.outputIsTerminal {
            try TMXProgress.run(reader) { try checkUnits() }
        } else {
            try checkUnits()
        }
        input.finish()
        // No silent pass: a file without the pair was not checked.
        guard units > 0 else {
            let seen = languagesSeen.sorted().joined(separator: ", ")
            throw CommandError(message: "\(name): no unit has both \(pair.source.normalized) and \(pair.target.normalized)"
                               + (seen.isEmpty ? " (no units)" : " (the file has \(seen)); give the pair with --from and --to"))
        }
        for finding in checker.finish() { emit(finding) }
        Self.noteLeftOut(checker, option: "--all-terms checks them")
        if format == .json { out.append(first ? "]\n" : "\n]\n") }
        out.flush()
        if let writeIgnore, var written {
            written.merge(waivers)
            try OutputFile.write(writeIgnore) { $0.write(written.serialized()) }
            Report.summary("\(written.count) waiver\(written.count == 1 ? "" : "s") written to \(writeIgnore)")
        }
        if waived > 0, let ignore { Report.summary("\(waived) finding\(waived == 1 ? "" : "s") waived by \(ignore)") }
        if total == 0 {
            Report.summary("\(name): no findings in \(units) units (\(pair.source.normalized)→\(pair.target.normalized); checks: \(selected.sorted().map(\.rawValue).joined(separator: ", ")))")
        } else {
            let byCheck = counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
            Report.summary("\(name): \(total) finding\(total == 1 ? "" : "s") in \(flaggedUnits.count) of \(units) units (\(byCheck))")
            throw ExitCode(1)
        }
    }
}

/// A batch's unit checks, handed from the checking queue to the thread that reports them.
private final class CheckedBatch: Sendable {
    private let checks = Mutex<QualityChecker.UnitChecks?>(nil)

    func put(_ value: QualityChecker.UnitChecks) { checks.withLock { $0 = value } }

    /// The checks put (after the batch's group was waited for).
    func take() -> QualityChecker.UnitChecks { checks.withLock { $0.take()! } }
}

extension QACommand {
    /// Says on standard error how many general-word terminology findings were left out, and why.
    static func noteLeftOut(_ checker: QualityChecker, option: String) {
        noteLeftOut(checker.generalTermFindingsLeftOut, domainNamed: checker.domainNamed, what: "terminology finding", option: option)
    }

    /// Says on standard error that `count` findings of one-word terms were left out, and why.
    static func noteLeftOut(_ count: Int, domainNamed: Bool, what: String, option: String) {
        guard count > 0 else { return }
        let findings = "\(count) \(what)\(count == 1 ? "" : "s") of the glossary's one-word terms (source = 소식통)"
        if domainNamed {
            Report.note("\(findings) not reported: more than 100,000 waited for a unit to name the glossary's domain; \(option)")
        } else {
            Report.note("\(findings) left out: no unit names the glossary's domain, so they are words of another domain here; \(option)")
        }
    }
}
