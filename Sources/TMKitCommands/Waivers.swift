import ArgumentParser
import Glossary
import Quality
import TMKitCore
import TMX

/// A waiver list: units and checks whose findings a reviewer accepted. One waiver a line,
/// `UNIT<tab>CHECK`, anything after a second tab a comment; `#` lines and blank lines skipped.
struct Waivers {
    private var entries: [(unit: String, check: QualityCheck, note: String)] = []
    private var keys = Set<String>()

    var count: Int { entries.count }

    static func read(_ path: String) throws -> Waivers {
        let name = FileInput.displayName(path)
        let bytes = try FileInput.readAll(path, limit: InputLimits.glossaryTable, what: "a waiver list", register: false)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandError(message: "\(name): not UTF-8 text")
        }
        var waivers = Waivers()
        // Any line ending (CRLF is one Character in Swift, so split on newlines, not on "\n").
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count >= 2, !fields[0].isEmpty else {
                throw CommandError(message: "\(name):\(index + 1):1: expected UNIT, a tab and CHECK (as --write-ignore writes them)")
            }
            guard let check = QualityCheck(rawValue: String(fields[1]).trimmingCharacters(in: .whitespaces)) else {
                throw CommandError(message: "\(name):\(index + 1):\(fields[0].unicodeScalars.count + 2): unknown check '\(fields[1])'; "
                                   + "known: \(QualityCheck.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            waivers.add(unit: Self.unescape(String(fields[0])), check: check, note: fields.count > 2 ? String(fields[2]) : "")
        }
        return waivers
    }

    func contains(unit: String, check: QualityCheck) -> Bool { keys.contains(unit + "\t" + check.rawValue) }

    mutating func add(unit: String, check: QualityCheck, note: String) {
        guard keys.insert(unit + "\t" + check.rawValue).inserted else { return }
        entries.append((unit, check, note))
    }

    mutating func merge(_ other: Waivers) {
        for entry in other.entries { add(unit: entry.unit, check: entry.check, note: entry.note) }
    }

    func serialized() -> String {
        var text = "# tmkit qa waivers: UNIT<tab>CHECK<tab>the finding, one a line (tmkit qa --ignore FILE)\n"
        for entry in entries {
            let note = entry.note.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
            let comment = note.hasPrefix("#") ? note : "# " + note
            text += "\(Self.escape(entry.unit))\t\(entry.check.rawValue)\t\(entry.note.isEmpty ? "" : comment)\n"
        }
        return text
    }

    /// A unit id as one field: backslash, tab, line breaks escaped (`\\`, `\t`, `\n`, `\r`),
    /// and a leading `#` (which would read as a comment) written `\#`.
    static func escape(_ unit: String) -> String {
        var out = ""
        for (index, character) in unit.enumerated() {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
            case "#" where index == 0: out += "\\#"
            default: out.append(character)
            }
        }
        return out
    }

    static func unescape(_ field: String) -> String {
        var out = ""
        var escaped = false
        for character in field {
            if escaped {
                switch character {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.append(character)  // \\, \#
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
