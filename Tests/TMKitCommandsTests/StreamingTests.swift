import Foundation
import Segmentation
@testable import TMKitCommands
import SharedTestData
import Testing
import TMKitCore

/// `tmkit segment` reads its input in pieces cut between paragraphs; whatever the piece
/// size, the output is the one the whole document gives.
@Suite struct StreamingTests {
    static let inputs: [(String, [UInt8])] = {
        let article = (try? Checkout.bytes("Examples/article.en.txt")) ?? []
        let korean = (try? Checkout.bytes("Examples/article.ko.txt")) ?? []
        let crlf = Array("One line\r\nwrapped.\r\n\r\n\u{A0}\r\nNext. Done.\r\n".utf8)
        return [("article.en", article), ("article.ko", korean), ("crlf", crlf),
                ("bom", [0xEF, 0xBB, 0xBF] + article)]
    }()

    func run(_ bytes: [UInt8], chunkSize: Int, arguments: [String]) throws -> String {
        let output = CapturedOutput()
        let io = CommandIO(output: output, errorOutput: CapturedOutput(), input: bytes)
        try CommandIO.$current.withValue(io) {
            let command = try SegmentCommand.parse(arguments)
            try command.segment(chunkSize: chunkSize)
        }
        return output.text
    }

    @Test(arguments: [1, 2, 7, 64, 1000])
    func piecesGiveTheWholeDocumentsOutput(chunkSize: Int) throws {
        for (name, bytes) in Self.inputs {
            try #require(!bytes.isEmpty, "\(name) fixture missing")
            for arguments in [["-", "--format", "jsonl"], ["-", "--format", "json", "--paragraphs", "line"]] {
                let whole = try run(bytes, chunkSize: 1 << 22, arguments: arguments)
                let streamed = try run(bytes, chunkSize: chunkSize, arguments: arguments)
                #expect(streamed == whole, "\(name), chunks of \(chunkSize), \(arguments)")
            }
        }
    }

    @Test(.needsSharedData, arguments: [1, 64])
    func piecesGiveTheWholeDocumentsOutputWithSRX(chunkSize: Int) throws {
        let article = try #require(Self.inputs.first?.1)
        for file in ["okapi_default_icu4j.srx", "omegat_defaults.srx"] {
            let srx = file.hasPrefix("okapi")
                ? SharedData.path("segmentation/" + file) : Checkout.path("Tests/SegmentationTests/Fixtures/" + file)
            for arguments in [["-", "--format", "jsonl", "--srx", srx], ["-", "--srx", srx, "--srx-only"]] {
                let whole = try run(article, chunkSize: 1 << 22, arguments: arguments)
                let streamed = try run(article, chunkSize: chunkSize, arguments: arguments)
                #expect(!whole.isEmpty)
                #expect(streamed == whole, "\(file), chunks of \(chunkSize), \(arguments)")
            }
        }
    }

    @Test func piecesAreCutOnlyAfterParagraphEnds() throws {
        var reader = TextPieceReader(
            source: BytesSource(Array("A b.\nc d.\n\nE f.\n \nG.".utf8)), name: "x", mode: .blankLine, chunkSize: 3)
        var pieces: [String] = []
        while let piece = try reader.next() { pieces.append(piece.string(in: 0..<piece.utf8.count)) }
        #expect(pieces == ["A b.\nc d.\n\n", "E f.\n \n", "G."])
    }

    @Test func invalidUTF8InALaterPieceReportsTheOffsetInTheInput() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("First paragraph.\n\nSecond ".utf8) + [0xFF] + Array(".\n".utf8)
        #expect(throws: TextDecodingError(kind: .invalidUTF8, byteOffset: 28, file: "<stdin>")) {
            _ = try run(bytes, chunkSize: 4, arguments: ["-"])
        }
    }

    @Test func utf16IsReadWhole() throws {
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in "One. Two.\n\n셋이다.\n".utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(try run(bytes, chunkSize: 3, arguments: ["-"]) == "One.\nTwo.\n\n셋이다.\n")
    }
}
