import Foundation
import Testing
import TMKitCore
import TMKitCommands

@Suite struct TMXCommandTests {
    static let inline = Checkout.path("Tests/TMXTests/Fixtures/inline-codes.tmx")

    @Test func statsAsJSON() throws {
        let result = tmkit(["tmx", "stats", Self.inline, "--format", "json"])
        #expect(result.code == 0)
        #expect(result.errors.isEmpty)
        #expect(result.output == """
            {"units":3,"skipped_units":0,"languages":["en-US","ko-KR"],"variants":{"en-US":3,"ko-KR":2},\
            "units_with_inline_codes":2,"properties":2,"notes":3,"duplicates":0,"encoding":"UTF-8","version":"1.4",\
            "srclang":"en-US","creationtool":"tmkit-tests"}

            """)
    }

    @Test func statsAsTextOnTheSampleMemory() {
        let result = tmkit(["tmx", "stats", Checkout.path("TMX/sample.en-ko.tmx")])
        #expect(result.code == 0)
        #expect(result.output.hasPrefix("units: 18\nlanguages: en (18), ko (18)\n"))
    }

    @Test func statsReadsStandardInputAndUTF16() throws {
        let text = "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>Hi</seg></tuv></tu></body></tmx>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = tmkit(["tmx", "stats", "-", "--format", "json"], stdin: bytes)
        #expect(result.code == 0)
        #expect(result.output.contains("\"units\":1"))
        #expect(result.output.contains("\"encoding\":\"UTF-16LE\""))
        #expect(result.output.contains("\"version\":\"1.4\""))
    }

    @Test func statsSkipInvalidReportsEachUnitOnStandardError() {
        let path = Checkout.path("Tests/TMXTests/Fixtures/invalid-units.tmx")
        let strict = tmkit(["tmx", "stats", path])
        #expect(strict.code == 2)
        #expect(strict.errors == "tmkit: \(path):11:10: <bpt i=\"1\"> has no <ept> (unit 2)\n")
        #expect(strict.output.isEmpty)
        let lenient = tmkit(["tmx", "stats", path, "--skip-invalid", "--format", "json"])
        #expect(lenient.code == 0)
        #expect(lenient.output.contains("\"units\":5,\"skipped_units\":3"))
        #expect(lenient.errors.split(separator: "\n").count == 3)
        #expect(lenient.errors.hasPrefix("tmkit: \(path):11:10: skipped: <bpt i=\"1\"> has no <ept> (unit 2)\n"))
    }

    @Test func statsOnMalformedAndMissingFiles() {
        let malformed = Checkout.path("Tests/TMXTests/Fixtures/malformed.tmx")
        let result = tmkit(["tmx", "stats", malformed])
        #expect(result.code == 2)
        #expect(result.errors == "tmkit: \(malformed):9:43: Opening and ending tag mismatch: seg line 9 and sag (unit 2)\n")
        let missing = tmkit(["tmx", "stats", "missing.tmx"])
        #expect(missing.code == 2)
        #expect(missing.errors == "tmkit: missing.tmx: cannot read: No such file or directory\n")
    }

    @Test func validateExitCodes() {
        let clean = tmkit(["tmx", "validate", Checkout.path("TMX/sample.en-ko.tmx")])
        #expect(clean.code == 0)
        #expect(clean.output.hasSuffix("sample.en-ko.tmx: no findings (18 units)\n"))

        let path = Checkout.path("Tests/TMXTests/Fixtures/invalid-units.tmx")
        let findings = tmkit(["tmx", "validate", path])
        #expect(findings.code == 1)
        #expect(findings.output.split(separator: "\n").map(String.init) == [
            "\(path):11:10: skipped: <bpt i=\"1\"> has no <ept> (unit 2)",
            "\(path):13:32: skipped: <tuv> without <seg> (unit 3)",
            "\(path):16:11: skipped: <tuv> without xml:lang (unit 4)",
        ])

        let malformed = tmkit(["tmx", "validate", Checkout.path("Tests/TMXTests/Fixtures/malformed.tmx")])
        #expect(malformed.code == 1)
        #expect(malformed.output.contains(":9:43: Opening and ending tag mismatch"))

        let unreadable = tmkit(["tmx", "validate", "missing.tmx"])
        #expect(unreadable.code == 2)
        #expect(unreadable.output.isEmpty)
    }

    @Test func validateRequireTarget() {
        let result = tmkit(["tmx", "validate", "--require-target", Self.inline])
        #expect(result.code == 1)
        #expect(result.output.contains(":32:22: unit 3 has no target (source: en-US)"))
    }

    @Test func segmentWritesAMemoryOfSourceOnlyUnits() throws {
        let result = tmkit(["segment", Checkout.path("Examples/article.ko.txt"), "--format", "tmx"])
        #expect(result.code == 0)
        #expect(result.output.contains("srclang=\"ko\""))
        #expect(result.output.contains("segtype=\"sentence\""))
        #expect(result.output.contains("<tu tuid=\"18\">"))
        #expect(result.output.contains("<seg>*이 기사는 통일미디어그룹을 통해 북한 주민들에게 방송됐습니다.</seg>"))
        // It reads back as 18 units in Korean and is what the DTD allows.
        let scratch = try ScratchDirectory()
        let path = try scratch.write("article.tmx", Array(result.output.utf8))
        #expect(tmkit(["tmx", "stats", path, "--format", "json"]).output.contains("\"units\":18,"))
        #expect(tmkit(["tmx", "validate", "--require-target", path]).code == 1)
        #expect(tmkit(["tmx", "validate", path]).code == 0)
        let empty = tmkit(["segment", "-", "--format", "tmx", "--lang", "en"], stdin: [])
        #expect(empty.code == 0)
        #expect(empty.output.contains("<body>\n  </body>"))
    }

    @Test func tmxHelpHasExamples() {
        #expect(tmkit(["tmx", "--help"]).output.contains("tmkit tmx stats"))
        #expect(tmkit(["tmx", "stats", "--help"]).output.contains("Examples:"))
        #expect(tmkit(["tmx", "validate", "--help"]).output.contains("Exit codes"))
    }
}

@Suite struct ProgressTests {
    @Test func progressGoesToStandardErrorOnlyWhenItIsATerminal() {
        let path = Checkout.path("TMX/sample.en-ko.tmx")
        let output = CapturedOutput(), errors = CapturedOutput()
        let terminal = CommandIO(output: output, errorOutput: errors, openInput: { BytesSource([]) }, errorIsTerminal: true)
        #expect(TMKitCommand.run(arguments: ["tmx", "stats", path], io: terminal) == 0)
        #expect(errors.text.hasPrefix("\rreading 0 of 1 MB (100%), "), "\(errors.text)")
        #expect(errors.text.contains(" MB/s, 18 units ("))
        #expect(errors.text.hasSuffix("\r\u{1B}[K"))
        #expect(tmkit(["tmx", "stats", path]).errors.isEmpty)
    }
}
