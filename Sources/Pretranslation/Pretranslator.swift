import Foundation
import Documents
import Glossary
import Segmentation
import TMKitCore
import TextAnalysis
import TranslationMemory

/// Fills the segments of a document from a translation memory, as CAT tools do before a
/// translator starts, and analyses the document by match band.
public struct Pretranslator {
    /// One match band of the analysis: how many segments and words had their best match in it.
    public struct Band: Sendable, Hashable {
        /// The band's label: `101`, `100`, `95–99`, `85–94`, `75–84`, `50–74` or `no match`.
        public var name: String
        /// How many segments fell in the band.
        public var segments = 0
        /// How many words and numbers those segments hold (0 when ``Pretranslator/countsWords`` is off).
        public var words = 0
    }

    /// A pretranslated document: its TMX units and the analysis by band.
    public struct Result: Sendable {
        /// One unit per segment: the source, and the best match's target when it scored at or
        /// above the threshold (its score and kind as props `x-match-score`, `x-match-kind`),
        /// glossary terms as notes.
        public var units: [TranslationUnit]
        /// Segments and words by band: 101, 100, 95–99, 85–94, 75–84, 50–74, no match.
        public var bands: [Band]
    }

    /// The memory to look units up in; nil looks nothing up (terms only).
    public let memory: (any MemoryStore)?
    /// The language of the document, looked up as the source side of the memory.
    public let source: LanguageTag
    /// The language the memory's matches and the glossary's terms are taken in.
    public let target: LanguageTag
    /// The lowest score (0–101) a match needs to fill a target or be offered; 75 by default.
    public var minimumScore: Int
    /// The glossary whose terms are looked for in each source; nil finds no terms.
    public var glossary: TermBase?

    /// Creates a pretranslator from `source` to `target` that fills targets from `memory` with
    /// matches scoring `minimumScore` or more, and notes the terms of `glossary`.
    public init(memory: (any MemoryStore)?, source: LanguageTag, target: LanguageTag, minimumScore: Int = 75,
                glossary: TermBase? = nil) {
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
    /// `DocumentFormat`).
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
        try leverage(document) { try body(Self.unit($0, source: source, target: target)) }
    }

    /// A glossary entry found in a unit's source: the term as the glossary writes it and its
    /// allowed translations.
    public struct FoundTerm: Sendable, Hashable {
        /// The source-language term as the glossary writes it.
        public var term: String
        /// The entry's allowed terms in the target language, in glossary order.
        public var translations: [String]
    }

    /// What the memory and the glossary offer for one document unit.
    public struct Leverage: Sendable {
        /// The document unit these matches and terms are for, with its id and inline codes.
        public var unit: DocumentUnit
        /// Matches at or above ``Pretranslator/minimumScore``, best first, at most
        /// ``Pretranslator/candidates``.
        public var matches: [MemoryMatch]
        /// Glossary entries in the source with translations, in order of first occurrence.
        public var terms: [FoundTerm]
        /// Words and numbers in the source (what the analysis counts).
        public var words: Int
    }

    /// How many matches ``leverage(_:each:)`` keeps a unit (1 for a TMX; more for XLIFF).
    public var candidates = 1

    /// The lowest score looked for: 50 by default, so the analysis can count the 50–74 band;
    /// ``minimumScore`` when the caller needs no analysis below it (a lower floor makes the
    /// memory score many more candidates).
    public var lookupFloor = 50

    /// Whether the analysis counts words (it tokenizes every unit; a caller that prints no word
    /// counts turns it off).
    public var countsWords = true

    /// Looks every unit of `document` up (matches and terms), handing each to `body` as soon as
    /// it is done, and returns the analysis by band (the best match at 50 or above counts, even
    /// under ``minimumScore``). A unit repeated in the document is looked up once.
    public func leverage(_ document: any TranslatableDocument, each body: (Leverage) throws -> Void) throws -> [Band] {
        var leverager = Leverager(self)
        for unit in document.units { try body(try leverager.leverage(unit)) }
        return leverager.bands
    }

    /// Unit-by-unit leveraging, for documents read piece by piece: the same results, in the same
    /// order, as ``leverage(_:each:)``.
    public struct Leverager {
        private let pretranslator: Pretranslator
        /// What finds the glossary terms of a unit; nil without a glossary.
        public let termFinder: TermFinder?
        private var previousExact = false
        /// The term finder's buffers, for the terms this leverager finds itself.
        private var termLookup = TermFinder.Lookup()
        // A segment seen before (with the same context) gets the same matches without a lookup:
        // documents repeat datelines, bylines and boilerplate. Bounded; cleared when full.
        private struct Seen: Hashable { var text: String; var previousExact: Bool }
        private var seen: [Seen: [MemoryMatch]] = [:]
        /// The analysis so far.
        public private(set) var bands = Pretranslator.bandNames.map { Band(name: $0) }

        /// Starts leveraging a document with the memory, glossary and settings of `pretranslator`.
        public init(_ pretranslator: Pretranslator) {
            self.pretranslator = pretranslator
            termFinder = pretranslator.glossary.map { TermFinder(glossary: $0, source: pretranslator.source, target: pretranslator.target) }
        }

        /// What the memory and the glossary offer `documentUnit`, the next unit of the document;
        /// `terms`, when given, are its glossary terms already found (by ``termFinder``, on
        /// another thread).
        public mutating func leverage(_ documentUnit: DocumentUnit, terms: [FoundTerm]? = nil) throws -> Leverage {
            let p = pretranslator
            // The source's plain text is built only when something reads it: without a memory,
            // with the terms found elsewhere and no words counted (extract with a glossary alone),
            // nothing does.
            lazy var text = documentUnit.text
            let found: [MemoryMatch]
            if let memory = p.memory {
                let key = Seen(text: text, previousExact: previousExact)
                if let known = seen[key] {
                    found = known
                } else {
                    found = try memory.lookup(text, from: p.source, to: p.target, minimumScore: Swift.min(p.lookupFloor, p.minimumScore),
                                              limit: Swift.max(1, p.candidates), previousWasExact: previousExact, candidates: 3000)
                    if seen.count >= 20_000 { seen.removeAll(keepingCapacity: true) }
                    seen[key] = found
                }
            } else {
                found = []
            }
            let best = found.first
            previousExact = (best?.score ?? 0) >= 100
            let words = p.countsWords ? MatchTokenizer.tokens(text).filter { $0.kind == .word || $0.kind == .number }.count : 0
            let band = Pretranslator.band(best?.score)
            bands[band].segments += 1
            bands[band].words += words
            return Leverage(unit: documentUnit, matches: found.filter { $0.score >= p.minimumScore },
                            terms: terms ?? termFinder?.terms(in: text, lookup: &termLookup) ?? [], words: words)
        }
    }

    /// Finds a unit's glossary terms. A unit's terms depend on nothing before it, so other
    /// threads can find them while the memory is looked up in document order.
    public struct TermFinder: Sendable {
        private let glossary: TermBase
        private let matcher: TermMatcher
        private let target: LanguageTag

        /// A finder of `glossary`'s `source` terms, offering their allowed `target` terms.
        public init(glossary: TermBase, source: LanguageTag, target: LanguageTag) {
            self.glossary = glossary
            self.target = target
            matcher = TermMatcher(glossary: glossary, language: source)
        }

        /// The glossary terms in a unit's `text`, each entry once, with its allowed target terms
        /// (entries with none are left out).
        public func terms(in text: String) -> [FoundTerm] {
            var lookup = Lookup()
            return terms(in: text, lookup: &lookup)
        }

        /// What one thread keeps between texts: the matcher's buffers, and each entry's allowed
        /// target terms once found (an entry's terms are read from the shared glossary once, not
        /// at every match: copying them at every match counted references on every core at once).
        struct Lookup {
            var scratch = TermMatcher.Scratch()
            var targets: [Int: [String]] = [:]
        }

        func terms(in text: String, lookup: inout Lookup) -> [FoundTerm] {
            var text = text
            let matches = text.withUTF8 { matcher.matches(in: $0, range: 0..<$0.count, scratch: &lookup.scratch) }
            var terms: [FoundTerm] = []
            var entries = Set<Int>()
            for match in matches where entries.insert(match.entryIndex).inserted {
                let targets: [String]
                if let known = lookup.targets[match.entryIndex] {
                    targets = known
                } else {
                    targets = glossary.entries[match.entryIndex].terms(in: target)
                        .filter { $0.term.effectiveStatus.isAllowed }.map(\.term.text)
                    lookup.targets[match.entryIndex] = targets
                }
                guard !targets.isEmpty else { continue }
                terms.append(FoundTerm(term: match.term.text, translations: targets))
            }
            return terms
        }

        /// ``terms(in:)`` of each text, in order, found on every core.
        public func terms(inEach texts: [String]) -> [[FoundTerm]] {
            Array(concurrentSlices(count: texts.count, workers: ProcessInfo.processInfo.activeProcessorCount, minimumSlice: 64) { range in
                var lookup = Lookup()
                return range.map { terms(in: texts[$0], lookup: &lookup) }
            }.joined())
        }
    }

    /// The TMX unit of a leveraged document unit: the source, the best match's target with its
    /// score and kind as props (`x-match-score`, `x-match-kind`, `x-match-tuid`), terms as notes.
    public static func unit(_ leverage: Leverage, source: LanguageTag, target: LanguageTag) -> TranslationUnit {
        var unit = TranslationUnit(id: leverage.unit.id, variants: [Variant(language: source, content: leverage.unit.source)])
        if let best = leverage.matches.first {
            unit.variants.append(Variant(language: target, text: best.target))
            unit.properties = [
                Property(type: "x-match-score", value: String(best.score)),
                Property(type: "x-match-kind", value: best.kind.rawValue),
            ]
            if let tuid = best.tuid { unit.properties.append(Property(type: "x-match-tuid", value: tuid)) }
        }
        unit.notes = leverage.terms.map { Note("\($0.term) → \($0.translations.joined(separator: ", "))") }
        return unit
    }
}
