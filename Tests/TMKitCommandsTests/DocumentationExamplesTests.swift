import Foundation
import Testing

/// The code in the DocC articles runs: every ```swift block of a catalog under `Sources/` is
/// also the body of a test in `DocumentationExamples/` (same lines, indentation aside; its
/// `import` lines at the top of that file, `@testable` or not), where it compiles against the real modules and
/// runs on shipped files.
@Suite struct DocumentationExamplesTests {
    /// The ```swift blocks of a Markdown text, each as its lines.
    static func swiftBlocks(_ markdown: String) -> [[Substring]] {
        var blocks: [[Substring]] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if current == nil, trimmed == "```swift" {
                current = []
            } else if current != nil, trimmed == "```" {
                blocks.append(current!)
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// A line without its indentation and trailing spaces.
    static func bare(_ line: Substring) -> Substring {
        var text = line.drop { $0 == " " }
        while text.last == " " { text = text.dropLast() }
        return text
    }

    /// Whether `block` (imports aside) appears as consecutive lines of `file`, indentation and
    /// blank lines aside, and its imports are among `file`'s.
    static func contains(_ file: String, _ block: [Substring]) -> Bool {
        let lines = file.split(separator: "\n").map(bare).filter { !$0.isEmpty }
            .map { $0.hasPrefix("@testable import ") ? $0.dropFirst("@testable ".count) : $0 }
        let wanted = block.map(bare).filter { !$0.isEmpty }
        let imports = wanted.filter { $0.hasPrefix("import ") }
        let code = wanted.filter { !$0.hasPrefix("import ") }
        guard imports.allSatisfy(lines.contains) else { return false }
        guard !code.isEmpty else { return true }
        guard code.count <= lines.count else { return false }
        return (0...(lines.count - code.count)).contains { start in
            lines[start..<(start + code.count)].elementsEqual(code)
        }
    }

    @Test func everyArticleExampleIsATestedExample() throws {
        let manager = FileManager.default
        let sources = Checkout.root.appendingPathComponent("Sources")
        let articles = manager.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension == "md" && $0.path.contains(".docc/") }
        let examplesFolder = Checkout.root.appendingPathComponent("Tests/TMKitCommandsTests/DocumentationExamples")
        let examples = try manager.contentsOfDirectory(at: examplesFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }
            .map { try String(contentsOf: $0, encoding: .utf8) }
        var blocks = 0
        var untested: [String] = []
        for article in articles {
            let text = try String(contentsOf: article, encoding: .utf8)
            for block in Self.swiftBlocks(text) {
                blocks += 1
                if !examples.contains(where: { Self.contains($0, block) }) {
                    let name = article.path.replacingOccurrences(of: Checkout.root.path + "/", with: "")
                    untested.append("\(name): \(block.map(Self.bare).first { !$0.isEmpty && !$0.hasPrefix("import ") } ?? "")")
                }
            }
        }
        #expect(articles.count >= 13, "a catalog per library module")
        #expect(blocks >= 13)
        #expect(untested.isEmpty, "examples not found in DocumentationExamples/:\n\(untested.joined(separator: "\n"))")
        // The matcher itself.
        #expect(Self.contains("import A\nfunc f() {\n    let x = 1\n\n    print(x)\n}", ["import A", "let x = 1", "print(x)"]))
        #expect(!Self.contains("func f() {\n    let x = 1\n}", ["import A", "let x = 1"]))
        #expect(!Self.contains("let x = 2", ["let x = 1"]))
    }
}
