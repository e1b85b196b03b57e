import TMKitCore
import XMLEvents

/// Writes XLIFF 1.2 (strict schema) or 2.1 (core, Translation Candidates and Glossary
/// modules), one unit at a time, so memory stays flat however many units.
///
/// - 1.2: a unit's target is written only when its segment has one; its `state` is
///   `translated` (2.x: `translated`), and a target filled from an exact memory match carries
///   `state-qualifier="exact-match"` (101 and 100) or `leveraged-tm` (100 after a whitespace or
///   number difference). Memory matches go to `<alt-trans match-quality="…" origin="…">`,
///   never into `<target>`; terms to `<note from="tmkit-glossary">`.
/// - 2.1: matches to `<mtc:matches>`, terms to `<gls:glossary>`; the skeleton to `<skeleton>`.
/// - Inline codes: 1.2 `<bpt>`/`<ept>`/`<ph>`/`<it>` with the native code as content; 2.1
///   `<sc>`/`<ec>`/`<ph>` (isolated `<sc>`/`<ec>` for `it`).
/// - The same units give the same bytes.
public final class XLIFFWriter {
    /// The XLIFF version written, 1.2 or 2.1.
    public let version: XLIFFVersion
    private let sink: any ByteSink
    // Appended to for every few bytes written; only this writer touches it, on one thread.
    @exclusivity(unchecked) private var buffer = OutputBytes()
    private var finished = false
    private var inFile = false
    /// Characters XML 1.0 forbids that were written as U+FFFD.
    public private(set) var replacedCharacters = 0
    private static let flushThreshold = 1 << 18

    /// Units only, no document around them: what a writer that cannot write its units yet (its
    /// skeleton comes first) spools, to ``append(unitsFrom:)`` later.
    private let fragment: Bool

    /// A writer of units only (`<trans-unit>` / `<unit>` elements), for a spool.
    public init(unitsOnly sink: any ByteSink, version: XLIFFVersion) {
        self.sink = sink
        self.version = version
        fragment = true
        inFile = true
        pendingLanguages = (.english, .english)
    }

    /// A writer of a whole document to `sink`: writes the XML declaration and `<xliff>` start tag
    /// at once; the languages go on `<xliff>` (2.1) or on each `<file>` (1.2).
    public init(sink: any ByteSink, version: XLIFFVersion, sourceLanguage: LanguageTag, targetLanguage: LanguageTag) {
        self.sink = sink
        self.version = version
        fragment = false
        pendingLanguages = (sourceLanguage, targetLanguage)
        buffer = OutputBytes(capacity: Self.flushThreshold + 65536)
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        switch version {
        case .v1_2:
            append("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n")
        case .v2_1:
            append("<xliff version=\"2.1\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"")
            append(" xmlns:mtc=\"urn:oasis:names:tc:xliff:matches:2.0\" xmlns:gls=\"urn:oasis:names:tc:xliff:glossary:2.0\"")
            attribute("srcLang", sourceLanguage.normalized)
            attribute("trgLang", targetLanguage.normalized)
            append(">\n")
        }
    }

    private var pendingLanguages: (LanguageTag, LanguageTag)

    deinit {
        if !finished { finish() }
    }

    /// Starts a `<file>` for the document `original` (its name), with its skeleton (JSON text).
    public func beginFile(original: String, datatype: String, skeleton: String?) {
        beginFile(original: original, datatype: datatype, skeleton: skeleton.map { Array($0.utf8) })
    }

    /// ``beginFile(original:datatype:skeleton:)`` with the skeleton as UTF-8 bytes.
    public func beginFile(original: String, datatype: String, skeleton: [UInt8]?) {
        beginFile(original: original, datatype: datatype, openSkeleton: skeleton != nil)
        if let skeleton {
            writeSkeleton(skeleton)
            endSkeleton()
        }
    }

    /// Starts a `<file>` whose skeleton is written piece by piece (``writeSkeleton(_:)``, then
    /// ``endSkeleton()``) before its units.
    public func beginFile(original: String, datatype: String, openSkeleton: Bool) {
        precondition(!finished && !inFile && !fragment)
        inFile = true
        skeletonOpen = openSkeleton
        let (source, target) = pendingLanguages
        switch version {
        case .v1_2:
            append(" <file")
            attribute("original", original)
            attribute("source-language", source.normalized)
            attribute("target-language", target.normalized)
            attribute("datatype", datatype)
            append(" tool-id=\"tmkit\">\n  <header>\n")
            if openSkeleton {
                append("   <skl><internal-file form=\"application/json\">")
            } else {
                headerEnd()
            }
        case .v2_1:
            append(" <file id=\"f1\"")
            attribute("original", original)
            append(">\n")
            if openSkeleton { append("  <skeleton>") }
        }
    }

    private var skeletonOpen = false

    /// Appends skeleton text (JSON, as UTF-8) inside the open skeleton element, in CDATA
    /// sections (``XMLEscaping/appendCDATA(bytes:to:state:)``: the same bytes however the
    /// skeleton is cut into calls). An HTML page's skeleton is mostly markup, whose every `<`, `>`
    /// and `&` escaping would lengthen and a reader decode.
    public func writeSkeleton(_ bytes: [UInt8]) {
        precondition(skeletonOpen, "XLIFFWriter.writeSkeleton without an open skeleton")
        bytes.withUnsafeBufferPointer { XMLEscaping.appendCDATA(bytes: $0, to: &buffer, state: &skeletonCDATA) }
        if buffer.count >= Self.flushThreshold { flush() }
    }

    private var skeletonCDATA = XMLEscaping.CDATAState()

    /// Closes the skeleton; units follow.
    public func endSkeleton() {
        guard skeletonOpen else { return }
        skeletonOpen = false
        skeletonCDATA.close(&buffer)
        switch version {
        case .v1_2:
            append("</internal-file></skl>\n")
            headerEnd()
        case .v2_1:
            append("</skeleton>\n")
        }
    }

    private func headerEnd() {
        append("   <tool tool-id=\"tmkit\" tool-name=\"tmkit\"")
        attribute("tool-version", TMKitVersion.current)
        append("/>\n  </header>\n  <body>\n")
    }

    /// Copies units a ``init(unitsOnly:version:)`` writer spooled into `file` into this
    /// document, after the skeleton.
    public func append(unitsFrom file: TemporaryFile) throws {
        precondition(inFile && !skeletonOpen)
        flush()
        try file.replay { sink.write($0) }
    }

    /// Writes one unit.
    public func write(_ unit: XLIFFUnit) {
        precondition(inFile, "XLIFFWriter.write outside a file")
        switch version {
        case .v1_2: write12(unit)
        case .v2_1: write21(unit)
        }
        if buffer.count >= Self.flushThreshold { flush() }
    }

    /// Ends the current `<file>`.
    public func endFile() {
        guard inFile, !fragment else { return }
        endSkeleton()
        inFile = false
        if version == .v1_2 { append("  </body>\n </file>\n") } else { append(" </file>\n") }
    }

    /// Ends the document and hands the last bytes to the sink.
    public func finish() {
        guard !finished else { return }
        finished = true
        if fragment {
            flush()
            return
        }
        endFile()
        append("</xliff>\n")
        flush()
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { sink.write($0) }
        buffer.removeAll()
    }

    // MARK: XLIFF 1.2

    private func write12(_ unit: XLIFFUnit) {
        append("   <trans-unit")
        attribute("id", unit.id)
        if !unit.translate { append(" translate=\"no\"") }
        append(" xml:space=\"preserve\">\n    <source>")
        let sourceStart = buffer.count
        content12(unit.source)
        let sourceBytes = sourceStart..<buffer.count
        append("</source>\n")
        if let target = unit.segments.first?.target, unit.segments.count == 1 {
            append("    <target")
            attribute("state", Self.state12(unit.segments[0].state ?? .translated))
            if let qualifier = unit.stateQualifier { attribute("state-qualifier", qualifier) }
            append(">")
            if target == unit.segments[0].source {
                // A copy of the source (for OmegaT): the bytes just written, again.
                buffer.appendCopy(of: sourceBytes)
            } else {
                content12(target)
            }
            append("</target>\n")
        }
        for match in unit.matches {
            append("    <alt-trans")
            if let score = match.score { append(string: " match-quality=\"\(score)\"") }
            if let origin = match.originDescription { attribute("origin", origin) }
            append(" tool-id=\"tmkit\">\n")
            sourceAndTarget(of: match) { self.content12($0) }
            append("    </alt-trans>\n")
        }
        for term in unit.terms { textElement("    <note from=\"tmkit-glossary\" annotates=\"source\">", term.note, "</note>\n") }
        for note in unit.notes { textElement("    <note>", note, "</note>\n") }
        append("   </trans-unit>\n")
    }

    static func state12(_ state: TranslationState) -> String {
        switch state {
        case .initial: "needs-translation"
        case .translated: "translated"
        case .reviewed: "signed-off"
        case .final: "final"
        }
    }

    private func content12(_ content: SegmentContent) {
        texts(of: content) { code in
            switch code.kind {
            case .bpt, .ept, .ph, .ut, .it:
                // The native code as content: <bpt id>, <ept id>, <ph id>, <it id pos>.
                // Static literals: an interpolated element name cost a string a code.
                let (open, close): (StaticString, StaticString) = switch code.kind {
                case .bpt: ("<bpt", "</bpt>")
                case .ept: ("<ept", "</ept>")
                case .it: ("<it", "</it>")
                default: ("<ph", "</ph>")
                }
                append(open)
                attribute("id", Self.codeID(code))
                if code.kind == .it { attribute("pos", code.pos == "end" ? "close" : "open") }
                append(">")
                escapedNative(code.content)
                append(close)
            case .hi:
                append("<mrk mtype=\"x-tmkit-hi\">")
                content12(code.content)
                append("</mrk>")
            case .sub:
                content12(code.content)
            }
        }
    }

    // MARK: XLIFF 2.1

    private func write21(_ unit: XLIFFUnit) {
        append("  <unit")
        attribute("id", unit.id)
        if !unit.translate { append(" translate=\"no\"") }
        append(">\n")
        if !unit.matches.isEmpty {
            append("   <mtc:matches>\n")
            for (index, match) in unit.matches.enumerated() {
                append(string: "    <mtc:match id=\"m\(index + 1)\"")
                if let score = match.score { append(string: " matchQuality=\"\(min(100, score))\"") }
                if let origin = match.originDescription { attribute("origin", origin) }
                attribute("ref", "#" + (unit.segments.first?.id ?? "s1"))
                append(" type=\"tm\">\n")
                sourceAndTarget(of: match) { self.content21($0) }
                append("    </mtc:match>\n")
            }
            append("   </mtc:matches>\n")
        }
        if !unit.terms.isEmpty {
            append("   <gls:glossary>\n")
            for term in unit.terms {
                textElement("    <gls:glossEntry>\n     <gls:term source=\"tmkit-glossary\">", term.term, "</gls:term>\n")
                for translation in term.translations { textElement("     <gls:translation>", translation, "</gls:translation>\n") }
                append("    </gls:glossEntry>\n")
            }
            append("   </gls:glossary>\n")
        }
        if !unit.notes.isEmpty {
            append("   <notes>\n")
            for note in unit.notes { textElement("    <note>", note, "</note>\n") }
            append("   </notes>\n")
        }
        // The native markup of the codes (what XLIFF 1.2 keeps inside <bpt>/<ph>), shared by
        // source and target through dataRef.
        var refs: [String: String] = [:]
        var data: [(id: String, text: String)] = []
        for segment in unit.segments {
            for code in segment.source.allCodes + (segment.target?.allCodes ?? []) where code.kind != .hi && code.kind != .sub {
                let native = code.content.nativeText
                let key = Self.dataKey(code)
                guard !native.isEmpty, refs[key] == nil else { continue }
                let id = "d\(data.count + 1)"
                refs[key] = id
                data.append((id, native))
            }
        }
        if !data.isEmpty {
            append("   <originalData>\n")
            for item in data { textElement("    <data id=\"\(item.id)\">", item.text, "</data>\n") }
            append("   </originalData>\n")
        }
        for (index, segment) in unit.segments.enumerated() {
            append("   <segment")
            attribute("id", segment.id ?? "s\(index + 1)")
            if segment.target != nil { append(string: " state=\"\((segment.state ?? .translated).description)\"") }
            append(">\n    <source xml:space=\"preserve\">")
            content21(segment.source, refs)
            append("</source>\n")
            if let target = segment.target {
                append("    <target xml:space=\"preserve\">")
                content21(target, refs)
                append("</target>\n")
            }
            append("   </segment>\n")
        }
        append("  </unit>\n")
    }

    /// A code's id: `i` for the two ends of a pair, `x` for the others (either when one is missing).
    static func codeID(_ code: InlineCode) -> String {
        (code.kind == .bpt || code.kind == .ept ? code.i ?? code.x : code.x ?? code.i) ?? "1"
    }

    /// The key of a code for ``originalData``: its kind and id.
    static func dataKey(_ code: InlineCode) -> String { "\(code.kind.rawValue)#\(codeID(code))" }

    private func content21(_ content: SegmentContent, _ refs: [String: String] = [:]) {
        texts(of: content) { code in
            switch code.kind {
            case .bpt, .ept, .ph, .ut, .it:
                // <sc id>, <ec startRef>, <ph id>, isolated <sc>/<ec> for it; native markup by dataRef.
                let isolatedEnd = code.kind == .it && code.pos == "end"
                switch code.kind {
                case .bpt: append("<sc")
                case .ept: append("<ec")
                case .it: append(isolatedEnd ? "<ec isolated=\"yes\"" : "<sc isolated=\"yes\"")
                default: append("<ph")
                }
                attribute(code.kind == .ept ? "startRef" : "id", Self.codeID(code))
                if let ref = refs[Self.dataKey(code)] { attribute("dataRef", ref) }
                append("/>")
            case .hi, .sub:
                content21(code.content, refs)
            }
        }
    }

    /// Writes the text of `content` escaped, and each inline code through `code`.
    private func texts(of content: SegmentContent, code: (InlineCode) -> Void) {
        for element in content.elements {
            switch element {
            case .text(let text): escaped(text, attribute: false)
            case .code(let inline): code(inline)
            }
        }
    }

    // MARK: Bytes

    private func append(_ literal: StaticString) {
        buffer.append(literal)
    }

    private func append(string: String) {
        buffer.append(string)
    }

    /// ` name="value"`, the value escaped.
    private func attribute(_ name: StaticString, _ value: String) {
        append(" ")
        append(name)
        append("=\"")
        escaped(value, attribute: true)
        append("\"")
    }

    /// `open`, the text escaped, `close`.
    private func textElement(_ open: String, _ text: String, _ close: StaticString) {
        append(string: open)
        escaped(text, attribute: false)
        append(close)
    }

    /// A memory match's source and target elements, a line each, their content written by `content`.
    private func sourceAndTarget(of match: XLIFFMatch, _ content: (SegmentContent) -> Void) {
        append("     <source>")
        content(match.source)
        append("</source>\n     <target>")
        content(match.target)
        append("</target>\n")
    }

    /// ``SegmentContent/nativeText`` escaped, written piece by piece (escaping works a
    /// character at a time, so the pieces escaped in turn are the whole escaped).
    private func escapedNative(_ content: SegmentContent) {
        for element in content.elements {
            switch element {
            case .text(let text): escaped(text, attribute: false)
            case .code(let code): escapedNative(code.content)
            }
        }
    }

    private func escaped(_ text: String, attribute: Bool) {
        replacedCharacters += XMLEscaping.append(text, attribute: attribute, to: &buffer)
    }

    private func escaped(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { replacedCharacters += XMLEscaping.append(bytes: $0, attribute: false, to: &buffer) }
        if buffer.count >= Self.flushThreshold { flush() }
    }
}

extension XLIFFMatch {
    /// What `origin` says: the origin and the memory unit's id.
    var originDescription: String? {
        switch (origin, memoryID) {
        case (let origin?, let id?): "\(origin) (tuid \(id))"
        case (let origin?, nil): origin
        case (nil, let id?): "tuid \(id)"
        case (nil, nil): nil
        }
    }
}

extension XLIFFUnit {
    /// The 1.2 `state-qualifier` of a target filled from the memory: `exact-match` for a 101 or
    /// an unchanged 100, `leveraged-tm` for a 100 that differed in whitespace or numbers; nil
    /// when the target did not come from the first match.
    var stateQualifier: String? {
        guard let target = segments.first?.target, let best = matches.first, best.target == target,
              let score = best.score, score >= 100 else { return nil }
        return score >= 101 || best.source == source ? "exact-match" : "leveraged-tm"
    }
}

extension SegmentContent {
    /// The native code a code's content holds, as text (`<b>`): text runs and `sub` text.
    var nativeText: String {
        var result = ""
        for element in elements {
            switch element {
            case .text(let text): result += text
            case .code(let code): result += code.content.nativeText
            }
        }
        return result
    }
}
