import Segmentation
import TMKitCore

/// A kind of document tmkit can take apart for translation and put back together: its name,
/// the file name extensions that select it, and how to open one.
///
/// The commands pick a format here, by name or by the file's extension, and then work on
/// ``TranslatableDocument`` alone; a new format joins by adding one entry to ``all``.
public struct DocumentFormat: Sendable, Hashable, CustomStringConvertible {
    /// The name users give (`--input-format markdown`).
    public let name: String
    /// Lower-case file name extensions without the dot.
    public let extensions: [String]
    /// The XLIFF 1.2 `datatype` of documents of this format (`plaintext`, `html`).
    public let datatype: String
    private let opener: @Sendable (_ bytes: [UInt8], _ file: String?, _ segmenter: any DocumentSegmenter) throws -> any TranslatableDocument
    private let rebuilder: @Sendable (DocumentSkeleton, [String: SegmentContent], [String: SegmentContent], RebuildOptions) throws(DocumentError) -> [UInt8]
    /// Reading piece by piece, for formats that can (plain text, HTML): a stream over decoded
    /// pieces (cut where the stream's ``DocumentStream/pieceBoundary`` says). Nil for formats read whole.
    public let streamer: (@Sendable (_ segmenter: any DocumentSegmenter, _ file: String?) -> any DocumentStream)?
    /// Whether a document that is not UTF-8 or UTF-16 may still be read whole (``open(_:file:segmenter:)``:
    /// an HTML page in the legacy character set it declares), which its stream cannot: a reader
    /// that streams it reads it again whole when a piece turns out not to be UTF-8.
    public let readsLegacyCharsets: Bool

    /// A format from its name, extensions and XLIFF `datatype`, how to open a document of it from
    /// bytes, how to rebuild one from a skeleton and, for formats read piece by piece, how to stream one.
    public init(
        name: String, extensions: [String], datatype: String,
        open: @escaping @Sendable (_ bytes: [UInt8], _ file: String?, _ segmenter: any DocumentSegmenter) throws -> any TranslatableDocument,
        rebuild: @escaping @Sendable (_ skeleton: DocumentSkeleton, _ sources: [String: SegmentContent],
                                      _ translations: [String: SegmentContent], _ options: RebuildOptions) throws(DocumentError) -> [UInt8],
        stream: (@Sendable (_ segmenter: any DocumentSegmenter, _ file: String?) -> any DocumentStream)? = nil,
        readsLegacyCharsets: Bool = false
    ) {
        self.streamer = stream
        self.readsLegacyCharsets = readsLegacyCharsets
        self.name = name
        self.extensions = extensions
        self.datatype = datatype
        self.opener = open
        self.rebuilder = rebuild
    }

    /// Reads a document of this format from its bytes, cutting its text with `segmenter`.
    /// Throws the format's typed errors (`TextDecodingError` for text that is not UTF-8 or
    /// UTF-16 with a byte-order mark), which name `file`.
    public func open(_ bytes: [UInt8], file: String?, segmenter: any DocumentSegmenter) throws -> any TranslatableDocument {
        try opener(bytes, file, segmenter)
    }

    /// Rebuilds a document of this format from its skeleton, the units' sources and the
    /// translations by unit id (units without one keep their source), without the original
    /// file: what `merge` does with a returned XLIFF.
    public func rebuild(_ skeleton: DocumentSkeleton, sources: [String: SegmentContent],
                        translations: [String: SegmentContent], options: RebuildOptions = RebuildOptions()) throws(DocumentError) -> [UInt8] {
        try rebuilder(skeleton, sources, translations, options)
    }

    /// Rebuilds from a skeleton of any registered format (``DocumentSkeleton/format``).
    public static func rebuild(_ skeleton: DocumentSkeleton, sources: [String: SegmentContent],
                               translations: [String: SegmentContent], options: RebuildOptions = RebuildOptions()) throws(DocumentError) -> [UInt8] {
        guard let format = named(skeleton.format) else { throw DocumentError(.unknownFormat(skeleton.format), unit: "") }
        return try format.rebuild(skeleton, sources: sources, translations: translations, options: options)
    }

    /// The format's name, as users give it (`text`, `html`, `markdown`).
    public var description: String { name }

    /// Formats are equal when their names are.
    public static func == (lhs: DocumentFormat, rhs: DocumentFormat) -> Bool { lhs.name == rhs.name }
    /// Hashes the name alone, as `==` compares it.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Plain text: paragraphs separated by blank lines (or lines holding only no-break
    /// spaces), hard wraps inside them; see ``PlainTextDocument``.
    public static let plainText = DocumentFormat(
        name: "text", extensions: ["txt", "text"], datatype: "plaintext",
        open: { bytes, file, segmenter in
            PlainTextDocument(try TextDocument(decoding: bytes, file: file), file: file, segmenter: segmenter)
        },
        rebuild: { skeleton, sources, translations, options throws(DocumentError) in
            try PlainTextDocument.rebuild(skeleton, sources: sources, translations: translations, options: options)
        },
        stream: { segmenter, file in PlainTextStream(segmenter: segmenter, file: file) })

    /// HTML pages: block text cut into sentences, inline markup as codes, the rest skeleton;
    /// see ``HTMLDocument``. UTF-8 (with or without a byte-order mark), UTF-16 with one, or the
    /// legacy character set the page declares (windows-1252 when it declares none).
    public static let html = DocumentFormat(
        name: "html", extensions: ["html", "htm", "xhtml"], datatype: "html",
        open: { bytes, file, segmenter in
            try HTMLDocument.open(bytes, file: file, segmenter: segmenter)
        },
        rebuild: { skeleton, sources, translations, options throws(DocumentError) in
            try HTMLDocument.rebuild(skeleton, sources: sources, translations: translations, options: options)
        },
        stream: { segmenter, file in HTMLStream(segmenter: segmenter, file: file) },
        readsLegacyCharsets: true)

    /// Markdown (CommonMark, GFM tables; front matter, code and HTML blocks left alone):
    /// block text cut into sentences, inline syntax as codes; see ``MarkdownDocument``.
    public static let markdown = DocumentFormat(
        name: "markdown", extensions: ["md", "markdown", "mdown", "mkd", "mkdn"], datatype: "x-markdown",
        open: { bytes, file, segmenter in
            MarkdownDocument(try TextDocument(decoding: bytes, file: file), file: file, segmenter: segmenter)
        },
        rebuild: { skeleton, sources, translations, options throws(DocumentError) in
            try MarkdownDocument.rebuild(skeleton, sources: sources, translations: translations, options: options)
        })

    /// Every format tmkit reads, in the order help texts list them.
    public static let all: [DocumentFormat] = [.plainText, .html, .markdown]

    /// The format called `name` (case-insensitive), or nil.
    public static func named(_ name: String) -> DocumentFormat? {
        let lower = name.lowercased()
        return all.first { $0.name == lower }
    }

    /// The format whose extensions include `path`'s, or nil (no extension, or one no format claims).
    public static func forPath(_ path: String) -> DocumentFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return all.first { $0.extensions.contains(ext) }
    }
}
