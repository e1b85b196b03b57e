import TMKitCore

/// The fuzzer's input as an array (the readers take `[UInt8]`).
public func fuzzBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// Stops the run as a crash, so libFuzzer saves the input, when a property that must hold
/// for every input does not (reading twice gives different units, a written file reads back
/// differently). Errors the readers throw are not failures; this is for broken promises.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        let text = "FUZZ PROPERTY FAILED: \(message())\n"
        FileOutput.standardError(text)
        fatalError(text)
    }
}

/// Writes nothing: where writers write when only the code they run matters.
public final class NullSink: ByteSink {
    public init() {}
    public func write(_ bytes: UnsafeRawBufferPointer) {}
}

enum FileOutput {
    static func standardError(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = fuzzWriteStandardError(buffer.baseAddress, buffer.count) }
    }
}

#if canImport(Glibc)
import Glibc
private func fuzzWriteStandardError(_ pointer: UnsafePointer<UInt8>?, _ count: Int) -> Int {
    Glibc.write(2, pointer, count)
}
#else
import Darwin
private func fuzzWriteStandardError(_ pointer: UnsafePointer<UInt8>?, _ count: Int) -> Int {
    Darwin.write(2, pointer, count)
}
#endif

/// A chunk size for re-reading `bytes` in pieces: two to seven pieces, chosen by the last byte
/// so the fuzzer can move the cuts.
public func fuzzChunkSize(_ bytes: [UInt8]) -> Int {
    Swift.max(1, bytes.count / (2 + Int(bytes.last ?? 0) % 6))
}

/// A reader over `bytes` that hands out at most `chunkSize` bytes a call (fewer when asked),
/// then empty arrays: the `read` the streaming readers take.
public func fuzzChunks(_ bytes: [UInt8], chunkSize: Int) -> (Int) -> [UInt8] {
    var offset = 0
    return { maximum in
        let end = Swift.min(bytes.count, offset + Swift.min(maximum, chunkSize))
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}
