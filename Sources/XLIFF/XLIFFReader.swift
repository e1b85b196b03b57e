import TMKitCore
import XMLEvents

/// Reads XLIFF 1.0–1.2 and 2.0–2.2 as CAT tools write them (OmegaT, Okapi/Rainbow, memoQ,
/// Trados, translate-toolkit, MateCat, Xcode, Angular…), streaming through libxml2's push
/// parser: no DTD, no entities beyond XML's five, no network; element depth is bounded by the
/// C layer and nothing here recurses on input depth.
///
/// - Units: 1.2 `<trans-unit>` (segments from `<seg-source>`'s `<mrk mtype="seg">` when there is
///   one; a whole `<target>` beside them makes the unit one segment), 2.x `<unit>` and its
///   `<segment>`s; what stands between segments (1.2 text outside the `<mrk>`s, 2.x
///   `<ignorable>`) is kept in the unit's whole source and target; `<bin-unit>` is skipped.
/// - Inline codes become tmkit's (TMX-model) codes: 1.2 `<g>`/2.x `<pc>` → `bpt`…`ept` paired by
///   `i`; `<sc/>` → `bpt`, `<ec/>` → `ept` (isolated ones, and 1.2 `<bx/>`/`<ex/>`, → `it` begin
///   and end); `<x/>`, `<ph>` → `ph`; `<bpt>`/`<ept>`/`<it>`/`<ph>` keep their native code;
///   `<mrk>` → `hi`; 2.x `<sm/>`/`<em/>` markers are dropped, `<cp hex>` is its character.
/// - Matches: 1.2 `<alt-trans>`, 2.x `<mtc:match>`; terms: 2.x `<gls:glossEntry>`; notes.
/// - One value (a segment, a note) over ``maximumValueBytes`` is an error.
public enum XLIFFReader {
    /// The longest segment, note or skeleton piece of text, in UTF-8 bytes.
    public static let maximumValueBytes = 1 << 20
    /// The longest embedded skeleton, in UTF-8 bytes.
    public static let maximumSkeletonBytes = 256 << 20

    /// Reads an XLIFF file's bytes; `file` names it in errors.
    public static func read(_ bytes: [UInt8], file: String? = nil) throws(XLIFFError) -> XLIFFDocument {
        try XMLPushParser.read(bytes, with: { try read(from: $0, file: file) }) { (error: any Error) -> XLIFFError in
            XLIFFError("\(error)", file: file)
        }
    }

    /// Reads XLIFF from `read` (up to the given number of bytes a call, an empty array at the end;
    /// called on a second thread, one call at a time, while earlier chunks become units).
    public static func read(from read: (Int) throws -> [UInt8], file: String? = nil) throws -> XLIFFDocument {
        try parse(from: read, file: file, keeping: .all, streaming: false) { _, _, _ in }
    }

    /// Reads XLIFF from `read` a unit at a time: each unit goes to `unit` with its file's index
    /// and the file (languages, skeleton when it came before the unit, as it does in a valid
    /// file; no units) as soon as its
    /// end tag is read, and is not kept. Returns the document without units. What `keeping`
    /// leaves out is skipped unread (a merge needs neither matches nor notes). Errors `unit`
    /// throws stop the reading and are thrown.
    public static func forEachUnit(
        from read: (Int) throws -> [UInt8], file: String? = nil, keeping: XLIFFReadOptions = .all,
        _ unit: (_ fileIndex: Int, _ file: XLIFFFile, _ unit: XLIFFUnit) throws -> Void
    ) throws -> XLIFFDocument {
        try parse(from: read, file: file, keeping: keeping, streaming: true, unit: unit)
    }

    private static func parse(
        from read: (Int) throws -> [UInt8], file: String?, keeping: XLIFFReadOptions, streaming: Bool,
        unit body: (Int, XLIFFFile, XLIFFUnit) throws -> Void
    ) throws -> XLIFFDocument {
        guard let parser = XMLPushParser() else { throw XLIFFError("out of memory", file: file) }
        var state = _XLIFFState(options: keeping, streaming: streaming)
        var thrown: (any Error)?
        var failure: XMLPushParser.Failure?
        // libxml2 parses the next chunks on a second thread while this one builds units.
        try withoutActuallyEscaping(read) { read in
            let pipeline = XMLParsingPipeline(parser: parser, read: read)
            defer { pipeline.stop() }  // once `unit` has thrown, the rest of the input is not read
            while true {
                let item = pipeline.next()
                if let error = item.readError { throw error }
                item.batch?.forEachEvent { (event: borrowing XMLEvent) in
                    guard thrown == nil else { return }
                    state.handle(event)
                    if state.hasCompleted, let file = state.currentFile, let done = state.completed.take() {
                        do { try body(state.files.count, file, done) } catch { thrown = error; state.stop() }
                    }
                }
                failure = item.failure
                if item.isLast || thrown != nil { break }
            }
        }
        if let thrown { throw thrown }
        if let failure {
            if let problem = state.problem { throw XLIFFError(problem.message, file: file, line: problem.line, column: problem.column) }
            throw XLIFFError(failure.message, file: file, line: failure.line, column: failure.column)
        }
        if let problem = state.problem { throw XLIFFError(problem.message, file: file, line: problem.line, column: problem.column) }
        guard state.sawRoot else { throw XLIFFError("the file is empty", file: file, line: 1, column: 1) }
        guard let version = state.version else {
            throw XLIFFError("the root element is <\(state.rootName)>, not <xliff>", file: file, line: 1, column: 1)
        }
        return XLIFFDocument(version: version, files: state.files)
    }
}

/// What an XLIFF reader keeps of each unit beside its segments.
public struct XLIFFReadOptions: Sendable, Hashable {
    /// 1.2 `<alt-trans>`, 2.x `<mtc:match>`.
    public var matches: Bool
    /// `<note>`s.
    public var notes: Bool
    /// 2.x `<gls:glossEntry>`.
    public var terms: Bool

    /// Chooses what to keep beside the segments; by default, everything.
    public init(matches: Bool = true, notes: Bool = true, terms: Bool = true) {
        self.matches = matches
        self.notes = notes
        self.terms = terms
    }

    /// Everything.
    public static let all = XLIFFReadOptions()
    /// Segments (sources, targets, states) only.
    public static let segmentsOnly = XLIFFReadOptions(matches: false, notes: false, terms: false)
}

/// Builds segment content from events: text, codes, `hi` nesting.
struct _ContentBuilder {
    /// The level being built; the enclosing levels (and their `hi` attributes) wait in `outer`.
    private var elements: [SegmentContent.Element] = []
    private var outer: [(elements: [SegmentContent.Element], attributes: [Attribute])] = []
    private(set) var byteCount = 0

    mutating func text(_ text: String) {
        byteCount += text.utf8.count
        if case .text(var previous)? = elements.last {
            elements.removeLast()
            previous += text
            elements.append(.text(previous))
        } else {
            elements.append(.text(text))
        }
    }

    mutating func code(_ code: InlineCode) {
        elements.append(.code(code))
    }

    mutating func append(_ content: SegmentContent) {
        for element in content.elements {
            switch element {
            case .text(let text): self.text(text)
            case .code(let code): self.code(code)
            }
        }
    }

    mutating func beginHi(_ attributes: [Attribute]) {
        outer.append((elements, attributes))
        elements = []
    }

    mutating func endHi() {
        guard let (enclosing, attributes) = outer.popLast() else { return }
        let inner = elements
        elements = enclosing
        elements.append(.code(InlineCode(.hi, attributes: attributes, content: SegmentContent(inner))))
    }

    mutating func finish() -> SegmentContent {
        while !outer.isEmpty { endHi() }
        return SegmentContent(elements)
    }
}

struct _XLIFFState {
    var files: [XLIFFFile] = []
    /// Streaming: the unit just read (of ``currentFile``), for the caller to take.
    var completed: XLIFFUnit?
    /// The `<file>` being read.
    var currentFile: XLIFFFile? { file }
    private let options: XLIFFReadOptions
    private let streaming: Bool
    /// The stack depth of the element being skipped (one `keeping` leaves out); 0 when none.
    private var skipDepth = 0

    init(options: XLIFFReadOptions = .all, streaming: Bool = false) {
        self.options = options
        self.streaming = streaming
    }

    /// Ignores the rest of the input.
    mutating func stop() { problem = problem ?? ("stopped", 0, 0) }
    var version: String?
    var sawRoot = false
    var rootName = ""
    var problem: (message: String, line: Int, column: Int)?

    private var rootSource: LanguageTag?
    private var rootTarget: LanguageTag?
    private var file: XLIFFFile?
    private var unit: XLIFFUnit?
    /// Local names of the open elements.
    private var stack: [String] = []

    // What text currently goes to.
    private enum Sink { case none, content, native, plain }
    private var sink = Sink.none
    private var content = _ContentBuilder()
    private var contentDepth = 0  // stack depth of the element whose content is built
    private var plain = ""
    private var plainDepth = 0
    private var native = ""
    private var nativeCode: InlineCode?
    private var nativeDepth = 0
    /// Paired codes open in the current content (`g`, `pc`): their ids, to close them.
    private var openPairs: [String] = []

    // Unit parts.
    private var segments: [XLIFFSegment] = []
    private var segmentSource: [String: SegmentContent] = [:]  // 1.2 seg-source by mid
    private var segmentOrder: [String] = []
    private var segmentTarget: [String: SegmentContent] = [:]
    private var unitSource: SegmentContent?
    private var unitTarget: SegmentContent?
    private var unitState: TranslationState?
    private var approved = false
    private var segment: XLIFFSegment?
    private var match: XLIFFMatch?
    private var term: XLIFFTerm?
    private var segMid: String?  // the <mrk mtype="seg"> being read
    /// 2.x: the unit's segments (by index) and `<ignorable>`s (source, target) in document order.
    private var parts: [(segment: Int?, source: SegmentContent, target: SegmentContent?)] = []
    private var ignorable: (source: SegmentContent, target: SegmentContent?)?
    /// 2.x `<originalData>` of the unit being read: the native markup codes point to by dataRef.
    private var unitData: [String: String] = [:]
    private var dataID: String?
    private var segDepth = 0

    private static func localName(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        for index in bytes.indices where bytes[index] == 0x3A { start = index + 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)
    }

    private var isV2: Bool { version?.hasPrefix("2") ?? false }

    // Whether a value is being read, told by its case alone: `x != nil` on these large optionals
    // copied and destroyed the whole value (a unit with its strings) at every element.
    private var hasUnit: Bool { if case .some = unit { true } else { false } }
    private var hasFile: Bool { if case .some = file { true } else { false } }
    private var hasMatch: Bool { if case .some = match { true } else { false } }
    private var hasSegment: Bool { if case .some = segment { true } else { false } }
    private var hasTerm: Bool { if case .some = term { true } else { false } }
    var hasCompleted: Bool { if case .some = completed { true } else { false } }
    private var hasIgnorable: Bool { if case .some = ignorable { true } else { false } }

    mutating func handle(_ event: borrowing XMLEvent) {
        guard problem == nil else { return }
        switch event.kind {
        case XMLEvent.start: start(event)
        case XMLEvent.end: end()
        case XMLEvent.characters:
            guard sink != .none else { return }  // whitespace between elements, skipped content
            characters(String(decoding: event.text, as: UTF8.self), event.line, event.column)
        case XMLEvent.entity:
            problem = ("entity &\(String(decoding: event.name, as: UTF8.self)); is not expanded (XLIFF allows only XML's own)",
                       event.line, event.column)
        case XMLEvent.problem:
            problem = (String(decoding: event.name, as: UTF8.self), event.line, event.column)
        default: break
        }
    }

    private mutating func characters(_ text: String, _ line: Int, _ column: Int) {
        switch sink {
        case .none: return
        case .content:
            content.text(text)
            if content.byteCount > XLIFFReader.maximumValueBytes {
                problem = ("a segment longer than \(XLIFFReader.maximumValueBytes / 1_048_576) MiB", line, column)
            }
        case .native:
            native += text
            if native.utf8.count > XLIFFReader.maximumValueBytes { problem = ("an inline code longer than 1 MiB", line, column) }
        case .plain:
            plain += text
            let limit = stack.last == "internal-file" || stack.last == "skeleton" ? XLIFFReader.maximumSkeletonBytes
                : XLIFFReader.maximumValueBytes
            if plain.utf8.count > limit { problem = ("a value longer than \(limit / 1_048_576) MiB", line, column) }
        }
    }

    private var inSegSource: Bool { stack.contains("seg-source") }

    private mutating func start(_ event: borrowing XMLEvent) {
        let name = Self.localName(event.name)
        func attribute(_ key: String) -> String? { event.attribute(key) }
        if !sawRoot {
            sawRoot = true
            rootName = name
            guard name == "xliff" else { return }
            version = attribute("version") ?? "1.2"
            rootSource = attribute("srcLang").flatMap(LanguageTag.init)
            rootTarget = attribute("trgLang").flatMap(LanguageTag.init)
            stack.append(name)
            return
        }
        guard version != nil else { return }
        stack.append(name)
        if skipDepth > 0 { return }

        // Inside native code (1.2 bpt/ept/ph/it content): only text counts.
        if sink == .native { return }

        // Inline elements inside content being built.
        if sink == .content {
            inline(name, event.attributes(), event.line, event.column)
            return
        }

        // The most frequent elements first: a switch on strings compares the cases in order
        // (no case before these two names either).
        switch name {
        case "source", "target":
            guard hasUnit else { return }
            if name == "target", !isV2, !hasMatch {
                unitState = attribute("state").flatMap(TranslationState.init(xliff:))
            }
            beginContent()
        case "file":
            file = XLIFFFile(
                original: attribute("original") ?? attribute("id") ?? "",
                sourceLanguage: attribute("source-language").flatMap(LanguageTag.init) ?? rootSource,
                targetLanguage: attribute("target-language").flatMap(LanguageTag.init) ?? rootTarget,
                datatype: attribute("datatype"))
        case "internal-file" where stack.dropLast().last == "skl", "skeleton" where isV2:
            if attribute("href") == nil { beginPlain() }
        case "trans-unit", "unit":
            guard hasFile else { return }
            // A PO header that translate-toolkit's po2xliff writes as a unit is not translatable text.
            unit = XLIFFUnit(id: attribute("id") ?? "", segments: [],
                             translate: attribute("translate") != "no" && attribute("restype") != "x-gettext-domain-header",
                             line: event.line, column: event.column)
            approved = attribute("approved") == "yes"
            unitData = [:]
            segments = []
            segmentSource = [:]
            segmentTarget = [:]
            segmentOrder = []
            unitSource = nil
            unitTarget = nil
            unitState = nil
            parts = []
        case "ignorable" where isV2 && hasUnit:
            ignorable = (SegmentContent(), nil)
        case "segment" where isV2 && hasUnit:
            segment = XLIFFSegment(id: attribute("id"), source: SegmentContent(),
                                   state: attribute("state").flatMap(TranslationState.init(xliff:)))
        case "alt-trans" where hasUnit && !options.matches, "match" where hasUnit && isV2 && !options.matches,
             "note" where hasUnit && !options.notes, "glossEntry" where hasUnit && !options.terms:
            skipDepth = stack.count
        case "alt-trans" where hasUnit:
            match = XLIFFMatch(score: attribute("match-quality").flatMap(Self.score), origin: attribute("origin"),
                               source: SegmentContent(), target: SegmentContent())
        case "match" where hasUnit && isV2:
            match = XLIFFMatch(score: attribute("matchQuality").flatMap(Self.score), origin: attribute("origin"),
                               source: SegmentContent(), target: SegmentContent())
        case "data" where hasUnit && isV2:
            dataID = attribute("id")
            beginPlain()
        case "glossEntry" where hasUnit:
            term = XLIFFTerm(term: "", translations: [])
        case "term" where hasTerm, "translation" where hasTerm, "note" where hasUnit:
            beginPlain()
        case "seg-source" where hasUnit && !isV2:
            beginContent()
        default:
            break
        }
    }

    private mutating func inline(_ name: String, _ attributes: [Attribute], _ line: Int, _ column: Int) {
        func attribute(_ key: String) -> String? { attributes[named: key] }
        func code(_ kind: InlineCode.Kind, _ id: String?, extra: [Attribute] = []) -> InlineCode {
            var list: [Attribute] = []
            if let id { list.append(Attribute(kind == .bpt || kind == .ept ? "i" : "x", id)) }
            return InlineCode(kind, attributes: list + extra)
        }
        let id = attribute("id")
        switch name {
        case "mrk" where attribute("mtype") == "seg" && !hasMatch && segMid == nil:
            // 1.2 segmentation inside <seg-source> or a segmented <target>.
            segMid = attribute("mid") ?? String(segmentOrder.count + 1)
            segDepth = stack.count
            var fresh = _ContentBuilder()
            swap(&fresh, &content)
            pendingOuter = fresh
        case "mrk", "hi":
            content.beginHi([Attribute("type", attribute("mtype") ?? attribute("type") ?? "mrk")])
        case "g", "pc":
            openPairs.append(id ?? String(openPairs.count + 1))
            content.code(code(.bpt, id, extra: attribute("ctype").map { [Attribute("type", $0)] } ?? []))
        case "x":
            content.code(code(.ph, id, extra: attribute("ctype").map { [Attribute("type", $0)] } ?? []))
        case "ph" where isV2:
            content.code(native(code(.ph, id), attribute("dataRef")))
        case "bx":
            content.code(code(.it, id, extra: [Attribute("pos", "begin")]))
        case "ex":
            content.code(code(.it, id ?? attribute("rid"), extra: [Attribute("pos", "end")]))
        case "sc":
            content.code(native(attribute("isolated") == "yes" ? code(.it, id, extra: [Attribute("pos", "begin")]) : code(.bpt, id),
                                attribute("dataRef")))
        case "ec":
            content.code(native(attribute("isolated") == "yes" ? code(.it, id, extra: [Attribute("pos", "end")])
                                : code(.ept, attribute("startRef") ?? id), attribute("dataRef")))
        case "cp":
            if let hex = attribute("hex"), let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                content.text(String(scalar))
            }
        case "bpt", "ept", "ph", "it":
            let kind = InlineCode.Kind(rawValue: name) ?? .ph
            var extra: [Attribute] = []
            if name == "it", let pos = attribute("pos") { extra.append(Attribute("pos", pos == "close" ? "end" : "begin")) }
            nativeCode = code(kind, id ?? attribute("rid"), extra: extra)
            native = ""
            nativeDepth = stack.count
            sink = .native
        default:
            break  // sm, em, sub and unknown inline elements: their text stays, the element does not
        }
    }

    /// `code` with the native markup its 2.x `dataRef` points to, when the unit has it.
    private func native(_ code: InlineCode, _ ref: String?) -> InlineCode {
        guard let ref, let data = unitData[ref] else { return code }
        var code = code
        code.content = SegmentContent(text: data)
        return code
    }

    private var pendingOuter: _ContentBuilder?

    private mutating func beginContent() {
        content = _ContentBuilder()
        openPairs = []
        contentDepth = stack.count
        sink = .content
    }

    private mutating func beginPlain() {
        plain = ""
        plainDepth = stack.count
        sink = .plain
    }

    /// A match quality as a whole number; nil when it is not a number, or not a finite one
    /// within ±1,000,000 (`1e300`, `nan` and `inf` are not scores, and would not fit an Int).
    private static func score(_ value: String) -> Int? {
        let trimmed = value.filter { $0 != " " && $0 != "%" }
        guard let number = Double(trimmed), number.isFinite, abs(number) <= 1_000_000 else { return nil }
        return Int(number.rounded())
    }

    private mutating func end() {
        let depth = stack.count
        guard let name = stack.popLast() else { return }
        if skipDepth > 0 {
            if depth == skipDepth { skipDepth = 0 }
            return
        }

        if sink == .native {
            guard depth == nativeDepth, var code = nativeCode else { return }
            code.content = SegmentContent(text: native)
            content.code(code)
            nativeCode = nil
            sink = .content
            return
        }
        if sink == .content, depth > contentDepth {
            switch name {
            case "mrk" where segMid != nil && depth == segDepth:
                let segmentContent = content.finish()
                let mid = segMid!
                if inSegSource {
                    segmentSource[mid] = segmentContent
                    segmentOrder.append(mid)
                } else {
                    segmentTarget[mid] = segmentContent
                }
                if let outer = pendingOuter { content = outer }
                pendingOuter = nil
                // The enclosing <target> or <seg-source> keeps the segment's content too: the whole.
                content.append(segmentContent)
                segMid = nil
            case "mrk", "hi":
                content.endHi()
            case "g", "pc":
                let id = openPairs.popLast()
                content.code(InlineCode(.ept, attributes: id.map { [Attribute("i", $0)] } ?? []))
            default:
                break
            }
            return
        }
        if sink == .plain, depth == plainDepth {
            sink = .none
            let value = plain
            switch name {
            case "internal-file", "skeleton": file?.skeleton = value
            case "data": if let dataID { unitData[dataID] = value }
            case "note": unit?.notes.append(value.collapsingWhitespace())
            case "term": term?.term = value.collapsingWhitespace()
            case "translation": term?.translations.append(value.collapsingWhitespace())
            default: break
            }
            return
        }
        if sink == .content, depth == contentDepth {
            sink = .none
            let value = content.finish()
            if hasMatch {
                if name == "source" { match?.source = value } else if name == "target" { match?.target = value }
            } else if hasIgnorable {
                if name == "source" { ignorable?.source = value } else if name == "target" { ignorable?.target = value }
            } else if hasSegment {
                if name == "source" { segment?.source = value } else if name == "target" { segment?.target = value }
            } else if name == "source" {
                unitSource = value
            } else if name == "target" {
                unitTarget = value
            }
            return
        }
        switch name {
        case "segment":
            if let segment {
                parts.append((segments.count, segment.source, segment.target))
                segments.append(segment)
            }
            segment = nil
        case "ignorable":
            if let ignorable { parts.append((nil, ignorable.source, ignorable.target)) }
            ignorable = nil
        case "alt-trans", "match":
            if let match { unit?.matches.append(match) }
            match = nil
        case "glossEntry":
            if let term, !term.term.isEmpty { unit?.terms.append(term) }
            term = nil
        case "trans-unit", "unit":
            guard var unit = self.unit.take() else { return }  // moved out, not copied
            if !isV2 {
                if !segmentOrder.isEmpty, segmentTarget.isEmpty, let unitTarget {
                    // A target written whole beside a segmented source (some tools do): one segment.
                    var state = unitState
                    if approved { state = max(state ?? .reviewed, .reviewed) }
                    unit.segments = [XLIFFSegment(source: unitSource ?? SegmentContent(), target: unitTarget, state: state)]
                } else if !segmentOrder.isEmpty {
                    var state = unitState
                    if approved { state = max(state ?? .reviewed, .reviewed) }
                    unit.segments = segmentOrder.map { mid in
                        let target = segmentTarget[mid]
                        return XLIFFSegment(id: mid, source: segmentSource[mid] ?? SegmentContent(), target: target,
                                            state: target == nil ? nil : state)
                    }
                    // <source> is the whole; the target's text outside its segments stands between them.
                    if let unitSource, unitSource != unit.source { unit.sourceBetweenSegments = unitSource }
                    if let unitTarget, let joined = unit.target, unitTarget != joined { unit.targetBetweenSegments = unitTarget }
                } else {
                    var state = unitState
                    if approved, unitTarget != nil { state = max(state ?? .reviewed, .reviewed) }
                    unit.segments = [XLIFFSegment(source: unitSource ?? SegmentContent(), target: unitTarget, state: state)]
                }
            } else {
                unit.segments = segments
                if parts.contains(where: { $0.segment == nil }) {
                    unit.sourceBetweenSegments = SegmentContent(parts.flatMap(\.source.elements))
                    if unit.target != nil {
                        unit.targetBetweenSegments = SegmentContent(parts.flatMap { ($0.target ?? $0.source).elements })
                    }
                }
            }
            if streaming, hasFile {
                completed = unit
            } else {
                file?.units.append(unit)
            }
        case "file":
            if let file { files.append(file) }
            file = nil
        default:
            break
        }
    }
}
