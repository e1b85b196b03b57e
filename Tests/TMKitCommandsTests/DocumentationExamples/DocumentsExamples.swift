import Foundation
import Testing
import Documents
import Segmentation
import TMKitCore

/// The examples of `Documents.docc`, run on the shipped article and news page.
@Suite struct DocumentsExamples {
    @Test func openingAPlainTextArticle() throws {
        let bytes = try Checkout.bytes("Examples/article.en.txt")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let segmenter = try SentenceSegmenter(language: .english)
        let format = DocumentFormat.forPath("article.en.txt")!
        let document = try format.open(bytes, file: "article.en.txt", segmenter: segmenter)
        for unit in document.units.prefix(2) {
            print(unit.id, unit.location, unit.text)
        }
        let translated = try document.rebuilt(translations: ["1": "‘범죄와의 전쟁’ 당 창건일 앞두고"])

        #expect(format == .plainText)
        #expect(document.units.count == 18)
        #expect(document.units.map(\.id) == (1...18).map { String($0) })
        #expect(printed.count == 2)
        #expect(printed.first == "1 article.en.txt:1:1 ‘Battle against crime’ ahead of Party Foundation Day")
        #expect(printed.last?.hasPrefix("2 article.en.txt:3:1 Pyongyang has called on all state agencies") == true)
        #expect(String(decoding: translated, as: UTF8.self)
                == "‘범죄와의 전쟁’ 당 창건일 앞두고" + String(decoding: bytes[56...], as: UTF8.self))
        #expect(try document.rebuilt(translations: [String: String]()) == bytes)
    }

    @Test func keepingInlineCodes() throws {
        let html = try Checkout.bytes("Examples/news.en.html")
        let segmenter = try SentenceSegmenter(language: .english)
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let page = try DocumentFormat.html.open(html, file: "news.en.html", segmenter: segmenter)
        let dateline = page.units.first(where: { $0.text.hasPrefix("SEOUL") })!
        let codes = dateline.source.allCodes
        print(dateline.context ?? "", dateline.text)
        print(codes.map(\.content.plainText))

        #expect(printed.first == "p SEOUL, Nov. 30 — Pyongyang said on Tuesday that it had tested a new missile.")
        try #require(codes.count == 4)
        #expect(codes.map(\.kind) == [.bpt, .ept, .bpt, .ept])
        #expect(printed.last == #"["<time datetime=\"2026-11-30\">", "</time>", "<b>", "</b>"]"#)

        let translation = SegmentContent([
            .text("서울, "), .code(codes[0]), .text("11월 30일"), .code(codes[1]),
            .text(" — 평양은 "), .code(codes[2]), .text("화요일"), .code(codes[3]),
            .text(" 신형 미사일을 시험했다고 밝혔다."),
        ])
        let korean = try page.rebuilt(translations: [dateline.id: translation])

        let text = String(decoding: korean, as: UTF8.self)
        #expect(text.contains(#"서울, <time datetime="2026-11-30">11월 30일</time> — 평양은 <b>화요일</b> 신형 미사일을 시험했다고 밝혔다."#))
        #expect(text.contains("<title>North Korea tests a new missile</title>"))
        #expect(!text.contains("Pyongyang said on"))

        do {
            _ = try page.rebuilt(translations: [dateline.id: "서울, 11월 30일 — 평양은 화요일 신형 미사일을 시험했다고 밝혔다."])
        } catch {
            print(error)
        }

        #expect(printed.count == 3)
        #expect(printed.last?.hasPrefix("news.en.html:") == true)
        #expect(printed.last?.contains("unit \(dateline.id): the translation leaves out the source's inline code") == true)

        let skeleton = try DocumentSkeleton(json: page.skeleton.json)
        let sources = Dictionary(uniqueKeysWithValues: page.units.map { ($0.id, $0.source) })
        let merged = try DocumentFormat.rebuild(skeleton, sources: sources, translations: [dateline.id: translation])

        #expect(merged == korean)
        #expect(try DocumentFormat.rebuild(skeleton, sources: sources, translations: [:]) == html)
    }
}
