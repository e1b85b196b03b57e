import TMKitCore
import XMLEvents

/// Segmentation rules in SRX 2.0, the format CAT tools (OmegaT, Trados, memoQ, Okapi)
/// exchange them in: ordered break and no-break rules per language, and the maps that say
/// which rules apply to which language.
///
/// A value holds the rules as written; ``read(_:file:)`` checks every regular expression with
/// ICU, so a value read from a file is known to compile. ``SRXSegmenter`` applies them.
public struct SRXRules: Sendable, Hashable {
    /// One `<rule>`: at a position, `beforeBreak` must match the text that ends there and
    /// `afterBreak` the text that starts there (an empty pattern matches anything).
    public struct Rule: Sendable, Hashable {
        /// `break="yes"` (the default) or `break="no"`.
        public var isBreak: Bool
        /// The `<beforebreak>` pattern in ICU syntax; empty when absent.
        public var beforeBreak: String
        /// The `<afterbreak>` pattern in ICU syntax; empty when absent.
        public var afterBreak: String
        /// Where the `<rule>` element is, 1-based (0 when built in code).
        public var line: Int
        /// The 1-based column of the `<rule>` element (0 when built in code).
        public var column: Int

        /// Creates a break (`isBreak` true) or no-break rule from two ICU patterns; an empty pattern
        /// matches anything.
        public init(isBreak: Bool, beforeBreak: String = "", afterBreak: String = "", line: Int = 0, column: Int = 0) {
            self.isBreak = isBreak
            self.beforeBreak = beforeBreak
            self.afterBreak = afterBreak
            self.line = line
            self.column = column
        }
    }

    /// A named, ordered rule set (`<languagerule languagerulename="…">`).
    public struct LanguageRule: Sendable, Hashable {
        /// The set's `languagerulename`, which maps refer to it by.
        public var name: String
        /// The set's rules, in the order they are tried.
        public var rules: [Rule]
        /// Where the `<languagerule>` element is, 1-based (0 when built in code).
        public var line: Int
        /// The 1-based column of the `<languagerule>` element (0 when built in code).
        public var column: Int

        /// Creates a rule set named `name` holding `rules` in order.
        public init(name: String, rules: [Rule], line: Int = 0, column: Int = 0) {
            self.name = name
            self.rules = rules
            self.line = line
            self.column = column
        }
    }

    /// `<languagemap languagepattern="…" languagerulename="…">`: the rule set for the
    /// languages whose code the pattern matches in full.
    public struct LanguageMap: Sendable, Hashable {
        /// The `languagepattern` regular expression, matched against the whole language code.
        public var languagePattern: String
        /// The `languagerulename` of the rule set the map applies.
        public var ruleName: String
        /// The 1-based line of the `<languagemap>` element (0 when built in code).
        public var line: Int
        /// The 1-based column of the `<languagemap>` element (0 when built in code).
        public var column: Int

        /// Creates a map that applies the rule set `ruleName` to the languages `languagePattern` matches.
        public init(languagePattern: String, ruleName: String, line: Int = 0, column: Int = 0) {
            self.languagePattern = languagePattern
            self.ruleName = ruleName
            self.line = line
            self.column = column
        }
    }

    /// `<formathandle type="start|end|isolated" include="yes|no">`: kept for completeness;
    /// plain text has no formatting to handle.
    public struct FormatHandle: Sendable, Hashable {
        /// The `type` attribute: `start`, `end` or `isolated`.
        public var type: String
        /// The `include` attribute: whether the code goes into the segment (`yes`) or stays out (`no`).
        public var include: Bool
    }

    /// `cascade="yes"`: the rules of every map that matches apply, in map order; else only
    /// the first matching map's.
    public var cascade: Bool
    /// `segmentsubflows` (default yes); read, not used on plain text.
    public var segmentSubflows: Bool
    /// The `<formathandle>` elements as read; empty when the file has none.
    public var formatHandles: [FormatHandle]
    /// The rule sets, in file order.
    public var languageRules: [LanguageRule]
    /// The maps, in file order.
    public var languageMaps: [LanguageMap]

    /// Creates rules from rule sets and maps built in code; the defaults are SRX's (`cascade="no"`,
    /// `segmentsubflows="yes"`, no format handles).
    public init(
        cascade: Bool = false, segmentSubflows: Bool = true, formatHandles: [FormatHandle] = [],
        languageRules: [LanguageRule], languageMaps: [LanguageMap]
    ) {
        self.cascade = cascade
        self.segmentSubflows = segmentSubflows
        self.formatHandles = formatHandles
        self.languageRules = languageRules
        self.languageMaps = languageMaps
    }

    /// The rule set named `name`.
    public func languageRule(named name: String) -> LanguageRule? {
        languageRules.first { $0.name == name }
    }

    /// The maps that apply to `language`, in the order their rules are tried: every map
    /// whose pattern matches the whole language code with `cascade`, else the first. Codes
    /// are case-insensitive, so the code is tried as written by tmkit (`en-US`), in capitals
    /// (`EN-US`, as OmegaT's patterns expect) and with `_` for `-`.
    public func maps(for language: LanguageTag) -> [LanguageMap] {
        var result: [LanguageMap] = []
        let normalized = language.normalized
        var codes: [String] = []
        for code in [normalized, normalized.uppercased(), normalized.lowercased()] {
            for variant in [code, code.replacingHyphens()] where !codes.contains(variant) { codes.append(variant) }
        }
        for map in languageMaps {
            guard let regex = try? _ICURegex(map.languagePattern) else { continue }
            if codes.contains(where: { regex.matchesWhole($0) }) {
                result.append(map)
                if !cascade { break }
            }
        }
        return result
    }

    /// The rules that apply to `language`, in the order they are tried.
    public func rules(for language: LanguageTag) -> [Rule] {
        maps(for: language).flatMap { languageRule(named: $0.ruleName)?.rules ?? [] }
    }
}

extension String {
    fileprivate func replacingHyphens() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}

// MARK: - Reading

extension SRXRules {
    /// Reads an SRX 2.0 file's bytes; `file` names it in errors. XML is read with no DTD, no
    /// entity expansion and no network; elements of other namespaces are passed over. Every
    /// pattern is compiled: an invalid one is an error naming the line and the rule.
    public static func read(_ bytes: [UInt8], file: String? = nil) throws(SegmentationError) -> SRXRules {
        try XMLPushParser.read(bytes, with: { try read(from: $0, file: file) }) { (error: any Error) -> SegmentationError in
            .invalidSRX(message: "\(error)", location: SourceLocation(file: file))
        }
    }

    /// The longest pattern (`beforebreak`, `afterbreak`) an SRX file may hold, in UTF-8 bytes.
    public static let maximumPatternBytes = 1 << 16

    /// Reads SRX 2.0 from `read` (up to the given number of bytes a call, an empty array at the
    /// end), a chunk at a time, as ``read(_:file:)`` does; errors `read` throws are thrown as
    /// they are. Input that is not XML fails on its first chunk.
    public static func read(from read: (Int) throws -> [UInt8], file: String? = nil) throws -> SRXRules {
        func fail(_ message: String, _ line: Int?, _ column: Int?) -> SegmentationError {
            .invalidSRX(message: message, location: SourceLocation(file: file, line: line, column: column))
        }
        guard let parser = XMLPushParser() else { throw fail("out of memory", nil, nil) }
        var state = _SRXState()
        if let failure = try parser.parseAll(read: read, handle: { state.handle($0) }) {
            throw fail(failure.message, failure.line, failure.column)
        }
        if let problem = state.problem { throw fail(problem.message, problem.line, problem.column) }
        guard state.sawRoot else { throw fail("the file is empty", 1, 1) }

        let rules = SRXRules(
            cascade: state.cascade, segmentSubflows: state.segmentSubflows, formatHandles: state.formatHandles,
            languageRules: state.languageRules, languageMaps: state.languageMaps)

        // Names are unique, maps name existing rule sets, every pattern compiles.
        var names: Set<String> = []
        for set in rules.languageRules where !names.insert(set.name).inserted {
            throw fail("languagerulename '\(set.name)' is used twice", set.line, set.column)
        }
        for map in rules.languageMaps {
            if !names.contains(map.ruleName) {
                throw fail("languagemap names languagerule '\(map.ruleName)', which the file does not define",
                           map.line, map.column)
            }
            do {
                _ = try _ICURegex(map.languagePattern)
            } catch {
                throw fail("invalid languagepattern '\(map.languagePattern)': \(error.reason)", map.line, map.column)
            }
        }
        for set in rules.languageRules {
            for (index, rule) in set.rules.enumerated() {
                for (element, pattern) in [("beforebreak", rule.beforeBreak), ("afterbreak", rule.afterBreak)]
                where !pattern.isEmpty {
                    do {
                        _ = try _ICURegex(pattern)
                    } catch {
                        throw fail(
                            "invalid regular expression in <\(element)> of rule \(index + 1) of languagerule "
                                + "'\(set.name)': \(error.reason) in '\(pattern)'",
                            rule.line, rule.column)
                    }
                }
            }
        }
        return rules
    }
}

/// The state machine behind ``SRXRules/read(_:file:)``.
struct _SRXState {
    var sawRoot = false
    var cascade = false
    var segmentSubflows = true
    var formatHandles: [SRXRules.FormatHandle] = []
    var languageRules: [SRXRules.LanguageRule] = []
    var languageMaps: [SRXRules.LanguageMap] = []
    var problem: (message: String, line: Int, column: Int)?

    static let namespace = "http://www.lisa.org/srx20"

    /// Open elements: local name, and whether it is an SRX element (not a foreign extension).
    private var stack: [(name: String, isSRX: Bool)] = []
    /// Namespace prefixes in scope that map to SRX ("" for the default namespace).
    private var prefixScopes: [[String: String]] = []
    private var rule: SRXRules.Rule?
    private var text = ""
    private var capturing: String?
    private var capturedBefore = false
    private var capturedAfter = false

    private mutating func report(_ message: String, _ line: Int, _ column: Int) {
        if problem == nil { problem = (message, line, column) }
    }

    mutating func handle(_ event: borrowing XMLEvent) {
        switch event.kind {
        case XMLEvent.start: start(event)
        case XMLEvent.end: end()
        case XMLEvent.characters:
            guard let element = capturing else { return }
            guard text.utf8.count + event.text.count <= SRXRules.maximumPatternBytes else {
                report("<\(element)> longer than \(SRXRules.maximumPatternBytes / 1024) KiB (the limit for one pattern)",
                       event.line, event.column)
                capturing = nil
                return
            }
            text += String(decoding: event.text, as: UTF8.self)
        case XMLEvent.entity:
            report("entity &\(String(decoding: event.name, as: UTF8.self)); is not defined (tmkit expands no entities)",
                   event.line, event.column)
        default: break
        }
    }

    /// The namespace URI of a qualified name, from the declarations in scope.
    private func namespace(of qualifiedName: String) -> String? {
        let prefix = qualifiedName.firstIndex(of: ":").map { String(qualifiedName[..<$0]) } ?? ""
        for scope in prefixScopes.reversed() {
            if let uri = scope[prefix] { return uri }
        }
        return nil
    }

    private mutating func start(_ event: borrowing XMLEvent) {
        let qualified = String(decoding: event.name, as: UTF8.self)
        let attributes = event.attributes()
        var scope: [String: String] = [:]
        for attribute in attributes {
            if attribute.name == "xmlns" { scope[""] = attribute.value }
            if attribute.name.hasPrefix("xmlns:") { scope[String(attribute.name.dropFirst(6))] = attribute.value }
        }
        prefixScopes.append(scope)
        let name = qualified.split(separator: ":").last.map(String.init) ?? qualified
        let uri = namespace(of: qualified)
        // SRX files without a namespace declaration are common enough to accept.
        let isSRX = uri == Self.namespace || (uri == nil && !qualified.contains(":"))
        let parentIsSRX = stack.last?.isSRX ?? true
        stack.append((name, isSRX && parentIsSRX))
        guard isSRX && parentIsSRX else { return }  // a foreign extension and everything inside it

        if !sawRoot {
            sawRoot = true
            guard name == "srx" else {
                report("the root element is <\(qualified)>, not <srx>", event.line, event.column)
                return
            }
            if let version = attributes[named: "version"], version != "2.0" {
                report("SRX version \(version) is not supported; tmkit reads SRX 2.0", event.line, event.column)
            }
            return
        }
        // The element enclosing this one (the stack holds this one last).
        let parentName = stack.count >= 2 ? stack[stack.count - 2].name : nil
        switch name {
        case "header":
            cascade = yesNo(attributes[named: "cascade"], default: false, "cascade", event.line, event.column)
            segmentSubflows = yesNo(
                attributes[named: "segmentsubflows"], default: true, "segmentsubflows", event.line, event.column)
        case "formathandle":
            formatHandles.append(SRXRules.FormatHandle(
                type: attributes[named: "type"] ?? "",
                include: yesNo(attributes[named: "include"], default: false, "include", event.line, event.column)))
        case "languagerule":
            guard let ruleName = attributes[named: "languagerulename"] else {
                report("<languagerule> without languagerulename", event.line, event.column)
                return
            }
            languageRules.append(SRXRules.LanguageRule(name: ruleName, rules: [], line: event.line, column: event.column))
        case "rule" where parentName == "languagerule":
            rule = SRXRules.Rule(
                isBreak: yesNo(attributes[named: "break"], default: true, "break", event.line, event.column),
                line: event.line, column: event.column)
            capturedBefore = false
            capturedAfter = false
        case "beforebreak", "afterbreak":
            guard rule != nil, parentName == "rule" else { return }
            if (name == "beforebreak" && capturedBefore) || (name == "afterbreak" && capturedAfter) {
                report("<rule> with more than one <\(name)>", event.line, event.column)
            }
            capturing = name
            text = ""
        case "languagemap":
            guard let pattern = attributes[named: "languagepattern"], let ruleName = attributes[named: "languagerulename"]
            else {
                report("<languagemap> needs languagepattern and languagerulename", event.line, event.column)
                return
            }
            languageMaps.append(SRXRules.LanguageMap(
                languagePattern: pattern, ruleName: ruleName, line: event.line, column: event.column))
        default:
            break
        }
    }

    private mutating func end() {
        guard let (name, isSRX) = stack.popLast() else { return }
        prefixScopes.removeLast()
        guard isSRX else { return }
        switch name {
        case "beforebreak" where capturing == "beforebreak":
            rule?.beforeBreak = text
            capturedBefore = true
            capturing = nil
        case "afterbreak" where capturing == "afterbreak":
            rule?.afterBreak = text
            capturedAfter = true
            capturing = nil
        case "rule":
            if let rule, !languageRules.isEmpty { languageRules[languageRules.count - 1].rules.append(rule) }
            rule = nil
        default:
            break
        }
    }

    private mutating func yesNo(_ value: String?, default: Bool, _ attribute: String, _ line: Int, _ column: Int) -> Bool {
        switch value {
        case nil: return `default`
        case "yes": return true
        case "no": return false
        case let other?:
            report("\(attribute)=\"\(other)\" must be \"yes\" or \"no\"", line, column)
            return `default`
        }
    }
}
