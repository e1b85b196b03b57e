import Foundation
@testable import Documents
import Segmentation
import SharedTestData
import Testing
import TMKitCore

/// HTML pages: block text in sentences, inline markup as codes, the rest byte for byte.
@Suite struct HTMLDocumentTests {
    static let page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Battle &amp; crime</title>
        <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
        <body>
        <h1>North Korea fires a missile</h1>
        <p>Pyongyang said on <b>Tuesday</b> that it had tested a new missile. The launch was
        seen from <a href="https://example.com/seoul">Seoul</a>.&nbsp;It flew 70&nbsp;km.</p>
        <p>Press <strong>Save</strong> now.<br>Then wait.</p>
        <p>A <b>bold claim. Across</b> two sentences.</p>
        <pre>code stays</pre>
        <p>Run <code>tmkit --help</code> first.</p>
        <ul><li>One item</li><li>Two <em>items</em></li></ul>
        <p translate="no">Do not translate</p>
        </body></html>

        """

    static func open(_ text: String) throws -> HTMLDocument {
        HTMLDocument(try TextDocument(decoding: Array(text.utf8)), file: "page.html", segmenter: try SentenceSegmenter(language: .english))
    }

    static func shown(_ content: SegmentContent) -> String {
        content.elements.map { element -> String in
            switch element {
            case .text(let text): text
            case .code(let code): "{\(code.kind.rawValue)\(code.i ?? code.x ?? "")}"
            }
        }.joined()
    }

    @Test func blocksBecomeSentencesWithInlineCodes() throws {
        let document = try Self.open(Self.page)
        #expect(document.units.map { Self.shown($0.source) } == [
            "Battle & crime",
            "North Korea fires a missile",
            "Pyongyang said on {bpt1}Tuesday{ept1} that it had tested a new missile.",
            "The launch was seen from {bpt1}Seoul{ept1}.",
            "It flew 70\u{A0}km.",
            "Press {bpt1}Save{ept1} now.",
            "Then wait.",
            "A {bpt1}bold claim. Across{ept1} two sentences.",  // no cut inside <b>…</b>
            "Run {ph1} first.",
            "One item",
            "Two {bpt1}items{ept1}",
        ])
        #expect(document.units.map(\.context) == ["title", "h1", "p", "p", "p", "p", "p", "p", "p", "li", "li"])
        let code = try #require(document.units[2].source.allCodes.first)
        #expect(code.content.plainText == "<b>")
        #expect(code.type == "b")
        #expect(document.units[8].source.allCodes.first?.content.plainText == "<code>tmkit --help</code>")
        #expect(document.units[2].location.description == "page.html:6:4")
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == Array(Self.page.utf8))
    }

    @Test func translationsGoBackWithTheSourcesMarkup() throws {
        let document = try Self.open(Self.page)
        let source = document.units[2].source
        let codes = source.allCodes
        // Codes moved, text escaped; a translation from XLIFF 2 carries no native markup.
        let bare = codes.map { InlineCode($0.kind, attributes: $0.attributes) }
        let translation = SegmentContent([.text("평양은 "), .code(bare[0]), .text("화요일"), .code(bare[1]), .text("에 새 미사일을 시험했다고 밝혔다 <확인>.")])
        let rebuilt = String(decoding: try document.rebuilt(translations: ["3": translation, "1": SegmentContent(text: "범죄와의 전쟁")]), as: UTF8.self)
        #expect(rebuilt.contains("<p>평양은 <b>화요일</b>에 새 미사일을 시험했다고 밝혔다 &lt;확인&gt;. The launch was"))
        #expect(rebuilt.contains("<title>범죄와의 전쟁</title>"))
        #expect(rebuilt.contains("<pre>code stays</pre>"))
        // A translation that drops the pair is refused, naming the unit.
        #expect(throws: DocumentError(.missingCode("<bpt i=\"1\">"), unit: "3",
                                      location: SourceLocation(file: "page.html", line: 6, column: 4, byteOffset: document.units[2].location.byteOffset))) {
            try document.rebuilt(translations: ["3": SegmentContent(text: "평양은 화요일에 밝혔다.")])
        }
    }

    /// alt, title and meta descriptions standing in the skeleton are units of their own; the
    /// translated page gets the translation's lang.
    @Test func attributesAndLanguage() throws {
        let page = """
            <html lang="en" dir="ltr"><head><meta name="description" content="Missile &amp; more"></head>
            <body><p title="A note">Seoul said so.</p><img src="a.jpg" alt='The site'><img src="b.jpg" alt=""></body></html>
            """
        let document = try Self.open(page)
        #expect(document.units.map { Self.shown($0.source) } == ["Missile & more", "A note", "Seoul said so.", "The site"])
        #expect(document.units.map(\.context) == ["meta/@content", "p/@title", "p", "img/@alt"])
        #expect(document.units.map(\.id) == ["1", "2", "3", "4"])
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == Array(page.utf8))
        let rebuilt = String(decoding: try document.rebuilt(
            translations: ["1": SegmentContent(text: "미사일 & \"더\""), "4": SegmentContent(text: "현장's")],
            options: RebuildOptions(language: .korean)), as: UTF8.self)
        #expect(rebuilt.hasPrefix("<html lang=\"ko\" dir=\"ltr\"><head><meta name=\"description\" content=\"미사일 &amp; &quot;더&quot;\">"))
        #expect(rebuilt.contains("alt='현장&#39;s'"))
        let unquoted = try Self.open("<html lang=en dir=ltr><body><p>Seoul said so.</p></body></html>")
        let unquotedArabic = String(decoding: try unquoted.rebuilt(translations: ["1": SegmentContent(text: "قالت سيول ذلك.")],
                                                                   options: RebuildOptions(language: LanguageTag("ar")!)), as: UTF8.self)
        #expect(unquotedArabic.hasPrefix("<html lang=ar dir=rtl>"))
        let arabic = String(decoding: try document.rebuilt(translations: ["3": SegmentContent(text: "قالت سيول ذلك.")],
                                                            options: RebuildOptions(language: LanguageTag("ar")!)), as: UTF8.self)
        #expect(arabic.hasPrefix("<html lang=\"ar\" dir=\"rtl\">"))
    }

    /// A windows-1252 page stays windows-1252 untranslated and becomes UTF-8, its declaration
    /// changed, when the translation does not fit (Korean).
    @Test func legacyCharsetsAreKeptOrReplacedByUTF8() throws {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body><p>Caf\u{E9} cr\u{E8}me.</p></body></html>"
        let bytes = try #require(Charsets.encode(page, charset: "windows-1252"))
        #expect(bytes.contains(0xE9))
        let document = try HTMLDocument.open(bytes, file: "latin.html", segmenter: try SentenceSegmenter(language: .english))
        #expect(document.skeleton.charset == "windows-1252")
        #expect(document.units.map(\.text) == ["Café crème."])
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == bytes)
        #expect(try document.rebuilt(translations: ["1": SegmentContent(text: "Caf\u{E9} au lait.")]).contains(0xE9))
        let korean = String(decoding: try document.rebuilt(translations: ["1": SegmentContent(text: "카페 크림.")]), as: UTF8.self)
        #expect(korean.contains("content=\"text/html; charset=utf-8\""))
        #expect(korean.contains("<p>카페 크림.</p>"))
        #expect(!Charsets.isKnown("no-such-charset"))
        // Without a declaration or a <head>, the declaration goes after <html> (before it, libxml2
        // and browsers would see a misplaced <html>), after the doctype, or at the start.
        for (page, expected) in [
            ("<html>\n<body><p>Caf\u{E9}.</p></body></html>", "<html lang=\"ko\"><meta charset=\"utf-8\">\n<body><p>카페.</p>"),
            ("<!DOCTYPE html><p>Caf\u{E9}.</p>", "<!DOCTYPE html><meta charset=\"utf-8\"><p>카페.</p>"),
            ("<p>Caf\u{E9}.</p>", "<meta charset=\"utf-8\"><p>카페.</p>"),
        ] {
            let bare = try HTMLDocument.open(try #require(Charsets.encode(page, charset: "windows-1252")), file: "bare.html",
                                             segmenter: try SentenceSegmenter(language: .english))
            let rebuilt = try bare.rebuilt(translations: ["1": SegmentContent(text: "카페.")], options: RebuildOptions(language: .korean))
            #expect(String(decoding: rebuilt, as: UTF8.self).hasPrefix(expected), "\(String(decoding: rebuilt, as: UTF8.self))")
        }
    }

    /// A link's title inside a sentence is a unit of its own, after the sentence; its
    /// translation goes into the tag whether the sentence is translated or not.
    @Test func attributesInsideSentencesAreUnitsToo() throws {
        let page = "<p>See <a href=\"x\" title=\"The report &amp; notes\">the report</a> now. Then <a title=\"Seoul\" href=\"s\">Seoul</a>.</p>\n"
        let document = try Self.open(page)
        #expect(document.units.map { Self.shown($0.source) } == [
            "See {bpt1}the report{ept1} now.", "The report & notes", "Then {bpt1}Seoul{ept1}.", "Seoul",
        ])
        #expect(document.units.map { $0.context ?? "" } == ["p", "a/@title", "p", "a/@title"])
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == Array(page.utf8))
        let codes = document.units[0].source.allCodes
        let translated = try document.rebuilt(translations: [
            "1": SegmentContent([.code(codes[0]), .text("보고서"), .code(codes[1]), .text("를 보라.")]),
            "2": SegmentContent(text: "보고서 & \"주석\""),
            "4": SegmentContent(text: "서울"),
        ])
        #expect(String(decoding: translated, as: UTF8.self)
            == "<p><a href=\"x\" title=\"보고서 &amp; &quot;주석&quot;\">보고서</a>를 보라. Then <a title=\"서울\" href=\"s\">Seoul</a>.</p>\n")
        // Quoted text of the sentence that reads like the title is not the attribute.
        let quoting = try Self.open("<p>Click \"Home\" or <a title=\"Home\">here</a>.</p>\n")
        #expect(quoting.units.map(\.text) == ["Click \"Home\" or here.", "Home"])
        let patched = try quoting.rebuilt(translations: ["2": SegmentContent(text: "홈")])
        #expect(String(decoding: patched, as: UTF8.self) == "<p>Click \"Home\" or <a title=\"홈\">here</a>.</p>\n")
    }

    @Test func tagSoupIsReadNotRefused() throws {
        let soup = "<p>Broken <b>bold <i>and</b> stray < sign & no close <a href=x>link\n<p>Next para<!-- unclosed comment"
        let document = try Self.open(soup)
        #expect(!document.units.isEmpty)
        #expect(document.repairs > 0)
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == Array(soup.utf8))
    }

    static let realPages: [String] = {
        guard let root = SharedData.root else { return [] }
        let folder = root.appendingPathComponent("html")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".html") || $0.hasSuffix(".htm") }.sorted()
    }()

    /// Pages in legacy character sets (ISO-8859-1 bytes, Shift_JIS, KOI8-R read as windows-1252
    /// as a browser does when nothing is declared) come back in them.
    static let legacy: [String: String] = [
        "okapi_burlington_ufo_center.html": "windows-1252", "okapi_home.htm": "windows-1252",
        "wpull_krokozyabry.html": "windows-1252", "wpull_videogame_top.htm": "shift_jis",
    ]

    @Test(.needsSharedData, arguments: realPages)
    func realPagesComeBackByteForByte(_ name: String) throws {
        let bytes = try SharedData.bytes("html/\(name)")
        let segmenter = try SentenceSegmenter(language: .english)
        let document = try DocumentFormat.html.open(bytes, file: name, segmenter: segmenter)
        #expect(document.skeleton.charset?.lowercased() == Self.legacy[name]?.lowercased())
        #expect(!document.units.isEmpty)
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == bytes)
        // Through the skeleton alone (what merge does), with every unit "translated" into itself.
        let sources = Dictionary(uniqueKeysWithValues: document.units.map { ($0.id, $0.source) })
        let skeleton = try DocumentSkeleton(json: document.skeleton.json)
        #expect(try DocumentFormat.rebuild(skeleton, sources: sources, translations: [:]) == bytes)
        _ = try DocumentFormat.rebuild(skeleton, sources: sources, translations: sources)
    }
}

/// A page read piece by piece (`HTMLStream`) gives exactly the whole page's units (ids, text,
/// locations, blocks, contexts) and skeleton, wherever the pieces are cut.
@Suite struct HTMLStreamTests {
    static func streamed(_ bytes: [UInt8], cuts: [Int], file: String) throws -> (units: [DocumentUnit], skeleton: DocumentSkeleton, repairs: Int) {
        let result = try DocumentsTests.streamed(HTMLStream(segmenter: try SentenceSegmenter(language: .english), file: file), bytes,
                                                 cuts: cuts, format: "html")
        return (result.units, result.skeleton, result.stream.repairs)
    }

    /// Cuts at line ends (what the extract command's reader gives): every `step`-th one.
    static func lineCuts(_ bytes: [UInt8], every step: Int) -> [Int] {
        let ends = bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        return stride(from: step - 1, to: ends.count, by: step).map { ends[$0] }
    }

    func check(_ bytes: [UInt8], file: String) throws {
        let whole = try HTMLDocument.open(bytes, file: file, segmenter: try SentenceSegmenter(language: .english))
        let lines = bytes.filter { $0 == 0x0A }.count
        for step in Set([1, 2, 7, 50, max(1, lines / 3)]) {
            let streamed = try Self.streamed(bytes, cuts: Self.lineCuts(bytes, every: step), file: file)
            #expect(streamed.units == whole.units, "\(file), a cut every \(step) lines")
            #expect(streamed.skeleton.pieces == whole.skeleton.pieces.joiningAdjacentText(), "\(file), a cut every \(step) lines")
            #expect(streamed.repairs == whole.repairs, "\(file), a cut every \(step) lines")
        }
    }

    @Test(.needsSharedData, arguments: HTMLDocumentTests.realPages.filter { HTMLDocumentTests.legacy[$0] == nil })
    func realPagesStreamAsTheyReadWhole(_ name: String) throws {
        let bytes = try SharedData.bytes("html/\(name)")
        // UTF-16 pages stream whole (the reader transcodes them in one piece).
        guard let encoding = (try? TextDocument(decoding: bytes))?.encoding, encoding == .utf8 || encoding == .utf8WithBOM else { return }
        try check(bytes, file: name)
    }

    /// A block naming more elements than the builder scans by name (it turns to a dictionary
    /// past 16): pairs still pair, a pair across a sentence end still keeps the sentences
    /// together, and decoded text in the same block keeps its place.
    @Test func aBlockWithManyElementNamesPairsThemAll() throws {
        let names = ["b", "i", "em", "strong", "span", "a", "sup", "sub", "u", "s", "small", "mark", "abbr", "cite",
                     "q", "dfn", "ins", "del", "tt", "bdi"]
        let words = names.enumerated().map { "<\($1)>w\($0)</\($1)>" }.joined(separator: " ")
        let page = "<p>\(words). Tom &amp; <b>Jerry <i>ran</i></b> <span>off</span>. <u>One. Two</u> three.</p>\n"
        let document = try HTMLDocumentTests.open(page)
        let first = names.indices.map { "{bpt\($0 + 1)}w\($0){ept\($0 + 1)}" }.joined(separator: " ") + "."
        #expect(document.units.map { HTMLDocumentTests.shown($0.source) } == [
            first,
            "Tom & {bpt1}Jerry {bpt2}ran{ept2}{ept1} {bpt3}off{ept3}.",
            "{bpt1}One. Two{ept1} three.",
        ])
        // 1-based columns (offset + 1) of "Tom", after "<p>", the words and ". ", and of "<u>",
        // which starts 27 bytes before the end.
        let second: Int = 4 + words.utf8.count + 2, third: Int = page.utf8.count - 26
        #expect(document.units.map(\.location.column) == [4, second, third])
        #expect(try document.rebuilt(translations: [String: SegmentContent]()) == Array(page.utf8))
    }

    /// Columns count characters, not bytes (the line's bytes are counted eight at a time).
    @Test func columnsCountCharactersOfEveryScript() throws {
        let page = "<p>평양은 화요일 말했다. 둘째 문장이다. Third one.</p>\n"
        let document = try HTMLDocumentTests.open(page)
        #expect(document.units.map(\.location.column) == [4, 17, 26])
        #expect(document.units.map(\.location.byteOffset) == [3, 34, 55])
    }

    /// Pages we wrote with what a cut must not split: scripts and styles holding tags, comments
    /// and `pre` across lines, an inline span left open, attributes to translate, a tag cut
    /// across lines, stray `<`, and a long run of inline markup without a block tag.
    @Test func writtenPagesStreamAsTheyReadWhole() throws {
        let page = """
            <!DOCTYPE html>
            <html lang="en"><head><title>Rice prices
            rise</title><meta name="description" content="Prices in
            Hyesan"><style>
            p { color: red; }
            </style><script>
            if (a < b) { document.write("<p>not text</p>"); }
            </script></head>
            <body><h1>Prices</h1>
            <p>Rice rose <b>again</b> on Monday. A source in <a href="x" title="North
            Korea">Hyesan</a> said so.</p>
            <!-- a comment
            <p>not a block</p>
            -->
            <pre>
            keep   this
            </pre>
            <ul><li>One item. Two sentences.</li>
            <li>Another <code>inline
            code</code> item.</li></ul>
            <div
            class="x"><p>A tag cut across lines. 1 < 2 is true.</p></div>
            <p>Long <i>run <b>of <span>inline
            markup</span> with</b> no</i>
            block <em>tag
            at</em> all for
            many lines.</p>
            <p translate="no">Leave
            me.</p><img alt="A photo
            of rice" src="r.jpg">
            <p>Unclosed <b>bold
            <p>Next paragraph.
            </body></html>

            """
        try check(Array(page.utf8), file: "written.html")
        // The same page many times over: parts cut in many places.
        try check(Array(String(repeating: page, count: 5).utf8), file: "repeated.html")
    }

    /// Tag and attribute names come from a table of common ones when they are in it: the same
    /// strings as made from the bytes, upper case lowered, and names outside the table (long,
    /// custom, with a NUL) made from their bytes.
    @Test func namesFromTheTableEqualNamesMade() {
        for name in ["p", "P", "DIV", "Span", "strong", "h6", "ALT", "srcset", "section", "figcaption", "my-widget",
                     "a\u{0}", "ab\u{0}", "x", "noscript", "é", "svg:path"] {
            let bytes = Array(name.utf8)
            let read = bytes.withUnsafeBufferPointer { HTMLTokenizer.lowercased($0, 0..<$0.count) }
            let made = String(decoding: bytes.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
            #expect(read == made, "\(name)")
            #expect(read.utf8.count == bytes.count)
        }
        #expect(CommonNames.name(0) == nil)
        for name in CommonNames.list {
            let upper = Array(name.uppercased().utf8)
            #expect(CommonNames.name(upper.withUnsafeBufferPointer { CommonNames.key(lowercasing: $0) }) == name)
        }
    }
}
