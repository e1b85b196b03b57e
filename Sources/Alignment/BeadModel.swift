import Foundation

/// The costs of beads and the banded search over them (see ``SentenceAligner``).
struct BeadModel {
    enum LatinAnchors { case none, inSource, inTarget }

    /// Bead kinds: source sentences, target sentences.
    static let kinds: [(source: Int, target: Int)] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)]
    /// The prior cost (−ln P) of each kind.
    let priors: [Float]

    let source: [SentenceFeatures]
    let target: [SentenceFeatures]
    var ratio: Float
    var variance: Float
    let anchors: Bool
    let latin: LatinAnchors
    let paragraphs: Bool
    /// Paragraph weights: agreement bonus, disagreement penalty, span penalty.
    let agree: Float, disagree: Float, span: Float
    let sourceBreaks: [Bool], targetBreaks: [Bool]

    init(source: [SentenceFeatures], target: [SentenceFeatures], ratio: Float, variance: Float, anchors: Bool,
         latin: LatinAnchors, paragraphs: Bool, omission: Float, merge: Float, twoTwo: Float) {
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
        let sourceParagraphs = sourceBreaks.filter { $0 }.count, targetParagraphs = targetBreaks.filter { $0 }.count
        // Paragraph counts that differ (a paragraph missing, or two merged) weaken every
        // paragraph cost a little; where the structures agree they still anchor.
        let trusted: Float = sourceParagraphs == targetParagraphs ? 1 : 0.75
        agree = 1.5 * trusted
        disagree = 1.5 * trusted
        span = 2 * trusted
    }

    // MARK: Costs

    /// The cost of the bead `kind` ending at (i, j).
    func cost(_ kind: Int, _ i: Int, _ j: Int) -> Float {
        let (a, b) = Self.kinds[kind]
        var cost = priors[kind]
        if a > 0 && b > 0 {
            var l1: Float = 0, l2: Float = 0
            for k in (i - a)..<i { l1 += source[k].length }
            for k in (j - b)..<j { l2 += target[k].length }
            cost += lengthCost(l1, l2)
        }
        if anchors { cost += anchorCost(i - a..<i, j - b..<j) }
        if paragraphs {
            let atSource = sourceBreaks[i], atTarget = targetBreaks[j]
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

    /// −ln of the two-sided tail probability of the length difference (Gale and Church).
    @inline(__always)
    func lengthCost(_ l1: Float, _ l2: Float) -> Float {
        let mean = (l1 + l2 / ratio) / 2
        let delta = abs(l2 - l1 * ratio) / (max(mean, 1) * variance).squareRoot()
        let tail = erfcf(delta / Float(2).squareRoot())
        return tail > 1e-12 ? -logf(tail) : 27.6
    }

    /// Anchors found on both sides lower the cost; on one side only, raise it.
    func anchorCost(_ s: Range<Int>, _ t: Range<Int>) -> Float {
        var cost: Float = 0
        func compare<T: Comparable>(_ left: (SentenceFeatures) -> [T], _ right: (SentenceFeatures) -> [T],
                                    matched: Float, unmatched: Float, countLeft: Bool = true, countRight: Bool = true) {
            var x: [T] = [], y: [T] = []
            for k in s { x += left(source[k]) }
            for k in t { y += right(target[k]) }
            guard !x.isEmpty || !y.isEmpty else { return }
            if s.count > 1 { x.sort() }
            if t.count > 1 { y.sort() }
            var p = 0, q = 0, both = 0
            while p < x.count && q < y.count {
                if x[p] == y[q] { both += 1; p += 1; q += 1 } else if x[p] < y[q] { p += 1 } else { q += 1 }
            }
            let onlyLeft = countLeft ? x.count - both : 0, onlyRight = countRight ? y.count - both : 0
            cost += -matched * Float(both) + unmatched * Float(onlyLeft + onlyRight)
        }
        compare({ $0.concepts }, { $0.concepts }, matched: 2, unmatched: 0.7)
        compare({ $0.numbers }, { $0.numbers }, matched: 2, unmatched: 1)
        compare({ $0.sounds }, { $0.sounds }, matched: 1, unmatched: 0)
        switch latin {
        case .none: break
        case .inTarget:  // the target's Latin words should be in the source
            compare({ $0.latinWords }, { $0.latinWords }, matched: 1.5, unmatched: 1, countLeft: false)
        case .inSource:  // the source's Latin words should be in the target
            compare({ $0.latinWords }, { $0.latinWords }, matched: 1.5, unmatched: 1, countRight: false)
        }
        if !s.isEmpty && !t.isEmpty {
            let quotedSource = s.contains { source[$0].quotes }, quotedTarget = t.contains { target[$0].quotes }
            cost += quotedSource == quotedTarget ? (quotedSource ? -0.5 : 0) : 0.7
        }
        // A 2-2 bead whose anchors all pair first with first and second with second is two
        // 1-1 beads: the union hides that, so the split is told here.
        if s.count == 2 && t.count == 2 {
            let (s1, s2, t1, t2) = (s.lowerBound, s.lowerBound + 1, t.lowerBound, t.lowerBound + 1)
            let straight = shared(s1, t1) + shared(s2, t2), crossed = shared(s1, t2) + shared(s2, t1)
            if straight > 0 && crossed == 0 { cost += 1.5 }
        }
        return cost
    }

    /// Anchors sentence `i` of the source and `j` of the target have in common.
    func shared(_ i: Int, _ j: Int) -> Int {
        func common<T: Comparable>(_ x: [T], _ y: [T]) -> Int {
            var p = 0, q = 0, both = 0
            while p < x.count && q < y.count {
                if x[p] == y[q] { both += 1; p += 1; q += 1 } else if x[p] < y[q] { p += 1 } else { q += 1 }
            }
            return both
        }
        let (a, b) = (source[i], target[j])
        return common(a.concepts, b.concepts) + common(a.numbers, b.numbers) + common(a.sounds, b.sounds)
            + (a.quotes && b.quotes ? 1 : 0)
    }

    // MARK: Search

    /// The best path in a band around the diagonal, widened until the path keeps clear of its
    /// edges; each bead with its posterior probability.
    func search(band: Int) -> [Bead] {
        var width = max(band, 8)
        while true {
            let lattice = Lattice(model: self, width: width)
            if let beads = lattice.bestPath(), !lattice.touchesEdge(beads) || lattice.coversAll {
                return lattice.withPosteriors(beads)
            }
            width *= 2
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
struct Lattice {
    let model: BeadModel
    let n: Int, m: Int
    let low: [Int], high: [Int], offset: [Int]
    /// costs[state * kinds + kind] for the bead ending at the state; .infinity when impossible.
    var costs: [Float]

    init(model: BeadModel, width: Int) {
        self.model = model
        n = model.source.count
        m = model.target.count
        var low = [Int](repeating: 0, count: n + 1), high = low, offset = [Int](repeating: 0, count: n + 2)
        for i in 0...n {
            let center = n == 0 ? 0 : Int((Double(i) * Double(m) / Double(n)).rounded())
            low[i] = max(0, center - width)
            high[i] = min(m, center + width)
            offset[i + 1] = offset[i] + high[i] - low[i] + 1
        }
        self.low = low
        self.high = high
        self.offset = offset
        let kinds = BeadModel.kinds.count
        var costs = [Float](repeating: .infinity, count: offset[n + 1] * kinds)
        for i in 0...n {
            for j in low[i]...high[i] {
                let state = offset[i] + j - low[i]
                for (kind, (a, b)) in BeadModel.kinds.enumerated() where i >= a && j >= b {
                    let (pi, pj) = (i - a, j - b)
                    guard pj >= low[pi] && pj <= high[pi] else { continue }
                    costs[state * kinds + kind] = model.cost(kind, i, j)
                }
            }
        }
        self.costs = costs
    }

    var coversAll: Bool { (0...n).allSatisfy { low[$0] == 0 && high[$0] == m } }

    @inline(__always) func state(_ i: Int, _ j: Int) -> Int { offset[i] + j - low[i] }

    /// Viterbi: the cheapest path from (0, 0) to (n, m).
    func bestPath() -> [Bead]? {
        let kinds = BeadModel.kinds.count
        var best = [Float](repeating: .infinity, count: offset[n + 1])
        var via = [Int8](repeating: -1, count: offset[n + 1])
        best[0] = 0
        for i in 0...n {
            for j in low[i]...high[i] where i + j > 0 {
                let here = state(i, j)
                for kind in 0..<kinds {
                    let cost = costs[here * kinds + kind]
                    guard cost.isFinite else { continue }
                    let (a, b) = BeadModel.kinds[kind]
                    let total = best[state(i - a, j - b)] + cost
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

    /// Whether the path comes within two sentences of a band edge that is not a document edge.
    func touchesEdge(_ beads: [Bead]) -> Bool {
        beads.contains { bead in
            let (i, j) = (bead.source.upperBound, bead.target.upperBound)
            return (low[i] > 0 && j - low[i] < 2) || (high[i] < m && high[i] - j < 2)
        }
    }

    /// `beads` with their posterior probabilities (forward-backward in −ln space).
    func withPosteriors(_ beads: [Bead]) -> [Bead] {
        let kinds = BeadModel.kinds.count
        let count = offset[n + 1]
        var forward = [Float](repeating: .infinity, count: count)
        var backward = [Float](repeating: .infinity, count: count)
        forward[0] = 0
        for i in 0...n {
            for j in low[i]...high[i] where i + j > 0 {
                let here = state(i, j)
                var total = Float.infinity
                for kind in 0..<kinds {
                    let cost = costs[here * kinds + kind]
                    guard cost.isFinite else { continue }
                    let (a, b) = BeadModel.kinds[kind]
                    total = softMin(total, forward[state(i - a, j - b)] + cost)
                }
                forward[here] = total
            }
        }
        backward[state(n, m)] = 0
        for i in stride(from: n, through: 0, by: -1) {
            for j in stride(from: high[i], through: low[i], by: -1) where i + j > 0 {
                let here = state(i, j)
                let after = backward[here]
                guard after.isFinite else { continue }
                for kind in 0..<kinds {
                    let cost = costs[here * kinds + kind]
                    guard cost.isFinite else { continue }
                    let (a, b) = BeadModel.kinds[kind]
                    let previous = state(i - a, j - b)
                    backward[previous] = softMin(backward[previous], cost + after)
                }
            }
        }
        let total = forward[state(n, m)]
        return beads.map { bead in
            var bead = bead
            let (i, j) = (bead.source.upperBound, bead.target.upperBound)
            let kind = BeadModel.kinds.firstIndex { $0.source == bead.source.count && $0.target == bead.target.count }!
            let start = state(bead.source.lowerBound, bead.target.lowerBound)
            let cost = costs[state(i, j) * kinds + kind]
            let posterior = exp(Double(total - (forward[start] + cost + backward[state(i, j)])))
            bead.confidence = min(1, max(0, posterior))
            return bead
        }
    }
}

/// −ln(e^−x + e^−y).
@inline(__always)
func softMin(_ x: Float, _ y: Float) -> Float {
    if x == .infinity { return y }
    if y == .infinity { return x }
    let low = min(x, y)
    return low - log1pf(expf(low - max(x, y)))
}
