import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import Documents
import Glossary
import Segmentation
import TMKitCore
import TMX
import Glibc

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
            // One file (the usual case) is taken as read: merging copies every entry.
            glossary = glossary.entries.isEmpty && glossary.title == nil ? read : glossary.merged(with: read)
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

    /// ``loadIfAny(pair:)``, saying so on standard error when no glossary is found (a binary
    /// copied away from its checkout, with no `Glossaries/` here and no `$TMKIT_GLOSSARIES`), so
    /// that a translator knows the terms were not looked for; `without` says what is left out.
    func loadOrSayNone(pair: (LanguageTag, LanguageTag)? = nil, without: String) throws -> TermBase? {
        let loaded = try loadIfAny(pair: pair)
        if loaded == nil, !none {
            Report.note("no glossary, so \(without): give --glossary FILE, run from a folder that has Glossaries/, "
                        + "or set TMKIT_GLOSSARIES to a folder of TBX files (--no-glossary to use none on purpose)")
        }
        return loaded
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
