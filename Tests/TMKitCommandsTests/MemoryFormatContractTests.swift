import Foundation
import Testing
import TMKitCore
import TMX

/// One contract for every memory format tmkit reads and writes (``MemoryFormat``): the same
/// tests run over each, through the library's ``UnitReader``/``UnitWriter`` and through
/// `tmkit`. A new format joins by adding its line to `Self.formats`.
@Suite struct MemoryFormatContractTests {
    /// Per format: an input with a bad record, and the line its error must name.
    struct Contract: Sendable, CustomTestStringConvertible {
        var format: MemoryFormat
        var bad: String
        var badLine: Int
        var testDescription: String { format.rawValue }
    }

    static let formats: [Contract] = [
        Contract(format: .tmx, bad: """
            <?xml version="1.0"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
            <tu><tuv xml:lang="en"><seg>A.</seg></tuv><tuv xml:lang="ko"><seg>가.</seg></tuv></tu>
            <tu><tuv xml:lang="en"><seg>B.</sag></tuv></tu></body></tmx>
            """, badLine: 3),
        Contract(format: .tsv, bad: "A.\t가.\nB.\t나.\tnote\textra\n", badLine: 2),
        Contract(format: .csv, bad: "en,ko\r\nA.,가.\r\nB.,나.,extra\r\n", badLine: 3),
        Contract(format: .jsonl, bad: "{\"variants\":{\"en\":\"A.\",\"ko\":\"가.\"}}\n{\"variants\":\n", badLine: 2),
        Contract(format: .xliff, bad: """
            <?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="m" source-language="en" target-language="ko" datatype="plaintext"><body>
            <trans-unit id="1"><source>A.</source><target>가.</target></trans-unit>
            <trans-unit id="2"><source>B.</sorce></trans-unit></body></file></xliff>
            """, badLine: 3),
    ]

    static let pair = (source: LanguageTag.english, target: LanguageTag.korean)

    @Test func everyFormatHasAContract() {
        #expect(Set(Self.formats.map(\.format)) == Set(MemoryFormat.allCases))
    }

    /// `bytes` as text with the TMX header's `creationdate` value blanked out.
    static func undated(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: #"(<header[^>]*creationdate=")\d{8}T\d{6}Z""#, with: "$1\"", options: .regularExpression)
    }

    static func write(_ units: [TranslationUnit], as format: MemoryFormat) throws -> [UInt8] {
        let sink = CapturedOutput()
        let writer = try format.writer(sink: sink, header: .tmkit(sourceLanguage: "en"), pair: Self.pair)
        for unit in units { writer.write(unit) }
        try writer.finish()
        return sink.bytes
    }

    static func read(_ bytes: [UInt8], as format: MemoryFormat, file: String = "memory") throws -> [TranslationUnit] {
        let reader: any UnitReader = format == .tmx
            ? TMXReader(bytes: bytes, name: file)
            : try format.reader(bytes: bytes, file: file, pair: Self.pair)
        _ = try reader.readHeader()
        var units: [TranslationUnit] = []
        while let unit = try reader.next() { units.append(unit) }
        return units
    }

    /// What every format keeps: the English and Korean text of each unit.
    static func texts(_ units: [TranslationUnit]) -> [[String]] {
        units.map { unit in
            [LanguageTag.english, .korean].map { language in
                unit.variants.first { $0.language.isWithin(language) }?.content.plainText ?? ""
            }
        }
    }

    @Test(arguments: formats)
    func theSampleMemoriesRoundTrip(_ contract: Contract) throws {
        for sample in ["TMX/sample.en-ko.tmx", "TMX/news.en-ko.tmx"] {
            let units = try Self.read(Checkout.bytes(sample), as: .tmx, file: sample)
            #expect(units.count >= 18)
            let again = try Self.read(try Self.write(units, as: contract.format), as: contract.format)
            #expect(Self.texts(again) == Self.texts(units), "\(sample)")
            // Writing what was read back gives the same bytes: the form is stable (but for the
            // TMX header's `creationdate`, the time of writing, which may pass a second between).
            let first = try Self.write(again, as: contract.format)
            let second = try Self.write(Self.read(first, as: contract.format), as: contract.format)
            #expect(Self.undated(second) == Self.undated(first))
        }
    }

    /// UTF-8 with a byte-order mark, and UTF-16 (LE and BE) with one, read as UTF-8 does.
    @Test(arguments: formats)
    func byteOrderMarksAndUTF16ReadTheSame(_ contract: Contract) throws {
        let units = try Self.read(Checkout.bytes("TMX/sample.en-ko.tmx"), as: .tmx)
        let written = try Self.write(units, as: contract.format)
        let text = String(decoding: written, as: UTF8.self)
        // TMX and XLIFF declare their encoding; the UTF-16 forms say so.
        let text16 = contract.format == .tmx || contract.format == .xliff
            ? text.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"") : text
        let expected = Self.texts(try Self.read(written, as: contract.format))
        let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        let utf16LE: [UInt8] = [0xFF, 0xFE] + text16.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16BE: [UInt8] = [0xFE, 0xFF] + text16.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for (name, bytes) in [("UTF-8 BOM", utf8BOM), ("UTF-16LE", utf16LE), ("UTF-16BE", utf16BE)] {
            #expect(Self.texts(try Self.read(bytes, as: contract.format)) == expected, "\(name)")
        }
    }

    /// A bad record is an error naming file and line; through `tmkit`, exit 2, one line, and
    /// no output file (an existing one kept as it was).
    @Test(arguments: formats)
    func aBadRecordNamesFileAndLineAndWritesNothing(_ contract: Contract) throws {
        let name = "bad.\(contract.format.rawValue)"
        do {
            _ = try Self.read(Array(contract.bad.utf8), as: contract.format, file: name)
            Issue.record("\(name) was read without an error")
        } catch let error as any TMKitError {
            #expect(error.location?.file == name)
            #expect(error.location?.line == contract.badLine, "\(error)")
        }
        let scratch = try ScratchDirectory()
        let input = try scratch.write(name, Array(contract.bad.utf8))
        for output in MemoryFormat.allCases {
            let kept = try scratch.write("kept.\(output.rawValue)", Array("kept\n".utf8))
            let run = tmkit(["tmx", "convert", input, "-o", kept, "--from", "en", "--to", "ko"])
            #expect(run.code == 2)
            #expect(run.errors.hasPrefix("tmkit: \(input):\(contract.badLine):"), "\(run.errors)")
            #expect(run.errors.split(separator: "\n").count == 1)
            #expect(try String(contentsOfFile: kept, encoding: .utf8) == "kept\n")
            let imported = tmkit(["tm", "import", input, "--from", "en", "--to", "ko", "--tm", scratch.url.path + "/m.sqlite"])
            #expect(imported.code == 2)
            #expect(imported.errors.hasPrefix("tmkit: \(input):\(contract.badLine):"), "\(imported.errors)")
        }
    }

    /// Writing streams: 200,000 units converted to each format in a bounded peak (CSV used to
    /// hold every row until the end: 1M units took 348 MB, now 33 MB).
    @Test(arguments: formats)
    func writingStreamsInBoundedMemory(_ contract: Contract) throws {
        let scratch = try ScratchDirectory()
        var tmx = """
            <?xml version="1.0"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>

            """
        for i in 0..<200_000 {
            tmx += "<tu><tuv xml:lang=\"en\"><seg>Report \(i) says the guards moved.</seg></tuv><tuv xml:lang=\"ko\"><seg>\(i)번 보고.</seg></tuv></tu>\n"
        }
        let input = try scratch.write("big.tmx", Array((tmx + "</body></tmx>\n").utf8))
        let output = scratch.url.path + "/out.\(contract.format.rawValue)"
        let run = try Binary.run(["tmx", "convert", input, "-o", output, "--from", "en", "--to", "ko"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.peakMiB < 64, "\(run.peakMiB) MiB")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(try Self.read(bytes, as: contract.format).count == 200_000)
    }

    /// CSV rows wait in a temporary file: when none can be made, one line and exit 2, nothing written.
    @Test func csvWithoutRoomForItsSpoolIsAClearError() throws {
        let scratch = try ScratchDirectory()
        let output = scratch.url.path + "/out.csv"
        let run = try Binary.run(["TMPDIR=/nonexistent \"$TMKIT\" tmx convert \(Checkout.path("TMX/sample.en-ko.tmx")) -o \(output) --from en --to ko"],
                                 shell: true)
        #expect(run.status == 2)
        #expect(run.errors == "tmkit: cannot make a temporary file in /nonexistent (set TMPDIR): No such file or directory\n")
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
