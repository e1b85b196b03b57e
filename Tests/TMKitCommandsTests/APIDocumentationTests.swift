import Foundation
import Testing

/// The public API documents itself: every `public` or `open` declaration in `Sources/` has a
/// `///` comment above it (attributes may stand between). Enum cases declared without `public`
/// are not counted.
@Suite struct APIDocumentationTests {
    static let keywords: Set<Substring> = ["func", "var", "let", "struct", "enum", "class", "init", "subscript", "typealias",
                                          "protocol", "case", "actor"]
    static let modifiers: Set<Substring> = ["static", "final", "mutating", "nonisolated", "override", "indirect", "convenience",
                                           "required", "private(set)", "internal(set)", "fileprivate(set)"]

    /// Whether a trimmed line declares something public: `public`/`open` (after attributes), then
    /// modifiers, then a declaration keyword (`init(` and `subscript(` included).
    static func isPublicDeclaration(_ line: Substring) -> Bool {
        var words = line.split(separator: " ", omittingEmptySubsequences: true)[...]
        while let first = words.first, first.hasPrefix("@") { words = words.dropFirst() }
        guard let access = words.first, access == "public" || access == "open" else { return false }
        words = words.dropFirst()
        while let first = words.first, modifiers.contains(first) { words = words.dropFirst() }
        guard let keyword = words.first else { return false }
        let bare = keyword.prefix { $0.isLetter }
        return keywords.contains(bare)
    }

    @Test func everyPublicDeclarationHasADocComment() throws {
        let sources = Checkout.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        var declarations = 0
        var missing: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (index, raw) in lines.enumerated() {
                let line = raw.drop { $0 == " " }
                guard Self.isPublicDeclaration(line) else { continue }
                declarations += 1
                var above = index - 1
                while above >= 0, lines[above].drop(while: { $0 == " " }).hasPrefix("@") { above -= 1 }
                let comment = above >= 0 ? lines[above].drop { $0 == " " } : ""
                if !(comment.hasPrefix("///") || comment.hasSuffix("*/")) {
                    missing.append("\(file.path.replacingOccurrences(of: Checkout.root.path + "/", with: "")):\(index + 1): \(line.prefix(80))")
                }
            }
        }
        #expect(declarations > 1_000)
        #expect(missing.isEmpty, "\(missing.count) of \(declarations) public declarations have no doc comment:\n\(missing.prefix(20).joined(separator: "\n"))")
        // The scanner itself.
        #expect(Self.isPublicDeclaration("@inlinable public static func f()"))
        #expect(Self.isPublicDeclaration("public init(x: Int)"))
        #expect(Self.isPublicDeclaration("public private(set) var x = 1"))
        #expect(!Self.isPublicDeclaration("func f()") && !Self.isPublicDeclaration("// public func f()"))
    }

    /// Every Swift file under `Sources/`, with its module (the folder under `Sources/`) and lines.
    static func sourceFiles() throws -> [(module: String, name: String, lines: [Substring])] {
        let sources = Checkout.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        return try files.map { file in
            let relative = file.path.dropFirst(sources.path.count + 1)
            let module = String(relative.prefix { $0 != "/" })
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            return (module, file.lastPathComponent, lines)
        }
    }

    /// The name a line declares as a type (`struct`, `class`, `enum`, `protocol`, `actor`), if any.
    static func declaredType(_ line: Substring) -> Substring? {
        var words = line.drop { $0 == " " }.split(separator: " ")[...]
        while let first = words.first, first.hasPrefix("@") || ["public", "package", "internal", "private", "fileprivate", "final",
                                                                 "open", "indirect"].contains(first) {
            words = words.dropFirst()
        }
        guard let keyword = words.first, ["struct", "class", "enum", "protocol", "actor"].contains(keyword),
              let name = words.dropFirst().first else { return nil }
        return name.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// A type named like its module makes `Module.Name` ambiguous for every client (the reason
    /// `TranslationMemory`, `Glossary` and `Alignment` were renamed).
    @Test func noTypeIsNamedLikeItsModule() throws {
        var clashes: [String] = []
        var types = 0
        for file in try Self.sourceFiles() {
            for line in file.lines {
                guard let name = Self.declaredType(line) else { continue }
                types += 1
                if name == file.module { clashes.append("\(file.module)/\(file.name): \(name)") }
            }
        }
        #expect(types > 300)
        #expect(clashes.isEmpty, "types named like their module: \(clashes)")
        #expect(Self.declaredType("public final class SQLiteMemoryStore: Sendable {") == "SQLiteMemoryStore")
        #expect(Self.declaredType("    let x = 1") == nil)
    }

    /// Commands are `…Command` types, one a file of the same name.
    @Test func commandsAreNamedCommandOneAFile() throws {
        var commands = 0
        var problems: [String] = []
        for file in try Self.sourceFiles() where file.module == "TMKitCommands" {
            let declared = file.lines.filter { $0.contains("ParsableCommand") }.compactMap(Self.declaredType)
            commands += declared.count
            if declared.count > 1 { problems.append("\(file.name) declares \(declared.count) commands") }
            for name in declared where !name.hasSuffix("Command") || file.name != "\(name).swift" {
                problems.append("\(name) in \(file.name)")
            }
        }
        #expect(commands >= 31)
        #expect(problems.isEmpty, "\(problems)")
    }
}
