import TMKitCore

extension XLIFFDocument {
    /// The translated segments as memory units: one unit per segment whose target has reached
    /// `minimumState` (a non-empty target without a state counts as translated), with the
    /// file's languages (or `pair` where the file names none), the unit's id as `tuid` (with
    /// the segment's id when a unit has several) and its notes. Units marked `translate="no"`
    /// are left out.
    public func translationUnits(pair: (source: LanguageTag, target: LanguageTag)?, minimumState: TranslationState = .translated,
                                 file: String? = nil) throws(XLIFFError) -> [TranslationUnit] {
        var result: [TranslationUnit] = []
        for xliffFile in files {
            guard let source = xliffFile.sourceLanguage ?? pair?.source, let target = xliffFile.targetLanguage ?? pair?.target else {
                let line = xliffFile.units.first?.line
                throw XLIFFError("the file names no \(xliffFile.sourceLanguage == nil ? "source" : "target") language; give --from and --to",
                                 file: file, line: line)
            }
            for unit in xliffFile.units where unit.translate {
                for segment in unit.segments {
                    guard let content = segment.target, segment.effectiveState >= minimumState,
                          !content.plainText.isEmpty || content.hasInlineCodes else { continue }
                    let id = unit.segments.count > 1 ? "\(unit.id)#\(segment.id ?? "")" : unit.id
                    result.append(TranslationUnit(
                        id: id.isEmpty ? nil : id, notes: unit.notes.map { Note($0) },
                        variants: [Variant(language: source, content: segment.source), Variant(language: target, content: content)]))
                }
            }
        }
        return result
    }
}
