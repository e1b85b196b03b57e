import FuzzDriver
import FuzzSupport
import Segmentation
import TMKitCore

// Decodes the input as a plain-text document (UTF-8 with or without a BOM, UTF-16 with one)
// and checks what decoding promises: the result is valid UTF-8 without a BOM, UTF-8 input
// comes through byte for byte, and UTF-16 input matches the standard library's decoding.
// Then paragraphs (both modes), the safe cut points used when reading in pieces, and the
// language guess.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextDocument(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let document: TextDocument
    do {
        document = try TextDocument(decoding: bytes, file: "fuzz.txt")
    } catch {
        _ = error.message
        require(error.byteOffset >= 0 && error.byteOffset <= bytes.count, "error offset \(error.byteOffset) outside the input")
        // UTF-8 without a BOM that the standard library accepts must decode.
        if case .invalidUTF8 = error.kind, !bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            require(String(validating: bytes, as: UTF8.self) == nil, "valid UTF-8 refused at \(error.byteOffset)")
        }
        return 0
    }
    let text = String(validating: document.utf8, as: UTF8.self)
    require(text != nil, "decoded text is not valid UTF-8 (\(document.encoding))")
    switch document.encoding {
    case .utf8:
        require(document.utf8 == bytes, "UTF-8 input changed by decoding")
    case .utf8WithBOM:
        require(document.utf8 == Array(bytes.dropFirst(3)), "UTF-8 input after the BOM changed by decoding")
    case .utf16LittleEndian, .utf16BigEndian:
        let bigEndian = document.encoding == .utf16BigEndian
        var units: [UInt16] = []
        var index = 2
        while index + 1 < bytes.count {
            let (high, low) = bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            units.append(UInt16(high) << 8 | UInt16(low))
            index += 2
        }
        if bytes.count % 2 == 0, let expected = String(validating: units, as: UTF16.self) {
            require(text == expected, "UTF-16 decoded differently from the standard library")
        }
    }
    for mode in ParagraphMode.allCases {
        let paragraphs = Paragraphs.split(document, mode: mode)
        var end = 0
        for paragraph in paragraphs {
            require(paragraph.range.lowerBound >= end && paragraph.range.upperBound <= document.utf8.count,
                    "paragraph \(paragraph.index) out of order or outside the text (\(mode))")
            end = paragraph.range.upperBound
            _ = document.collapsedText(in: paragraph.range)
        }
        document.utf8.withUnsafeBufferPointer { buffer in
            if let cut = Paragraphs.lastSafeCut(in: buffer, mode: mode) {
                require(cut >= 0 && cut <= buffer.count, "safe cut \(cut) outside the text")
            }
        }
    }
    _ = LanguageDetection.guess(document)
    return 0
}

@_cdecl("FuzzTextDocument_main")
public func fuzzTextDocumentMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tmkit_fuzz_main(argc, argv)
}
