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
