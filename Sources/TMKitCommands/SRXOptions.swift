import ArgumentParser
import Documents
import Segmentation
import TMKitCore
import TMX

/// `--srx FILE [--srx-only]`: segment with a CAT tool's SRX 2.0 rules instead of tmkit's
/// (`segment`, `pretranslate`).
struct SRXOptions: ParsableArguments {
    @Option(name: .customLong("srx"), help: ArgumentHelp(
        "Segment with the rules of this SRX 2.0 file instead of tmkit's.", valueName: "file"))
    var srx: String?

    @Flag(name: .customLong("srx-only"), help: "With --srx: the SRX rules alone, without ICU's boundaries as the last rule.")
    var srxOnly = false

    func validate() throws {
        if srxOnly && srx == nil { throw ValidationError("--srx-only needs --srx FILE") }
    }

    /// The file's rules, read (streaming) once; nil without --srx.
    func rules() throws -> SRXRules? {
        try srx.map { path in try SRXRules.read(from: FileInput.chunks(path), file: FileInput.displayName(path)) }
    }

    /// The segmenter for `tag`: tmkit's rules, or the SRX file's (with a warning when no map
    /// of the file covers the language).
    /// Large pieces are cut on every processor at once (``ParallelSegmenter``: the same segments).
    func segmenter(for tag: LanguageTag, rules: SRXRules?) throws -> any DocumentSegmenter {
        guard let rules, let srx else { return try ParallelSegmenter { () throws(SegmentationError) in try SentenceSegmenter(language: tag) } }
        if rules.maps(for: tag).isEmpty {
            CommandIO.current.errorOutput.write(
                "tmkit: warning: \(srx) maps no rules to '\(tag.normalized)'\(srxOnly ? "; the text stays whole" : "; ICU alone decides")\n")
        }
        let fallback = !srxOnly
        return try ParallelSegmenter { () throws(SegmentationError) in try SRXSegmenter(rules: rules, language: tag, icuFallback: fallback) }
    }
}
