import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Nothing a translator feeds tmkit may crash it, hang it, or cost them data (issue 12): every
/// case runs the built binary on a generated hostile input and checks that it ends with one
/// `tmkit:` line and exit 2 (or does the right thing), within 10 s and 256 MiB, and that no file
/// already there is lost or changed.
@Suite(.serialized) struct SafetyTests {
    static let header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" \
        adminlang="en" srclang="en" datatype="plaintext"/><body>

        """

    /// A TMX of `count` units; unit `bad` (1-based) has a `bpt` without its `ept`.
    static func tmx(units count: Int, bad: Int? = nil) -> String {
        var text = header
        for i in 1...count {
            let english = i == bad ? "Report <bpt i=\"1\">[</bpt>number \(i) says guards moved." : "Report number \(i) says guards moved."
            text += "<tu tuid=\"u\(i)\"><tuv xml:lang=\"en\"><seg>\(english)</seg></tuv><tuv xml:lang=\"ko\"><seg>\(i)번 보고.</seg></tuv></tu>\n"
        }
        return text + "</body></tmx>\n"
    }

    static func unit(_ english: String, language: String = "en") -> String {
        "<tu><tuv xml:lang=\"\(language)\"><seg>\(english)</seg></tuv><tuv xml:lang=\"ko\"><seg>번역.</seg></tuv></tu>"
    }

    // MARK: 1, 3: invalid units and deep nesting crashed the TMX commands

    @Test func anInvalidUnitInALargeFileIsAnErrorNotACrash() throws {
        let scratch = try ScratchDirectory()
        // > 256 KB (more than one chunk), the bad unit early: the reader stops while its
        // producer still holds chunks (the semaphore trapped when freed).
        for bad in [10, 2_990] {
            let file = try scratch.write("bad\(bad).tmx", Array(Self.tmx(units: 3_000, bad: bad).utf8))
            for arguments in [["tmx", "stats", file], ["tmx", "convert", file, "-o", scratch.url.path + "/out.tsv"],
                              ["tm", "import", file, "--tm", scratch.url.path + "/m\(bad).sqlite"]] {
                let run = try Binary.run(arguments)
                expectRefusal(run, "bad\(bad).tmx:\(bad + 2):")
                #expect(run.errors.contains("<bpt i=\"1\"> has no <ept> (unit \(bad))"), "\(run.errors)")
            }
            #expect(!FileManager.default.fileExists(atPath: scratch.url.path + "/out.tsv"))
            let skipped = try Binary.run(["tmx", "stats", "--skip-invalid", "--format", "json", file])
            #expect(skipped.status == 0)
            #expect(skipped.outputText.contains("\"skipped_units\":1"), "\(skipped.outputText.prefix(200))")
        }
    }

    @Test func deeplyNestedInlineCodesAreAnErrorNotACrash() throws {
        let scratch = try ScratchDirectory()
        let depth = 60_000
        let seg = String(repeating: "<hi>", count: depth) + "x" + String(repeating: "</hi>", count: depth)
        let file = try scratch.write("deep.tmx", Array((Self.header + Self.unit(seg) + "</body></tmx>\n").utf8))
        for arguments in [["tmx", "stats", file], ["tmx", "convert", file, "-o", scratch.url.path + "/deep.tsv", "--from", "en", "--to", "ko"],
                          ["tm", "import", file, "--tm", scratch.url.path + "/m.sqlite"], ["tmx", "validate", file]] {
            let run = try Binary.run(arguments)
            #expect(run.signal == nil, "\(arguments): signal \(run.signal ?? 0)")
            if arguments[1] == "validate" {
                #expect(run.status == 1)
                #expect(run.outputText.contains("nested deeper than"), "\(run.outputText.prefix(300))")
            } else {
                expectRefusal(run, "deep.tmx:3:")
            }
        }
        // No temporary file is left beside the output.
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.contains(".tmkit-") }
        #expect(left.isEmpty, "\(left)")
        // Deeper than any reader goes (512 elements): the file is refused, --skip-invalid or not.
        expectRefusal(try Binary.run(["tmx", "stats", "--skip-invalid", file]), "elements nested deeper than 512 levels")
        // Deeper than inline codes go (32) but within that: the unit alone is skipped with --skip-invalid.
        let some = String(repeating: "<hi>", count: 100) + "x" + String(repeating: "</hi>", count: 100)
        let skippable = try scratch.write("some.tmx", Array((Self.header + Self.unit(some) + Self.unit("Fine.") + "</body></tmx>\n").utf8))
        expectRefusal(try Binary.run(["tmx", "stats", skippable]), "inline codes nested deeper than 32 levels (unit 1)")
        let skipped = try Binary.run(["tmx", "stats", "--skip-invalid", "--format", "json", skippable])
        #expect(skipped.status == 0)
        #expect(skipped.errors.contains("inline codes nested deeper than 32 levels"))
        #expect(skipped.outputText.contains("\"units\":2,\"skipped_units\":1"), "\(skipped.outputText.prefix(200))")
    }

    // MARK: 6, 7, 8: output that is lost, replaced or overwritten

    @Test func aFullDiskOnStandardOutputIsAnError() throws {
        let article = Checkout.path("Examples/article.en.txt"), memory = Checkout.path("TMX/news.en-ko.tmx")
        for command in ["segment \(article)", "segment --format tmx \(article)", "tmx stats \(memory)",
                        "tm export --tm \(memory) -o -", "tmx convert \(memory) -o - --output-format jsonl",
                        "glossary annotate \(article)", "pretranslate \(article) --tm \(memory) -o -"] {
            let run = try Binary.run(["\"$TMKIT\" \(command) > /dev/full"], shell: true, directory: Checkout.root.path)
            #expect(run.status == 2, "\(command): exit \(run.status ?? -1)")
            #expect(run.errors.contains("tmkit: cannot write standard output: No space left on device"), "\(command): \(run.errors)")
            #expect(!run.errors.contains("units written"), "\(command): \(run.errors)")
        }
    }

    @Test func outputCutByAClosedPipeIsAnErrorWhenSIGPIPEIsIgnored() throws {
        let scratch = try ScratchDirectory()
        let paragraph = "The border was sealed on Tuesday. Prices rose again.\n\n"
        let file = try scratch.write("long.txt", Array(String(repeating: paragraph, count: 20_000).utf8))
        let run = try Binary.run(["trap '' PIPE; \"$TMKIT\" segment \(file) | head -c 10 > /dev/null; exit ${PIPESTATUS[0]}"], shell: true)
        #expect(run.status == 2)
        #expect(run.errors.contains("cannot write standard output: Broken pipe"), "\(run.errors)")
    }

    /// A command stopped by SIGINT, SIGTERM or SIGHUP while writing `-o FILE` removes its
    /// temporary file and leaves the file that was there as it was; it ends by the signal.
    @Test(arguments: [("INT", SIGINT), ("TERM", SIGTERM), ("HUP", SIGHUP)])
    func aStoppedCommandLeavesTheOldOutputAndNoTemporaryFile(_ name: String, _ number: Int32) throws {
        let scratch = try ScratchDirectory()
        let output = try scratch.write("out.tsv", Array("old\n".utf8))
        // Half a memory through a FIFO whose writer then waits: the command is still reading,
        // its temporary output open, when the signal comes. `set -m`: background jobs get
        // SIGINT (a shell without job control starts them with SIGINT ignored).
        let half = Self.tmx(units: 20_000).split(separator: "\n").dropLast(1000).joined(separator: "\n")
        _ = try scratch.write("half.tmx", Array(half.utf8))
        let script = """
            set -m; mkfifo in.fifo
            { cat half.tmx; sleep 30; } > in.fifo &
            writer=$!
            "$TMKIT" tmx convert - -o out.tsv --input-format tmx --output-format tsv --from en --to ko < in.fifo 2> err.txt &
            pid=$!
            for i in $(seq 500); do ls -A | grep -q '[.]tmkit-' && break; sleep 0.02; done
            ls -A | grep -c '[.]tmkit-'
            kill -\(name) $pid; wait $pid; status=$?
            kill -- -$writer 2> /dev/null
            echo "status $status"
            ls -A | grep -c '[.]tmkit-'
            exit 0
            """
        let run = try Binary.run([script], shell: true, directory: scratch.url.path, timeout: 30)
        // The temporary file was there before the signal, gone after; tmkit died of the signal.
        #expect(run.outputText == "1\nstatus \(128 + number)\n0\n", "\(run.outputText) \(run.errors)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "old\n")
    }

    @Test func outputGoesIntoFIFOsAndDevicesAndNeverReplacesThem() throws {
        let scratch = try ScratchDirectory()
        let sample = Checkout.path("TMX/sample.en-ko.tmx")
        let fifo = scratch.url.path + "/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        let received = scratch.url.path + "/received.tsv"
        let run = try Binary.run(["cat \(fifo) > \(received) & \"$TMKIT\" tmx convert \(sample) -o \(fifo) --output-format tsv; code=$?; wait; exit $code"],
                                 shell: true)
        #expect(run.status == 0, "\(run.errors)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "the FIFO was replaced")
        let direct = try Binary.run(["tmx", "convert", sample, "-o", "-", "--output-format", "tsv"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: received)) == Data(direct.output))
        #expect(direct.output.count > 100)

        for device in ["/dev/null", "/dev/stdout"] {
            let run = try Binary.run(["tmx", "convert", sample, "-o", device, "--output-format", "tsv"])
            #expect(run.status == 0, "\(device): \(run.errors)")
            #expect(lstat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
            if device == "/dev/stdout" { #expect(run.output == direct.output) }
        }
        let full = try Binary.run(["tmx", "convert", sample, "-o", "/dev/full", "--output-format", "tsv"])
        expectRefusal(full, "/dev/full: cannot write: No space left on device")
        let directory = try Binary.run(["tmx", "convert", sample, "-o", scratch.url.path, "--output-format", "tsv"])
        expectRefusal(directory, "cannot write: Is a directory")
    }

    @Test func anExistingOutputKeepsItsModeAndASymlinkItsTarget() throws {
        let scratch = try ScratchDirectory()
        let sample = Checkout.path("TMX/sample.en-ko.tmx")
        let secret = try scratch.write("secret.tsv", Array("old\n".utf8))
        chmod(secret, 0o600)
        let link = scratch.url.path + "/link.tsv"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "secret.tsv")
        for output in [secret, link] {
            let run = try Binary.run(["tmx", "convert", sample, "-o", output])
            #expect(run.status == 0, "\(run.errors)")
            var info = stat()
            #expect(stat(secret, &info) == 0 && info.st_mode & 0o777 == 0o600, "mode became \(String(info.st_mode & 0o777, radix: 8))")
            #expect(lstat(link, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK, "the symlink was replaced")
            #expect(try String(contentsOfFile: secret, encoding: .utf8).contains("\t"))
        }
        // A new file gets the usual mode (0666 less the umask), not the temporary file's 0600.
        let fresh = scratch.url.path + "/fresh.tsv"
        let run = try Binary.run(["umask 022; \"$TMKIT\" tmx convert \(sample) -o \(fresh)"], shell: true)
        #expect(run.status == 0)
        var info = stat()
        #expect(stat(fresh, &info) == 0 && info.st_mode & 0o777 == 0o644)
    }

    @Test func theOutputIsNeverOneOfTheInputs() throws {
        let scratch = try ScratchDirectory()
        let english = try scratch.write("doc.txt", try Checkout.bytes("Examples/article.en.txt"))
        let korean = try scratch.write("ko.txt", try Checkout.bytes("Examples/article.ko.txt"))
        let before = try Data(contentsOf: URL(fileURLWithPath: english))
        let link = scratch.url.path + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: english)
        let hard = scratch.url.path + "/hard.txt"
        #expect(Glibc.link(english, hard) == 0)
        let memory = Checkout.path("TMX/news.en-ko.tmx")
        let glossary = try scratch.write("g.tsv", Array("en\tko\nborder\t국경\n".utf8))
        let cases: [[String]] = [
            ["pretranslate", english, "--tm", memory, "-o", english],
            ["pretranslate", english, "--tm", memory, "-o", link],
            ["pretranslate", english, "--tm", memory, "-o", hard],
            ["pretranslate", "./doc.txt", "--tm", memory, "-o", "doc.txt"],
            ["align", english, korean, "--from", "en", "--to", "ko", "-o", english],
            ["align", english, korean, "--from", "en", "--to", "ko", "-o", korean],
            ["align", english, korean, "--from", "en", "--to", "ko", "--glossary", glossary, "-o", glossary],
            ["tmx", "convert", memory, "-o", memory],
        ]
        for arguments in cases {
            let run = try Binary.run(arguments, directory: scratch.url.path)
            expectRefusal(run, "is also an input of this command")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: english)) == before)
    }

    // MARK: 11: invalid input found late

    @Test func invalidUTF8AfterTheFirstPieceIsAnErrorAndNothingIsWritten() throws {
        let scratch = try ScratchDirectory()
        let paragraph = Array("This is a sentence. Another one here.\n\n".utf8)
        var bytes: [UInt8] = []
        while bytes.count < 5_000_000 { bytes += paragraph }
        let offset = bytes.count
        bytes += [0xFF, 0xFE] + Array("Hello there.\n".utf8)
        let file = try scratch.write("late.txt", bytes)
        for format in ["text", "json", "jsonl", "tmx"] {
            let run = try Binary.run(["segment", "--format", format, file])
            expectRefusal(run, "late.txt: invalid UTF-8 at byte \(offset)")
            #expect(run.output.isEmpty, "\(format): \(run.output.count) bytes written")
            let piped = try Binary.run(["segment", "--format", format, "-"], stdin: file)
            expectRefusal(piped, "<stdin>: invalid UTF-8 at byte \(offset)")
            #expect(piped.output.isEmpty)
        }
        // EF BB BF after the first bytes is U+FEFF in the text, not a byte-order mark to drop.
        var marked = Array(bytes[0..<offset])
        marked += [0xEF, 0xBB, 0xBF] + Array("Hello there.\n".utf8)
        let markedFile = try scratch.write("marked.txt", marked)
        let run = try Binary.run(["segment", "--format", "jsonl", markedFile])
        #expect(run.status == 0)
        #expect(run.outputText.contains("\"text\":\"\u{FEFF}Hello there.\""))
    }

    // MARK: 12, 13, 14: blowups

    @Test func internalDTDSubsetsAreRefusedInEveryXMLFormat() throws {
        let scratch = try ScratchDirectory()
        let laughs = "<!DOCTYPE %@ [<!ENTITY a \"HELLO\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
            + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">]>\n"
        let tmx = Self.header.replacingOccurrences(of: "<tmx ", with: laughs.replacingOccurrences(of: "%@", with: "tmx") + "<tmx ")
            + Self.unit("X&a;Y&e;Z") + "</body></tmx>\n"
        let tbx = "<?xml version=\"1.0\"?>\n" + laughs.replacingOccurrences(of: "%@", with: "tbx")
            + "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>"
            + "<conceptEntry id=\"c1\"><langSec xml:lang=\"en\"><termSec><term>&e;</term></termSec></langSec></conceptEntry></body></text></tbx>\n"
        let srx = "<?xml version=\"1.0\"?>\n" + laughs.replacingOccurrences(of: "%@", with: "srx")
            + "<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\"><header cascade=\"no\"/><body><languagerules>"
            + "<languagerule languagerulename=\"en\"><rule break=\"yes\"><beforebreak>&e;</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule>"
            + "</languagerules><maprules><languagemap languagepattern=\".*\" languagerulename=\"en\"/></maprules></body></srx>\n"
        let files = (tmx: try scratch.write("laughs.tmx", Array(tmx.utf8)), tbx: try scratch.write("laughs.tbx", Array(tbx.utf8)),
                     srx: try scratch.write("laughs.srx", Array(srx.utf8)))
        let article = Checkout.path("Examples/article.en.txt")
        for arguments in [["tmx", "stats", files.tmx], ["tmx", "validate", files.tmx], ["tm", "import", files.tmx, "--tm", scratch.url.path + "/m.sqlite"],
                          ["glossary", "lookup", "--glossary", files.tbx, "HELLO"], ["srx", "check", files.srx],
                          ["segment", "--srx", files.srx, article]] {
            let run = try Binary.run(arguments)
            if arguments[1] == "validate" {
                #expect(run.status == 1)
                #expect(run.outputText.contains(":2:") && run.outputText.contains("DOCTYPE with an internal subset"), "\(run.outputText)")
            } else {
                expectRefusal(run, ":2:", maxSeconds: 2, maxMiB: 64)
                #expect(run.errors.contains("a DOCTYPE with an internal subset ([...]) is not read"), "\(run.errors)")
            }
            #expect(!run.outputText.contains("HELLO"))
        }
        // A DOCTYPE naming the DTD, without an internal subset, is read (the DTD is not).
        let plain = try scratch.write("plain.tmx", Array(Self.header.replacingOccurrences(
            of: "<tmx ", with: "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx ").utf8) + Array((Self.unit("Fine.") + "</body></tmx>\n").utf8))
        let run = try Binary.run(["tmx", "stats", "--format", "json", plain])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.outputText.contains("\"units\":1"))
    }

    @Test func deepOrEndlessXMLStopsAtOnceInEveryReader() throws {
        let scratch = try ScratchDirectory()
        let depth = 100_000
        let nested = String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth)
        let srx = try scratch.write("deep.srx", Array(("<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\"><header/><body>"
            + nested + "</body></srx>\n").utf8))
        let tbx = try scratch.write("deep.tbx", Array(("<?xml version=\"1.0\"?>\n<tbx><text><body>" + nested + "</body></text></tbx>\n").utf8))
        let article = Checkout.path("Examples/article.en.txt")
        for arguments in [["srx", "check", srx], ["segment", "--srx", srx, article], ["glossary", "lookup", "--glossary", tbx, "x"]] {
            expectRefusal(try Binary.run(arguments), "elements nested deeper than 512 levels", maxSeconds: 2, maxMiB: 64)
        }
        // Endless input (a device that never ends) fails on its first chunk.
        let zeroTBX = scratch.url.path + "/zero.tbx"
        try FileManager.default.createSymbolicLink(atPath: zeroTBX, withDestinationPath: "/dev/zero")
        for arguments in [["srx", "check", "/dev/zero"], ["segment", "--srx", "/dev/zero", article], ["tmx", "stats", "/dev/zero"],
                          ["glossary", "lookup", "--glossary", zeroTBX, "x"]] {
            expectRefusal(try Binary.run(arguments), "zero", maxSeconds: 2, maxMiB: 64)
        }
        // Inputs read whole stop at their limit.
        let zeroTSV = scratch.url.path + "/zero.tsv"
        try FileManager.default.createSymbolicLink(atPath: zeroTSV, withDestinationPath: "/dev/zero")
        expectRefusal(try Binary.run(["glossary", "lookup", "--glossary", zeroTSV, "x"]), "larger than 64 MiB, the limit for a TSV glossary")
        expectRefusal(try Binary.run(["align", "/dev/zero", article, "--from", "en", "--to", "ko"]), "larger than 4 MiB, the limit for a document to align")
        expectRefusal(try Binary.run(["pretranslate", "/dev/zero", "--tm", Checkout.path("TMX/news.en-ko.tmx"), "-o", "-"]),
                      "larger than 32 MiB, the limit for a document to pretranslate")
        expectRefusal(try Binary.run(["tmx", "convert", zeroTSV, "-o", scratch.url.path + "/x.tmx", "--from", "en", "--to", "ko"]),
                      "larger than 128 MiB, the limit for a TSV memory")
    }

    /// One sentence repeated, 1,500 times against 1,650: every path is as good as another, so
    /// the search band used to widen toward the whole grid (4 MB of it: 95 s and 5 GB). The band
    /// now stops at a fixed number of states (`AlignmentBoundsTests`); pretranslate looks a
    /// repeated segment up once and writes units as it goes.
    @Test func repetitiveDocumentsAlignAndPretranslateInBoundedMemory() throws {
        let scratch = try ScratchDirectory()
        let english = try scratch.write("en.txt", Array(String(repeating: "The border was sealed and rice prices rose again. ", count: 1_500).utf8))
        let korean = try scratch.write("ko.txt", Array(String(repeating: "국경이 봉쇄되고 쌀값이 또 올랐다. ", count: 1_650).utf8))
        // Memory, not time: the tests run a debug build, many times slower than a release one
        // (16 s alone on a slow day, over a minute beside the other tests on two cores;
        // Benchmarks/reliability/hostile.sh times the release build).
        let aligned = try Binary.run(["align", english, korean, "--from", "en", "--to", "ko", "--format", "jsonl"], timeout: 600)
        #expect(aligned.status == 0, "\(aligned.errors.prefix(300))")
        #expect(aligned.peakMiB < 256, "\(aligned.peakMiB) MiB")
        // Every sentence of both sides is in exactly one bead.
        var sources = 0, targets = 0
        for line in aligned.outputText.split(separator: "\n") {
            let bead = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            sources += (bead["source_indices"] as? [Int])?.count ?? -1_000_000
            targets += (bead["target_indices"] as? [Int])?.count ?? -1_000_000
        }
        #expect(sources == 1_500 && targets == 1_650)

        let pretranslated = try Binary.run(["pretranslate", english, "--tm", Checkout.path("TMX/news.en-ko.tmx"), "-o", "-",
                                            "--format", "json"])
        #expect(pretranslated.status == 0, "\(pretranslated.errors.prefix(300))")
        #expect(pretranslated.peakMiB < 256 && pretranslated.seconds < 10)
        #expect(pretranslated.errors.contains("\"segments\":1500"), "\(pretranslated.errors.prefix(300))")
    }

    @Test func aHugeSegmentIsRefusedInBoundedMemory() throws {
        let scratch = try ScratchDirectory()
        let words = String(repeating: "word ", count: 2_000_000)  // 10 MB in one <seg>
        let file = try scratch.write("huge.tmx", Array((Self.header + Self.unit(words) + "\n" + Self.unit("Fine.") + "</body></tmx>\n").utf8))
        for arguments in [["tmx", "stats", file], ["tm", "import", file, "--tm", scratch.url.path + "/m.sqlite"]] {
            expectRefusal(try Binary.run(arguments), "segment longer than 1 MiB", maxSeconds: 5, maxMiB: 128)
        }
        let skipped = try Binary.run(["tm", "import", "--skip-invalid", file, "--tm", scratch.url.path + "/m.sqlite"])
        #expect(skipped.status == 0, "\(skipped.errors)")
        #expect(skipped.peakMiB < 128)
        #expect(skipped.errors.contains("1 units added") || skipped.errors.contains("1 unit added"), "\(skipped.errors)")

        // One TBX term of 2 MB, one SRX pattern of 100 KB, one TMX note of 2 MB.
        let tbx = try scratch.write("huge.tbx", Array(("""
            <?xml version="1.0"?><tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
            <conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>
            """ + String(repeating: "a", count: 2_000_000) + "</term></termSec></langSec></conceptEntry></body></text></tbx>\n").utf8))
        expectRefusal(try Binary.run(["glossary", "lookup", "--glossary", tbx, "a"]),
                      "a value longer than 1 MiB (the limit for one term, note or definition)", maxSeconds: 5, maxMiB: 128)
        let srx = try scratch.write("huge.srx", Array(("""
            <srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="yes"/><body><languagerules>
            <languagerule languagerulename="en"><rule break="no"><beforebreak>
            """ + String(repeating: "a", count: 100_000) + "</beforebreak></rule></languagerule></languagerules></body></srx>\n").utf8))
        expectRefusal(try Binary.run(["srx", "check", srx]), "longer than 64 KiB (the limit for one pattern)",
                      maxSeconds: 5, maxMiB: 128)
        let note = try scratch.write("note.tmx", Array((Self.header + "<tu><note>" + String(repeating: "n", count: 2_000_000)
            + "</note><tuv xml:lang=\"en\"><seg>A.</seg></tuv></tu></body></tmx>\n").utf8))
        expectRefusal(try Binary.run(["tmx", "stats", note]), "<note> longer than 1 MiB", maxSeconds: 5, maxMiB: 128)
    }

    // MARK: 18: errors stay one line

    @Test func errorsAreOneShortLine() throws {
        let scratch = try ScratchDirectory()
        var bytes = Array((Self.header + "<tu><tuv xml:lang=\"en\"><seg>a").utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("b</seg></tuv></tu></body></tmx>\n".utf8)
        let utf = try scratch.write("utf.tmx", bytes)
        expectRefusal(try Binary.run(["tmx", "stats", utf]), "utf.tmx:3:")

        let language = String(repeating: "x", count: 1_000_000)
        let long = try scratch.write("lang.tmx", Array((Self.header + Self.unit("Text.", language: language) + "</body></tmx>\n").utf8))
        let run = try Binary.run(["tmx", "stats", long])
        expectRefusal(run, "invalid language code 'xxxx")
        #expect(run.errors.count < 300, "\(run.errors.count) characters")
        #expect(run.errors.contains("(1000000 characters)"))

        // An undefined entity is reported where it is used.
        let entity = try scratch.write("entity.tmx", Array((Self.header + "\n\n" + Self.unit("A &nbsp; B") + "</body></tmx>\n").utf8))
        let entityRun = try Binary.run(["tmx", "stats", entity])
        #expect(entityRun.errors.contains("entity.tmx:5:"), "\(entityRun.errors)")
        #expect(entityRun.errors.contains("nbsp"), "\(entityRun.errors)")
    }
}
