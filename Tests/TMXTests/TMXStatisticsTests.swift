import Foundation
import SharedTestData
import Testing
import TMKitCore
@testable import TMX

/// `TMXStatistics.collect(from:)` counts units without building them; it must give exactly
/// what counting built units gives (`collectUnits`), or the same error, on every file.
@Suite struct TMXStatisticsCountingTests {
    /// The statistics and issues, or the error, of counting and of building.
    struct Outcome: Equatable {
        var statistics: TMXStatistics?
        var report: String
    }

    func both(_ bytes: [UInt8], skipInvalid: Bool, chunkSize: Int = 97) -> (counted: Outcome, built: Outcome) {
        func run(_ collect: (TMXReader) throws(TMXError) -> TMXStatistics) -> Outcome {
            let reader = TMXReader(bytes: bytes, name: "t.tmx", options: TMXReader.Options(skipInvalid: skipInvalid, chunkSize: chunkSize))
            do {
                let statistics = try collect(reader)
                return Outcome(statistics: statistics, report: "issues: \(reader.issues.map(\.description))")
            } catch {
                return Outcome(statistics: nil, report: "error: \(error.description)")
            }
        }
        var counted = run { reader throws(TMXError) in try TMXStatistics.collect(from: reader) }
        var built = run { reader throws(TMXError) in try TMXStatistics.collectUnits(from: reader) }
        // Each valid unit's duplicate key, not only how many repeat.
        let options = TMXReader.Options(skipInvalid: skipInvalid, chunkSize: chunkSize)
        if let counts = try? TMXReader(bytes: bytes, options: options).countUnits(keepingKeys: true) {
            counted.report += " keys: \(counts.keys!)"
        }
        let reader = TMXReader(bytes: bytes, options: options)
        var keys: [Int] = []
        while let unit = try? reader.next() { keys.append(unit.duplicateKey) }
        if built.statistics != nil { built.report += " keys: \(keys)" }
        return (counted, built)
    }

    @Test(.needsSharedData) func realFilesCountAsTheirBuiltUnits() throws {
        let folder = SharedData.path("tmx/corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmx") }.sorted()
        #expect(names.count >= 50)
        for name in names {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            for skip in [false, true] {
                let (counted, built) = both(bytes, skipInvalid: skip)
                #expect(counted == built, "\(name), skipInvalid \(skip)")
            }
        }
    }

    @Test func ownFixturesCountAsTheirBuiltUnits() throws {
        for name in ["inline-codes.tmx", "invalid-units.tmx", "malformed.tmx", "not-tmx.xml", "entity-bomb.tmx", "xxe.tmx"] {
            let bytes = try Fixtures.bytes(name)
            for skip in [false, true] {
                let (counted, built) = both(bytes, skipInvalid: skip)
                #expect(counted == built, "\(name), skipInvalid \(skip)")
            }
        }
    }

    /// Elements out of place: a tuv inside a note (its seg belongs to no variant), a tu inside a
    /// tuv, a second header, a header after the body; each read at several chunk sizes.
    @Test func elementsOutOfPlaceCountAsBuilt() {
        let cases = [
            """
            <tmx version="1.4"><header/><body>
            <tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ko"><seg>b</seg></tuv></tu>
            <tu><note><tuv><seg/></tuv></note><tuv xml:lang="en"><seg>a</seg></tuv></tu>
            <tu><tuv xml:lang="en"><seg>a</seg></tuv><note><tuv><seg>z<ph/></seg></tuv></note><tuv xml:lang="ko"><seg>b</seg></tuv></tu>
            <tu><note><tuv><seg><bpt i="1"/></seg></tuv></note><tuv xml:lang="en"><seg>a</seg></tuv></tu>
            </body></tmx>
            """,
            """
            <tmx version="1.4"><header/><body>
            <tu><tuv xml:lang="en"><tu><tuv xml:lang="ko"><seg>x</seg></tuv></tu><seg>a</seg></tuv><tuv xml:lang="ko"><seg>x</seg></tuv></tu>
            <tu><tuv xml:lang="ko"><seg>x</seg></tuv><tuv xml:lang="ko"><seg>x</seg></tuv></tu>
            </body></tmx>
            """,
            """
            <tmx version="1.4"><header creationtool="A" srclang="en"/><header creationtool="B"/><body>
            <tu><tuv xml:lang="en"><seg>a</seg></tuv></tu></body><header creationtool="C"/></tmx>
            """,
        ]
        for (n, xml) in cases.enumerated() {
            for chunk in [7, 40, 1 << 16] {
                for skip in [false, true] {
                    let (counted, built) = both(Array(xml.utf8), skipInvalid: skip, chunkSize: chunk)
                    #expect(counted == built, "case \(n), chunks of \(chunk), skipInvalid \(skip)")
                }
            }
        }
    }

    /// Generated memories with every way a unit's plain text, codes, properties and
    /// duplicates can be written: nested codes (text of `hi` and `sub` counts, of `sub` inside
    /// other codes too, of the codes themselves not), unknown elements, whitespace that
    /// collapses, units that differ only inside a code, pairing errors, a second `seg`.
    @Test func generatedMemoriesCountAsTheirBuiltUnits() {
        var random = SplitMix64(seed: 19)
        let texts = ["North Korea", "North  Korea", " North Korea ", "North\u{A0}Korea", "북한", "북\u{3000}한", "", "a\tb"]
        func content(_ depth: Int) -> String {
            var out = texts.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let i = Int.random(in: 1...2, using: &random)
                let inner = depth < 3 ? content(depth + 1) : "x"
                switch Int.random(in: 0..<9, using: &random) {
                case 0: out += "<bpt i=\"\(i)\">&lt;b&gt;<sub>\(inner)</sub></bpt>"
                case 1: out += "<ept i=\"\(i)\">&lt;/b&gt;</ept>"
                case 2: out += "<ph>\(inner)<sub>\(inner)</sub></ph>"
                case 3: out += "<hi>\(inner)</hi>"
                case 4: out += "<it pos=\"begin\">\(inner)</it>"
                case 5: out += "<b>\(inner)</b>"  // not TMX: its content joins the enclosing one
                case 6: out += "<bpt>no i</bpt>"
                case 7: out += "<ut><hi>\(inner)</hi><sub><ph>\(inner)<sub>\(inner)</sub></ph></sub></ut>"
                default: out += " \(inner)  "
                }
                out += texts.randomElement(using: &random)!
            }
            return out
        }
        for round in 0..<40 {
            var xml = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"><prop type=\"x-a\">h</prop><note>n</note></header><body>\n"
            for _ in 0..<30 {
                xml += "<tu>" + (Bool.random(using: &random) ? "<prop type=\"x\">p</prop>" : "")
                for language in ["en", "ko", "EN", "en-US"].shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)) {
                    xml += "<tuv xml:lang=\"\(language)\">" + (Bool.random(using: &random) ? "<note>v</note>" : "")
                    xml += "<seg>\(content(0))</seg>"
                    if Int.random(in: 0..<20, using: &random) == 0 { xml += "<seg>again</seg>" }
                    xml += "</tuv>"
                }
                xml += "</tu>\n"
            }
            xml += "</body></tmx>\n"
            for skip in [false, true] {
                let (counted, built) = both(Array(xml.utf8), skipInvalid: skip)
                #expect(counted == built, "round \(round), skipInvalid \(skip)")
            }
        }
        // Duplicates found by the counting: whitespace collapsed, code content ignored.
        let xml = """
            <tmx version="1.4"><header/><body>
            <tu><tuv xml:lang="en"><seg>A  <ph>x</ph> b</seg></tuv><tuv xml:lang="ko"><seg>가</seg></tuv></tu>
            <tu><tuv xml:lang="ko"><seg> 가 </seg></tuv><tuv xml:lang="en"><seg>A <ph>y</ph>b</seg></tuv></tu>
            <tu><tuv xml:lang="en"><seg>A <hi>c</hi></seg></tuv><tuv xml:lang="ko"><seg>가</seg></tuv></tu>
            </body></tmx>
            """
        let statistics = try? TMXStatistics.collect(from: TMXReader(bytes: Array(xml.utf8)))
        #expect(statistics?.units == 3 && statistics?.duplicates == 1 && statistics?.unitsWithInlineCodes == 3)
    }
}
