import Foundation
@testable import Documents
import Segmentation
import SharedTestData
import Testing
import TMKitCore

/// Markdown: block text in sentences, inline syntax as codes, everything else byte for byte.
@Suite struct MarkdownDocumentTests {
    static func open(_ text: String) throws -> MarkdownDocument {
        MarkdownDocument(try TextDocument(decoding: Array(text.utf8)), file: "doc.md", segmenter: try SentenceSegmenter(language: .english))
    }

    static func shown(_ content: SegmentContent) -> String {
        content.elements.map { element -> String in
            switch element {
            case .text(let text): text
            case .code(let code): "{\(code.kind.rawValue)\(code.i ?? code.x ?? ""):\(code.content.plainText)}"
            }
        }.joined()
    }

    @Test func theNewsArticleBecomesSentencesWithCodes() throws {
        let document = MarkdownDocument(try TextDocument(decoding: try Checkout.bytes("Examples/news.en.md")), file: "news.en.md",
                                        segmenter: try SentenceSegmenter(language: .english))
        #expect(document.units.map { Self.shown($0.source) } == [
            "North Korea orders security forces onto 24-hour alert",
            "{bpt1:*}Daily NK{ept1:*} reported on {bpt2:**}Wednesday{ept2:**} that North Korea has ordered its security agencies to work around the clock until October 10th (Party Foundation Day).",
            "The order, approved by the {bpt1:[}Central Party{ept1:](https://www.dailynk.com/english/ \"Daily NK\")}, covers the State Security Department and the People's Security Ministry.",
            "\"Even in the middle of the night and in broad daylight, provincial MPS academy cadets are being dispatched to stations and intersections,\" a source said.",
            "What the order covers",
            "Patrols on markets, streets and other heavy traffic areas.",
            "Surveillance of people with criminal records.",
            "Residents must register visitors.",
            "Inspections at the border with China, where the {ph1:`shoot-to-kill`} order still stands.",
            "Agency", "Task", "State Security Department", "Border inspections", "People's Security Ministry", "Street patrols",
            "{bpt1:![}A checkpoint near Hyesan{ept1:](images/hyesan-checkpoint.jpg \"Hyesan\")}",
            "Read the full report at {ph1:<https://www.dailynk.com/english/>}.",
            "The 70th anniversary of the founding of the Workers' Party of Korea.",
        ])
        #expect(document.units.map { $0.context ?? "" }.prefix(6) == ["h1", "p", "p", "blockquote", "h2", "li"])
        #expect(document.units[0].location.description == "news.en.md:7:3")
        // Nothing of the front matter, the code block or a link target is offered.
        let all = document.units.map(\.text).joined(separator: " ")
        for hidden in ["title:", "2015-09-30", "curl", "grep", "dailynk.com", "hyesan-checkpoint"] { #expect(!all.contains(hidden), "\(hidden)") }
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == Checkout.bytes("Examples/news.en.md"))
    }

    @Test func translationsGoBackAsMarkdown() throws {
        let document = try Self.open("""
            # Missile launch

            > North Korea fired a **missile** on
            Tuesday. See [the report](https://example.com "Report") now.

            - It flew 70 km.
            """)
        let units = document.units
        #expect(units.map { Self.shown($0.source) } == [
            "Missile launch",
            "North Korea fired a {bpt1:**}missile{ept1:**} on Tuesday.",
            "See {bpt1:[}the report{ept1:](https://example.com \"Report\")} now.",
            "It flew 70 km.",
        ])
        func content(_ parts: [Any]) -> SegmentContent {
            SegmentContent(parts.map { part in
                if let code = part as? InlineCode { return .code(code) }
                return .text(part as! String)
            })
        }
        let bold = units[1].source.allCodes, link = units[2].source.allCodes
        let translated = try document.rebuilt(translations: [
            "1": SegmentContent(text: "미사일 발사 #1"),
            "2": content(["북한이 화요일 ", bold[0], "미사일", bold[1], "을 발사했다 (*확인)."]),
            "3": content([link[0], "보고서_원문", link[1], "을 보라."]),
            "4": SegmentContent(text: "- 70km를 날았다."),
        ])
        #expect(String(decoding: translated, as: UTF8.self) == """
            # 미사일 발사 #1

            > 북한이 화요일 **미사일**을 발사했다 (\\*확인). [보고서\\_원문](https://example.com "Report")을 보라.

            - \\- 70km를 날았다.
            """)
        // The translated page reads back with the translation as its text.
        let back = try Self.open(String(decoding: translated, as: UTF8.self))
        #expect(back.units.map(\.text) == ["미사일 발사 #1", "북한이 화요일 미사일을 발사했다 (*확인).", "보고서_원문을 보라.", "- 70km를 날았다."])
    }

    @Test func blocksThatAreNotTextStayInTheSkeleton() throws {
        let document = try Self.open("""
            +++
            title = "toml"
            +++
            Text one.

                indented code. Not text.

            ~~~ swift
            let x = "fenced"
            ~~~

            <div class="note">
            An HTML block.
            </div>

            <!-- a comment
            over lines -->

            [ref]: https://example.com "Title"

            ***

            Setext heading
            ==============

            A [ref] link, a [missing] one, `code`, <b>bold</b>, \\*not emphasis\\*, snake_case_word, ~~gone~~ and {{< shortcode >}}.
            """)
        #expect(document.units.map { Self.shown($0.source) } == [
            "Text one.",
            "Setext heading",
            "A {bpt1:[}ref{ept1:][ref]} link, a [missing] one, {ph2:`code`}, {bpt3:<b>}bold{ept3:</b>}, *not emphasis*, snake_case_word, {bpt4:~~}gone{ept4:~~} and {ph5:{{< shortcode >}}}.",
        ])
        #expect(document.units.map { $0.context ?? "" } == ["p", "h1", "p"])
    }

    @Test func listsQuotesAndTables() throws {
        let document = try Self.open("""
            1. First item
            2. Second item
               continued here.
               - Nested `code`
            3) Third

            > Quoted one.
            Lazy continuation.
            >
            > Quoted two.

            | A | B \\| C |
            |:--|--:|
            | `x|y` | **z** |
            """)
        #expect(document.units.map { Self.shown($0.source) } == [
            "First item", "Second item continued here.", "Nested {ph1:`code`}", "Third",
            "Quoted one.", "Lazy continuation.", "Quoted two.",
            "A", "B | C", "{bpt1:**}z{ept1:**}",  // a cell of code alone has nothing to translate
        ])
        #expect(document.units.map { $0.context ?? "" } == ["li", "li", "li", "li", "blockquote", "blockquote", "blockquote", "th", "th", "td"])
        // A heading right after a table is a heading.
        let table = try Self.open("| A |\n|---|\n| b |\n# Heading\n")
        #expect(table.units.map { "\($0.context ?? ""):\($0.text)" } == ["th:A", "td:b", "h1:Heading"])
    }

    /// A quote starts a block even right after a paragraph; nothing of a line can crash the
    /// reader or take quadratic time (a file ending in `[a\`, thousands of unclosed `{{`, `[`, `*`).
    @Test func quotesInterruptAndPathologicalLinesAreCheap() throws {
        let quoted = try Self.open("He said\n> Quoted words here.\n")
        #expect(quoted.units.map { $0.context ?? "" } == ["p", "blockquote"])
        let translated = try quoted.rebuilt(translations: ["1": SegmentContent(text: "그는 말했다\n둘째 줄"), "2": SegmentContent(text: "인용 ~물결~.")])
        #expect(String(decoding: translated, as: UTF8.self) == "그는 말했다 둘째 줄\n> 인용 \\~물결\\~.\n")
        #expect(try Self.open("[a\\").rebuilt(translations: [String: SegmentContent]()) == Array("[a\\".utf8))
        let line = "x " + String(repeating: "{{ ", count: 20_000) + String(repeating: "[", count: 40_000)
            + String(repeating: " *a", count: 10_000) + String(repeating: " a__", count: 10_000) + String(repeating: " <!--", count: 10_000)
        let start = ContinuousClock.now
        let document = try Self.open(line)
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == Array(line.utf8))
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    /// `[text][]` and `[text]` take their label from their text: translated, they are written
    /// `[translation][text]`, so the link still finds its definition. A quote inside a list
    /// item is a quote.
    @Test func referenceLinksKeepTheirLabel() throws {
        let document = try Self.open("""
            See [the report][] and [Seoul].

            *   An item with a quote:

                > Quoted inside the item.

            [the report]: https://example.com/report
            [seoul]: https://example.com/seoul
            """)
        #expect(document.units.map { Self.shown($0.source) } == [
            "See {bpt1:[}the report{ept1:][the report]} and {bpt2:[}Seoul{ept2:][Seoul]}.",
            "An item with a quote:", "Quoted inside the item.",
        ])
        #expect(document.units.map { $0.context ?? "" } == ["p", "li", "blockquote"])
        let codes = document.units[0].source.allCodes
        let translated = try document.rebuilt(translations: ["1": SegmentContent([
            .code(codes[0]), .text("보고서"), .code(codes[1]), .text("와 "), .code(codes[2]), .text("서울"), .code(codes[3]), .text("을 보라."),
        ])])
        #expect(String(decoding: translated, as: UTF8.self).hasPrefix("[보고서][the report]와 [서울][Seoul]을 보라.\n"))
    }

    /// In a hard-wrapped paragraph a link, a code span or emphasis may go on to the next line
    /// (in a block quote, past its `> `): they are codes all the same, the link's target is never
    /// offered for translation, and the translation goes back as a link on one line.
    @Test func linksAndCodeSpansWrapAcrossLines() throws {
        let text = """
            Read [the full
            report](https://example.com/r "The
            report") and run `tmkit
            extract` on **every
            article**.

            > See [the quoted
            > source](https://example.com/q) today.

            Not a link: [text](no
            destination) here.
            """
        let document = try Self.open(text)
        #expect(document.units.map { Self.shown($0.source) } == [
            "Read {bpt1:[}the full report{ept1:](https://example.com/r \"The\nreport\")} and run {ph2:`tmkit\nextract`} on {bpt3:**}every article{ept3:**}.",
            "See {bpt1:[}the quoted source{ept1:](https://example.com/q)} today.",
            "Not a link: [text](no destination) here.",
        ])
        #expect(document.units.allSatisfy { !$0.text.contains("example.com") })
        // Untranslated, every byte comes back.
        #expect(String(decoding: try document.rebuilt(translations: [:]), as: UTF8.self) == text)
        let codes = document.units[1].source.allCodes
        let translated = try document.rebuilt(translations: [
            "2": SegmentContent([.text("오늘 "), .code(codes[0]), .text("인용된 출처"), .code(codes[1]), .text("를 보라.")]),
        ])
        #expect(String(decoding: translated, as: UTF8.self).contains("\n> 오늘 [인용된 출처](https://example.com/q)를 보라.\n"))
    }

    /// A `]` inside an inline tag's attribute does not end a link's text; many unclosed quotes
    /// in tags do not make a block slow.
    @Test func bracketsInsideInlineTagsAndUnclosedQuotes() throws {
        let document = try Self.open("Read [the <abbr title=\"x]y\">DPRK</abbr> report](https://e.com/r) now.\n")
        #expect(document.units.map { Self.shown($0.source) } == [
            "Read {bpt1:[}the {bpt2:<abbr title=\"x]y\">}DPRK{ept2:</abbr>} report{ept1:](https://e.com/r)} now.",
        ])
        // Wrapped: an autolink does not cross a line; a tag name may end the line.
        #expect(try Self.open("See <http://a\nb> and <span\nclass=\"x\">this</span>.\n").units.map { Self.shown($0.source) }
                == ["See <http://a b> and {bpt1:<span\nclass=\"x\">}this{ept1:</span>}."])
        // A comment holding `](` inside a link's text.
        #expect(try Self.open("See [a <!-- ](x) --> b](u) now.\n").units.map { Self.shown($0.source) }
                == ["See {bpt1:[}a {ph2:<!-- ](x) -->} b{ept1:](u)} now."])
        // A block of lines that each open a link destination, or a label, and never close it:
        // each search ends with its line.
        for line in ["[a](b c\n", "[x][\n"] {
            let lines = String(repeating: line, count: 40_000)
            let started = Date()
            let block = try Self.open(lines)
            #expect(Date().timeIntervalSince(started) < 20, "\(line)")
            #expect(String(decoding: try block.rebuilt(translations: [:]), as: UTF8.self) == lines)
        }
        let hostile = String(repeating: "<a title=\"x [y] z\n", count: 20_000)
        let started = Date()
        let many = try Self.open(hostile)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(String(decoding: try many.rebuilt(translations: [:]), as: UTF8.self) == hostile)
    }

    /// A fence that opens a list item starts code, left alone to its closing fence.
    @Test func aFenceOpeningAListItemIsCode() throws {
        let text = "- ```swift\n  let x = \"Do not translate.\"\n  ```\n- Translate this item.\n"
        let document = try Self.open(text)
        #expect(document.units.map(\.text) == ["Translate this item."])
        #expect(String(decoding: try document.rebuilt(translations: [:]), as: UTF8.self) == text)
    }

    /// A Markdown file is never malformed: whatever the bytes, they come back.
    @Test func generatedDocumentsComeBackByteForByte() throws {
        let parts = ["# ", "## H ##", "- ", "* ", "1. ", "2) ", "> ", ">", "    ", "\t", "```", "~~~", "***", "---", "===", "| a | b |",
                     "|---|:-:|", "[x](y \"t\")", "![a](b)", "[r]: u", "[r]", "`c`", "``", "*e*", "**s**", "_u_", "__d__", "~~t~~",
                     "<b>", "</b>", "<br>", "<!-- c -->", "<div>", "\\*", "&amp;", "&#x41;", "{{< s >}}", "Word.", "Two words",
                     " ", "  ", "\n", "\n\n", "\r\n", "한국어 문장.", "\u{A0}", "1.", "+++", "<https://a.b>", "[^1]"]
        var random = SplitMix64(seed: 15)
        let segmenter = try SentenceSegmenter(language: .english)
        for _ in 0..<500 {
            var text = ""
            for _ in 0..<Int(random.next() % 40) { text += parts[Int(random.next() % UInt64(parts.count))] }
            let bytes = Array(text.utf8)
            let document = MarkdownDocument(try TextDocument(decoding: bytes), file: "g.md", segmenter: segmenter)
            #expect(try document.rebuilt(translations: [String: SegmentContent]()) == bytes, "\(text.debugDescription)")
            // Through the skeleton's JSON, as merge rebuilds it.
            let skeleton = try DocumentSkeleton(json: document.skeleton.json)
            let sources = Dictionary(uniqueKeysWithValues: document.units.map { ($0.id, $0.source) })
            #expect(try MarkdownDocument.rebuild(skeleton, sources: sources, translations: [:]) == bytes)
            // Every unit translated by itself gives a document that opens again.
            let echoed = try document.rebuilt(translations: sources)
            _ = MarkdownDocument(try TextDocument(decoding: echoed), file: "g.md", segmenter: segmenter)
        }
    }

    static var realFiles: [String] {
        guard let root = SharedData.root else { return [] }
        let folder = root.appendingPathComponent("markdown")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".md") && $0 != "SOURCES.md" || $0.hasSuffix(".txt") }.sorted()
    }

    @Test(.needsSharedData, arguments: realFiles)
    func realFilesComeBackByteForByte(_ name: String) throws {
        let bytes = try SharedData.bytes("markdown/\(name)")
        let document = MarkdownDocument(try TextDocument(decoding: bytes), file: name, segmenter: try SentenceSegmenter(language: .english))
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == bytes)
        #expect(!document.units.isEmpty)
    }

    /// The 652 examples of the CommonMark spec (0.30, as mistletoe's spec.json holds them).
    @Test(.needsSharedData) func commonMarkSpecExamplesComeBackByteForByte() throws {
        let data = Data(try SharedData.bytes("markdown/mistletoe_commonmark-spec-0.30.json"))
        let examples = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(examples.count == 652)
        let segmenter = try SentenceSegmenter(language: .english)
        for example in examples {
            let markdown = try #require(example["markdown"] as? String)
            let bytes = Array(markdown.utf8)
            let document = MarkdownDocument(try TextDocument(decoding: bytes), file: "spec.md", segmenter: segmenter)
            #expect(try document.rebuilt(translations: [String: SegmentContent]()) == bytes, "example \(example["example"] ?? "?")")
        }
    }
}
