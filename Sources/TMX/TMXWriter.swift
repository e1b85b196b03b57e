import TMKitCore
import XMLEvents

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes TMX 1.4b that validates against the TMX 1.4 DTD, one unit at a time.
///
/// - The header names tmkit as `creationtool` (unless ``Options/keepsCreationTool``), carries every attribute the DTD requires
///   (missing ones get defaults: `segtype="sentence"`, `o-tmf="tmkit"`, `adminlang="en"`,
///   `srclang="*all*"`, `datatype="plaintext"`) and a `creationdate` in `YYYYMMDDThhmmssZ`.
/// - Nothing is added inside `<seg>`, `<prop>` or `<note>`: no indentation, no line breaks.
/// - `&`, `<`, `>` are escaped, and in attributes also `"`, tab, LF and CR (as character
///   references, so they survive attribute normalization); a CR in text is written `&#13;`.
/// - Characters XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF) are
///   written as U+FFFD and counted in ``replacedCharacters``.
/// - Attributes the DTD does not define for an element are left out and counted in
///   ``droppedAttributes``; a `prop` without `type` gets `type="x-unspecified"`.
/// - The same units and options give the same bytes.
public final class TMXWriter {
    /// What the writer puts in the header beyond the ``TMXHeader`` it is given.
    public struct Options: Sendable {
        /// The header's `creationdate` (`YYYYMMDDThhmmssZ`); `nil` writes the current time.
        public var creationDate: String?
        /// `creationtoolversion`.
        public var toolVersion: String
        /// Keep the header's own `creationtool` and `creationtoolversion` (a memory repaired,
        /// not made anew: `tmx normalize`); tmkit's are written only where it has none.
        public var keepsCreationTool: Bool

        /// Options as given; by default the current time, this tmkit's version, and tmkit as
        /// `creationtool`.
        public init(creationDate: String? = nil, toolVersion: String = TMKitVersion.current, keepsCreationTool: Bool = false) {
            self.creationDate = creationDate
            self.toolVersion = toolVersion
            self.keepsCreationTool = keepsCreationTool
        }
    }

    /// Units written so far.
    public private(set) var unitsWritten = 0
    /// Characters XML 1.0 forbids that were written as U+FFFD.
    public private(set) var replacedCharacters = 0
    /// Attributes left out because the DTD does not define them there, by `element@name`.
    public private(set) var droppedAttributes: [String: Int] = [:]

    private let sink: any ByteSink
    private var buffer: [UInt8] = []
    private var finished = false
    private static let flushThreshold = 1 << 18

    /// Starts a document and writes its header.
    public init(sink: any ByteSink, header: TMXHeader, options: Options = Options()) {
        self.sink = sink
        buffer.reserveCapacity(Self.flushThreshold + 65536)
        writeProlog(header, options: options)
    }

    deinit {
        if !finished { finish() }
    }

    // MARK: Document

    private func writeProlog(_ header: TMXHeader, options: Options) {
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n")
        var attributes = header.attributes
        let segmentType = attributes[named: "segtype"].flatMap { ["block", "paragraph", "sentence", "phrase"].contains($0) ? $0 : nil }
        let keptTool = options.keepsCreationTool ? nonEmpty(attributes[named: "creationtool"]) : nil
        let required: [Attribute] = [
            Attribute("creationtool", keptTool ?? "tmkit"),
            Attribute("creationtoolversion", keptTool == nil ? options.toolVersion : nonEmpty(attributes[named: "creationtoolversion"]) ?? "unknown"),
            Attribute("segtype", segmentType ?? "sentence"),
            Attribute("o-tmf", nonEmpty(attributes[named: "o-tmf"]) ?? "tmkit"),
            Attribute("adminlang", nonEmpty(attributes[named: "adminlang"]) ?? "en"),
            Attribute("srclang", nonEmpty(attributes[named: "srclang"]) ?? "*all*"),
            Attribute("datatype", nonEmpty(attributes[named: "datatype"]) ?? "plaintext"),
            Attribute("creationdate", options.creationDate ?? Self.now()),
        ]
        for name in ["creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype",
                     "creationdate"] {
            attributes[named: name] = nil
        }
        append("  <header")
        writeAttributes(required, element: "header")
        writeAttributes(attributes, element: "header")
        if header.properties.isEmpty && header.notes.isEmpty && header.userDefinedEncodings.isEmpty {
            append("/>\n")
        } else {
            append(">\n")
            for note in header.notes { writeNote(note, indent: "    ") }
            for property in header.properties { writeProperty(property, indent: "    ") }
            for encoding in header.userDefinedEncodings {
                append("    <ude")
                writeAttributes(encoding.attributes, element: "ude")
                if encoding.maps.isEmpty {
                    append("/>\n")
                } else {
                    append(">\n")
                    for map in encoding.maps {
                        append("      <map")
                        writeAttributes(map, element: "map")
                        append("/>\n")
                    }
                    append("    </ude>\n")
                }
            }
            append("  </header>\n")
        }
        append("  <body>\n")
    }

    /// Writes one unit.
    public func write(_ unit: TranslationUnit) {
        precondition(!finished, "TMXWriter.write after finish()")
        append("    <tu")
        if let id = unit.id { writeAttributes([Attribute("tuid", id)], element: "tu") }
        writeAttributes(unit.attributes, element: "tu")
        append(">\n")
        for note in unit.notes { writeNote(note, indent: "      ") }
        for property in unit.properties { writeProperty(property, indent: "      ") }
        for variant in unit.variants {
            append("      <tuv xml:lang=\"")
            appendEscaped(variant.language.normalized, attribute: true)
            append("\"")
            writeAttributes(variant.attributes, element: "tuv")
            append(">\n")
            for note in variant.notes { writeNote(note, indent: "        ") }
            for property in variant.properties { writeProperty(property, indent: "        ") }
            append("        <seg>")
            writeContent(variant.content)
            append("</seg>\n      </tuv>\n")
        }
        append("    </tu>\n")
        unitsWritten += 1
        if buffer.count >= Self.flushThreshold { flush() }
    }

    /// Closes the document and hands the last bytes to the sink. Further writes are errors.
    public func finish() {
        guard !finished else { return }
        finished = true
        append("  </body>\n</tmx>\n")
        flush()
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { sink.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    // MARK: Elements

    private func writeProperty(_ property: Property, indent: String) {
        append(indent)
        append("<prop type=\"")
        appendEscaped(property.type.isEmpty ? "x-unspecified" : property.type, attribute: true)
        append("\"")
        writeAttributes(property.attributes.filter { $0.name != "type" }, element: "prop")
        append(">")
        appendEscaped(property.value, attribute: false)
        append("</prop>\n")
    }

    private func writeNote(_ note: Note, indent: String) {
        append(indent)
        append("<note")
        writeAttributes(note.attributes, element: "note")
        append(">")
        appendEscaped(note.text, attribute: false)
        append("</note>\n")
    }

    private func writeContent(_ content: SegmentContent) {
        for element in content.elements {
            switch element {
            case .text(let text):
                appendEscaped(text, attribute: false)
            case .code(let code):
                let name = code.kind.rawValue
                append("<")
                append(name)
                writeAttributes(code.attributes, element: name)
                if code.content.elements.isEmpty {
                    append("/>")
                } else {
                    append(">")
                    writeContent(code.content)
                    append("</")
                    append(name)
                    append(">")
                }
            }
        }
    }

    private func writeAttributes(_ attributes: [Attribute], element: String) {
        let allowed = Self.allowedAttributes[element] ?? []
        for attribute in attributes {
            guard allowed.contains(attribute.name) else {
                droppedAttributes["\(element)@\(attribute.name)", default: 0] += 1
                continue
            }
            append(" ")
            append(attribute.name)
            append("=\"")
            appendEscaped(attribute.value, attribute: true)
            append("\"")
        }
    }

    /// The attributes the TMX 1.4 DTD defines, by element.
    static let allowedAttributes: [String: Set<String>] = {
        let unitAttributes: Set<String> = ["o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool",
                                           "creationtoolversion", "creationdate", "creationid", "changedate", "changeid",
                                           "o-tmf"]
        return [
            "header": ["creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype",
                       "o-encoding", "creationdate", "creationid", "changedate", "changeid"],
            "tu": unitAttributes.union(["tuid", "segtype", "srclang"]),
            "tuv": unitAttributes.union(["xml:lang"]),
            "prop": ["type", "xml:lang", "o-encoding"],
            "note": ["xml:lang", "o-encoding"],
            "ude": ["name", "base"],
            "map": ["unicode", "code", "ent", "subst"],
            "bpt": ["i", "x", "type"],
            "ept": ["i"],
            "it": ["pos", "x", "type"],
            "ph": ["x", "assoc", "type"],
            "hi": ["x", "type"],
            "sub": ["datatype", "type"],
            "ut": ["x"],
        ]
    }()

    // MARK: What reading back gives

    /// The unit as reading the written TMX gives it back: attributes the DTD does not define
    /// left out, a `prop` without type typed `x-unspecified`, forbidden characters as U+FFFD.
    /// For units read from DTD-valid TMX this is the unit itself.
    public static func roundTripped(_ unit: TranslationUnit) -> TranslationUnit {
        var unit = unit
        unit.attributes = conforming(unit.attributes, "tu")
        unit.properties = unit.properties.map(roundTripped)
        unit.notes = unit.notes.map(roundTripped)
        unit.variants = unit.variants.map { variant in
            var variant = variant
            variant.attributes = conforming(variant.attributes, "tuv")
            variant.properties = variant.properties.map(roundTripped)
            variant.notes = variant.notes.map(roundTripped)
            variant.content = roundTripped(variant.content)
            return variant
        }
        return unit
    }

    private static func roundTripped(_ property: Property) -> Property {
        Property(type: property.type.isEmpty ? "x-unspecified" : replacingForbidden(property.type),
                 value: replacingForbidden(property.value),
                 attributes: conforming(property.attributes.filter { $0.name != "type" }, "prop"))
    }

    private static func roundTripped(_ note: Note) -> Note {
        Note(replacingForbidden(note.text), attributes: conforming(note.attributes, "note"))
    }

    private static func roundTripped(_ content: SegmentContent) -> SegmentContent {
        SegmentContent(content.elements.map { element in
            switch element {
            case .text(let text): .text(replacingForbidden(text))
            case .code(let code):
                .code(InlineCode(code.kind, attributes: conforming(code.attributes, code.kind.rawValue),
                                 content: roundTripped(code.content)))
            }
        })
    }

    private static func conforming(_ attributes: [Attribute], _ element: String) -> [Attribute] {
        let allowed = allowedAttributes[element] ?? []
        return attributes.filter { allowed.contains($0.name) }.map { Attribute($0.name, replacingForbidden($0.value)) }
    }

    private static func replacingForbidden(_ text: String) -> String {
        let isForbidden = TMXNormalization.isForbidden
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isForbidden($0) ? "\u{FFFD}" : $0 }))
    }

    // MARK: Bytes

    @inline(__always)
    private func append(_ literal: String) {
        var literal = literal
        literal.withUTF8 { buffer.append(contentsOf: $0) }
    }

    private func appendEscaped(_ string: String, attribute: Bool) {
        replacedCharacters += XMLEscaping.append(string, attribute: attribute, to: &buffer)
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// The current UTC time as `YYYYMMDDThhmmssZ`.
    static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        }
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z"
    }
}
