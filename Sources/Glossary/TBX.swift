import TMKitCore
import XMLEvents

/// TBX term bases: reads TBX 2008 / MARTIF (`termEntry/langSet/tig|ntig/term`) and TBX v3
/// (ISO 30042:2019 `conceptEntry/langSec/termSec`, DCA or DCT style, TBX-Basic and
/// TBX-Core); writes TBX v3 TBX-Basic (DCA) or TBX 2008.
///
/// Read into the model: entry `id`; `subjectField`, `definition`, `source` and `note` of the
/// entry; per term `partOfSpeech`, `administrativeStatus` (or `normativeAuthorization`) and
/// `note`. Other data categories are passed over. XML is read through libxml2 with no DTD,
/// no entity expansion and no network, whatever the file declares.
public enum TBX {
    /// The TBX version ``write(_:version:sourceLanguage:)`` writes.
    public enum Version: String, Sendable, CaseIterable {
        /// TBX v3, ISO 30042:2019, TBX-Basic dialect, DCA style.
        case v3 = "3"
        /// TBX 2008 (ISO 30042:2008, MARTIF), for older CAT tools.
        case v2008 = "2008"
    }

    /// Reads a TBX file's bytes; `file` names it in errors.
    public static func read(_ bytes: [UInt8], file: String? = nil) throws(GlossaryError) -> TermBase {
        try XMLPushParser.read(bytes, with: { try read(from: $0, file: file) }) { (error: any Error) -> GlossaryError in
            GlossaryError("\(error)", file: file)
        }
    }

    /// Reads TBX from `read` (up to the given number of bytes a call, an empty array at the
    /// end), a chunk at a time: memory holds the glossary and one chunk, never the whole file.
    /// A term, note or other value longer than ``maximumValueBytes`` is an error. Errors `read`
    /// throws are thrown as they are.
    public static func read(from read: (Int) throws -> [UInt8], file: String? = nil) throws -> TermBase {
        guard let parser = XMLPushParser() else { throw GlossaryError("out of memory", file: file) }
        var state = _TBXState()
        if let failure = try parser.parseAll(read: read, handle: { state.handle($0) }) {
            throw GlossaryError(failure.message, file: file, line: failure.line, column: failure.column)
        }
        if let problem = state.problem, problem.fatal {
            throw GlossaryError(problem.message, file: file, line: problem.line, column: problem.column)
        }
        guard state.sawRoot else { throw GlossaryError("the file is empty", file: file, line: 1, column: 1) }
        guard state.isTBX else {
            throw GlossaryError("the root element is <\(state.rootName)>, not <tbx> or <martif>", file: file, line: 1, column: 1)
        }
        if let problem = state.problem {
            throw GlossaryError(problem.message, file: file, line: problem.line, column: problem.column)
        }
        return TermBase(entries: state.entries, title: state.title)
    }

    /// The longest term, note, definition or other value a TBX file may hold, in UTF-8 bytes.
    public static let maximumValueBytes = 1 << 20

    /// The glossary as TBX.
    public static func write(_ glossary: TermBase, version: Version = .v3, sourceLanguage: LanguageTag = .english) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let v3 = version == .v3
        let lang = escape(sourceLanguage.normalized, attribute: true)
        if v3 {
            out += "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"\(lang)\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
            out += "  <tbxHeader>\n    <fileDesc>\n"
        } else {
            out += "<!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\">\n<martif type=\"TBX\" xml:lang=\"\(lang)\">\n"
            out += "  <martifHeader>\n    <fileDesc>\n"
        }
        if let title = glossary.title {
            out += "      <titleStmt>\n        <title>\(escape(title))</title>\n      </titleStmt>\n"
        }
        out += "      <sourceDesc>\n        <p>Written by tmkit \(TMKitVersion.current)</p>\n      </sourceDesc>\n"
        out += v3 ? "    </fileDesc>\n  </tbxHeader>\n" : "    </fileDesc>\n  </martifHeader>\n"
        out += "  <text>\n    <body>\n"
        for (index, entry) in glossary.entries.enumerated() {
            let id = entry.id ?? "c\(index + 1)"
            out += "      <\(v3 ? "conceptEntry" : "termEntry") id=\"\(escape(id, attribute: true))\">\n"
            if let value = entry.subjectField { out += "        <descrip type=\"subjectField\">\(escape(value))</descrip>\n" }
            if let value = entry.definition { out += "        <descrip type=\"definition\">\(escape(value))</descrip>\n" }
            if let value = entry.source { out += "        <admin type=\"source\">\(escape(value))</admin>\n" }
            if let value = entry.note { out += "        <note>\(escape(value))</note>\n" }
            for section in entry.languages {
                out += "        <\(v3 ? "langSec" : "langSet") xml:lang=\"\(escape(section.language.normalized, attribute: true))\">\n"
                for term in section.terms {
                    out += "          <\(v3 ? "termSec" : "tig")>\n"
                    out += "            <term>\(escape(term.text))</term>\n"
                    if let value = term.partOfSpeech {
                        out += "            <termNote type=\"partOfSpeech\">\(escape(value))</termNote>\n"
                    }
                    if let status = term.status {
                        out += "            <termNote type=\"administrativeStatus\">\(status.tbxValue)</termNote>\n"
                    }
                    if let value = term.note { out += "            <note>\(escape(value))</note>\n" }
                    out += "          </\(v3 ? "termSec" : "tig")>\n"
                }
                out += "        </\(v3 ? "langSec" : "langSet")>\n"
            }
            out += "      </\(v3 ? "conceptEntry" : "termEntry")>\n"
        }
        out += "    </body>\n  </text>\n"
        out += v3 ? "</tbx>\n" : "</martif>\n"
        return out
    }

    static func escape(_ text: String, attribute: Bool = false) -> String {
        var bytes: [UInt8] = []
        _ = XMLEscaping.append(text, attribute: attribute, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The state machine behind ``TBX/read(_:file:)``.
struct _TBXState {
    var entries: [GlossaryEntry] = []
    var title: String?
    var sawRoot = false
    var isTBX = false
    var rootName = ""
    var problem: (message: String, line: Int, column: Int, fatal: Bool)?

    /// Open elements: local name and `type` attribute.
    private var stack: [(name: String, type: String?)] = []
    private var entry: GlossaryEntry?
    private var language: LanguageTag?
    private var languages: [String: LanguageTag?] = [:]
    private var term: Term?
    private var text = ""
    private var capturing = 0  // depth of the element whose text is collected

    private static func localName(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // The bytes after the last colon (a search by Character cost more than the rest of
        // reading the tag).
        guard let colon = bytes.lastIndex(of: 0x3A) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[(colon + 1)...]), as: UTF8.self)
    }

    mutating func handle(_ event: borrowing XMLEvent) {
        switch event.kind {
        case XMLEvent.start: start(event)
        case XMLEvent.end: end()
        case XMLEvent.characters:
            guard capturing > 0, problem?.fatal != true else { return }
            guard text.utf8.count + event.text.count <= TBX.maximumValueBytes else {
                problem = ("a value longer than \(TBX.maximumValueBytes / 1_048_576) MiB (the limit for one term, note or definition)",
                           event.line, event.column, true)
                text = ""
                capturing = 0
                return
            }
            text += String(decoding: event.text, as: UTF8.self)
        default: break
        }
    }

    private mutating func start(_ event: borrowing XMLEvent) {
        let name = Self.localName(event.name)
        let attributes = event.attributes()
        let type = attributes[named: "type"]
        if !sawRoot {
            sawRoot = true
            rootName = name
            isTBX = ["tbx", "martif", "martifHeader"].contains(name)
        }
        stack.append((name, type))
        switch name {
        case "termEntry", "conceptEntry":
            entry = GlossaryEntry(id: attributes[named: "id"])
        case "langSet", "langSec":
            let written = attributes[named: "xml:lang"] ?? attributes[named: "lang"]
            // A glossary names a few languages thousands of times: each parsed once.
            language = written.flatMap { written in
                if let known = languages[written] { return known }
                let parsed = LanguageTag(written)
                languages[written] = parsed
                return parsed
            }
            if language == nil, problem == nil {
                problem = (written.map { "\(quotedForMessage($0)) is not a language tag" } ?? "<\(name)> without xml:lang",
                           event.line, event.column, false)
            }
        case "tig", "ntig", "termSec":
            term = Term("")
        case "term", "title", "descrip", "admin", "termNote", "note", "subjectField", "definition", "source",
             "partOfSpeech", "administrativeStatus", "normativeAuthorization":
            if capturing == 0 { text = "" }
            capturing += 1
        default:
            if capturing > 0 { capturing += 1 }  // inline markup inside a captured element: keep its text
        }
    }

    private mutating func end() {
        guard let (name, type) = stack.popLast() else { return }
        let captured = capturing == 1
        if capturing > 0 { capturing -= 1 }
        let value = captured ? trimmed(text) : ""
        switch name {
        case "termEntry", "conceptEntry":
            if let entry { entries.append(entry) }
            entry = nil
        case "langSet", "langSec":
            language = nil
        case "tig", "ntig", "termSec":
            if let term, !term.text.isEmpty, let language { entry?.add(term, language: language) }
            term = nil
        case "term":
            if captured { term?.text = value }
        case "title":
            if captured, entry == nil, title == nil { title = value }
        default:
            guard captured, !value.isEmpty else { return }
            let category = (name == "descrip" || name == "admin" || name == "termNote") ? (type ?? "") : name
            record(category, value)
        }
    }

    private mutating func record(_ category: String, _ value: String) {
        switch category {
        case "partOfSpeech":
            if term != nil { term?.partOfSpeech = value }
        case "administrativeStatus", "normativeAuthorization":
            if term != nil { term?.status = TermStatus(tbx: value) }
        case "note":
            // Several notes become one, joined the way reading them back keeps them.
            if var current = term {
                current.note = current.note.map { $0 + " / " + value } ?? value
                term = current
            } else if var current = entry {
                current.note = current.note.map { $0 + " / " + value } ?? value
                entry = current
            }
        case "subjectField":
            if entry != nil, entry?.subjectField == nil { entry?.subjectField = value }
        case "definition":
            if entry != nil, entry?.definition == nil { entry?.definition = value }
        case "source", "sourceIdentifier":
            if term == nil, entry != nil, entry?.source == nil { entry?.source = value }
        default:
            break
        }
    }

    /// Pretty-printed files wrap long values: whitespace runs read as one space.
    private func trimmed(_ text: String) -> String {
        text.collapsingWhitespace()
    }
}
