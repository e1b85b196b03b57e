import TMKitCore

/// One problem found by ``TMXValidation``.
public struct TMXFinding: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the problem (the `header` or 1 when it concerns the whole file).
    public var line: Int
    /// The 1-based column on that line.
    public var column: Int
    /// What is wrong, in one line, ending in ` (unit N)` when it is in a unit.
    public var message: String

    /// A finding of `message` at `line`:`column`.
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `LINE:COLUMN: message`.
    public var description: String { "\(line):\(column): \(message)" }
}

/// Checks a TMX file against TMX 1.4b: well-formedness, structure and attributes as the
/// DTD defines them, `bpt`/`ept` pairing and `i` uniqueness, language codes, the header's
/// `srclang` (present, a tag or `*all*`, and used by the units), and optionally that every
/// unit has a target.
public enum TMXValidation {
    /// What ``validate(_:options:)`` checks beyond TMX 1.4b itself.
    public struct Options: Sendable {
        /// Every unit needs a variant in a language other than its source language.
        public var requireTarget: Bool

        /// Options as given; by default a unit needs no target.
        public init(requireTarget: Bool = false) {
            self.requireTarget = requireTarget
        }
    }

    /// The findings for the file `reader` reads (which must be opened with `skipInvalid`
    /// and `checkConformance`), in file order, and the number of units read. At most the
    /// reader's ``TMXReader/Limits/issues`` findings are kept; `notKept` counts the others.
    /// Throws only when the input cannot be read at all.
    public static func validate(_ reader: TMXReader, options: Options = Options()) throws(TMXError)
        -> (findings: [TMXFinding], units: Int, notKept: Int)
    {
        let limit = reader.options.limits.issues
        var notKept = 0
        var findings: [TMXFinding] = []
        var languages = Set<String>()
        var header = TMXHeader()
        do {
            header = try reader.readHeader()
            if let location = reader.headerLocation {
                checkHeader(header, at: location, into: &findings)
            } else {
                findings.append(TMXFinding(line: 1, column: 1, message: "no <header> element"))
            }
            while let unit = try reader.next() {
                for variant in unit.variants {
                    languages.insert(variant.language.normalized.lowercased())
                    languages.insert(variant.language.language)
                }
                if options.requireTarget {
                    let source = unit.sourceLanguage ?? header.sourceLanguage
                    if !hasTarget(unit, source: source) {
                        guard findings.count < limit else {
                            notKept += 1
                            continue
                        }
                        let (line, column) = reader.lastUnitLocation
                        findings.append(TMXFinding(line: line, column: column,
                                                   message: "unit \(reader.unitsSeen) has no target (source: \(source.map(Self.shownLanguage) ?? "none"))"))
                    }
                }
            }
        } catch where error.kind == .unreadable {
            throw error
        } catch {
            findings.append(TMXFinding(line: error.line ?? 1, column: error.column ?? 1,
                                       message: error.message + (error.unit.map { " (unit \($0))" } ?? "")))
        }
        notKept += reader.issuesNotKept
        for issue in reader.issues {
            guard findings.count < limit else {
                notKept += 1
                continue
            }
            findings.append(TMXFinding(line: issue.line, column: issue.column,
                                       message: issue.message + (issue.unit.map { " (unit \($0))" } ?? "")))
        }
        if let srclang = header.sourceLanguage, srclang != "*all*", let tag = LanguageTag(srclang),
           !languages.isEmpty, !languages.contains(tag.normalized.lowercased()),
           let location = reader.headerLocation {
            findings.append(TMXFinding(line: location.line, column: location.column,
                                       message: "header srclang \(quotedForMessage(srclang)) is the language of no variant"))
        }
        findings.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return (findings, reader.unitsSeen, notKept)
    }

    private static func checkHeader(_ header: TMXHeader, at location: (line: Int, column: Int), into findings: inout [TMXFinding]) {
        for name in ["creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"]
        where header.attributes[named: name] == nil {
            findings.append(TMXFinding(line: location.line, column: location.column,
                                       message: "header has no \(name) attribute (required)"))
        }
        if let segtype = header.attributes[named: "segtype"], !["block", "paragraph", "sentence", "phrase"].contains(segtype) {
            findings.append(TMXFinding(line: location.line, column: location.column,
                                       message: "header segtype \(quotedForMessage(segtype)) is not block, paragraph, sentence or phrase"))
        }
        if let srclang = header.sourceLanguage, srclang != "*all*", LanguageTag(srclang) == nil {
            findings.append(TMXFinding(line: location.line, column: location.column,
                                       message: "header srclang \(quotedForMessage(srclang)) is neither a language tag nor *all*"))
        }
    }

    private static func hasTarget(_ unit: TranslationUnit, source: String?) -> Bool {
        guard let source, source != "*all*", let tag = LanguageTag(source) else {
            return Set(unit.variants.map(\.language)).count >= 2
        }
        return unit.variants.contains { !$0.language.matches(tag) }
    }

    /// A language tag as written when it looks like one (letters, digits, `-`, `_`, at most 35 characters),
    /// otherwise quoted and cut, so a hostile attribute cannot fill a line.
    static func shownLanguage(_ tag: String) -> String {
        let plain = tag.utf8.count <= 35 && !tag.isEmpty && tag.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
        return plain ? tag : quotedForMessage(tag)
    }
}
