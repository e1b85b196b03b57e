import Segmentation
import TMKitCore

/// A plain-text document as translation sees it: its segments, each a unit with a stable id,
/// and the skeleton around them.
///
/// The skeleton is every byte outside the segments' ranges: paragraph breaks, the no-break-space
/// lines news articles separate paragraphs with, the spaces and line breaks between sentences.
/// It is kept byte for byte; a translated segment replaces its source's range (hard wraps
/// inside a source sentence go with it). Rebuilding with no translation gives the document's
/// bytes back exactly, in the input's encoding (UTF-8 with or without a byte-order mark, UTF-16).
/// Plain text has no inline codes, so a translation with codes is refused.
public struct PlainTextDocument: TranslatableDocument {
    /// One piece of the document, in order: skeleton bytes or a segment.
    public enum Piece: Sendable, Equatable {
        /// Bytes outside every segment: their UTF-8 byte range in the document.
        case skeleton(Range<Int>)
        /// A segment: its unit id and its UTF-8 byte range in the document.
        case segment(id: String, range: Range<Int>)
    }

    /// The input as decoded text (UTF-8), with the encoding it arrived in.
    public let document: TextDocument
    /// The segments the segmenter cut, in document order.
    public let segments: [Segment]
    /// One unit for each segment, in the same order, with ids from ``id(of:)``.
    public let units: [DocumentUnit]
    /// The bytes around the segments and the units by id, for XLIFF and `merge` (format `text`).
    public let skeleton: DocumentSkeleton

    /// Cuts `document` with `segmenter`; `file` goes into the units' locations.
    public init(_ document: TextDocument, file: String? = nil, segmenter: any DocumentSegmenter,
                paragraphs: ParagraphMode = .blankLine) {
        self.document = document
        let segments = segmenter.segments(of: document, paragraphs: paragraphs)
        var units: [DocumentUnit] = []
        var pieces: [DocumentSkeleton.Piece] = []
        units.reserveCapacity(segments.count)
        document.utf8.withUnsafeBufferPointer { bytes in
            var position = 0
            for segment in segments {
                if segment.range.lowerBound > position {
                    pieces.append(.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<segment.range.lowerBound]), as: UTF8.self)))
                }
                let (unit, layout) = PlainTextStream.unit(of: segment, raw: UnsafeBufferPointer(rebasing: bytes[segment.range]), file: file)
                units.append(unit)
                pieces.append(.unit(id: unit.id, block: unit.block, layout: layout))
                position = segment.range.upperBound
            }
            if position < bytes.count {
                pieces.append(.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[position...]), as: UTF8.self)))
            }
        }
        self.segments = segments
        self.units = units
        skeleton = DocumentSkeleton(format: DocumentFormat.plainText.name, encoding: document.encoding, pieces: pieces)
    }

    /// The id of a segment: its 1-based position, as `pretranslate` writes it (`tuid`).
    public static func id(of segment: Segment) -> String { String(segment.index + 1) }

    /// The segment's text as a translator sees it (line-break whitespace collapsed, trimmed).
    public func text(of segment: Segment) -> String { document.text(of: segment) }

    /// The document as skeleton and segments, in order; together they cover it exactly.
    public var pieces: [Piece] {
        var pieces: [Piece] = []
        var position = 0
        for segment in segments {
            if segment.range.lowerBound > position { pieces.append(.skeleton(position..<segment.range.lowerBound)) }
            pieces.append(.segment(id: Self.id(of: segment), range: segment.range))
            position = segment.range.upperBound
        }
        if position < document.utf8.count { pieces.append(.skeleton(position..<document.utf8.count)) }
        return pieces
    }

    /// ``rebuilt(translations:)`` with a layout for translated paragraphs (default options: a
    /// paragraph with a translated unit is written on one line).
    public func rebuilt(translations: [String: SegmentContent], options: RebuildOptions) throws(DocumentError) -> [UInt8] {
        try locatingErrors { sources throws(DocumentError) in
            try Self.rebuild(skeleton, sources: sources, translations: translations, options: options)
        }
    }

    /// Rebuilds a plain-text document from its skeleton. A paragraph with a translated unit is
    /// written on one line (the line breaks between its units become spaces: the source's hard
    /// wraps cannot fit the translation), or wrapped at ``RebuildOptions/wrap`` columns; a
    /// paragraph without one keeps its bytes.
    static func rebuild(_ skeleton: DocumentSkeleton, sources: [String: SegmentContent],
                        translations: [String: SegmentContent], options: RebuildOptions) throws(DocumentError) -> [UInt8] {
        try skeleton.check(translations: translations, sources: sources)
        let pieces = skeleton.pieces
        let translatedBlocks = Set(pieces.compactMap { if case .unit(let id, let block, _) = $0, translations[id] != nil { block } else { nil } })
        let lineEnd = pieces.contains { if case .text(let text) = $0 { Self.containsCRLF(text) } else { false } } ? "\r\n" : "\n"
        // Parts that start after a paragraph ends are rebuilt on every core at once, each as if
        // it were the whole: a translated paragraph never spans two of them.
        let cuts = Self.independentCuts(pieces, parts: concurrentWorkers)
        let parts = concurrentSlices(count: cuts.count - 1, workers: cuts.count - 1, minimumSlice: 1) { range in
            range.map { part in
                Result { () throws(DocumentError) in
                    try Self.rebuild(pieces, cuts[part]..<cuts[part + 1], sources: sources, translations: translations,
                                     translatedBlocks: translatedBlocks, lineEnd: lineEnd, wrap: options.wrap)
                }
            }
        }.flatMap { $0 }
        let rebuilt = try parts.map { part throws(DocumentError) in try part.get() }
        // Joined a part at a time (memcpy): `Array(rebuilt.joined())` copied byte by byte, a tenth
        // of a merge's main thread.
        let bom: [UInt8] = skeleton.encoding == .utf8WithBOM ? [0xEF, 0xBB, 0xBF] : []
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rebuilt.reduce(bom.count) { $0 + $1.count })
        bytes += bom
        for part in rebuilt { bytes += part }
        switch skeleton.encoding {
        case .utf8, .utf8WithBOM: return bytes
        case .utf16LittleEndian, .utf16BigEndian: return skeleton.encoding.encode(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Whether `text` holds a CR LF (read as bytes, not as characters).
    static func containsCRLF(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A && previous == 0x0D { return true }
            previous = byte
        }
        return false
    }

    /// Where `pieces` may be cut into about `parts` parts rebuilt apart: before a piece that
    /// follows a text piece between two different blocks (where a translated paragraph ends),
    /// near equal shares of the pieces. The first cut is 0 and the last `pieces.count`.
    static func independentCuts(_ pieces: [DocumentSkeleton.Piece], parts: Int) -> [Int] {
        var cuts = [0]
        guard parts > 1, pieces.count >= 2048 else { return cuts + [pieces.count] }
        for part in 1..<parts {
            var index = Swift.max(cuts.last! + 1, pieces.count * part / parts)
            // A text piece whose neighbours are units of different blocks (or not units) ends a paragraph.
            while index < pieces.count - 1 {
                if case .text = pieces[index] {
                    let before: Int? = if case .unit(_, let block, _)? = pieces[safe: index - 1] { block } else { nil }
                    let after: Int? = if case .unit(_, let block, _)? = pieces[safe: index + 1] { block } else { nil }
                    if before == nil || after == nil || before != after { break }
                }
                index += 1
            }
            guard index < pieces.count - 1 else { break }
            cuts.append(index + 1)
        }
        return cuts + [pieces.count]
    }

    /// The bytes of `pieces[range]`, rebuilt as described at ``rebuild(_:sources:translations:options:)``
    /// (neighbours outside the range are looked at, as in the whole).
    static func rebuild(_ pieces: [DocumentSkeleton.Piece], _ range: Range<Int>, sources: [String: SegmentContent],
                        translations: [String: SegmentContent], translatedBlocks: Set<Int>, lineEnd: String,
                        wrap: Int?) throws(DocumentError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count * 100)  // a guess (a unit and its gap): fewer copies as it grows
        var paragraph = ""  // the translated paragraph being built
        func endParagraph() {
            guard !paragraph.isEmpty else { return }
            let text = wrap.map { Self.wrap(paragraph, width: $0, lineEnd: lineEnd) } ?? paragraph
            bytes.append(contentsOf: text.utf8)
            paragraph = ""
        }
        for index in range {
            switch pieces[index] {
            case .unit(let id, let block, let layout):
                if translatedBlocks.contains(block) {
                    // An untranslated unit of a translated paragraph joins its one line too.
                    paragraph += translations[id]?.plainText ?? sources[id]?.plainText ?? ""
                } else if let layout {
                    guard layout.append(sources[id]?.plainText ?? "", to: &bytes) else {
                        throw DocumentError(.invalidSkeleton("unit \(id)'s hard wraps do not fit its source"), unit: id)
                    }
                } else {
                    bytes.append(contentsOf: (sources[id]?.plainText ?? "").utf8)
                }
            case .text(let text):
                // Between two units of one translated paragraph: one line unless it was two sentences on one.
                if !paragraph.isEmpty, case .unit(_, let block, _)? = pieces[safe: index + 1],
                   case .unit(_, let previous, _)? = pieces[safe: index - 1], block == previous {
                    paragraph += text.contains(where: \.isNewline) ? " " : text
                } else {
                    endParagraph()
                    bytes.append(contentsOf: text.utf8)
                }
            }
        }
        endParagraph()
        return bytes
    }

    /// `text` broken at spaces into lines of at most `width` columns (Hangul, Han, kana and
    /// full-width forms count two); a word longer than a line stays whole.
    static func wrap(_ text: String, width: Int, lineEnd: String) -> String {
        guard width > 0 else { return text }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let wordWidth = word.unicodeScalars.reduce(0) { $0 + (Self.isWide($1) ? 2 : 1) }
            if lineWidth > 0, lineWidth + 1 + wordWidth > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 {
                line += " "
                lineWidth += 1
            }
            line += word
            lineWidth += wordWidth
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: lineEnd)
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
