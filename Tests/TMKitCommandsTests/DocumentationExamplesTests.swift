import Foundation
import Testing

/// The code in the DocC articles runs: every ```swift block of a catalog under `Sources/` is
/// also the body of a test in `DocumentationExamples/` (same lines, indentation aside; its
/// `import` lines at the top of that file, `@testable` or not), where it compiles against the real modules and
/// runs on shipped files.
@Suite struct DocumentationExamplesTests {
    /// The code blocks of a Markdown text: each fence's info word (lowercased: `swift`, `sh`, or
    /// empty) and its lines. Fences are three or more backticks or tildes, after any indentation
    /// or block-quote marks; a block left open is reported as `unclosed`.
    static func codeBlocks(_ markdown: String) -> [(info: String, lines: [Substring])] {
        var blocks: [(info: String, lines: [Substring])] = []
        var open: (fence: Substring, info: String, lines: [Substring])?
        for raw in markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = raw.drop { $0 == " " || $0 == "\t" || $0 == ">" }
            while let last = line.last, last.isWhitespace { line = line.dropLast() }
            let backticks = line.prefix { $0 == "`" }, tildes = line.prefix { $0 == "~" }
            let fence = backticks.count >= 3 ? backticks : tildes
            if var current = open {
                if fence.count >= current.fence.count, line.allSatisfy({ $0 == current.fence.first }) {
                    blocks.append((current.info, current.lines))
                    open = nil
                } else {
                    current.lines.append(raw)
                    open = current
                }
            } else if fence.count >= 3 {
                open = (fence, line.dropFirst(fence.count).trimmingPrefix(" ").lowercased(), [])
            }
        }
        if let current = open { blocks.append(("unclosed " + current.info, current.lines)) }
        return blocks
    }

    /// The ```swift blocks of a Markdown text, each as its lines.
    static func swiftBlocks(_ markdown: String) -> [[Substring]] {
        codeBlocks(markdown).filter { $0.info == "swift" }.map(\.lines)
    }

    /// A line without its indentation and trailing spaces.
    static func bare(_ line: Substring) -> Substring {
        var text = line.drop { $0 == " " }
        while text.last == " " { text = text.dropLast() }
        return text
    }

    /// Whether `block` (imports aside) appears as consecutive lines of one `@Test` function of
    /// `file` (indentation and blank lines aside, no line of it commented out), and its imports
    /// are among `file`'s.
    static func contains(_ file: String, _ block: [Substring]) -> Bool {
        let lines = file.split(separator: "\n").map(bare).filter { !$0.isEmpty }
            .map { $0.hasPrefix("@testable import ") ? $0.dropFirst("@testable ".count) : $0 }
        let wanted = block.map(bare).filter { !$0.isEmpty }
        let imports = wanted.filter { $0.hasPrefix("import ") }
        let code = wanted.filter { !$0.hasPrefix("import ") }
        guard imports.allSatisfy(lines.contains) else { return false }
        guard !code.isEmpty, code.count <= lines.count else { return code.isEmpty }
        return (0...(lines.count - code.count)).contains { start in
            guard lines[start..<(start + code.count)].elementsEqual(code) else { return false }
            // Inside a test: the nearest declaration above is an `@Test` function, and nothing
            // between it and the block closes it at its own indentation.
            guard let test = lines[..<start].lastIndex(where: { $0.hasPrefix("@Test") || $0.hasPrefix("@Suite") || $0.hasPrefix("/*") || $0.hasPrefix("#if") }),
                  lines[test].hasPrefix("@Test") else { return false }
            return true
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
        var untested: [String] = []
        var badFences: [String] = []
        var gettingStarted: [String: Int] = [:]
        for article in articles {
            let name = article.path.replacingOccurrences(of: Checkout.root.path + "/", with: "")
            let text = try String(contentsOf: article, encoding: .utf8)
            for block in Self.codeBlocks(text) where !["swift", "sh", "text", ""].contains(block.info) {
                badFences.append("\(name): a block fenced as '\(block.info)'")
            }
            for block in Self.swiftBlocks(text) {
                if article.lastPathComponent == "GettingStarted.md" { gettingStarted[name, default: 0] += 1 }
                if !examples.contains(where: { Self.contains($0, block) }) {
                    untested.append("\(name): \(block.map(Self.bare).first { !$0.isEmpty && !$0.hasPrefix("import ") } ?? "")")
                }
            }
        }
        // Every library module has a catalog whose getting-started article shows code.
        let modules = try manager.contentsOfDirectory(atPath: sources.path)
            .filter { !$0.hasPrefix("C") && $0 != "tmkit" && $0 != "libxml2" }
        #expect(modules.count >= 14)
        for module in modules {
            #expect(gettingStarted["Sources/\(module)/\(module).docc/GettingStarted.md", default: 0] >= 1,
                    "\(module): no catalog with a getting-started article and its code")
        }
        #expect(badFences.isEmpty, "\(badFences)")
        #expect(untested.isEmpty, "examples not found in a test of DocumentationExamples/:\n\(untested.joined(separator: "\n"))")
        // The scanner and the matcher themselves.
        #expect(Self.codeBlocks("```swift \r\nlet a = 1\n```\n> ~~~Swift\n> b\n> ~~~\n````\nc").map(\.info) == ["swift", "swift", "unclosed "])
        let test = "import A\n@Suite struct S {\n@Test func f() {\n    let x = 1\n\n    print(x)\n}\n}"
        #expect(Self.contains(test, ["import A", "let x = 1", "print(x)"]))
        #expect(!Self.contains(test, ["import B", "let x = 1"]))
        #expect(!Self.contains("import A\n/*\nlet x = 1\n*/", ["let x = 1"]))
        #expect(!Self.contains("let x = 2", ["let x = 1"]))
    }
}
