import Documents
import TMKitCore
import TranslationMemory
import XLIFF

/// A document as XLIFF for a CAT tool (`tmkit extract`): one XLIFF unit per document unit with
/// the same id, the document's skeleton inside the file so that `tmkit merge` needs nothing
/// else, and what the memory and the glossary offer:
///
/// - an exact match (100, 101) fills the target (`state="translated"`);
/// - every match at or above the threshold, exact or fuzzy, is a candidate (1.2 `<alt-trans>`,
///   2.1 `<mtc:match>`) with its score and memory unit id; a fuzzy one never fills the target;
/// - glossary terms in the source are notes (1.2) or glossary entries (2.1);
/// - with `copySource`, a unit without an exact match gets its source as target with state
///   `needs-translation` (1.2) / `initial` (2.1), for tools that translate only units with a
///   target (OmegaT 3.6); such a copy never counts as a translation.
public enum XLIFFExtraction {
    /// Writes `document` (named `original`, of `format`) to `writer` as one `<file>`, leveraging
    /// each unit with `pretranslator` when given; `fuzzy` receives the TMX unit of every unit
    /// whose best match is fuzzy (for `--fuzzy-tmx`). Returns the analysis by band (empty
    /// without a pretranslator).
    public static func write(
        _ document: any TranslatableDocument, original: String, format: DocumentFormat, to writer: XLIFFWriter,
        pretranslator: Pretranslator?, copySource: Bool = false, fuzzy: ((TranslationUnit) -> Void)? = nil
    ) throws -> [Pretranslator.Band] {
        writer.beginFile(original: original, datatype: format.datatype, skeleton: document.skeleton.jsonBytes())
        defer { writer.endFile() }
        guard let pretranslator else {
            for unit in document.units {
                var segment = XLIFFSegment(source: unit.source)
                if copySource { (segment.target, segment.state) = (unit.source, .initial) }
                writer.write(XLIFFUnit(id: unit.id, segments: [segment]))
            }
            return []
        }
        return try pretranslator.leverage(document) { leverage in
            var xliffUnit = unit(leverage)
            if copySource, xliffUnit.segments[0].target == nil {
                (xliffUnit.segments[0].target, xliffUnit.segments[0].state) = (leverage.unit.source, .initial)
            }
            writer.write(xliffUnit)
            if let fuzzy, let best = leverage.matches.first, best.score < 100 {
                fuzzy(Pretranslator.unit(leverage, source: pretranslator.source, target: pretranslator.target))
            }
        }
    }

    /// The XLIFF unit of a leveraged document unit.
    public static func unit(_ leverage: Pretranslator.Leverage) -> XLIFFUnit {
        var segment = XLIFFSegment(source: leverage.unit.source)
        if let best = leverage.matches.first, best.score >= 100 {
            segment.target = SegmentContent(text: best.target)
            segment.state = .translated
        }
        return XLIFFUnit(
            id: leverage.unit.id, segments: [segment],
            matches: leverage.matches.map { match in
                XLIFFMatch(score: match.score, origin: "tmkit memory", memoryID: match.tuid,
                           source: SegmentContent(text: match.source), target: SegmentContent(text: match.target))
            },
            terms: leverage.terms.map { XLIFFTerm(term: $0.term, translations: $0.translations) })
    }
}
