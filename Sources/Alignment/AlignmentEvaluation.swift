import TMKitCore

/// Scores an alignment against a gold one: a bead counts when the same source and target
/// sentences are paired exactly (omissions included: a 1-0 bead is right only if the gold
/// leaves that sentence out too).
public struct AlignmentScore: Sendable, Equatable, CustomStringConvertible {
    public var correct: Int
    public var predicted: Int
    public var gold: Int

    public init(correct: Int = 0, predicted: Int = 0, gold: Int = 0) {
        self.correct = correct
        self.predicted = predicted
        self.gold = gold
    }

    public init(predicted: [Bead], gold: [Bead]) {
        let goldPairs = Set(gold.map { BeadKey($0) })
        self.init(correct: predicted.filter { goldPairs.contains(BeadKey($0)) }.count,
                  predicted: predicted.count, gold: gold.count)
    }

    public var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
    public var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    public static func + (lhs: AlignmentScore, rhs: AlignmentScore) -> AlignmentScore {
        AlignmentScore(correct: lhs.correct + rhs.correct, predicted: lhs.predicted + rhs.predicted, gold: lhs.gold + rhs.gold)
    }

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
    public struct Entry: Sendable {
        public var document: String
        public var bead: Bead
        public var source: String
        public var target: String
    }

    public var entries: [Entry]

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
        var seen = Set<String>()
        return entries.map(\.document).filter { seen.insert($0).inserted }
    }

    public func beads(of document: String) -> [Bead] {
        entries.filter { $0.document == document }.map(\.bead)
    }

    public struct GoldError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
