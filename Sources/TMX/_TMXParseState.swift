import XMLEvents
import TMKitCore

/// The elements of TMX 1.4b.
enum _TMXElement: UInt8 {
    case tmx, header, body, tu, tuv, seg, prop, note, ude, map, bpt, ept, it, ph, hi, sub, ut, other

    init(_ name: UnsafeBufferPointer<UInt8>) {
        @inline(__always) func equals(_ literal: StaticString) -> Bool {
            guard name.count == literal.utf8CodeUnitCount else { return false }
            let bytes = literal.utf8Start
            for i in 0..<name.count where name[i] != bytes[i] { return false }
            return true
        }
        switch name.count {
        case 2:
            self = equals("tu") ? .tu : equals("ph") ? .ph : equals("hi") ? .hi : equals("it") ? .it
                : equals("ut") ? .ut : .other
        case 3:
            self = equals("tuv") ? .tuv : equals("seg") ? .seg : equals("bpt") ? .bpt : equals("ept") ? .ept
                : equals("sub") ? .sub : equals("tmx") ? .tmx : equals("ude") ? .ude : equals("map") ? .map : .other
        case 4:
            self = equals("prop") ? .prop : equals("note") ? .note : equals("body") ? .body : .other
        case 6:
            self = equals("header") ? .header : .other
        default:
            self = .other
        }
    }

    var inlineKind: InlineCode.Kind? {
        switch self {
        case .bpt: .bpt
        case .ept: .ept
        case .it: .it
        case .ph: .ph
        case .hi: .hi
        case .sub: .sub
        case .ut: .ut
        default: nil
        }
    }
}

/// Builds TMX values from SAX events: the state machine behind ``TMXReader``.
///
/// Memory stays bounded whatever the input: elements nest at most ``TMXReader/Limits``
/// deep (deeper ones are passed over), inline codes at most `inlineDepth` deep, a segment's
/// text and a `prop`'s or `note`'s text are capped, and at most `issues` issues are kept (the
/// rest are counted). Nothing here recurses on the input's depth.
struct _TMXParseState {
    var limits = TMXReader.Limits()
    var skipInvalid = false
    /// Also report what TMX 1.4b does not allow but reading can pass over: attributes the
    /// DTD does not define, `lang` in TMX 1.4 or `xml:lang` in 1.1, tags not in BCP 47 form.
    var checkConformance = false
    var header = TMXHeader(version: nil)
    var headerDone = false
    var sawRoot = false
    var units: [TranslationUnit] = []
    var issues: [TMXIssue] = []
    /// Issues beyond `limits.issues`, counted but not kept.
    var issuesNotKept = 0
    /// Units skipped as invalid (with `skipInvalid`).
    var skippedUnits = 0
    var error: TMXError? {
        didSet { failed = error != nil }
    }
    /// `error != nil`, kept as a flag for the per-event check.
    private(set) var failed = false
    var unitsSeen = 0
    /// Where the header starts, when there is one.
    var headerLocation: (line: Int, column: Int)?
    /// Where each unit in `units` starts.
    var unitLocations: [(line: Int, column: Int)] = []
    private var unitLocation = (line: 0, column: 0)

    /// The open elements, outermost first.
    private var stack: [_TMXElement] = []
    /// Elements open beyond `limits.depth`, passed over with their content.
    private var ignoredDepth = 0
    /// UTF-8 bytes of text in the current `seg` (nested codes included), `prop` or `note`.
    private var textLength = 0
    private var textTooLong = false
    private var unit = TranslationUnit()
    private var unitProblem: (message: String, line: Int, column: Int)?
    private var variant: Variant?
    private var variantHasSegment = false
    private var textBytes: [UInt8] = []
    private var textAttributes: [Attribute] = []

    /// A `seg`, an inline code, or an unknown element inside them (whose content is kept).
    private struct ContentFrame {
        var kind: InlineCode.Kind?
        var attributes: [Attribute]
        var elements: [SegmentContent.Element] = []
    }

    private var content: [ContentFrame] = []
    /// Text of the innermost content frame not yet made a `String` (a child frame starts
    /// only after its parent's text is flushed, so one buffer serves the whole stack).
    private var pendingText: [UInt8] = []
    /// Language tags already parsed, by their bytes as written (a memory has few).
    private var languageCache: [(bytes: [UInt8], tag: LanguageTag?)] = []

    // Counting instead of building (``TMXStatistics``): units are validated as always, but
    // no value is built for them; each valid unit is counted into `counts`.
    /// Count units into `counts` instead of building them (the header is built as always).
    var countOnly = false
    /// The counts of the valid units read so far (with `countOnly`).
    var counts = _TMXCounts()
    /// The current unit's variants: language and range of their plain text in `countText`.
    private var countVariants: [(language: LanguageTag, text: Range<Int>)] = []
    private var countText: [UInt8] = []
    private var countVariantStart = 0
    private var countVariantLanguage = LanguageTag.english
    private var countInVariant = false
    /// The current unit's `bpt`/`ept` codes in document order, by variant (for pairing).
    private var countCodes: [(variant: Int, begin: Bool, i: String?)] = []
    private var countUnitHasCodes = false
    private var countProperties = 0
    private var countNotes = 0
    /// Per open content frame: its text is plain text; its `sub` children's is; a code
    /// opened in it is the segment's own (what `SegmentContent.plainText` and
    /// `hasInlineCodes` read).
    private var countFrames: [(plain: Bool, subsPlain: Bool, topLevel: Bool)] = []

    private mutating func flushText() {
        guard !pendingText.isEmpty, !content.isEmpty else { return }
        let string = String(decoding: pendingText, as: UTF8.self)
        pendingText.removeAll(keepingCapacity: true)
        let top = content.count - 1
        if case .text(let previous)? = content[top].elements.last {
            content[top].elements[content[top].elements.count - 1] = .text(previous + string)
        } else {
            content[top].elements.append(.text(string))
        }
    }

    private mutating func languageTag(_ bytes: UnsafeBufferPointer<UInt8>) -> LanguageTag? {
        for entry in languageCache where entry.bytes.elementsEqual(bytes) { return entry.tag }
        let tag = LanguageTag(String(decoding: bytes, as: UTF8.self))
        if languageCache.count < 32 { languageCache.append((Array(bytes), tag)) }
        return tag
    }

    /// An element name for a message (names can be 50,000 bytes long).
    static func shortName(_ name: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: name, as: UTF8.self)
        return text.unicodeScalars.count <= 40 ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(40))) + "…"
    }

    var insideUnit: Bool { stack.contains(.tu) }

    mutating func handle(_ event: borrowing XMLEvent) {
        guard !failed else { return }
        switch event.kind {
        case XMLEvent.start: start(event)
        case XMLEvent.end: end(event)
        case XMLEvent.characters: characters(event)
        case XMLEvent.entity:
            issue(.unexpandedEntity, "entity &\(String(decoding: event.name, as: UTF8.self)); was not expanded",
                  event.line, event.column)
        case XMLEvent.problem:
            issue(.xmlProblem, String(decoding: event.name, as: UTF8.self), event.line, event.column)
        default: break
        }
    }

    private mutating func issue(_ kind: TMXIssue.Kind, _ message: String, _ line: Int, _ column: Int,
                                unit: Int? = nil) {
        guard issues.count < limits.issues else {
            issuesNotKept += 1
            return
        }
        issues.append(TMXIssue(kind: kind, message: message, line: line, column: column,
                               unit: unit ?? (insideUnit ? unitsSeen : nil)))
    }

    private mutating func problem(_ message: String, _ line: Int, _ column: Int) {
        if unitProblem == nil { unitProblem = (message, line, column) }
    }

    // MARK: Start tags

    private mutating func start(_ event: borrowing XMLEvent) {
        if ignoredDepth > 0 || stack.count >= limits.depth {
            if ignoredDepth == 0 {
                let message = "elements nested deeper than \(limits.depth) levels"
                if insideUnit {
                    problem(message, event.line, event.column)
                } else {
                    error = TMXError(.malformedXML, message, line: event.line, column: event.column)
                }
            }
            ignoredDepth += 1
            return
        }
        let element = _TMXElement(event.name)
        let parent = stack.last
        defer { stack.append(element) }
        if checkConformance { checkAttributes(event, element) }
        guard let parent else {
            if element == .tmx {
                sawRoot = true
                header.version = event.attributes()[named: "version"]
            } else {
                error = TMXError(.notTMX, "the root element is <\(Self.shortName(event.name))>, not <tmx>",
                                 line: event.line, column: event.column)
            }
            return
        }
        if !content.isEmpty {
            // Inside a seg: inline codes nest; anything else keeps its content.
            if countOnly {
                countStart(event, element)
                return
            }
            flushText()
            if content.count > limits.inlineDepth {
                // Kept flat: the unit is invalid, and no value nests deeper than the limit.
                problem("inline codes nested deeper than \(limits.inlineDepth) levels", event.line, event.column)
                content.append(ContentFrame(kind: nil, attributes: []))
            } else if let kind = element.inlineKind {
                content.append(ContentFrame(kind: kind, attributes: event.attributes()))
            } else {
                issue(.unknownElement, "<\(Self.shortName(event.name))> is not a TMX inline element; its text is kept",
                      event.line, event.column)
                content.append(ContentFrame(kind: nil, attributes: []))
            }
            return
        }
        switch (element, parent) {
        case (.header, .tmx):
            header.attributes = event.attributes()
            headerLocation = (event.line, event.column)
        case (.body, .tmx):
            headerDone = true
        case (.prop, _), (.note, _):
            textBytes.removeAll(keepingCapacity: true)
            textLength = 0
            textTooLong = false
            textAttributes = countOnly && parent != .header ? [] : event.attributes()
        case (.ude, .header):
            header.userDefinedEncodings.append(UserDefinedEncoding(attributes: event.attributes()))
        case (.map, .ude):
            if !header.userDefinedEncodings.isEmpty {
                header.userDefinedEncodings[header.userDefinedEncodings.count - 1].maps.append(event.attributes())
            }
        case (.tu, .body) where countOnly:
            unitsSeen += 1
            unitProblem = nil
            unitLocation = (event.line, event.column)
            countVariants.removeAll(keepingCapacity: true)
            countText.removeAll(keepingCapacity: true)
            countVariantStart = 0
            countCodes.removeAll(keepingCapacity: true)
            countUnitHasCodes = false
            countProperties = 0
            countNotes = 0
        case (.tu, .body):
            unitsSeen += 1
            var id: String?
            var attributes: [Attribute] = []
            attributes.reserveCapacity(event.attributeCount)
            for index in 0..<event.attributeCount {
                let name = event.attributeName(index)
                let value = String(decoding: event.attributeValue(index), as: UTF8.self)
                if id == nil, name.count == 4, name[0] == 0x74, name[1] == 0x75, name[2] == 0x69, name[3] == 0x64 {  // tuid
                    id = value
                } else {
                    attributes.append(Attribute(String(decoding: name, as: UTF8.self), value))
                }
            }
            unit = TranslationUnit(id: id, attributes: attributes)
            unit.variants.reserveCapacity(2)
            unitProblem = nil
            unitLocation = (event.line, event.column)
        case (.tuv, .tu) where countOnly:
            countVariantLanguage = tuvLanguage(event)
            countInVariant = true
            countVariantStart = countText.count
            variantHasSegment = false
        case (.tuv, .tu):
            let language = tuvLanguage(event)
            var attributes: [Attribute] = []
            for index in 0..<event.attributeCount where !Self.isLanguageAttribute(event.attributeName(index)) {
                attributes.append(Attribute(String(decoding: event.attributeName(index), as: UTF8.self),
                                            String(decoding: event.attributeValue(index), as: UTF8.self)))
            }
            variant = Variant(language: language, content: SegmentContent(), attributes: attributes)
            variantHasSegment = false
        case (.seg, .tuv):
            if variantHasSegment { problem("<tuv> with more than one <seg>", event.line, event.column) }
            content.removeAll(keepingCapacity: true)
            pendingText.removeAll(keepingCapacity: true)
            textLength = 0
            textTooLong = false
            content.append(ContentFrame(kind: nil, attributes: []))
            if countOnly {
                if countInVariant {
                    // A second seg replaces the first (and makes the unit invalid).
                    countText.removeSubrange(countVariantStart...)
                    countCodes.removeAll { $0.variant == countVariants.count }
                    countFrames = [(plain: true, subsPlain: false, topLevel: true)]
                } else {
                    // A tuv out of place (inside a note): no variant gets its seg.
                    countFrames = [(plain: false, subsPlain: false, topLevel: false)]
                }
            }
        default:
            issue(.unknownElement,
                  "<\(Self.shortName(event.name))> is not allowed in <\(parent)>; it was ignored",
                  event.line, event.column)
        }
    }

    private mutating func checkAttributes(_ event: borrowing XMLEvent, _ element: _TMXElement) {
        guard element != .other, element != .tmx, element != .body, element != .seg else { return }
        let name = String(decoding: event.name, as: UTF8.self)
        let allowed = TMXWriter.allowedAttributes[name] ?? []
        for index in 0..<event.attributeCount {
            let attribute = String(decoding: event.attributeName(index), as: UTF8.self)
            let value = String(decoding: event.attributeValue(index), as: UTF8.self)
            if attribute == "lang", element == .tuv {
                if header.version != "1.1" {
                    issue(.nonConforming, "<tuv lang> is TMX 1.1; TMX 1.4 uses xml:lang", event.line, event.column)
                }
            } else if attribute == "xml:lang", element == .tuv, header.version == "1.1" {
                issue(.nonConforming, "<tuv xml:lang> in a TMX 1.1 file, which uses lang", event.line, event.column)
            } else if !allowed.contains(attribute) {
                issue(.nonConforming, "attribute \(quotedForMessage(attribute)) is not defined for <\(Self.shortName(event.name))>", event.line, event.column)
            }
            if attribute == "xml:lang" || (attribute == "lang" && element == .tuv) {
                // Case is not significant in BCP 47; `en_US` and other spellings are not BCP 47 at all.
                if let tag = LanguageTag(value), tag.normalized.lowercased() != value.lowercased() {
                    issue(.nonConforming, "language code \(quotedForMessage(value)) is not BCP 47; write '\(tag.normalized)'",
                          event.line, event.column)
                }
            }
        }
        if element == .prop, !(0..<event.attributeCount).contains(where: { String(decoding: event.attributeName($0), as: UTF8.self) == "type" }) {
            issue(.nonConforming, "<prop> without type", event.line, event.column)
        }
    }

    // MARK: End tags

    private mutating func end(_ event: borrowing XMLEvent) {
        if ignoredDepth > 0 {
            ignoredDepth -= 1
            return
        }
        guard let element = stack.popLast() else { return }
        if !content.isEmpty, countOnly {
            content.removeLast()
            countFrames.removeLast()
            if element == .seg && content.isEmpty { variantHasSegment = true }
            return
        }
        if !content.isEmpty {
            flushText()
            let frame = content.removeLast()
            if element == .seg && content.isEmpty {
                variant?.content = SegmentContent(frame.elements)
                variantHasSegment = true
            } else if let kind = frame.kind, !content.isEmpty {
                content[content.count - 1].elements.append(
                    .code(InlineCode(kind, attributes: frame.attributes, content: SegmentContent(frame.elements))))
            } else if !content.isEmpty {
                // An unknown element: its content joins the enclosing one.
                for element in frame.elements {
                    if case .text(let text) = element {
                        pendingText += Array(text.utf8)
                    } else {
                        flushText()
                        content[content.count - 1].elements.append(element)
                    }
                }
            }
            return
        }
        let parent = stack.last
        switch element {
        case .header:
            headerDone = true
        case .prop where countOnly && parent != .header:
            if parent == .tu || (parent == .tuv && countInVariant) { countProperties += 1 }
        case .note where countOnly && parent != .header:
            if parent == .tu || (parent == .tuv && countInVariant) { countNotes += 1 }
        case .prop:
            // `<prop name="…">` (written by some tools instead of `type`) is read as the type.
            var attributes = textAttributes
            let type = attributes[named: "type"] ?? attributes[named: "name"] ?? ""
            if attributes[named: "type"] == nil { attributes[named: "name"] = nil }
            attributes[named: "type"] = nil
            let property = Property(type: type, value: String(decoding: textBytes, as: UTF8.self), attributes: attributes)
            switch parent {
            case .header?: header.properties.append(property)
            case .tu?: unit.properties.append(property)
            case .tuv?: variant?.properties.append(property)
            default: break
            }
        case .note:
            let note = Note(String(decoding: textBytes, as: UTF8.self), attributes: textAttributes)
            switch parent {
            case .header?: header.notes.append(note)
            case .tu?: unit.notes.append(note)
            case .tuv?: variant?.notes.append(note)
            default: break
            }
        case .tuv where parent == .tu && countOnly:
            if !variantHasSegment { problem("<tuv> without <seg>", event.line, event.column) }
            if countInVariant { countVariants.append((countVariantLanguage, countVariantStart..<countText.count)) }
            countInVariant = false
        case .tuv where parent == .tu:
            if !variantHasSegment { problem("<tuv> without <seg>", event.line, event.column) }
            if let variant { unit.variants.append(variant) }
            variant = nil
        case .tu where parent == .body:
            finishUnit(line: event.line, column: event.column)
        default:
            break
        }
    }

    private mutating func finishUnit(line: Int, column: Int) {
        if countOnly {
            if countVariants.isEmpty { problem("<tu> without <tuv>", line, column) }
            for index in countVariants.indices where unitProblem == nil {
                let codes = countCodes.lazy.filter { $0.variant == index }.map { (begin: $0.begin, i: $0.i) }
                if let message = Self.pairingProblem(codes) { problem(message, line, column) }
            }
        } else {
            if unit.variants.isEmpty { problem("<tu> without <tuv>", line, column) }
            for variant in unit.variants where unitProblem == nil {
                if let message = Self.pairingProblem(variant.content) { problem(message, line, column) }
            }
        }
        if let unitProblem {
            if skipInvalid {
                skippedUnits += 1
                issue(.skippedUnit, "skipped: " + unitProblem.message, unitProblem.line, unitProblem.column,
                      unit: unitsSeen)
            } else {
                error = TMXError(.invalidUnit, unitProblem.message, line: unitProblem.line,
                                 column: unitProblem.column, unit: unitsSeen)
            }
        } else if countOnly {
            countUnit()
        } else {
            units.append(unit)
            unitLocations.append(unitLocation)
        }
    }

    /// Counts the valid unit just read (`countOnly`): what ``TMXStatistics/collect(from:)``
    /// counts of a unit, its duplicate key as `TranslationUnit.duplicateKey` computes it.
    private mutating func countUnit() {
        for variant in countVariants { counts.count(variant.language) }
        counts.properties += countProperties
        counts.notes += countNotes
        if countUnitHasCodes { counts.unitsWithInlineCodes += 1 }
        // In language order (`sorted` is stable: equal languages keep document order).
        if countVariants.count == 2, countVariants[1].language < countVariants[0].language {
            countVariants.swapAt(0, 1)
        } else if countVariants.count > 2 {
            countVariants.sort { $0.language < $1.language }
        }
        var hasher = Hasher()
        countText.withUnsafeBufferPointer { text in
            for variant in countVariants {
                hasher.combine(variant.language)
                TranslationUnit.combineCollapsed(UnsafeBufferPointer(rebasing: text[variant.text]), into: &hasher)
            }
        }
        let key = hasher.finalize()
        if !counts.seen.insert(key).inserted { counts.duplicates += 1 }
        counts.keys?.append(key)
    }

    /// A content element opened inside a `seg` while counting: the frame's plain-text flags,
    /// and the `i` of a `bpt` or `ept` for pairing.
    private mutating func countStart(_ event: borrowing XMLEvent, _ element: _TMXElement) {
        let parent = countFrames[countFrames.count - 1]
        if content.count > limits.inlineDepth {
            problem("inline codes nested deeper than \(limits.inlineDepth) levels", event.line, event.column)
            content.append(ContentFrame(kind: nil, attributes: []))
            countFrames.append(parent)
            return
        }
        guard let kind = element.inlineKind else {
            // An unknown element: its content joins the enclosing one.
            issue(.unknownElement, "<\(Self.shortName(event.name))> is not a TMX inline element; its text is kept",
                  event.line, event.column)
            content.append(ContentFrame(kind: nil, attributes: []))
            countFrames.append(parent)
            return
        }
        content.append(ContentFrame(kind: kind, attributes: []))
        // plainText: the text of hi and sub where text counts, and of sub inside other codes.
        let transparent = kind == .hi || kind == .sub
        countFrames.append((plain: parent.plain ? transparent : parent.subsPlain && kind == .sub,
                            subsPlain: parent.plain && !transparent, topLevel: false))
        if parent.topLevel { countUnitHasCodes = true }
        if kind == .bpt || kind == .ept, countInVariant {
            var i: String?
            for index in 0..<event.attributeCount {
                let name = event.attributeName(index)
                if name.count == 1, name[0] == 0x69 {
                    i = String(decoding: event.attributeValue(index), as: UTF8.self)
                    break
                }
            }
            countCodes.append((countVariants.count, kind == .bpt, i))
        }
    }

    /// A `tuv`'s language: its first `xml:lang` (or `lang`); English, with the unit's problem
    /// reported, when it has none or an invalid one.
    private mutating func tuvLanguage(_ event: borrowing XMLEvent) -> LanguageTag {
        for index in 0..<event.attributeCount where Self.isLanguageAttribute(event.attributeName(index)) {
            let value = event.attributeValue(index)
            if let tag = languageTag(value) { return tag }
            problem("invalid language code \(quotedForMessage(String(decoding: value, as: UTF8.self))) in <tuv>", event.line, event.column)
            return .english
        }
        problem("<tuv> without xml:lang", event.line, event.column)
        return .english
    }

    /// `xml:lang`, or `lang` (TMX 1.1).
    static func isLanguageAttribute(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        name.count >= 4 && name[name.count - 4] == 0x6C && name[name.count - 3] == 0x61
            && name[name.count - 2] == 0x6E && name[name.count - 1] == 0x67
            && (name.count == 4 || (name.count == 8 && name[0] == 0x78 && name[1] == 0x6D && name[2] == 0x6C && name[3] == 0x3A))
    }

    /// Every `bpt` has an `i` used by no other `bpt` and an `ept` with the same `i`, and
    /// every `ept` a `bpt`.
    static func pairingProblem(_ content: SegmentContent) -> String? {
        guard content.hasInlineCodes else { return nil }
        return pairingProblem(content.allCodes.lazy.filter { $0.kind == .bpt || $0.kind == .ept }.map { (begin: $0.kind == .bpt, i: $0.i) })
    }

    /// ``pairingProblem(_:)-(SegmentContent)`` of a segment's `bpt` (`begin`) and `ept` codes, in document order.
    static func pairingProblem(_ codes: some Sequence<(begin: Bool, i: String?)>) -> String? {
        var begins = Set<String>()
        var ends = Set<String>()
        for code in codes {
            if code.begin {
                guard let i = code.i else { return "<bpt> without i" }
                guard begins.insert(i).inserted else { return "two <bpt> with i=\"\(i)\"" }
            } else {
                guard let i = code.i else { return "<ept> without i" }
                guard ends.insert(i).inserted else { return "two <ept> with i=\"\(i)\"" }
            }
        }
        if let i = begins.subtracting(ends).sorted().first { return "<bpt i=\"\(i)\"> has no <ept>" }
        if let i = ends.subtracting(begins).sorted().first { return "<ept i=\"\(i)\"> has no <bpt>" }
        return nil
    }

    // MARK: Text

    /// Whether `count` more bytes of text fit within `limits.textBytes`; past it, the unit (or
    /// the file, outside units) gets an error once and the rest of the text is dropped.
    private mutating func takeText(_ count: Int, what: String, _ line: Int, _ column: Int) -> Bool {
        guard !textTooLong else { return false }
        textLength += count
        guard textLength > limits.textBytes else { return true }
        textTooLong = true
        let message = "\(what) longer than \(limits.textBytes / 1_048_576) MiB (the limit for one segment, property or note)"
        if insideUnit {
            problem(message, line, column)
        } else {
            error = TMXError(.invalidUnit, message, line: line, column: column)
        }
        return false
    }

    private mutating func characters(_ event: borrowing XMLEvent) {
        guard ignoredDepth == 0 else { return }
        if !content.isEmpty {
            guard takeText(event.text.count, what: "segment", event.line, event.column) else { return }
            if countOnly {
                if countFrames[countFrames.count - 1].plain { countText.append(contentsOf: event.text) }
            } else {
                pendingText.append(contentsOf: event.text)
            }
            return
        }
        switch stack.last {
        case .prop?, .note?:
            guard takeText(event.text.count, what: stack.last == .prop ? "<prop>" : "<note>", event.line, event.column)
            else { return }
            if !countOnly || !insideUnit { textBytes.append(contentsOf: event.text) }
        default:
            // Indentation between elements. Anything else is text TMX has no place for.
            if event.text.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) {
                issue(.unknownElement, "text outside <seg>, <prop> or <note> was ignored", event.line, event.column)
            }
        }
    }
}

/// What ``TMXStatistics`` counts of the valid units, read without building them.
struct _TMXCounts {
    /// Variants by language: a memory has few, so a list searched in order.
    var languages: [(language: LanguageTag, count: Int)] = []
    var variants: [LanguageTag: Int] {
        var result: [LanguageTag: Int] = [:]
        for (language, count) in languages { result[language, default: 0] += count }
        return result
    }
    var unitsWithInlineCodes = 0
    var properties = 0
    var notes = 0
    var duplicates = 0
    var seen = Set<Int>()
    /// Each unit's duplicate key in order, when not `nil` (for tests).
    var keys: [Int]?

    mutating func count(_ language: LanguageTag) {
        if let index = languages.firstIndex(where: { $0.language == language }) {
            languages[index].count += 1
        } else {
            languages.append((language, 1))
        }
    }
}
