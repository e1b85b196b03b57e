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

    /// Statistics of nothing yet: every count 0, encoding `UTF-8`, no header values.
    public init() {}

    /// The languages found, sorted by normalized tag.
    public var languages: [LanguageTag] { variants.keys.sorted() }

    /// Reads every unit of `reader` and counts. Units are validated as ``TMXReader/next()``
    /// validates them but not built (a reader nothing has been read from yet), so counting a
    /// memory costs little more than parsing it.
    public static func collect(from reader: TMXReader) throws(TMXError) -> TMXStatistics {
        var statistics = TMXStatistics()
        if reader.bytesRead == 0 {
            let counts = try reader.countUnits()
            var header = reader.countedHeader
            if header == nil { header = try reader.readHeader() }
            statistics.version = header?.version
            statistics.sourceLanguage = header?.sourceLanguage
            statistics.creationTool = header?.attributes[named: "creationtool"]
            statistics.variants = counts.variants
            statistics.properties = counts.properties
            statistics.notes = counts.notes
            statistics.unitsWithInlineCodes = counts.unitsWithInlineCodes
            statistics.duplicates = counts.duplicates
            statistics.units = reader.unitsSeen
            statistics.skippedUnits = reader.skippedUnits
            statistics.encoding = reader.encoding
            return statistics
        }
        return try collectUnits(from: reader)
    }

    /// ``collect(from:)`` unit by unit, from units built: for a reader already started, and
    /// as the reference the counting is tested against.
    static func collectUnits(from reader: TMXReader) throws(TMXError) -> TMXStatistics {
        var statistics = TMXStatistics()
        let header = try reader.readHeader()
        statistics.version = header.version
        statistics.sourceLanguage = header.sourceLanguage
        statistics.creationTool = header.attributes[named: "creationtool"]
        var seen = Set<Int>()
        while let unit = try reader.next() {
            var hasCodes = false
            for variant in unit.variants {
                statistics.variants[variant.language, default: 0] += 1
                statistics.properties += variant.properties.count
                statistics.notes += variant.notes.count
                if variant.content.hasInlineCodes { hasCodes = true }
            }
            statistics.properties += unit.properties.count
            statistics.notes += unit.notes.count
            if hasCodes { statistics.unitsWithInlineCodes += 1 }
            if !seen.insert(unit.duplicateKey).inserted { statistics.duplicates += 1 }
        }
        statistics.units = reader.unitsSeen
        statistics.skippedUnits = reader.skippedUnits
        statistics.encoding = reader.encoding
        return statistics
    }

}

extension TranslationUnit {
    /// Equal for units with the same languages and the same text in each (whitespace runs
    /// collapsed, ends trimmed; texts compared by their UTF-8 bytes, so a decomposed é is not a
    /// precomposed one): what `tmx stats` counts as duplicates and `tmx merge` resolves.
    /// Stable within a process only.
    public var duplicateKey: Int {
        var hasher = Hasher()
        for variant in variants.sorted(by: { $0.language < $1.language }) {
            hasher.combine(variant.language)
            var text = variant.content.plainText
            text.withUTF8 { Self.combineCollapsed($0, into: &hasher) }
        }
        return hasher.finalize()
    }

    /// Feeds `bytes` to `hasher` as ``TMXStatistics/collapsingWhitespace(_:)`` would write them
    /// (collapsed in a scratch buffer, no string built), then a byte UTF-8 never has (the end of
    /// the text), in one call: the hasher's cost is per call as much as per byte.
    static func combineCollapsed(_ bytes: UnsafeBufferPointer<UInt8>, into hasher: inout Hasher) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 1) { out in
            let n = Whitespace.collapse(bytes, into: out)
            out[n] = 0xFF
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: out[0...n])))
        }
    }
}

extension TranslationUnit {
    /// The latest `changedate` or `creationdate` of the unit and its variants
    /// (`YYYYMMDDThhmmssZ` sorts as text), `nil` when it has none.
    public var latestDate: String? {
        var dates = ["changedate", "creationdate"].compactMap { attributes[named: $0] }
        for variant in variants { dates += ["changedate", "creationdate"].compactMap { variant.attributes[named: $0] } }
        return dates.max()
    }
}

extension TMXStatistics {
    /// `text` with whitespace runs made one space and both ends trimmed.
    public static func collapsingWhitespace(_ text: String) -> String {
        text.collapsingWhitespace()
    }
}
