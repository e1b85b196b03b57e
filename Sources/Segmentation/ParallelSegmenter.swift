import Dispatch
import TMKitCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A segmenter that cuts large pieces on several threads at once, with the same segments as
/// one of its segmenters alone.
///
/// A piece is cut between paragraphs (where ``Paragraphs/lastSafeCut(in:mode:)`` says) into
/// parts of at least `minimumPart` bytes; each segmenter takes one part at a time, and the
/// parts' segments are handed out in document order with document-wide offsets, lines,
/// paragraph and segment indices, exactly as the single segmenter gives them. A piece smaller
/// than two parts is cut on the calling thread alone.
///
/// Like the segmenters it holds, one `ParallelSegmenter` must not be used from two threads at once.
public final class ParallelSegmenter: DocumentSegmenter {
    /// The language segmented (the same for every segmenter it holds).
    public let language: LanguageTag
    /// The segmenters, one per thread; the first one also cuts small pieces.
    private let segmenters: [any DocumentSegmenter]
    /// The smallest part given to a thread, in bytes.
    public let minimumPart: Int
    /// The largest part: a piece much larger than the threads' parts goes in rounds, so that
    /// the first segments are handed out before the whole piece is cut.
    static let maximumPart = 1 << 20

    /// A segmenter running `segmenters` (the same rules for the same language, one per thread)
    /// side by side on parts of at least `minimumPart` bytes.
    public init(_ segmenters: [any DocumentSegmenter], minimumPart: Int = 1 << 15) {
        precondition(!segmenters.isEmpty, "a ParallelSegmenter needs at least one segmenter")
        self.language = segmenters[0].language
        self.segmenters = segmenters
        self.minimumPart = Swift.max(1, minimumPart)
    }

    /// A segmenter holding `threads` segmenters from `make` (by default one per worker thread,
    /// `concurrentWorkers`).
    public convenience init<Failure: Error>(
        threads: Int = concurrentWorkers, minimumPart: Int = 1 << 15,
        _ make: () throws(Failure) -> any DocumentSegmenter
    ) throws(Failure) {
        var segmenters: [any DocumentSegmenter] = []
        for _ in 0..<Swift.max(1, threads) { segmenters.append(try make()) }
        self.init(segmenters, minimumPart: minimumPart)
    }

    /// Segments one piece (see ``SentenceSegmenter/forEachSegment(inPiece:at:paragraphs:_:)``),
    /// its parts on every segmenter at once; `body` is called on the calling thread, in order.
    public func forEachSegment(
        inPiece piece: UnsafeBufferPointer<UInt8>, at position: inout DocumentPosition, paragraphs mode: ParagraphMode,
        _ body: (Segment) -> Void
    ) {
        let threads = segmenters.count
        guard threads > 1, piece.count >= 2 * minimumPart else {
            segmenters[0].forEachSegment(inPiece: piece, at: &position, paragraphs: mode, body)
            return
        }
        let partSize = Swift.min(Self.maximumPart, Swift.max(minimumPart, piece.count / threads))
        let base = position.byteOffset  // the parts' ranges count from the piece's start
        var start = 0
        while start < piece.count {
            // Up to one part per segmenter, each ending between paragraphs (the last one where
            // the piece ends).
            var parts: [(range: Range<Int>, line: Int)] = []
            var line = position.line
            while parts.count < threads, start < piece.count {
                let end = Self.cut(piece, from: start, size: partSize, mode: mode)
                parts.append((start..<end, line))
                line += Self.newlines(in: UnsafeBufferPointer(rebasing: piece[start..<end]))
                start = end
            }
            let results = Self.segmentParts(parts, of: piece, base: base, mode: mode, with: segmenters)
            for result in results {
                for var segment in result.segments {
                    segment.index += position.segment
                    segment.paragraph += position.paragraph
                    body(segment)
                }
                position.segment += result.segments.count
                position.paragraph += result.paragraphs
            }
            position.byteOffset = base + start
            position.line = line
        }
    }

    /// Where a part starting at `start` ends: after the last paragraph that ends within `size`
    /// bytes (more when one paragraph is longer), or at the piece's end.
    static func cut(_ piece: UnsafeBufferPointer<UInt8>, from start: Int, size: Int, mode: ParagraphMode) -> Int {
        var size = size
        while start + size < piece.count {
            // The rest must be worth a part of its own; otherwise it joins this one.
            guard piece.count - start > size + size / 2 else { return piece.count }
            if let cut = Paragraphs.lastSafeCut(in: UnsafeBufferPointer(rebasing: piece[start..<(start + size)]), mode: mode),
               cut > 0 {
                return start + cut
            }
            size *= 2  // one paragraph longer than the part: take it whole
        }
        return piece.count
    }

    /// The line feeds in `bytes` (the line count ``Paragraphs`` keeps).
    static func newlines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard var at = bytes.baseAddress else { return 0 }
        let end = at + bytes.count
        var count = 0
        while at < end, let found = memchr(at, 0x0A, end - at) {
            count += 1
            at = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }

    /// What one part gave: its segments (indices and paragraphs counted from the part's start)
    /// and how many paragraphs it holds.
    private struct PartResult {
        var segments: [Segment] = []
        var paragraphs = 0
    }

    /// The parts' segments, part `i` cut by `segmenters[i]` on its own thread.
    private static func segmentParts(
        _ parts: [(range: Range<Int>, line: Int)], of piece: UnsafeBufferPointer<UInt8>, base: Int, mode: ParagraphMode,
        with segmenters: [any DocumentSegmenter]
    ) -> [PartResult] {
        let results = UnsafeMutableBufferPointer<PartResult>.allocate(capacity: parts.count)
        results.initialize(repeating: PartResult())
        defer {
            results.deinitialize()
            results.deallocate()
        }
        // Each iteration reads its own part and writes its own result: nothing is shared.
        let shared = _Unchecked((parts, piece, segmenters, results))
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            let (parts, piece, segmenters, results) = shared.value
            let part = parts[index]
            var position = DocumentPosition(byteOffset: base + part.range.lowerBound, line: part.line)
            var segments: [Segment] = []
            segmenters[index].forEachSegment(
                inPiece: UnsafeBufferPointer(rebasing: piece[part.range]), at: &position, paragraphs: mode
            ) { segments.append($0) }
            results[index] = PartResult(segments: segments, paragraphs: position.paragraph)
        }
        return Array(results)
    }
}

/// A value handed to threads that each use their own part of it.
private struct _Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
