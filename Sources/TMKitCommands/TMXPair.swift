import ArgumentParser
import TMKitCore
import TMX
import XLIFF

/// Finding the language pair of a bilingual TMX or XLIFF.
enum TMXPair {
    /// The source and target languages the XLIFF's first file names.
    static func inferXLIFF(_ path: String) throws -> (source: LanguageTag, target: LanguageTag) {
        guard path != "-" else {
            throw ValidationError("give --from and --to to pick the columns from standard input")
        }
        let name = FileInput.displayName(path)
        let document = try XLIFFReader.read(try FileInput.readAll(path, limit: InputLimits.xliff, what: "an XLIFF"), file: name)
        guard let file = document.files.first, let source = file.sourceLanguage, let target = file.targetLanguage else {
            throw ValidationError("\(path) names no source and target language; give --from and --to")
        }
        return (source, target)
    }

    /// The header's source language and the other language of the file's first units (up to
    /// 1,000): what a command that reads the file once anyway (qa) can afford.
    static func inferFromStart(_ path: String) throws -> (source: LanguageTag, target: LanguageTag) {
        let reader = try TMXReader(path: path, options: .init(skipInvalid: true))
        let header = try reader.readHeader()
        var languages: [LanguageTag] = []
        var read = 0
        while read < 1000, let unit = try reader.next() {
            read += 1
            for variant in unit.variants where !languages.contains(variant.language) { languages.append(variant.language) }
        }
        let listed = languages.map(\.normalized).joined(separator: ", ")
        guard let source = header.sourceLanguage.flatMap(LanguageTag.init).flatMap({ LanguageTag.bestMatch(for: $0, in: languages, language: { $0 }) }) else {
            throw ValidationError("\(path) names no source language its units have (srclang); pick the pair with --from and --to (\(listed))")
        }
        let others = languages.filter { $0 != source }
        guard others.count == 1 else {
            throw ValidationError("\(path) has \(languages.count) languages (\(listed)); pick the pair with --from and --to")
        }
        return (source, others[0])
    }

    /// The header's source language and the one other language, when the file has exactly two.
    static func infer(_ path: String) throws -> (source: LanguageTag, target: LanguageTag) {
        guard path != "-" else {
            throw ValidationError("give --from and --to to pick the columns from standard input")
        }
        let statistics = try TMXStatistics.collect(from: try TMXReader(path: path, options: .init(skipInvalid: true)))
        let languages = statistics.languages
        let listed = languages.map(\.normalized).joined(separator: ", ")
        guard languages.count == 2 else {
            throw ValidationError("\(path) has \(languages.count) languages (\(listed)); pick the pair with --from and --to")
        }
        if let srclang = statistics.sourceLanguage.flatMap(LanguageTag.init),
           let source = LanguageTag.bestMatch(for: srclang, in: languages, language: { $0 }) {
            return (source, languages.first { $0 != source }!)
        }
        throw ValidationError("\(path) names no source language (srclang); pick the pair with --from and --to (\(listed))")
    }
}
