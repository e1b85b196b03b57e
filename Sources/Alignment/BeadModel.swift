import Foundation
import TMKitCore

/// The costs of beads and the banded search over them (see ``SentenceAligner``).
struct BeadModel: Sendable {
    enum LatinAnchors: Sendable { case none, inSource, inTarget }

    /// Bead kinds: source sentences, target sentences.
    static let kinds: [(source: Int, target: Int)] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)]
    /// The prior cost (−ln P) of each kind.
    let priors: [Float]

    let source: [SentenceFeatures]
    let target: [SentenceFeatures]
    var ratio: Float
    var variance: Float
    var anchors: Bool
    let latin: LatinAnchors
    let paragraphs: Bool
    /// Paragraph weights: agreement bonus, disagreement penalty, span penalty.
    let agree: Float, disagree: Float, span: Float
    let sourceBreaks: [Bool], targetBreaks: [Bool]
    let sourceAnchors: AnchorPool, targetAnchors: AnchorPool
    let weights: Weights

    /// Scales of the cost terms (see ``SentenceAligner/Options``).
    struct Weights: Sendable {
        var anchor: Float = 1, paragraph: Float = 1, length: Float = 1, straightTwoTwo: Float = 1.5, temperature: Float = 1
        var unpairedWord: Float = 0
    }

    init(source: [SentenceFeatures], target: [SentenceFeatures], ratio: Float, variance: Float, anchors: Bool,
         latin: LatinAnchors, paragraphs: Bool, omission: Float, merge: Float, twoTwo: Float, weights: Weights = Weights()) {
        self.weights = weights
        priors = [1 - 2 * omission - 2 * merge - twoTwo, omission, omission, merge, merge, twoTwo].map { -logf($0) }
        self.source = source
        self.target = target
        self.ratio = ratio
        self.variance = variance
        self.anchors = anchors
        self.latin = latin
        self.paragraphs = paragraphs
        // A break before sentence i (and at both ends).
        func breaks(_ features: [SentenceFeatures]) -> [Bool] {
            (0...features.count).map { index in
                index == 0 || index == features.count || features[index].paragraph != features[index - 1].paragraph
            }
        }
        sourceBreaks = breaks(source)
        targetBreaks = breaks(target)
        let allSource = AnchorPool(source, latin: latin != .none), allTarget = AnchorPool(target, latin: latin != .none)
        sourceAnchors = allSource.keepingSoundsAndWords(in: allTarget)
        targetAnchors = allTarget.keepingSoundsAndWords(in: allSource)
        let sourceParagraphs = sourceBreaks.filter { $0 }.count, targetParagraphs = targetBreaks.filter { $0 }.count
        // Paragraph counts that differ (a paragraph missing, or two merged) weaken every
        // paragraph cost a little; where the structures agree they still anchor.
        let trusted: Float = (sourceParagraphs == targetParagraphs ? 1 : 0.75) * weights.paragraph
        agree = 1.5 * trusted
        disagree = 1.5 * trusted
        span = 2 * trusted
    }

    // MARK: Costs

    /// The cost of the bead `kind` ending at (i, j), length model aside: its prior, its anchors
    /// and the paragraph breaks.
    func fixedCost(_ kind: Int, _ i: Int, _ j: Int) -> Float {
        let (a, b) = Self.kinds[kind]
        var cost = priors[kind]
        if anchors {
            cost += weights.anchor * anchorCost(i - a..<i, j - b..<j)
            if a == 2 && b == 2 { cost += straightTwoTwoCost(i - 2, j - 2) }
        }
        if paragraphs {
            // A document's start or end is a break only where the other's is too: an omission
            // at either end earns no agreement.
            let atSource = (i == 0 || i == source.count) ? (i == 0 ? j == 0 : j == target.count) : sourceBreaks[i]
            let atTarget = (j == 0 || j == target.count) ? (j == 0 ? i == 0 : i == source.count) : targetBreaks[j]
            if atSource && atTarget {
                if i < source.count || j < target.count { cost -= agree }
            } else if atSource != atTarget {
                cost += disagree
            }
            if a == 2 && sourceBreaks[i - 1] { cost += span }
            if b == 2 && targetBreaks[j - 1] { cost += span }
        }
        return cost
    }

    /// The length model's cost of the bead `kind` ending at (i, j) (0 for 1-0 and 0-1).
    @inline(__always)
    func lengthCost(_ kind: Int, _ i: Int, _ j: Int) -> Float {
        let (a, b) = Self.kinds[kind]
        guard a > 0 && b > 0 else { return 0 }
        let l1 = a == 1 ? source[i - 1].length : source[i - 1].length + source[i - 2].length
        let l2 = b == 1 ? target[j - 1].length : target[j - 1].length + target[j - 2].length
        return weights.length * lengthCost(l1, l2)
    }

    /// −ln of the two-sided tail probability of the length difference δ (Gale and Church),
    /// −ln erfc(δ/√2), approximated by δ²/2 + 0.65 δ (within 5% for δ up to 4, without erfc
    /// and log in the innermost loop).
    @inline(__always)
    func lengthCost(_ l1: Float, _ l2: Float) -> Float {
        let mean = (l1 + l2 / ratio) / 2
        let delta = abs(l2 - l1 * ratio) / (max(mean, 1) * variance).squareRoot()
        return delta * (0.5 * delta + 0.65)
    }

    /// Anchors found on both sides lower the cost; on one side only, raise it.
    func anchorCost(_ s: Range<Int>, _ t: Range<Int>) -> Float {
        var cost: Float = 0
        do {
            let (both, left, right) = overlap(s, t)
            cost = -(Self.matchedWeights * both).sum() + (unmatchedLeft * (left - both)).sum()
                + (unmatchedRight * (right - both)).sum()
            // A pairing whose sides hold sounds and everyday words the other document has, but
            // not each other's: a little evidence that they do not translate each other (a
            // lone sentence pays nothing for them: a story repeats its words).
            if !s.isEmpty && !t.isEmpty { cost += weights.unpairedWord * (left[2] + right[2] - 2 * both[2]) }
        }
        if !s.isEmpty && !t.isEmpty {
            let quotedSource = source[s.lowerBound].quotes || (s.count == 2 && source[s.lowerBound + 1].quotes)
            let quotedTarget = target[t.lowerBound].quotes || (t.count == 2 && target[t.lowerBound + 1].quotes)
            cost += quotedSource == quotedTarget ? (quotedSource ? -0.5 : 0) : 0.7
        }
        return cost
    }

    /// A 2-2 bead starting at source `i` and target `j` whose anchors all pair first with first
    /// and second with second is two 1-1 beads: the union hides that, so the split is told here.
    func straightTwoTwoCost(_ i: Int, _ j: Int) -> Float {
        // (Crossed pairs are looked at only when straight ones share something.)
        guard shared(i, j) + shared(i + 1, j + 1) > 0 else { return 0 }
        return shared(i, j + 1) + shared(i + 1, j) == 0 ? weights.straightTwoTwo : 0
    }

    /// Weights by anchor kind (concept, number, sound, Latin word): found on both sides, and
    /// found on one side only.
    static let matchedWeights = SIMD4<Float>(2, 2, 1, 1.5)
    var unmatchedLeft: SIMD4<Float> { SIMD4(0.7, 1, 0, latin == .inSource ? 1 : 0) }
    var unmatchedRight: SIMD4<Float> { SIMD4(0.7, 1, 0, latin == .inTarget ? 1 : 0) }

    /// Per anchor kind: how many anchors the source sentences `s` and the target sentences `t`
    /// (one or two each) share, and how many each side has; the sorted lists merged on the fly.
    @inline(__always)
    func overlap(_ s: Range<Int>, _ t: Range<Int>) -> (both: SIMD4<Float>, left: SIMD4<Float>, right: SIMD4<Float>) {
        var both = SIMD4<Float>()
        let left = sourceAnchors.counts(s), right = targetAnchors.counts(t)
        // No value in common (most pairs in the band): nothing to merge.
        guard sourceAnchors.signature(s) & targetAnchors.signature(t) != .zero else { return (both, left, right) }
        let x1 = sourceAnchors.slice(s.lowerBound), x2 = s.count == 2 ? sourceAnchors.slice(s.lowerBound + 1) : 0..<0
        let y1 = targetAnchors.slice(t.lowerBound), y2 = t.count == 2 ? targetAnchors.slice(t.lowerBound + 1) : 0..<0
        sourceAnchors.values.withUnsafeBufferPointer { xs in
            targetAnchors.values.withUnsafeBufferPointer { ys in
                var a = x1.lowerBound, b = x2.lowerBound, c = y1.lowerBound, d = y2.lowerBound
                while (a < x1.upperBound || b < x2.upperBound) && (c < y1.upperBound || d < y2.upperBound) {
                    let xFirst = b >= x2.upperBound || (a < x1.upperBound && xs[a] <= xs[b])
                    let yFirst = d >= y2.upperBound || (c < y1.upperBound && ys[c] <= ys[d])
                    let x = xFirst ? xs[a] : xs[b], y = yFirst ? ys[c] : ys[d]
                    if x <= y { if xFirst { a += 1 } else { b += 1 } }
                    if y <= x { if yFirst { c += 1 } else { d += 1 } }
                    if x == y { both[Int(x >> 60)] += 1 }
                }
            }
        }
        return (both, left, right)
    }

    /// Anchors sentence `i` of the source and `j` of the target have in common.
    func shared(_ i: Int, _ j: Int) -> Int {
        let (both, _, _) = overlap(i..<(i + 1), j..<(j + 1))
        return Int(both.sum()) + (source[i].quotes && target[j].quotes ? 1 : 0)
    }

    // MARK: Search

    /// The best path in a band that follows it: first around the diagonal, then recentred on
    /// the path found while the path touches the band's edges (widened after three tries, up
    /// to `maximumStates` states: see ``SentenceAligner/Options/maximumStates``).
    func bestPath(band: Int, maximumStates: Int) -> (Lattice, [Bead]) {
        let n = source.count, m = target.count
        let widest = max(8, (maximumStates / (n + 1) - 1) / 2)
        var width = min(max(band, 8), widest)
        var centers = (0...n).map { n == 0 ? 0 : Int((Double($0) * Double(m) / Double(n)).rounded()) }
        func recenter(on beads: [Bead]) {
            for bead in beads {
                centers[bead.source.upperBound] = bead.target.upperBound
                if bead.source.count == 2 { centers[bead.source.lowerBound + 1] = bead.target.lowerBound + bead.target.count / 2 }
            }
        }
        // The band is found without anchors (several times cheaper), then searched with them in
        // a narrower band around that path (recentred again if the path reaches its edges).
        if anchors && n > 4 * width {
            var plain = self
            plain.anchors = false
            var beads = Lattice(model: plain, centers: centers, width: width).bestPath()
            if beads == nil { beads = plain.bestPath(band: band, maximumStates: maximumStates).1 }
            recenter(on: beads ?? [])
            width = min(max(8, band / 3), widest)
        }
        // Widened until the path stays clear of the edges, or the band is as wide as it may
        // be (then the best path within it is taken: repetitive text can keep touching).
        // Bands are monotone and consecutive rows overlap (see Lattice), so a path exists.
        var attempt = 0
        while true {
            let lattice = Lattice(model: self, centers: centers, width: width)
            if let beads = lattice.bestPath() {
                if !lattice.touchesEdge(beads) || lattice.coversAll || (width >= widest && attempt >= 2) {
                    return (lattice, beads)
                }
                recenter(on: beads)
            }
            attempt += 1
            if attempt >= 3 { width = min(width * 2, widest) }
        }
    }

    /// The variance of target length around `ratio` × source length, per character, measured
    /// on the confident 1-1 beads; nil when there are too few.
    func estimatedVariance(_ beads: [Bead]) -> Float? {
        var sum: Float = 0
        var count = 0
        for bead in beads where bead.source.count == 1 && bead.target.count == 1 && bead.confidence > 0.9 {
            let l1 = source[bead.source.lowerBound].length, l2 = target[bead.target.lowerBound].length
            let mean = (l1 + l2 / ratio) / 2
            guard mean > 0 else { continue }
            sum += (l2 - l1 * ratio) * (l2 - l1 * ratio) / mean
            count += 1
        }
        guard count >= 10 else { return nil }
        return max(sum / Float(count), 0.05 * ratio * ratio)
    }
}

/// The band of states (i, j) (i source and j target sentences aligned) the search visits, with
/// every bead's cost computed once.
struct Lattice: Sendable {
    private(set) var model: BeadModel
    let n: Int, m: Int
    let low: [Int], high: [Int], offset: [Int]
    /// fixed[state * kinds + kind]: prior, anchors and paragraphs of the bead ending at the
    /// state (.infinity when impossible); costs adds the length model.
    let fixed: [Float]
    private(set) var costs: [Float]

    init(model: BeadModel, centers: [Int], width: Int) {
        self.model = model
        n = model.source.count
        m = model.target.count
        var low = [Int](repeating: 0, count: n + 1), high = low, offset = [Int](repeating: 0, count: n + 2)
        for i in 0...n {
            low[i] = max(0, min(m, centers[i] - width))
            high[i] = min(m, max(low[i], centers[i] + width))
            if i == 0 { low[i] = 0 }
            if i == n { high[i] = m }
            // Monotone, and each row overlapping the one before: from any state of row i-1 a
            // path continues (0-1 beads along the row, a 1-0 bead down), so one reaches (n, m).
            if i > 0 {
                low[i] = min(max(low[i], low[i - 1]), high[i - 1])
                high[i] = max(high[i], high[i - 1])
            }
            offset[i + 1] = offset[i] + high[i] - low[i] + 1
        }
        self.low = low
        self.high = high
        self.offset = offset
        let kinds = BeadModel.kinds.count
        // Rows in slices on every core (the anchors' costs are most of an alignment), each
        // slice filling its own rows' states: the same costs as one loop.
        let (lowRows, highRows, offsets) = (low, high, offset)
        fixed = Lattice.rowsInSlices(n: n, offset: offset, kinds: kinds) { rows, part in
            part.initialize(repeating: .infinity)
            for i in rows {
                for j in lowRows[i]...highRows[i] {
                    let state = offsets[i] + j - lowRows[i] - offsets[rows.lowerBound]
                    for (kind, (a, b)) in BeadModel.kinds.enumerated() where i >= a && j >= b {
                        let (pi, pj) = (i - a, j - b)
                        guard pj >= lowRows[pi] && pj <= highRows[pi] else { continue }
                        part[state * kinds + kind] = model.fixedCost(kind, i, j)
                    }
                }
            }
        }
        costs = []
        addLengths()
    }

    /// One buffer whose disjoint regions the slices of ``rowsInSlices(n:offset:kinds:_:)`` fill.
    private struct SharedFloats: @unchecked Sendable {
        let base: UnsafeMutablePointer<Float>
    }

    /// An array of `kinds` floats a state, filled by `body` over slices of the rows 0...n on
    /// every core: each call gets its rows and their states' region (contiguous), which it
    /// must initialize whole. No copy is made, so memory stays that of the one array.
    static func rowsInSlices(
        n: Int, offset: [Int], kinds: Int, _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Float>) -> Void
    ) -> [Float] {
        let states = offset[n + 1]
        return [Float](unsafeUninitializedCapacity: states * kinds) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let shared = SharedFloats(base: base)
            // Rows are cut where the states are, so the slices weigh the same.
            _ = concurrentSlices(count: states, workers: concurrentWorkers, minimumSlice: 50_000) { stateRange in
                // The rows whose first state falls in this range of states.
                var first = 0
                while first <= n && offset[first] < stateRange.lowerBound { first += 1 }
                var last = first
                while last <= n && offset[last] < stateRange.upperBound { last += 1 }
                body(first..<last, UnsafeMutableBufferPointer(start: shared.base + offset[first] * kinds,
                                                              count: (offset[last] - offset[first]) * kinds))
            }
            initialized = states * kinds
        }
    }

    /// The same band under a model with another length variance.
    mutating func update(variance: Float) {
        model.variance = variance
        addLengths()
    }

    /// `costs`: the fixed costs plus the length model's, in row slices on every core.
    private mutating func addLengths() {
        let kinds = BeadModel.kinds.count
        let (model, fixed, low, high, offset) = (model, fixed, low, high, offset)
        costs = []  // the old costs go before the new are made
        costs = Lattice.rowsInSlices(n: n, offset: offset, kinds: kinds) { rows, part in
            let base = offset[rows.lowerBound]
            fixed.withUnsafeBufferPointer { fixed in
                _ = part.initialize(from: UnsafeBufferPointer(rebasing: fixed[(base * kinds)..<(offset[rows.upperBound] * kinds)]))
            }
            for i in rows {
                for j in low[i]...high[i] {
                    let state = offset[i] + j - low[i] - base
                    for kind in 0..<kinds where part[state * kinds + kind].isFinite {
                        part[state * kinds + kind] += model.lengthCost(kind, i, j)
                    }
                }
            }
        }
    }

    var coversAll: Bool { (0...n).allSatisfy { low[$0] == 0 && high[$0] == m } }

    /// States in the band.
    var stateCount: Int { offset[n + 1] }

    @inline(__always) func state(_ i: Int, _ j: Int) -> Int { offset[i] + j - low[i] }

    /// Viterbi: the cheapest path from (0, 0) to (n, m).
    func bestPath() -> [Bead]? {
        var best = [Float](repeating: .infinity, count: offset[n + 1])
        var via = [Int8](repeating: -1, count: offset[n + 1])
        best[0] = 0
        best.withUnsafeMutableBufferPointer { best in
            via.withUnsafeMutableBufferPointer { via in
                forEachBead { here, kind, cost, previous in
                    let total = best[previous] + cost
                    if total < best[here] {
                        best[here] = total
                        via[here] = Int8(kind)
                    }
                }
            }
        }
        guard best[state(n, m)].isFinite else { return nil }
        var beads: [Bead] = []
        var (i, j) = (n, m)
        while i + j > 0 {
            let kind = Int(via[state(i, j)])
            let (a, b) = BeadModel.kinds[kind]
            beads.append(Bead(source: (i - a)..<i, target: (j - b)..<j))
            i -= a
            j -= b
        }
        return beads.reversed()
    }

    /// Calls `body(state, kind, cost, previous state)` for every possible bead of the band, state
    /// by state in path order (rows of i, then j), or in the reverse order: the Viterbi,
    /// forward and backward passes' loop, over the costs' buffer, with each row's bases for the
    /// rows one and two before worked out once.
    @inline(__always)
    private func forEachBead(reversed: Bool = false, _ body: (Int, Int, Float, Int) -> Void) {
        let kinds = BeadModel.kinds
        costs.withUnsafeBufferPointer { costs in
            for row in 0...n {
                let i = reversed ? n - row : row
                // state(i - a, j - b) = base[a] + j - b
                let base = (0...2).map { a in i >= a ? offset[i - a] - low[i - a] : 0 }
                for column in 0...(high[i] - low[i]) {
                    let j = reversed ? high[i] - column : low[i] + column
                    guard i + j > 0 else { continue }
                    let here = base[0] + j
                    for kind in 0..<kinds.count {
                        let cost = costs[here * kinds.count + kind]
                        guard cost.isFinite else { continue }
                        let (a, b) = kinds[kind]
                        body(here, kind, cost, base[a] + j - b)
                    }
                }
            }
        }
    }

    /// Whether the path comes within two sentences of a band edge that is not a document edge.
    func touchesEdge(_ beads: [Bead]) -> Bool {
        beads.contains { bead in
            let (i, j) = (bead.source.upperBound, bead.target.upperBound)
            return (low[i] > 0 && j - low[i] < 2) || (high[i] < m && high[i] - j < 2)
        }
    }

    /// `beads` with their posterior probabilities (forward-backward in −ln space).
    func withPosteriors(_ beads: [Bead], temperature: Float? = nil) -> [Bead] {
        let kinds = BeadModel.kinds.count
        let count = offset[n + 1]
        // Posteriors of the costs divided by the temperature (above 1: flatter, less sure).
        let scale = 1 / Swift.max(temperature ?? model.weights.temperature, 0.01)
        let softMin = SoftMin()
        let end = state(n, m)
        // The forward and the backward pass on two cores at once (each reads only the costs).
        let passes = concurrentSlices(count: 2, workers: 2, minimumSlice: 1) { [self] pass -> [Float] in
            var sums = [Float](repeating: .infinity, count: count)
            if pass.lowerBound == 0 {
                sums[0] = 0
                sums.withUnsafeMutableBufferPointer { forward in
                    // A state's beads come one after another: its total is complete when the next begins.
                    forEachBead { here, _, cost, previous in
                        forward[here] = softMin(forward[here], forward[previous] + cost * scale)
                    }
                }
            } else {
                sums[end] = 0
                sums.withUnsafeMutableBufferPointer { backward in
                    // A state's total is complete before its own beads pass it back: states after it
                    // come first.
                    forEachBead(reversed: true) { here, _, cost, previous in
                        let after = backward[here]
                        guard after.isFinite else { return }
                        backward[previous] = softMin(backward[previous], cost * scale + after)
                    }
                }
            }
            return sums
        }
        let (forward, backward) = (passes[0], passes[1])
        let total = forward[end]
        return beads.map { bead in
            var bead = bead
            let (i, j) = (bead.source.upperBound, bead.target.upperBound)
            let kind = BeadModel.kinds.firstIndex { $0.source == bead.source.count && $0.target == bead.target.count }!
            let start = state(bead.source.lowerBound, bead.target.lowerBound)
            let cost = costs[state(i, j) * kinds + kind] * scale
            let posterior = exp(Double(total - (forward[start] + cost + backward[state(i, j)])))
            bead.confidence = min(1, max(0, posterior))
            return bead
        }
    }
}

/// −ln(e^−x + e^−y), the forward-backward's sum of two paths' probabilities, called for every
/// state and bead kind twice an alignment: ln(1 + e^−gap) is read from a table sampled every
/// 1/64 nat over [0, 16] and interpolated (its second derivative is at most 1/4, so the error
/// is below 1e-5 nat), instead of an exp and a log each time.
struct SoftMin: Sendable {
    static let step: Float = 64
    static let table: [Float] = (0...(16 * 64 + 1)).map { log1pf(expf(-Float($0) / 64)) }
    private let table = SoftMin.table

    @inline(__always)
    func callAsFunction(_ x: Float, _ y: Float) -> Float {
        if x == .infinity { return y }
        if y == .infinity { return x }
        let low = min(x, y), gap = max(x, y) - low
        // Past 16 nats the other term changes the sum by less than 1e-7 of it.
        guard gap <= 16 else { return low }
        let position = gap * Self.step
        let index = Int(position)
        let fraction = position - Float(index)
        return table.withUnsafeBufferPointer { table in
            low - (table[index] + (table[index + 1] - table[index]) * fraction)
        }
    }
}

/// Every sentence's anchors in one array: the kind in the top four bits (0 concept, 1 number,
/// 2 sound or everyday word, 3 Latin word), the value below, sorted within each sentence.
struct AnchorPool: Sendable {
    var values: [UInt64] = []
    var starts: [Int] = [0]
    /// Per sentence, how many anchors of each kind.
    var kindCounts: [SIMD4<Float>] = []
    /// Per sentence, a bit for each of its values (by a hash, one of 256): sentences whose
    /// signatures share no bit share no value.
    var signatures: [SIMD4<UInt64>] = []

    init(_ features: [SentenceFeatures], latin: Bool) {
        let mask: UInt64 = (1 << 60) - 1
        for sentence in features {
            var sentenceValues: [UInt64] = []
            sentenceValues += sentence.concepts.map { UInt64(UInt32(bitPattern: $0)) }
            sentenceValues += sentence.numbers.map { 1 << 60 | UInt64(bitPattern: $0) & mask }
            sentenceValues += sentence.sounds.map { 2 << 60 | $0 & mask }
            if latin { sentenceValues += sentence.latinWords.map { 3 << 60 | $0 & mask } }
            values += sentenceValues.sorted()
            starts.append(values.count)
        }
        countKinds()
    }

    mutating func countKinds() {
        kindCounts = (0..<(starts.count - 1)).map { sentence in
            var counts = SIMD4<Float>()
            for value in values[starts[sentence]..<starts[sentence + 1]] { counts[Int(value >> 60)] += 1 }
            return counts
        }
        signatures = (0..<(starts.count - 1)).map { sentence in
            var signature = SIMD4<UInt64>()
            for value in values[starts[sentence]..<starts[sentence + 1]] {
                let bit = (value &* 0x9E37_79B9_7F4A_7C15) >> 56
                signature[Int(bit >> 6)] |= 1 << (bit & 63)
            }
            return signature
        }
    }

    /// The signatures of consecutive sentences together.
    @inline(__always)
    func signature(_ sentences: Range<Int>) -> SIMD4<UInt64> {
        var signature = SIMD4<UInt64>()
        for sentence in sentences { signature |= signatures[sentence] }
        return signature
    }

    /// The kinds' counts over consecutive sentences.
    @inline(__always)
    func counts(_ sentences: Range<Int>) -> SIMD4<Float> {
        var total = SIMD4<Float>()
        for sentence in sentences { total += kindCounts[sentence] }
        return total
    }

    @inline(__always)
    func slice(_ sentence: Int) -> Range<Int> { starts[sentence]..<starts[sentence + 1] }

    /// The pool without the sounds and Latin words that `other` never has: they cannot match,
    /// and cost every path the same (an English sentence offers dozens of Latin words; the
    /// Korean document holds a handful).
    func keepingSoundsAndWords(in other: AnchorPool) -> AnchorPool {
        let present = Set(other.values.filter { $0 >> 60 >= 2 })
        var kept = AnchorPool([], latin: false)
        for sentence in 0..<(starts.count - 1) {
            kept.values += values[slice(sentence)].filter { $0 >> 60 < 2 || present.contains($0) }
            kept.starts.append(kept.values.count)
        }
        kept.countKinds()
        return kept
    }
}
