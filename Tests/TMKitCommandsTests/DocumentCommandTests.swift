import Foundation
import Testing
import TMKitCore

/// HTML and Markdown through the commands that work on sentences: segment, glossary annotate, align.
@Suite struct DocumentCommandTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    @Test func segmentCutsMarkupDocumentsAsExtractDoes() throws {
        let html = tmkit(["segment", Checkout.path("Examples/news.en.html")])
        #expect(html.code == 0, "\(html.errors)")
        #expect(html.output.contains("SEOUL, Nov. 30 — Pyongyang said on Tuesday that it had tested a new missile.\nThe launch was seen from Seoul.\n"))
        #expect(!html.output.contains("<b>") && !html.output.contains("window.analytics"))
        let markdown = tmkit(["segment", "--format", "jsonl", Checkout.path("Examples/news.en.md")])
        #expect(markdown.code == 0, "\(markdown.errors)")
        let first = try #require(markdown.output.split(separator: "\n").first)
        #expect(first == #"{"paragraph":0,"index":0,"text":"North Korea orders security forces onto 24-hour alert","start":121,"end":174,"line":7,"column":3,"context":"h1"}"#)
        // The offsets are the unit's bytes in the file.
        let bytes = try Checkout.bytes("Examples/news.en.md")
        #expect(String(decoding: bytes[121..<174], as: UTF8.self) == "North Korea orders security forces onto 24-hour alert")
        // TMX keeps the markup as inline codes; standard input is text unless told.
        let tmx = tmkit(["segment", "--format", "tmx", Checkout.path("Examples/news.en.md")])
        #expect(tmx.output.contains("<bpt i=\"1\" type=\"*\">*</bpt>Daily NK<ept i=\"1\">*</ept>"), "\(tmx.output)")
        let piped = tmkit(["segment", "--input-format", "markdown", "-"], stdin: Array("# Title\n\nOne **two**. Three.\n".utf8))
        #expect(piped.output == "Title\n\nOne two.\nThree.\n")
        #expect(tmkit(["segment", "--input-format", "docx", "-"], stdin: []).code == 2)
    }

    /// Tag soup is read as a browser reads it, with a warning that counts the spots; never refused.
    @Test func tagSoupIsReadWithAWarning() throws {
        let soup = try scratch.write("soup.html", Array("<p>Broken <b>bold <i>and</b> stray < sign\n<p>Next para<!-- unclosed".utf8))
        let run = tmkit(["extract", soup, "--from", "en", "--to", "ko", "-o", scratch.url.appendingPathComponent("soup.xlf").path])
        #expect(run.code == 0)
        #expect(run.errors.contains("tmkit: warning: \(soup): 2 malformed spots (unclosed tags or comments, stray '<') read as a browser reads them\n"),
                "\(run.errors)")
        let segment = tmkit(["segment", soup])
        #expect(segment.output == "Broken bold and stray < sign\n\nNext para\n", "\(segment.output)")
        #expect(segment.errors.contains("2 malformed spots"))
        #expect(!tmkit(["segment", Checkout.path("Examples/news.en.html")]).errors.contains("malformed"))
    }

    @Test func glossaryTermsAreFoundAcrossMarkup() throws {
        let page = try scratch.write("p.html", Array("<p>The <b>State Security</b> Department and <i>border</i> guards.</p>".utf8))
        let run = tmkit(["glossary", "annotate", page, "--format", "jsonl"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains(#""text":"State Security Department""#), "\(run.output)")
        #expect(run.output.contains(#""context":"p""#))
        let text = tmkit(["glossary", "annotate", Checkout.path("Examples/news.en.md")])
        #expect(text.output.contains("    Daily NK → 데일리NK"), "\(text.output)")
    }

    @Test func markupDocumentsAlignSentenceBySentence() throws {
        let english = try scratch.write("en.md", Array("""
            # Missile launch

            North Korea fired a **missile** on Tuesday. It flew 70 km.

            Seoul said the launch was a *provocation*.

            """.utf8))
        let korean = try scratch.write("ko.html", Array("""
            <h1>미사일 발사</h1>
            <p>북한이 화요일 <b>미사일</b>을 발사했다. 미사일은 70km를 날았다.</p>
            <p>한국 정부는 이번 발사를 <i>도발</i>이라고 밝혔다.</p>

            """.utf8))
        let run = tmkit(["align", english, korean, "--from", "en", "--to", "ko", "--format", "tsv"])
        #expect(run.code == 0, "\(run.errors)")
        let rows = run.output.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.map { $0[0] } == ["1-1", "1-1", "1-1", "1-1"], "\(run.output)")
        #expect(rows.map { $0[2] } == ["Missile launch", "North Korea fired a missile on Tuesday.", "It flew 70 km.",
                                       "Seoul said the launch was a provocation."])
        #expect(rows.map { $0[3] } == ["미사일 발사", "북한이 화요일 미사일을 발사했다.", "미사일은 70km를 날았다.",
                                       "한국 정부는 이번 발사를 도발이라고 밝혔다."])
    }
}
