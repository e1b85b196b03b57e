import TMKitCore

import CICU

/// ICU's sentence boundaries (its root rules, UAX #29, or a locale's own), given UTF-8 and
/// answering in UTF-8 offsets.
///
/// For a locale that runs the root rules (English, Korean), a text whose characters are all in
/// the Basic Multilingual Plane and none of Sentence_Break Extend or Format gets its boundaries
/// from tmkit's implementation of those rules in `CICU`, with ICU's character classes: the same
/// boundaries (a differential test holds them to ICU's iterator) in a fraction of the time.
/// Any other text goes to ICU's iterator: well-formed text up to 1 MB as a UTF-16 copy, its
/// native form; longer or ill-formed text read in place.
///
/// One iterator serves many texts: `setText(_:)` re-points it. Not thread-safe; give each
/// thread its own.
public final class ICUSentenceBreaker {
    private let handle: OpaquePointer

    /// Opens ICU's sentence rules for `locale` (`en`, `ko`, `de`, or `""` for root).
    public init(locale: String) throws(SegmentationError) {
        var status: Int32 = 0
        guard let handle = tmk_sentence_breaker_open(locale, &status) else {
            throw SegmentationError.icuFailure(operation: "ubrk_open(\(locale))", status: status)
        }
        self.handle = handle
    }

    deinit {
        tmk_breaker_close(handle)
    }

    /// Calls `body` with every boundary ICU finds in `text` after offset 0, in order; the
    /// last is `text.count`. Offsets are UTF-8 byte offsets into `text`.
    @inline(__always)
    public func forEachBoundary(in text: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        forEachBoundary(in: text, through: .chosen, body)
    }

    /// How `forEachBoundary` reaches ICU: as it chooses, or always through ICU's iterator (what
    /// benchmarks compare against, "raw ICU") over a UTF-16 copy or over the UTF-8 in place.
    @_spi(Internals)
    public enum Path: Sendable { case chosen, iteratorOverUTF16, iteratorOverUTF8 }

    /// The same boundaries, reached the way `path` says.
    @_spi(Internals)
    public func forEachBoundary(in text: UnsafeBufferPointer<UInt8>, path: Path, _ body: (Int) -> Void) {
        forEachBoundary(in: text, through: path, body)
    }

    @inline(__always)
    private func forEachBoundary(in text: UnsafeBufferPointer<UInt8>, through path: Path, _ body: (Int) -> Void) {
        guard let base = text.baseAddress, !text.isEmpty else { return }
        let status = base.withMemoryRebound(to: CChar.self, capacity: text.count) {
            switch path {
            case .chosen: tmk_breaker_set_utf8(handle, $0, Int64(text.count))
            case .iteratorOverUTF16: tmk_breaker_set_utf8_icu(handle, $0, Int64(text.count))
            case .iteratorOverUTF8: tmk_breaker_set_utf8_unconverted(handle, $0, Int64(text.count))
            }
        }
        guard status == 0 else {
            // ICU refuses only on allocation failure; fall back to "the whole text is one sentence".
            body(text.count)
            return
        }
        while true {
            let boundary = tmk_breaker_next(handle)
            if boundary < 0 { break }
            body(Int(boundary))
        }
    }

    /// ICU's boundaries in `text` after offset 0 (the last is the end of the text).
    public func boundaries(in text: [UInt8]) -> [Int] {
        var result: [Int] = []
        text.withUnsafeBufferPointer { buffer in forEachBoundary(in: buffer) { result.append($0) } }
        return result
    }

    /// The version of the system ICU tmkit is linked against, e.g. `72.1`.
    public static var icuVersion: String {
        var buffer = [CChar](repeating: 0, count: 32)
        tmk_icu_version(&buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Errors of the segmentation module.
public enum SegmentationError: TMKitError, Equatable {
    /// ICU failed to open or run; `status` is ICU's `UErrorCode`.
    case icuFailure(operation: String, status: Int32)
    /// An SRX file that cannot be read: malformed XML, a wrong structure, an invalid
    /// regular expression (the message names the rule).
    case invalidSRX(message: String, location: SourceLocation)

    /// What went wrong, in one line: the failing ICU call and its status, or the SRX problem.
    public var message: String {
        switch self {
        case .icuFailure(let operation, let status):
            "ICU failed in \(operation) with error \(status); is libicu installed?"
        case .invalidSRX(let message, _):
            message
        }
    }

    /// The file, line and column of an invalid SRX file; nil for an ICU failure.
    public var location: SourceLocation? {
        switch self {
        case .icuFailure: nil
        case .invalidSRX(_, let location): location
        }
    }
}
