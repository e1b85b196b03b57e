import TMKitCore

/// Scores an alignment against a gold one: a bead counts when the same source and target
/// sentences are paired exactly (omissions included: a 1-0 bead is right only if the gold
/// leaves that sentence out too).
public struct AlignmentScore: Sendable, Equatable, CustomStringConvertible {
    /// Predicted beads that pair exactly the same sentences as a gold bead.
    public var correct: Int
    /// Beads in the alignment being scored.
    public var predicted: Int
    /// Beads in the gold alignment.
    public var gold: Int

    /// A score from counts already taken (all zero by default: a total to add documents' scores to).
    public init(correct: Int = 0, predicted: Int = 0, gold: Int = 0) {
        self.correct = correct
        self.predicted = predicted
        self.gold = gold
    }

    /// Scores one document's predicted beads against its gold beads; confidences are ignored.
    public init(predicted: [Bead], gold: [Bead]) {
        let goldPairs = Set(gold.map { BeadKey($0) })
        self.init(correct: predicted.filter { goldPairs.contains(BeadKey($0)) }.count,
                  predicted: predicted.count, gold: gold.count)
    }

    /// Share of predicted beads that are correct, 0–1 (0 when nothing was predicted).
    public var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
    /// Share of gold beads the prediction found, 0–1 (0 when the gold has none).
    public var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
    /// Harmonic mean of precision and recall (0 when both are 0).
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    /// Adds the counts of two scores, e.g. to total a corpus of documents (micro-averaged).
    public static func + (lhs: AlignmentScore, rhs: AlignmentScore) -> AlignmentScore {
        AlignmentScore(correct: lhs.correct + rhs.correct, predicted: lhs.predicted + rhs.predicted, gold: lhs.gold + rhs.gold)
    }

    /// Precision, recall and F1 rounded to three decimals, then the counts behind them.
    public var description: String {
        "precision \(Self.format(precision)) recall \(Self.format(recall)) F1 \(Self.format(f1)) (\(correct) of \(predicted) predicted, \(gold) gold)"
    }

    static func format(_ value: Double) -> String { String(Double((value * 1000).rounded()) / 1000) }

    struct BeadKey: Hashable {
        var source: Range<Int>, target: Range<Int>
        init(_ bead: Bead) { (source, target) = (bead.source, bead.target) }
    }
}

/// A gold alignment file: JSON lines `{"doc", "bead", "source_indices", "target_indices",
/// "source", "target"}`, in document order.
public struct GoldAlignment: Sendable {
    /// One line of the file: one bead of one document.
    public struct Entry: Sendable {
        /// The document the bead belongs to (the `doc` field).
        public var document: String
        /// 0-based sentence ranges from `source_indices` and `target_indices`, confidence 1; an
        /// empty side sits where the document's previous bead ended.
        public var bead: Bead
        /// The source sentences' text (the `source` field; empty if absent).
        public var source: String
        /// The target sentences' text (the `target` field; empty if absent).
        public var target: String
    }

    /// The beads of all documents, in file order.
    public var entries: [Entry]

    /// Parses a gold file's text, skipping blank lines. Throws ``GoldError`` naming the 1-based
    /// line when a line is not JSON, lacks `doc` or an index list, or its indices are not consecutive.
    public init(jsonl text: String) throws {
        entries = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            let value: JSONValue
            do {
                value = try JSONValue.parse(String(line))
            } catch {
                throw GoldError(message: "line \(number + 1): \(error.message)")
            }
            guard let document = value["doc"]?.stringValue else { throw GoldError(message: "line \(number + 1): doc is missing") }
            // An empty side sits where the document's previous bead ended.
            let previous = entries.last { $0.document == document }?.bead
            func indices(_ key: String, after end: Int) throws -> Range<Int> {
                guard case .array(let items)? = value[key] else { throw GoldError(message: "line \(number + 1): \(key) is missing") }
                let numbers = items.compactMap { item -> Int? in if case .number(let n) = item { Int(n) } else { nil } }
                guard let first = numbers.first else { return end..<end }
                guard numbers.count == items.count, numbers == Array(first..<(first + numbers.count)) else {
                    throw GoldError(message: "line \(number + 1): \(key) must be consecutive integers")
                }
                return first..<(first + numbers.count)
            }
            let bead = Bead(source: try indices("source_indices", after: previous?.source.upperBound ?? 0),
                            target: try indices("target_indices", after: previous?.target.upperBound ?? 0))
            entries.append(Entry(document: document, bead: bead,
                                 source: value["source"]?.stringValue ?? "", target: value["target"]?.stringValue ?? ""))
        }
    }

    /// The documents, in the order they first appear.
    public var documents: [String] {
        entries.map(\.document).uniqued()
    }

    /// The gold beads of one document, in file order (empty for an unknown document).
    public func beads(of document: String) -> [Bead] {
        entries.filter { $0.document == document }.map(\.bead)
    }

    /// A malformed line in a gold file.
    public struct GoldError: Error, Sendable, CustomStringConvertible {
        /// What is wrong, starting with `line N:` (1-based).
        public var message: String
        /// Same as `message`.
        public var description: String { message }
    }
}
