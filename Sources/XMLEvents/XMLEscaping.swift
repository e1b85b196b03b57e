/// XML 1.0 escaping as tmkit's writers (TMX, XLIFF) do it: `&`, `<`, `>` always, and in
/// attributes also `"`, tab and LF (as character references, so attribute normalization keeps
/// them); a CR always as `&#13;` (line-end normalization would drop it); characters XML 1.0
/// forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF) as U+FFFD.
package enum XMLEscaping {
    /// Appends `string` escaped to `buffer`; returns how many forbidden characters became U+FFFD.
    @discardableResult
    package static func append(_ string: String, attribute: Bool, to buffer: inout [UInt8]) -> Int {
        var string = string
        var replaced = 0
        string.withUTF8 { bytes in
            var runStart = 0
            var i = 0
            let count = bytes.count
            while i < count {
                let byte = bytes[i]
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
                if i > runStart { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                buffer.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                i += width
                runStart = i
            }
            if count > runStart { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
        }
        return replaced
    }
}
