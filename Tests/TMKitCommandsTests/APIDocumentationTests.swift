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
}
