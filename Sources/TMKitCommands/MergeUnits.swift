import ArgumentParser
import Documents
import Glossary
import Pretranslation
import Quality
import TMKitCore
import TMX
import TranslationMemory
import XLIFF

extension XLIFFVersion: ExpressibleByArgument {}

/// What merge keeps of a document's units: sources, usable targets, where each unit is.
struct MergeUnits {
    var sources: [String: SegmentContent] = [:]
    var translations: [String: SegmentContent] = [:]
    /// Where each unit starts, in the order read (only an error looks one up).
    var places: [(id: String, line: Int, column: Int)] = []

    init(capacity: Int = 0) {
        sources.reserveCapacity(capacity)
        translations.reserveCapacity(capacity)
        places.reserveCapacity(capacity)
    }

    mutating func add(_ unit: XLIFFUnit, minimum: TranslationState, file: String) throws {
        guard sources.updateValue(unit.source, forKey: unit.id) == nil else {
            throw CommandError(message: "\(SourceLocation(file: file, line: unit.line, column: unit.column)): unit \(unit.id) appears twice; merge needs each unit once")
        }
        places.append((unit.id, unit.line, unit.column))
        let usable = unit.segments.allSatisfy { $0.target != nil && $0.effectiveState >= minimum }
        guard usable, !unit.segments.isEmpty else { return }
        translations[unit.id] = unit.target
    }
}
