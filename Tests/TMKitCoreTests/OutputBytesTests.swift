import Foundation
import Testing
import TMKitCore

/// The XLIFF writer's output buffer: every kind of append lands in order, the buffer grows past
/// any start capacity, and emptying it keeps writing correct.
@Suite struct OutputBytesTests {
    /// Appends of every kind, many times over a tiny start capacity, equal the same bytes
    /// appended to an array.
    @Test func appendsEqualAnArrayOfTheSameBytes() {
        var buffer = OutputBytes(capacity: 1)
        var expected: [UInt8] = []
        for n in 0..<5_000 {
            let text = n % 7 == 0 ? "Pyongyang’s \(n) 미사일" : "unit \(n)"
            buffer.append(text)
            expected += Array(text.utf8)
            buffer.append(UInt8(truncatingIfNeeded: n))
            expected.append(UInt8(truncatingIfNeeded: n))
            buffer.append("</source>\n")
            expected += Array("</source>\n".utf8)
            let bytes: [UInt8] = Array(repeating: 0x41, count: n % 300)
            bytes.withUnsafeBufferPointer { buffer.append($0) }
            expected += bytes
        }
        buffer.append(UnsafeBufferPointer<UInt8>(start: nil, count: 0))
        let written = buffer.withUnsafeBytes { Array($0) }
        let count = buffer.count
        #expect(count == expected.count)
        #expect(written == expected)
    }

    /// A copy of bytes already written (the XLIFF target copying its source), also when the copy
    /// makes the buffer grow.
    @Test func copiesOfWrittenBytes() {
        var buffer = OutputBytes(capacity: 16)
        buffer.append("<source>Kim Jong Un</source>")
        let source = 8..<19
        buffer.appendCopy(of: source)
        buffer.appendCopy(of: 0..<0)
        let copied = String(decoding: buffer.withUnsafeBytes { Array($0) }, as: UTF8.self)
        #expect(copied == "<source>Kim Jong Un</source>Kim Jong Un")
        for _ in 0..<10 { buffer.appendCopy(of: 0..<buffer.count) }
        let count = buffer.count
        #expect(count == 39 * 1024)  // 39 bytes doubled ten times
    }

    /// Emptied, the buffer is empty and writes from its start again.
    @Test func removeAllEmpties() {
        var buffer = OutputBytes()
        let emptyAtFirst = buffer.isEmpty
        buffer.append("flushed")
        let emptyWhenWritten = buffer.isEmpty
        buffer.removeAll()
        let (emptyAfter, countAfter) = (buffer.isEmpty, buffer.count)
        buffer.append("next")
        let written = buffer.withUnsafeBytes { Array($0) }
        #expect(emptyAtFirst && !emptyWhenWritten && emptyAfter && countAfter == 0)
        #expect(written == Array("next".utf8))
    }
}
