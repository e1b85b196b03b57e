import Documents
import TMKitCore
import TranslationMemory
import XLIFF

/// A document as XLIFF for a CAT tool (`tmkit extract`): one XLIFF unit per document unit with
/// the same id, the document's skeleton inside the file so that `tmkit merge` needs nothing
/// else, and what the memory and the glossary offer:
///
/// - an exact match (100, 101) fills the target (`state="translated"`);
/// - every match at or above the threshold, exact or fuzzy, is a candidate (1.2 `<alt-trans>`,
///   2.1 `<mtc:match>`) with its score and memory unit id; a fuzzy one never fills the target;
/// - glossary terms in the source are notes (1.2) or glossary entries (2.1);
/// - with `copySource`, a unit without an exact match gets its source as target with state
///   `needs-translation` (1.2) / `initial` (2.1), for tools that translate only units with a
///   target (OmegaT 3.6); such a copy never counts as a translation.
public enum XLIFFExtraction {
    /// What was written: how many units, and the analysis by band (empty without a memory or glossary).
    public struct Summary: Sendable {
        /// How many units were written to the `<file>`.
        public var units: Int
        /// Segments and words by match band, as ``Pretranslator/Band`` values.
        public var bands: [Pretranslator.Band]

        /// Creates a summary of `units` written units and their analysis `bands`.
        public init(units: Int = 0, bands: [Pretranslator.Band] = []) {
            self.units = units
            self.bands = bands
        }
    }

    /// Writes `document` (named `original`, of `format`) to `writer` as one `<file>`, leveraging
    /// each unit with `pretranslator` when given; `fuzzy` receives the TMX unit of every unit
    /// whose best match is fuzzy (for `--fuzzy-tmx`). Returns the analysis by band (empty
    /// without a pretranslator).
    public static func write(
        _ document: any TranslatableDocument, original: String, format: DocumentFormat, to writer: XLIFFWriter,
        pretranslator: Pretranslator?, copySource: Bool = false, fuzzy: ((TranslationUnit) -> Void)? = nil
    ) throws -> Summary {
        writer.beginFile(original: original, datatype: format.datatype, skeleton: document.skeleton.jsonBytes())
        defer { writer.endFile() }
        var leverager = pretranslator.map(Pretranslator.Leverager.init)
        let units = document.units
        // Glossary terms, most of the work with a glossary, are found on every core first.
        let terms = leverager?.termFinder?.terms(inEach: units.map(\.text))
        for (index, unit) in units.enumerated() {
            writer.write(try xliffUnit(unit, leverager: &leverager, pretranslator: pretranslator, copySource: copySource,
                                       fuzzy: fuzzy, terms: terms?[index]))
        }
        return Summary(units: units.count, bands: leverager?.bands ?? [])
    }

    /// Streaming form, for a document read piece by piece (`pieces` returns nil at the end): the
    /// skeleton goes into the XLIFF as the pieces arrive, the units into a temporary file that
    /// follows it, so memory stays within a piece however large the document. The same bytes
    /// as the whole-document form. `pieces` and `stream` are used on a second thread (one call
    /// at a time) while this one writes.
    public static func write<Stream: DocumentStream>(
        _ stream: inout Stream, pieces: () throws -> TextDocument?, original: String, format: DocumentFormat,
        to writer: XLIFFWriter, pretranslator: Pretranslator?, copySource: Bool = false,
        fuzzy: ((TranslationUnit) -> Void)? = nil
    ) throws -> Summary {
        try write(&stream, pieces: pieces, original: original, format: format, to: writer, making: { pretranslator },
                  copySource: copySource, fuzzy: fuzzy)
    }

    /// ``write(_:pieces:original:format:to:pretranslator:copySource:fuzzy:)`` with the
    /// pretranslator `making` makes, called once the reading thread has started: loading a
    /// glossary (21 M instructions for the bundled one) overlaps reading the document instead
    /// of coming before it. What `making` throws is thrown, the reading stopped.
    public static func write<Stream: DocumentStream>(
        _ stream: inout Stream, pieces: () throws -> TextDocument?, original: String, format: DocumentFormat,
        to writer: XLIFFWriter, making: () throws -> Pretranslator?, copySource: Bool = false,
        fuzzy: ((TranslationUnit) -> Void)? = nil
    ) throws -> Summary {
        var pretranslator: Pretranslator?
        writer.beginFile(original: original, datatype: format.datatype, openSkeleton: true)
        let spool = try TemporaryFile()
        let units = XLIFFWriter(unitsOnly: spool, version: writer.version)
        var leverager: Pretranslator.Leverager?
        var count = 0
        // Reading and cutting the document (ICU) and finding glossary terms run on other threads
        // while this one looks the memory up (in document order) and writes. The skeleton and
        // the units go to different places (the XLIFF now, the spool), so a piece of the input
        // travels as one pass: its skeleton pieces beside its units. (The skeleton's JSON written
        // on the reading thread instead: plain text no faster, HTML, whose reading thread is the
        // slower one, slower.)
        typealias Unit = (unit: DocumentUnit, terms: [Pretranslator.FoundTerm]?)
        typealias Pass = (skeleton: [DocumentSkeleton.Piece], header: [UInt8], units: [Unit])
        var json = SkeletonJSONWriter()
        var bytes: [UInt8] = []
        try withoutActuallyEscaping(pieces) { pieces in
            var cutting = stream
            let reader = BackgroundProducer<Pass>(batchSize: 1, capacity: 4) { emit in
                var pass: Pass = ([], [], [])
                func add(_ event: DocumentStreamEvent) {
                    switch event {
                    case .start(let name, let encoding):
                        pass.header = SkeletonJSONWriter.header(format: name, encoding: encoding)
                    case .piece(let piece):
                        pass.skeleton.append(piece)
                    case .unit(let unit):
                        pass.units.append((unit, nil))
                    }
                }
                func send() throws {
                    guard !pass.header.isEmpty || !pass.skeleton.isEmpty || !pass.units.isEmpty else { return }
                    let capacity = (pass.skeleton.count, pass.units.count)
                    try emit(pass)
                    pass = ([], [], [])
                    pass.skeleton.reserveCapacity(capacity.0)
                    pass.units.reserveCapacity(capacity.1)
                }
                while let piece = try pieces() {
                    cutting.feed(piece) { add($0) }
                    try send()
                }
                cutting.finish { add($0) }
                try send()
            }
            // The pretranslator (a glossary read, its term tables made) is made while the reading
            // thread starts.
            reader.start()
            defer {
                reader.stop()
                stream = cutting
            }
            pretranslator = try making()
            leverager = pretranslator.map(Pretranslator.Leverager.init)
            let finder = leverager?.termFinder
            // Glossary terms are found on a thread of their own, between the reading thread and
            // this one: the reading thread is the slowest of the three (HTML), and the two cores
            // stay busy. A piece's units are spread over every core when this stage falls behind.
            let terms = finder.map { finder in
                BackgroundProducer<Pass>(batchSize: 1, capacity: 4) { emit in
                    while let batch = try reader.next() {
                        for var pass in batch {
                            let found = finder.terms(inEach: pass.units.map(\.unit.text))
                            for index in pass.units.indices { pass.units[index].terms = found[index] }
                            try emit(pass)
                        }
                    }
                }
            }
            let producer = terms ?? reader
            defer { terms?.stop() }
            while let batch = try producer.next() {
                for pass in batch {
                    bytes.removeAll(keepingCapacity: true)
                    bytes += pass.header
                    for piece in pass.skeleton { json.append(piece, into: &bytes) }
                    writer.writeSkeleton(bytes)
                    for item in pass.units {
                        count += 1
                        units.write(try xliffUnit(item.unit, leverager: &leverager, pretranslator: pretranslator,
                                                  copySource: copySource, fuzzy: fuzzy, terms: item.terms))
                    }
                }
                // Freeing a piece's units (their strings and contents) took a tenth of this
                // thread's time.
                releaseElsewhere(consume batch)
            }
        }
        writer.writeSkeleton(SkeletonJSONWriter.footer)
        writer.endSkeleton()
        units.finish()
        try writer.append(unitsFrom: spool)
        writer.endFile()
        return Summary(units: count, bands: leverager?.bands ?? [])
    }

    /// One document unit as XLIFF: leveraged when there is a leverager, its source copied into
    /// the target when asked and nothing better is there.
    static func xliffUnit(_ unit: DocumentUnit, leverager: inout Pretranslator.Leverager?, pretranslator: Pretranslator?,
                          copySource: Bool, fuzzy: ((TranslationUnit) -> Void)?,
                          terms: [Pretranslator.FoundTerm]? = nil) throws -> XLIFFUnit {
        var result: XLIFFUnit
        if leverager != nil, let pretranslator {
            let leverage = try leverager!.leverage(unit, terms: terms)
            result = Self.unit(leverage)
            if let fuzzy, let best = leverage.matches.first, best.score < 100 {
                fuzzy(Pretranslator.unit(leverage, source: pretranslator.source, target: pretranslator.target))
            }
        } else {
            result = XLIFFUnit(id: unit.id, segments: [XLIFFSegment(source: unit.source)])
        }
        if copySource, result.segments[0].target == nil {
            (result.segments[0].target, result.segments[0].state) = (unit.source, .initial)
        }
        return result
    }

    /// The XLIFF unit of a leveraged document unit.
    public static func unit(_ leverage: Pretranslator.Leverage) -> XLIFFUnit {
        var segment = XLIFFSegment(source: leverage.unit.source)
        // A memory holds text only: a source with inline codes is offered the match, not given it
        // (its codes could not be placed).
        if let best = leverage.matches.first, best.score >= 100, !leverage.unit.source.hasInlineCodes {
            segment.target = SegmentContent(text: best.target)
            segment.state = .translated
        }
        return XLIFFUnit(
            id: leverage.unit.id, segments: [segment],
            matches: leverage.matches.map { match in
                XLIFFMatch(score: match.score, origin: "tmkit memory", memoryID: match.tuid,
                           source: SegmentContent(text: match.source), target: SegmentContent(text: match.target))
            },
            terms: leverage.terms.map { XLIFFTerm(term: $0.term, translations: $0.translations) })
    }
}
