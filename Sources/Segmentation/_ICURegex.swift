import CICU

/// One ICU regular expression, compiled once, run over UTF-8 in place. Not thread-safe.
final class _ICURegex {
    struct CompileError: Error {
        var status: Int32
        var line: Int
        var offset: Int

        /// ICU's error name and where in the pattern, e.g. `U_REGEX_MISSING_CLOSE_BRACKET at offset 4`.
        var reason: String {
            let name = String(cString: tmk_error_name(status))
            return offset >= 0 ? "\(name) at offset \(offset)" : name
        }
    }

    private let handle: OpaquePointer
    /// Which text the regex points at (see ``_SRXText``); 0 for none.
    var textGeneration = 0

    init(_ pattern: String) throws(CompileError) {
        var status: Int32 = 0, line: Int32 = -1, offset: Int32 = -1
        let length = Int32(pattern.utf8.count)
        let handle = pattern.withCString { tmk_regex_open($0, length, &status, &line, &offset) }
        guard let handle else { throw CompileError(status: status, line: Int(line), offset: Int(offset)) }
        self.handle = handle
    }

    deinit {
        tmk_regex_close(handle)
    }

    /// Points the regex at `text`, which must stay alive and unchanged while it is used.
    @inline(__always)
    func setText(_ text: UnsafeBufferPointer<UInt8>, generation: Int) {
        textGeneration = generation
        let base = text.baseAddress ?? UnsafePointer(bitPattern: 1)!
        _ = base.withMemoryRebound(to: CChar.self, capacity: Swift.max(text.count, 1)) {
            tmk_regex_set_utf8(handle, $0, Int64(text.count))
        }
    }

    /// Whether a match starts exactly at byte `start` of the text.
    @inline(__always)
    func matches(startingAt start: Int) -> Bool {
        tmk_regex_looking_at(handle, Int64(start)) == 1
    }

    /// Whether the regex matches exactly the bytes `range` of the text.
    @inline(__always)
    func matches(exactly range: Range<Int>) -> Bool {
        tmk_regex_matches_range(handle, Int64(range.lowerBound), Int64(range.upperBound)) == 1
    }

    /// Whether a match lies inside `range`, the range's ends anchoring `^`, `$` and `\z`.
    @inline(__always)
    func finds(anchoredIn range: Range<Int>) -> Bool {
        tmk_regex_find_in_region(handle, Int64(range.lowerBound), Int64(range.upperBound)) == 1
    }

    /// Whether the whole of `string` matches.
    func matchesWhole(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { bytes in
            setText(bytes, generation: 0)
            return matches(exactly: 0..<bytes.count)
        }
    }
}
