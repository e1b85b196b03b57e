@_spi(Internals) import TMKitCore

/// XML 1.0 escaping as tmkit's writers (TMX, XLIFF) do it: `&`, `<`, `>` always, and in
/// attributes also `"`, tab and LF (as character references, so attribute normalization keeps
/// them); a CR always as `&#13;` (line-end normalization would drop it); characters XML 1.0
/// forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF) as U+FFFD.
package enum XMLEscaping {
    /// Appends `string` escaped to `buffer`; returns how many forbidden characters became U+FFFD.
    @discardableResult
    package static func append(_ string: String, attribute: Bool, to buffer: inout [UInt8]) -> Int {
        var string = string
        return string.withUTF8 { escape($0, attribute: attribute, to: &buffer) }
    }

    /// ``append(_:attribute:to:)`` into an ``OutputBytes``.
    @discardableResult
    package static func append(_ string: String, attribute: Bool, to buffer: inout OutputBytes) -> Int {
        var string = string
        return string.withUTF8 { escape($0, attribute: attribute, to: &buffer) }
    }

    /// ``append(_:attribute:to:)`` for UTF-8 bytes.
    @discardableResult
    package static func append(bytes: UnsafeBufferPointer<UInt8>, attribute: Bool, to buffer: inout [UInt8]) -> Int {
        escape(bytes, attribute: attribute, to: &buffer)
    }

    /// ``append(_:attribute:to:)`` for UTF-8 bytes, into an ``OutputBytes``.
    @discardableResult
    package static func append(bytes: UnsafeBufferPointer<UInt8>, attribute: Bool, to buffer: inout OutputBytes) -> Int {
        escape(bytes, attribute: attribute, to: &buffer)
    }

    /// The escaping itself, specialized in this module for both kinds of buffer.
    @inline(__always)
    private static func escape<Output: ByteAppending & ~Copyable>(_ bytes: UnsafeBufferPointer<UInt8>, attribute: Bool,
                                                      to buffer: inout Output) -> Int {
        var replaced = 0
        var runStart = 0
        var i = 0
        let count = bytes.count
        while i < count {
            // Runs that need nothing, eight bytes at a time (most of a segment's text).
            if i + 8 <= count, !mayNeedReplacement(ASCIIChunk.load(bytes.baseAddress! + i), attribute: attribute) {
                i += 8
                continue
            }
            let byte = bytes[i]
            // Most bytes need nothing: one table lookup skips them (1: text, 2: attribute).
            if Self.special[Int(byte)] & (attribute ? 2 : 1) == 0 {
                i += 1
                continue
            }
            var replacement: StaticString?
            var width = 1
            switch byte {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22 where attribute: replacement = "&quot;"
            case 0x09 where attribute: replacement = "&#9;"
            case 0x0A where attribute: replacement = "&#10;"
            case 0x0D: replacement = "&#13;"
            case 0x09, 0x0A: break
            case 0x00..<0x20:
                replacement = "\u{FFFD}"
                replaced += 1
            case 0xEF where i + 2 < count && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                replacement = "\u{FFFD}"
                replaced += 1
                width = 3
            default: break
            }
            guard let replacement else {
                i += 1
                continue
            }
            if i > runStart { buffer.appendBytes(UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            buffer.appendBytes(UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            i += width
            runStart = i
        }
        if count > runStart { buffer.appendBytes(UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
        return replaced
    }

    /// Where a text written as CDATA stands between two ``appendCDATA(bytes:to:state:)`` calls:
    /// whether a section is open and how many `]` end it (a `>` after two is split off).
    package struct CDATAState: Sendable {
        var open = false
        var brackets = 0
        /// Bytes in the open section: a reader holds a section whole (libxml2 refuses one over
        /// 10 MB), so one is closed at ``sectionLimit`` and the next opened.
        var length = 0

        package init() {}

        /// Closes the open section, if any.
        package mutating func close(_ buffer: inout OutputBytes) {
            guard open else { return }
            buffer.append("]]>")
            open = false
        }
    }

    /// Appends `bytes` as XML text that reads back as `bytes`: printable ASCII, tab and line feed
    /// inside CDATA sections of at most ``sectionLimit`` bytes (a `]]>` split over two), anything
    /// else escaped as ``append(bytes:attribute:to:)`` does, outside them. The bytes written do
    /// not depend on how the text is cut into calls between characters;
    /// ``CDATAState/close(_:)`` ends the last section. Text full of markup (a page's skeleton) is
    /// copied as it is instead of growing an entity a `<`.
    package static func appendCDATA(bytes: UnsafeBufferPointer<UInt8>, to buffer: inout OutputBytes, state: inout CDATAState) {
        let count = bytes.count
        var i = 0  // the start of the run not appended yet
        var j = 0
        func appendRun(upTo end: Int) {
            while i < end {
                if !state.open {
                    buffer.append("<![CDATA[")
                    state.open = true
                    state.length = 0
                }
                let take = Swift.min(end - i, Self.sectionLimit - state.length)
                buffer.append(UnsafeBufferPointer(rebasing: bytes[i..<(i + take)]))
                state.length += take
                i += take
                if state.length == Self.sectionLimit { state.close(&buffer) }
            }
            i = end
        }
        while j < count {
            // Eight bytes without a control, a non-ASCII byte or `]` go as they are (a `>` matters
            // only right after `]]`, and no `]` is pending when the eight start).
            if state.brackets == 0, j + 8 <= count, !mayNeedCDATACare(ASCIIChunk.load(bytes.baseAddress! + j)) {
                j += 8
                continue
            }
            let byte = bytes[j]
            switch byte {
            case 0x5D:  // ]
                state.brackets = Swift.min(state.brackets + 1, 2)
                j += 1
            case 0x3E:  // >
                if state.brackets >= 2 {
                    // `]]` then `>`: the section ends after the brackets, the `>` starts the next.
                    appendRun(upTo: j)
                    state.close(&buffer)
                }
                state.brackets = 0
                j += 1
            case 0x09, 0x0A, 0x20..<0x80:
                state.brackets = 0
                j += 1
            default:
                // A byte a section cannot hold as it is: outside, escaped with the rest of its character.
                appendRun(upTo: j)
                state.close(&buffer)
                state.brackets = 0
                var stop = j + 1
                while stop < count, bytes[stop] & 0xC0 == 0x80 { stop += 1 }
                _ = escape(UnsafeBufferPointer(rebasing: bytes[j..<stop]), attribute: false, to: &buffer)
                j = stop
                i = stop
            }
        }
        appendRun(upTo: count)
    }

    /// The longest CDATA section ``appendCDATA(bytes:to:state:)`` writes.
    package static let sectionLimit = 1 << 16

    /// Whether eight bytes may hold one ``appendCDATA(bytes:to:state:)`` looks at: a C0 control,
    /// a byte of a non-ASCII character or `]`.
    static func mayNeedCDATACare(_ chunk: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        var found = (chunk &- ones &* 0x20) & ~chunk & high
        found |= chunk & high
        found |= ASCIIChunk.anyEqual(chunk, 0x5D)
        return found != 0
    }

    /// Whether eight bytes may hold one that needs a replacement: a C0 control (tab and LF
    /// included, which attributes replace), `&`, `<`, `>`, 0xEF (which may start U+FFFE or
    /// U+FFFF), and in attributes `"`. False only when none of them does.
    @inline(__always)
    static func mayNeedReplacement(_ chunk: UInt64, attribute: Bool) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        // A byte below 0x20: the classic "has less than" test, exact for "any".
        var found = (chunk &- ones &* 0x20) & ~chunk & high
        found |= ASCIIChunk.anyEqual(chunk, 0x26) | ASCIIChunk.anyEqual(chunk, 0x3C) | ASCIIChunk.anyEqual(chunk, 0x3E)
            | ASCIIChunk.anyEqual(chunk, 0xEF)
        if attribute { found |= ASCIIChunk.anyEqual(chunk, 0x22) }
        return found != 0
    }

    /// Bytes that may need a replacement: bit 1 in text, bit 2 in attributes (`&`, `<`, `>`,
    /// CR and other C0 controls but tab and LF in both; `"`, tab and LF in attributes; 0xEF,
    /// which may start U+FFFE/U+FFFF).
    static let special: [UInt8] = (0..<256).map { byte -> UInt8 in
        switch byte {
        case 0x26, 0x3C, 0x3E, 0x0D, 0xEF: return 3
        case 0x22, 0x09, 0x0A: return 2
        case 0x00..<0x20: return 3
        default: return 0
        }
    }
}

/// What the escaping functions write into: `[UInt8]` or a ``OutputBytes`` (the faster one).
package protocol ByteAppending: ~Copyable {
    /// Appends `bytes`.
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension [UInt8]: ByteAppending {
    @inline(__always)
    package mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

extension OutputBytes: ByteAppending {
    @inline(__always)
    package mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(bytes) }
}
