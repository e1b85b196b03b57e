import TMKitCore

/// The repairs `tmkit tmx normalize` makes to units, counted by kind.
public struct TMXNormalization: Sendable {
    /// Fix counts by kind, in the order kinds were first met.
    public struct Fixes: Sendable {
        /// Each kind of fix (e.g. `seg edges trimmed`) with how many were made.
        public private(set) var counts: [(kind: String, count: Int)] = []

        /// No fixes counted yet.
        public init() {}

        /// Counts `count` more fixes of `kind`; a `count` of 0 or less changes nothing.
        public mutating func add(_ kind: String, _ count: Int = 1) {
            guard count > 0 else { return }
            if let index = counts.firstIndex(where: { $0.kind == kind }) {
                counts[index].count += count
            } else {
                counts.append((kind, count))
            }
        }

        /// How many fixes of `kind` were counted; 0 for a kind never met.
        public func count(_ kind: String) -> Int { counts.first { $0.kind == kind }?.count ?? 0 }
    }

    /// Whether runs of whitespace inside a segment's text become one space (edges are trimmed
    /// either way).
    public var collapseWhitespace: Bool

    /// The repairs, with inner whitespace runs kept unless `collapseWhitespace` is true.
    public init(collapseWhitespace: Bool = false) {
        self.collapseWhitespace = collapseWhitespace
    }

    /// `unit` repaired: language codes in BCP 47 form, seg edges trimmed (and inner runs
    /// collapsed when asked), characters XML forbids removed.
    public func normalize(_ unit: TranslationUnit, fixes: inout Fixes) -> TranslationUnit {
        var unit = unit
        if let written = unit.attributes[named: "srclang"], written != "*all*", let tag = LanguageTag(written),
           tag.normalized != written {
            unit.attributes[named: "srclang"] = tag.normalized
            fixes.add("language codes normalized")
        }
        for index in unit.variants.indices {
            if unit.variants[index].language.original != unit.variants[index].language.normalized {
                fixes.add("language codes normalized")
            }
            var removed = 0
            let content = removingForbidden(unit.variants[index].content, count: &removed)
            fixes.add("characters XML forbids removed", removed)
            let trimmed = trimmingEdges(content)
            if trimmed != content { fixes.add("seg edges trimmed") }
            var result = trimmed
            if collapseWhitespace {
                result = collapsingRuns(trimmed)
                if result != trimmed { fixes.add("inner whitespace collapsed") }
            }
            unit.variants[index].content = result
        }
        return unit
    }

    /// The language of the first variant most units have (their `srclang` when they name one).
    public static func mostCommonSourceLanguage(_ reader: TMXReader) throws(TMXError) -> String? {
        _ = try reader.readHeader()
        var counts: [String: Int] = [:]
        while let unit = try reader.next() {
            let source = unit.sourceLanguage.flatMap(LanguageTag.init) ?? unit.variants.first?.language
            if let source { counts[source.normalized, default: 0] += 1 }
        }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    private func trimmingEdges(_ content: SegmentContent) -> SegmentContent {
        var elements = content.elements
        if case .text(let first)? = elements.first {
            let trimmed = String(first.unicodeScalars.drop { $0.properties.isWhitespace })
            if trimmed.isEmpty { elements.removeFirst() } else { elements[0] = .text(trimmed) }
        }
        if case .text(let last)? = elements.last {
            let scalars = last.unicodeScalars
            var end = scalars.endIndex
            while end > scalars.startIndex, scalars[scalars.index(before: end)].properties.isWhitespace {
                end = scalars.index(before: end)
            }
            let trimmed = String(scalars[..<end])
            if trimmed.isEmpty { elements.removeLast() } else { elements[elements.count - 1] = .text(trimmed) }
        }
        return SegmentContent(elements)
    }

    private func collapsingRuns(_ content: SegmentContent) -> SegmentContent {
        SegmentContent(content.elements.map { element in
            guard case .text(let text) = element else { return element }
            var result = ""
            var inRun = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace {
                    if !inRun { result.unicodeScalars.append(" ") }
                    inRun = true
                } else {
                    result.unicodeScalars.append(scalar)
                    inRun = false
                }
            }
            return .text(result)
        })
    }

    private func removingForbidden(_ content: SegmentContent, count: inout Int) -> SegmentContent {
        SegmentContent(content.elements.map { element in
            switch element {
            case .text(let text):
                let kept = text.unicodeScalars.filter { !Self.isForbidden($0) }
                count += text.unicodeScalars.count - kept.count
                return .text(String(String.UnicodeScalarView(kept)))
            case .code(var code):
                code.content = removingForbidden(code.content, count: &count)
                return .code(code)
            }
        })
    }

    /// Characters XML 1.0 does not allow: C0 controls but tab, LF and CR; U+FFFE; U+FFFF.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
            || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }
}
