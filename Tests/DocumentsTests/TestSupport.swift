import Documents
import Foundation
import Testing
import TMKitCore

/// Files of the checkout (Examples/, Tests/…), read by path from the repository root.
enum Checkout {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }
}

/// What `stream` hands out for `bytes` fed in pieces cut at `cuts`: its units (each checked to
/// come right after its skeleton piece), its skeleton with adjacent text pieces joined (as the
/// whole-document form has them), and the stream after the end.
func streamed<Stream: DocumentStream>(_ stream: Stream, _ bytes: [UInt8], cuts: [Int], format: String) throws
    -> (units: [DocumentUnit], skeleton: DocumentSkeleton, stream: Stream) {
    var stream = stream
    var units: [DocumentUnit] = []
    var pieces: [DocumentSkeleton.Piece] = []
    var encoding = TextEncoding.utf8
    var unitPieces = 0
    func handle(_ event: DocumentStreamEvent) {
        switch event {
        case .start(_, let found): encoding = found
        case .piece(let piece):
            pieces.append(piece)
            if case .unit = piece { unitPieces += 1 }
        case .unit(let unit):
            if case .unit(let id, _, _)? = pieces.last, id == unit.id { units.append(unit) }
        }
    }
    var start = 0
    for cut in cuts + [bytes.count] where cut > start {
        let piece = start == 0 ? try TextDocument(decoding: Array(bytes[start..<cut])) : try TextDocument(validatingUTF8: Array(bytes[start..<cut]))
        stream.feed(piece, handle)
        start = cut
    }
    stream.finish(handle)
    #expect(units.count == unitPieces, "a unit not right after its piece")
    return (units, DocumentSkeleton(format: format, encoding: encoding, pieces: pieces.joiningAdjacentText()), stream)
}

