import Foundation
import SharedTestData
import Testing
import TMKitCommands

@Suite struct SegmentCommandTests {
    // MARK: Golden Rules through the command line

    struct GoldenRule: Decodable {
        let id: Int
        let name: String
        let text: String
        let expected: [String]
    }

    @Test(.needsSharedData) func goldenRulesPassThroughTmkitSegmentWithDefaultSettings() throws {
        let rules = try JSONDecoder().decode(
            [GoldenRule].self, from: Data(SharedData.bytes("segmentation/golden_rules_en.json")))
        #expect(rules.count == 52)
        var passed = 0
        for rule in rules {
            let result = tmkit(["segment", "-", "--format", "jsonl"], stdin: Array(rule.text.utf8))
            #expect(result.code == 0)
            let texts = try result.output.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return try #require(object?["text"] as? String)
            }
            #expect(texts == rule.expected, "Golden Rule \(rule.id): \(rule.name)")
            if texts == rule.expected { passed += 1 }
        }
        #expect(passed >= 51)
    }

    // MARK: Formats

    @Test func textFormatPutsOneSegmentALineAndBlankLinesBetweenParagraphs() {
        let result = tmkit("segment", "-", stdin: "Mr. Kim left at 5 p.m. He was\ntired.\n\nThe end.")
        #expect(result.code == 0)
        #expect(result.output == "Mr. Kim left at 5 p.m.\nHe was tired.\n\nThe end.\n")
        #expect(result.errors.isEmpty)
    }

    @Test func jsonlCarriesRangesLinesAndColumnsInTheDocumentedOrder() {
        let result = tmkit("segment", "-", "--format", "jsonl", stdin: "Hi “there”.\n\n  세계는 넓다. OK.")
        #expect(result.code == 0)
        #expect(result.output == """
            {"paragraph":0,"index":0,"text":"Hi “there”.","start":0,"end":15,"line":1,"column":1}
            {"paragraph":1,"index":1,"text":"세계는 넓다.","start":19,"end":36,"line":3,"column":3}
            {"paragraph":1,"index":2,"text":"OK.","start":37,"end":40,"line":3,"column":11}

            """)
    }

    @Test func jsonIsOneArrayOfTheSameObjects() throws {
        let jsonl = tmkit(["segment", Checkout.path("Examples/article.en.txt"), "--format", "jsonl"])
        let json = tmkit(["segment", Checkout.path("Examples/article.en.txt"), "--format", "json"])
        #expect(json.code == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        let lines = try jsonl.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(array.count == 18)
        #expect(array.count == lines.count)
        for (a, b) in zip(array, lines) {
            #expect(NSDictionary(dictionary: a).isEqual(to: b))
        }
        #expect(tmkit(["segment", "-", "--format", "json"], stdin: []).output == "[]\n")
    }

    @Test func jsonEscapesControlCharactersAndQuotes() {
        let result = tmkit("segment", "-", "--format", "jsonl", stdin: "He said \"no\"\t\\ \u{1}ok.")
        #expect(result.output.contains(#""text":"He said \"no\"\t\\ \u0001ok.""#))
    }

    // MARK: Options

    @Test func autoLanguagePicksKoreanByHangulShare() {
        let text = "국경 경비가 강화됐다\n주민들은 불안해하고 있다.\n당국은 아무 말도\n하지 않았다."
        #expect(tmkit("segment", "-", stdin: text).output == "국경 경비가 강화됐다\n주민들은 불안해하고 있다.\n당국은 아무 말도 하지 않았다.\n")
        // Forced English: the Korean line-ending rule is off, so the wrap is joined.
        #expect(tmkit("segment", "-", "--lang", "en", stdin: text).output
            == "국경 경비가 강화됐다 주민들은 불안해하고 있다.\n당국은 아무 말도 하지 않았다.\n")
    }

    @Test func paragraphsLineMakesEveryLineAParagraph() {
        let result = tmkit("segment", "-", "--paragraphs", "line", stdin: "One. Two.\nThree\n")
        #expect(result.output == "One.\nTwo.\n\nThree\n")
    }

    @Test func readsAFileGivenByPathAndUTF16WithBOM() throws {
        let scratch = try ScratchDirectory()
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "Dr. Kim came. 그는 떠났다.".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = try scratch.write("utf16.txt", bytes)
        let result = tmkit(["segment", path, "--lang", "ko"])
        #expect(result.code == 0)
        #expect(result.output == "Dr. Kim came.\n그는 떠났다.\n")
    }

    @Test func helpHasExamples() {
        let result = tmkit(["segment", "--help"])
        #expect(result.code == 0)
        #expect(result.output.contains("Examples:"))
        #expect(result.output.contains("tmkit segment Examples/article.en.txt"))
        #expect(tmkit(["--help"]).output.contains("segment"))
        #expect(tmkit(["--version"]).output == "\(TMKitCommand.version)\n")
    }

    // MARK: Errors: one line on stderr, exit 2, nothing on stdout

    @Test func invalidUTF8NamesTheFileAndTheByte() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("bad.txt", Array("Fine text. Then ".utf8) + [0xC3, 0x28] + Array(" more.".utf8))
        let result = tmkit(["segment", path])
        #expect(result.code == 2)
        #expect(result.errors == "tmkit: \(path): invalid UTF-8 at byte 16\n")
        #expect(result.output.isEmpty)
        let stdin = tmkit(["segment", "-"], stdin: [0x41, 0xFF])
        #expect(stdin.errors == "tmkit: <stdin>: invalid UTF-8 at byte 1\n")
        #expect(stdin.code == 2)
    }

    @Test func unreadableFiles() throws {
        let missing = tmkit(["segment", "no-such-file.txt"])
        #expect(missing.code == 2)
        #expect(missing.errors == "tmkit: no-such-file.txt: cannot read: No such file or directory\n")
        let scratch = try ScratchDirectory()
        let directory = tmkit(["segment", scratch.url.path])
        #expect(directory.code == 2)
        #expect(directory.errors == "tmkit: \(scratch.url.path): cannot read: Is a directory\n")
    }

    @Test(arguments: [
        (["segment", "--format", "xml", "-"], "--format"),
        (["segment", "--lang", "english language", "-"], "not a language tag"),
        (["segment", "--paragraphs", "page", "-"], "--paragraphs"),
        (["segment", "--nope"], "--nope"),
        (["segment", "a.txt", "b.txt"], "b.txt"),
        (["frobnicate"], "frobnicate"),
    ])
    func usageErrorsAreOneLineWithExitCode2(_ arguments: [String], _ mention: String) {
        let result = tmkit(arguments, stdin: [])
        #expect(result.code == 2)
        #expect(result.output.isEmpty)
        #expect(result.errors.hasPrefix("tmkit: "))
        #expect(result.errors.filter { $0 == "\n" }.count == 1, "one line: \(result.errors)")
        #expect(result.errors.contains(mention), "\(result.errors)")
        #expect(result.errors.contains("--help"))
    }

    // MARK: The real executable

    @Test func theExecutableExitsWithTheSameCodes() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tmkit")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "tmkit was not built beside \(binary.path)")
        func run(_ arguments: [String], stdin: [UInt8]) throws -> (Int32, String, String) {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            let input = Pipe(), output = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            input.fileHandleForWriting.write(Data(stdin))
            try input.fileHandleForWriting.close()
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
        }
        #expect(try run(["segment", "-"], stdin: Array("One. Two.".utf8)) == (0, "One.\nTwo.\n", ""))
        #expect(try run(["segment", "-"], stdin: [0xFF]) == (2, "", "tmkit: <stdin>: invalid UTF-8 at byte 0\n"))
        #expect(try run(["segment", "--bogus"], stdin: []).0 == 2)
        #expect(try run(["--help"], stdin: []).0 == 0)
    }
}
