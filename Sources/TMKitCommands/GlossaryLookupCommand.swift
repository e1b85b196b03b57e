@_spi(Internals) import TextAnalysis
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

/// `tmkit glossary lookup TERM`.
struct GlossaryLookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
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
