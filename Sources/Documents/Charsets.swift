import CICU

/// Legacy character sets through ICU's converters: what pages not in UTF-8 or UTF-16 are read
/// from and written back in.
public enum Charsets {
    /// `bytes` in `charset` as UTF-8, or the offset of the first byte that does not convert
    /// (nil charset name when ICU does not know it).
    public static func decode(_ bytes: [UInt8], charset: String) -> (utf8: [UInt8]?, failure: Int?) {
        convert(bytes, from: charset, to: "UTF-8", growth: 4)
    }

    /// UTF-8 `text` in `charset`, or nil when a character has no place in it (Hangul in
    /// windows-1252).
    public static func encode(_ text: String, charset: String) -> [UInt8]? {
        convert(Array(text.utf8), from: "UTF-8", to: charset, growth: 2).utf8
    }

    /// Whether ICU knows `charset`.
    public static func isKnown(_ charset: String) -> Bool {
        convert([0x41], from: charset, to: "UTF-8", growth: 4).utf8 != nil
    }

    static func convert(_ bytes: [UInt8], from: String, to: String, growth: Int) -> (utf8: [UInt8]?, failure: Int?) {
        var capacity = bytes.count * growth + 16
        let input = bytes.isEmpty ? [0] : bytes  // a valid pointer even for nothing
        let count = bytes.count
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var errorOffset: Int64 = -1
            let written: Int64 = input.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { out in
                    source.withMemoryRebound(to: CChar.self) { source in
                        out.withMemoryRebound(to: CChar.self) { target in
                            tmk_convert(from, to, source.baseAddress!, Int64(count), target.baseAddress!, Int64(capacity), &errorOffset)
                        }
                    }
                }
            }
            switch written {
            case -2: capacity *= 2
            case -3: return (nil, Int(errorOffset))
            case ..<0: return (nil, nil)
            default: return (Array(output[0..<Int(written)]), nil)
            }
        }
    }

    /// The `charset=` parameter of a Content-Type value.
    static func charsetParameter(_ content: String) -> String? {
        let parts = content.split(separator: ";")
        for part in parts {
            let trimmed = part.drop { $0 == " " }
            guard trimmed.hasPrefix("charset=") else { continue }
            let value = trimmed.dropFirst("charset=".count).filter { $0 != "\"" && $0 != "'" && $0 != " " }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// The character set a page declares in its first 1024 bytes (`<meta charset=…>` or
    /// `<meta http-equiv="Content-Type" content="…; charset=…">`), as the name to convert with:
    /// labels browsers read as windows-1252 (`iso-8859-1`, `latin1`, `us-ascii`) become it.
    public static func declared(in bytes: [UInt8]) -> String? {
        let prefix = Array(bytes.prefix(1024))
        let metas = prefix.withUnsafeBufferPointer { bytes in
            HTMLTokenizer(bytes).tokens.compactMap { token -> [HTMLTokenizer.Attribute]? in
                guard case .startTag("meta", let attributes, _, _) = token else { return nil }
                return HTMLTokenizer.attributes(attributes, in: bytes)
            }
        }
        for attributes in metas {
            var label = attributes.first { $0.name == "charset" }?.value
            let isContentType = attributes.contains { $0.name == "http-equiv" && $0.value.lowercased() == "content-type" }
            if label == nil, isContentType, let content = attributes.first(where: { $0.name == "content" })?.value.lowercased() {
                label = Self.charsetParameter(content)
            }
            guard let label = label?.trimmingSpaces(leading: true, trailing: true).lowercased(), !label.isEmpty else { continue }
            switch label {
            case "iso-8859-1", "latin1", "us-ascii", "ascii", "l1", "iso8859-1", "cp1252": return "windows-1252"
            case "x-sjis", "sjis", "shift-jis": return "Shift_JIS"
            case "gb2312", "gbk": return "GB18030"
            case "ks_c_5601-1987", "euc-kr", "x-windows-949", "cp949": return "windows-949"
            default: return label
            }
        }
        return nil
    }
}
