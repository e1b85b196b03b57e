import Testing
import TMKitCore

/// `SegmentContent.plainText`: runs copied at once when no code holds text, built piece by piece
/// when one does; both read the same text.
@Suite struct PlainTextTests {
    static let bold = InlineCode(.bpt, attributes: [Attribute("i", "1")], content: SegmentContent(text: "<b>"))
    static let boldEnd = InlineCode(.ept, attributes: [Attribute("i", "1")], content: SegmentContent(text: "</b>"))

    @Test func runsBetweenCodes() {
        let content = SegmentContent([
            .text("The "), .code(Self.bold), .text("State Security"), .code(Self.boldEnd), .text(" Department’s 국가보위성 chief"),
            .code(InlineCode(.ph, content: SegmentContent(text: "<br>"))),
        ])
        #expect(content.plainText == "The State Security Department’s 국가보위성 chief")
        #expect(SegmentContent([.code(Self.bold), .code(Self.boldEnd)]).plainText == "")
        #expect(SegmentContent().plainText == "")
        #expect(SegmentContent([.code(Self.bold), .text(String(repeating: "long text ", count: 40))]).plainText
            == String(repeating: "long text ", count: 40))
    }

    @Test func textInsideCodes() {
        let highlighted = InlineCode(.hi, content: SegmentContent([.text("full "), .code(Self.bold), .text("report")]))
        let link = InlineCode(.ph, content: SegmentContent([
            .text("<a href=\""), .code(InlineCode(.sub, content: SegmentContent(text: "https://example.org"))), .text("\">"),
        ]))
        #expect(SegmentContent([.text("See "), .code(highlighted), .text(" at "), .code(link), .text(".")]).plainText
            == "See full report at https://example.org.")
    }
}
