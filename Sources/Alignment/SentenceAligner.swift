import Foundation
import Glossary
import Segmentation
import TMKitCore

/// One bead of an alignment: consecutive source sentences and the target sentences that
/// translate them (either side may be empty: an omission or an addition).
public struct Bead: Sendable, Hashable {
    /// Indices of the bead's source sentences, 0-based (empty for an addition).
    public var source: Range<Int>
    /// Indices of the bead's target sentences, 0-based (empty for an omission).
    public var target: Range<Int>
    /// The probability, under the aligner's model, that this bead is right (0–1).
    public var confidence: Double

    /// A bead pairing the given sentence ranges; confidence defaults to 1 (certain, as in gold data).
    public init(source: Range<Int>, target: Range<Int>, confidence: Double = 1) {
        self.source = source
        self.target = target
        self.confidence = confidence
    }

    /// `"1-1"`, `"2-1"`, `"1-0"`, …
    public var kind: String { "\(source.count)-\(target.count)" }
}

/// Two documents' sentences and the beads that pair them.
public struct SentenceAlignment: Sendable {
    /// The source document's sentences, in order: what beads' `source` ranges index.
    public var source: [String]
    /// The target document's sentences, in order: what beads' `target` ranges index.
    public var target: [String]
    /// The beads in document order; together they cover every sentence of both documents once.
    public var beads: [Bead]
    /// Target characters per source character, as estimated from the documents.
    public var ratio: Double
    /// States in the search band the beads came from (diagnostics and tests).
    var searchedStates = 0

    /// A bead's source sentences joined with spaces (empty for an addition).
    public func sourceText(_ bead: Bead) -> String { source[bead.source].joined(separator: " ") }
    /// A bead's target sentences joined with spaces (empty for an omission).
    public func targetText(_ bead: Bead) -> String { target[bead.target].joined(separator: " ") }
}

/// A sentence with the paragraph it belongs to (paragraph breaks anchor the alignment).
public struct AlignmentSentence: Sendable, Hashable {
    /// The sentence as it appears in the document.
    public var text: String
    /// 0-based index of the paragraph the sentence is in.
    public var paragraph: Int

    /// A sentence in the given paragraph (by default 0: with every sentence in paragraph 0,
    /// there are no breaks to anchor on).
    public init(_ text: String, paragraph: Int = 0) {
        self.text = text
        self.paragraph = paragraph
    }
}

/// Aligns the sentences of a document with those of its translation.
///
/// Dynamic programming over beads 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2, each scored in nats
/// (negative log probabilities, lower is better):
/// - a prior for the bead's kind (Gale and Church 1993);
/// - a length model: the target's length in characters is normal around `ratio` times the
///   source's, with a variance proportional to it; the ratio is estimated from the two
///   documents and the variance from a first pass's confident 1-1 beads;
/// - anchors: glossary concepts whose terms occur on both sides, numbers (5,000 = 5,000원, two weeks = 2주,
///   1.2 million = 120만, October 10 = 10월 10일), Latin-script words in a document in another
///   script (Daily NK, UN), quotation marks; each anchor found on both sides lowers the cost,
///   each found on one side only raises it; between English and Korean also names and
///   loanwords by their sound (Hyesan = 혜산) and everyday news words of tmkit's own word list
///   (hospital = 병원, arrested = 체포된, Thursday = 목요일), which lower the cost where found
///   on both sides; one side's alone costs a pairing a little when the other document has it
///   elsewhere (`unpairedWordWeight`), and costs a left-out sentence nothing;
/// - paragraph breaks: a bead ending where both documents end a paragraph costs less, one
///   ending where only one does costs more, and a 2-sentence side spanning a break costs more;
///   the weights drop to three quarters when the paragraph counts differ (a paragraph missing
///   on one side), so the sentences can realign.
///
/// The search keeps to a band around the diagonal, widened until the best path stays clear of
/// its edges, so two 10,000-sentence documents align in well under a second. Each bead's
/// confidence is its posterior probability (forward-backward over the same band).
public struct SentenceAligner: Sendable {
    /// What the aligner uses and how it weighs it: anchors, paragraph breaks, the search band,
    /// and the bead priors and cost weights fitted on English–Korean news.
    public struct Options: Sendable {
        /// Use glossary, number, name and quotation anchors (off: Gale–Church lengths only).
        public var anchors = true
        /// Use paragraph breaks.
        public var paragraphs = true
        /// Re-estimate the length variance from a first pass.
        public var reestimate = true
        /// Half-width of the first search band, in sentences.
        public var band = 40
        /// The most states (pairs of source and target positions) the search band may hold:
        /// memory stays within about 64 bytes a state whatever the documents. The band stops
        /// widening there (repetitive text can otherwise widen it to the whole grid) and starts
        /// narrower than `band` for documents of more than about 12,000 sentences (never
        /// narrower than 8).
        public var maximumStates = 1_000_000
        /// Prior probabilities of a 1-0 (and of a 0-1), a 2-1 (and of a 1-2), and a 2-2 bead.
        /// These and the weights below were fitted on real English–Korean news (the news-dev
        /// alignment set: coordinate descent on pair F1 plus deleted sentences found, fitted on
        /// half the documents and checked on the other half, then fitted on all; see
        /// `AlignBenchmark news --fit` and Benchmarks/RESULTS.md): news translators leave out a
        /// sentence more often than Gale and Church's parliament translators did, and re-cut
        /// sentences less often; 2-2 beads are rare.
        public var omission: Float = 0.005
        /// Prior probability of a 2-1 bead (and of a 1-2), fitted as described above.
        public var merge: Float = 0.0055625
        /// Prior probability of a 2-2 bead, fitted as described above.
        public var twoTwo: Float = 0.0004375
        /// Scales the anchors' costs (glossary concepts, numbers, sounds, Latin words, quotes).
        public var anchorWeight: Float = 0.7
        /// Scales the paragraph costs.
        public var paragraphWeight: Float = 1
        /// Scales the length model's cost.
        public var lengthWeight: Float = 0.5
        /// What a 2-2 bead costs more when its anchors pair first with first and second with
        /// second (two 1-1 beads, then).
        public var straightTwoTwo: Float = 1.5
        /// What each sound or everyday word costs a pairing (1-1, 2-1, 1-2, 2-2) when one side
        /// holds it and the other does not, though the other document has it somewhere.
        public var unpairedWordWeight: Float = 0.5
        /// Confidences are posteriors of the costs divided by this (above 1: less sure), set
        /// so that beads at 0.9 or more are right 99% of the time on each variant of the news set.
        public var temperature: Float = 1.6

        /// Options with the fitted priors and weights, choosing which anchors and passes to use and
        /// the first band's half-width in sentences.
        public init(anchors: Bool = true, paragraphs: Bool = true, reestimate: Bool = true, band: Int = 40) {
            self.anchors = anchors
            self.paragraphs = paragraphs
            self.reestimate = reestimate
            self.band = band
        }

        /// Gale–Church: sentence lengths and bead priors only.
        public static let lengthOnly: Options = {
            var options = Options(anchors: false, paragraphs: false)
            // Gale and Church's priors (2-2 at the value tmkit used before fitting) and costs.
            (options.omission, options.merge, options.twoTwo) = (0.01, 0.089 / 2, 0.02)
            (options.lengthWeight, options.temperature) = (1, 1)
            return options
        }()
    }

    /// Language of the source side: picks its segmenter and the glossary terms matched in it.
    public let sourceLanguage: LanguageTag
    /// Language of the target side: picks its segmenter and the glossary terms matched in it.
    public let targetLanguage: LanguageTag
    /// The settings every `align` call uses.
    public var options: Options
    let sourceMatcher: TermMatcher?
    let targetMatcher: TermMatcher?

    /// An aligner from one language to another. With a glossary, concepts whose terms occur in
    /// both a source and a target sentence anchor them together.
    public init(from source: LanguageTag, to target: LanguageTag, glossary: TermBase? = nil, options: Options = Options()) {
        sourceLanguage = source
        targetLanguage = target
        self.options = options
        sourceMatcher = glossary.map { TermMatcher(glossary: $0, language: source) }
        targetMatcher = glossary.map { TermMatcher(glossary: $0, language: target) }
    }

    /// Segments both documents with tmkit's segmenter for their languages, then aligns them.
    public func align(_ source: TextDocument, _ target: TextDocument) throws(SegmentationError) -> SentenceAlignment {
        func sentences(_ document: TextDocument, _ language: LanguageTag) throws(SegmentationError) -> [AlignmentSentence] {
            let segmenter = try SentenceSegmenter(language: language)
            return segmenter.segments(of: document).map { AlignmentSentence(document.text(of: $0), paragraph: $0.paragraph) }
        }
        return align(try sentences(source, sourceLanguage), try sentences(target, targetLanguage))
    }

    /// Aligns two lists of sentences.
    public func align(_ source: [AlignmentSentence], _ target: [AlignmentSentence]) -> SentenceAlignment {
        let useAnchors = options.anchors
        // Latin words and sounds anchor only when exactly one document is in Latin script (and
        // sounds only when the other is Korean).
        let sourceLatin = SentenceFeatures.latinShare(source.map(\.text)) > 0.5
        let targetLatin = SentenceFeatures.latinShare(target.map(\.text)) > 0.5
        var sourceSounds = SentenceFeatures.Sounds.none, targetSounds = SentenceFeatures.Sounds.none
        if useAnchors && sourceLatin && !targetLatin && targetLanguage.language == "ko" {
            (sourceSounds, targetSounds) = (.english, .korean)
        } else if useAnchors && !sourceLatin && targetLatin && sourceLanguage.language == "ko" {
            (sourceSounds, targetSounds) = (.korean, .english)
        }
        // Each sentence's features (terms, numbers, sounds, Latin words) on every core.
        func features(_ sentences: [AlignmentSentence], _ matcher: TermMatcher?, _ sounds: SentenceFeatures.Sounds) -> [SentenceFeatures] {
            concurrentSlices(count: sentences.count, workers: concurrentWorkers, minimumSlice: 500) { range in
                sentences[range].map { SentenceFeatures($0.text, paragraph: $0.paragraph, matcher: matcher, sounds: sounds) }
            }.flatMap { $0 }
        }
        let sourceFeatures = features(source, useAnchors ? sourceMatcher : nil, sourceSounds)
        let targetFeatures = features(target, useAnchors ? targetMatcher : nil, targetSounds)
        let sourceLength = sourceFeatures.reduce(0) { $0 + Double($1.length) }
        let targetLength = targetFeatures.reduce(0) { $0 + Double($1.length) }
        let ratio = sourceLength > 0 && targetLength > 0 ? targetLength / sourceLength : 1
        var model = BeadModel(
            source: sourceFeatures, target: targetFeatures, ratio: Float(ratio), variance: Float(6.8 * ratio * ratio),
            anchors: useAnchors, latin: sourceLatin == targetLatin ? .none : (sourceLatin ? .inTarget : .inSource),
            paragraphs: options.paragraphs, omission: options.omission, merge: options.merge, twoTwo: options.twoTwo,
            weights: .init(anchor: options.anchorWeight, paragraph: options.paragraphWeight, length: options.lengthWeight,
                           straightTwoTwo: options.straightTwoTwo, temperature: options.temperature,
                           unpairedWord: options.unpairedWordWeight))
        var (lattice, path) = model.bestPath(band: options.band, maximumStates: options.maximumStates)
        // The variance comes from the beads confident at the calibrated temperature (the
        // priors and weights were fitted with this estimate in the loop).
        if options.reestimate, let variance = model.estimatedVariance(lattice.withPosteriors(path)) {
            // The same band, the lengths rescored; a path that now touches its edges searches anew.
            lattice.update(variance: variance)
            if let again = lattice.bestPath(), !lattice.touchesEdge(again) || lattice.coversAll {
                path = again
            } else {
                model.variance = variance
                (lattice, path) = model.bestPath(band: options.band, maximumStates: options.maximumStates)
            }
        }
        let beads = lattice.withPosteriors(path)
        var alignment = SentenceAlignment(source: source.map(\.text), target: target.map(\.text), beads: beads, ratio: ratio)
        alignment.searchedStates = lattice.stateCount
        return alignment
    }
}
