import TMKitCore

/// What a TMX file holds: counts by language, codes, properties and duplicates.
public struct TMXStatistics: Sendable, Hashable {
    /// `tu` elements in the file (skipped ones included).
    public var units = 0
    /// Units skipped as invalid (with `skipInvalid`).
    public var skippedUnits = 0
    /// Variants (`tuv`) by normalized language tag.
    public var variants: [LanguageTag: Int] = [:]
    /// Units with at least one inline code in some variant.
    public var unitsWithInlineCodes = 0
    /// `prop` elements on units and variants.
    public var properties = 0
    /// `note` elements on units and variants.
    public var notes = 0
    /// Units whose languages and texts (whitespace runs collapsed, trimmed) repeat an earlier unit's.
    public var duplicates = 0
    /// The input's encoding (`UTF-8`, `UTF-16LE`, …).
    public var encoding = "UTF-8"
    /// The `version` attribute of `tmx`, as written.
    public var version: String?
    /// The header's `srclang`, as written.
    public var sourceLanguage: String?
    /// The header's `creationtool`.
    public var creationTool: String?

    public init() {}

    /// The languages found, sorted by normalized tag.
    public var languages: [LanguageTag] { variants.keys.sorted() }

    /// Reads every unit of `reader` and counts.
    public static func collect(from reader: TMXReader) throws(TMXError) -> TMXStatistics {
        var statistics = TMXStatistics()
        let header = try reader.readHeader()
        statistics.version = header.version
        statistics.sourceLanguage = header.sourceLanguage
        statistics.creationTool = header.attributes[named: "creationtool"]
        var seen = Set<Int>()
        while let unit = try reader.next() {
            var hasCodes = false
            var hasher = Hasher()
            for variant in unit.variants.sorted(by: { $0.language < $1.language }) {
                statistics.variants[variant.language, default: 0] += 1
                statistics.properties += variant.properties.count
                statistics.notes += variant.notes.count
                if variant.content.hasInlineCodes { hasCodes = true }
                hasher.combine(variant.language)
                hasher.combine(collapsingWhitespace(variant.content.plainText))
            }
            statistics.properties += unit.properties.count
            statistics.notes += unit.notes.count
            if hasCodes { statistics.unitsWithInlineCodes += 1 }
            if !seen.insert(hasher.finalize()).inserted { statistics.duplicates += 1 }
        }
        statistics.units = reader.unitsSeen
        statistics.skippedUnits = reader.issues.filter { $0.kind == .skippedUnit }.count
        statistics.encoding = reader.encoding
        return statistics
    }

    static func collapsingWhitespace(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
