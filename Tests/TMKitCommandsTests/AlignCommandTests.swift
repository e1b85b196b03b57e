import Foundation
import Testing
import TMKitCore
import TMX

@Suite struct AlignCommandTests {
    let english = "Tests/AlignmentTests/Fixtures/eval/05-defector-remittances.en.txt"
    let korean = "Tests/AlignmentTests/Fixtures/eval/05-defector-remittances.ko.txt"

    @Test func jsonlListsEveryBead() throws {
        let result = tmkit(["align", Checkout.path(english), Checkout.path(korean), "--from", "en", "--to", "ko",
                            "--format", "jsonl"])
        #expect(result.code == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        var (nextSource, nextTarget) = (0, 0)
        var kinds: [String] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let sources = try #require(object["source_indices"] as? [Int])
            let targets = try #require(object["target_indices"] as? [Int])
            let confidence = try #require(object["confidence"] as? Double)
            #expect((0...1).contains(confidence))
            #expect(object["source"] is String && object["target"] is String)
            #expect(sources.first.map { $0 == nextSource } ?? true)
            #expect(targets.first.map { $0 == nextTarget } ?? true)
            nextSource += sources.count
            nextTarget += targets.count
            kinds.append(try #require(object["bead"] as? String))
            #expect(kinds.last == "\(sources.count)-\(targets.count)")
            if sources.isEmpty { #expect(object["source"] as? String == "") }
        }
        // The paragraph left out of the Korean: three English sentences without a translation
        // (the aligner finds two of them as 1-0; it merges the first into the bead before).
        #expect(kinds.filter { $0 == "1-0" }.count >= 2)
        #expect(nextSource == 26 && nextTarget == 24)
    }

    @Test func tmxHoldsConfidentPairsAndStderrTheRest() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.url.appendingPathComponent("aligned.tmx").path
        let result = tmkit(["align", Checkout.path(english), Checkout.path(korean), "--from", "en", "--to", "ko", "-o", out])
        #expect(result.code == 0, "\(result.errors)")
        let reader = try TMXReader(path: out)
        _ = try reader.readHeader()
        var units: [TranslationUnit] = []
        while let unit = try reader.next() { units.append(unit) }
        #expect(units.count >= 18)
        for unit in units {
            #expect(unit.variants.map(\.language.normalized) == ["en", "ko"])
            let confidence = try #require(unit.properties.first { $0.type == "x-alignment-confidence" }.flatMap { Double($0.value) })
            #expect(confidence >= 0.5)
        }
        // Omissions are listed, one line each.
        let leftOut = result.errors.split(separator: "\n").filter { $0.contains("left out") }
        #expect(leftOut.count >= 2)
        #expect(leftOut.allSatisfy { $0.hasPrefix("tmkit: bead ") })
    }

    @Test func alignImportPretranslate() throws {
        let scratch = try ScratchDirectory()
        let aligned = scratch.url.appendingPathComponent("article.tmx").path
        let memory = scratch.url.appendingPathComponent("memory.sqlite").path
        let out = scratch.url.appendingPathComponent("pretranslated.tmx").path
        let align = tmkit(["align", Checkout.path("Examples/article.en.txt"), Checkout.path("Examples/article.ko.txt"),
                           "--from", "en", "--to", "ko", "-o", aligned])
        #expect(align.code == 0, "\(align.errors)")
        #expect(align.errors.isEmpty, "every bead of the sample article is confident")
        let imported = tmkit(["tm", "import", aligned, "--tm", memory])
        #expect(imported.code == 0, "\(imported.errors)")
        let pretranslated = tmkit(["pretranslate", Checkout.path("Examples/article.en.txt"), "--tm", memory,
                                   "--format", "json", "-o", out])
        #expect(pretranslated.code == 0, "\(pretranslated.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(pretranslated.output.utf8)) as? [String: Any])
        let bands = try #require(report["bands"] as? [[String: Any]])
        let exact = bands.filter { ["101", "100"].contains($0["band"] as? String) }.reduce(0) { $0 + ($1["segments"] as? Int ?? 0) }
        #expect(exact == report["segments"] as? Int)
        #expect(exact == 18)
    }

    @Test func badInputsAreUsageOrInputErrors() throws {
        let missing = tmkit(["align", "/nonexistent/en.txt", Checkout.path(korean), "--from", "en", "--to", "ko"])
        #expect(missing.code == 2)
        #expect(missing.errors.contains("/nonexistent/en.txt"))
        let badLanguage = tmkit(["align", Checkout.path(english), Checkout.path(korean), "--from", "e n", "--to", "ko"])
        #expect(badLanguage.code == 2)
        let badConfidence = tmkit(["align", Checkout.path(english), Checkout.path(korean), "--from", "en", "--to", "ko",
                                   "--min-confidence", "2"])
        #expect(badConfidence.code == 2)
        // A glossary given and broken is an error, not a silent alignment without it.
        let glossaryFolder = try ScratchDirectory()
        let brokenGlossary = try glossaryFolder.write("broken.tbx", Array("<martif><text><body><termEntry>".utf8))
        for command in [["align", Checkout.path(english), Checkout.path(korean), "--from", "en", "--to", "ko"],
                        ["pretranslate", Checkout.path(english), "--tm", Checkout.path("TMX/news.en-ko.tmx"), "-o", "-"]] {
            let result = tmkit(command + ["--glossary", brokenGlossary])
            #expect(result.code == 2, "\(command[0])")
            #expect(result.errors.contains("broken.tbx:1:"), "\(command[0]): \(result.errors)")
        }
        let bothStdin = tmkit(["align", "-", "-", "--from", "en", "--to", "ko"])
        #expect(bothStdin.code == 2)
        let notUTF8 = try ScratchDirectory()
        let bad = try notUTF8.write("bad.txt", [0x41, 0xFF, 0xFE, 0x42, 0x0A])
        let undecodable = tmkit(["align", bad, Checkout.path(korean), "--from", "en", "--to", "ko"])
        #expect(undecodable.code == 2)
        #expect(undecodable.errors.contains("bad.txt"))
    }

    @Test func readsTheSourceFromStandardInput() throws {
        let text = try Checkout.bytes(english)
        let result = tmkit(["align", "-", Checkout.path(korean), "--from", "en", "--to", "ko", "--format", "tsv"], stdin: text)
        #expect(result.code == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "bead\tconfidence\ten\tko")
        #expect(lines.count >= 20)
    }
}
