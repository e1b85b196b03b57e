import Segmentation
import Testing
import TMKitCore

@Suite struct ParagraphTests {
    func paragraphs(_ text: String, mode: ParagraphMode = .blankLine) -> [String] {
        let document = TextDocument(text)
        return Paragraphs.split(document, mode: mode).map { document.string(in: $0.range) }
    }

    @Test func blankAndWhitespaceOnlyLinesEndParagraphs() {
        let text = "One\ntwo\n\nThree\n \t\nFour\n\u{A0}\nFive\n\u{3000}\nSix\n\n\n"
        #expect(paragraphs(text) == ["One\ntwo", "Three", "Four", "Five", "Six"])
    }

    @Test func crlfLinesKeepTheirCarriageReturnsOutOfRanges() {
        let document = TextDocument("First line\r\nwrapped.\r\n\r\nSecond.\r\n")
        let split = Paragraphs.split(document)
        #expect(split.count == 2)
        #expect(split[0].lines.map { document.string(in: $0) } == ["First line", "wrapped."])
        #expect(document.string(in: split[0].range) == "First line\r\nwrapped.")
        #expect(split[1].firstLineNumber == 4)
    }

    @Test func lineModeMakesEveryNonBlankLineAParagraph() {
        #expect(paragraphs("a b\nc d\n\ne f", mode: .line) == ["a b", "c d", "e f"])
    }

    @Test(arguments: ["1. item", "12) item", "a) item", "(b) item", "(iv) item", "• item", "- item", "* item",
                      "+ item", "– item", "① item", "  2. indented"])
    func listItemLinesStartUnits(_ item: String) {
        let document = TextDocument("The plan was announced in full, as follows\n\(item)\n")
        let split = Paragraphs.split(document)
        #expect(split.count == 1)
        #expect(split[0].unitStartLines == [1])
    }

    @Test(arguments: ["1.5 million people", "(MPS) and the SSD", "-based units", "*The content", "2015. The year"])
    func wrappedLinesThatOnlyLookLikeListItemsAreJoined(_ line: String) {
        let document = TextDocument("This is a long line of running text that was wrapped by the editor.\n\(line) said.\n")
        #expect(Paragraphs.split(document)[0].unitStartLines.isEmpty)
    }

    @Test func aSentenceWrappedBeforeANumberIsNotAList() throws {
        let dates = TextDocument("The party marks its anniversary on October\n10. Officials are preparing.\n")
        #expect(Paragraphs.split(dates)[0].unitStartLines.isEmpty)
        #expect(try SentenceSegmenter(language: .english).sentences(in: "The party marks its anniversary on October\n10. Officials are preparing.\n")
                == ["The party marks its anniversary on October 10.", "Officials are preparing."])
        let range = TextDocument("Prices rose by 5\n- 10 percent in a week.\n")
        #expect(Paragraphs.split(range)[0].unitStartLines.isEmpty)
        // A list that follows a colon, or continues one, stays a list.
        let list = TextDocument("The plan:\n1. Food\n2. Fuel\n3. Medicine\n")
        #expect(Paragraphs.split(list)[0].unitStartLines == [1, 2, 3])
        let items = TextDocument("Three things were promised\n1. food for every family\n2. fuel for the winter\n")
        #expect(Paragraphs.split(items)[0].unitStartLines == [1, 2])
    }

    @Test func shortLinesWithoutSentenceEndsAreAListOfItems() {
        let document = TextDocument("features\ncontact manager\nevents, activities\n")
        #expect(Paragraphs.split(document)[0].unitStartLines == [1, 2])
        // A hard-wrapped sentence ends with a full stop and stays one unit.
        let wrapped = TextDocument("This is a sentence\ncut off in the middle because pdf.")
        #expect(Paragraphs.split(wrapped)[0].unitStartLines.isEmpty)
    }

    @Test func emptyAndBlankDocumentsHaveNoParagraphs() {
        #expect(paragraphs("").isEmpty)
        #expect(paragraphs("\n \n\u{A0}\n").isEmpty)
    }

    @Test func segmentsCarryLineAndScalarColumn() throws {
        let document = TextDocument("첫 문장이다. 둘째 문장이다.\n\n  Third one.")
        let segments = try SentenceSegmenter(language: .korean).segments(of: document)
        #expect(segments.map(\.line) == [1, 1, 3])
        #expect(segments.map(\.column) == [1, 9, 3])
        #expect(segments.map(\.paragraph) == [0, 0, 1])
        expectNoLoss(document, segments)
    }

    @Test func hardWrapsReadAsSpacesButRangesStayRaw() throws {
        let document = TextDocument("It was a cold \nnight in the city.\r\nIt rained.")
        let segments = try SentenceSegmenter().segments(of: document)
        #expect(segments.map { document.text(of: $0) } == ["It was a cold night in the city.", "It rained."])
        #expect(document.string(in: segments[0].range) == "It was a cold \nnight in the city.")
        #expect(segments[1].line == 3)
    }
}
