import Documents
import Glossary
import Segmentation
import TMKitCore
import TextAnalysis
import TranslationMemory

/// Fills the segments of a document from a translation memory, as CAT tools do before a
/// translator starts, and analyses the document by match band.
public struct Pretranslator {
    public struct Band: Sendable, Hashable {
        public var name: String
        public var segments = 0
        public var words = 0
    }

    public struct Result: Sendable {
        /// One unit per segment: the source, and the best match's target when it scored at or
        /// above the threshold (its score and kind as props `x-match-score`, `x-match-kind`),
        /// glossary terms as notes.
        public var units: [TranslationUnit]
        /// Segments and words by band: 101, 100, 95–99, 85–94, 75–84, 50–74, no match.
        public var bands: [Band]
    }

    public let memory: TranslationMemory
    public let source: LanguageTag
    public let target: LanguageTag
    public var minimumScore: Int
    public var glossary: Glossary?

    public init(memory: TranslationMemory, source: LanguageTag, target: LanguageTag, minimumScore: Int = 75,
                glossary: Glossary? = nil) {
        self.memory = memory
        self.source = source
        self.target = target
        self.minimumScore = minimumScore
        self.glossary = glossary
    }

    static let bandNames = ["101", "100", "95–99", "85–94", "75–84", "50–74", "no match"]

    static func band(_ score: Int?) -> Int {
        guard let score else { return 6 }
        switch score {
        case 101...: return 0
        case 100: return 1
        case 95...99: return 2
        case 85...94: return 3
        case 75...84: return 4
        case 50...74: return 5
        default: return 6
        }
    }

    /// Pretranslates the units of any document (plain text, and every format of
    /// ``DocumentFormat``).
    public func pretranslate(_ document: any TranslatableDocument) throws -> Result {
        var units: [TranslationUnit] = []
        let bands = try pretranslate(document) { units.append($0) }
        return Result(units: units, bands: bands)
    }

    /// A plain-text document cut by `segmenter` (tmkit's rules or a CAT tool's SRX rules).
    public func pretranslate(_ document: TextDocument, segmenter: any DocumentSegmenter) throws -> Result {
        try pretranslate(PlainTextDocument(document, segmenter: segmenter))
    }

    /// Streaming form for plain text (see ``pretranslate(_:each:)``).
    public func pretranslate(_ document: TextDocument, segmenter: any DocumentSegmenter,
                             each body: (TranslationUnit) throws -> Void) throws -> [Band] {
        try pretranslate(PlainTextDocument(document, segmenter: segmenter), each: body)
    }

    /// Streaming form: hands each unit to `body` as soon as it is done (one unit per document
    /// unit, with the document unit's id as `tuid` and its inline codes in the source), and
    /// returns the analysis by band. Memory lookup and term matching see the text without codes.
    public func pretranslate(_ document: any TranslatableDocument,
                             each body: (TranslationUnit) throws -> Void) throws -> [Band] {
        var bands = Self.bandNames.map { Band(name: $0) }
        let matcher = glossary.map { TermMatcher(glossary: $0, language: source) }
        var previousExact = false
        // A segment seen before (with the same context) gets the same match without a lookup:
        // documents repeat datelines, bylines and boilerplate. Bounded; cleared when full.
        struct Seen: Hashable { var text: String; var previousExact: Bool }
        var seen: [Seen: TranslationMemory.Match?] = [:]
        for documentUnit in document.units {
            let text = documentUnit.text
            let key = Seen(text: text, previousExact: previousExact)
            let best: TranslationMemory.Match?
            if let known = seen[key] {
                best = known
            } else {
                best = try memory.lookup(text, from: source, to: target, minimumScore: 50, limit: 1,
                                         previousWasExact: previousExact).first
                if seen.count >= 20_000 { seen.removeAll(keepingCapacity: true) }
                seen[key] = best
            }
            previousExact = (best?.score ?? 0) >= 100
            let words = MatchTokenizer.tokens(text).filter { $0.kind == .word || $0.kind == .number }.count
            let band = Self.band(best?.score)
            bands[band].segments += 1
            bands[band].words += words
            var unit = TranslationUnit(id: documentUnit.id,
                                       variants: [Variant(language: source, content: documentUnit.source)])
            if let best, best.score >= minimumScore {
                unit.variants.append(Variant(language: target, text: best.target))
                unit.properties = [
                    Property(type: "x-match-score", value: String(best.score)),
                    Property(type: "x-match-kind", value: best.kind.rawValue),
                ]
                if let tuid = best.tuid { unit.properties.append(Property(type: "x-match-tuid", value: tuid)) }
            }
            if let matcher, let glossary {
                var entries = Set<Int>()
                for match in matcher.matches(in: text) where entries.insert(match.entryIndex).inserted {
                    let targets = glossary.entries[match.entryIndex].terms(in: target)
                        .filter { $0.term.effectiveStatus.isAllowed }.map(\.term.text)
                    guard !targets.isEmpty else { continue }
                    unit.notes.append(Note("\(match.term.text) → \(targets.joined(separator: ", "))"))
                }
            }
            try body(unit)
        }
        return bands
    }
}
