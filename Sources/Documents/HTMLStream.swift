import Segmentation
import TMKitCore

/// An HTML page read piece by piece (a ``DocumentStream``), for pages too large to hold: the
/// same units (ids, text, locations, blocks, contexts) and skeleton as ``HTMLDocument`` gives
/// for the whole page, handed out in document order.
///
/// Pieces may be cut at any line end. The stream keeps what it has not read yet and reads up to
/// the last block-level tag it holds (a `</p>`, a `<div>`: no sentence, inline markup or
/// protected span is open there); the rest waits for the next piece. Memory stays within a
/// piece plus the longest run without such a tag. UTF-8 or UTF-16 only: a page in a legacy
/// character set is read whole (``HTMLDocument/open(_:file:segmenter:)``).
public struct HTMLStream: DocumentStream {
    private let segmenter: any DocumentSegmenter
    private let file: String?
    /// Decoded bytes not read yet.
    private var held: [UInt8] = []
    private var state = HTMLDocument.ReadState()
    private var started = false
    /// After a piece without a place to cut, wait until this much is held (no rescans of a long run).
    private var waitUntil = 0

    /// A stream cutting pages with `segmenter`; `file` goes into the units' locations.
    public init(segmenter: any DocumentSegmenter, file: String? = nil) {
        self.segmenter = segmenter
        self.file = file
    }

    /// Malformed spots read the browser's way in what has been handed out (``HTMLDocument/repairs``).
    public var repairs: Int { state.repairs }

    /// Any line end: the stream finds its own places to cut.
    public var pieceBoundary: ParagraphMode { .line }

    /// Takes the next decoded piece and hands out the units and skeleton pieces up to its last
    /// block-level tag (``DocumentStreamEvent/start(format:encoding:)`` first of all).
    public mutating func feed(_ piece: TextDocument, _ emit: (DocumentStreamEvent) throws -> Void) rethrows {
        if !started {
            started = true
            try emit(.start(format: DocumentFormat.html.name, encoding: piece.encoding))
        }
        held += piece.utf8
        guard held.count >= waitUntil else { return }
        try read(final: false, emit)
    }

    /// Hands out the rest.
    public mutating func finish(_ emit: (DocumentStreamEvent) throws -> Void) rethrows {
        if !started {
            started = true
            try emit(.start(format: DocumentFormat.html.name, encoding: .utf8))
        }
        try read(final: true, emit)
    }

    private mutating func read(final: Bool, _ emit: (DocumentStreamEvent) throws -> Void) rethrows {
        let segmenter = segmenter, file = file
        var state = state
        let (pieces, units, consumed) = held.withUnsafeBufferPointer {
            HTMLDocument.read($0, file: file, segmenter: segmenter, state: &state, final: final)
        }
        self.state = state
        guard consumed > 0 || final else {
            waitUntil = held.count * 2
            return
        }
        waitUntil = 0
        held.removeFirst(consumed)
        // The units come in the order of their pieces, one each.
        var next = units.makeIterator()
        for piece in pieces {
            try emit(.piece(piece))
            if case .unit = piece, let unit = next.next() { try emit(.unit(unit)) }
        }
    }
}
